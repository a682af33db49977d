"""`sms fmt`: put record files in the canonical layout (sms.store.layout), or say which are not in it.

A file that does not parse is never rewritten: it is reported and the others are still formatted. The changed
files are replaced together (sms.store.writer.replace_all), each through a temporary file and a rename.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sms.core.errors import SmsError, UsageError
from sms.store.config import CONFIG_FILE
from sms.store.layout import canonical_text
from sms.store.loader import read_text
from sms.store.repository import discover
from sms.store.writer import replace_all


@dataclass
class Formatting:
    """What `sms fmt` found: the files not in canonical layout (relpath → canonical text) and those it could not
    read or parse (as errors naming file:line)."""

    checked: int = 0
    changed: dict[str, str] = field(default_factory=dict)
    broken: list[SmsError] = field(default_factory=list)


def targets(root: Path, paths: tuple[Path, ...]) -> list[str]:
    """The YAML files to format, relative to `root` (POSIX): those under PATHS (files or folders), or by default
    every record file under policies/ and records/ and sms.yaml."""
    if not paths:
        found = discover(root)
        return found + ([CONFIG_FILE] if (root / CONFIG_FILE).is_file() else [])
    chosen: list[str] = []
    base = root.resolve()
    for path in paths:
        full = path.resolve()
        if not full.is_relative_to(base):
            raise UsageError(f"{path}: not inside the SMS at {root}", hint="pass paths inside --root")
        if not full.exists():
            raise UsageError(f"{path}: no such file or folder")
        if full.is_dir():
            chosen.extend(_yaml_files(base, full))
        else:
            chosen.append(full.relative_to(base).as_posix())
    return sorted(dict.fromkeys(chosen))


def _yaml_files(base: Path, folder: Path) -> list[str]:
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith(".") and name not in {"site", "schemas"})
        found.extend((Path(dirpath) / name).relative_to(base).as_posix() for name in filenames
                     if name.endswith(".yaml") and not name.startswith("."))
    return found


def survey(root: Path, relpaths: list[str]) -> Formatting:
    """Which of `relpaths` are not canonical, with their canonical text; nothing is written."""
    result = Formatting()
    for relpath in relpaths:
        result.checked += 1
        try:
            text = read_text(root, relpath)
            canonical = canonical_text(relpath, text)
        except SmsError as exc:
            result.broken.append(exc)
            continue
        if canonical != text:
            result.changed[relpath] = canonical
    return result


def format_files(root: Path, paths: tuple[Path, ...] = (), *, check: bool = False) -> Formatting:
    """Survey PATHS (default: the whole SMS) and, unless `check`, rewrite the files that are not canonical."""
    result = survey(root, targets(root, paths))
    if result.changed and not check:
        replace_all(root, result.changed)
    return result

