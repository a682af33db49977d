"""What a rule is: a stable id, a severity, the ISO 20000-1 clauses it evidences, and a docstring whose first
line is its summary.

Two kinds of rule share this shape: *checks* are generators of findings over a CheckContext (most rules), and
*loading rules* (SMS0xx) are raised while files are read, as problems of the store; those are declared with
their docs so that `sms rules`, the site and SARIF describe them like any other.

Nothing here is global: `@rule` and `declare` return a Rule, and `sms.rules.catalogue` collects the rules of
the modules it names. A check makes its findings through its own Rule (`approval_recorded.finding(...)`), so
no finding depends on which modules happen to have been imported.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sms.core.collector import CollectorPaused
from sms.core.findings import Finding, Location, Severity

if TYPE_CHECKING:  # the context brings the models and git: a reporter describing rules needs neither
    from sms.rules.context import CheckContext

CheckFunction = Callable[["CheckContext"], Iterator[Finding]]

IDS = "all-ids"
"""What a per-file rule may be given besides kinds: every record's id, kind and path (Repository.by_id and
`unreadable`, whole even when the rule runs on a few records). A reference resolves, or names the right kind, by
those alone (SMS101, SMS102)."""


@dataclass(frozen=True)
class Rule:
    """A documented rule."""

    id: str
    severity: Severity
    clauses: tuple[str, ...]
    doc: str
    check: CheckFunction | None = None
    per_file: bool = False
    """Each finding is about the one file it points at, and `sms check --changed-since` shows it only when that
    file changed; a check marked so follows from the record alone (with sms.yaml and today), so it runs on the
    changed records only. False (the default): a cross-record rule, always run over the whole repository."""
    given: tuple[str, ...] = ()
    """For a per-file rule: the kinds whose records its findings about a file may depend on besides that file (who
    held a role when a change was approved: people and roles). It runs on the changed records with every record of
    these kinds, and what it found about the other files is kept only while those records stay as they were.
    `IDS` among them: every record's id, kind and path; `--changed-since` then shows all it finds."""
    dated: bool = False
    """For a per-file rule: its findings may depend on the day the check judges as at (`ctx.today`: a review due,
    a date in the future). Only a dated rule's findings kept between runs are judged again on a new day; a per-file
    rule that is not dated is run without a day, and reading it there is a bug (sms exits 3), never a finding
    kept from yesterday."""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    def __call__(self, ctx: CheckContext) -> Iterator[Finding]:
        """Run the check (a loading rule finds nothing here: its problems come from the store)."""
        return self.check(ctx) if self.check is not None else iter(())

    def finding(self, message: str, location: Location, *, record_id: str | None = None,
                hint: str | None = None, clauses: tuple[str, ...] | None = None) -> Finding:
        """A finding of this rule, carrying its severity and clauses (or the ones of its rule that apply)."""
        return Finding(self.id, self.severity, message, location, record_id, clauses or self.clauses, hint)


def _documented(rule: Rule) -> Rule:
    if not rule.doc.strip():
        raise RuntimeError(f"rule {rule.id} has no docstring")  # a programming error, caught by tests
    return rule


def rule(rule_id: str, severity: Severity, clauses: tuple[str, ...], *,
         per_file: bool = False, given: tuple[str, ...] = (), dated: bool = False) -> Callable[[CheckFunction], Rule]:
    """Make a check function a Rule: a generator of findings over the CheckContext."""

    def make(function: CheckFunction) -> Rule:
        if (given or dated) and not per_file:  # a programming error, caught by tests
            raise RuntimeError(f"rule {rule_id}: only a per-file rule is given kinds or dated")
        return _documented(Rule(rule_id, severity, clauses, inspect.getdoc(function) or "", _paused_gc(function),
                                per_file, tuple(sorted(given)), dated))

    return make


def _paused_gc(function: CheckFunction) -> CheckFunction:
    """Run a check with Python's cycle collector off, as loading does (sms.core.collector.paused_gc): the indexes
    a check builds over every record (its references, its lifecycles) live until the run ends, and each full
    collection walked all of them again, so the collector's share grew with the square of the records: at
    100,000 records 2 s of the rules' 8 (10,000: 0.01 s). Reference counting still frees everything."""

    @functools.wraps(function)
    def run(ctx: CheckContext) -> Iterator[Finding]:
        with CollectorPaused(freeze=False):
            yield from function(ctx)

    return run


def declare(rule_id: str, severity: Severity, clauses: tuple[str, ...], doc: str, *, per_file: bool = False) -> Rule:
    """A rule raised while loading or configuring, not by a check function."""
    return _documented(Rule(rule_id, severity, clauses, inspect.cleandoc(doc), per_file=per_file))
