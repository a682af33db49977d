"""The site reads the SMS as `sms check` does: the records through the record cache (`.sms-cache/`,
sms.check.loading), so a file unchanged since the last check or build is not parsed and validated again, and the
conformance check's findings from the findings cache (sms.check.reuse) when that check, with every input the
same, was the last one kept there. A site build keeps its own check there too, so the next build of the same
state (a rebuilt `mkdocs serve`, a CI re-run) skips it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sms.analysis.approvals import ApprovalHistory
from sms.check.loading import load_sms
from sms.check.perfile import PerFileCache
from sms.check.reuse import CacheState, cache_state, file_inputs, reuse, run_options
from sms.check.run import run_check
from sms.core.findings import Result
from sms.core.progress import SILENT, Progress
from sms.store.config import load_config_source
from sms.store.loader import Document
from sms.store.repository import Repository


@dataclass(frozen=True)
class Inputs:
    """The loaded SMS, sms.yaml as read (positions for the check's configuration findings), and the caches'
    state (None: no cache, as without git or for a past commit built in a temporary work tree)."""

    repo: Repository
    source: Document | None
    state: CacheState | None


def load(root: Path, *, cache: bool = True, progress: Progress = SILENT) -> Inputs:
    """sms.yaml and every record under `root`; with `cache`, unchanged files come from the record cache."""
    config, source = load_config_source(root)
    state = cache_state(root) if cache else None
    return Inputs(load_sms(root, config, cache=state is not None, state=state, progress=progress), source, state)


def options(today: date) -> tuple[object, ...]:
    """The findings cache's key of `sms check --base none --today DAY`: the site judges a published state, not a
    pull request, so no base."""
    return run_options(today, "none", None, None)


def check(inputs: Inputs, today: date, history: ApprovalHistory) -> Result:
    """The conformance check as at `today`: the findings cache's, when all its inputs are these; else run (with
    the approval history the pages show, so SMS313 and the pages agree) and kept for the next time."""
    kept = None if inputs.state is None else reuse(inputs.repo.root, inputs.state, options(today))
    if kept is not None and (result := kept.get()) is not None:
        return result
    # The per-file rules' findings kept by the last check or build are reused for the files unchanged since.
    per_file = None if inputs.state is None else PerFileCache(inputs.state.key, file_inputs(inputs.repo.root))
    result = run_check(inputs.repo, inputs.source, today=today, history=history, per_file=per_file)
    if kept is not None:
        kept.put(result)
    return result
