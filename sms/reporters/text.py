"""Plain text, one finding per line, in the compiler-style form editors and CI logs understand:

    path:line:col: severity RULE message [clauses]

Paths, messages and hints carry text from records and file names: control characters are shown escaped, so
no value can start a line of its own (a GitHub workflow command) or drive the terminal.
"""

from __future__ import annotations

from sms.core.findings import Finding, Result
from sms.core.text import shown


def line(finding: Finding) -> str:
    clauses = f" [{shown(', '.join(finding.clauses))}]" if finding.clauses else ""
    message = shown(finding.message.replace("\n", " "))
    return f"{shown(str(finding.location))}: {finding.severity.value} {finding.rule} {message}{clauses}"


def summary(result: Result) -> str:
    records = "record" if result.records == 1 else "records"
    errors = "error" if result.errors == 1 else "errors"
    warnings = "warning" if result.warnings == 1 else "warnings"
    waived = f" ({len(result.waived)} waived in sms.yaml)" if result.waived else ""
    return f"{result.records} {records} checked: {result.errors} {errors}, {result.warnings} {warnings}{waived}"


def render(result: Result, quiet: bool = False) -> str:
    """Every finding (errors only when quiet) up to the per-rule limit, hints indented below, one line per rule
    with more, then the summary (unless quiet)."""
    out: list[str] = []
    listed = result.shown(quiet)
    for finding in listed.findings:
        out.append(line(finding))
        if finding.hint and not quiet:
            out.append(f"    hint: {shown(finding.hint)}")
    out += [omitted.line() for omitted in listed.omitted]
    if not quiet:
        # Never silent about what the check ran without: switched-off rules, changed severities, waivers.
        out += [f"settings: {shown(text)}" for text in result.settings.lines()]
        out.append(summary(result))
    return "\n".join(out) + ("\n" if out else "")
