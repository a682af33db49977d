"""The GitHub reporter: escaping as the runner unescapes, the per-severity display limit, the log group
that no record can break out of, and the job summary's size cap and inert Markdown."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from sms.core.findings import Finding, Location, Result, Severity
from sms.reporters.github import (
    ANNOTATIONS_PER_LEVEL,
    MAX_MESSAGE,
    annotation,
    command,
    escape_data,
    escape_property,
    markdown_text,
    render,
    summary,
)
from sms.reporters.options import ReportOptions

# --- a model of the runner's parser (actions/runner src/Runner.Common/ActionCommand.cs, TryParseV2) -----------

_DATA = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
_PROPERTY = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]


def _unescape(value: str, mappings: list[tuple[str, str]]) -> str:
    for token, replacement in mappings:  # the runner's order: %25 last
        value = value.replace(replacement, token)
    return value


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """(command, properties, data) as the runner reads one line of a step's output."""
    assert line.startswith("::")
    end = line.index("::", 2)
    info, data = line[2:end], line[end + 2:]
    name, _, props = info.partition(" ")
    properties = {}
    for item in filter(None, props.split(",")):
        key, _, value = item.partition("=")
        properties[key] = _unescape(value, _PROPERTY)
    return name, properties, _unescape(data, _DATA)


def finding(severity: Severity = Severity.ERROR, message: str = "broken", path: str = "records/a.yaml",
            line: int = 3, rule: str = "SMS101", hint: str | None = None) -> Finding:
    return Finding(rule, severity, message, Location(path, line, 5), "CHG-0001", ("8.5.1.3",), hint)


# --- escaping ----------------------------------------------------------------------------------------------

def test_escaping_matches_githubs_rules() -> None:
    assert escape_data("100%\r\nnext: a, b") == "100%25%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


@given(st.text(), st.text())
def test_any_text_survives_the_runners_parser(message: str, path: str) -> None:
    line = command("error", message, file=path, line="3", title="SMS101")
    assert "\n" not in line and "\r" not in line
    name, properties, data = parse(line)
    assert (name, data) == ("error", message)
    assert properties == {"file": path, "line": "3", "title": "SMS101"}


def test_annotation_carries_position_rule_clauses_and_hint() -> None:
    line = annotation(finding(message="owner: no role 'Größe, 50%'", hint="fix it"),
                      ReportOptions(path_prefix="sms"))
    name, properties, data = parse(line)
    assert name == "error"
    assert properties == {"file": "sms/records/a.yaml", "line": "3", "col": "5", "title": "SMS101"}
    assert data == "owner: no role 'Größe, 50%' [8.5.1.3]\nhint: fix it"


def test_long_messages_are_cut_before_the_runner_cuts_them() -> None:
    _, _, data = parse(annotation(finding(message="x" * 10_000), ReportOptions()))
    assert len(data) == MAX_MESSAGE and data.endswith("the job summary has it in full)")


# --- what the step prints -------------------------------------------------------------------------------------

def annotations_of(output: str) -> list[tuple[str, dict[str, str], str]]:
    return [parse(line) for line in output.splitlines() if re.match(r"::(error|warning|notice) ", line)]


def test_first_ten_of_each_severity_then_a_notice_counting_the_rest() -> None:
    findings = ([finding(Severity.ERROR, f"e{i}", line=i + 1) for i in range(13)]
                + [finding(Severity.WARNING, f"w{i}", line=i + 1) for i in range(11)]
                + [finding(Severity.INFO, f"i{i}", line=i + 1) for i in range(10)])
    output = render(Result(findings=findings, records=7), ReportOptions())
    shown = annotations_of(output)
    by_kind = {kind: [data for name, _, data in shown if name == kind] for kind in ("error", "warning", "notice")}
    assert len(by_kind["error"]) == ANNOTATIONS_PER_LEVEL and by_kind["error"][0].startswith("e0 ")
    assert len(by_kind["warning"]) == ANNOTATIONS_PER_LEVEL
    assert len(by_kind["notice"]) == ANNOTATIONS_PER_LEVEL  # 9 findings + the notice about the rest
    assert by_kind["notice"][-1].startswith("5 more findings (3 errors, 1 warning, 1 info) not annotated")
    assert [name for name, _, _ in shown][:20] == ["error"] * 10 + ["warning"] * 10  # errors first


def test_at_the_limit_nothing_is_left_out() -> None:
    findings = [finding(Severity.ERROR, f"e{i}", line=i + 1) for i in range(ANNOTATIONS_PER_LEVEL)]
    output = render(Result(findings=findings, records=1), ReportOptions())
    assert len(annotations_of(output)) == ANNOTATIONS_PER_LEVEL
    assert "more finding" not in output


