"""Which fields of a record hold Markdown, fixed words (enums), timestamps or days, found once by reading the models'
annotations (like refs.py does for references), and how a field name or a fixed word reads as a label."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any, Union

from pydantic import AwareDatetime, BaseModel

from sms.models.common import MarkdownText
from sms.models.refs import reference_paths

Pattern = tuple[str | None, ...]  # field names; None stands for "every item of a list"
LABELS = {"ci": "CI", "cis": "CIs", "sla": "SLA", "slas": "SLAs", "kpi": "KPI", "kpis": "KPIs", "rto": "RTO",
          "rpo": "RPO", "email": "E-mail", "id": "Id"}


def _is_markdown(annotation: Any, metadata: tuple[Any, ...]) -> bool:
    return any(isinstance(meta, MarkdownText) for meta in metadata)


def _is_enum(annotation: Any, metadata: tuple[Any, ...]) -> bool:
    return typing.get_origin(annotation) is typing.Literal


def _is_timestamp(annotation: Any, metadata: tuple[Any, ...]) -> bool:
    return annotation is datetime or annotation is AwareDatetime


def _is_date(annotation: Any, metadata: tuple[Any, ...]) -> bool:
    return annotation is date


Leaf = Callable[[Any, tuple[Any, ...]], bool]


@cache
def _patterns(model: type[BaseModel], leaf: Leaf) -> frozenset[Pattern]:
    found: set[Pattern] = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        if leaf(info.annotation, tuple(info.metadata)):
            found.add((key,))
        found.update((key, *sub) for sub in _walk(info.annotation, leaf))
    return frozenset(found)


def markdown_patterns(model: type[BaseModel]) -> frozenset[Pattern]:
    """Every path pattern in `model` whose value is Markdown (annotated with MarkdownText)."""
    return _patterns(model, _is_markdown)


def enum_patterns(model: type[BaseModel]) -> frozenset[Pattern]:
    """Every path pattern in `model` whose value is one of a fixed set of words (a Literal)."""
    return _patterns(model, _is_enum)


def timestamp_patterns(model: type[BaseModel]) -> frozenset[Pattern]:
    """Every path pattern in `model` whose value is a timestamp."""
    return _patterns(model, _is_timestamp)


def date_patterns(model: type[BaseModel]) -> frozenset[Pattern]:
    """Every path pattern in `model` whose value is a calendar day."""
    return _patterns(model, _is_date)


def _walk(annotation: Any, leaf: Leaf) -> Iterator[Pattern]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        if leaf(base, tuple(meta)):
            yield ()
        yield from _walk(base, leaf)
    elif origin in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if leaf(arg, ()):
                yield ()
            yield from _walk(arg, leaf)
    elif origin is list:
        item = typing.get_args(annotation)[0]
        if leaf(item, ()):
            yield (None,)
        for sub in _walk(item, leaf):
            yield (None, *sub)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _patterns(annotation, leaf)


TIMESTAMP, DATE, ENUM = "timestamp", "date", "enum"


@cache
def text_forms(model: type[BaseModel]) -> dict[tuple[object, ...], str]:
    """Each path pattern of `model` whose text value reads as a timestamp, a day or a fixed word, by which of
    them (a pattern in several: the first of these three): one look-up per field of every record."""
    found: dict[tuple[object, ...], str] = {pattern: ENUM for pattern in enum_patterns(model)}
    found.update(dict.fromkeys(date_patterns(model), DATE))
    found.update(dict.fromkeys(timestamp_patterns(model), TIMESTAMP))
    return found


@cache
def reference_patterns(model: type[BaseModel]) -> frozenset[tuple[str | None, ...]]:
    """Every path pattern in `model` whose value names another record (refs.reference_paths, without the kinds):
    asked for every register cell and month page entry."""
    return frozenset(pattern for pattern, _ in reference_paths(model))


def shape(path: tuple[object, ...]) -> tuple[object, ...]:
    """A concrete path (names and list indices) as a pattern names it, list indices as None: a path fits
    exactly the patterns equal to its shape, so `shape(path) in patterns` asks whether it fits any of them."""
    return tuple(None if isinstance(part, int) else part for part in path)


@lru_cache(maxsize=4096)  # field names: a few hundred, asked for on every record
def label(name: str) -> str:
    """'approved_by' → 'Approved by'; 'rto_minutes' → 'RTO minutes'."""
    words = [LABELS.get(word, word) for word in name.split("_")]
    first = words[0]
    return " ".join([first if first.isupper() or first in LABELS.values() else first.capitalize(), *words[1:]])


#: Words whose label is not just the word with spaces (the rest: `label_value` derives them).
VALUE_LABELS = {"sms/v1": "sms/v1", "percent": "%", "higher_is_better": "higher is better",
                "lower_is_better": "lower is better"}


@lru_cache(maxsize=4096)  # fixed words (statuses, priorities): a few hundred, asked for on every record
def label_value(value: str) -> str:
    """A fixed word as people read it: 'action_planned' → 'action planned', 'known_error' → 'known error',
    'sla' → 'SLA', 'error_rate' → 'error rate'."""
    if value in VALUE_LABELS:
        return VALUE_LABELS[value]
    return " ".join(LABELS.get(word, word) for word in value.split("_"))
