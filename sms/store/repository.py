"""The SMS as a whole: discover record files, read and validate each, index them by id.

Loading never stops at the first bad file: every problem becomes a finding, and a record that fails its
schema is still indexed by its raw id and kind, so that one typo does not turn every reference to it into
a second finding.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sms.core.errors import InputError
from sms.core.findings import Location, Problem
from sms.core.text import a
from sms.models import KINDS, POLICY_KINDS, SLUG_KINDS, Record
from sms.models.common import SLUG_PATTERN
from sms.store.config import Config
from sms.store.loader import Document, load_file
from sms.store.validation import envelope_problems, validate

AREAS = ("policies", "records")
SCHEMA_COMMENT = "# yaml-language-server: $schema="


@dataclass
class Entry:
    """One record file: where it is, what it says, and its typed record when it validated."""

    path: str
    doc: Document
    kind: str | None = None
    id: str | None = None
    record: Record | None = None

    @property
    def data(self) -> Any:
        return self.doc.data

    def location(self, path: tuple[str | int, ...] = ()) -> Location:
        line, column = self.doc.position(path)
        return Location(self.path, line, column)


@dataclass
class Repository:
    """Every record of one SMS, indexed."""

    root: Path
    config: Config
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # SMS0xx, found while reading
    by_id: dict[str, Entry] = field(default_factory=dict)
    files: int = 0

    def of_kind(self, kind: str) -> Iterator[Entry]:
        return (entry for entry in self.entries if entry.kind == kind)

    def get(self, record_id: str) -> Entry | None:
        return self.by_id.get(record_id)


def discover(root: Path) -> list[str]:
    """Relative POSIX paths of every *.yaml file under policies/ and records/, sorted; symlinked folders
    are not entered (a symlinked file is listed, and the loader decides whether it is safe)."""
    return _walk(root)[0]


def linked_folders(root: Path) -> list[str]:
    """Symlinked folders under policies/ and records/ (and those two themselves), which are not read."""
    return _walk(root)[1]


def _walk(root: Path) -> tuple[list[str], list[str], list[str]]:
    """(record files, symlinked folders, folders named like record files)."""
    found: list[str] = []
    links: list[str] = []
    folders: list[str] = []
    for area in AREAS:
        top = root / area
        if top.is_symlink():
            links.append(area)
            continue
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            rel_dir = Path(dirpath).relative_to(root).as_posix()
            links.extend(f"{rel_dir}/{name}" for name in dirnames if (Path(dirpath) / name).is_symlink())
            folders.extend(f"{rel_dir}/{name}" for name in dirnames if name.endswith(".yaml"))
            dirnames[:] = sorted(name for name in dirnames
                                 if not name.startswith(".") and not (Path(dirpath) / name).is_symlink())
            found.extend(f"{rel_dir}/{name}" for name in filenames if name.endswith(".yaml"))
    return sorted(found), sorted(links), sorted(folders)


def load_repository(root: Path, config: Config) -> Repository:
    """Every record file in the work tree under `root`."""
    files, links, folders = _walk(root)
    repo = load_documents(root, config, files,
                          lambda relpath: load_file(root, relpath, max_bytes=config.bytes_limit()))
    for link in links:  # records behind a symlinked folder would silently go unchecked: say so
        target = (root / link).resolve()
        where = "outside the SMS root" if not target.is_relative_to(root.resolve()) else "elsewhere in the repository"
        repo.problems.append(Problem("SMS010", f"folder {link}/ is a symlink to {where}; its records are not read",
                                     Location(link, 1, 1), hint="replace the link with the real folder"))
    for folder in folders:  # a record that is a folder would silently go unchecked too
        repo.problems.append(Problem("SMS010", f"{folder} is a folder, not a record file", Location(folder, 1, 1),
                                     hint="rename the folder; a record is one YAML file"))
    return repo


def load_documents(root: Path, config: Config, relpaths: list[str], read: Callable[[str], Document]) -> Repository:
    """Build a repository from `relpaths`, each read by `read` (from disk, or from a git commit)."""
    repo = Repository(root=root, config=config)
    for relpath in relpaths:
        repo.files += 1
        try:
            doc = read(relpath)
        except InputError as exc:
            repo.problems.append(Problem(exc.rule, exc.detail, Location(relpath, exc.line, exc.column),
                                         hint=exc.hint))
            continue
        entry = Entry(relpath, doc)
        repo.problems.extend(_read_entry(entry, config))
        repo.entries.append(entry)
    for entry in repo.entries:
        if entry.id is not None and entry.id not in repo.by_id:
            repo.by_id[entry.id] = entry
    return repo


def _read_entry(entry: Entry, config: Config) -> Iterator[Problem]:
    doc = entry.doc
    problems = list(envelope_problems(doc))
    for problem in problems:
        yield Problem(problem.rule, problem.message, Location(entry.path, problem.line, problem.column),
                      hint=problem.hint)
    if not isinstance(doc.data, dict):
        return
    raw_id = doc.data.get("id")
    entry.id = raw_id if isinstance(raw_id, str) else None
    if problems:
        return
    entry.kind = doc.data["kind"]
    model = KINDS[entry.kind]
    record, schema_problems = validate(doc, model)
    entry.record = record
    for problem in schema_problems:
        yield Problem(problem.rule, problem.message, Location(entry.path, problem.line, problem.column),
                      record_id=entry.id, hint=problem.hint)
    yield from _placement(entry, config)


def _placement(entry: Entry, config: Config) -> Iterator[Problem]:
    """SMS013-SMS016: id matches file name, folder matches kind, id has the kind's form, schema comment."""
    assert entry.kind is not None
    model = KINDS[entry.kind]
    stem = posixpath.basename(entry.path)[: -len(".yaml")]
    if entry.id is not None and entry.id != stem:
        valid_stem = re.fullmatch(SLUG_PATTERN if entry.kind in SLUG_KINDS else
                                  rf"{config.prefix(entry.kind)}-[0-9]{{4,}}", stem)
        yield Problem("SMS013", f"id '{entry.id}' differs from the file name '{stem}.yaml'",
                      entry.location(("id",)), record_id=entry.id,
                      hint=f"rename the file to {entry.id}.yaml" + (f", or set id: {stem}" if valid_stem else ""))
    parts = entry.path.split("/")
    if entry.kind in POLICY_KINDS:
        if parts[0] != "policies":
            yield Problem("SMS014", f"{a(entry.kind)} belongs under policies/, not {posixpath.dirname(entry.path)}/",
                          entry.location(("kind",)), record_id=entry.id)
    elif parts[0] != "records" or len(parts) != 3 or parts[1] != model.FOLDER:
        yield Problem("SMS014", f"{a(entry.kind)} belongs in records/{model.FOLDER}/, not "
                                f"{posixpath.dirname(entry.path)}/", entry.location(("kind",)), record_id=entry.id)
    if entry.id is not None:
        if entry.kind in SLUG_KINDS:
            if not re.match(SLUG_PATTERN, entry.id):
                yield Problem("SMS015", f"{a(entry.kind)} id is a lowercase slug like 'change-manager', not "
                                        f"'{entry.id}'", entry.location(("id",)), record_id=entry.id)
        else:
            prefix = config.prefix(entry.kind)
            if not re.fullmatch(rf"{prefix}-[0-9]{{4,}}", entry.id):
                yield Problem("SMS015", f"{a(entry.kind)} id has the form {prefix}-NNNN, not '{entry.id}'",
                              entry.location(("id",)), record_id=entry.id)
    expected = SCHEMA_COMMENT + posixpath.relpath(f"schemas/{entry.kind}.schema.json",
                                                  posixpath.dirname(entry.path))
    if entry.doc.first_line.strip() != expected:
        yield Problem("SMS016", "the first line is not the schema comment for this kind", Location(entry.path, 1, 1),
                      record_id=entry.id, hint=f"make the first line: {expected}")
