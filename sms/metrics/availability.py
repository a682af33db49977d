"""Service outages, as incidents record them (`outages: [{service, start, end, partial}]`), measured in a
calendar's working time within a window.

Outages of one service recorded by several incidents may overlap; overlapping time counts once. An outage
without an end is still going on and lasts until `now`. Partial outages (the service degraded but usable)
are not downtime.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sms.metrics.calendars import WorkCalendar
from sms.models.operations import Incident

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Downtime:
    """One incident's full outage of one service, clipped to a window."""

    incident: str
    service: str
    start: datetime
    end: datetime


def downtimes(incidents: Iterable[Incident], services: Iterable[str], window: Interval,
              now: datetime) -> list[Downtime]:
    """The full outages of `services` that overlap `window`, clipped to it, oldest first."""
    wanted = set(services)
    start, end = window
    found = []
    for incident in incidents:
        for outage in incident.outages:
            if outage.partial or outage.service not in wanted:
                continue
            began = max(outage.start.astimezone(UTC), start.astimezone(UTC))
            ended = min((outage.end or now).astimezone(UTC), end.astimezone(UTC))
            if ended > began:
                found.append(Downtime(incident.id, outage.service, began, ended))
    return sorted(found, key=lambda down: (down.start, down.incident, down.service))


def merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals joined, so no moment counts twice."""
    joined: list[Interval] = []
    for start, end in sorted(intervals):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def down_seconds(calendar: WorkCalendar, downs: Iterable[Downtime]) -> int:
    """Working seconds during which at least one of `downs` lasted."""
    return sum(calendar.working_seconds(start, end) for start, end in merged((d.start, d.end) for d in downs))
