"""The SMS as a whole: discover record files, read and validate each, index them by id.

Loading never stops at the first bad file: every problem becomes a finding, and a record that fails its
schema is still indexed by its raw id and kind, so that one typo does not turn every reference to it into
a second finding. A file that does not even parse (or lacks a valid envelope) is still known by its file
name: its id is the file's stem and its kind the one its folder holds (`unreadable`).
"""

from __future__ import annotations

import functools
import heapq
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sms.core.collector import paused_gc
from sms.core.errors import InputError
from sms.core.findings import Location, Problem
from sms.core.progress import SILENT, Progress
from sms.core.text import a
from sms.models import KINDS, POLICY_KINDS, SLUG_KINDS
from sms.models.common import SLUG_PATTERN
from sms.models.refs import references
from sms.store.cache import RecordCache
from sms.store.config import Config
from sms.store.entry import Entry as Entry  # re-exported: the layers above know an entry from here
from sms.store.journal import recover
from sms.store.loader import Document, Reader
from sms.store.validation import envelope_problems, validate

AREAS = ("policies", "records")
SCHEMA_COMMENT = "# yaml-language-server: $schema="


@dataclass
class Repository:
    """Every record of one SMS, indexed."""

    root: Path
    config: Config
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # SMS0xx, found while reading
    by_id: dict[str, Entry] = field(default_factory=dict)
    files: int = 0
    unreadable: dict[str, str | None] = field(default_factory=dict)
    """Files that did not parse or have no valid envelope: id (the file name's stem) → kind (from the folder,
    or the id's prefix under policies/; None when neither says). References to them are not dangling."""
    unreadable_files: list[str] = field(default_factory=list)
    """Paths of the record files whose content could not be read as a mapping (what they say is unknown)."""
    blobs: dict[str, str] = field(default_factory=dict)
    """The git blob id of each file's content as read, where the record cache knew it (clean in git) or worked
    it out; empty without the cache. What was found about a file can be kept by it (sms.check.perfile)."""

    _kinds: tuple[list[Entry], int, dict[str | None, list[Entry]]] | None = field(
        default=None, init=False, repr=False, compare=False)

    def of_kind(self, kind: str) -> Iterator[Entry]:
        """The entries of one kind, in order: grouped once (rules and pages ask per kind, and a scan of 100,000
        entries per question added up), and again whenever `entries` is replaced or grows."""
        kinds = self._kinds
        if kinds is None or kinds[0] is not self.entries or kinds[1] != len(self.entries):
            grouped: dict[str | None, list[Entry]] = {}
            for entry in self.entries:
                grouped.setdefault(entry.kind, []).append(entry)
            kinds = self._kinds = (self.entries, len(self.entries), grouped)
        return iter(kinds[2].get(kind, ()))

    def of_kinds(self, kinds: Iterable[str]) -> Iterator[Entry]:
        """The entries of these kinds, in order: a rule about documents need not ask 100,000 operational records
        whether they are one (each would be read back from the record cache to answer). Entries are read in path
        order, which a merge of the kinds' groups keeps."""
        return heapq.merge(*(self.of_kind(kind) for kind in set(kinds)), key=lambda entry: entry.path)

    def get(self, record_id: str) -> Entry | None:
        return self.by_id.get(record_id)

    def known(self, record_id: str) -> bool:
        """Whether a file holds this id, even one that could not be read."""
        return record_id in self.by_id or record_id in self.unreadable


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


def load_repository(root: Path, config: Config, cache: RecordCache | None = None,
                    progress: Progress = SILENT) -> Repository:
    """Every record file in the work tree under `root`, after finishing any interrupted multi-file write;
    with a `cache`, each file's result is taken from it when its content is the one cached."""
    recover(root)  # the CLI has said so already, if it had anything to do
    files, links, folders = _walk(root)
    repo = load_documents(root, config, files, Reader(root, config.bytes_limit()).load, cache, progress)
    for link in links:  # records behind a symlinked folder would silently go unchecked: say so
        target = (root / link).resolve()
        where = "outside the SMS root" if not target.is_relative_to(root.resolve()) else "elsewhere in the repository"
        repo.problems.append(Problem("SMS010", f"folder {link}/ is a symlink to {where}; its records are not read",
                                     Location(link, 1, 1), hint="replace the link with the real folder"))
    for folder in folders:  # a record that is a folder would silently go unchecked too
        repo.problems.append(Problem("SMS010", f"{folder} is a folder, not a record file", Location(folder, 1, 1),
                                     hint="rename the folder; a record is one YAML file"))
    return repo


@dataclass
class Loaded:
    """What reading one record file gave — its entry (None when it could not be read at all) and its
    problems — and all the record cache keeps of it."""

    entry: Entry | None
    problems: list[Problem]


