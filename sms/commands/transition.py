"""`sms transition ID STATUS`: move a record one step along its lifecycle, the way a person would edit the file
(a history entry, the new status, the fields the step records), keeping every comment; and `sms lifecycle`, the
statuses and steps of a kind.

The legal steps are sms.analysis.lifecycles' (sms.yaml may override them), so a transition this command makes is
one `sms check` (SMS301) accepts.
"""

from __future__ import annotations

import typing
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from sms.analysis.lifecycles import Lifecycle, lifecycle
from sms.core import clock
from sms.core.errors import UsageError
from sms.models import KINDS
from sms.store.config import Config
from sms.store.layout import canonical_text
from sms.store.repository import Repository
from sms.store.writer import edit, replace_all, timestamp

# What reaching a status records besides the history entry: kind → status → field set to the moment.
STAMPED: dict[str, dict[str, str]] = {"incident": {"resolved": "resolved_at"}, "request": {"fulfilled": "fulfilled_at"}}


@dataclass(frozen=True)
class Moved:
    record_id: str
    path: str
    before: str
    after: str
    at: datetime


def kinds_with_lifecycles(config: Config) -> list[str]:
    return [spec.name for spec in KINDS.specs() if spec.lifecycle or spec.name in config.lifecycles]


def statuses(cycle: Lifecycle) -> list[str]:
    """Every status of a lifecycle, in the order the transitions name them."""
    reached = (after for nexts in cycle.transitions.values() for after in nexts)
    return list(dict.fromkeys([*cycle.transitions, *reached]))


def record_types(kind: str) -> list[str]:
    """The values of a kind's `type` field where types change its lifecycle (changes: all three, since
    `--type normal` must show the default too); none for kinds whose types add no steps."""
    spec = KINDS.spec(kind)
    if not spec.lifecycle_extras:
        return []
    field = spec.model.model_fields.get("type")
    values = typing.get_args(field.annotation) if field is not None else ()
    return sorted({*spec.lifecycle_extras, *(str(value) for value in values)})


def describe(config: Config, kind: str, record_type: str | None) -> list[str]:
    """`sms lifecycle`: the statuses, which are final, and each status's legal next statuses."""
    if kind not in kinds_with_lifecycles(config):
        raise UsageError(f"'{kind}' records have no lifecycle; these do: {', '.join(kinds_with_lifecycles(config))}")
    types = record_types(kind)
    if record_type is not None and record_type not in types:
        raise UsageError(f"--type {record_type}: {kind} has {'types ' + ', '.join(types) if types else 'no types'}")
    cycle = lifecycle(config, kind, record_type)
    final = KINDS.spec(kind).final
    title = f"{kind}{f' ({record_type})' if record_type else ''}"
    lines = [f"{title}: starts {cycle.initial}; final: {', '.join(s for s in statuses(cycle) if s in final) or '-'}"]
    width = max(len(status) for status in statuses(cycle))
    for status in statuses(cycle):
        nexts = cycle.transitions.get(status, ())
        lines.append(f"  {status:<{width}}  → {', '.join(nexts)}" if nexts else
                     f"  {status:<{width}}  (final)" if status in final else f"  {status:<{width}}  (no way on)")
    lines += _evidence_lines(kind, record_type, width)
    if types and record_type is None:
        extra = ", ".join(sorted(KINDS.spec(kind).lifecycle_extras))
        lines.append(f"types {extra} add steps: sms lifecycle {kind} --type TYPE")
    return lines


def _evidence_lines(kind: str, record_type: str | None, width: int) -> list[str]:
    """What each status requires from that status on (SMS115), for the type asked about."""
    lines = []
    for evidence in KINDS.spec(kind).evidence:
        when = dict(evidence.when)
        types = when.pop("type", None)
        if record_type is not None and types is not None and record_type not in types:
            continue
        fields = (" or " if evidence.any_of else ", ").join(evidence.fields)
        only = [f"{name}: {', '.join(str(value).lower() for value in values)}" for name, values in when.items()]
        if types is not None and record_type is None:
            only.insert(0, f"type: {', '.join(str(value) for value in types)}")
        condition = f" (only {'; '.join(only)})" if only else ""
        lines.append(f"  {evidence.status:<{width}}  {fields} — {evidence.what}{condition}")
    return ["from each status on, the record carries (SMS115):", *lines] if lines else []


def local_zone(config: Config) -> tzinfo:
    """The organisation's time zone: its default business calendar's, else UTC."""
    calendar = config.calendars.get("default")
    return zoneinfo.ZoneInfo(calendar.timezone) if calendar is not None else UTC


def parse_at(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--at: '{value}' is not a timestamp; use e.g. 2026-03-02T09:30:00+01:00") from exc
    if moment.tzinfo is None:
        raise UsageError(f"--at: '{value}' has no time zone; add one, e.g. {value}+01:00 or {value}Z")
    return moment


def plan(repo: Repository, record_id: str, status: str, *, by: str, note: str | None, at: datetime | None,
         approver: bool = False) -> tuple[Moved, str]:
    """The move and the record's new text; refuses a step the lifecycle does not allow. `approver`: `by` was
    named on purpose, so a change reaching approved records them as its approver."""
    entry = repo.get(record_id)
    if entry is None or entry.kind is None:
        raise UsageError(f"no record '{record_id}'")
    kind, data = entry.kind, entry.data
    if kind not in kinds_with_lifecycles(repo.config):
        raise UsageError(f"{record_id} is a {kind}, which has no lifecycle; edit the file instead")
    person = repo.get(by)
    if person is None or person.kind != "person":
        raise UsageError(f"--by {by}: no person '{by}' in this SMS")
    before = str(data.get("status"))
    cycle = lifecycle(repo.config, kind, data.get("type") if isinstance(data.get("type"), str) else None)
    if not cycle.allows(before, status):
        nexts = cycle.transitions.get(before, ())
        where = f"{record_id} is {before}"
        raise UsageError(f"{where}, a final status: it cannot move to '{status}'" if not nexts else
                         f"{where}: it may move to {' or '.join(nexts)}, not '{status}'")
    moment = at or clock.now(local_zone(repo.config))
    history = data.get("history") or []
    last = history[-1].get("at") if history and isinstance(history[-1], dict) else None
    if isinstance(last, datetime) and last.tzinfo is not None and moment < last:
        raise UsageError(f"{record_id}: {moment.isoformat()} is before its last history entry ({last.isoformat()})",
                         hint="pass --at with a later time")

    def change(tree: Any) -> None:
        step: dict[str, Any] = {"status": status, "at": timestamp(moment), "by": by}
        if note:
            step["note"] = note
        tree["status"] = status
        tree.setdefault("history", []).append(step)
        field = STAMPED.get(kind, {}).get(status)
        if field:
            tree[field] = timestamp(moment)
        if kind == "change" and status == "approved" and approver:
            tree["approved_by"] = by
            tree["approved_at"] = timestamp(moment)

    text = canonical_text(entry.path, edit(repo.root, entry.path, change))  # as `sms fmt` would lay it out
    return Moved(record_id, entry.path, before, status, moment), text


def transition(repo: Repository, record_id: str, status: str, *, by: str, note: str | None = None,
               at: datetime | None = None, approver: bool = False) -> Moved:
    """Move the record and write it (all or nothing)."""
    moved, text = plan(repo, record_id, status, by=by, note=note, at=at, approver=approver)
    replace_all(repo.root, {moved.path: text})
    return moved
