"""Behaviour tests for the YAML loader (sms.store.loader): safe in, faithful out.

Files are real files under `tmp_path`; rejections are checked by rule id, position and message.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sms
from sms.core.errors import InputError
from sms.store import loader
from sms.store.loader import Document, load_file, parse

PROJECT_ROOT = Path(sms.__file__).resolve().parent.parent
ALL_RULES = {f"SMS{n:03d}" for n in range(1, 11)}
SUBPROCESS_BUDGET_SECONDS = 3.0


# ---------------------------------------------------------------------------------------------------------------------
# helpers


def write(root: Path, relpath: str, content: str | bytes) -> Path:
    """Write `content` to root/relpath (creating folders) and return the path."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def parse_error(text: str, relpath: str = "records/rec.yaml") -> InputError:
    with pytest.raises(InputError) as info:
        parse(relpath, text)
    return info.value


def parse_or_error(text: str, relpath: str = "rec.yaml") -> Document | InputError:
    """The Document, or the InputError parse raised (any other exception propagates and fails the test)."""
    try:
        return parse(relpath, text)
    except InputError as err:
        return err


def load_error(root: Path, relpath: str, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as info:
        load_file(root, relpath, **kwargs)
    return info.value


def check_error(
    err: InputError, *, path: str, rule: str, line: int, column: int | None = None, words: tuple[str, ...] = ()
) -> None:
    """An InputError names the rule, the file and the position, and reads as `path:line:column: message`."""
    assert err.rule == rule, err
    assert err.path == path
    assert err.line == line, err
    if column is not None:
        assert err.column == column, err
    assert str(err) == f"{path}:{err.line}:{err.column}: {err.detail}"
    for word in words:
        assert word.lower() in err.detail.lower(), (word, err.detail)


def value_of(scalar: str) -> Any:
    """Parse `value: <scalar>` and return the value."""
    return parse("rec.yaml", f"value: {scalar}\n").data["value"]


def block_mappings(depth: int) -> str:
    """`depth` nested block mappings: k:\\n  k:\\n ... k: leaf"""
    lines = ["  " * level + "k:" for level in range(depth - 1)]
    lines.append("  " * (depth - 1) + "k: leaf")
    return "\n".join(lines) + "\n"


def nesting(data: Any) -> int:
    """How many collections deep `data` is."""
    if isinstance(data, dict):
        return 1 + max((nesting(value) for value in data.values()), default=0)
    if isinstance(data, list):
        return 1 + max((nesting(item) for item in data), default=0)
    return 0


def billion_laughs() -> str:
    """The classic alias bomb: one anchored string, then 9 levels of 10 aliases each (10**9 strings if expanded)."""
    lines = ['lol0: &a0 "lol"']
    for level in range(1, 10):
        aliases = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"lol{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The SMS root: a folder inside tmp_path, so that tmp_path itself is 'outside'."""
    path = tmp_path / "sms-root"
    path.mkdir()
    return path


@pytest.fixture
def no_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any open() inside sms.store.loader fail the test: the file must be refused before it is opened."""

    def forbidden_open(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"sms.store.loader opened {args[0]!r}; it should have been refused before reading")

    monkeypatch.setattr(loader, "open", forbidden_open, raising=False)


@pytest.fixture
def no_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make parsing fail the test: the file must be refused before it is parsed."""

    def forbidden_parse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("sms.store.loader parsed the file; it should have been refused before parsing")

    monkeypatch.setattr(loader, "parse", forbidden_parse)


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail (instead of hanging forever) if the test blocks for more than 5 seconds."""
    if not hasattr(signal, "SIGALRM"):
        pytest.skip("needs signal.SIGALRM")

    def on_alarm(signum: int, frame: Any) -> None:
        raise TimeoutError("the loader blocked: it must not open special files")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(5)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_loader_in_subprocess(root: Path, relpath: str) -> tuple[subprocess.CompletedProcess[str], float]:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from sms.core.errors import InputError\n"
        "from sms.store.loader import load_file\n"
        "try:\n"
        "    load_file(Path(sys.argv[1]), sys.argv[2])\n"
        "except InputError as err:\n"
        "    print(err.rule, err)\n"
        "else:\n"
        "    print('loaded')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code, str(root), relpath],
        capture_output=True,
        text=True,
        timeout=10,
        cwd=PROJECT_ROOT,
        env=env,
        check=False,
    )
    return result, time.monotonic() - start


# ---------------------------------------------------------------------------------------------------------------------
# valid data: YAML 1.2 core schema


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        pytest.param("no", "no", id="no-stays-string"),
        pytest.param("yes", "yes", id="yes-stays-string"),
        pytest.param("on", "on", id="on-stays-string"),
        pytest.param("off", "off", id="off-stays-string"),
        pytest.param("No", "No", id="No-stays-string"),
        pytest.param("OFF", "OFF", id="OFF-stays-string"),
        pytest.param("y", "y", id="y-stays-string"),
        pytest.param("n", "n", id="n-stays-string"),
        pytest.param("true", True, id="true"),
        pytest.param("True", True, id="True"),
        pytest.param("TRUE", True, id="TRUE"),
        pytest.param("false", False, id="false"),
        pytest.param("False", False, id="False"),
        pytest.param("FALSE", False, id="FALSE"),
        pytest.param("tRUE", "tRUE", id="mixed-case-true-stays-string"),
        pytest.param("~", None, id="tilde-null"),
        pytest.param("null", None, id="null"),
        pytest.param("Null", None, id="Null"),
        pytest.param("NULL", None, id="NULL"),
        pytest.param("", None, id="empty-null"),
        pytest.param("nULL", "nULL", id="mixed-case-null-stays-string"),
        pytest.param("0", 0, id="int-zero"),
        pytest.param("42", 42, id="int"),
        pytest.param("-17", -17, id="int-negative"),
        pytest.param("+17", 17, id="int-plus-sign"),
        pytest.param("017", 17, id="leading-zero-is-decimal-not-octal"),
        pytest.param("123456789012345678901234567890", 123456789012345678901234567890, id="int-big"),
        pytest.param("0o17", 15, id="int-octal-0o"),
        pytest.param("0x1F", 31, id="int-hex-0x"),
        pytest.param("0xff", 255, id="int-hex-lowercase"),
        pytest.param("0b101", "0b101", id="binary-stays-string"),
        pytest.param("1_000", "1_000", id="underscore-int-stays-string"),
        pytest.param("0O17", "0O17", id="uppercase-octal-prefix-stays-string"),
        pytest.param("12:30:00", "12:30:00", id="sexagesimal-stays-string"),
        pytest.param("1.5", 1.5, id="float"),
        pytest.param("-0.25", -0.25, id="float-negative"),
        pytest.param(".5", 0.5, id="float-leading-dot"),
        pytest.param("1.", 1.0, id="float-trailing-dot"),
        pytest.param("1e3", 1000.0, id="float-exponent"),
        pytest.param("2.5E-2", 0.025, id="float-exponent-negative"),
        pytest.param(".inf", math.inf, id="inf"),
        pytest.param("+.Inf", math.inf, id="plus-Inf"),
        pytest.param("-.INF", -math.inf, id="minus-INF"),
        pytest.param("2026-01-01", "2026-01-01", id="date-stays-string"),
        pytest.param("2026-13-45", "2026-13-45", id="invalid-date-stays-string"),
        pytest.param("2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z", id="timestamp-stays-string"),
        pytest.param("2026-01-01 10:00:00+01:00", "2026-01-01 10:00:00+01:00", id="spaced-timestamp-stays-string"),
        pytest.param("hello world", "hello world", id="plain-text"),
        pytest.param('"true"', "true", id="double-quoted-true-is-string"),
        pytest.param("'false'", "false", id="single-quoted-false-is-string"),
        pytest.param('"42"', "42", id="quoted-int-is-string"),
        pytest.param("'1.5'", "1.5", id="quoted-float-is-string"),
        pytest.param('"null"', "null", id="quoted-null-is-string"),
        pytest.param("'~'", "~", id="quoted-tilde-is-string"),
        pytest.param('""', "", id="quoted-empty-is-empty-string"),
        pytest.param("''", "", id="single-quoted-empty-is-empty-string"),
        pytest.param("'.inf'", ".inf", id="quoted-inf-is-string"),
        pytest.param('"2026-01-01"', "2026-01-01", id="quoted-date-is-string"),
        pytest.param('"tab\\tand \\u00e9"', "tab\tand \u00e9", id="double-quoted-escapes"),
        pytest.param("'it''s'", "it's", id="single-quoted-escape"),
    ],
)
def test_plain_scalars_resolve_by_yaml_1_2_core_schema(scalar: str, expected: Any) -> None:
    value = value_of(scalar)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("scalar", [".nan", ".NaN", ".NAN"])
def test_nan(scalar: str) -> None:
    value = value_of(scalar)
    assert isinstance(value, float)
    assert math.isnan(value)


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        pytest.param("-.nan", "-.nan", id="signed-nan-stays-string"),
        pytest.param("inf", "inf", id="inf-without-dot-stays-string"),
        pytest.param("nan", "nan", id="nan-without-dot-stays-string"),
    ],
)
def test_not_quite_special_floats_stay_strings(scalar: str, expected: str) -> None:
    assert value_of(scalar) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a: |\n  123\n", {"a": "123\n"}, id="literal-block-is-string"),
        pytest.param("a: >\n  true\n", {"a": "true\n"}, id="folded-block-is-string"),
        pytest.param("a: |-\n  no\n", {"a": "no"}, id="stripped-literal-block"),
        pytest.param("a: one\n  two\n", {"a": "one two"}, id="multi-line-plain-scalar"),
    ],
)
def test_block_scalars_are_always_strings(text: str, expected: dict[str, Any]) -> None:
    assert parse("rec.yaml", text).data == expected


def test_a_realistic_record_loads_as_json_like_data(root: Path) -> None:
    write(
        root,
        "records/INC-1.yaml",
        (
            "# schema: incident\n"
            "id: INC-1\n"
            "title: 'Mail: outage'\n"
            "major: no\n"
            "resolved: true\n"
            "opened: 2026-01-01\n"
            "priority: 2\n"
            "owner: ~\n"
            "tags: [mail, 'on']\n"
            "history:\n"
            '  - at: "2026-01-01T10:00:00Z"\n'
            "    by: alice\n"
            "  - by: bob\n"
            "    at: 2026-01-02T09:00:00Z\n"
            "    note: |\n"
            "      line one\n"
            "      line two\n"
        ),
    )
    doc = load_file(root, "records/INC-1.yaml")
    assert isinstance(doc, Document)
    assert doc.path == "records/INC-1.yaml"
    assert doc.first_line == "# schema: incident"
    assert doc.data == {
        "id": "INC-1",
        "title": "Mail: outage",
        "major": "no",
        "resolved": True,
        "opened": "2026-01-01",
        "priority": 2,
        "owner": None,
        "tags": ["mail", "on"],
        "history": [
            {"at": "2026-01-01T10:00:00Z", "by": "alice"},
            {"by": "bob", "at": "2026-01-02T09:00:00Z", "note": "line one\nline two\n"},
        ],
    }
    assert list(doc.data) == ["id", "title", "major", "resolved", "opened", "priority", "owner", "tags", "history"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1: a\n", {"1": "a"}, id="int-key"),
        pytest.param("true: a\n", {"true": "a"}, id="bool-key"),
        pytest.param("null: a\n", {"null": "a"}, id="null-key"),
        pytest.param("no: a\n", {"no": "a"}, id="no-key"),
        pytest.param("'': a\n", {"": "a"}, id="empty-quoted-key"),
        pytest.param('"<<": a\n', {"<<": "a"}, id="quoted-merge-key-is-ordinary-text"),
    ],
)
def test_mapping_keys_are_always_text(text: str, expected: dict[str, Any]) -> None:
    assert parse("rec.yaml", text).data == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("---\na: 1\n", {"a": 1}, id="explicit-document-start"),
        pytest.param("a: 1\n...\n", {"a": 1}, id="document-end-marker"),
        pytest.param("---\na: 1\n...\n", {"a": 1}, id="start-and-end-markers"),
        pytest.param("# comment\n\na: 1 # trailing\n", {"a": 1}, id="comments"),
        pytest.param("a: 1", {"a": 1}, id="no-final-newline"),
        pytest.param("a: 1\r\nb: 2\r\n", {"a": 1, "b": 2}, id="crlf-line-endings"),
        pytest.param("[1, two, {x: y}]\n", [1, "two", {"x": "y"}], id="top-level-flow-sequence"),
        pytest.param("- a\n-\n- - b\n", ["a", None, ["b"]], id="top-level-block-sequence-with-empty-item"),
        pytest.param("a:\nb: {}\nc: []\n", {"a": None, "b": {}, "c": []}, id="empty-values-and-collections"),
        pytest.param('{"a": [1, true, null, "x"]}\n', {"a": [1, True, None, "x"]}, id="json-text"),
        pytest.param("a: 'x'\n", {"a": "x"}, id="single-quoted"),
        pytest.param('a: "caf\u00e9 \U0001f600"\n', {"a": "caf\u00e9 \U0001f600"}, id="raw-non-ascii"),
        pytest.param("\ufeffa: 1\n", {"a": 1}, id="leading-bom-in-text"),
    ],
)
def test_valid_documents(text: str, expected: Any) -> None:
    assert parse("rec.yaml", text).data == expected


# ---------------------------------------------------------------------------------------------------------------------
# positions


POSITIONS_TEXT = (
    "# schema: incident\n"  # 1
    "id: INC-1\n"  # 2
    "history:\n"  # 3
    '  - at: "2026-01-01T10:00:00Z"\n'  # 4
    "    by: alice\n"  # 5
    "  - by: bob\n"  # 6
    "    at: 2026-01-02\n"  # 7
    "links: [a, {rel: b}]\n"  # 8
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param((), (2, 1), id="root"),
        pytest.param(("id",), (2, 1), id="top-level-key"),
        pytest.param(("history",), (3, 1), id="key-of-a-sequence"),
        pytest.param(("history", 0), (4, 5), id="first-item"),
        pytest.param(("history", 0, "at"), (4, 5), id="first-item-at"),
        pytest.param(("history", 0, "by"), (5, 5), id="first-item-by"),
        pytest.param(("history", 1), (6, 5), id="second-item"),
        pytest.param(("history", 1, "by"), (6, 5), id="second-item-by"),
        pytest.param(("history", 1, "at"), (7, 5), id="second-item-at"),
        pytest.param(("links", 0), (8, 9), id="flow-item"),
        pytest.param(("links", 1), (8, 12), id="flow-mapping-item"),
        pytest.param(("links", 1, "rel"), (8, 13), id="flow-mapping-key"),
    ],
)
def test_positions_map_each_path_to_its_key_or_item(path: tuple[str | int, ...], expected: tuple[int, int]) -> None:
    doc = parse("rec.yaml", POSITIONS_TEXT)
    assert doc.positions[path] == expected
    assert doc.position(path) == expected


def test_positions_cover_every_value() -> None:
    doc = parse("rec.yaml", POSITIONS_TEXT)
    assert set(doc.positions) == {
        (),
        ("id",),
        ("history",),
        ("history", 0),
        ("history", 0, "at"),
        ("history", 0, "by"),
        ("history", 1),
        ("history", 1, "by"),
        ("history", 1, "at"),
        ("links",),
        ("links", 0),
        ("links", 1),
        ("links", 1, "rel"),
    }


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(("history", 1, "at", "deeper"), (7, 5), id="below-a-scalar-falls-back-to-it"),
        pytest.param(("history", 1, "missing"), (6, 5), id="missing-key-falls-back-to-item"),
        pytest.param(("history", 9), (3, 1), id="missing-index-falls-back-to-key"),
        pytest.param(("history", 9, "at"), (3, 1), id="two-levels-missing"),
        pytest.param(("nope",), (2, 1), id="missing-top-level-key-falls-back-to-root"),
        pytest.param(("nope", "deeper", 3), (2, 1), id="nothing-found-falls-back-to-root"),
    ],
)
def test_position_falls_back_to_nearest_ancestor(path: tuple[str | int, ...], expected: tuple[int, int]) -> None:
    assert parse("rec.yaml", POSITIONS_TEXT).position(path) == expected


def test_position_without_any_positions_is_line_one() -> None:
    assert Document(path="x.yaml", data=None).position(("a", 1)) == (1, 1)


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        pytest.param("# schema: incident\na: 1\n", "# schema: incident", id="schema-comment"),
        pytest.param("a: 1\nb: 2\n", "a: 1", id="data-line"),
        pytest.param("a: 1", "a: 1", id="single-line-without-newline"),
        pytest.param("\n# late\na: 1\n", "", id="empty-first-line"),
    ],
)
def test_first_line(text: str, first_line: str) -> None:
    assert parse("rec.yaml", text).first_line == first_line


def test_first_line_of_a_file_with_bom_has_no_bom(root: Path) -> None:
    write(root, "rec.yaml", b"\xef\xbb\xbf# schema: incident\nid: INC-1\n")
    doc = load_file(root, "rec.yaml")
    assert doc.first_line == "# schema: incident"
    assert doc.data == {"id": "INC-1"}


# ---------------------------------------------------------------------------------------------------------------------
# duplicate keys (SMS002)


@pytest.mark.parametrize(
    ("text", "line", "column", "key", "first"),
    [
        pytest.param("a: 1\nb: 2\na: 3\n", 3, 1, "a", 1, id="top-level"),
        pytest.param("x:\n  a: 1\n  b: 2\n  a: 3\n", 4, 3, "a", 2, id="nested"),
        pytest.param("- a: 1\n  a: 2\n", 2, 3, "a", 1, id="in-a-sequence-item"),
        pytest.param("a: {b: 1, b: 2}\n", 1, 11, "b", 1, id="flow-mapping"),
        pytest.param("a: 1\n'a': 2\n", 2, 1, "a", 1, id="quoted-duplicate-of-plain"),
        pytest.param("x:\n  y:\n    k: 1\n\n\n    k: 2\n", 6, 5, "k", 3, id="deep-with-blank-lines"),
    ],
)
def test_duplicate_keys_are_refused_at_second_occurrence(
    text: str, line: int, column: int, key: str, first: int
) -> None:
    err = parse_error(text)
    check_error(
        err,
        path="records/rec.yaml",
        rule="SMS002",
        line=line,
        column=column,
        words=(f"duplicate key '{key}'", f"line {first}"),
    )


def test_same_key_in_different_mappings_is_fine() -> None:
    doc = parse("rec.yaml", "a:\n  k: 1\nb:\n  k: 2\nc: [{k: 3}, {k: 4}]\n")
    assert doc.data == {"a": {"k": 1}, "b": {"k": 2}, "c": [{"k": 3}, {"k": 4}]}


# ---------------------------------------------------------------------------------------------------------------------
# anchors, aliases, merge keys (SMS003); tags (SMS004); directives (SMS005); documents (SMS006)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        pytest.param("a: &x 1\nb: *x\n", 1, 4, ("anchors",), id="anchor-on-scalar"),
        pytest.param("a: &m {b: 1}\n", 1, 4, ("anchors",), id="anchor-on-mapping"),
        pytest.param("a:\n  b: &s [1]\n", 2, 6, ("anchors",), id="anchor-on-sequence"),
        pytest.param("a: 1\nb: *x\n", 2, 4, ("aliases",), id="alias-alone"),
        pytest.param("- *x\n", 1, 3, ("aliases",), id="alias-as-item"),
        pytest.param("&k a: 1\n", 1, 1, ("anchors",), id="anchor-on-key"),
        pytest.param("*x : 1\n", 1, 1, ("aliases",), id="alias-as-key"),
        pytest.param("m:\n  <<: {k: 2}\n", 2, 3, ("merge keys", "<<"), id="merge-key"),
        pytest.param("a: 1\nb: {<<: {k: 2}}\n", 2, 5, ("merge keys",), id="merge-key-in-flow"),
        pytest.param("base: &b {k: 1}\nm:\n  <<: *b\n", 1, 7, ("anchors",), id="merge-with-alias-stops-at-anchor"),
    ],
)
def test_anchors_aliases_and_merge_keys_are_refused(text: str, line: int, column: int, words: tuple[str, ...]) -> None:
    check_error(parse_error(text), path="records/rec.yaml", rule="SMS003", line=line, column=column, words=words)


@pytest.mark.parametrize(
    ("text", "line", "column", "tag"),
    [
        pytest.param("a: !!str 1\n", 1, 4, "!!str", id="core-str-tag"),
        pytest.param("a: !!bool yes\n", 1, 4, "!!bool", id="core-bool-tag"),
        pytest.param("a: !!binary aGk=\n", 1, 4, "!!binary", id="binary-tag"),
        pytest.param("a: !custom x\n", 1, 4, "!custom", id="local-tag"),
        pytest.param("a: ! x\n", 1, 4, "!", id="non-specific-tag"),
        pytest.param("a:\n  - !<tag:example.com:x> 1\n", 2, 5, "tag:example.com:x", id="verbatim-tag"),
        pytest.param("!!map\na: 1\n", 1, 1, "!!map", id="tag-on-root-mapping"),
        pytest.param("a: !!seq [1]\n", 1, 4, "!!seq", id="tag-on-sequence"),
        pytest.param("!!str a: 1\n", 1, 1, "!!str", id="tag-on-key"),
    ],
)
def test_explicit_tags_are_refused(text: str, line: int, column: int, tag: str) -> None:
    check_error(
        parse_error(text),
        path="records/rec.yaml",
        rule="SMS004",
        line=line,
        column=column,
        words=(f"explicit tag '{tag}'",),
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("%YAML 1.1\n---\na: no\n", id="yaml-1.1"),
        pytest.param("%YAML 1.2\n---\na: 1\n", id="yaml-1.2"),
        pytest.param("%TAG !e! tag:example.com,2000:\n---\na: 1\n", id="tag-directive"),
        pytest.param("%TAG ! tag:example.com,2000:\n---\na: !x 1\n", id="tag-directive-with-use"),
    ],
)
def test_directives_are_refused(text: str) -> None:
    err = parse_error(text)
    check_error(err, path="records/rec.yaml", rule="SMS005", line=1, column=1, words=("directives", "YAML 1.2"))
    assert err.hint


def test_yaml_1_1_directive_never_turns_no_into_false(root: Path) -> None:
    write(root, "rec.yaml", "%YAML 1.1\n---\nmajor: no\n")
    assert load_error(root, "rec.yaml").rule == "SMS005"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        pytest.param("a: 1\n---\nb: 2\n", 2, ("more than one YAML document",), id="two-documents"),
        pytest.param("---\na: 1\n---\n", 3, ("more than one",), id="trailing-empty-document"),
        pytest.param("a: 1\n...\n---\nb: 2\n...\n", 3, ("more than one",), id="with-end-markers"),
        pytest.param("a: 1\n--- \nb: 2\n---\nc: 3\n", 2, ("more than one",), id="three-documents"),
        pytest.param("", 1, ("empty",), id="empty-text"),
        pytest.param("# only a comment\n", 1, ("empty",), id="comment-only"),
        pytest.param("\n\n  \n", 1, ("empty",), id="blank-lines-only"),
    ],
)
def test_document_count_must_be_one(text: str, line: int, words: tuple[str, ...]) -> None:
    check_error(parse_error(text), path="records/rec.yaml", rule="SMS006", line=line, column=1, words=words)


def test_empty_file_is_refused(root: Path) -> None:
    write(root, "rec.yaml", b"")
    check_error(load_error(root, "rec.yaml"), path="rec.yaml", rule="SMS006", line=1, column=1, words=("empty",))


# ---------------------------------------------------------------------------------------------------------------------
# nesting depth (SMS007)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(block_mappings(64), id="block-mappings"),
        pytest.param("[" * 64 + "]" * 64, id="flow-sequences"),
        pytest.param("- " * 64 + "x\n", id="block-sequences-on-one-line"),
        pytest.param("{a: " * 63 + "{}" + "}" * 63, id="flow-mappings"),
    ],
)
def test_nesting_64_deep_is_allowed(text: str) -> None:
    assert nesting(parse("rec.yaml", text).data) == 64


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param(block_mappings(65), 65, 129, id="block-mappings-65"),
        pytest.param("[" * 65 + "]" * 65, 1, 65, id="flow-sequences-65"),
        pytest.param("- " * 65 + "x\n", 1, 129, id="block-sequences-65"),
        pytest.param("{a: " * 65 + "1" + "}" * 65, 1, 257, id="flow-mappings-65"),
        pytest.param("a:\n  b: [" + "[" * 70 + "]" * 71 + "\n", 2, None, id="flow-inside-block"),
        pytest.param("[" * 10_000 + "]" * 10_000 + "\n", 1, None, id="flow-10000-deep"),
        pytest.param("[" * 10_000 + "\n", 1, None, id="flow-10000-deep-unclosed"),
        pytest.param("{a: " * 10_000 + "\n", 1, None, id="flow-mappings-10000-deep"),
        pytest.param("- " * 10_000 + "x\n", 1, 129, id="block-10000-deep"),
    ],
)
def test_nesting_deeper_than_64_is_refused(text: str, line: int, column: int | None) -> None:
    start = time.monotonic()
    err = parse_error(text)
    assert time.monotonic() - start < 1.0
    check_error(err, path="records/rec.yaml", rule="SMS007", line=line, column=column, words=("deeper than 64",))


def test_10000_deep_file_is_refused_in_process(root: Path) -> None:
    write(root, "deep.yaml", "[" * 10_000 + "]" * 10_000 + "\n")
    check_error(load_error(root, "deep.yaml"), path="deep.yaml", rule="SMS007", line=1, words=("nesting",))


# ---------------------------------------------------------------------------------------------------------------------
# alias bombs and hostile files in a subprocess


def test_billion_laughs_is_refused_at_first_anchor_quickly(root: Path) -> None:
    write(root, "lol.yaml", billion_laughs())
    start = time.monotonic()
    err = load_error(root, "lol.yaml")
    assert time.monotonic() - start < 1.0
    check_error(err, path="lol.yaml", rule="SMS003", line=1, column=7, words=("anchors",))


def test_billion_laughs_without_anchor_on_first_line_is_refused_too() -> None:
    text = "title: fine\n" + billion_laughs()
    check_error(parse_error(text), path="records/rec.yaml", rule="SMS003", line=2, column=7)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("content", "rule"),
    [
        pytest.param(billion_laughs(), "SMS003", id="billion-laughs"),
        pytest.param("[" * 10_000 + "]" * 10_000 + "\n", "SMS007", id="flow-10000-deep"),
        pytest.param("- " * 10_000 + "x\n", "SMS007", id="block-10000-deep"),
    ],
)
def test_hostile_file_in_subprocess_returns_quickly_without_traceback(root: Path, content: str, rule: str) -> None:
    write(root, "hostile.yaml", content)
    result, elapsed = run_loader_in_subprocess(root, "hostile.yaml")
    assert elapsed < SUBPROCESS_BUDGET_SECONDS
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    assert result.stdout.startswith(f"{rule} hostile.yaml:1:"), result.stdout


# ---------------------------------------------------------------------------------------------------------------------
# size (SMS008)


def test_file_over_max_bytes_is_refused_before_parsing(root: Path, no_parse: None, no_open: None) -> None:
    write(root, "big.yaml", billion_laughs() + "{" * 200)  # hostile and malformed: only the size may be reported
    size = (root / "big.yaml").stat().st_size
    err = load_error(root, "big.yaml", max_bytes=size - 1)
    check_error(
        err, path="big.yaml", rule="SMS008", line=1, column=1, words=(f"{size} bytes", f"{size - 1}-byte limit")
    )
    assert err.hint


def test_file_of_exactly_max_bytes_loads(root: Path) -> None:
    content = "a: 1\nb: two\n"
    write(root, "rec.yaml", content)
    assert load_file(root, "rec.yaml", max_bytes=len(content)).data == {"a": 1, "b": "two"}


def test_file_that_grew_since_stat_is_read_whole_or_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(root, "rec.yaml", "a: 1\nb: 2\n")  # 10 bytes; stat says 4, as if it grew after the stat
    real_lstat = os.lstat

    def stale(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real_lstat(path, *args, **kwargs)
        return os.stat_result((*info[:6], 4, *info[7:10])) if str(path).endswith("rec.yaml") else info

    monkeypatch.setattr(os, "lstat", stale)
    assert load_file(root, "rec.yaml").data == {"a": 1, "b": 2}
    check_error(load_error(root, "rec.yaml", max_bytes=6), path="rec.yaml", rule="SMS008", line=1,
                words=("over the 6-byte limit",))


def test_max_bytes_counts_bytes_not_characters(root: Path) -> None:
    content = "a: \u00e9\u00e9\u00e9\n"  # 7 characters, 10 bytes
    write(root, "rec.yaml", content)
    assert load_error(root, "rec.yaml", max_bytes=len(content)).rule == "SMS008"
    assert load_file(root, "rec.yaml", max_bytes=10).data == {"a": "\u00e9\u00e9\u00e9"}


def test_default_limit_is_one_mebibyte(root: Path) -> None:
    write(root, "big.yaml", b"a: " + b"x" * (1024 * 1024))
    err = load_error(root, "big.yaml")
    assert err.rule == "SMS008"
    assert "1048576-byte limit" in err.detail


def test_huge_sparse_file_is_refused_by_size_without_reading(root: Path, no_open: None) -> None:
    with open(root / "sparse.yaml", "wb") as handle:
        handle.truncate(8 * 1024**3)
    start = time.monotonic()
    err = load_error(root, "sparse.yaml")
    assert time.monotonic() - start < 1.0
    assert err.rule == "SMS008"


# ---------------------------------------------------------------------------------------------------------------------
# encoding (SMS009) and control characters


@pytest.mark.parametrize(
    ("content", "line", "column", "byte"),
    [
        pytest.param(b"a: 1\nb: caf\xe9\n", 2, 7, "0xe9", id="latin-1-byte"),
        pytest.param(b"\xff\xfea\x00:\x00 \x001\x00\n\x00", 1, 1, "0xff", id="utf-16-le"),
        pytest.param(b"a: 1\n\nc: \xc0\xaf\n", 3, 4, "0xc0", id="overlong-encoding"),
        pytest.param(b"a: \xed\xa0\x80\n", 1, 4, "0xed", id="encoded-surrogate"),
        pytest.param(b"a: 1\nb: \xe2\x82\n", 2, 4, "0xe2", id="truncated-sequence"),
        pytest.param(b"a: ok\nb: ok\nc: ok\nd: \x80\n", 4, 4, "0x80", id="lone-continuation-byte"),
    ],
)
def test_non_utf8_bytes_are_refused_with_line_of_bad_byte(
    root: Path, content: bytes, line: int, column: int, byte: str
) -> None:
    write(root, "rec.yaml", content)
    err = load_error(root, "rec.yaml")
    check_error(err, path="rec.yaml", rule="SMS009", line=line, column=column, words=("UTF-8", byte))
    assert err.hint


@pytest.mark.parametrize(
    "char",
    [
        pytest.param("\x00", id="nul"),
        pytest.param("\x07", id="bell"),
        pytest.param("\x08", id="backspace"),
        pytest.param("\x1b", id="escape"),
        pytest.param("\x7f", id="delete"),
        pytest.param("\x9f", id="c1-control"),
        pytest.param("\ufffe", id="noncharacter-fffe"),
    ],
)
def test_control_characters_are_refused_with_their_line(root: Path, char: str) -> None:
    write(root, "rec.yaml", f"a: 1\nb: 2\nc: x{char}y\nd: 4\n")
    err = load_error(root, "rec.yaml")
    check_error(err, path="rec.yaml", rule="SMS009", line=3, words=("character not allowed",))


@pytest.mark.parametrize("quote", ['"', "'"])
def test_control_characters_are_refused_inside_quotes_too(quote: str) -> None:
    err = parse_error(f"a: {quote}x\x01y{quote}\n")
    assert err.rule == "SMS009"
    assert err.line == 1


def test_escaped_control_characters_in_double_quotes_are_fine() -> None:
    assert parse("rec.yaml", 'a: "x\\x01\\u0007\\0y"\n').data == {"a": "x\x01\x07\x00y"}


def test_control_character_line_is_right_after_multibyte_characters() -> None:
    err = parse_error("title: caf\u00e9 \u00e9t\u00e9 \u00e0 l'h\u00f4tel\n\n\n\n\nx: \x07\n")
    assert err.rule == "SMS009"
    assert err.line == 6


def test_control_character_column_is_its_own() -> None:
    err = parse_error("a: 1\nbb: x\x07\n")
    assert (err.line, err.column) == (2, 6)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param('a: "x\x85y"\n', 1, 6, id="nel-in-quotes"),
        pytest.param('{"\x85": null}\n', 1, 3, id="nel-in-json-key"),
        pytest.param("a: 1\nb: x\u2028y\n", 2, 5, id="line-separator-in-plain-scalar"),
        pytest.param("a: x\u2029y\n", 1, 5, id="paragraph-separator-in-plain-scalar"),
    ],
)
def test_yaml_1_1_line_breaks_are_refused_clearly(text: str, line: int, column: int) -> None:
    """libyaml would read NEL, LS and PS as line breaks (YAML 1.1); YAML 1.2 as text. sms refuses them."""
    err = parse_error(text)
    assert (err.rule, err.line, err.column) == ("SMS009", line, column)
    assert "is not allowed" in err.detail


# ---------------------------------------------------------------------------------------------------------------------
# unsafe paths and special files (SMS010)


def test_symlink_to_file_outside_root_is_refused_without_opening(tmp_path: Path, root: Path, no_open: None) -> None:
    write(tmp_path, "secret.yaml", "password: hunter2\n")
    (root / "rec.yaml").symlink_to(tmp_path / "secret.yaml")
    err = load_error(root, "rec.yaml")
    check_error(err, path="rec.yaml", rule="SMS010", line=1, column=1, words=("leaves the SMS root",))
    assert "hunter2" not in str(err)


def test_symlinked_folder_outside_root_is_refused(tmp_path: Path, root: Path, no_open: None) -> None:
    write(tmp_path, "elsewhere/rec.yaml", "a: 1\n")
    (root / "records").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    check_error(load_error(root, "records/rec.yaml"), path="records/rec.yaml", rule="SMS010", line=1)


def test_one_reader_refuses_every_file_of_a_folder_linked_outside(tmp_path: Path, root: Path) -> None:
    # a Reader resolves each folder once for all its files: the second file must be refused as the first was
    write(root, "records/inside.yaml", "a: 1\n")
    write(tmp_path, "elsewhere/a.yaml", "a: 1\n")
    write(tmp_path, "elsewhere/b.yaml", "b: 2\n")
    (root / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    reader = loader.Reader(root)
    assert reader.load("records/inside.yaml").data == {"a": 1}
    for name in ("linked/a.yaml", "linked/b.yaml", "records/../linked/b.yaml"):
        with pytest.raises(InputError) as caught:
            reader.load(name)
        check_error(caught.value, path=name, rule="SMS010", line=1, words=("leaves the SMS root",))


def test_one_reader_reads_a_folder_linked_inside_the_root(root: Path) -> None:
    write(root, "records/a.yaml", "a: 1\n")
    write(root, "records/b.yaml", "b: 2\n")
    (root / "alias").symlink_to(root / "records", target_is_directory=True)
    reader = loader.Reader(root)
    assert [reader.load(name).data for name in ("alias/a.yaml", "alias/b.yaml", "records/a.yaml")] == [
        {"a": 1}, {"b": 2}, {"a": 1}]


def test_dotdot_path_is_refused(tmp_path: Path, root: Path, no_open: None) -> None:
    write(tmp_path, "outside.yaml", "a: 1\n")
    err = load_error(root, "../outside.yaml")
    check_error(err, path="../outside.yaml", rule="SMS010", line=1, column=1, words=("leaves the SMS root", ".."))


def test_dotdot_through_subfolder_is_refused(tmp_path: Path, root: Path, no_open: None) -> None:
    write(tmp_path, "outside.yaml", "a: 1\n")
    (root / "records").mkdir()
    assert load_error(root, "records/../../outside.yaml").rule == "SMS010"


def test_absolute_path_outside_root_is_refused(tmp_path: Path, root: Path, no_open: None) -> None:
    target = write(tmp_path, "outside.yaml", "a: 1\n")
    assert load_error(root, str(target)).rule == "SMS010"


def test_symlink_to_device_is_refused(root: Path, no_open: None) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    (root / "zero.yaml").symlink_to("/dev/zero")
    assert load_error(root, "zero.yaml").rule == "SMS010"


def test_symlink_inside_root_is_refused_too(root: Path, no_open: None) -> None:
    # issue 15 §2: a link inside the repository may point at .git/config, where actions/checkout keeps its token
    write(root, "records/real.yaml", "a: 1\n")
    (root / "alias.yaml").symlink_to(root / "records" / "real.yaml")
    (root / "relative.yaml").symlink_to(Path("records") / "real.yaml")
    for name in ("alias.yaml", "relative.yaml"):
        check_error(load_error(root, name), path=name, rule="SMS010", line=1,
                    words=("symbolic link (to records/real.yaml)", "regular files"))


def test_nothing_under_dot_git_is_read(root: Path, no_open: None) -> None:
    write(root, ".git/config", "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
    check_error(load_error(root, ".git/config"), path=".git/config", rule="SMS010", line=1, words=(".git/",))
    check_error(load_error(root, "policies/../.git/config"), path="policies/../.git/config", rule="SMS010", line=1,
                words=(".git/",))


def test_dotdot_that_stays_inside_root_is_fine(root: Path) -> None:
    write(root, "records/rec.yaml", "a: 1\n")
    (root / "other").mkdir()
    assert load_file(root, "other/../records/rec.yaml").data == {"a": 1}


def test_root_given_through_a_symlink_still_works(tmp_path: Path, root: Path) -> None:
    write(root, "rec.yaml", "a: 1\n")
    (tmp_path / "link-to-root").symlink_to(root, target_is_directory=True)
    assert load_file(tmp_path / "link-to-root", "rec.yaml").data == {"a": 1}


@pytest.fixture
def fifo_maker() -> Any:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs os.mkfifo")
    return os.mkfifo


def test_fifo_is_refused_without_being_opened(root: Path, fifo_maker: Any, alarm: None, no_open: None) -> None:
    fifo_maker(root / "pipe.yaml")
    err = load_error(root, "pipe.yaml")
    check_error(err, path="pipe.yaml", rule="SMS010", line=1, column=1, words=("not a regular file",))


def test_symlink_to_fifo_inside_root_is_refused(root: Path, fifo_maker: Any, alarm: None, no_open: None) -> None:
    fifo_maker(root / "pipe")
    (root / "rec.yaml").symlink_to(root / "pipe")
    check_error(load_error(root, "rec.yaml"), path="rec.yaml", rule="SMS010", line=1, words=("symbolic link",))


@pytest.mark.slow
def test_fifo_in_subprocess_does_not_hang(root: Path, fifo_maker: Any) -> None:
    fifo_maker(root / "pipe.yaml")
    result, elapsed = run_loader_in_subprocess(root, "pipe.yaml")
    assert elapsed < SUBPROCESS_BUDGET_SECONDS
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("SMS010 pipe.yaml:1:1: not a regular file"), result.stdout


def test_directory_is_refused(root: Path) -> None:
    (root / "records").mkdir()
    check_error(load_error(root, "records"), path="records", rule="SMS010", line=1, words=("not a regular file",))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda root: None, id="missing-file"),
        pytest.param(lambda root: (root / "rec.yaml").symlink_to(root / "gone.yaml"), id="broken-symlink"),
        pytest.param(
            lambda root: (
                (root / "rec.yaml").symlink_to(root / "loop.yaml"),
                (root / "loop.yaml").symlink_to(root / "rec.yaml"),
            ),
            id="symlink-loop",
        ),
    ],
)
def test_unreadable_paths_are_refused(root: Path, make: Any) -> None:
    make(root)
    err = load_error(root, "rec.yaml")
    check_error(err, path="rec.yaml", rule="SMS010", line=1, column=1)


# ---------------------------------------------------------------------------------------------------------------------
# syntax errors (SMS001)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("a: [1, 2\n", 2, 1, id="unclosed-flow-sequence"),
        pytest.param("a: 1\nb: [\n", 3, 1, id="unclosed-flow-at-end"),
        pytest.param("a: 1\n b: 2\nc: 3\n", 2, 3, id="bad-indentation"),
        pytest.param("a: 1\n\nb:\n  c: 2\n   d: 3\n", 5, 5, id="bad-indentation-deeper"),
        pytest.param("a: b: c\n", 1, 5, id="mapping-value-in-plain-scalar"),
        pytest.param("a:\n\tb: 1\n", 2, 1, id="tab-indentation"),
        pytest.param('key: "bad \\q escape"\n', 1, 11, id="unknown-escape"),
        pytest.param("a: 'unterminated\n", 2, 1, id="unterminated-quote"),
        pytest.param("a: 1\n- b\n", 2, 1, id="sequence-after-mapping"),
        pytest.param("? [a]\n: 1\n", 1, 3, id="sequence-as-key"),
        pytest.param("{[a]: 1}\n", 1, 2, id="flow-sequence-as-key"),
        pytest.param("? {a: 1}\n: 1\n", 1, 3, id="mapping-as-key"),
        pytest.param("a: @x\n", 1, 4, id="reserved-indicator"),
    ],
)
def test_syntax_errors_are_reported_with_line(text: str, line: int, column: int) -> None:
    err = parse_error(text)
    check_error(err, path="records/rec.yaml", rule="SMS001", line=line, column=column)
    assert err.detail


def test_syntax_error_message_says_what_is_wrong() -> None:
    err = parse_error("a: 1\nb: [1, 2\n")
    assert err.detail == (
        "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence started on line 2)"
    )


def test_complex_key_message() -> None:
    assert "keys must be plain text" in parse_error("? [a]\n: 1\n").detail


def test_surrogate_pair_escape_is_refused_cleanly() -> None:
    # JSON writes U+1F600 as "\ud83d\ude00"; libyaml refuses surrogate escapes (a clean error, not a crash).
    err = parse_error('a: "\\ud83d\\ude00"\n')
    check_error(err, path="records/rec.yaml", rule="SMS001", line=1, words=("escape",))


def test_lone_surrogate_in_text_is_an_input_error() -> None:
    assert parse_error("a: \ud800\n").rule == "SMS009"


# ---------------------------------------------------------------------------------------------------------------------
# properties

json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5),
    max_leaves=40,
)
bmp_text = st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]), max_size=30)
bmp_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | bmp_text,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(bmp_text, children, max_size=5),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(data=bmp_json_values, indent=st.sampled_from([None, 2]))
def test_json_round_trips(data: Any, indent: int | None) -> None:
    """JSON is YAML 1.2: json.dumps (ASCII escapes) then parse gives the data back."""
    assert parse("rec.json", json.dumps(data, indent=indent)).data == data


@settings(max_examples=300, deadline=None)
@given(data=json_values)
def test_json_with_raw_unicode_round_trips_or_is_refused_cleanly(data: Any) -> None:
    """With raw (non-ASCII) text, a few characters YAML forbids must be refused; otherwise the data comes back."""
    text = json.dumps(data, ensure_ascii=False)
    yaml_1_1_breaks = any(char in text for char in "\x85\u2028\u2029")  # refused: see the test above
    result = parse_or_error(text, "rec.json")
    if isinstance(result, InputError):
        assert yaml_1_1_breaks or result.rule == "SMS009", result
    else:
        assert yaml_1_1_breaks or result.data == data


@settings(max_examples=500, deadline=None)
@given(text=st.text())
def test_parse_of_any_text_returns_document_or_input_error(text: str) -> None:
    result = parse_or_error(text)
    assert isinstance(result, Document | InputError)
    if isinstance(result, InputError):
        assert result.rule in ALL_RULES
        assert result.line >= 1
        assert result.column >= 1


YAML_TOKENS = [*"-:[]{}&*!%|>'\"#?,@`~ \n\t\\ab01.<", "---", "...", "\n  ", "<<", "%YAML 1.1", "\u00e9", "\x07"]
yamlish_text = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=yamlish_text)
def test_parse_of_yaml_like_text_returns_document_or_input_error(text: str) -> None:
    result = parse_or_error(text)
    assert isinstance(result, Document | InputError)
    if isinstance(result, InputError):
        assert result.rule in ALL_RULES
        assert 1 <= result.line <= text.count("\n") + 2


@settings(max_examples=200, deadline=None)
@given(content=st.binary(max_size=200))
def test_load_file_of_any_bytes_returns_document_or_input_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write(root, "rec.yaml", content)
        try:
            result: Document | InputError = load_file(root, "rec.yaml")
        except InputError as err:
            result = err
    assert isinstance(result, Document | InputError)
    if isinstance(result, InputError):
        assert result.rule in ALL_RULES


def test_unknown_directive_is_a_directive_finding() -> None:
    err = parse_error("%FOO bar\n---\na: 1\n")
    check_error(err, path="records/rec.yaml", rule="SMS005", line=1, column=5)
    assert "directives are not allowed" in err.detail


def test_an_integer_beyond_pythons_digit_limit_is_a_finding_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text("title: x\nbig: " + "9" * 6000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_file(tmp_path, "big.yaml")
    assert (caught.value.rule, caught.value.line, caught.value.column) == ("SMS001", 2, 6)
    assert "too long to read" in caught.value.detail
