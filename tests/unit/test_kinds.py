"""Every kind of record, valid and broken, through the real `sms check`.

tests/fixtures/kinds is a small but complete SMS: one record of every kind in sms.models.KINDS (plus the
roles and people they name), with most optional fields filled in. Each test copies it into tmp_path,
breaks one file with a plain text edit that keeps every other line where it was, runs the CLI and checks
the rule, path and line of what it reports. The expected lines are found in the fixture text by the tests
themselves, never taken from sms's own position map.

The committed JSON Schemas (schemas/) are checked too: they equal the models, every property is described,
and jsonschema agrees with `sms check` on which files match their schema.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import BaseModel

from sms.models import KINDS, LIFECYCLE, POLICY_KINDS
from sms.store.loader import load_file
from tests.conftest import REPO_ROOT, SmsRunner

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "kinds"
SCHEMAS = REPO_ROOT / "schemas"
TODAY = "2026-11-25"  # dates in the fixture are judged as of this day, so the tests do not age
BAD_DATE = "2026-02-30"
NAIVE_TIMESTAMP = "2026-03-02T09:30:00"

Pattern = str  # a regular expression that finds one line of a fixture file (the first match is used)


@dataclass(frozen=True)
class Spec:
    """Where each kind's record lives in the fixture, and how to break it.

    Line patterns match the fixture text; replacements keep the key and its indentation and change only
    the value, so the offending field stays on the line the pattern found.
    """

    path: str
    missing: str  # a required top-level field, removed with its block → SMS012 on the record's first key
    wrong_type: tuple[Pattern, str]  # (line, value of the wrong JSON type)
    unknown: tuple[Pattern, str, str]  # (line, misspelt key, key the hint suggests)
    nested_missing: tuple[Pattern, Pattern, str] | None = None  # (line removed, its parent's line, field name)
    enum: tuple[Pattern, str] | None = None  # (line, value outside the allowed set)
    date: tuple[Pattern, str] | None = None  # (line, impossible calendar date / timestamp)
    boolean: Pattern | None = None  # a bool field, to be given `no`


SPECS: dict[str, Spec] = {
    "context": Spec(
        path="policies/governance/CTX-0001.yaml",
        missing="climate_change",
        nested_missing=(r"^  statement:", r"^climate_change:", "statement"),
        wrong_type=(r"^    description: Payment", "42"),
        enum=(r"^  - type: external", "outside"),
        unknown=(r"^  change_summary:", "change_sumary", "change_summary"),
        date=(r"^  next_review:", BAD_DATE),
        boolean=r"^  relevant:",
    ),
    "scope": Spec(
        path="policies/governance/SCP-0001.yaml",
        missing="locations",
        nested_missing=(r"^    justification:", r"^  - clause:", "justification"),
        wrong_type=(r"^services:", "SVC-0001"),
        enum=(r"^  status:", "final"),
        unknown=(r"^customers:", "customer", "customers"),
        date=(r"^  approved_on:", BAD_DATE),
    ),
    "policy": Spec(
        path="policies/governance/POL-0001.yaml",
        missing="purpose",
        nested_missing=(r"^    text:", r"^  - heading:", "text"),
        wrong_type=(r"^statements:", "{first: We meet requirements}"),
        enum=(r"^type:", "security"),
        unknown=(r"^sections:", "section", "sections"),
        date=(r"^  next_review:", BAD_DATE),
    ),
    "objective": Spec(
        path="policies/governance/OBJ-0001.yaml",
        missing="kpi",
        nested_missing=(r"^  author:", r"^document:", "author"),
        wrong_type=(r"^target:", "high"),
        enum=(r"^  status:", "done"),
        unknown=(r"^  clauses:", "clause", "clauses"),
        date=(r"^due:", BAD_DATE),
    ),
    "role": Spec(
        path="policies/roles/sms-manager.yaml",
        missing="responsibilities",
        nested_missing=(r"^  approver:", r"^document:", "approver"),
        wrong_type=(r"^title:", "[SMS, manager]"),
        enum=(r"^  status:", "accepted"),
        unknown=(r"^top_management:", "top_managment", "top_management"),
        date=(r"^  approved_on:", BAD_DATE),
        boolean=r"^top_management:",
    ),
    "person": Spec(
        path="records/people/a-author.yaml",
        missing="title",
        nested_missing=(r"^    since: 2025-07-01", r"^  - role: change-manager", "since"),
        wrong_type=(r"^email:", "{address: ada.author@example.com}"),
        unknown=(r"^team:", "teams", "team"),
        date=(r"^    on:", BAD_DATE),
    ),
    "process": Spec(
        path="policies/processes/PRC-0001.yaml",
        missing="activities",
        nested_missing=(r"^  version:", r"^document:", "version"),
        wrong_type=(r"^clauses:", "8.5.1"),
        enum=(r"^operated_by:", "external"),
        unknown=(r"^interfaces:", "interface", "interfaces"),
        date=(r"^  next_review:", BAD_DATE),
    ),
    "plan": Spec(
        path="policies/plans/PLN-0001.yaml",
        missing="summary",
        nested_missing=(r"^    rpo_minutes:", r"^  - service: SVC-0001", "rpo_minutes"),
        wrong_type=(r"^    rto_minutes:", "'240'"),
        enum=(r"^type:", "recovery"),
        unknown=(r"^test_interval_months:", "test_interval_month", "test_interval_months"),
        date=(r"^  approved_on:", BAD_DATE),
    ),
    "service": Spec(
        path="records/services/SVC-0001.yaml",
        missing="criticality",
        nested_missing=(r"^    source:", r"^  - id: R1", "source"),
        wrong_type=(r"^service_hours:", "24"),
        enum=(r"^lifecycle:", "alive"),
        unknown=(r"^  plans:", "plan", "plans"),
        date=(r"^  next_review:", BAD_DATE),
    ),
    "sla": Spec(
        path="records/slas/SLA-0001.yaml",
        missing="targets",
        nested_missing=(r"^    comparison: at_most", r"^  - metric: resolution_time", "comparison"),
        wrong_type=(r"^    target: 99.9", "high"),
        enum=(r"^    priority:", "P5"),
        unknown=(r"^valid_until:", "valid_til", "valid_until"),
        date=(r"^valid_from:", BAD_DATE),
    ),
    "agreement": Spec(
        path="records/agreements/AGR-0001.yaml",
        missing="party",
        nested_missing=(r"^  approver:", r"^document:", "approver"),
        wrong_type=(r"^obligations:", "Keep the power on."),
        enum=(r"^type:", "external"),
        unknown=(r"^ends_on:", "end_on", "ends_on"),
        date=(r"^review_on:", BAD_DATE),
    ),
    "ci": Spec(
        path="records/cis/CI-0001.yaml",
        missing="environment",
        wrong_type=(r"^version:", "17.2"),
        enum=(r"^status:", "live"),
        unknown=(r"^location:", "locaton", "location"),
    ),
    "kpi": Spec(
        path="records/kpis/KPI-0001.yaml",
        missing="direction",
        nested_missing=(r"^    value: 99.91", r"^  - period: 2026-10-01", "value"),
        wrong_type=(r"^    value: 99.95", "'99.95'"),
        enum=(r"^frequency:", "daily"),
        unknown=(r"^measurements:", "measurement", "measurements"),
        date=(r"^  - period: 2026-09-01", BAD_DATE),
    ),
    "risk": Spec(
        path="records/risks/RSK-0001.yaml",
        missing="history",
        nested_missing=(r"^  plan:", r"^treatment:", "plan"),
        wrong_type=(r"^likelihood:", "high"),
        enum=(r"^category:", "weather"),
        unknown=(r"^residual_impact:", "residual_imact", "residual_impact"),
        date=(r"^review_on:", BAD_DATE),
    ),
    "change": Spec(
        path="records/changes/CHG-0001.yaml",
        missing="requested_by",
        nested_missing=(r"^  end:", r"^schedule:", "end"),
        wrong_type=(r"^test_plan:", "[promote the replica, check the lag]"),
        enum=(r"^type:", "normale"),
        unknown=(r"^backout_plan:", "backout_plna", "backout_plan"),
        date=(r"^  reviewed_on:", BAD_DATE),
    ),
    "release": Spec(
        path="records/releases/REL-0001.yaml",
        missing="planned_for",
        wrong_type=(r"^acceptance:", "{criteria: replication lag}"),
        enum=(r"^status:", "shipped"),
        unknown=(r"^deployed_at:", "deployed_on", "deployed_at"),
        date=(r"^planned_for:", f"{BAD_DATE}T22:00:00Z"),
    ),
    "incident": Spec(
        path="records/incidents/INC-0001.yaml",
        missing="priority",
        nested_missing=(r"^  held_on:", r"^review:", "held_on"),
        wrong_type=(r"^  actions:", "Add a second database replica."),
        enum=(r"^priority:", "P0"),
        unknown=(r"^assignee:", "asignee", "assignee"),
        date=(r"^  held_on:", BAD_DATE),
        boolean=r"^major:",
    ),
    "request": Spec(
        path="records/requests/REQ-0001.yaml",
        missing="requester",
        nested_missing=(r"^    by: a-author", r"^  - status: new", "by"),
        wrong_type=(r"^fulfilment:", "true"),
        enum=(r"^status:", "done"),
        unknown=(r"^fulfilled_at:", "fullfilled_at", "fulfilled_at"),
        date=(r"^requested_at:", f"{BAD_DATE}T09:00:00Z"),
    ),
    "problem": Spec(
        path="records/problems/PRB-0001.yaml",
        missing="description",
        nested_missing=(r"^    at: 2026-08-21T10:00:00Z", r"^  - status: investigating", "at"),
        wrong_type=(r"^root_cause:", "[no replica, no failover]"),
        enum=(r"^priority:", "high"),
        unknown=(r"^resolution:", "resolutoin", "resolution"),
        date=(r"^    at: 2026-08-21T09:00:00Z", f"{BAD_DATE}T09:00:00Z"),
    ),
    "known_error": Spec(
        path="records/known_errors/KE-0001.yaml",
        missing="workaround",
        wrong_type=(r"^symptoms:", "503"),
        enum=(r"^status:", "open"),
        unknown=(r"^  problems:", "problem", "problems"),
    ),
    "continuity_test": Spec(
        path="records/continuity_tests/CT-0001.yaml",
        missing="participants",
        wrong_type=(r"^findings:", "DNS changes were slow."),
        enum=(r"^result:", "ok"),
        unknown=(r"^findings:", "finding", "findings"),
        date=(r"^performed_on:", BAD_DATE),
    ),
    "complaint": Spec(
        path="records/complaints/CMP-0001.yaml",
        missing="customer",
        nested_missing=(r"^    by: a-author", r"^  - status: received", "by"),
        wrong_type=(r"^response:", "[explained, apologised]"),
        enum=(r"^channel:", "fax"),
        unknown=(r"^satisfied:", "satisfed", "satisfied"),
        date=(r"^received_at:", f"{BAD_DATE}T10:00:00Z"),
        boolean=r"^satisfied:",
    ),
    "service_report": Spec(
        path="records/service_reports/SR-0001.yaml",
        missing="produced_by",
        wrong_type=(r"^distributed_to:", "Example Retail GmbH"),
        enum=(r"^source:", "generated"),
        unknown=(r"^location:", "locaton", "location"),
        date=(r"^produced_at:", f"{BAD_DATE}T09:00:00Z"),
    ),
    "audit_programme": Spec(
        path="records/audit_programmes/AP-0001.yaml",
        missing="criteria",
        nested_missing=(r"^    ends_on:", r"^  - starts_on:", "ends_on"),
        wrong_type=(r"^    processes:", "PRC-0001"),
        unknown=(r"^method:", "methods", "method"),
        date=(r"^approved_on:", BAD_DATE),
    ),
    "audit": Spec(
        path="records/audits/AUD-0001.yaml",
        missing="criteria",
        nested_missing=(r"^    clause: '8.5.1.2'", r"^  - type: opportunity", "clause"),
        wrong_type=(r"^scope:", "[change, incident]"),
        enum=(r"^  - type: nonconformity", "major"),
        unknown=(r"^performed_on:", "performed", "performed_on"),
        date=(r"^planned_on:", BAD_DATE),
        boolean=r"^independent:",
    ),
    "management_review": Spec(
        path="records/management_reviews/MR-0001.yaml",
        missing="decisions",
        nested_missing=(r"^    due:", r"^  - text: Budget", "due"),
        wrong_type=(r"^attendees:", "b-approver"),
        unknown=(r"^  continuity_tests:", "continuity_test", "continuity_tests"),
        date=(r"^held_on:", BAD_DATE),
    ),
    "nonconformity": Spec(
        path="records/nonconformities/NC-0001.yaml",
        missing="clause",
        nested_missing=(r"^  notes:", r"^verification:", "notes"),
        wrong_type=(r"^clause:", "10.1"),
        enum=(r"^source:", "audit"),
        unknown=(r"^correction:", "corection", "correction"),
        date=(r"^raised_on:", BAD_DATE),
        boolean=r"^  effective:",
    ),
    "improvement": Spec(
        path="records/improvements/IMP-0001.yaml",
        missing="benefit",
        nested_missing=(r"^    by: d-auditor", r"^  - status: proposed", "by"),
        wrong_type=(r"^due:", "[2026-10-31]"),
        enum=(r"^source:", "audit"),
        unknown=(r"^evaluation:", "evaluaton", "evaluation"),
        date=(r"^due:", BAD_DATE),
    ),
}

ALL_KINDS = sorted(KINDS)


def kinds_with(attribute: str) -> list[str]:
    return [kind for kind in ALL_KINDS if getattr(SPECS[kind], attribute) is not None]


# --- editing fixture files as text ---------------------------------------------------------------------

KEY_LINE = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[A-Za-z_]+):(?:\s.*)?$")


def _read(root: Path, relpath: str) -> list[str]:
    return (root / relpath).read_text(encoding="utf-8").splitlines()


def _write(root: Path, relpath: str, lines: list[str]) -> None:
    (root / relpath).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _index(lines: list[str], pattern: Pattern) -> int:
    regex = re.compile(pattern)
    hits = [number for number, line in enumerate(lines) if regex.search(line)]
    assert hits, f"no line matches {pattern!r}"
    return hits[0]


def _block_end(lines: list[str], index: int) -> int:
    """The index just past line `index` and the lines nested under its key."""
    match = KEY_LINE.match(lines[index])
    assert match, f"not a key line: {lines[index]!r}"
    column = len(match["lead"])
    end = index + 1
    while end < len(lines) and len(lines[end]) - len(lines[end].lstrip(" ")) > column:
        end += 1
    return end


def line_of(root: Path, relpath: str, pattern: Pattern) -> int:
    """1-based number of the first line matching `pattern`."""
    return _index(_read(root, relpath), pattern) + 1


def set_value(root: Path, relpath: str, pattern: Pattern, value: str) -> int:
    """Give the key on the matching line a new value (dropping any block under it); returns its line."""
    lines = _read(root, relpath)
    index = _index(lines, pattern)
    match = KEY_LINE.match(lines[index])
    assert match, f"not a key line: {lines[index]!r}"
    lines[index:_block_end(lines, index)] = [f"{match['lead']}{match['key']}: {value}"]
    _write(root, relpath, lines)
    return index + 1


def rename_key(root: Path, relpath: str, pattern: Pattern, new_key: str) -> int:
    lines = _read(root, relpath)
    index = _index(lines, pattern)
    match = KEY_LINE.match(lines[index])
    assert match, f"not a key line: {lines[index]!r}"
    lines[index] = lines[index].replace(f"{match['key']}:", f"{new_key}:", 1)
    _write(root, relpath, lines)
    return index + 1


def drop_key(root: Path, relpath: str, pattern: Pattern) -> None:
    """Remove the matching key line and the block under it."""
    lines = _read(root, relpath)
    index = _index(lines, pattern)
    del lines[index:_block_end(lines, index)]
    _write(root, relpath, lines)


def place(root: Path, source: str, target: str, *, move: bool, with_body: bool = True) -> None:
    """Copy or move a record file (and the Markdown body beside it, if any) to another relative path."""
    pairs = [(root / source, root / target)]
    body = (root / source).with_suffix(".md")
    if with_body and body.exists():
        pairs.append((body, (root / target).with_suffix(".md")))
    for src, dst in pairs:
        dst.parent.mkdir(parents=True, exist_ok=True)
        if move:
            src.rename(dst)
        else:
            shutil.copyfile(src, dst)


# --- running sms and jsonschema --------------------------------------------------------------------------

@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A fresh copy of the fixture SMS."""
    copy = tmp_path / "sms"
    shutil.copytree(FIXTURE, copy, copy_function=shutil.copyfile)
    return copy


