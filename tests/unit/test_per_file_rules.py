"""The rules flagged per-file really are: on every failing example of such a rule, running it on each record alone
(with the records of the kinds it is given, and every id) gives exactly the findings it gives over the whole
repository, each about that record's own file. That is what lets `sms check --changed-since` run them on the changed
files only and lose nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from sms.check.run import run_check
from sms.core.findings import Finding, Severity
from sms.rules.catalogue import Catalogue, catalogue
from sms.rules.context import CheckContext, UndatedRead
from sms.rules.registry import IDS, Rule, rule
from sms.store.config import load_config
from sms.store.repository import load_repository
from tests.test_cases import BASE_DIR, DEFAULT_TODAY, TODAY, build_case, case_dirs

PER_FILE = [rule for rule in catalogue() if rule.per_file and rule.check is not None]
CASES = [(rule, case) for rule in PER_FILE for case in case_dirs("fail") if case.parent.parent.name == rule.id]


def test_the_heavy_per_record_rules_are_flagged() -> None:
    assert {rule.id for rule in PER_FILE} >= {"SMS114", "SMS115", "SMS301", "SMS302", "SMS303", "SMS315"}
    assert not any(rule.per_file for rule in catalogue() if rule.id in ("SMS103", "SMS205"))
    assert {rule.id: rule.given for rule in PER_FILE if rule.given} == {
        "SMS101": (IDS,), "SMS102": (IDS,), "SMS308": ("person", "role")}
    # Those whose findings move with the day: only theirs are judged again on a new day (Rule.dated).
    assert {rule.id for rule in PER_FILE if rule.dated} == {"SMS107", "SMS111", "SMS202", "SMS206", "SMS306",
                                                            "SMS314"}


def test_a_per_file_rule_that_reads_the_day_undeclared_is_a_bug(tmp_path: Path) -> None:
    """Run without the day, it fails naming itself (sms exits 3), rather than have its findings kept across days."""

    @rule("SMS999", Severity.ERROR, ("7.5.2",), per_file=True)
    def reads_the_day(ctx: CheckContext) -> Iterator[Finding]:
        """Finds every record dated after today."""
        yield from (reads_the_day.finding(str(ctx.today), entry.location()) for entry in ctx.repo.entries)

    root = build_case(case_dirs("fail")[0], tmp_path)
    repo = load_repository(root, load_config(root))
    with pytest.raises(UndatedRead, match=r"^rule SMS999 read the day but is not declared dated"):
        run_check(repo, None, today=date(2026, 11, 30), rules=Catalogue({**catalogue().rules, "SMS999": reads_the_day}))
    dated = replace(reads_the_day, dated=True)
    found = run_check(repo, None, today=date(2026, 11, 30), rules=Catalogue({**catalogue().rules, "SMS999": dated}))
    assert {finding.message for finding in found.findings if finding.rule == "SMS999"} == {"2026-11-30"}


@pytest.mark.parametrize(("rule", "case"), CASES, ids=[f"{rule.id}-{case.name}" for rule, case in CASES])
def test_per_file_rule_judges_each_record_alone(rule: Rule, case: Path, tmp_path: Path) -> None:
    assert not (case / BASE_DIR).is_dir(), "a rule that compares with a git base is cross-record"
    root = build_case(case, tmp_path)
    repo = load_repository(root, load_config(root))
    today = date.fromisoformat((case / TODAY).read_text().strip() if (case / TODAY).is_file() else DEFAULT_TODAY)
    context = CheckContext(repo=repo, config=repo.config, day=today)
    whole = sorted(rule.check(context), key=lambda finding: finding.sort_key()) if rule.check else []
    assert whole, f"{rule.id} found nothing in its failing example {case}"
    alone = []
    for entry in repo.entries:
        given = [other for other in repo.entries if other.kind in rule.given and other is not entry]
        found = list(rule(replace(context, repo=replace(repo, entries=[entry, *given]))))
        assert all(finding.location.path == entry.path for finding in found)
        alone.extend(found)
    assert sorted(alone, key=lambda finding: finding.sort_key()) == whole


def test_architecture_lists_the_per_file_rules() -> None:
    text = (Path(__file__).resolve().parents[2] / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("Per-file today:", 1)[1].split("A new rule", 1)[0]
    listed = set(re.findall(r"SMS\d{3}", section))
    low, high = (int(bound) for bound in re.findall(r"SMS0(\d\d)–SMS0(\d\d)", section)[0])
    listed |= {f"SMS0{number:02d}" for number in range(low, high + 1)}
    assert listed == {rule.id for rule in catalogue() if rule.per_file}
