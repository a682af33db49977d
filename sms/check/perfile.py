"""Per-file findings kept by file content (`.sms-cache/per-file.bin`): a per-file rule's findings about a file
follow from that file, sms.yaml and the day alone (ARCHITECTURE.md, "per-file"), so a check after one file
changed runs the per-file rules on that file only and takes every other file's findings from the last run.

Kept per path with the file's git blob id; the whole store is signed and keyed like the record cache (same key
in git's folder) by everything else those findings depend on: the code of sms and what it runs on, sms.yaml as
written, the coverage phase that governs the run, the day, and which rules were on. Damaged, stale or planted,
it is ignored and rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sms.core.findings import Finding
from sms.store.cache import FOLDER, input_digest, read_signed, write_signed

FILE = "per-file.bin"


@dataclass(frozen=True)
class PerFileCache:
    """Where a check may keep per-file findings: the key that signs them, and what they depend on that the rule
    run does not know (the code of sms, sms.yaml as written); the run adds the day and its rule settings."""

    key: bytes
    inputs: tuple[object, ...]


SAVE_AFTER = 64
"""Fewer files checked again than this and the store is not rewritten: their rules run again next time (for a few
files, milliseconds), where rewriting the entries of 100,000 files took a quarter of a second."""


@dataclass
class PerFileStore:
    """The per-file findings of the last run that had these inputs, and what this run adds to them: the blob id
    each file had then, and the findings about those that had any (most have none)."""

    path: Path
    key: bytes
    fingerprint: bytes
    blobs: Mapping[str, str]  # path → blob id of the content checked now (Repository.blobs)
    shas: dict[str, str] = field(default_factory=dict)
    found: dict[str, tuple[Finding, ...]] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path, key: bytes, inputs: Iterable[object], blobs: Mapping[str, str],
             given: tuple[str, ...] = ()) -> PerFileStore:
        """The store of `root` for a run with these inputs (each given by its repr) over files with these ids;
        rules given records of other kinds (Rule.given) keep theirs apart, under a digest of those records."""
        name = FILE if not given else FILE.replace(".bin", f"-{'-'.join(given)}.bin")
        store = cls(root / FOLDER / name, key, input_digest(inputs), blobs)
        held = read_signed(store.path, key, store.fingerprint)
        if isinstance(held, tuple) and len(held) == 2 and isinstance(held[0], dict) and isinstance(held[1], dict):
            store.shas, store.found = held
        return store

    def split(self, paths: Iterable[str]) -> tuple[list[Finding], set[str]]:
        """The findings kept for those of `paths` whose content is the one they were found in, and the paths
        whose per-file rules must run again (changed, new, or with no blob id known)."""
        reused: list[Finding] = []
        stale: set[str] = set()
        blobs, shas, found = self.blobs, self.shas, self.found
        for path in paths:
            sha = blobs.get(path)
            if sha is None or shas.get(path) != sha:
                stale.add(path)
            elif path in found:
                reused.extend(found[path])
        return reused, stale

    def save(self, checked: Iterable[str], findings: Iterable[Finding], present: set[str]) -> None:
        """Keep the findings of the files just checked (with their blob ids) and forget files no longer there;
        unless they are few and the store has the others (see SAVE_AFTER)."""
        checked = set(checked)
        if self.shas and len(checked) < SAVE_AFTER:
            return
        fresh: dict[str, list[Finding]] = {}
        for finding in findings:
            fresh.setdefault(finding.location.path, []).append(finding)
        shas = {path: sha for path, sha in self.shas.items() if path in present and path not in checked}
        found = {path: kept for path, kept in self.found.items() if path in shas}
        for path in checked:
            sha = self.blobs.get(path)
            if sha is not None:
                shas[path] = sha
                if path in fresh:
                    found[path] = tuple(fresh[path])
        if shas != self.shas or found != self.found:
            write_signed(self.path, self.key, self.fingerprint, (shas, found))