def check(sms: SmsRunner, root: Path) -> tuple[int, list[dict[str, Any]]]:
    run = sms("check", "--format", "json", "--today", TODAY, "--base", "none", str(root))
    assert run.code in (0, 1), run.err
    return run.code, run.json()["findings"]


def located(findings: list[dict[str, Any]], *paths: str) -> list[tuple[str, str, int]]:
    """(rule, path, line) of the loading, schema and reference findings (SMS0xx, SMS1xx) in `paths`, sorted.

    Only the files a test touched are looked at: a broken record may rightly cause findings elsewhere
    (a scope whose service no valid SLA covers, a plan no valid test exercised), and those belong to the
    tests of their own rules. Other rule families (document control, lifecycle, SLAs) are tested elsewhere.
    """
    return sorted((f["rule"], f["path"], f["line"]) for f in findings
                  if re.match(r"SMS[01]\d\d$", f["rule"]) and f["path"] in paths)


def only(findings: list[dict[str, Any]], rule: str, path: str) -> dict[str, Any]:
    matching = [f for f in findings if f["rule"] == rule and f["path"] == path]
    assert len(matching) == 1, findings
    return matching[0]


@cache
def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def schema_errors(root: Path, relpath: str) -> list[str]:
    """jsonschema's verdict on a file, read by sms's own loader."""
    data = load_file(root, relpath).data
    return [error.message for error in validator(data["kind"]).iter_errors(data)]


