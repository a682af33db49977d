"""Evidence per clause (issue 16 part 3): the matrix page says what evidences each clause — documents or
records of the activity being done — and which; the kinds the evidence needs (complaints, service reports, the
audit programme) reach check and the site; `lead_auditor` names a person, and an old free-text value is refused
with what to change."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sms.site import pages
from sms.site.data import BuildCommit, SiteData
from sms.store.config import load_config
from sms.store.repository import load_repository
from tests.conftest import REPO_ROOT, SmsRunner

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "kinds"


@pytest.fixture(scope="module")
def example_pages() -> dict[str, str]:
    commit = BuildCommit("0123456789abcdef0123456789abcdef01234567", datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    return pages.build_pages(load_repository(REPO_ROOT, load_config(REPO_ROOT)),
                             SiteData(as_of=date(2026, 11, 30), commit=commit))


def row_of(page: str, clause: str) -> str:
    found = re.search(rf'<tr id="clause-{clause.replace(".", "-")}"[^>]*>.*?</tr>', page)
    assert found is not None, clause
    return found.group(0)


def cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_matrix_names_the_documents_and_the_records_of_each_clause(example_pages: dict[str, str]) -> None:
    page = example_pages[pages.COVERAGE]
    complaints = row_of(page, "8.3.2")
    number, _, status, kind, documents, records, missing, _ = cells(complaints)
    assert (number, status, kind, documents, missing) == ("8.3.2", "covered", "records of it being done",
                                                         "PRC-0003", "")
    assert records.split(", ") == [f"CMP-{n:04d}" for n in range(1, 8)]
    assert 'href="records/complaints/CMP-0001.html"' in complaints
    assert cells(row_of(page, "9.4"))[4:6] == ["PRC-0003, SLA-0001, SLA-0002, SLA-0003, SLA-0004, SLA-0005",
                                               "SR-0001, SR-0002"]
    assert 'href="records/service_reports/SR-0002.html"' in row_of(page, "9.4")


def test_a_clause_with_only_its_process_is_documented_not_evidenced(example_pages: dict[str, str]) -> None:
    page = example_pages[pages.COVERAGE]
    budgeting = row_of(page, "8.4.1")
    assert 'class="sms-depth-2 sms-coverage--documented"' in budgeting
    assert '<span class="sms-badge sms-badge--documented">documented, not evidenced</span>' in budgeting
    assert cells(budgeting)[3:6] == ["documents only", "PRC-0005", ""]
    assert "No record shows it being done" in budgeting
    assert "4 documented, not evidenced" in page  # 8.4.1, 8.4.2 and their headings 8.4 and 8


def test_new_kinds_have_registers_and_record_pages(example_pages: dict[str, str]) -> None:
    for kind, record in (("complaints", "CMP-0004"), ("service_reports", "SR-0001"),
                         ("audit_programmes", "AP-0001")):
        assert f"records/{kind}/{record}.md" in example_pages, kind
        assert f"registers/{kind}.md" in example_pages, kind
    assert "AUD-0001" in example_pages["records/audit_programmes/AP-0001.md"]


def test_an_old_free_text_lead_auditor_is_refused_with_what_to_change(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "sms"
    shutil.copytree(FIXTURE, root)
    audit = root / "records" / "audits" / "AUD-0001.yaml"
    text = audit.read_text(encoding="utf-8")
    line = text.splitlines().index("lead_auditor: d-auditor") + 1
    audit.write_text(text.replace("lead_auditor: d-auditor", "lead_auditor: Jane Doe (Certification Body)"),
                     encoding="utf-8")
    run = sms("check", "--today", "2026-11-25", "--base", "none", str(root))
    assert run.code == 1
    assert (f"records/audits/AUD-0001.yaml:{line}:1: error SMS012 lead_auditor must be a person id such as j-doe "
            "(lowercase letters, digits, hyphens)") in run.out
    assert ("hint: lead_auditor now names a person record: add the auditor under records/people/ (an external "
            "auditor too, with no roles) and write that id here") in run.out


def test_a_lead_auditor_who_is_no_person_is_a_broken_reference(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "sms"
    shutil.copytree(FIXTURE, root)
    audit = root / "records" / "audits" / "AUD-0001.yaml"
    audit.write_text(audit.read_text(encoding="utf-8").replace("lead_auditor: d-auditor", "lead_auditor: j-doe"),
                     encoding="utf-8")
    run = sms("check", "--today", "2026-11-25", "--base", "none", "--format", "json", str(root))
    found = [(f["rule"], f["path"]) for f in run.json()["findings"] if f["severity"] == "error"]
    assert found == [("SMS101", "records/audits/AUD-0001.yaml")]
