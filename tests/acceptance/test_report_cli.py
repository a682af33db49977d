"""`sms report service` and `sms report review` end to end on the hand-worked SMS of tests/metrics_sms.py: JSON
parsed back, Markdown against tests/golden/report-service.md and report-review.md (SMS_UPDATE_GOLDEN=1 rewrites
them after a deliberate change; review the diff), escaping of record text, and usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.acceptance.test_sla_cli import golden
from tests.conftest import SmsRunner
from tests.metrics_sms import sla_sms


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return sla_sms(tmp_path / "sms")


def ids(rows: list[dict[str, str]]) -> list[str]:
    return [row["id"] for row in rows]


def test_service_report_json(root: Path, sms: SmsRunner) -> None:
    run = sms("report", "service", "SVC-0001", "--root", str(root), "--period", "2026-Q4", "--today", "2026-11-30",
              "--format", "json")
    assert (run.code, run.err) == (0, "")
    report = run.json()
    assert (report["service"], report["period"], report["first"], report["last"]) == (
        "SVC-0001", "2026-Q4", "2026-10-01", "2026-12-31")
    # Reported in the quarter (INC-0105 came in September; INC-0107 is on no service), changes with history in
    # it (CHG-0105 was implemented in September, but its review and the others' steps fall in Q4 or not at all).
    assert ids(report["incidents"]) == ["INC-0101", "INC-0102", "INC-0103", "INC-0104", "INC-0106"]
    assert ids(report["changes"]) == ["CHG-0101", "CHG-0102", "CHG-0103", "CHG-0104"]
    assert ids(report["requests"]) == ["REQ-0101", "REQ-0102", "REQ-0103"]
    assert report["problems"] == []  # PRB-0001 was closed in September
    assert report["complaints"] == []  # the complaints register is empty
    assert ids(report["improvements"]) == ["IMP-0001", "IMP-0101"]
    assert report["incidents"][0] == {"id": "INC-0101", "title": "Timeouts for one acquirer over the weekend",
                                      "status": "closed", "priority": "P2", "major": "no",
                                      "reported": "2026-10-09T16:50+02:00", "resolved": "2026-10-12T10:30+02:00"}
    [sla] = report["slas"]
    availability = sla["targets"][0]
    assert (availability["metric"], availability["breaches"], availability["met"]) == (
        "availability", ["INC-0105", "INC-0106"], False)
    assert [kpi["id"] for kpi in report["kpis"]][:2] == ["KPI-0001", "KPI-0101"]


def test_service_report_markdown(root: Path, sms: SmsRunner) -> None:
    run = sms("report", "service", "SVC-0001", "--root", str(root), "--period", "2026-10", "--today", "2026-11-30")
    assert run.code == 0
    golden("report-service.md", run.out)


def test_complaints_received_in_the_period_are_reported(root: Path, sms: SmsRunner) -> None:
    folder = root / "records" / "complaints"
    folder.mkdir(parents=True, exist_ok=True)  # beside the fixture's CMP-0001 of August
    for number, received, service in ((2, "2026-10-05T09:00:00+02:00", "SVC-0001"),
                                       (3, "2026-09-30T09:00:00+02:00", "SVC-0001")):
        (folder / f"CMP-000{number}.yaml").write_text(
            f"apiVersion: sms/v1\nkind: complaint\nid: CMP-000{number}\ntitle: Refunds took a week\n"
            f"owner: sms-manager\nstatus: received\nhistory:\n  - status: received\n    at: '{received}'\n"
            f"    by: a-author\nreceived_at: '{received}'\ncustomer: Example Shop\ndescription: Refunds were slow.\n"
            f"links:\n  services: [{service}]\n", encoding="utf-8")
    run = sms("report", "service", "SVC-0001", "--root", str(root), "--period", "2026-Q4", "--today", "2026-11-30",
              "--format", "json")
    assert run.code == 0, run.err
    # Only the complaint received in the quarter; the September one belongs to Q3.
    assert run.json()["complaints"] == [{"id": "CMP-0002", "title": "Refunds took a week", "status": "received",
                                         "customer": "Example Shop", "received": "2026-10-05T09:00+02:00",
                                         "responded": "-", "satisfied": "-"}]


def test_review_pack(root: Path, sms: SmsRunner) -> None:
    run = sms("report", "review", "--root", str(root), "--period", "2026-11", "--today", "2026-11-30",
              "--format", "json")
    assert run.code == 0
    pack = run.json()
    assert pack["actions"] == [{"review": "MR-0001", "held_on": "2026-11-10", "text": "Budget a second data centre "
                                "for 2027.", "owner": "sms-manager", "due": "2027-01-31", "done_on": None,
                                "state": "open"}]
    assert (ids(pack["improvements"]), ids(pack["nonconformities"]), ids(pack["audits"])) == (["IMP-0101"], [], [])
    assert (pack["feedback"], pack["complaints"]) == ([], [])
    # A review held after the period is not yet an earlier review; the August audit is in the year's pack.
    year = sms("report", "review", "--root", str(root), "--period", "2026-Q3", "--today", "2027-01-15",
               "--format", "json").json()
    assert year["actions"] == []
    assert ids(year["audits"]) == ["AUD-0001"]
    assert {k: v for k, v in year["audits"][0].items() if k.endswith("s")} == {
        "status": "completed", "nonconformities": "1", "observations": "0", "opportunities": "1"}
    golden("report-review.md", sms("report", "review", "--root", str(root), "--period", "2026-11", "--today",
                                   "2026-11-30").out)


def test_record_text_cannot_inject_markdown_or_html(root: Path, sms: SmsRunner) -> None:
    path = root / "records" / "incidents" / "INC-0101.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Timeouts for one acquirer over the weekend",
        'title: "<script>alert(1)</script> | [click](javascript:alert(1)) \\u202e"'), encoding="utf-8")
    run = sms("report", "service", "SVC-0001", "--root", str(root), "--period", "2026-10", "--today", "2026-11-30")
    row = next(line for line in run.out.splitlines() if line.startswith("| INC-0101"))
    assert "<script>" not in run.out and "\u202e" not in run.out
    assert ("&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\[click\\]\\(javascript\\:alert\\(1\\)\\) \\\\u202e"
            in row)


def test_unknown_service_is_a_usage_error(root: Path, sms: SmsRunner) -> None:
    run = sms("report", "service", "SVC-0042", "--root", str(root), "--period", "2026-10")
    assert run.code == 2
    assert run.err.splitlines() == [f"sms: error: no valid service 'SVC-0042' in {root}",
                                    "    hint: known services: SVC-0001"]
