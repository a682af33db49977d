"""A gate no pull request can switch off (issue 15 §4): the base's rule settings, waivers and limits judge a
pull request until an approved change in it names what it changes of the gate (SMS905)."""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest

from tests.conftest import BASE, CASES, SmsRunner, commit_all, git_init

CLOSED_CHANGE = "records/changes/CHG-0001.yaml"


@pytest.fixture
def pr(tmp_path: Path) -> tuple[Path, git.Repo]:
    """A complete SMS committed on main, checked out on a branch `pr`."""
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    shutil.copytree(CASES / "_complete", root, dirs_exist_ok=True)
    with (root / "sms.yaml").open("a", encoding="utf-8") as config:
        config.write("rules:\n  severity:\n    SMS502: warning\n")
    repo = git_init(root)
    commit_all(repo, "base")
    repo.git.checkout("-q", "-b", "pr")
    return root, repo


def check(sms: SmsRunner, root: Path, *extra: str) -> tuple[int, list[tuple[str, str, int]]]:
    run = sms("check", "--format", "json", "--today", "2026-11-25", "--base", "main", *extra, str(root))
    assert run.code in (0, 1), run.err
    return run.code, sorted((f["rule"], f["path"], f["line"]) for f in run.json()["findings"])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def switch_off(root: Path, *rules: str) -> list[int]:
    """Add `rules: severity: {RULE: off}` lines to sms.yaml; their line numbers."""
    config = root / "sms.yaml"
    lines = config.read_text(encoding="utf-8").splitlines()
    at = lines.index("  severity:") + 1
    lines[at:at] = [f'    {rule}: "off"' for rule in rules]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return list(range(at + 1, at + 1 + len(rules)))


def test_a_pr_cannot_switch_off_the_rules_that_fail_it(sms: SmsRunner, pr: tuple[Path, git.Repo]) -> None:
    root, _ = pr
    edit(root / CLOSED_CHANGE, "approved_by: b-approver", "approved_by: a-author")
    code, found = check(sms, root)
    assert ("SMS305", CLOSED_CHANGE, 8) in found and code == 1
    lines = switch_off(root, "SMS304", "SMS305", "SMS308")
    code, found = check(sms, root)
    assert code == 1
    assert ("SMS305", CLOSED_CHANGE, 8) in found  # still judged by the base's settings
    assert [(rule, line) for rule, path, line in found if path == "sms.yaml"] == [("SMS905", line) for line in lines]


def test_an_approved_change_naming_sms_yaml_lets_the_new_settings_apply(sms: SmsRunner,
                                                                       pr: tuple[Path, git.Repo]) -> None:
    root, _ = pr
    edit(root / CLOSED_CHANGE, "approved_by: b-approver", "approved_by: a-author")
    switch_off(root, "SMS305")
    approval = (CASES / "SMS905/pass/approved-change-names-sms-yaml/records/changes/CHG-0001.yaml").read_text()
    (root / "records/changes/CHG-0009.yaml").write_text(approval.replace("CHG-0001", "CHG-0009"), encoding="utf-8")
    _, found = check(sms, root)
    assert [f for f in found if f[0] in ("SMS905", "SMS305")] == []  # SMS307 (approver = requester) stays on


def test_a_waiver_the_pr_adds_for_itself_does_not_apply(sms: SmsRunner, pr: tuple[Path, git.Repo]) -> None:
    root, _ = pr
    edit(root / CLOSED_CHANGE, "approved_by: b-approver", "approved_by: a-author")
    with (root / "sms.yaml").open("a", encoding="utf-8") as config:
        config.write("  waivers:\n    - rule: SMS305\n      record: CHG-0001\n      reason: Typo fixed.\n"
                     "      approved_by: a-author\n      expires: 2027-01-31\n")
    code, found = check(sms, root)
    assert ("SMS305", CLOSED_CHANGE, 8) in found and code == 1
    assert [rule for rule, path, _ in found if path == "sms.yaml"] == ["SMS905"]


def test_a_pr_cannot_raise_the_file_size_limit_it_needs(sms: SmsRunner, pr: tuple[Path, git.Repo]) -> None:
    root, _ = pr
    edit(root / "sms.yaml", "kind: config\n", "kind: config\nlimits:\n  max_file_bytes: 67108864\n")
    big = root / "records/changes/CHG-0002.yaml"
    big.write_text("# " + "x" * (2 * 1024 * 1024) + "\n", encoding="utf-8")
    code, found = check(sms, root)
    assert ("SMS008", "records/changes/CHG-0002.yaml", 1) in found and code == 1
    assert ("SMS905", "sms.yaml", 4) in found


def test_changing_a_schema_or_a_workflow_is_reported(sms: SmsRunner, pr: tuple[Path, git.Repo]) -> None:
    root, _ = pr
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/sms.yml").write_text("on: push\n", encoding="utf-8")
    (root / "schemas").mkdir()
    (root / "schemas/change.schema.json").write_text("{}\n", encoding="utf-8")
    code, found = check(sms, root)
    assert code == 1
    assert [f for f in found if f[0] == "SMS905"] == [("SMS905", ".github/workflows/sms.yml", 1),
                                                      ("SMS905", "schemas/change.schema.json", 1)]


def test_a_generated_codeowners_is_not_a_gate_change_but_a_hand_edit_is(sms: SmsRunner,
                                                                        pr: tuple[Path, git.Repo]) -> None:
    root, _ = pr
    assert sms("codeowners", str(root)).code == 0
    code, found = check(sms, root)
    assert [f for f in found if f[0] == "SMS905"] == []
    with (root / ".github/CODEOWNERS").open("a", encoding="utf-8") as owners:
        owners.write("/sms.yaml @someone-else\n")
    code, found = check(sms, root)
    assert ("SMS905", ".github/CODEOWNERS", 1) in found and code == 1


def test_every_report_lists_what_the_check_ran_without(sms: SmsRunner, pr: tuple[Path, git.Repo], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = pr
    switch_off(root, "SMS304")
    text = sms("check", "--today", "2026-11-25", "--base", "main", str(root)).out
    assert "settings: rule settings and waivers from the base's sms.yaml (main): this change alters them" in text
    assert "settings: severity changed: SMS502 → warning\n" in text  # the base's own override, still in force
    data = sms("check", "--format", "json", "--today", "2026-11-25", "--base", "main", str(root)).json()
    assert data["settings"]["governed_by"] == "the base's sms.yaml (main)"
    # with no base to govern it, the pull request's own sms.yaml applies and says so
    sarif = sms("check", "--format", "sarif", "--today", "2026-11-25", "--base", "none", str(root)).json()
    overrides = sarif["runs"][0]["invocations"][0]["ruleConfigurationOverrides"]
    assert [(o["descriptor"]["id"], o["configuration"]) for o in overrides] == [
        ("SMS304", {"enabled": False}), ("SMS502", {"level": "warning"})]
    assert sarif["runs"][0]["properties"]["settings"]["disabled_rules"] == ["SMS304"]
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    sms("check", "--format", "github", "--today", "2026-11-25", "--base", "none", str(root))
    assert "- rules switched off\\: SMS304" in summary.read_text(encoding="utf-8")
