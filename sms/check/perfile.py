"""Per-file findings kept by file content (`.sms-cache/per-file.bin`): a per-file rule's findings about a file
follow from that file, sms.yaml and the day alone (ARCHITECTURE.md, "per-file"), so a check after one file
changed runs the per-file rules on that file only and takes every other file's findings from the last run.

Kept per path with the file's git blob id, and per group of rules by what they are given besides the file (none;
every id; the people and roles: Rule.given) with a digest of it; the whole store is signed and keyed like the
record cache (same key in git's folder) by everything else those findings depend on: the code of sms and what it
runs on, sms.yaml as written, the coverage phase that governs the run, and which rules were on. The day is part
of the digest of the dated rules' group only (Rule.dated): on a new day the other groups' findings are kept. Damaged,
stale or planted, it is ignored and rebuilt.
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
    run does not know (the code of sms, sms.yaml as written); the run adds its rule settings (and, for the dated
    rules, the day)."""

    key: bytes
    inputs: tuple[object, ...]
    head: str | None = None  # the commit HEAD names, and git's folder: what the approval history is kept by
    git_dir: Path | None = None


SAVE_AFTER = 64
"""Fewer files checked again than this and the store is not rewritten: their rules run again next time (for a few
files, milliseconds), where rewriting the entries of 100,000 files took a quarter of a second."""

Found = dict[str, tuple[Finding, ...]]  # path → the findings about it (only files that have some)


@dataclass
class PerFileStore:
    """The per-file findings of the last run that had these inputs, and what this run adds to them: the blob id
    each file had then, and per group of rules (by the kinds they are given, Rule.given) the digest of those
    records then and the findings about the files that had any (most have none)."""

    path: Path
    key: bytes
    fingerprint: bytes
    blobs: Mapping[str, str]  # path → blob id of the content checked now (Repository.blobs)
    shas: dict[str, str] = field(default_factory=dict)
    groups: dict[tuple[str, ...], tuple[bytes, Found]] = field(default_factory=dict)
    _fresh: dict[tuple[str, ...], tuple[bytes, bool, set[str], list[Finding]]] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path, key: bytes, inputs: Iterable[object], blobs: Mapping[str, str]) -> PerFileStore:
        """The store of `root` for a run with these inputs (each given by its repr) over files with these ids."""
        store = cls(root / FOLDER / FILE, key, input_digest(inputs), blobs)
        held = read_signed(store.path, key, store.fingerprint)
        if isinstance(held, tuple) and len(held) == 2 and isinstance(held[0], dict) and isinstance(held[1], dict):
            store.shas, store.groups = held
        return store

    def stale(self, paths: Iterable[str]) -> set[str]:
        """Those of `paths` whose per-file rules must run again: changed, new, or with no blob id known."""
        blobs, shas = self.blobs, self.shas
        return {path for path in paths if (sha := blobs.get(path)) is None or shas.get(path) != sha}

    def kept(self, group: tuple[str, ...], digest: bytes, present: set[str], stale: set[str]
             ) -> list[Finding] | None:
        """A group's findings kept for the files still there that did not change, or None when the records it is
        given are not as they were (then it judges every file)."""
        held = self.groups.get(group)
        if held is None or held[0] != digest:
            return None
        return [finding for path, about in held[1].items() if path in present and path not in stale
                for finding in about]

    def update(self, group: tuple[str, ...], digest: bytes, checked: set[str], findings: Iterable[Finding], *,
               everything: bool) -> None:
        """What a group found about the files it just judged (`everything`: all of them, not only the stale), to
        be kept by `save`."""
        self._fresh[group] = (digest, everything, checked, list(findings))

    def save(self, stale: set[str], present: set[str]) -> None:
        """Keep this run's findings with the blob ids of the files they are about and forget files no longer there
        and groups that kept nothing this time; unless only a few files were judged again (see SAVE_AFTER)."""
        if self.shas and len(stale) < SAVE_AFTER and not any(fresh[1] for fresh in self._fresh.values()):
            return
        shas = {path: sha for path in present if (sha := self.blobs.get(path)) is not None}
        groups: dict[tuple[str, ...], tuple[bytes, Found]] = {}
        for group, (digest, everything, checked, findings) in self._fresh.items():
            old = {} if everything else self.groups.get(group, (b"", {}))[1]
            found: dict[str, list[Finding]] = {}
            for finding in findings:
                found.setdefault(finding.location.path, []).append(finding)
            kept = {path: about for path, about in old.items() if path in shas and path not in checked}
            groups[group] = (digest, {**kept, **{path: tuple(about) for path, about in found.items() if path in shas}})
        if shas != self.shas or groups != self.groups:
            write_signed(self.path, self.key, self.fingerprint, (shas, groups))
