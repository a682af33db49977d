"""The loader against the official yaml-test-suite (vendored in tests/vendor/yaml-test-suite, MIT).

Every case is read by `parse` and sorted into one class:

- a valid case loads exactly the value of its in.json, or is refused *by design* under the rule of what
  sms does not read (anchors SMS003, tags SMS004, directives SMS005, not exactly one document SMS006, a
  list or mapping as a key SMS001, a key written twice SMS002) — the reasons come from the suite's own
  event stream (test.event), so a refusal under another rule is counted as a wrong rule;
- or it is valid YAML 1.2 that libyaml cannot parse (a syntax error, SMS001: libyaml's known gaps), or
  would misread (`[?x]`): the loader refuses it with SMS001 rather than return another value;
- an invalid case (it has an `error` file) is refused, with a line and column inside the file;
- a wrong value, a crash (anything but InputError), a wrong rule, an invalid case accepted: the first three
  must never happen, the last only for the cases listed in ACCEPTED_INVALID with the reason.

The counts per class are asserted exactly, so a change in what the loader accepts shows up here.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sms.core.errors import InputError
from sms.store.loader import parse

SUITE = Path(__file__).resolve().parent.parent / "vendor" / "yaml-test-suite" / "data"
CASES = sorted(path.parent for path in SUITE.rglob("in.yaml"))

EXACT = "valid: loaded exactly"
NO_JSON = "valid: loaded, the suite has no JSON for it"
BY_DESIGN = "valid: refused by design"
LIBYAML_GAP = "valid: libyaml cannot parse it (SMS001)"
MISREAD = "valid: refused where libyaml would misread it (SMS001)"
REFUSED = "invalid: refused"
ACCEPTED = "invalid: accepted"
WRONG_VALUE = "WRONG VALUE"
WRONG_RULE = "WRONG RULE"
CRASH = "CRASH"

EXPECTED = {EXACT: 168, NO_JSON: 1, BY_DESIGN: 99, LIBYAML_GAP: 38, MISREAD: 2, REFUSED: 89, ACCEPTED: 5}

ACCEPTED_INVALID = {
    "9C9N": "flow sequence lines less indented than their key: libyaml does not check flow indentation",
    "QB6E": "a double-quoted line less indented than its key: libyaml does not check quoted indentation",
    "DK95/01": "a tab as the indentation of a double-quoted continuation line: read as the same value",
    "Y79Y/003": "a tab as the indentation inside a flow sequence: read as the same value",
    "S98Z": "a folded scalar with only a comment less indented than its blank lines: read as empty",
}
"""Invalid YAML the loader still accepts, each with why it is not refused. None gives a value another YAML
1.2 reader would read differently: they are leniencies (indentation, comment spacing), not misreadings."""

NO_JSON_VALUES = {"DFF7": {"explicit": "entry", "implicit": "entry", "": None}}
"""Valid cases without in.json (JSON cannot hold a null key); sms keys are text, so the null key is ''."""

_PROPERTY = re.compile(r"[&<]")


def _properties(rest: str) -> list[str]:
    """The anchors and tags of one event line (`&a <tag:...> :value` -> ['&a', '<tag:...>'])."""
    words = []
    for word in rest.split(" "):
        if word in ("{}", "[]", "---", "..."):
            continue
        if not _PROPERTY.match(word):
            break
        words.append(word)
    return words


def _directives(text: str) -> bool:
    """Whether a document prologue (before `---`, or after `...`) has a `%` directive line."""
    prologue = True
    for line in text.splitlines():
        if line.startswith("..."):
            prologue = True
        elif line.startswith("---"):
            prologue = False
        elif prologue and line.startswith("%"):
            return True
        elif prologue and line.strip() and not line.lstrip().startswith("#"):
            prologue = False
    return False


def by_design(events: str, text: str) -> set[str]:
    """Why sms refuses a valid case, from the suite's event stream: the rules it may be refused under."""
    reasons: set[str] = {"SMS005"} if _directives(text) else set()
    documents = 0
    open_collections: list[tuple[bool, list[int], set[str]]] = []  # (is a mapping, [children seen], keys)
    for line in events.splitlines():
        kind, _, rest = line.partition(" ")
        documents += kind == "+DOC"
        properties = _properties(rest)
        if kind == "=ALI" or any(word.startswith("&") for word in properties):
            reasons.add("SMS003")
        if any(word.startswith("<") for word in properties):
            reasons.add("SMS004")
        if kind in ("+MAP", "+SEQ", "=VAL", "=ALI") and open_collections:
            is_map, seen, keys = open_collections[-1]
            if is_map and seen[0] % 2 == 0:  # a key
                if kind != "=VAL":
                    reasons.add("complex key")
                else:
                    key = rest[len(" ".join(properties)):].lstrip()[1:]  # sms keys are the text as written
                    reasons.update({"SMS002"} if key in keys else set())
                    keys.add(key)
            seen[0] += 1
        if kind in ("+MAP", "+SEQ"):
            open_collections.append((kind == "+MAP", [0], set()))
        elif kind in ("-MAP", "-SEQ"):
            open_collections.pop()
    if documents != 1:
        reasons.add("SMS006")
    return reasons


