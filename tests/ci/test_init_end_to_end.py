"""Issue 13's acceptance run: an adopter installs the released wheel into a fresh virtual environment, starts
"Nordwind Logistics" with `sms init`, takes a normal change through every status and an incident to closed with
a problem, with `sms check` clean after every step, and publishes the site with `mkdocs build --strict`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci.conftest import Release
from tests.conftest import commit_all, git_init

pytestmark = pytest.mark.slow

DAY = "2026-11-30"  # SMS_TODAY: `sms new` stamps noon of this day; the steps below come after it


class Adopter:
    """Runs the installed `sms` in the new repository, as a person at a terminal would."""

    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.env = {**os.environ, "SMS_TODAY": DAY, "NO_MKDOCS_2_WARNING": "1",
                    "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        self.env.pop("PYTHONPATH", None)  # the installed wheel, never this source tree

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.bin_dir / args[0]), *args[1:]], cwd=cwd or self.root, env=self.env,
                              capture_output=True, text=True, timeout=600, check=False)

    def sms(self, *args: str) -> str:
        done = self.run("sms", *args)
        assert done.returncode == 0, f"sms {' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout

    def clean(self) -> None:
        """`sms check` exits 0 with no error: warnings (TODOs, partial clauses) and planned notes allowed."""
        done = self.run("sms", "check", "--base", "none")
        assert done.returncode == 0, done.stdout + done.stderr
        assert " 0 errors," in done.stdout.splitlines()[-1]

    def step(self, record_id: str, status: str, by: str, minute: int) -> None:
        self.sms("transition", record_id, status, "--by", by, "--at", f"{DAY}T12:{minute:02d}:00+00:00")
        self.clean()

    def edit(self, relpath: str, replace: dict[str, str] | None = None, append: str = "") -> None:
        path = self.root / relpath
        text = path.read_text(encoding="utf-8")
        for old, new in (replace or {}).items():
            assert old in text, f"{relpath}: no {old!r}"
            text = text.replace(old, new)
        path.write_text(text + append, encoding="utf-8")


def test_nordwind_logistics_adopts_sms(release: Release, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", "--find-links",
                                str(release.wheels), f"sms-iso20000[site]=={release.version}"],
                               capture_output=True, text=True, timeout=600, check=False)
    assert installed.returncode == 0, installed.stderr
    root = tmp_path / "nordwind"
    root.mkdir()
    git = git_init(root)
    me = Adopter(venv / "bin", root)

    out = me.sms("init", "--org", "Nordwind Logistics", "--profile", "operations")
    assert out.startswith(".: wrote ") and "not a release" not in out
    assert f'"sms-iso20000=={release.version}"' in (root / ".github/workflows/check.yml").read_text(encoding="utf-8")
    me.clean()
    commit_all(git, "sms init")

    # A normal change, raised by the SMS manager and approved by the change manager (the other placeholder).
    me.sms("new", "change", "-t", "Upgrade the database", "--service", "SVC-0001", "--by", "todo-sms-manager")
    change = "records/changes/CHG-0001.yaml"
    me.edit(change, {'"TODO: why the change is needed"': "The database version reaches end of support.",
                     '"TODO: what will be changed"': "Upgrade PostgreSQL 15 to 17."})
    me.sms("codeowners")  # a new record file gets its CODEOWNERS line (SMS904 otherwise)
    me.clean()
    me.step("CHG-0001", "submitted", "todo-sms-manager", 5)
    me.edit(change, append="risk:\n  likelihood: 2\n  impact: 3\n  notes: Rehearsed on staging.\n"
                           "backout_plan: Restore the snapshot taken before the upgrade.\n"
                           "test_plan: The smoke tests pass against the upgraded database.\n")
    me.step("CHG-0001", "assessed", "todo-top-manager", 10)
    me.step("CHG-0001", "approved", "todo-top-manager", 15)
    me.edit(change, append=f"schedule:\n  start: {DAY}T12:25:00Z\n  end: {DAY}T12:40:00Z\n")
    me.step("CHG-0001", "scheduled", "todo-top-manager", 20)
    me.edit(change, append="implementer: todo-sms-manager\n")
    me.step("CHG-0001", "implemented", "todo-sms-manager", 40)
    me.edit(change, append=f"review:\n  outcome: successful\n  reviewed_on: {DAY}\n  notes: As planned.\n")
    me.step("CHG-0001", "reviewed", "todo-top-manager", 45)
    me.step("CHG-0001", "closed", "todo-top-manager", 50)
    text = (root / change).read_text(encoding="utf-8")
    assert "status: closed" in text and "approved_by: todo-top-manager" in text
    assert [line.strip() for line in text.splitlines() if line.strip().startswith("- status:")] == [
        f"- status: {status}" for status in ("draft", "submitted", "assessed", "approved", "scheduled", "implemented",
                                             "reviewed", "closed")]

    # An incident to closed, and the problem behind it.
    me.sms("new", "incident", "-t", "Checkout slow", "--service", "SVC-0001", "--priority", "P2",
           "--by", "todo-sms-manager")
    incident = "records/incidents/INC-0001.yaml"
    me.edit(incident, {'"TODO: what the users experienced"': "Checkout pages take 20 s to load."},
            append="assignee: todo-sms-manager\n")
    me.sms("codeowners")
    me.clean()
    me.step("INC-0001", "assigned", "todo-sms-manager", 52)
    me.step("INC-0001", "in_progress", "todo-sms-manager", 53)
    me.edit(incident, append="resolution: The connection pool was enlarged.\n")
    me.step("INC-0001", "resolved", "todo-sms-manager", 55)
    me.step("INC-0001", "closed", "todo-sms-manager", 58)
    me.sms("new", "problem", "-t", "Connection pool exhaustion", "--incident", "INC-0001", "--by", "todo-sms-manager")
    me.sms("codeowners")
    me.clean()
    assert "incidents: [INC-0001]" in (root / "records/problems/PRB-0001.yaml").read_text(encoding="utf-8")

    commit_all(git, "A change and an incident")
    built = me.run("mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site/records/changes/CHG-0001.html").read_text(encoding="utf-8")
    assert "Upgrade the database" in page and "sms-badge--closed" in page
    assert (tmp_path / "site/records/problems/PRB-0001.html").is_file()
    assert me.run("sms", "site", "--out", str(tmp_path / "site2")).returncode == 0
