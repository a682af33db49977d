"""`sms kpi` and the gating rules SMS118/SMS120 end to end on the hand-worked SMS of tests/metrics_sms.py: JSON
and CSV parsed back, the text output against tests/golden/kpi.txt (SMS_UPDATE_GOLDEN=1 rewrites it after a
deliberate change; review the diff), exit codes and findings as a user sees them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.acceptance.test_sla_cli import golden
from tests.conftest import SmsRunner
from tests.metrics_sms import sla_sms


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return sla_sms(tmp_path / "sms")


def test_json_value_target_met_trend_objectives(root: Path, sms: SmsRunner) -> None:
    run = sms("kpi", "--period", "2026-10", "--today", "2026-11-30", "--trend", "2", "--format", "json", str(root))
    assert (run.code, run.err) == (0, "")
    report = run.json()
    assert (report["period"], report["today"]) == ("2026-10", "2026-11-30")
    found = {kpi["id"]: kpi for kpi in report["kpis"]}
    assert [(k, found[k]["current"]["value"], found[k]["current"]["met"]) for k in sorted(found)] == [
        ("KPI-0001", 99.91, True), ("KPI-0101", 33.33, False), ("KPI-0102", 25, False), ("KPI-0103", 1721.25, False),
        ("KPI-0104", 788, False), ("KPI-0105", 40, False), ("KPI-0106", 25, False), ("KPI-0107", 32.75, True),
        ("KPI-0108", 99.5, False)]
    restore = found["KPI-0103"]
    assert (restore["formula"], restore["unit"], restore["target"], restore["direction"]) == (
        "mean_time_to_restore", "minutes", 240, "lower_is_better")
    assert restore["current"]["counted"] == ["INC-0101", "INC-0103", "INC-0105", "INC-0106"]
    assert [(p["period"], p["value"], p["source"]) for p in restore["trend"]] == [
        ("2026-09", None, "formula"), ("2026-10", 1721.25, "formula")]
    assert found["KPI-0001"]["objectives"] == [{"id": "OBJ-0001", "title": "Keep the gateway available",
                                                "target": 99.9, "due": "2027-06-30", "value": 99.91, "met": True}]


def test_csv_one_row_per_kpi_and_period(root: Path, sms: SmsRunner) -> None:
    run = sms("kpi", "--period", "2026-10", "--today", "2026-11-30", "--kpi", "KPI-0108", "--trend", "3",
              "--format", "csv", str(root))
    assert run.code == 0
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [(r["period"], r["value"], r["met"], r["source"], r["current"], r["counted"]) for r in rows] == [
        ("2026-08", "", "", "", "false", ""), ("2026-09", "99.95", "true", "measurement", "false", ""),
        ("2026-10", "99.5", "false", "formula", "true", "INC-0105 INC-0106")]


def test_text_report(root: Path, sms: SmsRunner) -> None:
    run = sms("kpi", "--today", "2026-11-30", str(root))  # the last whole month: October
    assert run.code == 0
    golden("kpi.txt", run.out)


def test_bad_options_are_usage_errors(root: Path, sms: SmsRunner) -> None:
    unknown = sms("kpi", "--kpi", "KPI-0042", "--period", "2026-10", str(root))
    assert unknown.code == 2
    assert unknown.err.startswith(f"sms: error: --kpi: no valid KPI 'KPI-0042' in {root}\n"
                                  "    hint: known KPIs: KPI-0001, KPI-0101")
    trend = sms("kpi", "--trend", "0", str(root))
    assert (trend.code, trend.err) == (2, "sms: error: --trend: 0 is not a number of periods; use 1 or more\n")
    assert sms("kpi", "--period", "2026-13", str(root)).code == 2


def test_a_hand_value_for_a_computed_period_is_a_finding_at_its_line(root: Path, sms: SmsRunner) -> None:
    path = root / "records" / "kpis" / "KPI-0108.yaml"
    text = path.read_text(encoding="utf-8").replace("    value: 99.95\n", "    value: 99.95\n  - period: 2026-10-01\n"
                                                     "    value: 99.9\n")
    path.write_text(text, encoding="utf-8")
    run = sms("check", "--today", "2026-11-30", "--format", "json", str(root))
    assert run.code == 1
    assert [(f["rule"], f["path"], f["line"], f["message"]) for f in run.json()["findings"]] == [
        ("SMS012", "records/kpis/KPI-0108.yaml", 17,
         "formula: a KPI with a formula keeps measurements only for periods before formula.since (2026-10-01); "
         "the formula computes 2026-10-01")]


def test_misses_without_an_action_are_findings_at_their_lines(root: Path, sms: SmsRunner) -> None:
    (root / "records" / "improvements" / "IMP-0101.yaml").unlink()
    run = sms("check", "--today", "2026-11-30", "--format", "json", str(root))
    assert run.code == 1
    fired = [(f["rule"], f["path"], f["line"]) for f in run.json()["findings"]]
    assert fired == [*(("SMS120", f"records/kpis/KPI-{n:04d}.yaml", 12) for n in (101, 102, 103, 104, 105, 106)),
                     ("SMS120", "records/kpis/KPI-0108.yaml", 15),
                     *(("SMS118", "records/slas/SLA-0001.yaml", line) for line in (17, 24, 46, 67))]
    messages = {f["message"] for f in run.json()["findings"]}
    assert ("availability target >= 99.9 % missed in 2026-10: 99.50 %, breaches INC-0105, INC-0106; no improvement "
            "or nonconformity links SLA-0001 or a breach") in messages
    assert ("KPI-0103 was 1721.25 minutes in 2026-10, missing its target <= 240 minutes; no improvement or "
            "nonconformity links it") in messages
    # A November check of a target whose period is the month: October is still the last closed one; in December
    # November is, and its records miss nothing the rule can see.
    december = sms("check", "--today", "2026-12-15", "--format", "json", str(root))
    assert [f["rule"] for f in december.json()["findings"] if f["rule"] == "SMS118"] == []


def test_severities_are_configurable(root: Path, sms: SmsRunner) -> None:
    (root / "records" / "improvements" / "IMP-0101.yaml").unlink()
    config = root / "sms.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        '  severity:\n', '  severity:\n    SMS118: warning\n    SMS120: "off"\n'), encoding="utf-8")
    run = sms("check", "--today", "2026-11-30", "--format", "json", str(root))
    assert run.code == 0
    assert {(f["rule"], f["severity"]) for f in run.json()["findings"]} == {("SMS118", "warning")}


def test_values_from_records_are_escaped(root: Path, sms: SmsRunner) -> None:
    path = root / "records" / "kpis" / "KPI-0101.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Gateway KPI 101", 'title: "Gateway \\e[31mKPI\\u202e 101"'), encoding="utf-8")
    run = sms("kpi", "--period", "2026-10", "--today", "2026-11-30", str(root))
    assert "KPI-0101  Gateway \\x1b[31mKPI\\u202e 101" in run.out
    assert "\x1b" not in run.out and "\u202e" not in run.out
