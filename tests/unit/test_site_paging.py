"""Issue 14 part 5: high-volume kinds are published in register pages per month with an anchor per record, once
a kind has more than `paged_after` records; every link to such a record points at its anchor."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sms.site import pages
from sms.store.config import load_config
from sms.store.repository import Repository, load_repository
from tests.conftest import REPO_ROOT
from tests.site.htmlcheck import PageParser
from tests.unit.test_site_pages import check_links, site_data

INCIDENTS = sorted(path.stem for path in (REPO_ROOT / "records/incidents").glob("*.yaml"))
CHANGES = sorted(path.stem for path in (REPO_ROOT / "records/changes").glob("*.yaml"))


def example(root: Path) -> Repository:
    return load_repository(root, load_config(root))


@pytest.fixture(scope="module")
def example_repo() -> Repository:
    return example(REPO_ROOT)


def ids_on(page: str) -> set[str]:
    parser = PageParser()
    parser.feed(page)
    return parser.page.ids


def test_a_kind_is_paged_only_above_the_threshold(example_repo: Repository) -> None:
    assert len(INCIDENTS) == 31 and len(CHANGES) == 25  # the example, as this test reads it
    generated = pages.build_pages(example_repo, site_data(paged_after=len(CHANGES)))  # 25 changes: not above it
    assert all(pages.record_path("change", record_id) in generated for record_id in CHANGES)
    assert not [path for path in generated if path.startswith("registers/changes/")]
    assert not [path for path in generated if path.startswith("records/incidents/")]
    months = [path for path in generated if path.startswith("registers/incidents/")]
    assert months and all(re.fullmatch(r"registers/incidents/\d{4}-\d{2}(-\d+)?\.md", path) for path in months)
    anchored = [record_id for path in months for record_id in INCIDENTS if record_id in ids_on(generated[path])]
    assert sorted(anchored) == INCIDENTS, "one anchor per incident, on exactly one month page"
    assert not any(pages.in_nav(path) for path in months)
    register = generated[pages.register_path("incident")]
    assert 'href="../registers/incidents/2026-11.html"' in register and "INC-0001" not in register


@pytest.mark.parametrize("directory_urls", [False, True], ids=["html-urls", "directory-urls"])
def test_every_link_resolves_when_every_dated_kind_is_paged(example_repo: Repository, directory_urls: bool) -> None:
    generated, downloads = pages.build_site(example_repo, site_data(paged_after=0, page_size=3,
                                                                    directory_urls=directory_urls))
    assert check_links(generated, directory_urls, frozenset(downloads)) == []
    problem = generated[pages.record_path("problem", "PRB-0001")]
    target = ("../../../registers/incidents/2026-11/#INC-0009" if directory_urls  # from records/problems/PRB-0001/
              else "../../registers/incidents/2026-11.html#INC-0009")
    assert f'href="{target}"' in problem
    for kind in ("incident", "request", "change", "release"):
        assert not [path for path in generated if path.startswith(f"records/{KIND_FOLDERS[kind]}/")], kind


KIND_FOLDERS = {"incident": "incidents", "request": "requests", "change": "changes", "release": "releases"}


def test_a_busy_month_is_split_into_fixed_parts_oldest_first(example_repo: Repository) -> None:
    generated = pages.build_pages(example_repo, site_data(paged_after=0, page_size=2))
    october = [path for path in generated if path.startswith("registers/incidents/2026-10")]
    assert sorted(october) == ["registers/incidents/2026-10-2.md", "registers/incidents/2026-10-3.md",
                               "registers/incidents/2026-10.md"]  # five incidents: 2, 2 and 1
    first, last = generated["registers/incidents/2026-10.md"], generated["registers/incidents/2026-10-3.md"]
    assert {"INC-0007", "INC-0013"} <= ids_on(first)  # reported on 6 and 8 October
    assert "INC-0012" in ids_on(last)  # reported on 21 October, the latest
    assert '"Incidents: October 2026, part 3 of 3"' in last
    assert 'Newer: <a href="../../registers/incidents/2026-10-2.html">' in last
    assert 'Older: <a href="../../registers/incidents/2026-09.html">' in last


def test_the_month_is_the_organisations_not_utc(tmp_path: Path) -> None:
    root = tmp_path / "sms"
    for name in ("policies", "records", "sms.yaml"):
        source = REPO_ROOT / name
        shutil.copytree(source, root / name) if source.is_dir() else shutil.copy(source, root / name)
    incident = root / "records/incidents/INC-0001.yaml"
    # 23:30 UTC on 31 March is 01:30 on 1 April in Leipzig (calendars.default: Europe/Berlin).
    incident.write_text(re.sub(r"(?m)^reported_at: .*$", "reported_at: 2026-03-31T23:30:00Z",
                               incident.read_text(encoding="utf-8")), encoding="utf-8")
    generated = pages.build_pages(example(root), site_data(paged_after=0))
    assert "INC-0001" in ids_on(generated["registers/incidents/2026-04.md"])
    assert "INC-0001" not in ids_on(generated.get("registers/incidents/2026-03.md", ""))


def test_the_detail_of_a_paged_record_is_kept_out_of_search_but_its_keys_are_not(example_repo: Repository) -> None:
    page = pages.build_pages(example_repo, site_data(paged_after=0))["registers/incidents/2026-11.md"]
    heading = page.index('<h2 id="INC-0009"')
    keys = re.search(r'<div class="sms-keys">([^<]*)</div>', page[heading:])
    assert keys is not None and keys.group(1) == "closed, P2"
    detail = page.index("Applied KE-0001 (runbook RB-HSM-04)")
    excluded = page.rindex('<section data-search-exclude="detail">', 0, detail)
    assert heading < excluded < detail and "</section>" not in page[excluded:detail]
    assert "<section" not in page[excluded + 1:detail], "Material's search stops skipping at a nested section"
