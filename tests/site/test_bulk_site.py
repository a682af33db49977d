"""Issue 14 part 5, the search index at 100,000 records: a kind with more records than `bulk_after` (5,000 CIs
there) keeps its pages, but search finds each of its records by its own entry only. Its link tables, its empty
findings sections and its register table stay out of the index, and so do links to its records on other pages.
On a real `mkdocs build --strict` of the example SMS with bulk_after: 14 (15 CIs: bulk; 14 people: not)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tests.site.conftest import copy_example, mkdocs_build
from tests.site.htmlcheck import broken_links, parse

CIS = sorted(path.stem for path in (REPO_ROOT / "records/cis").glob("*.yaml"))
PEOPLE = sorted(path.stem for path in (REPO_ROOT / "records/people").glob("*.yaml"))


@pytest.fixture(scope="module")
def bulk_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert len(CIS) > 14 >= len(PEOPLE), "the example's CIs must be above the threshold and its people not"
    root = copy_example(tmp_path_factory.mktemp("bulk") / "sms")
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("\n  - sms\n", "\n  - sms:\n      bulk_after: 14\n"),
                                     encoding="utf-8")
    out = root / "site"
    proc = mkdocs_build(root / "mkdocs.yml", out)
    assert proc.returncode == 0, proc.stderr
    return out


def index(site: Path) -> dict[str, str]:
    found: dict[str, Any] = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc["text"] for doc in found["docs"]}


def test_a_bulk_kind_keeps_its_pages_and_every_section_on_them(bulk_site: Path) -> None:
    assert broken_links(bulk_site) == []
    page = parse(bulk_site / f"records/cis/{CIS[0]}.html")
    assert {"details", "traceability", "findings"} <= set(page.ids), "the page still shows its links and findings"
    html = (bulk_site / f"records/cis/{CIS[0]}.html").read_text(encoding="utf-8")
    assert "Links out" in html and 'href="#traceability"' in html, "and its table of contents names them"


def test_search_finds_a_bulk_record_by_its_own_entry_without_its_links(bulk_site: Path) -> None:
    docs = index(bulk_site)
    for ci in CIS:
        assert f"records/cis/{ci}.html" in docs, "the record itself: its id and title"
        assert f"records/cis/{ci}.html#details" in docs, "and its fields"
        assert f"records/cis/{ci}.html#traceability" not in docs
        assert f"records/cis/{ci}.html#findings" not in docs, "no CI of the example has findings"
        assert "Owner" not in docs[f"records/cis/{ci}.html"], "the facts table repeats the register: left out"
    assert not any(ci in docs["registers/cis.html"] for ci in CIS), "the register's rows are not one huge entry"


def test_links_to_bulk_records_stay_out_of_other_pages_entries_and_other_kinds_are_unchanged(bulk_site: Path) -> None:
    docs = index(bulk_site)
    services = [location for location, text in docs.items()
                if location.startswith("records/services/") and location.endswith("#traceability")]
    assert services, "a service's links are still searched: services are not bulk"
    assert not any(ci in docs[location] for location in services for ci in CIS)
    person = f"records/people/{PEOPLE[0]}.html"
    assert f"{person}#traceability" in docs and "Owner" in docs[person], "people are below the threshold"
