"""The `sms` command line: click commands that parse options, call sms.commands and the engine, and print.

`main` runs a command and maps what went wrong to an exit code: 0 clean, 1 findings, 2 bad input or usage,
3 internal error (a bug).
"""

from __future__ import annotations

from sms.cli.app import cli
from sms.cli.checking import check, coverage, rules_command, trace
from sms.cli.formatting import fmt, import_group
from sms.cli.initialise import init
from sms.cli.main import main
from sms.cli.measuring import kpi_command, report_group, sla_command
from sms.cli.publishing import codeowners, schema, site
from sms.cli.records import history_command, new_record, renumber, review
from sms.cli.reference import docs_group
from sms.cli.transitions import lifecycle, transition

for command in (init, check, rules_command, coverage, trace, new_record, transition, lifecycle, renumber, review,
                history_command, fmt, import_group, codeowners, site, schema, sla_command, kpi_command,
                report_group, docs_group):
    cli.add_command(command)

__all__ = ["cli", "main"]
