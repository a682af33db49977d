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
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text))


# C0 and C1 controls, DEL, line and paragraph separators, and the bidi controls that reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def shown(text: str) -> str:
    """Untrusted text made safe for one line of a terminal or CI log: control, line-separator and bidi
    characters appear as visible escapes (\\n, \\x1b, \\u202e), so a value can neither start a new line (a
    GitHub workflow command such as ::error) nor send terminal escape sequences."""
    return _UNSAFE.sub(lambda match: _NAMED.get(match.group()) or (
        f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}"), text)
