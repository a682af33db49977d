"""Running every rule over a loaded repository: sms.yaml's overrides and waivers applied, every finding collected.
Kept apart from `check_root` (sms.check.engine) so that a check whose findings are reused imports none of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sms.analysis.approvals import ApprovalHistory
from sms.analysis.gate import unapproved
from sms.check.history import kept_history
from sms.check.perfile import PerFileCache, PerFileStore
from sms.core.findings import ActiveWaiver, Finding, GateSettings, Result
from sms.core.progress import SILENT, Progress
from sms.git.base import Base
from sms.rules.catalogue import Catalogue, catalogue
from sms.rules.context import CheckContext, UndatedRead
from sms.rules.registry import IDS, Rule
from sms.rules.waivers import apply_waivers, disabled_rules, override, validate_rule_ids
from sms.store.cache import input_digest
from sms.store.config import CONFIG_FILE, Config
from sms.store.loader import Document
from sms.store.repository import Repository, kind_of_path


def run_check(repo: Repository, source: Document | None, *, today: date, base: Base | None = None,
              rules: Catalogue | None = None, history: ApprovalHistory | None = None,
              changed: frozenset[str] | None = None, per_file: PerFileCache | None = None,
              progress: Progress = SILENT) -> Result:
    """Check a loaded repository; `source` is sms.yaml as read (for positions of its settings). `history`:
    the documents' approval history when the caller already has it (the site), else read from git if a
    rule asks. `changed`: report the findings of per-file rules only for these paths (and run those rules on
    their records only); cross-record rules still judge the whole repository. `per_file`: where the per-file
    rules' findings may be kept by file content, so that they run only on the files that changed."""
    rules = rules or catalogue()
    config = repo.config
    validate_rule_ids(config, source, rules.rules)
    settings, settings_source = governing_settings(repo, base, source, today)
    # Clause coverage is judged by the governing phase too: a narrower one is reported (SMS905) until approved.
    kept = _kept_history(repo, per_file) if history is None and per_file is not None else None
    context = CheckContext(repo=repo, config=config, day=today, base=base, config_source=source,
                           history=history or kept, phasing=settings.coverage)
    changed_kinds = _changed_kinds(repo, changed) if changed is not None else set()
    shown = _shown(repo, rules, changed, changed_kinds)
    findings = [rules.finding(problem) for problem in repo.problems]
    disabled = disabled_rules(settings)
    running = [rule for rule in rules if rule.check is not None and rule.id not in disabled]
    per_file_rules = [rule for rule in running if rule.per_file]
    progress.stage("running rules", len(running))
    if changed is not None:
        for (given, dated), group in _by_given(per_file_rules):
            judging = _dated(context, dated)
            findings.extend(_run(group, judging if IDS in given or changed_kinds.intersection(given)
                                 else _narrowed(judging, changed, given)))
    elif per_file is not None and repo.blobs:
        # Opened here and let go before the cross-record rules run: it holds an entry per file.
        store = PerFileStore.open(repo.root, per_file.key, (*per_file.inputs, sorted(disabled), settings.coverage),
                                  repo.blobs)
        findings.extend(_per_file_kept(context, per_file_rules, store))
    else:
        for (_, dated), group in _by_given(per_file_rules):
            findings.extend(_run(group, _dated(context, dated)))
    progress.advance(len(per_file_rules))
    for rule in running:
        if not rule.per_file:
            findings.extend(_run([rule], context))
            progress.advance()
    reported, waived = apply_waivers(override(list(filter(shown, findings)), settings), settings, settings_source,
                                     repo, context.today)
    reported = list(filter(shown, reported))  # an unused waiver (SMS901) is about sms.yaml
    governed_by = f"the base's sms.yaml ({base.ref})" if base is not None and settings is not config else None
    return Result(findings=override(reported, settings), records=repo.files, waived=waived,
                  settings=gate_settings(settings, today, governed_by),
                  limit=governing_limits(config, base).limits.max_findings_per_rule)


