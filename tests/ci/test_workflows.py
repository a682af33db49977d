"""The GitHub workflows and the composite action: valid against check-jsonschema's built-in (vendored,
offline) schemas, every action pinned by commit SHA with its version in a comment, least-privilege
permissions per job, no pull_request_target, concurrency groups — and the PR job's script really runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ci.runner import Runner, load_yaml
from tests.conftest import BASE, REPO_ROOT

WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = REPO_ROOT / "action.yml"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w.-]+(?:/[\w./-]+)?)@(?P<sha>[0-9a-f]{40})"
                    r"\s+#\s+v(?P<version>[0-9]+(?:\.[0-9]+){0,2})\s*$")
# A write scope is only granted to a job that runs the action needing it.
WRITE_SCOPES = {
    "security-events": ("github/codeql-action/upload-sarif",),
    "pages": ("actions/deploy-pages",),
    "id-token": ("actions/deploy-pages",),
}


def workflow_id(path: Path) -> str:
    return path.name


def jobs(path: Path) -> dict[str, Any]:
    return dict(load_yaml(path)["jobs"])


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_there_are_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"check.yml", "pages.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_id)
def test_workflow_is_valid(path: Path) -> None:
    done = check_jsonschema("vendor.github-workflows", path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_is_valid() -> None:
    done = check_jsonschema("vendor.github-actions", ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n", encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", broken).returncode != 0


@pytest.mark.parametrize("path", [*WORKFLOWS, ACTION], ids=workflow_id)
def test_every_action_is_pinned_by_sha_with_its_version(path: Path) -> None:
    uses = [line for line in path.read_text(encoding="utf-8").splitlines()
            if re.match(r"^\s*(?:-\s+)?uses:", line)]
    assert uses, f"{path.name} uses no action?"
    for line in uses:
        assert PINNED.match(line), f"{path.name}: not pinned by a full commit SHA with a '# vX.Y.Z' comment: {line}"


def test_one_action_one_sha_everywhere() -> None:
    seen: dict[str, set[tuple[str, str]]] = {}
    for path in [*WORKFLOWS, ACTION]:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PINNED.match(line)
            if match:
                seen.setdefault(match["action"], set()).add((match["sha"], match["version"]))
    assert {action: len(pins) for action, pins in seen.items() if len(pins) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_id)
def test_least_privilege(path: Path) -> None:
    workflow = load_yaml(path)
    assert workflow.get("permissions") in ({}, {"contents": "read"}), "top-level permissions: {} or contents: read"
    for name, job in jobs(path).items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"job {name} must declare its permissions"
        assert set(permissions.values()) <= {"read", "write", "none"}
        used = {str(step.get("uses", "")).split("@")[0] for step in job.get("steps", [])}
        for scope, level in permissions.items():
            if level == "write":
                assert scope in WRITE_SCOPES, f"job {name}: no action here needs {scope}: write"
                assert used & set(WRITE_SCOPES[scope]), f"job {name}: {scope}: write without an action needing it"


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_id)
def test_no_pull_request_target_and_a_concurrency_group(path: Path) -> None:
    workflow = load_yaml(path)
    triggers = workflow["on"]
    names = set(triggers) if isinstance(triggers, dict) else {triggers} if isinstance(triggers, str) else set(triggers)
    assert "pull_request_target" not in names
    assert "workflow_run" not in names
    assert workflow.get("concurrency", {}).get("group")


@pytest.mark.parametrize("path", WORKFLOWS, ids=workflow_id)
def test_checkouts_keep_no_credentials(path: Path) -> None:
    for job in jobs(path).values():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False


def test_the_pull_request_job_gates_with_annotations_against_the_base() -> None:
    check = jobs(REPO_ROOT / ".github" / "workflows" / "check.yml")
    job = check["check"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read"}
    checkout, python, *_ = job["steps"]
    assert checkout["with"]["fetch-depth"] == 0
    assert python["with"]["cache"] == "pip"
    (run,) = [step for step in job["steps"] if "sms check" in str(step.get("run", ""))]
    assert run["run"].strip() == 'sms check --no-cache --format github --base "origin/$BASE_REF"'
    assert run["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert "${{" not in run["run"], "expressions go through env, never into the script"


def test_sarif_goes_to_code_scanning_from_main_only() -> None:
    check = load_yaml(REPO_ROOT / ".github" / "workflows" / "check.yml")
    assert check["on"]["push"]["branches"] == ["main"]
    job = check["jobs"]["code-scanning"]
    assert job["if"] == "github.event_name != 'pull_request'"
    assert job["permissions"] == {"contents": "read", "security-events": "write"}
    upload = job["steps"][-1]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] in job["steps"][-2]["run"]


def test_pages_builds_strictly_and_deploys_from_its_own_job() -> None:
    pages = jobs(REPO_ROOT / ".github" / "workflows" / "pages.yml")
    build, deploy = pages["build"], pages["deploy"]
    assert any("mkdocs build --strict" in str(step.get("run", "")) for step in build["steps"])
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def test_the_pull_request_job_script_runs_against_a_real_clone(tmp_path: Path) -> None:
    """The job's own `run:` steps after checkout, in a clone whose origin has main, as on a pull request."""
    origin = tmp_path / "origin"
    shutil.copytree(BASE, origin)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "base")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", "feature")
    # An approved document edited, its version raised but no new approval recorded: only the comparison with
    # the base can tell (SMS309); the history alone shows a new version, approved in this commit (no SMS313).
    role = clone / "policies" / "roles" / "sms-manager.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("- Keeps the SMS running.", "- 'Runs it: 100%, ok'")
                    .replace("version: '1.0'", "version: '1.1'"), encoding="utf-8")
    git(clone, "commit", "-q", "-am", "edit an approved document")

    job = jobs(REPO_ROOT / ".github" / "workflows" / "check.yml")["check"]
    steps = [step for step in job["steps"] if "run" in step and "pip install" not in step["run"]]
    env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path),
           "GITHUB_BASE_REF": "main", "GITHUB_ACTIONS": "true"}
    runner = Runner(clone, tmp_path / "runner-temp", {"github.base_ref": "main"}, env)
    (run,) = runner.run_all(steps)
    assert run.code == 1, run.stderr
    # only the comparison with origin/main can find this: the files alone are valid
    assert re.match(r"::error file=policies/roles/sms-manager\.yaml,line=[0-9]+,col=[0-9]+,title=SMS3[0-9]{2}::",
                    run.stdout), run.stdout
    summary = runner.files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8")
    assert summary.startswith("### :x: sms check: 1 error, 0 warnings in 3 records")
    # A clean clone's cache key is its own: a record cache written in CI could never be read, so none is written.
    assert not (clone / ".sms-cache").exists()
    alone = subprocess.run([sys.executable, "-m", "sms", "check", "--base", "none", str(clone)], capture_output=True,
                           text=True, env={**os.environ, **env}, timeout=120)
    assert alone.returncode == 0, alone.stdout


def test_pre_commit_manifest() -> None:
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest",
                           str(REPO_ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = {hook["id"]: hook for hook in load_yaml(REPO_ROOT / ".pre-commit-hooks.yaml")}
    check = hooks["sms-check"]
    assert check["entry"].startswith("sms check") and check["language"] == "python"
    assert check["pass_filenames"] is False
    watched = re.compile(check["files"])
    assert all(watched.search(path) for path in ("policies/governance/POL-0001.yaml", "records/changes/CHG-0001.yaml",
                                                 "sms.yaml", "policies/governance/POL-0001.md"))
    assert not any(watched.search(path) for path in ("docs/index.md", "sms/cli.py", "notsms.yaml", "x/sms.yaml"))
    assert hooks["sms-codeowners"]["entry"] == "sms codeowners --exit-code"
