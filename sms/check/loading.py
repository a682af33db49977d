"""Loading the SMS at a root with the record cache: git says which files are clean and what their blob ids are,
the store does the rest. Without git (or with `--no-cache`) every file is read."""

from __future__ import annotations

from pathlib import Path

from sms.check.reuse import CacheState, cache_state
from sms.core.progress import SILENT, Progress
from sms.models import KINDS
from sms.store.cache import RecordCache, code_fingerprint, settings
from sms.store.config import Config
from sms.store.repository import Repository, load_repository, reader_of_entries


def record_cache(root: Path, config: Config, state: CacheState | None) -> RecordCache | None:
    """The record cache for this root, or None without a cache state."""
    if state is None:
        return None
    # What load_one reads of sms.yaml: the size limit and the id prefixes (SMS013, SMS015 and unreadable kinds).
    loading = settings(config.bytes_limit(), ((kind, config.prefix(kind)) for kind in KINDS))
    return RecordCache(root, state.key, code_fingerprint() + b"\n" + loading, state.blobs.shas, config.bytes_limit(),
                       reread=reader_of_entries(root, config))


def load_sms(root: Path, config: Config, *, cache: bool = True, state: CacheState | None = None,
             progress: Progress = SILENT) -> Repository:
    """Every record under `root`, from the cache where a file is unchanged (`cache=False`: read them all).
    `state`: the cache state when the caller has it already."""
    if cache and state is None:
        state = cache_state(root)
    return load_repository(root, config, record_cache(root, config, state) if cache else None, progress)
