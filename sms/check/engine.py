"""`sms check`: load the SMS at a root and run every rule over it (sms.check.run), or reuse the last run's findings
when nothing it reads has changed (sms.check.reuse). The engine never loads anything itself: this wrapper does,
and it imports the rules, the models and git's history only when it has to."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sms.check.reuse import cache_state, file_inputs, reuse, run_options
from sms.core import clock
from sms.core.findings import Result
from sms.core.progress import SILENT, Progress
from sms.git import worktree

if TYPE_CHECKING:
    from sms.git.base import Base
    from sms.store.config import Config
    from sms.store.loader import Document

CONFIG_FILE = "sms.yaml"
DISABLED = "none"  # --base none


def check_root(root: Path, *, today: date | None = None, base: str | None = None, cache: bool = True,
               changed_since: str | None = None, progress: Progress = SILENT) -> Result:
    """Load and check the SMS at `root`. `base`: a git ref to judge changes against, 'none', or None for the
    default (the PR's target branch in CI, else the repository's default branch, else no git-aware rules).
    `cache`: take unchanged files from the record cache. `changed_since`: a git ref; per-file findings only for
    the files changed since its merge base with HEAD (all of them when sms.yaml changed: it governs them all).
    `progress`: told of the reading and the rules when they run (not when the last findings are reused)."""
    changed = worktree.changed_since(root, changed_since) if changed_since is not None else None
    if changed is not None and CONFIG_FILE in changed:
        changed = None
    # With --base none the findings cache is asked before sms.yaml is even parsed: a result is only ever kept
    # for a valid sms.yaml, and its content is part of the key. Any other --base needs the configuration first.
    loaded = None if base is not None and base.lower() == DISABLED else _config_and_base(root, base)
    day = today or clock.today()
    state = cache_state(root) if cache else None
    resolved = None if loaded is None else loaded[2]
    # Everything the findings depend on besides the files (which `reuse` adds): with all of it unchanged, the
    # last run's findings are reused and nothing is loaded.
    options = run_options(day, base, resolved, changed)
    findings = reuse(root, state, options, changed_since=changed is not None) if state is not None else None
    if findings is not None and (reused := findings.get()) is not None:
        return reused
    from sms.check.loading import load_sms
    from sms.check.perfile import PerFileCache
    from sms.check.run import governing_limits, run_check
    config, source, resolved = loaded or _config_and_base(root, base)
    # Read with the stricter limits, but keep the pull request's own sms.yaml on the repository: SMS905 reports
    # the raise it makes.
    repo = replace(load_sms(root, governing_limits(config, resolved), cache=cache, state=state,
                                progress=progress), config=config)
    per_file = None if state is None else PerFileCache(state.key, file_inputs(root), state.blobs.head,
                                                       state.blobs.git_dir)
    result = run_check(repo, source, today=day, base=resolved, changed=changed, per_file=per_file,
                       progress=progress)
    if findings is not None:
        findings.put(result)
    return result


def _config_and_base(root: Path, base: str | None) -> tuple[Config, Document | None, Base | None]:
    """sms.yaml (with its parse, for positions) and the base --base resolves to."""
    from sms.git.base import resolve_base
    from sms.store.config import load_config_source

    config, source = load_config_source(root)
    return config, source, resolve_base(root, config, base)
