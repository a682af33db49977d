"""The site caps what it lists per rule as every CLI report does (limits.max_findings_per_rule): the Findings
page's open and waived findings and a rule's page list the first N of a rule in sorted order and one line
counting the rest, worded like the reports' line, while the page's counts keep every finding."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import BASE, REPO_ROOT, write_tree
from tests.site.conftest import mkdocs_build

pytestmark = pytest.mark.slow

WAIVER = """\
  waivers:  # under the base's `rules:`
    - rule: SMS101
      path: records/people/w-*.yaml
      reason: The people register is being moved into the HR system this quarter.
      approved_by: b-approver
      expires: 2027-06-30
limits:
  max_findings_per_rule: 2
"""


def person(person_id: str) -> str:
    """A person holding a role that does not exist: one SMS101 error."""
    return (f"# yaml-language-server: $schema=../../schemas/person.schema.json\napiVersion: sms/v1\nkind: person\n"
            f"id: {person_id}\ntitle: Person {person_id}\nowner: sms-manager\n"
            "roles:\n  - role: no-such-role\n    since: 2025-01-01\n")


@pytest.fixture(scope="module")
def capped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5 waived SMS101 findings (w-1..w-5, one path waiver) and 3 open ones (o-1..o-3), limit 2, built once."""
    root = tmp_path_factory.mktemp("capped") / "sms"
    shutil.copytree(BASE, root)
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    write_tree(root, {"docs/index.md": "# Home\n"})
    write_tree(root, {f"records/people/{who}.yaml": person(who)
                      for who in ("w-1", "w-2", "w-3", "w-4", "w-5", "o-1", "o-2", "o-3")})
    config = root / "sms.yaml"
    config.write_text(config.read_text(encoding="utf-8") + WAIVER, encoding="utf-8")
    out = root.parent / "site"
    proc = mkdocs_build(root / "mkdocs.yml", out)
    assert proc.returncode == 0, proc.stderr
    return out


def people(html: str) -> list[str]:
    """The people a stretch of a page lists, in order, once per table row."""
    return [match for row in html.split("<tr")[1:] for match in re.findall(r">(?:Person )?([wo]-\d)<", row)[:1]]


def test_findings_page_lists_two_of_a_rule_and_one_line_for_the_rest(capped_site: Path) -> None:
    page = (capped_site / "findings.html").read_text(encoding="utf-8")
    errors, waived = page.split('id="errors"')[1].split('id="warnings"')[0], page.split('id="waived"')[1]
    assert people(errors) == ["o-1", "o-2"]
    assert people(waived) == ["w-1", "w-2"]
    assert ('<p class="sms-omitted">SMS101: 1 more finding not shown (limits.max_findings_per_rule = 2)</p>'
            in errors)
    assert ('<p class="sms-omitted">SMS101: 3 more waived findings not shown (limits.max_findings_per_rule = 2)'
            "</p>" in waived)
    assert "3 errors" in page and "5 findings are waived" in page  # the counts keep every finding


def test_a_rule_page_is_capped_the_same_way(capped_site: Path) -> None:
    page = (capped_site / "rules" / "SMS101.html").read_text(encoding="utf-8")
    listed = page.split('id="in-this-sms"')[1]
    assert people(listed) == ["o-1", "o-2"]
    assert "SMS101: 1 more finding not shown (limits.max_findings_per_rule = 2)" in listed
