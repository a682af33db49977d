"""Phasing the SMS in (sms.yaml `coverage`): clauses outside the phase are planned, neither gaps nor covered."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import BASE, CASES, SmsRunner

HEADER = "apiVersion: sms/v1\nkind: config\norganisation:\n  name: Case Study Ltd\n"


def complete_sms(tmp_path: Path, coverage: str) -> Path:
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    shutil.copytree(CASES / "_complete", root, dirs_exist_ok=True)
    (root / "records/audits/AUD-0001.yaml").unlink()  # 9.2 loses its audit record: partial, or planned
    (root / "records/audit_programmes/AP-0001.yaml").unlink()  # ... and the programme that named it
    (root / "sms.yaml").write_text(HEADER + coverage, encoding="utf-8")
    return root


def test_a_clause_outside_the_phase_is_planned_in_the_matrix_and_a_note_in_check(tmp_path: Path,
                                                                                  sms: SmsRunner) -> None:
    root = complete_sms(tmp_path, "coverage:\n  phase: operations\n")
    rows = {row["clause"]: row["status"] for row in sms("coverage", "--format", "json", str(root)).json()["clauses"]}
    assert rows["9.2"] == "planned"
    assert rows["9.1"] == "covered"  # evidenced clauses count whatever the phase
    assert rows["9"] == "partial" and rows["8"] == "covered"
    text = sms("coverage", str(root)).out.splitlines()[-1]
    # heading 9 is partial; the scope excludes 8.4.1 and 8.4.2, which only a process could evidence
    assert text == "73 covered, 0 documented, not evidenced, 1 partial, 0 gap, 1 planned, 2 excluded", text
    run = sms("check", "--today", "2026-11-25", "--base", "none", "--strict", str(root))
    assert run.code == 0, run.out
    assert "sms.yaml:6:3: info SMS504 clause 9.2 (Internal audits) is planned for a later phase" in run.out
    assert "SMS502" not in run.out


def test_the_same_clause_in_the_full_phase_is_partial(tmp_path: Path, sms: SmsRunner) -> None:
    root = complete_sms(tmp_path, "coverage:\n  phase: full\n")
    run = sms("check", "--today", "2026-11-25", "--base", "none", str(root))
    assert "warning SMS502 clause 9.2 (Internal audits) is partly evidenced" in run.out
    assert "SMS504" not in run.out


def test_a_planned_clause_that_does_not_exist_is_bad_input(tmp_path: Path, sms: SmsRunner) -> None:
    root = complete_sms(tmp_path, "coverage:\n  planned: ['9.2', '8.9']\n")
    run = sms("check", str(root))
    assert run.code == 2
    assert run.err.strip().startswith("sms: error: sms.yaml:6:")
    assert "clause(s) 8.9 not in ISO/IEC 20000-1:2018" in run.err
    unknown_phase = complete_sms(tmp_path / "other", "coverage:\n  phase: governance\n")
    run = sms("check", str(unknown_phase))
    assert run.code == 2 and "coverage.phase" in run.err
