"""Working-time arithmetic and periods (sms.metrics.calendars, sms.metrics.periods), with figures worked out
by hand: weekends, explicit and public holidays, DST changes, the 24x7 calendar."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from sms.core.errors import InputError, UsageError
from sms.metrics.calendars import WorkCalendar, calendars, work_calendar
from sms.metrics.periods import last_closed_month, parse_period
from sms.store.config import Calendar, Config, default_config, parse_config
from sms.store.loader import parse

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = {day: "09:00-17:00" for day in ("mon", "tue", "wed", "thu", "fri")}


def office(**extra: object) -> WorkCalendar:
    calendar = Calendar.model_validate_json(json.dumps({"timezone": "Europe/Berlin", "working_hours": WEEKDAYS,
                                                        **extra}))  # JSON mode, as sms.yaml is read
    return work_calendar("office", calendar)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def minutes(calendar: WorkCalendar, start: str, end: str) -> float:
    return calendar.working_seconds(at(start), at(end)) / 60


def always() -> WorkCalendar:
    return calendars(Config.model_validate({"apiVersion": "sms/v1", "kind": "config", "organisation": {"name": "X"},
                                            "calendars": {"default": {"timezone": "Europe/Berlin"}}}))["24x7"]


def test_a_weekend_does_not_count() -> None:
    # Fri 2026-10-09 16:50 to Mon 10-12 09:15: 10 minutes on Friday, 15 on Monday.
    assert minutes(office(), "2026-10-09T16:50:00+02:00", "2026-10-12T09:15:00+02:00") == 25


def test_explicit_and_public_holidays_do_not_count() -> None:
    # Tue 2026-11-17 16:00 to Thu 11-19 10:00: 60 + the Wednesday (480) + 60.
    assert minutes(office(), "2026-11-17T16:00:00+01:00", "2026-11-19T10:00:00+01:00") == 600
    # Wednesday 11-18 is Buß- und Bettag, a public holiday in Saxony only.
    assert minutes(office(country="DE", subdivision="SN"), "2026-11-17T16:00:00+01:00",
                   "2026-11-19T10:00:00+01:00") == 120
    assert minutes(office(country="DE", subdivision="BE"), "2026-11-17T16:00:00+01:00",
                   "2026-11-19T10:00:00+01:00") == 600
    # Monday 11-02, listed as a holiday: Fri 10-30 16:00 to Tue 11-03 10:00 is 60 + 60.
    assert minutes(office(holidays=["2026-11-02"]), "2026-10-30T16:00:00+01:00", "2026-11-03T10:00:00+01:00") == 120


def test_working_hours_are_wall_clock_hours_on_a_dst_day() -> None:
    # Monday 10-26 (after the change) and Friday 10-23 (before it) both have eight office hours.
    assert minutes(office(), "2026-10-23T00:00:00+02:00", "2026-10-27T00:00:00+01:00") == 2 * 480
    # A span given in another zone is the same instants: 09:00-17:00 Berlin is 08:00-16:00 UTC in winter.
    assert minutes(office(), "2026-10-26T07:00:00Z", "2026-10-26T09:00:00Z") == 60


def test_24x7_counts_every_minute_across_dst_changes() -> None:
    clock = always()
    # 01:30 CEST to 03:30 CET on 2026-10-25 is three hours, though the wall clock moved two.
    assert minutes(clock, "2026-10-25T01:30:00+02:00", "2026-10-25T03:30:00+01:00") == 180
    october, march, november = (parse_period(p) for p in ("2026-10", "2026-03", "2026-11"))
    assert october.elapsed_seconds(clock) / 60 == 31 * 1440 + 60
    assert march.elapsed_seconds(clock) / 60 == 31 * 1440 - 60
    assert november.elapsed_seconds(clock) / 60 == 30 * 1440
    assert clock.day_seconds() == 86400


def test_24x7_exists_without_being_defined_in_the_default_calendars_zone() -> None:
    found = calendars(default_config())
    assert found["24x7"].every_minute and str(found["24x7"].zone) == "UTC"
    assert always().zone == BERLIN


def test_an_interval_ending_before_it_starts_is_zero() -> None:
    assert minutes(office(), "2026-10-12T10:00:00+02:00", "2026-10-12T09:00:00+02:00") == 0


def test_a_business_day_is_the_longest_working_day() -> None:
    desk = work_calendar("desk", Calendar.model_validate(
        {"timezone": "Europe/Prague", "working_hours": {"mon": "07:00-19:00", "sat": "09:00-13:00"}}))
    assert desk.day_seconds() == 12 * 3600
    assert office().day_seconds() == 8 * 3600


@pytest.mark.parametrize(("text", "label", "first", "end"), [
    ("2026-10", "2026-10", date(2026, 10, 1), date(2026, 11, 1)),
    ("2026-12", "2026-12", date(2026, 12, 1), date(2027, 1, 1)),
    ("2026-Q4", "2026-Q4", date(2026, 10, 1), date(2027, 1, 1)),
    ("2026-q1", "2026-Q1", date(2026, 1, 1), date(2026, 4, 1)),
    ("2026", "2026", date(2026, 1, 1), date(2027, 1, 1)),
])
def test_periods(text: str, label: str, first: date, end: date) -> None:
    period = parse_period(text)
    assert (period.label, period.first, period.end) == (label, first, end)


def test_period_bounds_are_midnights_in_the_calendars_zone() -> None:
    start, end = parse_period("2026-10").bounds(office())
    assert (start.isoformat(), end.isoformat()) == ("2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00")


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q5", "26-10", "2026/10", "October", "", "0000"])
def test_a_bad_period_names_the_accepted_forms(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_period(text)
    assert "use YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (a year)" in str(caught.value)


def test_last_closed_month() -> None:
    assert last_closed_month(date(2026, 11, 30)).label == "2026-10"
    assert last_closed_month(date(2026, 11, 1)).label == "2026-10"
    assert last_closed_month(date(2027, 1, 15)).label == "2026-12"


def config_error(calendars_yaml: str) -> str:
    text = f"apiVersion: sms/v1\nkind: config\norganisation: {{name: X}}\ncalendars:\n{calendars_yaml}"
    with pytest.raises(InputError) as caught:
        parse_config(parse("sms.yaml", text))
    return str(caught.value)


def test_config_refuses_a_24x7_calendar_that_stops() -> None:
    message = config_error("  24x7:\n    timezone: UTC\n    working_hours: {mon: 09:00-17:00}\n")
    assert message.startswith("sms.yaml:4:")
    assert "the calendar named 24x7 counts every minute" in message


def test_config_refuses_unknown_public_holidays_and_hours_out_of_order() -> None:
    assert "no public holidays known for XX" in config_error("  default:\n    country: XX\n")
    assert "no public holidays known for DE-ZZ" in config_error("  default:\n    country: DE\n    subdivision: ZZ\n")
    assert "a subdivision needs its country" in config_error("  default:\n    subdivision: SN\n")
    assert "end before they start" in config_error("  default:\n    working_hours: {mon: 17:00-09:00}\n")
