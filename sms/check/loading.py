"""Loading the SMS at a root with the record cache: git says which files are clean and what their blob ids are,
the store does the rest. Without git (or with `--no-cache`) every file is read."""

from __future__ import annotations

from pathlib import Path

from sms.git.worktree import clean_blobs
from sms.models import KINDS
from sms.store.cache import RecordCache, cache_key, code_fingerprint, settings
from sms.store.config import Config
from sms.store.repository import Repository, load_repository


def record_cache(root: Path, config: Config) -> RecordCache | None:
    """The cache for this root, or None where there is none to have (not a git work tree, git's folder not
    writable the first time and so no key)."""
    blobs = clean_blobs(root)
    key = cache_key(blobs.git_dir) if blobs is not None else None
    if blobs is None or key is None:
        return None
    # What load_one reads of sms.yaml: the size limit and the id prefixes (SMS013, SMS015 and unreadable kinds).
    loading = settings(config.bytes_limit(), ((kind, config.prefix(kind)) for kind in KINDS))
    return RecordCache(root, key, code_fingerprint() + b"\n" + loading, blobs.shas, config.bytes_limit())


def load_sms(root: Path, config: Config, *, cache: bool = True) -> Repository:
    """Every record under `root`, from the cache where a file is unchanged (`cache=False`: read them all)."""
    return load_repository(root, config, record_cache(root, config) if cache else None)