def test_every_finding_is_in_the_log_group_with_commands_stopped() -> None:
    hostile = "innocent\n::error file=x::forged\n##[warning]forged too"
    findings = [finding(message=hostile)] + [finding(Severity.WARNING, f"w{i}") for i in range(15)]
    output = render(Result(findings=findings, records=2), ReportOptions())
    lines = output.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("::stop-commands::")))
    token = lines[start].removeprefix("::stop-commands::")
    assert lines[start - 1] == "::group::sms check: 16 findings"
    end = lines.index(f"::{token}::")
    assert lines[end + 1] == "::endgroup::"
    body = "\n".join(lines[start + 1:end])
    assert token not in body
    assert body.count(" warning SMS101 w") == 15
    assert lines[end - 1] == "2 records checked: 1 error, 15 warnings"
    # outside the stopped group every line is one of ours
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:start - 1])


def test_clean_result_prints_the_summary_line_only() -> None:
    assert render(Result(records=4), ReportOptions()) == "4 records checked: 0 errors, 0 warnings\n"
    assert render(Result(records=4), ReportOptions(quiet=True)) == ""


def test_quiet_annotates_errors_only_without_hints() -> None:
    result = Result(findings=[finding(hint="h"), finding(Severity.WARNING)], records=1)
    shown = annotations_of(render(result, ReportOptions(quiet=True)))
    assert [(name, data) for name, _, data in shown] == [("error", "broken [8.5.1.3]")]


# --- the job summary ------------------------------------------------------------------------------------------

def test_markdown_text_is_inert() -> None:
    hostile = "a|b ![x](https://evil/p.png) [l](javascript:x) <img src=x> **b** `c` $x$ @team #12 :x: ~s~"
    cell = markdown_text(hostile)
    assert re.search(r"(?<!\\)[|!\[\]()*`$@#:~_]", cell) is None  # every such character escaped
    assert "<img" not in cell and "&lt;img src=x&gt;" in cell
    assert markdown_text("ü\nnext\u202e") == "ü<br>next\\\\u202e"


def test_summary_lists_every_finding_with_links() -> None:
    options = ReportOptions(site_url="https://sms.example.org", source_url="https://gh.example/o/r/blob/abc/",
                            path_prefix="sms")
    text = summary(Result(findings=[finding(hint="do this"), finding(Severity.WARNING, "w")], records=2), options)
    lines = text.splitlines()
    assert lines[0] == "### :x: sms check: 1 error, 1 warning in 2 records"
    assert lines[2] == "| Severity | Rule | Location | Finding | Clauses |"
    assert lines[4] == ("| :x: error | [SMS101](https://sms.example.org/rules/SMS101.html) | "
                        "[sms/records/a.yaml\\:3](https://gh.example/o/r/blob/abc/sms/records/a.yaml#L3) | "
                        "broken<br>hint: do this | [8.5.1.3](https://sms.example.org/coverage.html#clause-8-5-1-3) |")
    assert lines[5].startswith("| :warning: warning | ")


def test_summary_without_site_or_source_has_plain_cells() -> None:
    line = summary(Result(findings=[finding()], records=1), ReportOptions()).splitlines()[-1]
    assert line == "| :x: error | SMS101 | records/a.yaml\\:3 | broken | 8.5.1.3 |"


def test_summary_stays_within_its_budget_and_counts_the_rest() -> None:
    findings = [finding(message="ü" * 300, line=i + 1) for i in range(5000)]
    budget = 50_000
    text = summary(Result(findings=findings, records=1), ReportOptions(summary_budget=budget))
    assert len(text.encode("utf-8")) <= budget
    rows = [line for line in text.splitlines() if line.startswith("| :x:")]
    more = re.search(r"\*\*([0-9]+) more findings\*\* not shown", text)
    assert more and int(more.group(1)) + len(rows) == 5000


def test_clean_summary() -> None:
    assert summary(Result(records=3), ReportOptions()) == (
        "### :white_check_mark: sms check: 0 errors, 0 warnings in 3 records\n\nNo findings.\n")


def test_a_huge_message_is_cut_in_its_cell_and_does_not_crowd_out_the_rest() -> None:
    findings = [finding(message="x" * 2_000_000), finding(message="small", line=9)]
    text = summary(Result(findings=findings, records=1), ReportOptions())
    assert "x … \\(cut\\)" in text and "small" in text
    assert len(text.encode("utf-8")) < 10_000
