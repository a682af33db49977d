"""`sms sla` end to end on real files in a tmp dir (the hand-worked SMS of tests/metrics_sms.py): JSON and CSV
parsed back, the text output against tests/golden/sla.txt (SMS_UPDATE_GOLDEN=1 rewrites it after a
deliberate change; review the diff), and the exit codes a user sees."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SmsRunner
from tests.metrics_sms import sla_sms

GOLDEN = REPO_ROOT / "tests" / "golden"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return sla_sms(tmp_path / "sms")


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SMS_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


def test_json_per_sla_and_target(root: Path, sms: SmsRunner) -> None:
    run = sms("sla", "--period", "2026-10", "--today", "2026-11-30", "--format", "json", str(root))
    assert (run.code, run.err) == (0, "")
    report = run.json()
    assert (report["period"], report["first"], report["last"], report["today"]) == (
        "2026-10", "2026-10-01", "2026-10-31", "2026-11-30")
    [sla] = report["slas"]
    assert (sla["id"], sla["services"], sla["calendar"]) == ("SLA-0001", ["SVC-0001"], "office")
    keys = ("metric", "priority", "target", "unit", "comparison", "events", "breaches", "met", "actual",
            "measurements")
    assert [tuple(target[key] for key in keys) for target in sla["targets"]] == [
        ("availability", None, 99.9, "percent", "at_least", 2, ["INC-0105", "INC-0106"], False, 99.5,
         {"SVC-0001": 225}),
        ("response_time", "P2", 30, "minutes", "at_most", 3, ["INC-0103"], False, 66.67,
         {"INC-0101": 25, "INC-0103": 40, "INC-0104": 10}),
        ("resolution_time", "P2", 8, "hours", "at_most", 3, ["INC-0103", "INC-0104"], True, 33.33,
         {"INC-0101": 100, "INC-0103": 720, "INC-0104": 9150}),
        ("resolution_time", "P3", 2, "business_days", "at_most", 1, [], True, 100.0, {"INC-0102": 360}),
        ("resolution_time", "P1", 3, "hours", "at_most", 1, ["INC-0106"], False, 0.0, {"INC-0106": 185}),
        ("latency", None, 300, "milliseconds", "at_most", 0, [], None, None, {}),
        ("response_time", None, 1, "business_hours", "at_most", 7, [], True, 100.0,
         {"INC-0101": 25, "INC-0103": 40, "REQ-0101": 30, "INC-0106": 0, "REQ-0103": 10, "INC-0102": 10,
          "INC-0104": 10}),
        ("fulfilment_time", None, 1, "business_days", "at_most", 2, ["REQ-0103"], False, 50.0,
         {"REQ-0101": 210, "REQ-0103": 1140}),
    ]
    assert [(t["calendar"], t["attainment"], t["measured"], t["open"]) for t in sla["targets"]][1:3] == [
        ("office", None, True, []), ("office", 30, True, [])]


def test_csv_one_row_per_target(root: Path, sms: SmsRunner) -> None:
    run = sms("sla", "--period", "2026-10", "--today", "2026-11-02", "--format", "csv", str(root))
    assert run.code == 0
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [(row["metric"], row["priority"], row["events"], row["breaches"], row["met"], row["actual"])
            for row in rows] == [
        ("availability", "", "2", "INC-0105 INC-0106", "false", "99.50"),
        ("response_time", "P2", "3", "INC-0103", "false", "66.67"),
        ("resolution_time", "P2", "2", "INC-0103", "true", "50.00"),
        ("resolution_time", "P3", "1", "", "true", "100.00"),
        ("resolution_time", "P1", "1", "INC-0106", "false", "0.00"),
        ("latency", "", "0", "", "", ""),
        ("response_time", "", "7", "", "true", "100.00"),
        ("fulfilment_time", "", "2", "REQ-0103", "false", "50.00"),
    ]
    assert rows[2]["open"] == "INC-0104"
    assert rows[2]["measurements"] == "INC-0101=100 INC-0103=720"
    assert rows[0]["measurements"] == "SVC-0001=225"
    assert rows[5]["measured"] == "false"


def test_text_report(root: Path, sms: SmsRunner) -> None:
    run = sms("sla", "--today", "2026-11-30", str(root))  # the last whole month: October
    assert run.code == 0
    golden("sla.txt", run.out)


def test_a_year_shows_each_month_and_is_missed_if_one_is(root: Path, sms: SmsRunner) -> None:
    run = sms("sla", "--period", "2026", "--today", "2026-11-30", "--format", "json", str(root))
    availability = run.json()["slas"][0]["targets"][0]
    # 425 of 480,960 minutes down: 99.91 for the year, over 99.9; August, September and October missed.
    assert (availability["actual"], availability["whole_met"], availability["met"], availability["breaches"]) == (
        99.91, True, False, ["INC-0001", "INC-0105", "INC-0106"])
    assert [(p["period"], p["first"], p["last"], p["met"], p["actual"], p["breaches"])
            for p in availability["parts"]][7:] == [
        ("2026-08", "2026-08-01", "2026-08-31", False, 99.69, ["INC-0001"]),
        ("2026-09", "2026-09-01", "2026-09-30", False, 99.86, ["INC-0105"]),
        ("2026-10", "2026-10-01", "2026-10-31", False, 99.5, ["INC-0105", "INC-0106"]),
        ("2026-11", "2026-11-01", "2026-11-30", True, 100.0, [])]
    rows = list(csv.DictReader(io.StringIO(sms("sla", "--period", "2026-Q3", "--today", "2026-11-30", "--format",
                                               "csv", str(root)).out)))
    assert (rows[0]["met"], rows[0]["whole_met"], rows[0]["parts"]) == (
        "false", "false", "2026-07=met 2026-08=missed 2026-09=missed")
    text = sms("sla", "--period", "2026", "--today", "2026-11-30", str(root)).out
    assert ("availability     -   >= 99.9 %                      99.91 %   MISSED  down: SVC-0001 425 min (the whole "
            "period's figure meets the target; missed in 2026-08, 2026-09, 2026-10); breaches: INC-0001, INC-0105, "
            "INC-0106\n"
            "                      2026-01  100.00 %  met\n") in text
    assert ("                      2026-09  99.86 %   MISSED  breaches: INC-0105\n"
            "                      2026-10  99.50 %   MISSED  breaches: INC-0105, INC-0106\n"
            "                      2026-11  100.00 %  met\n") in text
    assert "met over a quarter or a year only if it is met in each of its own periods" in text
    help_text = sms("sla", "--help").out
    assert "the target is met only if every one of them is met" in " ".join(help_text.split())


def test_one_sla_and_the_default_period(root: Path, sms: SmsRunner) -> None:
    run = sms("sla", "--sla", "SLA-0001", "--today", "2026-10-05", "--format", "json", str(root))
    assert run.json()["period"] == "2026-09"
    assert run.json()["slas"][0]["targets"][0]["actual"] == 99.86


@pytest.mark.parametrize("period", ["2026-13", "Q4", "2026-Q0"])
def test_a_bad_period_is_a_usage_error(root: Path, sms: SmsRunner, period: str) -> None:
    run = sms("sla", "--period", period, str(root))
    assert run.code == 2
    assert run.err == (f"sms: error: --period: '{period}' is not a period; use YYYY-MM (a month), YYYY-Qn "
                       "(a quarter) or YYYY (a year), e.g. 2026-10, 2026-Q4 or 2026\n")


def test_an_unknown_sla_and_a_bad_date(root: Path, sms: SmsRunner) -> None:
    run = sms("sla", "--sla", "SLA-0042", "--period", "2026-10", str(root))
    assert run.code == 2
    assert run.err.splitlines() == [f"sms: error: --sla: no valid SLA 'SLA-0042' in {root}",
                                    "    hint: known SLAs: SLA-0001"]
    assert sms("sla", "--today", "30.11.2026", str(root)).code == 2


def test_values_from_records_are_escaped(root: Path, sms: SmsRunner) -> None:
    path = root / "records" / "slas" / "SLA-0001.yaml"
    text = path.read_text(encoding="utf-8")
    hostile = 'title: "Gateway \\e[31mSLA\\u202e for online merchants"'
    path.write_text(text.replace("title: Gateway SLA for online merchants", hostile), encoding="utf-8")
    run = sms("sla", "--period", "2026-10", "--today", "2026-11-30", str(root))
    assert "SLA-0001  Gateway \\x1b[31mSLA\\u202e for online merchants" in run.out
    assert "\x1b" not in run.out and "\u202e" not in run.out


def test_records_that_do_not_load_are_reported_not_measured(root: Path, sms: SmsRunner) -> None:
    path = root / "records" / "incidents" / "INC-0103.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("priority: P2", "priority: P9"), encoding="utf-8")
    run = sms("sla", "--period", "2026-10", "--today", "2026-11-30", "--format", "json", str(root))
    assert run.code == 0
    assert run.err == ("sms: warning: 1 record file(s) did not load and are not measured; `sms check` shows "
                       "why\n")
    assert run.json()["slas"][0]["targets"][1]["measurements"] == {"INC-0101": 25, "INC-0104": 10}


def test_the_example_shows_septembers_breach_and_its_improvement(sms: SmsRunner) -> None:
    run = sms("sla", "--period", "2026-09", "--today", "2026-11-25", "--format", "json", str(REPO_ROOT))
    assert (run.code, run.err) == (0, "")
    slas = {sla["id"]: sla for sla in run.json()["slas"]}
    availability = slas["SLA-0001"]["targets"][0]
    # INC-0005: 11:18 to 12:10 CEST, 52 of September's 43,200 minutes: 99.8796... → 99.88 against 99.95.
    assert (availability["metric"], availability["actual"], availability["met"], availability["breaches"],
            availability["measurements"]) == ("availability", 99.88, False, ["INC-0005"], {"SVC-0001": 52})
    improvement = (REPO_ROOT / "records" / "improvements" / "IMP-0005.yaml").read_text(encoding="utf-8")
    assert "incidents: [INC-0005]" in improvement
    # October: INC-0013's 18 minutes down count, its 27 minutes of degradation (partial) do not.
    october = sms("sla", "--period", "2026-10", "--sla", "SLA-0002", "--today", "2026-11-25", "--format", "json",
                  str(REPO_ROOT)).json()["slas"][0]["targets"][0]
    assert (october["actual"], october["met"], october["measurements"]) == (99.96, True, {"SVC-0002": 18})


def test_csv_cells_from_files_never_run_as_formulas(root: Path, sms: SmsRunner) -> None:
    for relpath, old, new in (("sms.yaml", "  office:", '  "=HYPERLINK(1)":'),
                              ("records/slas/SLA-0001.yaml", "calendar: office", 'calendar: "=HYPERLINK(1)"')):
        path = root / relpath
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    run = sms("sla", "--period", "2026-10", "--today", "2026-11-30", "--format", "csv", str(root))
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [row["calendar"] for row in rows] == ["24x7", *["'=HYPERLINK(1)"] * 3, "24x7", *["'=HYPERLINK(1)"] * 3]


def test_an_outage_ending_before_it_starts_is_a_finding_at_its_line(root: Path, sms: SmsRunner) -> None:
    path = root / "records" / "incidents" / "INC-0105.yaml"
    text = path.read_text(encoding="utf-8").replace("end: 2026-10-01T00:30:00+02:00", "end: 2026-09-30T22:00:00+02:00")
    path.write_text(text, encoding="utf-8")
    run = sms("check", "--today", "2026-11-30", "--format", "json", str(root))
    assert run.code == 1
    line = text.splitlines().index("outages:") + 2
    assert [(f["rule"], f["path"], f["line"], f["message"]) for f in run.json()["findings"]] == [
        ("SMS012", "records/incidents/INC-0105.yaml", line, "outages[0]: an outage must end after it starts")]
