"""shown(): what a CI log or terminal shows of untrusted text, and why nothing in it acts."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest

from sms.core.text import log_safe_json, natural, shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("line\nnext\r", "line\\nnext\\r", id="line-breaks"),
        pytest.param("\x1b[31mred", "\\x1b[31mred", id="terminal-escape"),
        pytest.param("a\u202eb\u2066", "a\\u202eb\\u2066", id="bidi"),
        pytest.param("zero\u200bwidth\u00adsoft\ufeff", "zero\\u200bwidth\\xadsoft\\ufeff", id="invisible"),
        pytest.param("tag\U000e0041", "tag\\U000e0041", id="tag-character"),
        pytest.param("x ##[error]y", "x #\\x23[error]y", id="older-command-syntax"),
        pytest.param("###[", "##\\x23[", id="three-hashes"),
        pytest.param("::error::x", "\\x3a:error::x", id="command-at-line-start"),
        pytest.param(" \u3000::warning::x", " \u3000\\x3a:warning::x", id="command-after-spaces"),
        pytest.param("a ::b:: c", "a ::b:: c", id="colons-mid-line-are-fine"),
        pytest.param("Größe, 50% 👩‍💻", "Größe, 50% 👩\\u200d💻", id="ordinary-text-unchanged-but-joiners"),
        pytest.param("tab\tstays", "tab\tstays", id="tab"),
    ],
)
def test_shown(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_every_format_character_is_shown() -> None:
    """The runner compares culture-sensitively, where format characters (Cf) count for nothing."""
    invisible = [chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"]
    assert [char for char in invisible if shown(char) == char] == []


def test_log_safe_json_keeps_the_value() -> None:
    text = log_safe_json(json.dumps({"message": "a ##[error]b ###["}))
    assert "##[" not in text
    assert json.loads(text) == {"message": "a ##[error]b ###["}


def test_natural_orders_numbers_by_value_and_takes_any_text() -> None:
    assert sorted(["clause 10.1", "clause 4.1", "history[10]", "history[2]"], key=natural) == [
        "clause 4.1", "clause 10.1", "history[2]", "history[10]"]
    # found by fuzzing: '²' is a digit to str.isdigit() but not a number to int(); it crashed every sort
    assert sorted(["x²", "x1", "x٣"], key=natural) == ["x1", "x٣", "x²"]
