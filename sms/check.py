"""`sms check`: load the configuration and the repository, run every rule, collect every finding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sms.config import Config, load_config
from sms.errors import UsageError
from sms.findings import Result
from sms.repository import Repository, load_repository
from sms.rules.catalog import all_rules


@dataclass(frozen=True)
class CheckContext:
    """What every rule may look at. Rules never read files themselves."""

    repo: Repository
    config: Config
    today: date


def run_check(root: Path, *, today: date | None = None) -> Result:
    if not root.is_dir():
        raise UsageError(f"{root}: no such directory", hint="pass the root of an SMS repository")
    config = load_config(root)
    repo = load_repository(root, config)
    context = CheckContext(repo=repo, config=config, today=today or date.today())
    result = Result(records=len(repo.entries))
    result.findings.extend(repo.findings)
    for rule in all_rules():
        if rule.check is not None:
            result.findings.extend(rule.check(context))
    return result
