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
