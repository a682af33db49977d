"""Every rule has passing and failing example repositories under tests/cases/<RULE>/{pass,fail}/<case>/.

Each case folder is laid over tests/cases/_base (the smallest valid SMS). A case may start from a larger
tree that several cases share instead of copying it: `tree.txt` names a folder under tests/cases (e.g.
`_complete`, an SMS that evidences every clause), laid over _base first, and `removed.txt` lists the paths
(files or folders) the case takes out of that tree, one per line; the case's own files then change it.
A failing case lists the findings it must produce in `expected.txt`, one `path:line RULE` per line; the
rule must fire exactly there. A passing case must produce no finding of its rule. An optional `today.txt`
fixes the date the case is judged on, so time-dependent rules have stable examples. Git-aware rules use
`base/` (committed first on main) and `target/` (committed on main after the PR branched): the case's own
files are the PR's work tree, checked with `--base main`; `deleted.txt` lists files the PR deletes from it.
Rules over the whole history (SMS313) also use `later/`: files committed on the PR branch after base/, so
that the branch's history holds two commits.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sms.rules.catalogue import all_rules
from tests.conftest import BASE, CASES, SmsRunner, commit_all, git_init

EXPECTED = "expected.txt"
TODAY = "today.txt"  # optional: the date the case is judged on (`sms check --today`), for time-dependent rules
BASE_DIR = "base"  # optional: files committed first on `main`; the case's other files are the PR's change
TARGET_DIR = "target"  # optional: files committed on `main` after the PR branched off (its target moved on)
LATER_DIR = "later"  # optional: files committed on the PR branch after base/ (a history of two commits)
TREE = "tree.txt"  # optional: the shared tree (a folder under tests/cases) the case starts from
REMOVED = "removed.txt"  # optional: paths the case removes from that tree, one per line
DELETED = "deleted.txt"  # optional, with base/: paths the PR deletes (from the work tree, after base/ was committed)
SPECIAL = (EXPECTED, TODAY, TREE, REMOVED, DELETED)
DEFAULT_TODAY = "2026-11-25"


def case_dirs(outcome: str) -> list[Path]:
    return sorted(path for path in CASES.glob(f"SMS*/{outcome}/*") if path.is_dir())


def overlay(source_dir: Path, root: Path, skip: tuple[str, ...] = ()) -> None:
    """Copy a case's files over the repository, symlinks as links (SMS010 cases), never what they point at."""
    for source in sorted(source_dir.rglob("*")):
        relative = source.relative_to(source_dir)
        if relative.parts[0] in skip or source.name in SPECIAL or (source.is_dir() and not source.is_symlink()):
            continue
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            target.write_bytes(source.read_bytes())


def lines_of(path: Path) -> list[str]:
    """The non-blank, non-comment lines of a case's list file; none if it does not exist."""
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def start_tree(case: Path, root: Path) -> None:
    """_base, then the shared tree the case names (if any), less what the case removes from it."""
    shutil.copytree(BASE, root)
    for name in lines_of(case / TREE):
        shared = CASES / name
        assert shared.is_dir() and shared.name.startswith("_"), f"{case / TREE}: no shared tree {name}"
        overlay(shared, root)
    for relpath in lines_of(case / REMOVED):
        path = root / relpath
        assert path.exists(), f"{case / REMOVED}: {relpath} is not in the tree"
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def build_case(case: Path, tmp_path: Path) -> Path:
    """The case as a repository. With base/ (and target/), a git repository whose work tree holds the PR."""
    root = tmp_path / "repo"
    start_tree(case, root)
    if (case / BASE_DIR).is_dir():
        overlay(case / BASE_DIR, root)
        repo = git_init(root, "Case Author", "case@example.org")
        commit_all(repo, "base")
        repo.git.branch("pr")
        if (case / TARGET_DIR).is_dir():
            overlay(case / TARGET_DIR, root)
            commit_all(repo, "target moved on")
        repo.git.checkout("-q", "pr")
        if (case / LATER_DIR).is_dir():
            overlay(case / LATER_DIR, root)
            commit_all(repo, "later change")
    overlay(case, root, skip=(BASE_DIR, TARGET_DIR, LATER_DIR))
    for relpath in lines_of(case / DELETED):
        assert (root / relpath).is_file(), f"{case / DELETED}: {relpath} is not in the work tree"
        (root / relpath).unlink()
    return root


def check_args(case: Path, root: Path) -> list[str]:
    today = case / TODAY
    # Cases are judged on a fixed day so that review dates in them never expire under the suite's feet.
    dated = ["--today", today.read_text(encoding="utf-8").strip() if today.is_file() else DEFAULT_TODAY]
    base = ["--base", "main"] if (case / BASE_DIR).is_dir() else ["--base", "none"]
    return ["check", "--format", "json", *dated, *base, str(root)]


def case_id(path: Path) -> str:
    return f"{path.parent.parent.name}-{path.name}"


@pytest.mark.parametrize("case", case_dirs("pass"), ids=case_id)
def test_passing_case_does_not_fire(case: Path, tmp_path: Path, sms: SmsRunner) -> None:
    rule_id = case.parent.parent.name
    run = sms(*check_args(case, build_case(case, tmp_path)))
    fired = [f for f in run.json()["findings"] if f["rule"] == rule_id]
    assert fired == [], f"{rule_id} fired on a passing case: {fired}"
    assert run.code in (0, 1)


@pytest.mark.parametrize("case", case_dirs("fail"), ids=case_id)
def test_failing_case_fires_exactly_where_expected(case: Path, tmp_path: Path, sms: SmsRunner) -> None:
    rule_id = case.parent.parent.name
    expected_lines = (case / EXPECTED).read_text(encoding="utf-8").split("\n")
    expected = sorted(line.strip() for line in expected_lines if line.strip() and not line.startswith("#"))
    run = sms(*check_args(case, build_case(case, tmp_path)))
    fired = sorted(f"{f['path']}:{f['line']} {f['rule']}" for f in run.json()["findings"] if f["rule"] == rule_id)
    assert fired == expected
    severity = next(rule.severity for rule in all_rules() if rule.id == rule_id)
    assert run.code == (1 if severity.value == "error" else 0)


def test_base_is_clean(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    run = sms("check", "--today", DEFAULT_TODAY, str(root))
    assert run.code == 0, run.out
    assert "0 errors, 0 warnings" in run.out


@pytest.mark.parametrize("rule", [rule.id for rule in all_rules()])
def test_every_rule_has_both_examples(rule: str) -> None:
    for outcome in ("pass", "fail"):
        assert any((CASES / rule / outcome).glob("*/")), f"tests/cases/{rule}/{outcome}/ has no example"
