"""The base a pull request is judged against: which commit, which files changed, and those files as they were.

`--base REF` names the target branch (in GitHub Actions `origin/$GITHUB_BASE_REF`). Lifecycle and
document-control rules compare with the *merge base* of HEAD and REF (what the branch started from);
the id-collision rule compares with REF's *tip* (what the branch will be merged into).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sms.core.errors import InputError, UsageError
from sms.git import history
from sms.git.commits import Change
from sms.store.config import CONFIG_FILE, Config, parse_config
from sms.store.loader import Document, decode_utf8, parse
from sms.store.repository import Entry, Repository, load_documents

DISABLED = "none"


@dataclass
class Base:
    """The state a change is judged against."""

    ref: str
    merge_base: str
    tip: str
    changes: list[Change]
    before: Repository  # the changed files (at their old paths) as they were at the merge base
    tip_paths: dict[str, str] = field(default_factory=dict)  # record id (file stem) → path at the tip
    touched: list[Change] = field(default_factory=list)  # every file the PR touched, records or not
    config: Config | None = None  # sms.yaml at the merge base: the configuration that governs the PR
    config_source: Document | None = None  # that sms.yaml as parsed, for positions

    def tip_data(self, path: str) -> Any:
        """A record's data at the tip of the target branch (None when absent or unreadable)."""
        raw = history.read_at(self.before.root, self.tip, path)
        if raw is None:
            return None
        try:
            return parse(path, decode_utf8(path, raw)).data
        except InputError:
            return None

    def old_entry(self, change: Change) -> Entry | None:
        """The record a changed file held at the merge base."""
        path = change.old_path or change.path
        return next((entry for entry in self.before.entries if entry.path == path), None)

    @cached_property
    def _changed_paths(self) -> dict[str, Change]:
        return {change.path: change for change in self.changes if change.status in ("A", "M", "R")}

    @cached_property
    def _before_by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.before.entries if entry.id is not None}

    def previous(self, entry: Entry) -> Entry | None:
        """The record `entry` was at the merge base, when its file changed. Records are identified by id, not
        by path: a file moved and rewritten in one pull request (git sees a delete and an add) is compared
        with the record it was, wherever it lived."""
        change = self._changed_paths.get(entry.path)
        if change is None:
            return None
        if entry.id is not None and entry.id in self._before_by_id:
            return self._before_by_id[entry.id]
        return self.old_entry(change) if change.status != "A" else None

    def changed(self, entry: Entry) -> bool:
        """Whether the PR added, modified or moved this record's file."""
        return entry.path in self._changed_paths

    def same_file(self, old_path: str, new_path: str) -> bool:
        """Whether the work tree's `new_path` (a regular file) holds exactly what `old_path` held at the merge base."""
        old = history.read_at(self.before.root, self.merge_base, old_path)
        path = self.before.root / new_path
        return old is not None and not path.is_symlink() and path.is_file() and path.read_bytes() == old

    def removed(self, now: Repository) -> list[Entry]:
        """Records of the merge base whose id no longer exists anywhere: deleted (or renamed away) by the PR."""
        gone = {change.old_path or change.path for change in self.changes if change.status in ("D", "R")}
        return [entry for entry in self.before.entries
                if entry.path in gone and entry.id is not None and now.get(entry.id) is None]


def resolve_base(root: Path, config: Config, option: str | None) -> Base | None:
    """Resolve --base: None when disabled or (without an explicit --base) when there is no git or no branch."""
    if option is not None and option.lower() == DISABLED:
        return None
    if option is None:
        if not history.in_git(root) or history.head_commit(root) is None:
            return None
        ref = history.default_branch(root)
        if ref is None:
            return None
    else:
        if not history.in_git(root):
            raise UsageError(f"--base {option}: {root} is not inside a git repository",
                             hint="run in a git clone, or pass --base none")
        if history.head_commit(root) is None:
            raise UsageError(f"--base {option}: the repository has no commits yet", hint="pass --base none")
        ref = option
    tip = history.resolve_ref(root, ref)
    merge_base = history.merge_base(root, ref)
    touched = history.changes_since(root, merge_base)
    changes = [change for change in touched
               if change.path.endswith(".yaml") or (change.old_path or "").endswith(".yaml")
               or change.path.endswith(".md")]
    old_paths = sorted({change.old_path or change.path for change in changes if change.status != "A"}
                       & set(history.record_paths_at(root, merge_base)))
    before = load_documents(root, config, old_paths,
                            history.snapshot_reader(root, merge_base, config.bytes_limit()))
    tip_paths: dict[str, str] = {}
    if tip != merge_base:
        for path in history.record_paths_at(root, tip):
            tip_paths.setdefault(path.rsplit("/", 1)[-1][: -len(".yaml")], path)
    base_config, base_source = _config_at(root, merge_base)
    return Base(ref, merge_base, tip, changes, before, tip_paths, touched, base_config, base_source)


def _config_at(root: Path, sha: str) -> tuple[Config | None, Document | None]:
    """sms.yaml as it was at a commit; (None, None) when it was absent or did not validate there."""
    raw = history.read_at(root, sha, CONFIG_FILE)
    if raw is None:
        return None, None
    try:
        source = parse(CONFIG_FILE, decode_utf8(CONFIG_FILE, raw))
        return parse_config(source), source
    except InputError:
        return None, None
