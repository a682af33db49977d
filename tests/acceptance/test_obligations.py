"""Due and overdue actions (SMS116/SMS117) over the example: for one open obligation of every sort the action
tracker knows, move `--today` to just before its date and past its grace period, and see the finding land on
its due-date line. Nothing is reported while the obligation is done."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from sms.analysis.obligations import Obligation, open_obligations
from sms.store.config import load_config
from sms.store.repository import load_repository
from tests.conftest import REPO_ROOT, SmsRunner


def one_of_each() -> list[Obligation]:
    repo = load_repository(REPO_ROOT, load_config(REPO_ROOT))
    chosen: dict[str, Obligation] = {}
    for item in open_obligations(repo):
        if item.judged_by is None:
            chosen.setdefault(item.what, item)
    return list(chosen.values())


def test_every_sort_of_obligation_is_open_somewhere_in_the_example() -> None:
    assert {item.what for item in one_of_each()} >= {
        "corrective action", "improvement", "management review action", "risk review", "risk treatment"}


@pytest.mark.parametrize("item", one_of_each(), ids=lambda item: item.what.replace(" ", "-"))
def test_an_obligation_is_due_soon_then_overdue(sms: SmsRunner, item: Obligation) -> None:
    grace = load_config(REPO_ROOT).review_periods.overdue_grace_days
    where = f"{item.entry.path}:{item.entry.location(item.where).line}"
    soon = sms("check", "--format", "json", "--base", "none", "--today", (item.due - timedelta(days=3)).isoformat(),
               str(REPO_ROOT))
    assert any(f"{f['path']}:{f['line']}" == where and f["message"].startswith(f"{item.what} due in 3 days")
               for f in soon.json()["findings"] if f["rule"] == "SMS116"), soon.out
    late = sms("check", "--format", "json", "--base", "none",
               "--today", (item.due + timedelta(days=grace + 1)).isoformat(), str(REPO_ROOT))
    overdue = [f for f in late.json()["findings"] if f["rule"] == "SMS117" and f"{f['path']}:{f['line']}" == where]
    assert len(overdue) == 1 and f"overdue since {item.due.isoformat()}" in overdue[0]["message"]
    assert overdue[0]["severity"] == "error" and late.code == 1


def test_a_done_review_action_is_not_reported(sms: SmsRunner, tmp_path: Path) -> None:
    review = (REPO_ROOT / "records/management_reviews/MR-0001.yaml").read_text(encoding="utf-8")
    assert "    due: 2026-12-15\n" in review
    root = tmp_path / "sms"
    shutil.copytree(REPO_ROOT / "policies", root / "policies")
    shutil.copytree(REPO_ROOT / "records", root / "records")
    shutil.copyfile(REPO_ROOT / "sms.yaml", root / "sms.yaml")
    target = root / "records/management_reviews/MR-0001.yaml"
    target.write_text(review.replace("    due: 2026-12-15\n", "    due: 2026-12-15\n    done_on: 2026-12-10\n"),
                      encoding="utf-8")
    line = review.splitlines().index("    due: 2026-12-15") + 1
    run = sms("check", "--format", "json", "--base", "none", "--today", "2027-01-30", str(root))
    assert not [f for f in run.json()["findings"] if f["path"] == "records/management_reviews/MR-0001.yaml"
                and f["line"] == line], run.out
