"""Record pages that read well (issue 16 part 5): fixed words as labels, timestamps in the organisation's time
zone with the ISO value in a tooltip, one links-out row per neighbour, people and roles registers by name, and
a change's risk, approver role and the evidence its status requires."""

from __future__ import annotations

import html
import re
import shutil
import typing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from sms.models import KINDS
from sms.site import pages
from sms.site.data import SiteData
from sms.site.fields import label_value
from sms.store.config import load_config
from sms.store.repository import Repository, load_repository
from tests.conftest import REPO_ROOT
from tests.unit.test_site_actions import _Rows
from tests.unit.test_site_pages import FIXTURE

AS_OF = date(2026, 11, 25)


@pytest.fixture(scope="module")
def kinds_pages() -> dict[str, str]:
    repo = load_repository(FIXTURE, load_config(FIXTURE))
    return pages.build_pages(repo, SiteData(as_of=AS_OF))


@pytest.fixture(scope="module")
def example() -> Repository:
    return load_repository(REPO_ROOT, load_config(REPO_ROOT))


def section(page: str, heading: str) -> _Rows:
    """The first table under a `## heading` (or `<h3>heading</h3>`) of a generated page."""
    start = page.index(f"## {heading}\n") if f"## {heading}\n" in page else page.index(f"<h3>{heading}</h3>")
    found = _Rows()
    found.feed(page[start:].split("</table>", 1)[0] + "</table>")
    return found


def literal_words(model: type[BaseModel], seen: set[type[Any]] | None = None) -> set[str]:
    """Every word a Literal of the model (and the models inside it) allows."""
    seen = seen if seen is not None else set()
    words: set[str] = set()

    def walk(annotation: Any) -> None:
        origin = typing.get_origin(annotation)
        if origin is typing.Literal:
            words.update(arg for arg in typing.get_args(annotation) if isinstance(arg, str))
        elif origin is not None:
            for arg in typing.get_args(annotation):
                walk(arg)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in seen:
            seen.add(annotation)
            for info in annotation.model_fields.values():
                walk(info.annotation)

    walk(model)
    return words


def shown_text(page: str) -> str:
    """What a reader sees of a generated page's body: tags, code (field names as written) and tooltips gone."""
    body = page.split("\n---\n", 1)[1]
    body = re.sub(r"<code>.*?</code>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_no_raw_enum_word_in_the_text_of_any_record_register_or_overview_page(kinds_pages: dict[str, str]) -> None:
    words = {word for kind in KINDS for word in literal_words(KINDS[kind]) if "_" in word}
    assert {"at_least", "error_rate", "action_planned", "known_error"} <= words
    leaks = {path: sorted(word for word in words if re.search(rf"(?<![\w/]){word}(?![\w/])", shown_text(page)))
             # the rule and field reference quote values as they are written in YAML, on purpose
             for path, page in kinds_pages.items() if not path.startswith(("rules/", "reference/"))}
    assert {path: found for path, found in leaks.items() if found} == {}


def test_labels_are_derived_with_a_few_overrides() -> None:
    assert label_value("action_planned") == "action planned"
    assert label_value("known_error") == "known error"
    assert label_value("error_rate") == "error rate"
    assert label_value("sla") == "SLA" and label_value("rto") == "RTO"
    assert label_value("percent") == "%"


def test_timestamps_are_in_the_organisations_time_zone_with_the_iso_value_as_tooltip(example: Repository) -> None:
    page = pages.build_pages(example, SiteData(as_of=AS_OF))["records/changes/CHG-0008.md"]
    history = section(page, "Lifecycle history")
    assert history.rows[0][1] == "21 Sep 2026, 16:30 CEST" and history.rows[3][1] == "10 Nov 2026, 10:35 CET"
    assert ('<time datetime="2026-11-10T10:35:00+01:00" title="2026-11-10T10:35:00+01:00">10 Nov 2026, 10:35 CET'
            "</time>") in page
    assert "2026-11-10T10:35:00+01:00</" not in page, "no raw ISO timestamp as text"


def test_timestamps_of_an_sms_without_calendar_are_in_utc(kinds_pages: dict[str, str]) -> None:
    history = section(kinds_pages["records/changes/CHG-0001.md"], "Lifecycle history")
    assert history.rows[0][1] == "1 Sep 2026, 08:00 UTC"


def test_links_out_group_the_history_entries_of_one_person(kinds_pages: dict[str, str]) -> None:
    links = section(kinds_pages["records/changes/CHG-0001.md"], "Links out")
    by_record = {row[0]: row for row in links.rows}
    assert len(by_record) == len(links.rows), "one row per neighbour"
    people = {row[0]: row[3] for row in links.rows if row[1] == "Person"}
    assert len(people) == 3
    assert sorted(people.values()) == ["approved_by, history ×3", "history ×2, requested_by",
                                       "history ×3, implementer"]
    assert all(row[2] == "" for row in links.rows if row[1] == "Person"), "no name repeated as a title"


@pytest.mark.parametrize("kind", ["person", "role"])
def test_people_and_roles_registers_show_name_and_id_sorted_by_name(kind: str, kinds_pages: dict[str, str]) -> None:
    register = _Rows()
    register.feed(kinds_pages[pages.register_path(kind)])
    assert register.headers[:3] == ["Name", "Id", "Owner"]
    names = [row[0] for row in register.rows]
    assert names == sorted(names, key=str.casefold) and len(names) >= 3
    assert all(re.fullmatch(r"[a-z0-9-]+", row[1]) for row in register.rows), "the Id column shows the slug"
    assert all(row[0] != row[1] for row in register.rows)


def test_a_change_page_shows_risk_band_approver_role_and_the_evidence_its_status_requires(
        tmp_path: Path) -> None:
    root = tmp_path / "sms"
    shutil.copytree(FIXTURE, root)
    change = root / "records/changes/CHG-0001.yaml"
    source = change.read_text(encoding="utf-8")
    change.write_text(re.sub(r"backout_plan: .*\n", "", source), encoding="utf-8")
    repo = load_repository(root, load_config(root))
    page = pages.build_pages(repo, SiteData(as_of=AS_OF))["records/changes/CHG-0001.md"]
    text = shown_text(page)
    assert "Risk likelihood 2 × impact 3 = 6 medium" in " ".join(text.split())
    assert re.search(r"Approver role\s+Change manager — Ben Approver (holds|does not hold) it on 2026-09-03",
                     " ".join(text.split()))
    evidence = section(page, "Status evidence")
    assert evidence.headers == ["From status", "Requires", "Fields", "State"]
    states = {row[1]: row[3] for row in evidence.rows}
    assert states["the backout plan"] == "missing" and states["the risk assessment"] == "met"
    assert states["the post-implementation review"] == "met"
    assert "1 requirement of the statuses reached so far missing" in " ".join(text.split())


def test_evidence_not_reached_yet_is_said_so(example: Repository) -> None:
    page = pages.build_pages(example, SiteData(as_of=AS_OF))["records/changes/CHG-0008.md"]
    states = {row[1]: row[3] for row in section(page, "Status evidence").rows}
    assert states["the implementation window"] == "met" and states["who implemented it"] == "not yet due"


def test_days_read_as_days_with_the_iso_value_as_tooltip(kinds_pages: dict[str, str]) -> None:
    page = kinds_pages["records/risks/RSK-0001.md"]
    assert '<time datetime="2027-07-01" title="2027-07-01">1 Jul 2027</time>' in page
    assert ">2027-07-01<" not in page
