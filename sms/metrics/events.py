"""One incident's or request's SLA clocks against every per-event target that counts it: the figures a record
page shows ("responded in 6 min of 15 allowed: within").

A target counts the record as `sms.metrics.sla` counts it: an SLA in force on the day the record was reported,
covering one of its services, with a per-event target of its kind and priority (`sla.applies`). Each clock
runs in the target's calendar; a clock still running runs to the end of `today`. Targets whose calendar
sms.yaml does not define (SMS119 reports them) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from sms.metrics.calendars import calendars
from sms.metrics.clocks import resolution, response, ticket, tickets
from sms.metrics.sla import PER_EVENT, applies, limit_seconds, minutes, within
from sms.models.operations import Incident, Request
from sms.models.service import Sla
from sms.store.repository import Repository


@dataclass(frozen=True)
class EventTime:
    """One clock of one record against one target."""

    sla: str
    metric: str
    priority: str | None
    target: float
    unit: str
    comparison: str
    calendar: str
    minutes: float  # the clock, in the calendar's working minutes
    allowed: float  # the target, in the same minutes
    within: bool  # within the target (so far, while running)
    running: bool  # the clock has not stopped yet (as at today)


class EventClocks:
    """The per-event targets of a repository, read once, to measure one record after another against (a site
    measures every incident and request: looking the SLAs up again for each would cost a pass over every record
    per record)."""

    def __init__(self, repo: Repository, today: date) -> None:
        self.today = today
        self.known = calendars(repo.config)
        self.stops = frozenset(repo.config.clock_stop_statuses)
        self.answers = frozenset(repo.config.response_statuses)
        self.slas = [entry.record for entry in sorted(repo.of_kind("sla"), key=lambda e: e.id or "")
                     if isinstance(entry.record, Sla)]
        # The clock views SLA attainment made already (clocks.tickets), by record: a site asks for every one.
        records = [entry.record for entry in repo.of_kinds((Incident.KIND, Request.KIND))
                   if isinstance(entry.record, Incident | Request)]
        self.views = dict(zip(map(id, records), tickets(repo), strict=True))
        self.records = records  # held, so that no other record takes the id of one of them while this lives

    def __call__(self, record: Incident | Request) -> list[EventTime]:
        """Every per-event target that counts `record`, with its clock, in SLA and target order."""
        view = self.views.get(id(record)) or ticket(record)
        reported = view.reported.date()
        found = []
        for sla in self.slas:
            if reported < sla.valid_from or (sla.valid_until and reported > sla.valid_until):
                continue
            for target in sla.targets:
                name = target.calendar or sla.calendar
                if target.metric not in PER_EVENT or name not in self.known or not applies(target, view,
                                                                                          sla.links.services):
                    continue
                calendar = self.known[name]
                limit = limit_seconds(target, calendar)
                if limit is None:
                    continue
                now = calendar.midnight(self.today + timedelta(days=1))
                clock = (response(view, calendar, self.answers, now) if target.metric == "response_time"
                         else resolution(view, calendar, self.stops, now))
                found.append(EventTime(sla.id, target.metric, target.priority, target.target, target.unit,
                                       target.comparison, name, minutes(clock.seconds), float(limit / 60),
                                       within(Fraction(clock.seconds), limit, target.comparison), clock.running))
        return found

