"""The site shows a document changed after its approval (SMS313): a notice on the document's page naming both
commits, the commits since the approval, and a flag in the document register; real `mkdocs build --strict`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SmsRunner, commit_all, git_init
from tests.site.conftest import WHEN, copy_example, mkdocs_build
from tests.site.htmlcheck import parse

pytestmark = pytest.mark.slow

SLA = "records/slas/SLA-0002.yaml"
SUBJECT = "Add a <b>P2</b> latency target"  # a commit subject is text from outside: shown, never rendered


def row_of(page: str, record_id: str) -> str:
    """The register row (<tr>…</tr>) whose first cell links to `record_id`."""
    match = re.search(rf"<tr>(?:(?!</tr>).)*?>{record_id}</a>(?:(?!</tr>).)*</tr>", page, re.DOTALL)
    assert match is not None, f"no row for {record_id}"
    return match.group(0)


def test_a_document_changed_after_approval_is_flagged_on_its_page_and_in_the_register(
        tmp_path: Path, sms: SmsRunner) -> None:
    root = copy_example(tmp_path / "sms")
    repo = git_init(root)
    approval = commit_all(repo, "The example SMS", WHEN)
    sla = root / SLA
    sla.write_text(sla.read_text(encoding="utf-8").replace("calendar: 24x7", """\
  - metric: latency
    description: Time to a score for batch screening calls.
    target: 400
    unit: milliseconds
    percentile: 95
    comparison: at_most
    period: monthly
calendar: 24x7""", 1), encoding="utf-8")
    change = commit_all(repo, SUBJECT, "2026-03-09T10:00:00+01:00")

    proc = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site/records/slas/SLA-0002.html").read_text(encoding="utf-8")
    notice = re.search(r'<p class="sms-warning sms-changed-after-approval">.*?</p>', page, re.DOTALL)
    assert notice is not None, "no 'Changed after approval' notice"
    assert "Changed after approval" in notice.group(0)
    assert f"<code>{change[:7]}</code>" in notice.group(0) and f"<code>{approval[:7]}</code>" in notice.group(0)
    assert "Add a &lt;b&gt;P2&lt;/b&gt; latency target" in notice.group(0) and "<b>P2</b>" not in page
    assert 'id="since-approval"' in page and "Commits since approval" in page
    since = page[page.index('id="since-approval"'):]
    assert re.search(rf"<tr><td><code>{change[:7]}</code></td>.*?<td>yes</td></tr>", since) is not None
    assert parse(tmp_path / "site/records/slas/SLA-0002.html").inline_handlers == []

    register = (tmp_path / "site/documents.html").read_text(encoding="utf-8")
    assert "sms-badge--changed_after_approval" in row_of(register, "SLA-0002")
    assert "sms-badge--changed_after_approval" not in row_of(register, "SLA-0001")
    assert register.count('class="sms-badge sms-badge--changed_after_approval"') == 1

    # The page's findings are sms check's: SMS313 at the same place, with --base none too.
    run = sms("check", "--format", "json", "--base", "none", str(root))
    assert [(f["path"], f["line"]) for f in run.json()["findings"] if f["rule"] == "SMS313"] == [(SLA, 8)]
    findings = page[page.index('id="findings"'):page.index('id="revision-history"')]
    assert "SMS313" in findings and f"content changed in {change[:7]}" in findings


def test_an_untouched_approved_document_lists_no_commits_since_approval(example_site: Path) -> None:
    page = (example_site / "records/slas/SLA-0002.html").read_text(encoding="utf-8")
    assert "Changed after approval" not in page
    assert "No commit has changed this document since its approval." in page
    assert "sms-badge--changed_after_approval" not in (example_site / "documents.html").read_text(encoding="utf-8")
