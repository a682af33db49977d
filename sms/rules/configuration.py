"""SMS904: a CODEOWNERS file that no longer matches the roles it is generated from; SMS905: a pull request that
changes the gate itself without an approved change. (SMS901-903, the rules about waivers, live with the
waivers in waivers.py.)"""

from __future__ import annotations

from collections.abc import Iterator

from sms.analysis.codeowners import CODEOWNERS_PATH, first_difference, generate
from sms.analysis.gate import unapproved
from sms.core.findings import Finding, Location, Severity
from sms.rules.context import CheckContext
from sms.rules.registry import rule
from sms.store.config import CONFIG_FILE


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


@rule("SMS905", Severity.ERROR, ("7.5.3", "5.3", "8.5.1.3"))
def gate_change_approved(ctx: CheckContext) -> Iterator[Finding]:
    """A pull request that changes the gate itself carries an approved change naming what it changes.

    The gate is what judges pull requests: sms.yaml's `rules` (severities, waivers, `approver_role`), `limits`
    and `lifecycles`, the files under schemas/ and .github/workflows/, .github/CODEOWNERS, action.yml and
    mkdocs.yml (whose `hooks:` run code in the publishing workflow). A pull request may change them, but
    until a change record that the same pull request adds or edits is approved by a holder of
    `rules.approver_role` (sms-manager by default) — the setting at the base, not the one the pull request
    writes — and names the files in `config_paths`, the base's rule settings, waivers and
    limits judge the pull request, and each alteration is reported here. So no pull request can switch off
    the rules that would fail it.
    A CODEOWNERS that is exactly what `sms codeowners` generates from the records (SMS904 clean) is not
    reported: the records that changed it are judged by the rules.

    Passing example: `SMS305: "off"` added together with CHG-0042 (config_paths: [sms.yaml]) approved by the
    SMS manager.
    Failing example: `rules: severity: {SMS304: "off"}` added by the pull request that rewrites a history.
    """
    source = ctx.config_source
    role = (ctx.base.config if ctx.base is not None and ctx.base.config is not None else ctx.config).rules.approver_role
    for change in unapproved(ctx.repo, ctx.base, ctx.today):
        line, column = source.position(change.where) if source is not None and change.path == CONFIG_FILE else (1, 1)
        yield gate_change_approved.finding(
            f"the pull request changes the gate: {change.detail}", Location(change.path, line, column),
            hint=f"add or edit a change record with config_paths: [{change.path}], approved by a holder of {role}; "
                 "until then the base's rule settings judge this pull request")
