"""Which fields of a record hold Markdown, found once by reading the models' annotations (like refs.py does
for references), and how a field name reads as a label."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, Union

from pydantic import BaseModel

from sms.models.common import MarkdownText

Pattern = tuple[str | None, ...]  # field names; None stands for "every item of a list"
LABELS = {"ci": "CI", "cis": "CIs", "sla": "SLA", "slas": "SLAs", "kpi": "KPI", "kpis": "KPIs", "rto": "RTO",
          "rpo": "RPO", "email": "E-mail", "id": "Id"}


@cache
def markdown_patterns(model: type[BaseModel]) -> frozenset[Pattern]:
    """Every path pattern in `model` whose value is Markdown (annotated with MarkdownText)."""
    found: set[Pattern] = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        if any(isinstance(meta, MarkdownText) for meta in info.metadata):
            found.add((key,))
        found.update((key, *sub) for sub in _walk(info.annotation))
    return frozenset(found)


def _walk(annotation: Any) -> Iterator[Pattern]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        if any(isinstance(item, MarkdownText) for item in meta):
            yield ()
        yield from _walk(base)
    elif origin in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _walk(arg)
    elif origin is list:
        for sub in _walk(typing.get_args(annotation)[0]):
            yield (None, *sub)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from markdown_patterns(annotation)


def matches(pattern: Pattern, path: tuple[str | int, ...]) -> bool:
    """Whether a concrete path (names and list indices) fits a pattern."""
    return len(pattern) == len(path) and all(
        (isinstance(part, int) if want is None else part == want) for want, part in zip(pattern, path, strict=True))


def label(name: str) -> str:
    """'approved_by' → 'Approved by'; 'rto_minutes' → 'RTO minutes'."""
    words = [LABELS.get(word, word) for word in name.split("_")]
    first = words[0]
    return " ".join([first if first.isupper() or first in LABELS.values() else first.capitalize(), *words[1:]])
