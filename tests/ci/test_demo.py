"""`make run` must not break by itself: the example SMS is judged as at the day the Makefile states, whatever
the clock says. SMS_TODAY fakes the clock of every sms process (sms.core.clock)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci.conftest import example_as_at
from tests.conftest import REPO_ROOT

LATER = "2028-01-01"  # well after the example's review dates run out (from 2027-01-14)


def env(today: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO_ROOT), "SMS_TODAY": today}


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_runs_check_passes_on_a_later_day(tmp_path: Path) -> None:
    stamp = tmp_path / "installed"  # newer than pyproject.toml: make takes the environment as installed
    stamp.touch()
    done = subprocess.run(["make", "--no-print-directory", "check", f"BIN={Path(sys.executable).parent}",
                           f"STAMP={stamp}"], cwd=REPO_ROOT, env=env(LATER), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (f"make: judging the example SMS as it stands, as at {example_as_at()} (EXAMPLE_AS_AT in "
                        "the Makefile), not today")
    assert "--base none" in lines[1]  # the demo as it stands; a branch that regenerates schemas/ is no PR
    assert lines[-1].endswith(" records checked: 0 errors, 0 warnings")


def test_the_faked_clock_reaches_sms_check() -> None:
    """Without the Makefile's day the example does expire: SMS_TODAY really moves the clock."""
    done = subprocess.run([sys.executable, "-m", "sms", "check", "--base", "none", "."], cwd=REPO_ROOT, env=env(LATER),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "SMS202" in done.stdout or "SMS203" in done.stdout, done.stdout[-500:]


def test_a_bad_faked_clock_is_bad_input() -> None:
    done = subprocess.run([sys.executable, "-m", "sms", "check", "."], cwd=REPO_ROOT, env=env("next tuesday"),
                          capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("sms: error: SMS_TODAY='next tuesday' is not a date\n"
                           "    hint: use YYYY-MM-DD or unset SMS_TODAY\n")
