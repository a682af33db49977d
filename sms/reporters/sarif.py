"""SARIF 2.1.0 for code scanning and other SARIF viewers.

One run. `tool.driver.rules` describes every registered rule (not only those that fired, so code scanning
can tell "ran and found nothing" from "unknown rule" and close fixed alerts), with the ISO/IEC 20000-1
clauses as tags (`iso20000:8.5.1.3`) and, when sms.yaml names the published site, a `helpUri` to the
rule's page. Each result points at its file (relative to the repository, under %SRCROOT%, percent-encoded
as a URI reference must be) and line.

`partialFingerprints` let code scanning follow a finding from one commit to the next: they hash the rule,
the path, the record id and the message with any line numbers in it masked, never the finding's line, so
a finding keeps its identity when unrelated lines above it move. Identical findings in one file are told
apart by their order.

Past limits.max_findings_per_rule a rule's findings are not results: one tool execution notification per such
rule (and `omitted` in the run's properties) counts them. Waived findings are capped per rule the same way (a
note-level notification each, and `waived_omitted`); the run's `waived` property counts them all.

Waived findings are results too, each with a suppression (SARIF 2.1.0 §3.35: `kind: external`, because the
waiver lives in sms.yaml, not in the file; `status: accepted`), whose justification is the waiver's reason and
who approved it until when, and whose location is the waiver's line in sms.yaml. Code scanning then shows the
finding as dismissed rather than dropping it, so a reviewer sees what was accepted and by whom. Their
fingerprints are the ones they had while open, so an alert that gets waived is closed, not duplicated.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from sms import __version__
from sms.core.findings import Finding, Location, Omitted, Result, Severity, Waived
from sms.core.text import log_safe_json
from sms.reporters.json_report import omitted_dict, settings_dict
from sms.reporters.options import ReportOptions
from sms.rules.registry import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "smsFindingHash/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_LINE_NUMBERS = re.compile(r"\b(lines?) [0-9]+(?:\s*(?:-|–|to|and)\s*[0-9]+)?", re.IGNORECASE)


def _registered_rules() -> list[Rule]:
    from sms.rules.catalogue import all_rules

    return all_rules()


_OWN_LINE = re.compile(r"^(?:[-*] |[0-9]+\. |Passing example|Failing example)")


def unwrap(text: str, *, markdown: bool = False) -> str:
    """Docstring prose as SARIF viewers want it: paragraphs on one line each, blank lines between them;
    list items and the example lines keep their own lines (in Markdown the examples become a list)."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if lines and not _OWN_LINE.match(line):
                lines[-1] += " " + line
            else:
                lines.append(f"- {line}" if markdown and line.startswith(("Passing example", "Failing example"))
                             else line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _paragraphs(doc: str) -> tuple[str, str]:
    """(first line, the rest) of a rule's docstring, the rest unwrapped."""
    head, _, rest = doc.strip().partition("\n")
    return head.strip(), unwrap(rest)


def _tags(clauses: Sequence[str]) -> list[str]:
    """SARIF wants tags unique: a clause named twice is one tag."""
    return list(dict.fromkeys(f"iso20000:{clause}" for clause in clauses))


def rule_descriptor(rule: Rule, options: ReportOptions) -> dict[str, Any]:
    short, full = _paragraphs(rule.doc)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full or short},
        "help": {"text": unwrap(rule.doc), "markdown": unwrap(rule.doc, markdown=True)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": _tags(rule.clauses)},
    }
    url = options.rule_url(rule.id)
    if url:
        descriptor["helpUri"] = url
    return descriptor


def fingerprint_source(finding: Finding, path: str) -> str:
    """What the fingerprint hashes: never the finding's own line or column."""
    message = _LINE_NUMBERS.sub(lambda match: f"{match.group(1)} N", finding.message)
    return "\x1f".join((finding.rule, path, finding.record_id or "", message))


def result_object(finding: Finding, options: ReportOptions, rule_index: dict[str, int],
                  occurrence: int) -> dict[str, Any]:
    path = options.repo_path(finding.location.path)
    message = finding.message if not finding.hint or options.quiet else f"{finding.message}\nhint: {finding.hint}"
    digest = hashlib.sha256(fingerprint_source(finding, path).encode("utf-8")).hexdigest()
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [physical(finding.location, options)],
        "partialFingerprints": {FINGERPRINT: f"{digest}:{occurrence}"},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    properties: dict[str, Any] = {}
    if finding.record_id:
        properties["recordId"] = finding.record_id
    if finding.clauses:
        properties["tags"] = _tags(finding.clauses)
    if properties:
        result["properties"] = properties
    return result