def _json_documents(text: str) -> list[Any]:
    decoder, index, out = json.JSONDecoder(), 0, list[Any]()
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index == len(text):
            return out
        value, index = decoder.raw_decode(text, index)
        out.append(value)


def same(got: Any, want: Any) -> bool:
    """Equal values of equal JSON types (True is not 1, '1' is not 1; 1 and 1.0 are the same number)."""
    numbers = (int, float)
    both_numbers = isinstance(got, numbers) and isinstance(want, numbers)
    if (isinstance(got, bool) or isinstance(want, bool) or not both_numbers) and type(got) is not type(want):
        return False
    if isinstance(got, dict):
        return got.keys() == want.keys() and all(same(got[key], want[key]) for key in got)
    if isinstance(got, list):
        return len(got) == len(want) and all(same(a, b) for a, b in zip(got, want, strict=True))
    if isinstance(got, float) and math.isnan(got):
        return isinstance(want, float) and math.isnan(want)
    return bool(got == want)


def _reason(error: InputError) -> str:
    return "complex key" if "complex key" in error.detail else error.rule


def classify(case: Path) -> tuple[str, str]:
    """(class, detail) of one case."""
    text = (case / "in.yaml").read_bytes().decode("utf-8")
    try:
        result: Any = parse("in.yaml", text)
    except InputError as error:
        result = error
    except Exception as exc:  # a crash is what this test looks for
        return CRASH, repr(exc)
    if isinstance(result, InputError):
        lines = len(re.split(r"\r\n|\r|\n", text))
        if not (1 <= result.line <= lines and result.column >= 1 and str(result).startswith(
                f"in.yaml:{result.line}:{result.column}: ")):
            return WRONG_RULE, f"position outside the file: {result}"
    if (case / "error").exists():
        return (REFUSED, str(result)) if isinstance(result, InputError) else (ACCEPTED, repr(result.data))
    if isinstance(result, InputError):
        if _reason(result) in by_design((case / "test.event").read_text(encoding="utf-8"), text):
            return BY_DESIGN, f"{result.rule} {result}"
        if result.rule == "SMS001" and result.detail.startswith("YAML syntax error"):
            return LIBYAML_GAP, str(result)
        if result.rule == "SMS001" and "read differently by YAML readers" in result.detail:
            return MISREAD, str(result)
        return WRONG_RULE, f"{result.rule} {result}"
    name = str(case.relative_to(SUITE))
    if not (case / "in.json").exists():
        return (NO_JSON, name) if same(result.data, NO_JSON_VALUES.get(name)) else (WRONG_VALUE, repr(result.data))
    want = _json_documents((case / "in.json").read_text(encoding="utf-8"))
    if len(want) == 1 and same(result.data, want[0]):
        return EXACT, name
    return WRONG_VALUE, f"got {result.data!r}, the suite says {want!r}"


def test_the_suite_is_vendored_whole() -> None:
    assert len(CASES) == 402
    assert sum((case / "error").exists() for case in CASES) == 94
    assert (SUITE.parent / "License").read_text(encoding="utf-8").startswith("MIT License")


def test_every_case_loads_exactly_or_is_refused_for_a_stated_reason() -> None:
    outcomes = {str(case.relative_to(SUITE)): classify(case) for case in CASES}
    problems = {name: outcome for name, outcome in outcomes.items()
                if outcome[0] in (WRONG_VALUE, WRONG_RULE, CRASH)}
    assert problems == {}
    accepted = {name for name, (kind, _) in outcomes.items() if kind == ACCEPTED}
    assert accepted == set(ACCEPTED_INVALID)
    assert Counter(kind for kind, _ in outcomes.values()) == EXPECTED


