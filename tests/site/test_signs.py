"""The site writes a comparison (an SLA target's `comparison`, a KPI's `direction`) from one table, keyed like the
plain-text one the CLI uses (sms.models.service.SIGNS), with ≥ and ≤ where the CLI prints >= and <=."""

from __future__ import annotations

from sms.models import service
from sms.site.pages import measures
from tests.conftest import REPO_ROOT


def test_the_site_signs_are_the_cli_signs_in_html() -> None:
    assert measures.SIGNS == {"at_least": "≥", "at_most": "≤", "higher_is_better": "≥", "lower_is_better": "≤"}
    assert measures.SIGNS.keys() == service.SIGNS.keys()
    assert {key: sign.replace(">=", "≥").replace("<=", "≤") for key, sign in service.SIGNS.items()} == measures.SIGNS


def test_no_other_site_module_keeps_a_table_of_signs() -> None:
    """≥ and ≤ are written in one place, so an SLA page, the KPI page and a report cannot disagree."""
    site = REPO_ROOT / "sms" / "site"
    holding = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.py")
                     if {"≥", "≤"} & set(path.read_text(encoding="utf-8")))
    assert holding == ["pages/measures.py"]