def physical(location: Location, options: ReportOptions) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": quote(options.repo_path(location.path)), "uriBaseId": SRCROOT},
        "region": {"startLine": location.line, "startColumn": location.column},
    }}


def suppression(waived: Waived, options: ReportOptions) -> dict[str, Any]:
    """The waiver as a SARIF suppression: accepted outside the file (in sms.yaml), for a reason, by someone."""
    return {
        "kind": "external",
        "status": "accepted",
        "justification": f"{waived.reason} (approved by {waived.approved_by}, "
                         f"until {waived.expires.isoformat()})",
        "location": physical(waived.location, options),
        "properties": {"approvedBy": waived.approved_by, "expires": waived.expires.isoformat()},
    }


def results(findings: Sequence[Finding], options: ReportOptions, rule_index: dict[str, int],
            waived: Sequence[Waived] = ()) -> list[dict[str, Any]]:
    """Open findings, then waived ones with their suppression; identical findings numbered across both."""
    seen: dict[str, int] = {}
    out = []
    for finding, waiver in [*((f, None) for f in findings), *((w.finding, w) for w in waived)]:
        key = fingerprint_source(finding, options.repo_path(finding.location.path))
        seen[key] = seen.get(key, 0) + 1
        result = result_object(finding, options, rule_index, seen[key])
        if waiver is not None:
            result["suppressions"] = [suppression(waiver, options)]
        out.append(result)
    return out


def configuration_overrides(result: Result, rule_index: dict[str, int]) -> list[dict[str, Any]]:
    """Rules switched off or set to another severity in sms.yaml, as SARIF configuration overrides."""
    overrides: list[dict[str, Any]] = []
    for rule in result.settings.disabled:
        if rule in rule_index:
            overrides.append({"descriptor": {"id": rule, "index": rule_index[rule]},
                              "configuration": {"enabled": False}})
    for rule, level in result.settings.severities:
        if rule in rule_index:
            overrides.append({"descriptor": {"id": rule, "index": rule_index[rule]},
                              "configuration": {"level": LEVELS[Severity(level)]}})
    return overrides


def notification(omitted: Omitted, rule_index: dict[str, int]) -> dict[str, Any]:
    """A rule's findings past the per-rule limit as one tool notification: not a result, so no viewer shows it
    as an alert of its own, and the log says that results were left out and how many."""
    rule: dict[str, Any] = {"id": omitted.rule}
    if omitted.rule in rule_index:
        rule["index"] = rule_index[omitted.rule]
    level = "note" if omitted.waived else "warning"  # waived ones were accepted: nothing is open
    return {"level": level, "message": {"text": omitted.line()}, "associatedRule": rule}


def render(result: Result, options: ReportOptions) -> str:
    """The SARIF log as JSON text."""
    rules = list(options.rules) if options.rules is not None else _registered_rules()
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    listed = result.shown(options.quiet)
    findings = listed.findings
    waived = result.shown_waived(options.quiet)
    driver: dict[str, Any] = {
        "name": "sms",
        "fullName": "sms: ISO/IEC 20000-1 service management system as code",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [rule_descriptor(rule, options) for rule in rules],
    }
    if options.tool_uri:
        driver["informationUri"] = options.tool_uri
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": results(findings, options, rule_index, waived.waived),
        "properties": {"records": result.records, "waived": len(result.waived), "settings": settings_dict(result)},
    }
    if listed.omitted:
        run["properties"]["omitted"] = [omitted_dict(o) for o in listed.omitted]
    if waived.omitted:
        run["properties"]["waived_omitted"] = [omitted_dict(o) for o in waived.omitted]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    overrides = configuration_overrides(result, rule_index)
    if overrides:
        invocation["ruleConfigurationOverrides"] = overrides
    if listed.omitted or waived.omitted:
        invocation["toolExecutionNotifications"] = [notification(o, rule_index)
                                                    for o in [*listed.omitted, *waived.omitted]]
    if len(invocation) > 1:
        run["invocations"] = [invocation]
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return log_safe_json(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"  # may be printed in a CI log
