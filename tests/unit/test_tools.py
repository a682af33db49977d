"""The benchmark's synthetic SMS must stay valid, or the benchmark measures error reporting instead."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, SmsRunner


def test_generated_sms_is_clean(tmp_path: Path, sms: SmsRunner) -> None:
    out = tmp_path / "synthetic"
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "generate_sms.py"), "60", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    run = sms("check", "--strict", "--base", "none", "--today", "2026-11-25", str(out))
    assert run.code == 0, run.out
    assert run.out.splitlines()[-1].startswith("85 records checked: 0 errors, 0 warnings")
