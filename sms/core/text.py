"""Small text helpers every layer may use: articles for kind names, dotted field paths, natural sort keys."""

from __future__ import annotations

import re


def a(noun: str) -> str:
    """'a change', 'an incident' — the article for a kind name."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun.replace('_', ' ')}"


def dotted(loc: tuple[str | int, ...]) -> str:
    """('history', 2, 'at') → 'history[2].at'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def natural(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key that orders 'clause 4.1' before 'clause 10.1' and 'history[2]' before 'history[10]'."""
    return tuple((int(part), "") if part.isdecimal() else (-1, part) for part in re.split(r"(\d+)", text))


# C0 and C1 controls, DEL, line and paragraph separators, and every invisible character: the format characters
# (Unicode category Cf: bidi controls, zero-width spaces and joiners, soft hyphen, BOM, tag characters) and the
# other default-ignorable code points (variation selectors, Hangul fillers). Invisible ones must be shown too:
# the Actions runner compares text culture-sensitively, where they count for nothing (`#<ZWSP>#[error]`).
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f"
    "\ufeff\uffa0\ufff0-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}
V1_COMMAND = "##["
"""The runner's older workflow-command syntax, `##[error]text`: it acts on it anywhere in a line."""


def _escape(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else
                                f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


def first_unsafe(text: str) -> str | None:
    """The first control, line-separator, bidi or invisible character of `text`, escaped (`\\x1b`), or None:
    such a character cannot be written into a YAML record and would hide what a title says."""
    match = _UNSAFE.search(text.replace("\t", " "))
    return _escape(match.group()) if match else None


def shown(text: str) -> str:
    """Untrusted text made safe for one line of a terminal or CI log: control, line-separator, bidi and other
    invisible characters appear as visible escapes (\\n, \\x1b, \\u202e), so a value can neither start a new
    line nor send terminal escape sequences; and it cannot be a GitHub workflow command, which the runner reads
    from a line that starts with `::` (after spaces) or holds `##[` anywhere (shown as `\\x3a:` and `#\\x23[`)."""
    out = _UNSAFE.sub(lambda match: _escape(match.group()), text).replace(V1_COMMAND, "#\\x23[")
    body = out.lstrip()
    if body.startswith("::"):  # were it at the start of a line
        out = out[: len(out) - len(body)] + "\\x3a" + body[1:]
    return out


def log_safe_json(text: str) -> str:
    """JSON text that an Actions log may show: `##[` occurs only inside strings, where `#\\u0023[` is the same
    value. (Indented JSON never starts a line with `::`.)"""
    return text.replace(V1_COMMAND, "#\\u0023[")


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (values from sms.yaml and records are untrusted)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
