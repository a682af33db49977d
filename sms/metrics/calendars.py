"""Working-time arithmetic: how much of an interval falls in a business calendar's working hours.

A calendar comes from sms.yaml's `calendars:` (sms.store.config.Calendar): a time zone, working hours per
weekday, explicit holiday dates, and optionally a country (and subdivision) whose public holidays come from
the `holidays` package. The calendar named `24x7` counts every minute; it exists even when sms.yaml does
not define it (then in the `default` calendar's time zone).

All arithmetic is on absolute instants (UTC), so a day with a DST change has 23 or 25 hours and working
hours are wall-clock hours in the calendar's zone on every day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sms.store.config import ALL_DAY, ALL_WEEK, EVERY_MINUTE, Calendar, Config

DAY_MINUTES = 24 * 60


@cache
def public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """The public holidays of a country (and subdivision) in one year, from the `holidays` package."""
    import holidays  # a large package: imported only when a calendar names a country

    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


@dataclass(frozen=True)
class WorkCalendar:
    """A business calendar ready for arithmetic.

    `hours` maps a weekday (0 = Monday) to its working hours as (first minute, end minute) after local
    midnight; a weekday missing from it has no working hours.
    """

    name: str
    zone: ZoneInfo
    hours: Mapping[int, tuple[int, int]]
    holidays: frozenset[date] = frozenset()
    country: str | None = None
    subdivision: str | None = None
    every_minute: bool = field(default=False)

    def is_holiday(self, day: date) -> bool:
        if day in self.holidays:
            return True
        return self.country is not None and day in public_holidays(self.country, self.subdivision, day.year)

    def midnight(self, day: date) -> datetime:
        """The first instant of `day` in the calendar's zone."""
        return datetime.combine(day, time(), tzinfo=self.zone)

    def working_seconds(self, start: datetime, end: datetime) -> int:
        """Seconds between two instants that fall in working hours (0 when end is not after start)."""
        start, end = start.astimezone(UTC), end.astimezone(UTC)  # same-zone subtraction ignores DST
        if end <= start:
            return 0
        if self.every_minute:
            return int((end - start).total_seconds())
        total = 0
        day, last = start.astimezone(self.zone).date(), end.astimezone(self.zone).date()
        while day <= last:
            window = self.window(day)
            if window is not None:
                opens, closes = window
                overlap = (min(closes, end) - max(opens, start)).total_seconds()
                total += max(0, int(overlap))
            day += timedelta(days=1)
        return total

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The working hours of `day` as UTC instants, or None on a day off."""
        hours = self.hours.get(day.weekday())
        if hours is None or self.is_holiday(day):
            return None
        return self._at(day, hours[0]), self._at(day, hours[1])

    def _at(self, day: date, minute: int) -> datetime:
        if minute >= DAY_MINUTES:  # 24:00 is the next midnight, however long the day was
            return self.midnight(day + timedelta(days=1)).astimezone(UTC)
        local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)
        return local.astimezone(UTC)

    def day_seconds(self) -> int:
        """The length of a business day, for targets in business days: the calendar's longest working day
        (a whole day for 24x7)."""
        if self.every_minute:
            return DAY_MINUTES * 60
        return max((end - start for start, end in self.hours.values()), default=0) * 60


def _minute(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def work_calendar(name: str, calendar: Calendar) -> WorkCalendar:
    """The arithmetic form of one sms.yaml calendar."""
    days = {ALL_WEEK.index(day): (_minute(hours.split("-")[0]), _minute(hours.split("-")[1]))
            for day, hours in calendar.working_hours.items()}
    return WorkCalendar(name=name, zone=ZoneInfo(calendar.timezone), hours=days,
                        holidays=frozenset(calendar.holidays), country=calendar.country,
                        subdivision=calendar.subdivision, every_minute=calendar.every_minute())


def calendars(config: Config) -> dict[str, WorkCalendar]:
    """Every calendar of sms.yaml by name, plus the built-in `24x7` when sms.yaml does not define it."""
    found = {name: work_calendar(name, calendar) for name, calendar in config.calendars.items()}
    if EVERY_MINUTE not in found:
        default = config.calendars.get("default")
        zone = default.timezone if default is not None else "UTC"
        always = Calendar(timezone=zone, working_hours=dict.fromkeys(ALL_WEEK, ALL_DAY))
        found[EVERY_MINUTE] = work_calendar(EVERY_MINUTE, always)
    return found
