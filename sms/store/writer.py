"""The only YAML writer: ruamel.yaml round trip, so comments, key order, quoting and flow lists survive,
and an all-or-nothing replace of every file a command touches.

Never rewrite a file that does not parse: callers load through `load_roundtrip`, which raises InputError.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter

from sms.core.errors import InputError, SmsError

_RAW_REFUSED = frozenset("\x85\u2028\u2029")
"""Characters ruamel writes raw in plain and single-quoted text, which the loader refuses (YAML 1.1 line breaks)."""


class _Representer(RoundTripRepresenter):
    """Text holding a character the loader refuses raw is written double-quoted, where it is escaped (\\N, \\L,
    \\P): what sms writes, sms reads back."""

    def represent_str(self, data: str) -> ScalarNode:
        if _RAW_REFUSED.intersection(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        node: ScalarNode = super().represent_str(data)
        return node


_Representer.add_representer(str, _Representer.represent_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines
    yaml.indent(mapping=2, sequence=4, offset=2)  # the house style: "key:\n  - item"
    return yaml


def load_roundtrip(root: Path, relpath: str) -> Any:
    """A record as ruamel's round-trip tree (CommentedMap), for editing."""
    try:
        return _yaml().load((root / relpath).read_text(encoding="utf-8"))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(relpath, (mark.line + 1) if mark else 1, f"cannot be rewritten: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(relpath, 1, f"cannot be read: {exc}") from exc


def dump(data: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def edit(root: Path, relpath: str, change: Callable[[Any], None]) -> str:
    """The new text of a record after `change` mutates its round-trip tree (nothing is written)."""
    data = load_roundtrip(root, relpath)
    change(data)
    return dump(data)


def replace_all(root: Path, writes: dict[str, str], renames: dict[str, str] | None = None) -> None:
    """Write every file (relpath → text) and apply renames (old → new) all together or not at all.

    New contents go to temporary files beside their targets first (fsynced); only when all are written
    are they moved into place. If a move fails, the files already moved are put back.
    """
    renames = renames or {}
    staged: list[tuple[Path, Path, Path | None]] = []  # (temp, target, backup of the original)
    try:
        for relpath, text in writes.items():
            target = root / relpath
            fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((Path(temp_name), target, None))  # before writing: a temp file that fails is removed too
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        for new in renames.values():
            if (root / new).exists():
                raise SmsError(f"{new} already exists; nothing was changed")
    except (OSError, SmsError) as exc:
        for temp, _target, _backup in staged:
            temp.unlink(missing_ok=True)
        if isinstance(exc, SmsError):
            raise
        raise SmsError(f"cannot write: {exc}; nothing was changed") from exc
    done: list[tuple[Path, Path]] = []  # (where the file is now, where it came from)
    try:
        for temp, target, _backup in staged:
            backup = target.with_name(f".{target.name}.orig")
            os.replace(target, backup)
            done.append((backup, target))
            os.replace(temp, target)
            done.append((target, temp))
        for old, new in renames.items():
            os.replace(root / old, root / new)
            done.append((root / new, root / old))
    except OSError as exc:
        for current, original in reversed(done):
            os.replace(current, original)
        for temp, _target, _backup in staged:  # new texts not moved yet, or just moved back
            temp.unlink(missing_ok=True)
        raise SmsError(f"cannot write: {exc}; nothing was changed") from exc
    for _temp, target, _backup in staged:
        target.with_name(f".{target.name}.orig").unlink(missing_ok=True)