def assert_agree(root: Path, relpath: str, findings: list[dict[str, Any]]) -> None:
    """jsonschema finds the file valid exactly when `sms check` reports no SMS012 for it."""
    sms012 = [f for f in findings if f["rule"] == "SMS012" and f["path"] == relpath]
    errors = schema_errors(root, relpath)
    assert bool(errors) == bool(sms012), (errors, sms012)


def schema_problem(sms: SmsRunner, root: Path, kind: str, line: int) -> dict[str, Any]:
    """Run the check on a record broken against its schema: one SMS012 at `line`, exit 1, jsonschema agrees."""
    path = SPECS[kind].path
    code, findings = check(sms, root)
    assert code == 1
    assert located(findings, path) == [("SMS012", path, line)], findings
    assert_agree(root, path, findings)
    problem = only(findings, "SMS012", path)
    assert problem["severity"] == "error"
    assert problem["record"] == path.rsplit("/", 1)[1].removesuffix(".yaml")
    assert problem["clauses"]
    return problem


# --- the fixture itself ----------------------------------------------------------------------------------

def test_specs_cover_every_kind() -> None:
    assert set(SPECS) == set(KINDS)
    for kind, spec in SPECS.items():
        assert (FIXTURE / spec.path).is_file(), spec.path
        assert load_file(FIXTURE, spec.path).data["kind"] == kind


