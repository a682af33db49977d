"""The action tracker: every open action of the SMS on one page, with its owner, due date and whether it is
overdue or due soon as at the site's day. The rows are `sms.analysis.obligations.open_obligations`, the list
SMS116/SMS117 judge, so the page and `sms check` never disagree about what is open or late.

Audit findings are free text without an owner or a due date; a nonconformity finding of an audit that raised
fewer nonconformity records than it has such findings is listed as "no action recorded" (the closest the
records let us come to "this finding has no corrective action")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sms.analysis.obligations import Obligation, open_obligations
from sms.models.improvement import Audit
from sms.site.pages.chrome import front
from sms.site.pages.html import Cell, badge, html_block, table
from sms.site.pages.paths import ACTIONS
from sms.site.pages.site import Site, title_of
from sms.site.safe_html import text
from sms.store.repository import Entry

#: The tracker's states, most urgent first: their badge word and the words a reader filters by.
OVERDUE, DUE_SOON, OPEN, UNRECORDED = "overdue", "due_soon", "open", "no_action_recorded"
URGENCY = {OVERDUE: 0, UNRECORDED: 1, DUE_SOON: 2, OPEN: 3}
RECORD_ID = re.compile(r"\bNC-\d+\b")


def state(item: Obligation, as_of: date, soon_days: int) -> str:
    """Overdue once the due date has passed; due soon within `soon_days` (sms.yaml review_periods.due_soon_days,
    the same window SMS116 warns in); open otherwise."""
    days = item.days_left(as_of)
    return OVERDUE if days < 0 else DUE_SOON if days <= soon_days else OPEN


def when(days: int) -> str:
    """'due today', 'in 3 days', '12 days overdue'."""
    if days == 0:
        return "due today"
    plural = "s" if abs(days) != 1 else ""
    return f"in {days} day{plural}" if days > 0 else f"{-days} day{plural} overdue"


@dataclass(frozen=True)
class Unactioned:
    """A nonconformity found by an audit with no nonconformity record to carry its corrective action."""

    entry: Entry
    clause: str
    text: str


def unactioned_findings(site: Site) -> Iterator[Unactioned]:
    """Nonconformity findings of audits that raised fewer nonconformity records (linked either way) than they
    have such findings; a finding whose text names one of the audit's nonconformities counts as actioned."""
    for entry in site.entries:
        record = entry.record
        if not isinstance(record, Audit) or entry.id is None:
            continue
        found = [finding for finding in record.findings if finding.type == "nonconformity"]
        raised = set(record.links.nonconformities) | {
            edge.source for edge in site.graph.incoming.get(entry.id, [])
            if (other := site.repo.get(edge.source)) is not None and other.kind == "nonconformity"}
        if len(found) <= len(raised):
            continue
        for finding in found:
            if not set(RECORD_ID.findall(finding.text)) & raised:
                yield Unactioned(entry, str(finding.clause), finding.text)


def _record(site: Site, here: str, entry: Entry) -> Cell:
    return (site.record(here, entry.id) + f'<br><span class="sms-quiet">{text(title_of(entry))}</span>',
            entry.id or "")


def _owner(site: Site, here: str, owner: str | None) -> Cell:
    if not owner:
        return ('<span class="sms-missing">no owner</span>', "")
    known = site.repo.get(owner)
    name = title_of(known) if known is not None and title_of(known) else owner
    return site.record(here, owner), name


def action_rows(site: Site, here: str) -> list[tuple[int, str, Sequence[Cell]]]:
    """(urgency, due date, cells) of every open action and every unactioned audit nonconformity."""
    as_of, soon = site.data.as_of, site.repo.config.review_periods.due_soon_days
    rows: list[tuple[int, str, Sequence[Cell]]] = []
    for item in open_obligations(site.repo):
        if item.entry.id not in site.record_pages:
            continue
        status = state(item, as_of, soon)
        due = item.due.isoformat()
        rows.append((URGENCY[status], due, [
            (badge(status), f"{URGENCY[status]} {due}"),
            (f'{text(due)}<br><span class="sms-quiet">{text(when(item.days_left(as_of)))}</span>', due),
            _owner(site, here, item.owner), text(item.what), text(item.text), _record(site, here, item.entry)]))
    for finding in unactioned_findings(site):
        rows.append((URGENCY[UNRECORDED], "", [
            (badge(UNRECORDED), str(URGENCY[UNRECORDED])), ('<span class="sms-quiet">none</span>', ""),
            _owner(site, here, None), text(f"audit nonconformity ({finding.clause})"), text(finding.text),
            _record(site, here, finding.entry)]))
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def actions_page(site: Site) -> str:
    here = ACTIONS
    rows = action_rows(site, here)
    counts = {name: sum(1 for urgency, _, _ in rows if urgency == URGENCY[name]) for name in URGENCY}
    soon = site.repo.config.review_periods.due_soon_days
    intro = (f"<p>Every open action of the SMS as at {text(site.data.as_of.isoformat())}: corrective actions, "
             "management review actions, improvements, planned audits, risk reviews and treatments, and objectives "
             f"(ISO/IEC 20000-1 6.1, 6.2, 9.2, 9.3, 10.1, 10.2). {counts[OVERDUE]} overdue, {counts[DUE_SOON]} due "
             f"within {soon} days, {counts[OPEN]} open, {counts[UNRECORDED]} audit nonconformities with no action "
             "recorded. An action leaves this list when its record shows it done (a nonconformity verified, a "
             "review action with <code>done_on</code>, an improvement implemented, an audit started, a risk "
             "treated).</p>")
    listing = table(["Status", "Due", "Owner", "What", "Action", "Record"], [cells for _, _, cells in rows],
                    empty="No open actions.", filters=("Status", "Owner"))
    return front("Action tracker", "<h1>Action tracker</h1>\n" + html_block(intro + "\n" + listing), wide=True)
