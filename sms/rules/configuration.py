"""SMS904: a CODEOWNERS file that no longer matches the roles it is generated from. (SMS901-903, the rules
about waivers, live with the waivers in waivers.py.)"""

from __future__ import annotations

from collections.abc import Iterator

from sms.analysis.codeowners import CODEOWNERS_PATH, first_difference, generate
from sms.core.findings import Finding, Location, Severity
from sms.rules.context import CheckContext
from sms.rules.registry import rule


@rule("SMS904", Severity.WARNING, ("5.3", "7.5.3"))
def codeowners_current(ctx: CheckContext) -> Iterator[Finding]:
    """The committed .github/CODEOWNERS is the one `sms codeowners` generates from today's roles.

    CODEOWNERS decides who must review a pull request: policies/ and each kind's folder are owned by the
    GitHub handles of the people currently holding the kind's role, and a record whose `owner` role differs
    has a line of its own, under the broader lines configured in sms.yaml `codeowners`.
    When a role changes hands (a person record's `roles`), a record changes owner, or the
    settings change, the file drifts and reviews are requested from the wrong people. Run `sms codeowners`
    and commit the result. The check runs when sms.yaml has a `codeowners` section or the file exists.

    A warning, not an error: the file depends on the date (a role assignment's `until`), so drift can
    appear on a branch nobody touched; raise it with `rules.severity` in sms.yaml to make it block.

    Passing example: .github/CODEOWNERS as `sms codeowners` wrote it, with the roles unchanged since.
    Failing example: a person left the change-manager role but CODEOWNERS still names them for records/changes/.
    """
    committed = ctx.codeowners_file
    if committed.problem is not None:
        yield codeowners_current.finding(f"{CODEOWNERS_PATH} cannot be read: {committed.problem}",
                                         Location(CODEOWNERS_PATH), hint="make it a regular file inside the repository")
        return
    if committed.text is None and ctx.config.codeowners is None:
        return
    expected = generate(ctx.repo, ctx.today, committed.text)
    if committed.text is None:
        yield codeowners_current.finding(f"{CODEOWNERS_PATH} is missing; sms.yaml configures `codeowners`",
                                         Location(CODEOWNERS_PATH), hint="run `sms codeowners` and commit the file")
    elif committed.text != expected:
        line, wanted = first_difference(expected, committed.text)
        detail = (f"line {line} should read '{wanted}'" if wanted is not None
                  else f"line {line} and below should not be there")
        yield codeowners_current.finding(f"{CODEOWNERS_PATH} differs from the roles and settings it is generated "
                                         f"from: {detail}", Location(CODEOWNERS_PATH, line),
                                         hint="run `sms codeowners` and commit the result")
