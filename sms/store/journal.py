"""Multi-file writes that survive a crash: an intent journal, rolled forward on the next run.

`sms renumber` rewrites a record and every reference to it; a crash half-way (SIGKILL, power loss, a full disk)
must leave either the old state or the new one, never a mix. A transaction works in three steps:

1. **stage**: every new text, and a copy of every file it replaces, is written (and fsynced) into
   `.sms-journal/` at the SMS root, with `plan.json` listing the writes and renames; nothing else has changed;
2. **commit point**: `plan.json` is renamed to `commit.json` — one atomic rename; from here the new state wins;
3. **apply**: the staged files are moved over their targets and the renames done, then `.sms-journal/` goes.

`recover(root)` (run before any read of the repository and before a new transaction) finishes step 3 when it
finds `commit.json` — each move is idempotent, so a crash during recovery is recovered again — and discards a
journal that never reached its commit point. An error the process lives to see (a failing disk) during step 3
is undone instead, from the copies: the caller is told that nothing was changed. Staged files live only in
`.sms-journal/`, so no temporary file is ever left among the records; the loader never reads the folder
(it is outside policies/ and records/), and it belongs in `.gitignore`.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from sms.core.errors import SmsError

JOURNAL = ".sms-journal"
PLAN = "plan.json"
COMMIT = "commit.json"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _apply(root: Path, journal: Path, plan: dict[str, Any]) -> None:
    """Step 3, idempotent: a staged file already moved, or a rename already done, is skipped."""
    for staged, target in plan["writes"]:
        source = journal / staged
        if source.exists():
            (root / target).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, root / target)
    for old, new in plan["renames"]:
        if (root / old).exists() and not (root / new).exists():
            os.replace(root / old, root / new)
    for folder in {(root / target).parent for _staged, target in plan["writes"]} | {root}:
        _fsync_dir(folder)


def _undo(root: Path, journal: Path, plan: dict[str, Any]) -> None:
    """Put back what step 3 already did: renames first (they came last), then the originals."""
    for old, new in reversed(plan["renames"]):
        if (root / new).exists() and not (root / old).exists():
            os.replace(root / new, root / old)
    for staged, target in plan["writes"]:
        original = journal / staged.replace(".new", ".orig")
        if original.exists():
            os.replace(original, root / target)
        elif not (journal / staged).exists():  # a new file the transaction created: remove it again
            (root / target).unlink(missing_ok=True)


def recover(root: Path) -> str | None:
    """Finish or discard an interrupted transaction; what was done, in words (None if there was nothing)."""
    journal = root / JOURNAL
    if not journal.is_dir() or journal.is_symlink():
        return None
    commit = journal / COMMIT
    if commit.is_file():
        plan = json.loads(commit.read_text(encoding="utf-8"))
        _apply(root, journal, plan)
        shutil.rmtree(journal)
        return f"finished an interrupted write of {len(plan['writes'])} file(s) ({plan.get('what', 'sms')})"
    shutil.rmtree(journal)
    return "discarded an interrupted write that had changed nothing yet"


def transact(root: Path, writes: dict[str, str], renames: dict[str, str], what: str) -> None:
    """Write every file (relpath → text) and apply the renames (old → new relpath), all or nothing, even
    across a crash (see the module docstring)."""
    recover(root)
    for new in renames.values():
        if (root / new).exists():
            raise SmsError(f"{new} already exists; nothing was changed")
    journal = root / JOURNAL
    try:
        journal.mkdir()
        staged = []
        for number, (relpath, text) in enumerate(writes.items()):
            name = f"{number:06d}.new"
            _write_synced(journal / name, text)
            if (root / relpath).is_file():
                shutil.copyfile(root / relpath, journal / name.replace(".new", ".orig"))
            staged.append([name, relpath])
        plan = {"what": what, "writes": staged, "renames": [[old, new] for old, new in renames.items()]}
        _write_synced(journal / PLAN, json.dumps(plan))
        _fsync_dir(journal)
    except OSError as exc:
        shutil.rmtree(journal, ignore_errors=True)
        raise SmsError(f"cannot write: {exc.strerror or exc}; nothing was changed") from exc
    try:
        os.replace(journal / PLAN, journal / COMMIT)  # the commit point
        _fsync_dir(journal)
        _apply(root, journal, plan)
    except OSError as exc:
        _undo(root, journal, plan)
        shutil.rmtree(journal, ignore_errors=True)
        raise SmsError(f"cannot write: {exc.strerror or exc}; nothing was changed") from exc
    shutil.rmtree(journal)
