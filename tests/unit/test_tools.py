"""The benchmark's synthetic SMS must stay valid, or the benchmark measures error reporting instead; and every
defect `--defects` plants must be found, or a cache or `--changed-since` test on it proves nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, SmsRunner

GENERATOR = str(REPO_ROOT / "tools" / "generate_sms.py")


def test_generated_sms_is_clean(tmp_path: Path, sms: SmsRunner) -> None:
    out = tmp_path / "synthetic"
    proc = subprocess.run([sys.executable, GENERATOR, "60", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # no defects asked for, none printed
    kinds = {folder.name: len(list(folder.iterdir())) for folder in (out / "records").iterdir()}
    assert kinds["incidents"] > kinds["requests"] > kinds["changes"] > 0  # the service desk's mix
    run = sms("check", "--strict", "--base", "none", "--today", "2026-11-25", str(out))
    assert run.code == 0, run.out
    assert run.out.splitlines()[-1].startswith("89 records checked: 0 errors, 0 warnings")


def test_planted_defects_are_each_found(tmp_path: Path, sms: SmsRunner) -> None:
    out, manifest = tmp_path / "synthetic", tmp_path / "defects.json"
    proc = subprocess.run([sys.executable, GENERATOR, "120", str(out), "--defects", "10", "--manifest",
                           str(manifest)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    planted = json.loads(manifest.read_text(encoding="utf-8"))
    assert [json.loads(line) for line in proc.stdout.splitlines()] == planted
    assert len(planted) == 10 and len({d["rule"] for d in planted}) == 9  # every kind of defect, one twice
    run = sms("check", "--base", "none", "--today", "2026-11-25", "--format", "json", str(out))
    assert run.code == 1, run.out
    found = {(f["rule"], f["path"]) for f in json.loads(run.out)["findings"]}
    assert [d for d in planted if (d["rule"], d["path"]) not in found] == []
