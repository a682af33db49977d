"""Which improvements and nonconformities act on what: an action is an improvement (not rejected) or a
nonconformity whose links name the record — an SLA, one of a breach's incidents, a KPI, or an objective the
KPI measures. SMS118 and SMS120 ask it of a missed target; the service report lists the improvements raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sms.models.governance import Objective
from sms.models.improvement import Improvement, Nonconformity
from sms.store.repository import Repository


@dataclass(frozen=True)
class Actions:
    """Action ids (IMP, NC) by the id of each record they link."""

    by_link: dict[str, tuple[str, ...]]
    measured_by: dict[str, tuple[str, ...]]  # KPI id: the objectives it measures

    def on(self, ids: Iterable[str]) -> tuple[str, ...]:
        """The actions linking any of `ids`, sorted."""
        return tuple(sorted({action for record in ids for action in self.by_link.get(record, ())}))

    def on_kpi(self, kpi_id: str) -> tuple[str, ...]:
        """The actions linking the KPI itself or an objective it measures."""
        return self.on((kpi_id, *self.measured_by.get(kpi_id, ())))


def actions(repo: Repository) -> Actions:
    """Every action of the valid records, indexed by what it links."""
    found: dict[str, set[str]] = {}
    objectives: dict[str, set[str]] = {}
    for entry in repo.of_kinds((Objective.KIND, Improvement.KIND, Nonconformity.KIND)):
        record = entry.record
        if isinstance(record, Objective):
            for kpi in {record.kpi, *record.links.kpis}:
                objectives.setdefault(kpi, set()).add(record.id)
            continue
        if isinstance(record, Improvement) and record.status != "rejected":
            linked = [*record.links.slas, *record.links.incidents, *record.links.kpis, *record.links.objectives]
        elif isinstance(record, Nonconformity):
            linked = [*record.links.slas, *record.links.incidents, *record.links.kpis]
        else:
            continue
        for target in linked:
            found.setdefault(target, set()).add(record.id)
    return Actions({key: tuple(sorted(ids)) for key, ids in found.items()},
                   {key: tuple(sorted(ids)) for key, ids in objectives.items()})
