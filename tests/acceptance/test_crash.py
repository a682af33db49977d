"""`sms renumber` killed for real (issue 15 §8): SIGKILL at random moments while it rewrites a service referenced
by hundreds of changes. After every kill the next `sms check` finishes or discards the write, and the SMS is
whole: the service exists under exactly one id, every change names that id, and no temporary, backup or
journal file is left."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import BASE, CASES, REPO_ROOT

pytestmark = pytest.mark.slow

CHANGES = 300
ENV = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}


def sms(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "sms", *args], env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The smallest SMS plus one service and CHANGES draft changes that all name it."""
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    service = (CASES / "_complete/records/services/SVC-0001.yaml").read_text(encoding="utf-8")
    (root / "records/services").mkdir(parents=True)
    (root / "records/services/SVC-0001.yaml").write_text(service, encoding="utf-8")
    (root / "records/changes").mkdir(parents=True)
    for number in range(1, CHANGES + 1):
        (root / f"records/changes/CHG-{number:04d}.yaml").write_text(
            "# yaml-language-server: $schema=../../schemas/change.schema.json\n"
            f"apiVersion: sms/v1\nkind: change\nid: CHG-{number:04d}\ntitle: Change {number}\nowner: sms-manager\n"
            "type: normal\nstatus: draft\nhistory:\n  - status: draft\n    at: 2026-11-02T09:00:00Z\n"
            "    by: a-author\nrequested_by: a-author\nreason: Capacity.\ndescription: More memory.\n"
            "links:\n  services: [SVC-0001]  # the service this change touches\n", encoding="utf-8")
    return root


def state(root: Path) -> tuple[set[str], set[str], list[str]]:
    """(service ids on disk, service ids the changes name, stray files)."""
    services = {path.stem for path in (root / "records/services").glob("*.yaml")}
    named = {match for path in (root / "records/changes").glob("*.yaml")
             for match in re.findall(r"SVC-\d+", path.read_text(encoding="utf-8"))}
    strays = [path.name for path in root.rglob("*") if path.name.endswith((".tmp", ".orig"))
              or ".sms-journal" in path.parts]
    return services, named, strays


def test_renumber_killed_at_random_moments_leaves_a_whole_sms(root: Path) -> None:
    started = time.monotonic()
    timing = sms("renumber", "SVC-0001", "--to", "SVC-0100", "--base", "none", "--root", str(root))
    assert timing.wait(timeout=300) == 0, timing.stderr.read() if timing.stderr else ""
    duration = time.monotonic() - started
    assert state(root) == ({"SVC-0100"}, {"SVC-0100"}, [])
    randomness = random.Random(20261130)
    current, finished_by_recovery, killed = "SVC-0100", 0, 0
    for attempt in range(6):
        target = f"SVC-{attempt + 1:04d}"
        run = sms("renumber", current, "--to", target, "--base", "none", "--root", str(root))
        time.sleep(randomness.uniform(0.05, 0.8 * duration))
        if run.poll() is None:
            os.kill(run.pid, signal.SIGKILL)
            killed += 1
        run.wait(timeout=60)
        check = subprocess.run([sys.executable, "-m", "sms", "check", "--base", "none", str(root)], env=ENV,
                               capture_output=True, text=True, timeout=300)
        finished_by_recovery += "finished an interrupted write" in check.stderr
        services, named, strays = state(root)
        assert strays == [], strays
        assert len(services) == 1 and named == services, (attempt, services, named)
        assert "SMS101" not in check.stdout, check.stdout[-2000:]
        current = next(iter(services))
    assert killed >= 1, "at least one run was killed part-way"
