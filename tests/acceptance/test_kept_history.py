"""The approval history SMS313 judges is kept between runs (.sms-cache/approvals.bin) while HEAD and the documents
are as they were, and worked out again when either changes: the findings are those of a check without the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest

from sms.analysis.approvals import ApprovalHistory, approval_history
from sms.check import history
from sms.store.repository import Repository
from tests.conftest import CASES, SmsRunner, commit_all
from tests.test_cases import build_case

CASE = CASES / "SMS313" / "fail" / "body-edited-after-approval"


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The roots whose git history was walked for approvals by a check that may keep it."""
    walked: list[Path] = []
    walk = approval_history

    def spy(repo: Repository) -> ApprovalHistory:
        walked.append(repo.root)
        return walk(repo)

    monkeypatch.setattr(history, "approval_history", spy)
    return walked


def _findings(sms: SmsRunner, root: Path, today: str, *extra: str) -> tuple[int, str]:
    run = sms("check", "--format", "json", "--base", "none", "--today", today, *extra, str(root))
    return run.code, run.out


def test_history_kept_until_head_or_a_document_changes(tmp_path: Path, sms: SmsRunner, walks: list[Path]) -> None:
    root = build_case(CASE, tmp_path)
    first = _findings(sms, root, "2026-11-25")
    assert '"SMS313"' in first[1] and len(walks) == 1
    assert _findings(sms, root, "2026-11-26") == _findings(sms, root, "2026-11-26", "--no-cache")
    assert len(walks) == 1  # another day checks every file again, but the history is the one kept
    assert (root / ".sms-cache" / "approvals.bin").is_file()

    body = root / "policies" / "POL-0002.md"
    shutil.copy(CASE / "base" / "policies" / "POL-0002.md", body)  # the edit undone, not yet committed
    undone = _findings(sms, root, "2026-11-26")
    assert undone == _findings(sms, root, "2026-11-26", "--no-cache") and '"SMS313"' not in undone[1]
    assert len(walks) == 2  # the body read now is part of what it is kept by

    commit_all(git.Repo(root), "the body as approved")
    again = _findings(sms, root, "2026-11-27")
    assert again == _findings(sms, root, "2026-11-27", "--no-cache") and '"SMS313"' not in again[1]
    assert len(walks) == 3  # a new HEAD: a new history