def load_one(relpath: str, config: Config, read: Callable[[str], Document]) -> Loaded:
    """Read and validate one record file. What it uses of `config` is in cache.settings (see check's loading)."""
    try:
        doc = read(relpath)
    except InputError as exc:
        stem = posixpath.basename(relpath).removesuffix(".yaml")
        return Loaded(None, [Problem(exc.rule, exc.detail, Location(relpath, exc.line, exc.column), record_id=stem,
                                     hint=exc.hint)])
    entry = Entry(relpath, doc)
    return Loaded(entry, list(_read_entry(entry, config)))


def reader_of_entries(root: Path, config: Config) -> Callable[[str], Entry | None]:
    """Reads one record file under `root` afresh, as a load without the cache would: what the record cache falls
    back on when the bytes it kept of a record turn out damaged."""
    read = Reader(root, config.bytes_limit()).load
    return lambda relpath: load_one(relpath, config, read).entry


@paused_gc
def load_documents(root: Path, config: Config, relpaths: list[str], read: Callable[[str], Document],
                   cache: RecordCache | None = None, progress: Progress = SILENT) -> Repository:
    """Build a repository from `relpaths`, each read by `read` (from disk, or from a git commit)."""
    repo = Repository(root=root, config=config)
    if cache is not None:
        cache.prefetch(relpaths)  # every shard is asked for: read and authenticate them alongside
    progress.stage("reading records", len(relpaths))
    repo.files = len(relpaths)
    for relpath in relpaths:
        progress.advance()
        held = cache.get(relpath) if cache is not None else None
        if held is not None:
            loaded = Loaded(*held)
        else:
            loaded = load_one(relpath, config, read)
            if cache is not None:
                # Kept as a plain tuple: 100,000 objects of a class read back took a third longer.
                cache.put(relpath, (loaded.entry, loaded.problems))
        if loaded.problems:
            repo.problems.extend(loaded.problems)
        entry = loaded.entry
        if entry is not None:
            repo.entries.append(entry)
            if entry.kind is not None:
                continue  # a readable record (the kind is only read from a mapping): the usual case, kept quick
        stem = posixpath.basename(relpath).removesuffix(".yaml")
        repo.unreadable.setdefault(stem, kind_of_path(relpath, config))
        if entry is None or not isinstance(entry.data, dict):
            repo.unreadable_files.append(relpath)
    if cache is not None:
        cache.save()
        repo.blobs = cache.blob_ids
    for entry in repo.entries:
        if entry.id is not None and entry.id not in repo.by_id:
            repo.by_id[entry.id] = entry
    for record_id in list(repo.unreadable):
        if record_id in repo.by_id:
            del repo.unreadable[record_id]  # the id is held by a readable file too
    return repo


def kind_of_path(relpath: str, config: Config) -> str | None:
    """The kind a record file holds judging by where it is: records/<folder>/ names it; under policies/, the
    file name's prefix does (a slug is a role)."""
    parts = relpath.split("/")
    stem = parts[-1].removesuffix(".yaml")
    if parts[0] == "records" and len(parts) == 3:
        return next((kind for kind, model in KINDS.items() if parts[1] == model.FOLDER), None)
    if parts[0] == "policies":
        if re.fullmatch(SLUG_PATTERN, stem):
            return next((kind for kind in sorted(POLICY_KINDS) if kind in SLUG_KINDS), None)
        prefix = stem.rsplit("-", 1)[0]
        return next((kind for kind in sorted(POLICY_KINDS) if config.prefix(kind) == prefix), None)
    return None


def _read_entry(entry: Entry, config: Config) -> Iterator[Problem]:
    doc = entry.doc
    problems = list(envelope_problems(doc))
    raw_id = doc.data.get("id") if isinstance(doc.data, dict) else None
    entry.id = raw_id if isinstance(raw_id, str) else None
    known_as = entry.id or posixpath.basename(entry.path).removesuffix(".yaml")
    for problem in problems:
        yield Problem(problem.rule, problem.message, Location(entry.path, problem.line, problem.column),
                      record_id=known_as, hint=problem.hint)
    if not isinstance(doc.data, dict):
        return
    if problems:
        return
    entry.kind = doc.data["kind"]
    model = KINDS[entry.kind]
    entry.refs = tuple(references(model, doc.data))
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
    expected = _schema_comment(entry.kind, posixpath.dirname(entry.path))
    if entry.doc.first_line.strip() != expected:
        yield Problem("SMS016", "the first line is not the schema comment for this kind", Location(entry.path, 1, 1),
                      record_id=entry.id, hint=f"make the first line: {expected}")


@functools.lru_cache(maxsize=1024)
def _schema_comment(kind: str, folder: str) -> str:
    """The first line a record of `kind` in `folder` needs (posixpath.relpath is slow, and folders repeat)."""
    return SCHEMA_COMMENT + posixpath.relpath(f"schemas/{kind}.schema.json", folder)
