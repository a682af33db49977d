"""GitHub Actions: workflow commands that annotate the pull request, and a Markdown job summary.

`render` is what the step prints. GitHub shows at most 10 error and 10 warning annotations per step and
silently drops the rest, so it annotates the first findings of each severity (errors first, each in file
order), then one notice counting what was left out, then every finding as plain text in a collapsed log
group. Record text is untrusted: annotation data and properties are escaped the way the runner unescapes
them, and the plain-text group runs with command processing stopped (`::stop-commands::`), so no record can
smuggle a workflow command into the log.

`summary` is the Markdown for $GITHUB_STEP_SUMMARY: every finding as a table row, with rule and clause
links when the site is published, kept under the step summary's 1 MiB limit (past it GitHub drops the
whole summary) by ending with an "N more findings" line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from urllib.parse import quote

from sms.core.findings import Finding, Result, Severity
from sms.reporters.options import ReportOptions
from sms.reporters.text import render as render_text

ANNOTATIONS_PER_LEVEL = 10
"""GitHub displays this many annotations of each level per step."""
MAX_MESSAGE = 4096
"""The runner cuts annotation messages longer than this (characters, after unescaping)."""
SUMMARY_CELL = 2000
"""Characters of a message or hint shown in a job summary cell."""
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
LABELS = {Severity.ERROR: ":x: error", Severity.WARNING: ":warning: warning",
          Severity.INFO: ":information_source: info"}


def escape_data(value: str) -> str:
    """Escape a workflow command's message: `%` first, then CR and LF."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command property: as data, plus `:` and `,`, which delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str) -> str:
    """One workflow command line, e.g. `::error file=a.yaml,line=3,title=SMS101::message`."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _clip(message: str, limit: int = MAX_MESSAGE, marker: str = " … (cut; the job summary has it in full)") -> str:
    if len(message) <= limit:
        return message
    return message[: limit - len(marker)] + marker


def annotation_message(finding: Finding, *, hint: bool = True) -> str:
    """The finding's message, its clauses and (on the next line) its hint."""
    clauses = f" [{', '.join(finding.clauses)}]" if finding.clauses else ""
    message = f"{finding.message}{clauses}"
    if hint and finding.hint:
        message += f"\nhint: {finding.hint}"
    return _clip(message)


def annotation(finding: Finding, options: ReportOptions) -> str:
    """The workflow command that annotates one finding on its line."""
    loc = finding.location
    return command(COMMANDS[finding.severity], annotation_message(finding, hint=not options.quiet),
                   file=options.repo_path(loc.path), line=str(loc.line), col=str(loc.column), title=finding.rule)


def _shown(result: Result, options: ReportOptions) -> list[Finding]:
    """The findings to report (up to the per-rule limit), most severe first, each severity in file order."""
    return sorted(result.shown(options.quiet).findings, key=lambda f: f.severity.rank)


def _omitted(result: Result, options: ReportOptions) -> list[str]:
    """One line per rule with findings past the per-rule limit."""
    return [omitted.line() for omitted in result.shown(options.quiet).omitted]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _caps(by_level: dict[Severity, list[Finding]]) -> dict[Severity, int]:
    caps = dict.fromkeys(COMMANDS, ANNOTATIONS_PER_LEVEL)
    if any(len(items) > caps[severity] for severity, items in by_level.items()):
        caps[Severity.INFO] -= 1  # the notice counting what was left out takes one of the notice slots
    return caps


def render(result: Result, options: ReportOptions) -> str:
    """Annotations for the first findings of each severity, a notice counting the rest, then all findings."""
    findings = _shown(result, options)
    by_level = {severity: [f for f in findings if f.severity is severity] for severity in COMMANDS}
    caps = _caps(by_level)
    lines: list[str] = []
    for severity, items in by_level.items():
        lines.extend(annotation(finding, options) for finding in items[: caps[severity]])
    left_out = {severity: len(items) - caps[severity] for severity, items in by_level.items()
                if len(items) > caps[severity]}
    where = ("The job summary and the log group below list them, up to limits.max_findings_per_rule of each rule."
             if _omitted(result, options) else "Every finding is in the job summary and in the log group below.")
    if left_out:
        parts = ", ".join(f"{count} info" if severity is Severity.INFO else _plural(count, severity.value)
                          for severity, count in left_out.items())
        lines.append(command(
            "notice", f"{_plural(sum(left_out.values()), 'more finding')} ({parts}) not annotated: GitHub shows "
                      f"{ANNOTATIONS_PER_LEVEL} annotations of each severity per step. {where}", title="sms check"))
    report = render_text(result, options.quiet)
    if findings:
        lines.extend(_log_group(f"sms check: {_plural(len(findings), 'finding')}", report))
    elif report:
        lines.append(report.rstrip("\n"))
    return "".join(line + "\n" for line in lines)


