"""What a record's status asks of it, on its page: the evidence each status of its lifecycle requires (the
kinds table's `Kind.evidence`, judged as SMS115 judges it) with met / missing / not yet reached, and for a
change its risk score and band and the role that approves it."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

from sms.analysis.coverage import value_at
from sms.analysis.evidence import applies, missing_evidence, present
from sms.analysis.lifecycles import lifecycle
from sms.analysis.roles import holds_role
from sms.models import KINDS
from sms.site.fields import label
from sms.site.pages.html import badge, table
from sms.site.pages.site import Site
from sms.site.safe_html import text
from sms.store.repository import Entry

MET, MISSING, NOT_YET = "met", "missing", "not_yet_due"


def evidence_rows(site: Site, entry: Entry) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(status, what, fields, state) for every requirement of the record's kind that applies to it."""
    data: dict[str, Any] = entry.data if isinstance(entry.data, dict) else {}
    if entry.kind is None or not KINDS.spec(entry.kind).evidence:
        return []
    config = site.repo.config
    record_type = data.get("type")
    cycle = lifecycle(config, entry.kind, record_type if isinstance(record_type, str) else None)
    missing: set[int] | None = None  # what SMS115 finds missing: asked only when a reached requirement lacks a field
    # What `reached` asks, with the history read once per record rather than once per requirement.
    history = data.get("history")
    entered = {step["status"] for step in history if isinstance(step, dict) and isinstance(step.get("status"), str)
               } if isinstance(history, list) else set()
    status = data.get("status")
    rows = []
    for evidence in KINDS.spec(entry.kind).evidence:
        if not applies(evidence, data):
            continue
        if evidence.status not in entered and status not in cycle.through(evidence.status):
            rows.append((evidence.status, evidence.what, evidence.fields, NOT_YET))
            continue
        shown = tuple(name for name in evidence.fields if present(value_at(data, name)))
        if len(shown) < len(evidence.fields):  # a field is absent: missing, unless one of any_of fields is enough
            if missing is None:
                missing = {id(item.evidence) for item in missing_evidence(config, entry.kind, data)}
            if id(evidence) in missing:
                rows.append((evidence.status, evidence.what, evidence.fields, MISSING))
                continue
        rows.append((evidence.status, evidence.what, shown, MET))
    return rows


def evidence_table(site: Site, entry: Entry) -> str | None:
    """The requirement list with met / missing / not yet due, or None when the kind requires nothing."""
    rows = evidence_rows(site, entry)
    return _evidence_html(tuple(rows)) if rows else None


@functools.lru_cache(maxsize=1024)
def _evidence_html(rows: tuple[tuple[str, str, tuple[str, ...], str], ...]) -> str:
    """The table of `evidence_table`, kept by its rows: most records of a kind meet the same requirements."""
    cells = [[badge(status), text(what), ", ".join(text(" › ".join(label(part) for part in name.split(".")))
                                                    for name in names),
              badge(state)] for status, what, names, state in rows]
    missing = sum(1 for *_, state in rows if state == MISSING)
    intro = (f"<p>What each status requires (rule SMS115): {missing} requirement{'s' if missing != 1 else ''} "
             "of the statuses reached so far missing.</p>" if missing else
             "<p>What each status requires (rule SMS115): every requirement of the statuses reached so far is "
             "met.</p>")
    return intro + table(["From status", "Requires", "Fields", "State"], cells, sortable=False)


def change_facts(site: Site, here: str, entry: Entry) -> str:
    """Rows for a change's head table: its risk score and band, and the role that approves it (each after the
    space html.spaced puts between rows)."""
    data: dict[str, Any] = entry.data if isinstance(entry.data, dict) else {}
    rows = ""
    risk = data.get("risk")
    if isinstance(risk, dict) and isinstance(risk.get("likelihood"), int) and isinstance(risk.get("impact"), int):
        likelihood, impact = risk["likelihood"], risk["impact"]
        if 1 <= likelihood <= 5 and 1 <= impact <= 5:
            band = site.repo.config.risk_matrix.band(likelihood, impact)
            rows += (f" <tr><th>Risk</th> <td>likelihood {likelihood} × impact {impact} = {likelihood * impact} "
                     f"{badge(band.name)}</td></tr>")
    role = site.repo.config.change_approver_role
    if role and data.get("type") != "standard":
        approver = data.get("approved_by")
        held = ""
        if isinstance(approver, str):
            day = _day(data.get("approved_at")) or site.data.as_of
            held = (f" — {site.record(here, approver)} " + ("holds it" if holds_role(site.repo, approver, role, day)
                                                             else "does not hold it") + f" on {text(day.isoformat())}")
        rows += f" <tr><th>Approver role</th> <td>{site.record(here, role)}{held}</td></tr>"
    return rows


def _day(value: object) -> date | None:
    try:
        return datetime.fromisoformat(str(value)).date() if value is not None else None
    except ValueError:
        return None