def _run(rules: list[Rule], context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        if rule.check is not None:
            try:
                found.extend(rule.check(context))
            except UndatedRead as exc:
                raise UndatedRead(f"rule {rule.id} read the day but is not declared dated (Rule.dated)") from exc
    return found


def _dated(context: CheckContext, dated: bool) -> CheckContext:
    """The context per-file rules are run with: without the day unless they are dated, so that what they find
    may be kept across days (PerFileStore) and a rule that reads the day undeclared fails instead."""
    return context if dated else replace(context, day=None)


def _kept_history(repo: Repository, per_file: PerFileCache) -> Callable[[], ApprovalHistory] | None:
    """The approval history as kept between runs (sms.check.history), when a rule asks for it."""
    git_dir = per_file.git_dir
    if git_dir is None:
        return None
    return lambda: kept_history(repo, per_file.key, per_file.head, git_dir)


def _by_given(rules: list[Rule]) -> list[tuple[tuple[tuple[str, ...], bool], list[Rule]]]:
    """The per-file rules grouped by the kinds they are given (Rule.given) and whether they are dated (Rule.dated),
    those given none first."""
    groups: dict[tuple[tuple[str, ...], bool], list[Rule]] = {}
    for rule in rules:
        groups.setdefault((rule.given, rule.dated), []).append(rule)
    return sorted(groups.items())


def _changed_kinds(repo: Repository, changed: frozenset[str]) -> set[str | None]:
    """The kinds of the records in these files (of a file no longer there, the kind its place says)."""
    kinds = {entry.path: entry.kind for entry in repo.entries if entry.path in changed}
    return {kinds[path] if path in kinds else kind_of_path(path, repo.config) for path in changed}


def _given_records(repo: Repository, given: tuple[str, ...]) -> tuple[object, ...] | None:
    """What per-file findings of rules given these kinds depend on besides their file: each record of the kinds by
    path, content and whether its id finds it (with IDS, every record's path, id and kind, and the ids of the
    files that could not be read); None when a content is not known (nothing is kept then)."""
    found: list[object] = []
    if IDS in given:  # one string: 100,000 small tuples took a tenth of a second to make and write out
        found.append("".join(f"{entry.path}\0{entry.id!r}\0{entry.kind}\n" for entry in repo.entries))
        found.extend(sorted(repo.unreadable.items()))
    for entry in repo.of_kinds(given):
        blob = repo.blobs.get(entry.path)
        if blob is None:
            return None
        found.append((entry.path, blob, entry.id is not None and repo.by_id.get(entry.id) is entry))
    return tuple(found)


def _narrowed(context: CheckContext, paths: set[str] | frozenset[str], given: tuple[str, ...] = ()) -> CheckContext:
    """The context with only these files' records (and every record of the `given` kinds), for per-file rules."""
    repo = context.repo
    return replace(context, repo=replace(repo, entries=[entry for entry in repo.entries
                                                        if entry.path in paths or entry.kind in given]))


DATED = "<dated>"  # marks the group of dated rules in the per-file store (no kind is named so)

CHUNK = 1000
"""Records the per-file rules judge at a time when they judge many (a new day, new rule settings): each chunk's
records read back from the record cache are let go of before the next (Entry.release)."""


def _run_by_chunk(rules: list[Rule], context: CheckContext, paths: set[str], given: tuple[str, ...]
                  ) -> list[Finding]:
    """The per-file rules run on these files' records, a chunk at a time (rules given other kinds, at once)."""
    if given:
        return _run(rules, _narrowed(context, paths, given))
    repo = context.repo
    entries = [entry for entry in repo.entries if entry.path in paths]
    found: list[Finding] = []
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start:start + CHUNK]
        found.extend(_run(rules, replace(context, repo=replace(repo, entries=chunk))))
        for entry in chunk:
            entry.release()
    return found


def _per_file_kept(context: CheckContext, rules: list[Rule], store: PerFileStore) -> list[Finding]:
    """The per-file rules' findings: kept ones for unchanged files, the rules run on the others (a group given
    records of other kinds, on every file when those records changed)."""
    repo = context.repo
    paths = {entry.path for entry in repo.entries}
    stale = store.stale(paths)
    found: list[Finding] = []
    for (given, dated), group in _by_given(rules):
        judging = _dated(context, dated)
        records = _given_records(repo, given)
        # A dated group's findings are kept for the day they were found on; the others', whatever the day.
        digest = input_digest((judging.day, *records)) if records is not None else None
        key = (*given, DATED) if dated else given
        kept = store.kept(key, digest, paths, stale) if digest is not None else None
        judged = stale if kept is not None else paths
        fresh = _run_by_chunk(group, judging, judged, given)
        if any(finding.location.path not in judged for finding in fresh):
            found.extend(_run(group, judging))  # a finding about a file it was not given: nothing kept by file
            continue
        found.extend([*(kept or ()), *fresh])
        if digest is not None:
            store.update(key, digest, judged, fresh, everything=kept is None)
    store.save(stale, paths)
    return found


def _shown(repo: Repository, rules: Catalogue, changed: frozenset[str] | None,
           kinds: set[str | None]) -> Callable[[Finding], bool]:
    """Whether a finding is reported: with `changed`, a per-file rule's finding about a file that did not
    change is not (one about a folder, which is no file of the repository, always is), unless a record of a kind
    the rule is given changed (then what it finds about any file may be new). `kinds`: those of the changed files."""
    if changed is None:
        return lambda finding: True
    files = {entry.path for entry in repo.entries} | set(repo.unreadable_files) | {CONFIG_FILE}

    def shown(finding: Finding) -> bool:
        rule = rules.get(finding.rule)
        path = finding.location.path
        return rule is None or not rule.per_file or IDS in rule.given or path in changed or path not in files or bool(
            kinds.intersection(rule.given))

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
    """The configuration to read files and report with: a pull request may lower sms.yaml's limits, never raise
    them (a raise takes effect once merged), so a huge file cannot be smuggled in with the limit that admits it,
    nor a flood of findings with a limit that lists them all. Each limit is the lower of the two."""
    if base is None or base.config is None:
        return config
    mine, theirs = config.limits.model_dump(), base.config.limits.model_dump()
    lowest = {name: min(value, theirs[name]) for name, value in mine.items()}
    if lowest == mine:
        return config
    return config.model_copy(update={"limits": config.limits.model_copy(update=lowest)})
