"""Reporting periods: a month (2026-10), a quarter (2026-Q4) or a year (2026).

A period is a span of calendar days; its boundaries become instants only against a calendar: midnight of
its first day to midnight after its last day, in that calendar's time zone. So October in Europe/Berlin is
31 days and one hour long (the clocks go back on the last Sunday).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sms.core.errors import UsageError
from sms.metrics.calendars import WorkCalendar

FORMS = "YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (a year)"
_PATTERN = re.compile(r"^(?P<year>[0-9]{4})(?:-(?P<month>0[1-9]|1[0-2])|-[Qq](?P<quarter>[1-4]))?$")


@dataclass(frozen=True)
class Period:
    """Days `first` up to, not including, `end`, named by `label`."""

    label: str
    first: date
    end: date

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    def bounds(self, calendar: WorkCalendar) -> tuple[datetime, datetime]:
        """The period as instants: from midnight of its first day to midnight after its last, in the
        calendar's time zone."""
        return calendar.midnight(self.first), calendar.midnight(self.end)

    def elapsed_seconds(self, calendar: WorkCalendar) -> int:
        """Seconds of the period within the calendar's working hours (every second for 24x7)."""
        return calendar.working_seconds(*self.bounds(calendar))


def month(year: int, number: int) -> Period:
    end = date(year + number // 12, number % 12 + 1, 1)
    return Period(f"{year:04d}-{number:02d}", date(year, number, 1), end)


def quarter(year: int, number: int) -> Period:
    first = month(year, 3 * number - 2)
    return Period(f"{year:04d}-Q{number}", first.first, month(year, 3 * number).end)


def year(number: int) -> Period:
    return Period(f"{number:04d}", date(number, 1, 1), date(number + 1, 1, 1))


def parse_period(text: str, option: str = "--period") -> Period:
    """A period from its name; a UsageError (exit 2) naming the accepted forms otherwise."""
    found = _PATTERN.match(text.strip())
    if found is None or int(found["year"]) < 1:
        raise UsageError(f"{option}: '{text}' is not a period; use {FORMS}, e.g. 2026-10, 2026-Q4 or 2026")
    number = int(found["year"])
    if found["month"]:
        return month(number, int(found["month"]))
    if found["quarter"]:
        return quarter(number, int(found["quarter"]))
    return year(number)


def last_closed_month(today: date) -> Period:
    """The last whole month before `today`: on 2026-11-30 and on 2026-11-01 alike, 2026-10."""
    previous = today.replace(day=1) - timedelta(days=1)
    return month(previous.year, previous.month)