def _log_group(title: str, body: str) -> list[str]:
    """A collapsed group of plain text in which the runner processes no workflow command. The resume token
    is derived from the text itself, so the text cannot contain it."""
    token = "sms-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
    return [command("group", title), f"::stop-commands::{token}", *body.rstrip("\n").split("\n"), f"::{token}::",
            "::endgroup::"]


# --- the job summary -----------------------------------------------------------------------------------------

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_ESCAPED = set("\\`*_[]()!|~$:@#")
"""Backslash-escaped in cells: emphasis, code, links and images, tables, strikethrough, math, emoji
shortcodes, @mentions and #references. Block syntax (lists, headings) cannot start inside a table cell."""


def markdown_text(value: str) -> str:
    """Untrusted text as inert Markdown inside a table cell: HTML-escaped, Markdown's inline syntax
    backslash-escaped, line breaks as <br>, invisible and control characters shown as \\uXXXX."""
    out: list[str] = []
    for char in value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _ESCAPED:
            out.append("\\" + char)
        elif char == "\n":
            out.append("<br>")
        elif not char.isprintable():
            out.append(f"\\\\u{ord(char):04x}")  # shown, not obeyed: bidi overrides, zero-width marks
        else:
            out.append(char)
    return "".join(out)


def _link(label: str, url: str | None) -> str:
    return f"[{label}]({url})" if url else label


def _location_cell(finding: Finding, options: ReportOptions) -> str:
    loc = finding.location
    path = options.repo_path(loc.path)
    label = markdown_text(f"{path}:{loc.line}")
    url = f"{options.source_url}{quote(path)}#L{loc.line}" if options.source_url else None
    return _link(label, url)


def summary_row(finding: Finding, options: ReportOptions) -> str:
    """One finding as a table row; text longer than a screenful is cut (`sms check` prints it whole)."""
    message = markdown_text(_clip(finding.message, SUMMARY_CELL, " … (cut)"))
    if finding.hint and not options.quiet:
        message += "<br>hint: " + markdown_text(_clip(finding.hint, SUMMARY_CELL, " … (cut)"))
    clauses = ", ".join(_link(markdown_text(c), options.clause_url(c)) for c in finding.clauses)
    return (f"| {LABELS[finding.severity]} | {_link(finding.rule, options.rule_url(finding.rule))} | "
            f"{_location_cell(finding, options)} | {message} | {clauses} |")


def _heading(result: Result, shown: int) -> list[str]:
    counts = f"{_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')}"
    verdict = ":x:" if result.errors else (":warning:" if result.warnings else ":white_check_mark:")
    lines = [f"### {verdict} sms check: {counts} in {_plural(result.records, 'record')}", ""]
    if result.waived:
        lines += [f"{_plural(len(result.waived), 'finding')} waived in sms.yaml.", ""]
    settings = result.settings.lines()
    if settings:
        lines += ["**Ran with these settings:**", "", *(f"- {markdown_text(text)}" for text in settings), ""]
    if not shown:
        lines += ["No findings." if not result.findings else "No errors.", ""]
    return lines


def _size(lines: Iterable[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def summary(result: Result, options: ReportOptions) -> str:
    """Markdown for the job summary: a heading with the counts and every finding as a table row, within
    `options.summary_budget` bytes; rows that do not fit become one "N more findings" line."""
    findings = _shown(result, options)
    lines = _heading(result, len(findings))
    if findings:
        lines += ["| Severity | Rule | Location | Finding | Clauses |", "|---|---|---|---|---|"]
    omitted = [f"- {markdown_text(text)}" for text in _omitted(result, options)]
    reserve = 200 + _size(omitted)  # room for the closing lines
    used = _size(lines)
    for index, finding in enumerate(findings):
        row = summary_row(finding, options)
        cost = len(row.encode("utf-8")) + 1
        if used + cost + reserve > options.summary_budget:
            rest = len(findings) - index
            lines += ["", f"**{_plural(rest, 'more finding')}** not shown: the job summary is limited to "
                          f"{options.summary_budget // 1000} kB. `sms check` prints them all (see this step's log)."]
            break
        lines.append(row)
        used += cost
    if omitted:
        lines += ["", *omitted]
    return "\n".join(lines).rstrip("\n") + "\n"
