"""Register CSVs: plain values, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from sms.core.text import spreadsheet_cell
from sms.site.data import SiteData
from sms.site.pages.exports import register_csv
from sms.site.pages.site import Site
from sms.store.config import load_config
from sms.store.repository import load_repository
from tests.conftest import SmsRunner, write_tree


def test_a_title_that_looks_like_a_formula_stays_text(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/people/c-evil.yaml": """\
        # yaml-language-server: $schema=../../schemas/person.schema.json
        apiVersion: sms/v1
        kind: person
        id: c-evil
        title: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"
        owner: sms-manager
        """})
    repo = load_repository(base_sms, load_config(base_sms))
    rows = list(csv.reader(io.StringIO(register_csv(Site(repo, SiteData(as_of=date(2026, 11, 30))), "person"))))
    evil = next(row for row in rows if row[0] == "c-evil")
    assert evil[1] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert rows[0][:3] == ["Id", "Title", "Owner"]


def test_spreadsheet_cell() -> None:
    assert [spreadsheet_cell(value) for value in ("=1+1", "+1", "-1", "@x", "plain", "")] == [
        "'=1+1", "'+1", "'-1", "'@x", "plain", ""]
