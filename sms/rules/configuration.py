"""SMS9xx: the configuration's own rules — waivers that match nothing, have expired, or lack authority; a
CODEOWNERS file that no longer matches the roles it is generated from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sms.analysis.codeowners import CODEOWNERS_PATH, first_difference, generate
from sms.core.findings import Finding, Location, Severity
from sms.rules.registry import declare, make_finding, rule

if TYPE_CHECKING:
    from sms.check.context import CheckContext

declare("SMS901", Severity.WARNING, ("7.5.3",), """
    A waiver in sms.yaml matches no finding.

    A waiver that no longer waives anything hides nothing today but would silently hide a future finding;
    remove it once the underlying finding is fixed.

    Passing example: a waiver for SMS202 on POL-0003, whose review is overdue.
    Failing example: a waiver for SMS202 on POL-0003 after the review was done.
""")
declare("SMS902", Severity.ERROR, ("7.5.3",), """
    A waiver in sms.yaml has expired.

    Waivers are temporary by design. After its `expires` date a waiver no longer applies: the findings it
    covered are reported again, and the waiver itself is an error until it is renewed (with a new
    approval) or removed.

    Passing example: expires: 2099-12-31.
    Failing example: expires: 2020-01-31.
""")
declare("SMS903", Severity.ERROR, ("5.3", "7.5.3"), """
    A waiver is approved by someone who holds no role in the SMS.

    `approved_by` must name a person record with at least one role assignment current today; anyone else
    has no authority to accept a nonconformity.

    Passing example: approved_by: b-approver, who holds sms-manager.
    Failing example: approved_by: x-unknown.
""")


@rule("SMS904", Severity.WARNING, ("5.3", "7.5.3"))
def codeowners_current(ctx: CheckContext) -> Iterator[Finding]:
    """The committed .github/CODEOWNERS is the one `sms codeowners` generates from today's roles.

    CODEOWNERS decides who must review a pull request: each record's file is owned by the GitHub handles of
    the people currently holding its `owner` role, under the broader lines configured in sms.yaml
    `codeowners`. When a role changes hands (a person record's `roles`), a record changes owner, or the
    settings change, the file drifts and reviews are requested from the wrong people. Run `sms codeowners`
    and commit the result. The check runs when sms.yaml has a `codeowners` section or the file exists.

    A warning, not an error: the file depends on the date (a role assignment's `until`), so drift can
    appear on a branch nobody touched; raise it with `rules.severity` in sms.yaml to make it block.

    Passing example: .github/CODEOWNERS as `sms codeowners` wrote it, with the roles unchanged since.
    Failing example: a person left the change-manager role but CODEOWNERS still names them for records/changes/.
    """
    committed = ctx.codeowners_file
    if committed.problem is not None:
        yield make_finding("SMS904", f"{CODEOWNERS_PATH} cannot be read: {committed.problem}",
                           Location(CODEOWNERS_PATH), hint="make it a regular file inside the repository")
        return
    if committed.text is None and ctx.config.codeowners is None:
        return
    expected = generate(ctx.repo, ctx.today)
    if committed.text is None:
        yield make_finding("SMS904", f"{CODEOWNERS_PATH} is missing; sms.yaml configures `codeowners`",
                           Location(CODEOWNERS_PATH), hint="run `sms codeowners` and commit the file")
    elif committed.text != expected:
        line, wanted = first_difference(expected, committed.text)
        detail = (f"line {line} should read '{wanted}'" if wanted is not None
                  else f"line {line} and below should not be there")
        yield make_finding("SMS904", f"{CODEOWNERS_PATH} differs from the roles and settings it is generated "
                                     f"from: {detail}", Location(CODEOWNERS_PATH, line),
                           hint="run `sms codeowners` and commit the result")
