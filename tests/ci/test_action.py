"""The composite action (action.yml), run locally: its `run:` steps with bash, inputs substituted as the
runner does, and fake GITHUB_STEP_SUMMARY / GITHUB_OUTPUT / GITHUB_PATH / GITHUB_WORKSPACE."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ci.conftest import Release
from tests.ci.runner import Runner, StepRun, load_yaml
from tests.conftest import BASE, REPO_ROOT, commit_all, git_init, write_tree

ACTION = load_yaml(REPO_ROOT / "action.yml")
BROKEN_CHANGE = """\
    # yaml-language-server: $schema=../../schemas/change.schema.json
    apiVersion: sms/v1
    kind: change
    id: CHG-0001
    title: "Résumé: 100% done, almost"
    owner: sms-manager
    type: normal
    status: draft
    history:
      - status: draft
        at: 2026-03-02T09:30:00Z
        by: a-author
    requested_by: a-author
    reason: The certificates expire on 2026-04-01.
    description: Replace the certificates.
    links:
      services: [SVC-0404]
    """


def run_action(workspace: Path, temp: Path, **inputs: str) -> tuple[list[StepRun], Runner]:
    return run_downloaded_action(REPO_ROOT, {}, workspace, temp, inputs)


def run_downloaded_action(action_path: Path, extra_env: dict[str, str], workspace: Path, temp: Path,
                          inputs: dict[str, str]) -> tuple[list[StepRun], Runner]:
    """The action's steps as GitHub runs them from its download at `action_path`."""
    declared: dict[str, Any] = ACTION["inputs"]
    unknown = set(inputs) - set(declared)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()} | inputs
    context = {f"inputs.{name}": value for name, value in values.items()}
    env = {"PATH": os.environ["PATH"], "HOME": str(temp), "GITHUB_ACTION_PATH": str(action_path),
           "GITHUB_ACTIONS": "true", "LANG": "C.UTF-8", **extra_env}
    runner = Runner(workspace, temp / "runner", context, env,
                    actions={"actions/setup-python": {"python-path": sys.executable}})
    return runner.run_all(ACTION["runs"]["steps"]), runner


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An organisation's repository with its SMS in a subfolder, holding one broken record."""
    root = tmp_path / "workspace" / "sms"
    shutil.copytree(BASE, root)
    write_tree(root, {"records/changes/CHG-0001.yaml": BROKEN_CHANGE})
    (tmp_path / "workspace" / ".git").mkdir()  # the top of the repository, for paths in annotations
    return tmp_path / "workspace"


@pytest.fixture
def sms_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """`install: 'false'`: sms is already on PATH, as after an earlier install step."""
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def test_inputs_reach_the_scripts_through_the_environment_only() -> None:
    assert ACTION["runs"]["using"] == "composite"
    steps = ACTION["runs"]["steps"]
    assert [step.get("shell") for step in steps if "run" in step] == ["bash", "bash"]
    for step in steps:
        for value in step.get("env", {}).values():
            assert str(value).startswith("${{") or "$" not in str(value)
        assert "${{" not in str(step.get("run", "")), "inputs go through env, never into the script"


def test_annotations_summary_and_outputs(workspace: Path, tmp_path: Path, sms_on_path: None) -> None:
    steps, runner = run_action(workspace, tmp_path, path="sms", install="false", base="none")
    assert [step.skipped for step in steps] == [True, True, False]
    check = steps[-1]
    assert check.code == 1, check.stderr
    assert check.outputs == {"exit-code": "1"}
    annotation = check.stdout.splitlines()[0]
    assert annotation == ("::error file=sms/records/changes/CHG-0001.yaml,line=17,col=14,title=SMS101::"
                          "links.services[0]: no service 'SVC-0404' exists [7.5.1, 4.4]%0A"
                          "hint: create the service or fix the id")
    summary = runner.files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8")
    assert summary.startswith("### :x: sms check: 1 error, 0 warnings in 4 records\n")
    assert "| :x: error | SMS101 | sms/records/changes/CHG-0001.yaml\\:17 | links.services" in summary


