"""`sms check`: run every rule over a loaded repository, apply sms.yaml's overrides and waivers, collect every
finding. The engine never loads anything itself; `check_root` is the thin wrapper that does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sms.core.findings import Result
from sms.git.base import Base, resolve_base
from sms.rules.catalogue import Catalogue, catalogue
from sms.rules.context import CheckContext
from sms.rules.waivers import apply_waivers, disabled_rules, override, validate_rule_ids
from sms.store.config import load_config_source
from sms.store.loader import Document
from sms.store.repository import Repository, load_repository


def run_check(repo: Repository, source: Document | None, *, today: date, base: Base | None = None,
              rules: Catalogue | None = None) -> Result:
    """Check a loaded repository; `source` is sms.yaml as read (for positions of its settings)."""
    rules = rules or catalogue()
    config = repo.config
    validate_rule_ids(config, source, rules.rules)
    context = CheckContext(repo=repo, config=config, today=today, base=base)
    findings = [rules.finding(problem) for problem in repo.problems]
    disabled = disabled_rules(config)
    for rule in rules:
        if rule.check is not None and rule.id not in disabled:
            findings.extend(rule.check(context))
    reported, waived = apply_waivers(override(findings, config), config, source, repo, context.today)
    return Result(findings=override(reported, config), records=repo.files, waived=waived)


def check_root(root: Path, *, today: date | None = None, base: str | None = None) -> Result:
    """Load and check the SMS at `root`. `base`: a git ref to judge changes against, 'none', or None for the
    default (the PR's target branch in CI, else the repository's default branch, else no git-aware rules)."""
    config, source = load_config_source(root)
    repo = load_repository(root, config)
    return run_check(repo, source, today=today or date.today(), base=resolve_base(root, config, base))
