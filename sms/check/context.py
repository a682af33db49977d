"""`sms check`: load the configuration and the repository, run every rule, collect every finding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from sms.analysis.codeowners import CommittedFile, read_committed
from sms.analysis.coverage import ClauseStatus, compute
from sms.core.errors import UsageError
from sms.core.findings import Result
from sms.git.base import Base, resolve_base
from sms.models import KINDS
from sms.models.refs import references
from sms.rules.catalogue import all_rules
from sms.rules.waivers import apply_waivers, disabled_rules, override, validate_rule_ids
from sms.store.config import Config, load_config_source
from sms.store.repository import Entry, Repository, load_repository


@dataclass(frozen=True)
class CheckContext:
    """What every rule may look at. Rules never read files themselves."""

    repo: Repository
    config: Config
    today: date
    base: Base | None = None  # set when git-aware rules can compare with a base (--base)

    @cached_property
    def coverage(self) -> list[ClauseStatus]:
        """Clause coverage, computed once for every rule that needs it."""
        return compute(self.repo)

    @cached_property
    def codeowners_file(self) -> CommittedFile:
        """The committed .github/CODEOWNERS (SMS904), read once with the loader's safety checks."""
        return read_committed(self.repo.root)

    @cached_property
    def references(self) -> list[Reference]:
        """Every reference of every record whose kind is known, computed once."""
        return [Reference(entry, path, target, kinds) for entry in self.repo.entries if entry.kind is not None
                for path, target, kinds in references(KINDS[entry.kind], entry.data)]


@dataclass(frozen=True)
class Reference:
    """One reference from a record field to another record's id."""

    source: Entry
    path: tuple[str | int, ...]
    target: str
    kinds: tuple[str, ...]


def require_sms_root(root: Path) -> None:
    """Refuse a folder that is not an SMS at all, rather than report every clause as a gap."""
    if not root.is_dir():
        raise UsageError(f"{root}: no such directory", hint="pass the root of an SMS repository")
    if not any((root / name).exists() for name in ("sms.yaml", "policies", "records")):
        raise UsageError(f"{root}: no sms.yaml, policies/ or records/ here; this is not an SMS repository",
                         hint="run sms in the repository's root folder, or pass it: sms check PATH")


def run_check(root: Path, *, today: date | None = None, base: str | None = None) -> Result:
    """Check the SMS at `root`. `base`: a git ref to judge changes against, 'none', or None for the default
    (the PR's target branch in CI, else the repository's default branch, else no git-aware rules)."""
    require_sms_root(root)
    rules = all_rules()
    config, source = load_config_source(root)
    validate_rule_ids(config, source)
    repo = load_repository(root, config)
    context = CheckContext(repo=repo, config=config, today=today or date.today(),
                           base=resolve_base(root, config, base))
    findings = list(repo.findings)
    disabled = disabled_rules(config)
    for rule in rules:
        if rule.check is not None and rule.id not in disabled:
            findings.extend(rule.check(context))
    reported, waived = apply_waivers(override(findings, config), config, source, repo, context.today)
    return Result(findings=override(reported, config), records=repo.files, waived=[f for f, _ in waived])