def test_a_run_in_a_real_clone_writes_no_record_cache(workspace: Path, tmp_path: Path, sms_on_path: None) -> None:
    """A fresh checkout's cache key is its own, so a cache written there would never be read: the action checks
    with --no-cache and leaves none behind."""
    (workspace / ".git").rmdir()
    commit_all(git_init(workspace), "an SMS with one broken record")
    steps, _ = run_action(workspace, tmp_path, path="sms", install="false", base="none")
    assert steps[-1].code == 1, steps[-1].stderr
    assert not (workspace / "sms" / ".sms-cache").exists()


def test_fail_on_findings_false_lets_the_job_go_on(workspace: Path, tmp_path: Path, sms_on_path: None) -> None:
    steps, runner = run_action(workspace, tmp_path, path="sms", install="false", base="none",
                               **{"fail-on-findings": "false", "format": "sarif", "output": "sms.sarif"})
    check = steps[-1]
    assert check.code == 0, check.stderr
    assert check.outputs == {"exit-code": "1", "report": "sms.sarif"}
    log = json.loads((workspace / "sms.sarif").read_text(encoding="utf-8"))
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sms/records/changes/CHG-0001.yaml"
    assert runner.files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8") == ""  # SARIF writes no summary


def test_unusable_input_fails_even_when_findings_may_pass(workspace: Path, tmp_path: Path, sms_on_path: None) -> None:
    steps, _ = run_action(workspace, tmp_path, path="no-such-folder", install="false", base="none",
                          **{"fail-on-findings": "false"})
    assert (steps[-1].code, steps[-1].outputs) == (2, {"exit-code": "2"})
    assert "no such directory" in steps[-1].stderr


def test_strict_and_today(workspace: Path, tmp_path: Path, sms_on_path: None) -> None:
    write_tree(workspace / "sms", {"records/changes/CHG-0001.yaml": BROKEN_CHANGE.replace(
        "    links:\n      services: [SVC-0404]\n", "")})
    steps, _ = run_action(workspace, tmp_path, path="sms", install="false", base="none", today="2026-06-01")
    assert steps[-1].code == 0, steps[-1].stdout
    assert steps[-1].stdout.endswith("4 records checked: 0 errors, 0 warnings\n")


def downloaded_action(temp: Path, describe: str) -> Path:
    """The action as GitHub downloads it (git archive): .git_archival.txt names the commit's release, if any."""
    path = temp / "action"
    path.mkdir()
    (path / ".git_archival.txt").write_text(f"node: 0123abc\ndescribe-name: {describe}\n", encoding="utf-8")
    return path


def test_an_action_commit_between_releases_needs_the_version_input(workspace: Path, tmp_path: Path) -> None:
    action = downloaded_action(tmp_path, "v9.8.7-3-g0123abc")
    steps, _ = run_downloaded_action(action, {}, workspace, tmp_path, {"path": "sms", "base": "none"})
    install = steps[1]
    assert install.code == 2
    assert install.stdout == ("::error title=sms::this action's commit is not a release of sms; pin the action to a "
                              "release tag, or give the release to install: with: {version: X.Y.Z}\n")
    assert not (tmp_path / "runner" / "sms-venv").exists()


@pytest.mark.slow
def test_the_install_step_installs_the_release_the_action_is(workspace: Path, tmp_path: Path, release: Release) -> None:
    """Pinned to a release tag, the action installs that release of sms-iso20000 from the package index (here
    the release's wheel is found through PIP_FIND_LINKS; its dependencies come from the index)."""
    action = downloaded_action(tmp_path, f"v{release.version}")
    steps, runner = run_downloaded_action(action, {"PIP_FIND_LINKS": str(release.wheels)}, workspace, tmp_path,
                                          {"path": "sms", "base": "none"})
    assert [step.skipped for step in steps] == [False, False, False]
    install, check = steps[1], steps[2]
    assert install.code == 0, install.stderr
    assert install.stdout == f"Installing sms-iso20000=={release.version}\n"
    venv_bin = runner.temp / "sms-venv" / "bin"
    assert runner.env["PATH"].split(os.pathsep)[0] == str(venv_bin)
    alone = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}  # this tree off the path
    version = subprocess.run([venv_bin / "sms", "--version"], capture_output=True, text=True, check=True, env=alone)
    assert version.stdout == f"sms, version {release.version}\n"
    assert check.code == 1 and check.stdout.startswith("::error file=sms/records/changes/CHG-0001.yaml,")
