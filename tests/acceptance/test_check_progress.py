"""`sms check` (and every command that reads the whole SMS) shows its progress to a person at a terminal, and to
nobody else: not in CI, not with a machine-readable format, not with --quiet. Run with stderr on a real
pseudo-terminal."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("progress") / "sms"
    root.mkdir()
    for name in ("policies", "records"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copy(REPO_ROOT / "sms.yaml", root / "sms.yaml")
    return root


def at_terminal(root: Path, *args: str, ci: bool = False) -> tuple[int, str, str]:
    """(exit code, stdout, what reached the terminal on stderr) of `sms check ARGS ROOT`."""
    return command_at_terminal(["check", "--no-cache", "--base", "none", "--today", "2026-11-30", *args, str(root)],
                               ci=ci)


def command_at_terminal(args: list[str], *, ci: bool = False) -> tuple[int, str, str]:
    """(exit code, stdout, what reached the terminal on stderr) of `sms ARGS`."""
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "GITHUB_ACTIONS")}
    env.update({"TERM": "xterm", "COLUMNS": "100", "PYTHONPATH": str(REPO_ROOT)})
    if ci:
        env["CI"] = "true"
    master, slave = pty.openpty()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-m", "sms", *args], stdout=out, stderr=slave,
                                stdin=subprocess.DEVNULL, env=env)
        os.close(slave)
        seen = bytearray()
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        code = proc.wait(timeout=120)
        out.seek(0)
        return code, out.read().decode(), seen.decode("utf-8", "replace")


def test_a_person_at_a_terminal_sees_the_check_move(example: Path) -> None:
    code, out, err = at_terminal(example)
    assert "reading records" in err and "running rules" in err
    assert "217/217" in err  # every record file counted
    plain = subprocess.run([sys.executable, "-m", "sms", "check", "--no-cache", "--base", "none", "--today",
                            "2026-11-30", str(example)], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, check=False)
    assert (code, out) == (plain.returncode, plain.stdout)  # the findings are the same, on stdout
    assert "reading records" not in plain.stderr  # stderr is no terminal here


@pytest.mark.parametrize(("args", "ci"), [((), True), (("--format", "json"), False), (("--format", "sarif"), False),
                                          (("--quiet",), False)])
def test_nobody_else_gets_progress(example: Path, args: tuple[str, ...], ci: bool) -> None:
    code, _out, err = at_terminal(example, *args, ci=ci)
    assert code in (0, 1)
    assert "reading records" not in err and "running rules" not in err


@pytest.mark.parametrize(("args", "shown"), [(("sla",), True), (("sla", "--format", "json"), False),
                                             (("coverage",), True), (("coverage", "--format", "json"), False)])
def test_commands_that_read_every_record_show_it_to_people(example: Path, args: tuple[str, ...],
                                                           shown: bool) -> None:
    code, _out, err = command_at_terminal([*args, "--today", "2026-11-30", str(example)])
    assert code == 0, err
    assert ("reading records" in err) is shown
