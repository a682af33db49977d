"""sms.store.writer.replace_all, the all-or-nothing write behind `sms renumber` (sms.store.journal): when the
file system fails part-way, every file is as it was and the caller gets an SmsError, never a half-renumbered
SMS; when the process dies part-way, the next run finishes or discards the write (tests/acceptance/test_crash.py
kills it for real)."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sms.core.errors import SmsError
from sms.store.writer import replace_all

FIVE = ["records/changes/CHG-0001.yaml", "records/changes/CHG-0002.yaml", "records/changes/CHG-0003.yaml",
        "records/incidents/INC-0001.yaml", "records/problems/PRB-0001.yaml"]
RENAMES = {"records/changes/CHG-0001.yaml": "records/changes/CHG-0009.yaml"}
# The journal's moves: the commit point (plan.json → commit.json), each staged file in, then the rename.
MOVES = ["commit-point", *(f"file{n}-in" for n in range(1, 6)), "rename"]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (hidden ones too: a temporary or backup file left behind is a change)."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file()}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for number, relpath in enumerate(FIVE, 1):
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"id: {path.stem}\ntitle: Original {number}  # café, kept as bytes\n".encode())
    return tmp_path


def new_texts() -> dict[str, str]:
    return {relpath: f"id: {Path(relpath).stem}\ntitle: Rewritten\n" for relpath in FIVE}


def fail_on_call(monkeypatch: pytest.MonkeyPatch, name: str, failing: int) -> list[int]:
    """os.<name> raises OSError on its `failing`-th call and works otherwise; returns the call count (a list)."""
    real: Callable[..., Any] = getattr(os, name)
    calls = [0]

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == failing:
            raise OSError(errno.EIO, f"simulated failure of os.{name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, flaky)
    return calls


def test_all_five_files_and_the_rename_are_written(root: Path) -> None:
    replace_all(root, new_texts(), RENAMES)
    after = tree(root)
    assert sorted(after) == sorted([*FIVE[1:], "records/changes/CHG-0009.yaml"])
    assert after["records/changes/CHG-0009.yaml"] == b"id: CHG-0001\ntitle: Rewritten\n"


@pytest.mark.parametrize("failing", range(1, len(MOVES) + 1), ids=MOVES)
def test_a_failed_move_leaves_every_file_as_it_was(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                   failing: int) -> None:
    before = tree(root)
    calls = fail_on_call(monkeypatch, "replace", failing)
    with pytest.raises(SmsError) as raised:
        replace_all(root, new_texts(), RENAMES)
    assert calls[0] >= failing, "the failure was reached"
    assert str(raised.value).startswith("cannot write: ") and "nothing was changed" in str(raised.value)
    assert isinstance(raised.value.__cause__, OSError)
    for relpath in FIVE:
        assert (root / relpath).read_bytes() == before[relpath], relpath
    assert tree(root) == before, "no temporary or backup file is left behind"


def test_writing_fails_on_the_third_of_five_files(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The third file's new text cannot be moved into place after two files already were."""
    before = tree(root)
    fail_on_call(monkeypatch, "replace", MOVES.index("file3-in") + 1)
    with pytest.raises(SmsError, match="nothing was changed"):
        replace_all(root, new_texts())
    assert [(root / relpath).read_bytes() for relpath in FIVE] == [before[relpath] for relpath in FIVE]
    assert tree(root) == before


def test_a_failed_temporary_write_leaves_every_file_as_it_was(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while the third file's new text is staged: nothing has been moved yet."""
    before = tree(root)
    fail_on_call(monkeypatch, "fsync", 3)
    with pytest.raises(SmsError, match=r"^cannot write: .*nothing was changed$") as raised:
        replace_all(root, new_texts(), RENAMES)
    assert isinstance(raised.value.__cause__, OSError)
    assert tree(root) == before


def test_a_rename_onto_an_existing_file_is_refused_before_anything_moves(root: Path) -> None:
    before = tree(root)
    with pytest.raises(SmsError, match=r"records/changes/CHG-0002\.yaml already exists; nothing was changed"):
        replace_all(root, new_texts(), {"records/changes/CHG-0001.yaml": "records/changes/CHG-0002.yaml"})
    assert tree(root) == before


def test_an_interrupted_write_is_finished_by_the_next_run(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash after the commit point (simulated: the process stops moving files) is rolled forward."""
    from sms.store import journal

    def crash(*_args: Any) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(journal, "_apply", crash)
    with pytest.raises(SystemExit):
        replace_all(root, new_texts(), RENAMES)
    monkeypatch.undo()
    assert (root / ".sms-journal" / "commit.json").is_file()
    assert journal.recover(root) == "finished an interrupted write of 5 file(s) (sms)"
    assert sorted(tree(root)) == sorted([*FIVE[1:], "records/changes/CHG-0009.yaml"])
    assert journal.recover(root) is None


def test_a_write_interrupted_before_its_commit_point_is_discarded(root: Path) -> None:
    before = tree(root)
    staging = root / ".sms-journal"
    staging.mkdir()
    (staging / "000000.new").write_text("half", encoding="utf-8")  # plan.json never renamed to commit.json
    from sms.store import journal
    assert journal.recover(root) == "discarded an interrupted write that had changed nothing yet"
    assert tree(root) == before


@pytest.mark.parametrize("failing", [1, 2, 3])
def test_new_files_are_created_together_or_not_at_all(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                      failing: int) -> None:
    """`sms import --write`: new files in a new folder; the third move fails, after the first two were made."""
    new = {f"records/risks/RSK-000{n}.yaml": f"id: RSK-000{n}\n" for n in range(1, 4)}
    before = tree(root)
    fail_on_call(monkeypatch, "replace", failing)
    with pytest.raises(SmsError, match="nothing was changed"):
        replace_all(root, new)
    assert tree(root) == before
    monkeypatch.undo()
    replace_all(root, new)
    assert {relpath: text.encode() for relpath, text in new.items()}.items() <= tree(root).items()
