"""The site of a repository `sms init` just wrote builds with `mkdocs build --strict`, offline, and shows the
clauses the profile leaves for later as planned on the coverage matrix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SmsRunner, commit_all, git_init
from tests.site.conftest import WHEN, mkdocs_build

pytestmark = pytest.mark.slow


def test_a_new_operations_repository_publishes_its_site(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "nordwind"
    assert sms("init", str(root), "--org", "Nordwind Logistics & Co", "--profile", "operations",
               "--today", "2026-03-02").code == 0
    commit_all(git_init(root), "sms init", WHEN)
    built = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    # Material puts site_name into the title as it is; a bare '&' before a space is text to every HTML parser.
    assert "<title>Nordwind Logistics &amp; Co - Nordwind Logistics & Co — service management system</title>" in home
    assert "This is the service management system of Nordwind Logistics &amp; Co, kept as code" in home
    assert not re.search(r"""<(?:script|link)[^>]+(?:src|href)=["']https?://""", home)  # nothing from elsewhere
    matrix = (tmp_path / "site/coverage.html").read_text(encoding="utf-8")
    row = re.search(r'<tr id="[^"]*"[^>]*><td data-sort="9\.2">9\.2</td>.*?</tr>', matrix)
    assert row is not None
    assert '<span class="sms-badge sms-badge--planned">planned</span>' in row.group()
    assert "Planned for a later phase" in row.group()
    assert re.search(r"\d+ covered, \d+ documented, not evidenced, \d+ partial, 0 gap, \d+ planned, 0 excluded", matrix)
