"""KPI formulas and reporting (sms.metrics.formulas, sms.metrics.kpis) on the hand-worked SMS of
tests/metrics_sms.py: every figure below was computed by hand from the records (the table in that module's
docstring), then compared exactly."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction

import pytest
from pydantic import ValidationError

from sms.metrics.formulas import compute, prepare
from sms.metrics.kpis import current_period, kpis
from sms.metrics.periods import containing, latest_by, parse_period, series, week
from sms.models.service import Kpi
from sms.store.config import load_config
from sms.store.repository import Repository, load_repository
from tests.metrics_sms import sla_sms


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    root = sla_sms(tmp_path_factory.mktemp("kpis") / "sms")
    return load_repository(root, load_config(root))


def record(repo: Repository, kpi_id: str) -> Kpi:
    entry = repo.get(kpi_id)
    assert entry is not None and isinstance(entry.record, Kpi), kpi_id
    return entry.record


@pytest.mark.parametrize(("kpi_id", "value", "counted"), [
    ("KPI-0101", Fraction(100, 3), ("CHG-0101", "CHG-0102", "CHG-0103")),
    ("KPI-0102", Fraction(25), ("CHG-0101", "CHG-0102", "CHG-0103", "CHG-0104")),
    ("KPI-0103", Fraction(6885, 4), ("INC-0101", "INC-0103", "INC-0105", "INC-0106")),
    ("KPI-0104", Fraction(788), ("INC-0101", "INC-0102", "INC-0103", "INC-0104", "INC-0106")),
    ("KPI-0105", Fraction(40), ("INC-0101", "INC-0102", "INC-0103", "INC-0104", "INC-0106")),
    ("KPI-0106", Fraction(25), ("INC-0101", "INC-0103", "INC-0105", "INC-0106")),
    ("KPI-0107", Fraction(131, 4), ("INC-0102", "INC-0104")),
    ("KPI-0108", 100 * (1 - Fraction(225, 44700)), ("INC-0105", "INC-0106")),
])
def test_each_formula_over_october(repo: Repository, kpi_id: str, value: Fraction, counted: tuple[str, ...]) -> None:
    computed = compute(prepare(repo, date(2026, 11, 30)), record(repo, kpi_id), parse_period("2026-10"))
    assert (computed.value, computed.counted) == (value, counted)


def test_nothing_to_count_is_no_value_and_an_empty_backlog_is_zero(repo: Repository) -> None:
    records = prepare(repo, date(2026, 11, 30))
    july = parse_period("2026-07")
    assert compute(records, record(repo, "KPI-0101"), july).value is None
    assert compute(records, record(repo, "KPI-0103"), july).value is None
    assert compute(records, record(repo, "KPI-0107"), july).value == 0
    # A period that has not begun as at today has no value, whatever the formula.
    assert compute(records, record(repo, "KPI-0107"), parse_period("2026-12")).value is None


def test_the_report_shows_value_target_met_trend_and_objectives(repo: Repository) -> None:
    found = {k.id: k for k in kpis(repo, parse_period("2026-10"), date(2026, 11, 30), count=3)}
    success = found["KPI-0101"]
    assert (success.current.period, success.current.value, success.current.met, success.current.source) == (
        "2026-10", 33.33, False, "formula")
    assert [(p.period, p.value) for p in success.trend] == [("2026-08", None), ("2026-09", 100.0),
                                                            ("2026-10", 33.33)]
    # The KPI of the kinds fixture is typed in (99.95, 99.91) and measures OBJ-0001 (at least 99.9).
    typed = found["KPI-0001"]
    assert [(p.period, p.value, p.source, p.met) for p in typed.trend] == [
        ("2026-08", None, None, None), ("2026-09", 99.95, "measurement", True), ("2026-10", 99.91, "measurement", True)]
    assert [(o.id, o.target, o.value, o.met) for o in typed.objectives] == [("OBJ-0001", 99.9, 99.91, True)]
    # Before formula.since the typed-in value stands; from it the formula computes.
    availability = found["KPI-0108"]
    assert [(p.period, p.value, p.source) for p in availability.trend[1:]] == [
        ("2026-09", 99.95, "measurement"), ("2026-10", 99.5, "formula")]
    assert found["KPI-0107"].current.value == 32.75 and found["KPI-0107"].current.met is True


def test_a_formula_kpi_refuses_hand_values_for_computed_periods(repo: Repository) -> None:
    data = record(repo, "KPI-0108").model_dump(mode="json", by_alias=True)
    data["measurements"].append({"period": "2026-10-01", "value": 99.9})
    with pytest.raises(ValidationError, match=r"formula.since \(2026-10-01\); the formula computes 2026-10-01"):
        Kpi.model_validate_json(json.dumps(data))
    data["measurements"].pop()
    data["unit"] = "minutes"
    with pytest.raises(ValidationError, match="formula availability gives percent, not minutes"):
        Kpi.model_validate_json(json.dumps(data))


def test_kpi_periods() -> None:
    assert week(date(2026, 11, 30)).label == "2026-W49"
    assert week(date(2027, 1, 1)).label == "2026-W53"
    assert latest_by("monthly", date(2026, 11, 25)).label == "2026-10"
    assert latest_by("quarterly", date(2026, 11, 25)).label == "2026-Q3"
    assert latest_by("quarterly", date(2026, 10, 1)).label == "2026-Q3"
    assert latest_by("yearly", date(2026, 11, 1)).label == "2025"
    assert [p.label for p in series("quarterly", containing("quarterly", date(2026, 2, 1)), 3)] == [
        "2025-Q3", "2025-Q4", "2026-Q1"]
    # A period still running as at today is reported so far; a closed one by the latest period inside it.
    assert current_period("monthly", parse_period("2026-Q4"), date(2026, 11, 30)).label == "2026-11"
    assert current_period("quarterly", parse_period("2026-10"), date(2026, 11, 30)).label == "2026-Q3"
