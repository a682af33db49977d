"""`sms init`: a new organisation's SMS repository that checks clean, matches its own schemas and CODEOWNERS,
pins this release of sms in CI, survives a hostile organisation name, and never overwrites a file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import sms as sms_package
from sms.cli.initialise import PROFILES as CLI_PROFILES
from sms.commands.scaffold import PROFILES
from sms.commands.schema_export import drift
from sms.store.loader import load_file, parse
from tests.conftest import SmsRunner

TODAY = "2026-11-30"
NASTY = "Acme \"Quoted\" & Co: #1 'x'\nline two <b>bold</b> *em* [link](http://x) {{ jinja }} no"


def init(sms: SmsRunner, root: Path, *args: str, org: str = "Nordwind Logistics") -> tuple[int, str, str]:
    run = sms("init", str(root), "--org", org, "--today", TODAY, *args)
    return run.code, run.out, run.err


def findings(sms: SmsRunner, root: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    run = sms("check", "--format", "json", "--today", TODAY, "--base", "none", *args, str(root))
    return run.code, run.json()["findings"]


def test_the_command_offers_the_profiles_sms_yaml_knows() -> None:
    assert CLI_PROFILES == PROFILES == ("minimal", "operations", "full")


@pytest.mark.parametrize("profile", PROFILES)
def test_each_profile_checks_clean_with_only_todos_partial_clauses_and_planned_notes(
        tmp_path: Path, sms: SmsRunner, profile: str) -> None:
    root = tmp_path / "nordwind"
    code, out, _ = init(sms, root, "--profile", profile)
    assert code == 0
    assert out.startswith(f"{root}: wrote ") and f"(profile {profile})" in out
    code, found = findings(sms, root)
    assert code == 0
    assert not [f for f in found if f["severity"] == "error"]
    assert {f["rule"] for f in found if f["severity"] == "warning"} <= {"SMS114", "SMS502"}
    assert any(f["rule"] == "SMS114" for f in found)  # the TODOs are visible
    planned = {f["clauses"][0] for f in found if f["rule"] == "SMS504"}  # type: ignore[index]
    assert bool(planned) == (profile != "full")
    if profile == "operations":
        assert "9.2" in planned and not any(str(clause).startswith("8") for clause in planned)
    strict, _ = findings(sms, root, "--strict")
    assert strict == 1  # the TODOs are warnings: --strict fails until they are written
    assert drift(root / "schemas") == []
    assert sms("codeowners", "--check", "--today", TODAY, str(root)).code == 0
    config = load_file(root, "sms.yaml").data
    assert config["coverage"] == {"phase": profile, "planned": []}


def test_every_file_of_the_repository_is_written(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "nordwind"
    init(sms, root)
    for relpath in ("sms.yaml", "mkdocs.yml", "docs/index.md", "README.md", ".gitignore", ".pre-commit-config.yaml",
                    ".github/CODEOWNERS", ".github/pull_request_template.md", ".github/workflows/check.yml",
                    ".github/workflows/pages.yml", "schemas/change.schema.json", "schemas/config.schema.json",
                    "policies/governance/SCP-0001.yaml", "policies/roles/top-management.yaml",
                    "records/people/todo-sms-manager.yaml", "records/people/todo-top-manager.yaml"):
        assert (root / relpath).is_file(), relpath
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()[1:5]
    assert ignored == [".sms-cache/", ".sms-journal/", "site/", ".venv/"]
    top = load_file(root, "policies/roles/top-management.yaml").data
    assert top["top_management"] is True
    first = (root / "policies/governance/POL-0001.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/policy.schema.json"


def test_workflows_and_hooks_install_this_release_of_sms(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "nordwind"
    init(sms, root)
    version = sms_package.__version__
    check = parse("check.yml", (root / ".github/workflows/check.yml").read_text(encoding="utf-8")).data
    installs = [step["run"] for job in check["jobs"].values() for step in job["steps"]
                if step.get("name") == "Install sms"]
    assert installs == [f'python -m pip install "sms-iso20000=={version}"'] * 2
    pages = (root / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert f'python -m pip install "sms-iso20000[site]=={version}"' in pages
    hooks = parse("hooks", (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")).data
    assert [hook["additional_dependencies"] for hook in hooks["repos"][0]["hooks"]] == [
        [f"sms-iso20000=={version}"]] * 2
    valid = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                            str(root / ".github/workflows/check.yml"), str(root / ".github/workflows/pages.yml")],
                           capture_output=True, text=True, timeout=120)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    hooks_valid = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config",
                                  str(root / ".pre-commit-config.yaml")], capture_output=True, text=True, timeout=120)
    assert hooks_valid.returncode == 0, hooks_valid.stdout + hooks_valid.stderr
    assert f"pipx install 'sms-iso20000[site]=={version}'" in (root / "README.md").read_text(encoding="utf-8")


def test_a_hostile_organisation_name_gives_valid_files_and_stays_text(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "acme"
    code, out, _ = init(sms, root, "--profile", "minimal", org=NASTY)
    assert code == 0
    assert "\\n" in out.splitlines()[0]  # shown escaped on the terminal, on one line
    assert load_file(root, "sms.yaml").data["organisation"]["name"] == NASTY
    context = load_file(root, "policies/governance/CTX-0001.yaml").data
    assert context["title"] == f"Context of the {NASTY} SMS"
    mkdocs = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))  # PyYAML (YAML 1.1), as mkdocs reads
    assert mkdocs["site_name"] == ("Acme \"Quoted\" & Co: #1 'x' line two &lt;b&gt;bold&lt;/b&gt; *em* "
                                   "[link](http://x) {{ jinja }} no — service management system")
    readme = (root / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert readme == ("# Acme \"Quoted\" &amp; Co: \\#1 'x' line two &lt;b&gt;bold&lt;/b&gt; \\*em\\* "
                      "\\[link\\]\\(http://x\\) \\{\\{ jinja \\}\\} no — service management system")
    assert "<b>" not in (root / "docs/index.md").read_text(encoding="utf-8")
    code, found = findings(sms, root)
    assert code == 0, found


def test_a_name_yaml_1_1_reads_as_a_boolean_stays_a_string_for_mkdocs(tmp_path: Path, sms: SmsRunner) -> None:
    init(sms, tmp_path / "no", org="no")
    assert yaml.safe_load((tmp_path / "no/mkdocs.yml").read_text(encoding="utf-8"))["site_name"].startswith("no — ")
    assert load_file(tmp_path / "no", "sms.yaml").data["organisation"]["name"] == "no"


def test_a_directory_that_is_not_empty_is_refused(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "taken"
    root.mkdir()
    (root / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, out, err = init(sms, root)
    assert code == 2 and out == ""
    assert err.splitlines()[0].startswith(f"sms: error: {root}: not empty (notes.txt); give an empty directory, or "
                                          "--force")
    assert sorted(path.name for path in root.iterdir()) == ["notes.txt"]


def test_a_fresh_git_repository_counts_as_empty(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    assert init(sms, root)[0] == 0
    assert (root / "sms.yaml").is_file()


def test_force_adds_only_missing_files_and_a_second_run_changes_nothing(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "nordwind"
    root.mkdir()
    (root / "README.md").write_text("Our own README\n", encoding="utf-8")
    code, out, _ = init(sms, root, "--force")
    assert code == 0
    assert "skipped 1 existing files (never overwritten):\n  README.md\n" in out
    assert (root / "README.md").read_text(encoding="utf-8") == "Our own README\n"
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in root.rglob("*") if path.is_file()}
    code, out, _ = init(sms, root, "--force")
    assert code == 0 and out.startswith(f"{root}: wrote 0 files for Nordwind Logistics")
    assert f"skipped {len(before)} existing files" in out
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in root.rglob("*") if path.is_file()} == before
    code, out, _ = init(sms, root, "--force", "--profile", "full", org="Someone Else")  # adds, changes nothing
    assert code == 0 and out.startswith(f"{root}: wrote 5 files for Someone Else")
    after = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in root.rglob("*") if path.is_file()}
    full_only = {path for path in after if path not in before}
    assert {str(path.relative_to(root)) for path in full_only} == {
        "policies/governance/OBJ-0001.yaml", "policies/plans/PLN-0002.yaml", "policies/processes/PRC-0006.yaml",
        "policies/processes/PRC-0007.yaml", "policies/processes/PRC-0008.yaml"}
    assert {path: after[path] for path in before} == before


def test_force_never_writes_through_a_folder_linked_out_of_the_directory(tmp_path: Path, sms: SmsRunner) -> None:
    root, elsewhere = tmp_path / "nordwind", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "docs").symlink_to(elsewhere, target_is_directory=True)
    code, out, _ = init(sms, root, "--force")
    assert code == 0 and "  docs/index.md\n" in out
    assert list(elsewhere.iterdir()) == []


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, sms: SmsRunner) -> None:
    blank = sms("init", str(tmp_path / "a"), "--org", "  ")
    assert blank.code == 2 and blank.err.startswith("sms: error: --org: give the organisation's name")
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    not_dir = sms("init", str(a_file), "--org", "X")
    assert not_dir.code == 2 and f"{a_file}: not a directory" in not_dir.err
    profile = sms("init", str(tmp_path / "b"), "--org", "X", "--profile", "huge")
    assert profile.code == 2 and "'huge' is not one of 'minimal', 'operations', 'full'" in profile.err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_coverage_of_a_new_repository_shows_the_planned_clauses(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "nordwind"
    init(sms, root, "--profile", "minimal")
    rows = {row["clause"]: row["status"] for row in json.loads(sms("coverage", "--format", "json", str(root)).out)[
        "clauses"]}
    assert rows["8.5.1.3"] == "planned" and rows["8"] == "planned" and rows["4.3"] == "covered"


@pytest.mark.parametrize("profile", ["minimal", "operations", "full"])
def test_what_init_writes_is_already_in_the_canonical_layout(tmp_path: Path, sms: SmsRunner, profile: str) -> None:
    root = tmp_path / profile
    assert init(sms, root, "--profile", profile)[0] == 0
    run = sms("fmt", "--check", "--root", str(root))
    assert (run.code, run.out) == (0, "") and run.err.startswith("0 of ") and "would be reformatted" in run.err