def test_fixture_has_one_record_of_every_kind_laid_out_by_kind() -> None:
    counts: dict[str, int] = {}
    for path in sorted(FIXTURE.rglob("*.yaml")):
        relpath = path.relative_to(FIXTURE).as_posix()
        if relpath == "sms.yaml":
            continue
        data = load_file(FIXTURE, relpath).data
        kind = data["kind"]
        counts[kind] = counts.get(kind, 0) + 1
        assert data["id"] == path.stem
        model = KINDS[kind]
        if kind in POLICY_KINDS:
            assert relpath.startswith("policies/")
        else:
            assert relpath.startswith(f"records/{model.FOLDER}/")
        if model.PREFIX:
            assert re.fullmatch(rf"{model.PREFIX}-\d{{4}}", data["id"])
        depth = relpath.count("/")
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json"
    assert set(counts) == set(KINDS)
    assert {kind: n for kind, n in counts.items() if n != 1}.keys() <= {"role", "person"}


def _model_types(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for info in annotation.model_fields.values():
            yield from _model_types(info.annotation)
    else:
        for argument in typing.get_args(annotation):
            yield from _model_types(argument)


def _instances(value: Any) -> Iterator[type[BaseModel]]:
    if isinstance(value, BaseModel):
        yield type(value)
        for name in type(value).model_fields:
            yield from _instances(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from _instances(item)


def test_fixture_exercises_every_nested_model() -> None:
    wanted = {found for model in KINDS.values() for found in _model_types(model)}
    seen: set[type[BaseModel]] = set()
    for path in FIXTURE.rglob("*.yaml"):
        relpath = path.relative_to(FIXTURE).as_posix()
        if relpath != "sms.yaml":
            data = load_file(FIXTURE, relpath).data
            seen.update(_instances(KINDS[data["kind"]].model_validate_json(json.dumps(data))))
    assert sorted(model.__name__ for model in wanted - seen) == []


def test_fixture_checks_clean(sms: SmsRunner) -> None:
    # --base none: the fixture is judged as it stands, not against its own past in sms's git history
    run = sms("check", "--format", "json", "--today", TODAY, "--base", "none", str(FIXTURE))
    assert run.code == 0, run.out
    report = run.json()
    assert report["findings"] == []
    records = len([p for p in FIXTURE.rglob("*.yaml") if p.name != "sms.yaml"])
    assert report["summary"]["records"] == records
    assert (report["summary"]["errors"], report["summary"]["warnings"]) == (0, 0)


def test_fixture_checks_clean_in_text_format(sms: SmsRunner) -> None:
    run = sms("check", "--today", TODAY, "--base", "none", str(FIXTURE))
    assert run.code == 0
    assert run.out.strip().endswith("records checked: 0 errors, 0 warnings")


CLEAN: list[tuple[int, list[dict[str, Any]]]] = []


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_valid_record_has_no_finding(sms: SmsRunner, kind: str) -> None:
    if not CLEAN:  # the fixture is read-only: check it once for all kinds
        CLEAN.append(check(sms, FIXTURE))
    code, findings = CLEAN[0]
    assert code == 0
    assert [f for f in findings if f["path"] == SPECS[kind].path] == []


# --- schema problems (SMS012), each on its own line ------------------------------------------------------

@pytest.mark.parametrize("kind", ALL_KINDS)
def test_missing_required_field(sms: SmsRunner, root: Path, kind: str) -> None:
    spec = SPECS[kind]
    drop_key(root, spec.path, rf"^{spec.missing}:")
    problem = schema_problem(sms, root, kind, line=line_of(root, spec.path, r"^apiVersion:"))
    assert problem["message"] == f"missing required field '{spec.missing}'"
    assert problem["column"] == 1


@pytest.mark.parametrize("kind", kinds_with("nested_missing"))
def test_missing_nested_field_points_at_its_parent(sms: SmsRunner, root: Path, kind: str) -> None:
    spec = SPECS[kind]
    assert spec.nested_missing is not None
    removed, parent, name = spec.nested_missing
    parent_line = line_of(root, spec.path, parent)
    assert parent_line < line_of(root, spec.path, removed)
    drop_key(root, spec.path, removed)
    problem = schema_problem(sms, root, kind, line=parent_line)
    assert re.fullmatch(rf"missing required field '{name}' in \S+", problem["message"]), problem


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_wrong_type(sms: SmsRunner, root: Path, kind: str) -> None:
    pattern, value = SPECS[kind].wrong_type
    line = set_value(root, SPECS[kind].path, pattern, value)
    problem = schema_problem(sms, root, kind, line=line)
    # In people's words, naming what the field holds and what was found instead.
    assert re.fullmatch(r"\S+ must be (text|a list, e\.g\. \[a, b\] or lines starting with '- '|a mapping of key: "
                        r"value lines|a number|a whole number|a date such as 2026-03-02|a score from 1 to 5|an ISO/IEC "
                        r"20000-1 clause number such as '8\.5\.1') \(got .+\)", problem["message"]), problem
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?|true", value):  # a number or bool where text belongs: quoting it fixes that
        assert problem["message"].endswith(f"(got {value})")
        assert problem["hint"] == "put the value in quotes, e.g. '1.0'"
    elif re.fullmatch(r"'[0-9.]+'", value):  # a number in quotes is text
        assert problem["hint"] == "write the number without quotes"
    elif "a date" in problem["message"]:
        assert problem["hint"] == "write it as YYYY-MM-DD"
    else:
        assert problem["hint"] is None


@pytest.mark.parametrize("kind", kinds_with("enum"))
def test_value_outside_enum(sms: SmsRunner, root: Path, kind: str) -> None:
    spec = SPECS[kind]
    assert spec.enum is not None
    pattern, value = spec.enum
    line = set_value(root, spec.path, pattern, value)
    problem = schema_problem(sms, root, kind, line=line)
    assert re.fullmatch(rf"\S+ must be one of: [a-zA-Z0-9_]+(, [a-zA-Z0-9_]+)+ \(got '{value}'\)",
                        problem["message"]), problem


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_unknown_field_with_near_miss_hint(sms: SmsRunner, root: Path, kind: str) -> None:
    pattern, typo, meant = SPECS[kind].unknown
    line = rename_key(root, SPECS[kind].path, pattern, typo)
    problem = schema_problem(sms, root, kind, line=line)
    assert re.fullmatch(rf"unknown field '(\S+\.)?{typo}'", problem["message"]), problem
    assert problem["hint"] == f"did you mean '{meant}'?"


@pytest.mark.parametrize("kind", kinds_with("date"))
def test_impossible_calendar_date(sms: SmsRunner, root: Path, kind: str) -> None:
    spec = SPECS[kind]
    assert spec.date is not None
    pattern, value = spec.date
    line = set_value(root, spec.path, pattern, value)
    problem = schema_problem(sms, root, kind, line=line)
    assert re.fullmatch(r"\S+ must be (a date such as 2026-03-02|a timestamp with a time zone such as "
                        r"2026-03-02T09:30:00Z) \(got '[0-9TZ:-]+': day value is outside expected range\)",
                        problem["message"]), problem
    assert problem["hint"] in ("write it as YYYY-MM-DD",
                               "write it as YYYY-MM-DDTHH:MM:SS with Z or an offset such as +01:00")


@pytest.mark.parametrize("kind", sorted(LIFECYCLE))
def test_history_timestamp_without_time_zone(sms: SmsRunner, root: Path, kind: str) -> None:
    line = set_value(root, SPECS[kind].path, r"^    at: ", NAIVE_TIMESTAMP)
    problem = schema_problem(sms, root, kind, line=line)
    assert problem["message"] == (f"history[0].at must be a timestamp with a time zone such as 2026-03-02T09:30:00Z "
                                  f"(got '{NAIVE_TIMESTAMP}')")
    assert problem["hint"] == "write it as YYYY-MM-DDTHH:MM:SS with Z or an offset such as +01:00"


@pytest.mark.parametrize("kind", kinds_with("boolean"))
def test_no_is_not_a_boolean(sms: SmsRunner, root: Path, kind: str) -> None:
    spec = SPECS[kind]
    assert spec.boolean is not None
    line = set_value(root, spec.path, spec.boolean, "no")
    problem = schema_problem(sms, root, kind, line=line)
    assert problem["message"].endswith(" must be true or false (got 'no')"), problem
    assert problem["hint"] == "YAML 1.2 booleans are true and false; yes, no, on and off are text"


def test_no_stays_a_string(sms: SmsRunner, root: Path) -> None:
    path = SPECS["person"].path
    set_value(root, path, r"^team:", "no")
    set_value(root, path, r"^email:", "off")
    assert load_file(root, path).data["team"] == "no"
    code, findings = check(sms, root)
    assert code == 0
    assert findings == []
    assert_agree(root, path, findings)


def test_lifecycle_kinds_are_the_ones_with_history() -> None:
    # test_history_timestamp_without_time_zone relies on each of these having a block-style history.
    for kind in LIFECYCLE:
        assert line_of(FIXTURE, SPECS[kind].path, r"^history:") < line_of(FIXTURE, SPECS[kind].path, r"^    at: ")


# --- references and placement (SMS013, SMS014, SMS101, SMS103) -------------------------------------------

@pytest.mark.parametrize("kind", ALL_KINDS)
def test_dangling_owner(sms: SmsRunner, root: Path, kind: str) -> None:
    path = SPECS[kind].path
    line = set_value(root, path, r"^owner:", "no-such-role")
    code, findings = check(sms, root)
    assert code == 1
    assert located(findings, path) == [("SMS101", path, line)]
    finding = only(findings, "SMS101", path)
    assert finding["message"] == "owner: no role 'no-such-role' exists"
    assert finding["column"] == 1
    assert_agree(root, path, findings)


def _elsewhere(kind: str) -> str:
    """Another folder at the same depth where a record of `kind` does not belong."""
    if kind in POLICY_KINDS:
        return "records/services"
    return "records/slas" if KINDS[kind].FOLDER == "services" else "records/services"


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_duplicate_id(sms: SmsRunner, root: Path, kind: str) -> None:
    path = SPECS[kind].path
    name = path.rsplit("/", 1)[1]
    id_line = line_of(root, path, r"^id:")
    if kind in POLICY_KINDS:
        # policies/ may have any subfolders, so the copy is well placed and only the id clashes.
        copy = f"policies/zz-copy/{name}"
        expected = sorted([("SMS103", path, id_line), ("SMS103", copy, id_line)])
    else:
        # a record's folder is fixed by its kind and its file name by its id: a second file with the same
        # id can only sit in a wrong folder.
        copy = f"{_elsewhere(kind)}/{name}"
        expected = sorted([("SMS014", copy, line_of(root, path, r"^kind:")), ("SMS103", path, id_line),
                           ("SMS103", copy, id_line)])
    place(root, path, copy, move=False)
    code, findings = check(sms, root)
    assert code == 1
    assert located(findings, path, copy) == expected
    duplicate = only(findings, "SMS103", copy)  # every holder is reported, each naming the others
    record_id = name.removesuffix(".yaml")
    assert duplicate["message"].startswith(f"duplicate id '{record_id}' (also in {path}:{id_line}:")
    assert duplicate["record"] == record_id
    assert_agree(root, copy, findings)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_wrong_folder(sms: SmsRunner, root: Path, kind: str) -> None:
    path = SPECS[kind].path
    target = f"{_elsewhere(kind)}/{path.rsplit('/', 1)[1]}"
    kind_line = line_of(root, path, r"^kind:")
    place(root, path, target, move=True)
    code, findings = check(sms, root)
    assert code == 1
    assert located(findings, path, target) == [("SMS014", target, kind_line)]
    message = only(findings, "SMS014", target)["message"]
    article = "an" if kind[0] in "aeiou" else "a"
    assert message.startswith(f"{article} {kind.replace('_', ' ')} belongs ")
    assert message.endswith(f"not {target.rsplit('/', 1)[0]}/")
    assert ("under policies/" in message) == (kind in POLICY_KINDS)
    assert_agree(root, target, findings)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_id_differs_from_file_name(sms: SmsRunner, root: Path, kind: str) -> None:
    path = SPECS[kind].path
    folder, name = path.rsplit("/", 1)
    stem = name.removesuffix(".yaml")
    other = f"{stem[:-1]}9" if KINDS[kind].PREFIX else f"{stem}-old"
    target = f"{folder}/{other}.yaml"
    id_line = line_of(root, path, r"^id:")
    place(root, path, target, move=True, with_body=False)  # `body:` names the Markdown file, not the stem
    code, findings = check(sms, root)
    assert code == 1
    assert located(findings, path, target) == [("SMS013", target, id_line)]
    finding = only(findings, "SMS013", target)
    assert finding["message"] == f"id '{stem}' differs from the file name '{other}.yaml'"
    assert_agree(root, target, findings)


# --- the JSON Schemas -------------------------------------------------------------------------------------

def test_committed_schemas_equal_the_models(sms: SmsRunner) -> None:
    run = sms("schema", "export", "--check", "--out", str(SCHEMAS))
    assert run.code == 0, run.out
    assert run.out == ""


def _properties(node: Any, where: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, schema in properties.items():
                yield f"{where}.{name}", schema
        for key, value in node.items():
            if key not in ("if", "then"):  # evidence conditions constrain properties declared (and described) above
                yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for number, item in enumerate(node):
            yield from _properties(item, f"{where}[{number}]")


SCHEMA_FILES = sorted(path.name for path in SCHEMAS.glob("*.schema.json"))


def _schema_param(name: str) -> Any:
    return name


def test_every_kind_has_a_schema_file() -> None:
    assert {f"{kind}.schema.json" for kind in KINDS} | {"config.schema.json"} == set(SCHEMA_FILES)


@pytest.mark.parametrize("name", [_schema_param(name) for name in SCHEMA_FILES])
def test_every_schema_property_is_described(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    found = list(_properties(schema, name))
    assert found
    undescribed = [where for where, sub in found
                   if not (isinstance(sub, dict) and isinstance(sub.get("description"), str)
                           and sub["description"].strip())]
    assert undescribed == []


def test_jsonschema_agrees_with_sms_on_every_fixture_file(sms: SmsRunner) -> None:
    code, findings = check(sms, FIXTURE)
    assert code == 0
    files = sorted(path.relative_to(FIXTURE).as_posix() for path in FIXTURE.rglob("*.yaml"))
    assert "sms.yaml" in files
    for relpath in files:
        assert schema_errors(FIXTURE, relpath) == [], relpath
        assert_agree(FIXTURE, relpath, findings)


def test_jsonschema_checks_formats() -> None:
    # Without a format checker (and rfc3339-validator for date-time) jsonschema would pass these silently.
    change = validator("change")
    data = load_file(FIXTURE, SPECS["change"].path).data
    assert change.is_valid(data)
    naive = {**data, "approved_at": NAIVE_TIMESTAMP}
    assert not change.is_valid(naive)
    impossible = {**data, "review": {**data["review"], "reviewed_on": BAD_DATE}}
    assert not change.is_valid(impossible)


def test_an_invalid_record_does_not_cause_second_findings_elsewhere(sms: SmsRunner, root: Path) -> None:
    """A broken SLA or continuity test is one SMS012, not also 'service has no SLA' or 'plan never tested'."""
    for kind in ("sla", "continuity_test"):
        path = root / SPECS[kind].path
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("apiVersion: sms/v1\n", "apiVersion: sms/v1\nbogus: 1\n"), encoding="utf-8")
    findings = sms("check", "--format", "json", "--today", "2026-11-25", str(root)).json()["findings"]
    assert sorted({f["rule"] for f in findings}) == ["SMS012"]


def test_descriptions_reach_schemas_of_models_already_built() -> None:
    """Docstrings become descriptions only when first read (importing the models stays cheap); a model that
    validated a record before then, as `sms site` does, must still export them. A fresh interpreter, since
    this process has read descriptions already."""
    script = (
        "from sms.models import KINDS\n"
        "from sms.commands.schema_export import all_schemas, render\n"
        "KINDS['change'].model_rebuild()\n"
        "KINDS['incident'].model_rebuild()\n"
        "assert KINDS['change'].model_fields['requested_by'].description is None\n"
        "import sys; sys.stdout.write(render(all_schemas()['change.schema.json']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (SCHEMAS / "change.schema.json").read_text(encoding="utf-8")
