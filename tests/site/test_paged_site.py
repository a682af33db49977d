"""Issue 14 part 5 on a real `mkdocs build --strict`: the example SMS with every dated kind forced into month
pages (plugin option paged_after: 0, page_size: 5). Links to a paged record land on its anchor, and the search
index holds the record's id and key fields as an entry of its own, not its full text."""

from __future__ import annotations

import json
import posixpath
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tests.site.conftest import copy_example, mkdocs_build
from tests.site.htmlcheck import broken_links, parse


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("paged") / "sms")
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - sms\n" in config
    (root / "mkdocs.yml").write_text(config.replace("\n  - sms\n", "\n  - sms:\n      paged_after: 0\n"
                                                    "      page_size: 5\n"), encoding="utf-8")
    out = root / "site"
    proc = mkdocs_build(root / "mkdocs.yml", out)
    assert proc.returncode == 0, proc.stderr
    return out


def test_a_paged_site_builds_strictly_with_every_link_resolving(paged_site: Path) -> None:
    assert broken_links(paged_site) == []
    assert not (paged_site / "records/incidents").exists() and not (paged_site / "records/changes").exists()
    assert (paged_site / "records/problems/PRB-0001.html").is_file()  # low-volume kinds keep a page each
    assert (paged_site / "registers/changes/2026-11.html").is_file()
    assert (paged_site / "registers/changes/2026-11-2.html").is_file()  # seven changes in November: 5 + 2


def test_each_month_page_has_an_anchor_per_record(paged_site: Path) -> None:
    incidents = sorted(path.stem for path in (REPO_ROOT / "records/incidents").glob("*.yaml"))
    found: list[str] = []
    for page in sorted((paged_site / "registers/incidents").glob("*.html")):
        found += [record_id for record_id in incidents if record_id in parse(page).ids]
    assert sorted(found) == incidents


def test_a_link_from_another_record_page_lands_on_the_anchor(paged_site: Path) -> None:
    page = "records/problems/PRB-0001.html"
    hrefs = [href for href in parse(paged_site / page).links if href.endswith("#INC-0009")]
    assert hrefs == ["../../registers/incidents/2026-11.html#INC-0009"] * len(hrefs) and hrefs
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), hrefs[0].split("#")[0]))
    assert "INC-0009" in parse(paged_site / target).ids


def test_the_search_index_has_a_paged_record_as_an_entry_without_its_full_text(paged_site: Path) -> None:
    index: dict[str, Any] = json.loads((paged_site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = [doc for doc in index["docs"] if doc["location"] == "registers/incidents/2026-11.html#INC-0009"]
    assert len(entries) == 1
    assert entries[0]["title"] == "INC-0009 HSM response times rising on node B - workaround applied"
    assert entries[0]["text"] == "closed, P2"
    resolution = "runbook RB-HSM-04"  # in INC-0009's detail on the page, and nowhere else
    assert resolution in (paged_site / "registers/incidents/2026-11.html").read_text(encoding="utf-8")
    assert not [doc["location"] for doc in index["docs"] if resolution in doc["text"]]
    assert not [doc["location"] for doc in index["docs"] if "Lifecycle history" in doc["text"]
                and doc["location"].startswith("registers/")]
    # A CI's links from month-page records stay on its page, out of the index (those records have entries).
    ci = next(doc["text"] for doc in index["docs"] if doc["location"] == "records/cis/CI-0006.html#traceability")
    assert "INC-0009" not in ci and "INC-0009" in (paged_site / "records/cis/CI-0006.html").read_text(encoding="utf-8")
    # Pages naming paged records link them but leave their ids to the records' own entries.
    coverage = next(doc["text"] for doc in index["docs"] if doc["location"] == "coverage.html")
    page = (paged_site / "coverage.html").read_text(encoding="utf-8")
    assert 'href="registers/changes/2026-11.html#CHG-0012"' in page and "CHG-0012" not in coverage
    assert "POL-0001" in coverage  # a controlled document keeps its page and its mentions


@pytest.mark.parametrize(("option", "message"), [
    ("paged_after", "sms: paged_after must be 0 or more and page_size 1 or more"),
    ("bulk_after", "sms: bulk_after must be 0 or more"),
])
def test_a_negative_threshold_fails_the_build_with_one_line(tmp_path: Path, option: str, message: str) -> None:
    root = copy_example(tmp_path / "sms")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("\n  - sms\n", f"\n  - sms:\n      {option}: -1\n"),
                                     encoding="utf-8")
    proc = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 1
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_generated_sms_past_the_threshold_builds_strictly_and_keeps_paged_links_out_of_search(
        tmp_path: Path) -> None:
    """tools/generate_sms.py's 60 service-desk records (27 incidents, 21 requests, 12 changes) with paged_after: 10:
    changes go to month pages, and the change manager role, which owns all 12, keeps its page with the links but
    leaves them out of the search index."""
    root = tmp_path / "sms"
    subprocess.run([sys.executable, str(REPO_ROOT / "tools/generate_sms.py"), "60", str(root)], check=True,
                   capture_output=True)
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Generated\n", encoding="utf-8")
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("\n  - sms\n", "\n  - sms:\n      paged_after: 10\n"),
                                     encoding="utf-8")
    proc = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    assert broken_links(site) == []
    months = sorted((site / "registers/changes").glob("*.html"))
    assert months and not (site / "records/changes").exists()
    assert sorted(i for page in months for i in parse(page).ids if i.startswith("CHG-")) == [
        f"CHG-{n:04d}" for n in range(1, 13)]
    role = (site / "records/roles/change-manager.html").read_text(encoding="utf-8")
    assert role.count('href="../../registers/changes/') >= 12  # every change it owns, linked to its anchor
    index: dict[str, Any] = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    traceability = next(doc["text"] for doc in index["docs"]
                        if doc["location"] == "records/roles/change-manager.html#traceability")
    assert "CHG-0001" not in traceability and "Clauses evidenced" in traceability