# --- the cases libyaml used to misread, and the refusals they now get --------------------------------------

def _error(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse("rec.yaml", text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("{ ?foo: bar,\nbar: 42\n}\n", 1, 4, id="652Z-question-mark-at-start-of-flow-key"),
        pytest.param("[?x]\n", 1, 3, id="HM87-question-mark-at-start-of-flow-item"),
        pytest.param('a: [?"x"]\n', 1, 6, id="question-mark-before-a-quoted-flow-item"),
    ],
)
def test_a_node_right_after_a_question_mark_in_flow_is_refused(text: str, line: int, column: int) -> None:
    """YAML 1.2 reads `?foo` as the text "?foo"; libyaml took `?` for a key indicator and loaded `foo`."""
    error = _error(text)
    assert (error.rule, error.line, error.column) == ("SMS001", line, column)
    assert "'?' directly before a value" in error.detail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("- |+\n   ", ["\n"], id="JEF9-02-kept-line-without-final-newline"),
        pytest.param("foo: |\n  x\n   ", {"foo": "x\n \n"}, id="L24T-01-trailing-line-of-spaces"),
        pytest.param("[? x : 1, ? y]\n", [{"x": 1}, {"y": None}], id="explicit-keys-with-a-space-still-load"),
        pytest.param("{a: [-1, -a, '-']}", {"a": [-1, "-a", "-"]}, id="dash-starting-a-flow-value"),
        pytest.param('a: "x" # c\nb: [1] # c\nc: > # c\n  t\n', {"a": "x", "b": [1], "c": "t\n"}, id="comments"),
        pytest.param('a: x,#y\nb: ["c,#d", e, # f,#g\n  h]\n', {"a": "x,#y", "b": ["c,#d", "e", "h"]},
                     id="comma-hash-in-text-or-comment-is-no-comment-touching-a-comma"),
    ],
)
def test_values_libyaml_read_differently_now_come_back_exactly(text: str, expected: Any) -> None:
    assert same(parse("rec.yaml", text).data, expected)


@pytest.mark.parametrize(
    ("text", "rule", "line", "column", "words"),
    [
        pytest.param("%YAML 1.3\n---\na: 1\n", "SMS005", 1, 1, "directives are not allowed", id="BEC7-yaml-1.3"),
        pytest.param("%YAML 1.1#x\n---\na: 1\n", "SMS005", 1, 1, "directives (%YAML, %TAG) are not", id="1.1"),
        pytest.param("a: 1\n...\nb: [\n", "SMS006", 3, 1, "after the end of the YAML document", id="second-doc"),
        pytest.param("a: &:x 1\n", "SMS003", 1, 5, "anchors and aliases", id="anchor-libyaml-cannot-scan"),
        pytest.param("? [a]\n: 1\n", "SMS001", 1, 3, "(a complex key) is not allowed", id="complex-key"),
        pytest.param("key: \"value\"# c\n", "SMS001", 1, 6, "a comment needs a space", id="SU5Z"),
        pytest.param("[ a, b, c, ]#invalid\n", "SMS001", 1, 12, "a comment needs a space", id="9JBA"),
        pytest.param("block: ># comment\n  scalar\n", "SMS001", 1, 8, "a comment needs a space", id="X4QW"),
        pytest.param("---\n[ a, b, c,#invalid\n]\n", "SMS001", 2, 11, "a comment needs a space", id="CVW2"),
        pytest.param("a: {b: c,#x\n}\n", "SMS001", 1, 10, "a comment needs a space", id="comma-comment-in-mapping"),
        pytest.param("[-]\n", "SMS001", 1, 2, "'-' cannot start a plain value", id="YJV2"),
        pytest.param("- [-, -]\n", "SMS001", 1, 4, "'-' cannot start a plain value", id="G5U8"),
        pytest.param("1: a\n'1': b\n", "SMS002", 2, 1, "duplicate key '1'", id="keys-are-text"),
    ],
)
def test_refusals_name_the_rule_and_the_place(text: str, rule: str, line: int, column: int, words: str) -> None:
    error = _error(text)
    assert (error.rule, error.line, error.column) == (rule, line, column), error
    assert words in error.detail
