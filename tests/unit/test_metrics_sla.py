"""SLA attainment (sms.metrics.sla) on the hand-worked SMS of tests/metrics_sms.py: every figure below was
computed by hand from the records (the table in that module's docstring), then compared exactly."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from sms.core.errors import InputError, UsageError
from sms.metrics.periods import parse_period
from sms.metrics.sla import SlaResult, TargetResult, attainment, percent
from sms.store.config import load_config
from sms.store.repository import Repository, load_repository
from tests.metrics_sms import sla_sms


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    root = sla_sms(tmp_path / "sms")
    return load_repository(root, load_config(root))


def measure(repo: Repository, period: str, today: date) -> SlaResult:
    [result] = attainment(repo, parse_period(period), today)
    return result


def summary(target: TargetResult) -> tuple[object, ...]:
    return (target.events, target.breaches, target.met, target.actual, target.measurements, target.open)


def test_october_as_at_the_end_of_november(repo: Repository) -> None:
    result = measure(repo, "2026-10", date(2026, 11, 30))
    assert (result.id, result.first, result.last, result.services) == (
        "SLA-0001", date(2026, 10, 1), date(2026, 10, 31), ("SVC-0001",))
    availability, response, p2, p3, p1, latency, anything, fulfilment = result.targets
    # 30 min of INC-0105's outage fall in October, INC-0106's two overlapping outages cover 195 min across
    # the DST change; October has 44,700 minutes: 100 x (1 - 225 / 44700) = 99.4966... → 99.50.
    assert summary(availability) == (2, ("INC-0105", "INC-0106"), False, 99.5, {"SVC-0001": 225}, ())
    assert (availability.metric, availability.calendar) == ("availability", "24x7")
    # Responses 25 (over the weekend), 40 (a breach), 10; INC-0105 was reported in September, INC-0107 is
    # on no covered service. Two of three within: 66.67 %, and without a threshold one breach misses.
    assert summary(response) == (3, ("INC-0103",), False, 66.67, {"INC-0101": 25, "INC-0103": 40, "INC-0104": 10},
                                 ())
    # Resolutions 100, 720 (reopened: counted to its last resolution) and INC-0104, still open, 9150 so far:
    # one of three within 8 h is 33.33 %, which meets the 30 % threshold.
    assert summary(p2) == (3, ("INC-0103", "INC-0104"), True, 33.33,
                           {"INC-0101": 100, "INC-0103": 720, "INC-0104": 9150}, ())
    assert p2.attainment == 30
    # 540 working minutes less 180 on hold across the month end (Monday 11-02 a holiday): 360 ≤ 960.
    assert summary(p3) == (1, (), True, 100.0, {"INC-0102": 360}, ())
    # P1 on 24x7: 01:35 CEST to 03:40 CET is 185 minutes, over the 180 allowed.
    assert summary(p1) == (1, ("INC-0106",), False, 0.0, {"INC-0106": 185}, ())
    assert (latency.measured, latency.met, latency.actual, latency.events) == (False, None, None, 0)
    # Without a priority a response target counts incidents and requests; INC-0106 came on a Sunday (0).
    assert summary(anything) == (7, (), True, 100.0, {
        "INC-0101": 25, "INC-0103": 40, "REQ-0101": 30, "INC-0106": 0, "REQ-0103": 10, "INC-0102": 10,
        "INC-0104": 10}, ())
    # REQ-0101: 660 working minutes less 450 on hold; REQ-0103: 1140 > 480; REQ-0102 was cancelled.
    assert summary(fulfilment) == (2, ("REQ-0103",), False, 50.0, {"REQ-0101": 210, "REQ-0103": 1140}, ())


def test_a_record_still_open_within_its_target_is_not_yet_an_event(repo: Repository) -> None:
    # As at 2026-11-02 (a holiday) INC-0104 has run 30 working minutes: open, neither met nor breached.
    p2 = measure(repo, "2026-10", date(2026, 11, 2)).targets[2]
    assert summary(p2) == (2, ("INC-0103",), True, 50.0, {"INC-0101": 100, "INC-0103": 720}, ("INC-0104",))


def test_september_counts_the_outage_before_midnight(repo: Repository) -> None:
    availability, response, p2, p3, *_others = measure(repo, "2026-09", date(2026, 11, 30)).targets
    # 60 minutes of 43,200: 99.8611... → 99.86, under 99.9.
    assert summary(availability) == (1, ("INC-0105",), False, 99.86, {"SVC-0001": 60}, ())
    assert summary(response) == (1, (), True, 100.0, {"INC-0105": 5}, ())
    assert summary(p2) == (1, (), True, 100.0, {"INC-0105": 120}, ())
    assert summary(p3) == (0, (), True, None, {}, ())


def test_a_period_not_over_yet_ends_with_today(repo: Repository) -> None:
    # As at 2026-10-20 October has run 20 days (28,800 minutes); the outage of the 25th has not happened.
    # 100 x (1 - 30 / 28800) = 99.8958...: rounded it would read 99.90, the target it missed, so 99.89.
    availability = measure(repo, "2026-10", date(2026, 10, 20)).targets[0]
    assert summary(availability) == (1, ("INC-0105",), False, 99.89, {"SVC-0001": 30}, ())


def test_a_quarter_and_a_year(repo: Repository) -> None:
    quarter = measure(repo, "2026-Q4", date(2026, 12, 31))
    # October to December: 92 days and one hour = 132,540 minutes; 225 down: 99.8302... → 99.83.
    assert quarter.targets[0].actual == 99.83 and quarter.targets[0].met is False
    assert quarter.targets[1].measurements == {"INC-0101": 25, "INC-0103": 40, "INC-0104": 10}
    year = measure(repo, "2026", date(2026, 12, 31))
    assert year.targets[1].events == 4  # with INC-0105 of September


def test_an_sla_counts_only_while_in_force(repo: Repository) -> None:
    assert attainment(repo, parse_period("2025-12"), date(2026, 11, 30)) == []
    with pytest.raises(UsageError, match="SLA-0001 is not in force in 2025-12") as caught:
        attainment(repo, parse_period("2025-12"), date(2026, 11, 30), "SLA-0001")
    assert caught.value.hint == "it applies from 2026-01-01 to 2027-12-31"
    with pytest.raises(UsageError, match="no valid SLA 'SLA-0009'"):
        attainment(repo, parse_period("2026-10"), date(2026, 11, 30), "SLA-0009")


def test_an_unknown_calendar_names_the_line(tmp_path: Path) -> None:
    root = sla_sms(tmp_path / "sms")
    path = root / "records" / "slas" / "SLA-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("calendar: office", "calendar: ofice"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        attainment(load_repository(root, load_config(root)), parse_period("2026-10"), date(2026, 11, 30))
    line = path.read_text(encoding="utf-8").splitlines().index("calendar: ofice") + 1
    assert str(caught.value) == f"records/slas/SLA-0001.yaml:{line}:1: calendar 'ofice' is not defined in sms.yaml"
    assert caught.value.hint == "known calendars: 24x7, office"


@pytest.mark.parametrize(("value", "goal", "comparison", "shown"), [
    (Fraction(99951, 1000), Fraction(9995, 100), "at_least", 99.95),  # met, rounded down
    (Fraction(99949, 1000), Fraction(9995, 100), "at_least", 99.94),  # missed: never shown as 99.95
    (Fraction(99946, 1000), Fraction(9990, 100), "at_least", 99.95),  # met: rounded half up
    (Fraction(99999, 1000), Fraction(100), "at_least", 99.99),  # one breach in many: not 100.00
    (Fraction(5001, 10000), Fraction(1, 2), "at_most", 0.51),  # an at-most goal missed: cut upwards
    (Fraction(2, 3) * 100, None, "at_least", 66.67),
])
def test_percentages_round_but_never_hide_a_miss(value: Fraction, goal: Fraction | None, comparison: str,
                                                 shown: float) -> None:
    assert percent(value, goal, comparison) == shown


def test_a_reopened_record_counts_to_its_last_resolution_even_if_resolved_at_was_not_updated(
        tmp_path: Path) -> None:
    root = sla_sms(tmp_path / "sms")
    path = root / "records" / "incidents" / "INC-0103.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("resolved_at: 2026-10-15T13:00:00+02:00", "resolved_at: 2026-10-14T11:00:00+02:00"),
                    encoding="utf-8")
    repo = load_repository(root, load_config(root))
    assert measure(repo, "2026-10", date(2026, 11, 30)).targets[2].measurements["INC-0103"] == 720


def test_a_period_not_begun_measures_nothing(repo: Repository) -> None:
    result = measure(repo, "2026-12", date(2026, 11, 30))
    assert {(t.measured, t.met, t.actual, t.events) for t in result.targets} == {(True, None, None, 0),
                                                                                 (False, None, None, 0)}


def parts(target: TargetResult) -> list[tuple[object, ...]]:
    return [(p.label, p.first, p.last, p.events, p.breaches, p.met, p.actual) for p in target.parts]


def test_a_quarter_is_met_only_if_each_month_is(repo: Repository) -> None:
    availability, response, *_others = measure(repo, "2026-Q3", date(2026, 11, 30)).targets
    # INC-0001 (kinds fixture) was down 140 minutes in August, INC-0105 60 in September: 200 of the quarter's
    # 92 x 1440 = 132,480 minutes: 99.849... → 99.85. August alone: 140 of 44,640 = 99.686... → 99.69;
    # September 60 of 43,200 = 99.861... → 99.86.
    assert (availability.actual, availability.whole_met, availability.met, availability.breaches) == (
        99.85, False, False, ("INC-0001", "INC-0105"))
    assert parts(availability) == [
        ("2026-07", date(2026, 7, 1), date(2026, 7, 31), 0, (), True, 100.0),
        ("2026-08", date(2026, 8, 1), date(2026, 8, 31), 1, ("INC-0001",), False, 99.69),
        ("2026-09", date(2026, 9, 1), date(2026, 9, 30), 1, ("INC-0105",), False, 99.86)]
    # Per-event targets are judged per month too: INC-0105's response of 5 minutes, in September.
    assert (response.met, response.whole_met, response.actual) == (True, True, 100.0)
    assert [p[3:] for p in parts(response)] == [(0, (), True, None), (0, (), True, None), (1, (), True, 100.0)]


def test_a_good_year_does_not_hide_its_missed_months(repo: Repository) -> None:
    availability = measure(repo, "2026", date(2026, 11, 30)).targets[0]
    # January to November: 334 days (March an hour short, October an hour long) = 480,960 minutes, 425 of
    # them down (140 + 60 + 225): 99.9116... → 99.91, over 99.9 as a whole. But August, September and
    # October each missed: the year is missed, and their breaches are named.
    assert (availability.actual, availability.whole_met, availability.met) == (99.91, True, False)
    assert availability.breaches == ("INC-0001", "INC-0105", "INC-0106")
    assert [(p[0], p[5], p[6]) for p in parts(availability)] == [
        *((f"2026-{month:02d}", True, 100.0) for month in range(1, 8)),
        ("2026-08", False, 99.69), ("2026-09", False, 99.86), ("2026-10", False, 99.5), ("2026-11", True, 100.0)]


def test_months_not_begun_are_not_parts_and_a_month_has_none(repo: Repository) -> None:
    availability = measure(repo, "2026-Q4", date(2026, 11, 30)).targets[0]
    # October 225 of 44,700 minutes down (99.50, missed); November none; December has not begun.
    assert [(p[0], p[5], p[6]) for p in parts(availability)] == [("2026-10", False, 99.5), ("2026-11", True, 100.0)]
    assert (availability.met, availability.whole_met) == (False, False)
    month = measure(repo, "2026-10", date(2026, 11, 30)).targets[0]
    assert (month.parts, month.whole_met) == ((), False)
