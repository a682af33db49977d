"""`sms fmt`: put record files in the canonical layout (sms.store.layout), or say which are not in it.

A file that does not parse is never rewritten: it is reported and the others are still formatted. The changed
files are replaced together (sms.store.writer.replace_all), each through a temporary file and a rename.
"""

from __future__ import annotations

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
    """The files to format, relative to `root` (POSIX): every record file under policies/ and records/ and
    sms.yaml, or of those the ones under PATHS; a file named on its own is formatted whatever it is."""
    every = discover(root) + ([CONFIG_FILE] if (root / CONFIG_FILE).is_file() else [])
    if not paths:
        return every
    chosen: list[str] = []
    base = root.resolve()
    for path in paths:
        full = path.resolve()
        if not full.is_relative_to(base):
            raise UsageError(f"{path}: not inside the SMS at {root}", hint="pass paths inside --root")
        relative = full.relative_to(base).as_posix()
        if full.is_dir():  # a folder: its record files, not mkdocs.yml or workflows beside them
            chosen.extend(relpath for relpath in every if relative == "." or relpath.startswith(f"{relative}/"))
        else:
            chosen.append(relative)
    return sorted(dict.fromkeys(chosen))


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

