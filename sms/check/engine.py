"""`sms check`: run every rule over a loaded repository, apply sms.yaml's overrides and waivers, collect every
finding. The engine never loads anything itself; `check_root` is the thin wrapper that does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from sms.analysis.approvals import ApprovalHistory
from sms.analysis.gate import unapproved
from sms.check.loading import cache_state, load_sms
from sms.check.reuse import reuse
from sms.core import clock
from sms.core.findings import ActiveWaiver, Finding, GateSettings, Result
from sms.git import worktree
from sms.git.base import Base, resolve_base
from sms.rules.catalogue import Catalogue, catalogue
from sms.rules.context import CheckContext
from sms.rules.waivers import apply_waivers, disabled_rules, override, validate_rule_ids
from sms.store.config import CONFIG_FILE, Config, load_config_source
from sms.store.loader import Document
from sms.store.repository import Repository


def run_check(repo: Repository, source: Document | None, *, today: date, base: Base | None = None,
              rules: Catalogue | None = None, history: ApprovalHistory | None = None,
              changed: frozenset[str] | None = None) -> Result:
    """Check a loaded repository; `source` is sms.yaml as read (for positions of its settings). `history`:
    the documents' approval history when the caller already has it (the site), else read from git if a
    rule asks. `changed`: report the findings of per-file rules only for these paths (and run those rules on
    their records only); cross-record rules still judge the whole repository."""
    rules = rules or catalogue()
    config = repo.config
    validate_rule_ids(config, source, rules.rules)
    settings, settings_source = governing_settings(repo, base, source, today)
    # Clause coverage is judged by the governing phase too: a narrower one is reported (SMS905) until approved.
    context = CheckContext(repo=repo, config=config, today=today, base=base, config_source=source,
                           history=history, phasing=settings.coverage)
    shown = _shown(repo, rules, changed)
    narrow = context if changed is None else replace(
        context, repo=replace(repo, entries=[entry for entry in repo.entries if entry.path in changed]))
    findings = [rules.finding(problem) for problem in repo.problems]
    disabled = disabled_rules(settings)
    for rule in rules:
        if rule.check is not None and rule.id not in disabled:
            findings.extend(rule.check(narrow if rule.per_file else context))
    reported, waived = apply_waivers(override(list(filter(shown, findings)), settings), settings, settings_source,
                                     repo, context.today)
    reported = list(filter(shown, reported))  # an unused waiver (SMS901) is about sms.yaml
    governed_by = f"the base's sms.yaml ({base.ref})" if base is not None and settings is not config else None
    return Result(findings=override(reported, settings), records=repo.files, waived=waived,
                  settings=gate_settings(settings, today, governed_by))


def _shown(repo: Repository, rules: Catalogue, changed: frozenset[str] | None) -> Callable[[Finding], bool]:
    """Whether a finding is reported: with `changed`, a per-file rule's finding about a file that did not
    change is not (one about a folder, which is no file of the repository, always is)."""
    if changed is None:
        return lambda finding: True
    files = {entry.path for entry in repo.entries} | set(repo.unreadable_files) | {CONFIG_FILE}

    def shown(finding: Finding) -> bool:
        rule = rules.get(finding.rule)
        path = finding.location.path
        return rule is None or not rule.per_file or path in changed or path not in files

    return shown


def gate_settings(config: Config, today: date, governed_by: str | None) -> GateSettings:
    """The rule settings a check ran with, as every report lists them."""
    levels = config.rules.severity
    return GateSettings(
        disabled=tuple(sorted(rule for rule, level in levels.items() if level == "off")),
        severities=tuple(sorted((rule, level) for rule, level in levels.items() if level != "off")),
        waivers=tuple(ActiveWaiver(w.rule, w.record or w.path or f"clause {w.clause}", w.reason, w.approved_by,
                                   w.expires) for w in config.rules.waivers if w.expires >= today),
        governed_by=governed_by)


def governing_settings(repo: Repository, base: Base | None, source: Document | None,
                       today: date) -> tuple[Config, Document | None]:
    """The configuration whose rule settings and waivers judge this check: the base's while the pull request
    changes them without an approved change (SMS905), so no pull request can switch off what would fail it."""
    if base is not None and base.config is not None and any(
            change.path == CONFIG_FILE for change in unapproved(repo, base, today)):
        return base.config, base.config_source
    return repo.config, source


def governing_limits(config: Config, base: Base | None) -> Config:
    """The configuration to read files with: a pull request may lower sms.yaml's limits, never raise them
    (a raise takes effect once merged), so a huge file cannot be smuggled in with the limit that admits it."""
    if base is None or base.config is None or config.limits.max_file_bytes <= base.config.limits.max_file_bytes:
        return config
    return config.model_copy(update={"limits": base.config.limits})


def check_root(root: Path, *, today: date | None = None, base: str | None = None, cache: bool = True,
               changed_since: str | None = None) -> Result:
    """Load and check the SMS at `root`. `base`: a git ref to judge changes against, 'none', or None for the
    default (the PR's target branch in CI, else the repository's default branch, else no git-aware rules).
    `cache`: take unchanged files from the record cache. `changed_since`: a git ref; per-file findings only for
    the files changed since its merge base with HEAD (all of them when sms.yaml changed: it governs them all)."""
    changed = worktree.changed_since(root, changed_since) if changed_since is not None else None
    if changed is not None and CONFIG_FILE in changed:
        changed = None
    config, source = load_config_source(root)
    resolved = resolve_base(root, config, base)
    day = today or clock.today()
    state = cache_state(root) if cache else None
    # Everything the findings depend on besides the files (which `reuse` adds): with all of it unchanged, the
    # last run's findings are reused and nothing is loaded.
    options = ("today", day, "base", base,
               None if resolved is None else (resolved.ref, resolved.merge_base, resolved.tip, resolved.touched),
               "changed", None if changed is None else sorted(changed))
    findings = reuse(root, state.blobs, state.key, options) if state is not None else None
    if findings is not None and (reused := findings.get()) is not None:
        return reused
    # Read with the stricter limits, but keep the pull request's own sms.yaml on the repository: SMS905 reports
    # the raise it makes.
    repo = replace(load_sms(root, governing_limits(config, resolved), cache=cache, state=state), config=config)
    result = run_check(repo, source, today=day, base=resolved, changed=changed)
    if findings is not None:
        findings.put(result)
    return result
