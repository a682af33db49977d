"""Fuzzing the loader: any text, YAML-like token soup, any bytes and any JSON value either load as JSON-like
data that survives a round trip, or are refused with an InputError under a loading rule, at a line and column
inside the file. Nothing else may escape: no crash, no other exception."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from sms.core.errors import InputError
from sms.store.loader import Document, decode_utf8, parse
from tests.fuzz.conftest import FUZZ

LOADING_RULES = {f"SMS{number:03d}" for number in range(1, 11)}
YAML_TOKENS = [*"-:[]{}&*!%|>'\"#?,@`~ \n\t\r\\ab01.<", "---", "...", "\n  ", "\n- ", ": ", "? ", "<<", "%YAML 1.2",
               "%TAG ! x", "0x", "0o", "1e9", ".inf", ".nan", "null", "true", "no", "|+", ">-", "\u00e9", "\x07",
               "\ufeff", "\u2028", '"\\u', "'"]
yamlish = st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=3), max_size=80).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5),
    max_leaves=30,
)


_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def as_yaml(data: Any) -> str:
    """JSON text YAML 1.2 reads back: raw non-ASCII (libyaml refuses surrogate-pair escapes), but escaped where
    YAML forbids the raw character."""
    return _NOT_PRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(data, ensure_ascii=False))


def load(text: str) -> Document | InputError:
    try:
        return parse("rec.yaml", text)
    except InputError as error:
        return error


def plain_json(data: Any) -> bool:
    """Only what JSON holds: str keys, finite numbers (NaN and infinities are YAML's own)."""
    if isinstance(data, dict):
        return all(isinstance(key, str) for key in data) and all(plain_json(value) for value in data.values())
    if isinstance(data, list):
        return all(plain_json(item) for item in data)
    if isinstance(data, float):
        return math.isfinite(data)
    return data is None or isinstance(data, str | int | bool)


def check(text: str, result: Document | InputError) -> None:
    if isinstance(result, InputError):
        assert result.rule in LOADING_RULES
        assert 1 <= result.line <= len(re.split(r"\r\n|\r|\n", text)) + 1
        assert result.column >= 1
        assert str(result).startswith(f"rec.yaml:{result.line}:{result.column}: ")
        return
    lines = len(re.split(r"\r\n|\r|\n", text))
    assert all(1 <= line <= lines + 1 and column >= 1 for line, column in result.positions.values())
    if plain_json(result.data):  # what loads comes back the same through JSON, which is YAML 1.2
        again = parse("rec.json", as_yaml(result.data))
        assert again.data == result.data


@FUZZ
@given(text=st.text())
@example(text="a: 0x" + "f" * 4000)  # found by fuzzing: a hex integer too long to print crashed json.dumps
def test_any_text(text: str) -> None:
    check(text, load(text))


@FUZZ
@given(text=yamlish)
@example(text="[?x]")
@example(text="- |+\n   ")
def test_yaml_like_text(text: str) -> None:
    check(text, load(text))


@FUZZ
@given(raw=st.binary(max_size=300))
def test_any_bytes(raw: bytes) -> None:
    try:
        text = decode_utf8("rec.yaml", raw)
    except InputError as error:
        assert error.rule == "SMS009"
        return
    check(text, load(text))


@FUZZ
@given(data=json_values, ascii_only=st.booleans(), indent=st.sampled_from([None, 1, 4]))
def test_json_values_round_trip(data: Any, ascii_only: bool, indent: int | None) -> None:
    """JSON is YAML 1.2: any JSON value comes back equal, unless its text holds a character YAML refuses raw
    (SMS009), an escaped surrogate pair, which libyaml refuses, or a key over YAML's 1,024 characters (SMS001)."""
    text = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    result = load(text)
    if isinstance(result, InputError) and result.rule == "SMS001" and any(
            len(json.dumps(key, ensure_ascii=ascii_only)) > 1024 for key in _keys(data)):
        return
    if isinstance(result, InputError):
        if ascii_only:
            assert result.rule == "SMS001" and "escape" in result.detail, result
            assert re.search(r"\\ud[89ab]", text)
        else:
            assert result.rule == "SMS009", result
        return
    assert result.data == data
    assert all(type(key) is str for key in (result.data if isinstance(result.data, dict) else {}))


def _keys(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [*data, *(key for value in data.values() for key in _keys(value))]
    return [key for item in data for key in _keys(item)] if isinstance(data, list) else []


def test_a_hex_or_octal_integer_too_long_to_print_is_a_finding_at_its_place() -> None:
    for literal in ("0x" + "f" * 4000, "0o" + "7" * 5000):
        result = load(f"title: x\nbig: {literal}\n")
        assert isinstance(result, InputError)
        assert (result.rule, result.line, result.column) == ("SMS001", 2, 6)
        assert "too long to read" in result.detail
    assert load("big: 0x" + "f" * 3000 + "\n").data == {"big": int("f" * 3000, 16)}  # type: ignore[union-attr]
