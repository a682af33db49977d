"""Where each model holds references to other records, found once by reading the type annotations."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, Union

from pydantic import BaseModel

from sms.models.common import Ref

Segment = str | None  # a field name, or None for "every item of a list"
RefPath = tuple[tuple[Segment, ...], tuple[str, ...]]


@cache
def reference_paths(model: type[BaseModel]) -> tuple[RefPath, ...]:
    """Every (path pattern, target kinds) in `model`; a None segment stands for each list item."""
    found: list[RefPath] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        for meta in info.metadata:
            if isinstance(meta, Ref):
                found.append(((key,), meta.kinds))
        for sub, kinds in _walk(info.annotation):
            found.append(((key, *sub), kinds))
    return tuple(found)


def _walk(annotation: Any) -> Iterator[RefPath]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        for item in meta:
            if isinstance(item, Ref):
                yield (), item.kinds
        yield from _walk(base)
    elif origin in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _walk(arg)
    elif origin is list:
        for sub, kinds in _walk(typing.get_args(annotation)[0]):
            yield (None, *sub), kinds
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from reference_paths(annotation)


def references(model: type[BaseModel], data: Any) -> Iterator[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
    """Each reference in raw record `data`: (its path in the data, the id it names, the kinds it may name)."""
    if not isinstance(data, dict):
        return
    for pattern, kinds in reference_paths(model):
        if pattern[0] not in data:  # most fields that may refer are absent: skip them before any generator starts
            continue
        for path, value in _follow(data, pattern, ()):
            if isinstance(value, str):
                yield path, value, kinds


def _follow(data: Any, pattern: tuple[Segment, ...], path: tuple[str | int, ...]) -> Iterator[
        tuple[tuple[str | int, ...], Any]]:
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head is None:
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _follow(item, rest, (*path, index))
    elif isinstance(data, dict) and head in data:
        yield from _follow(data[head], rest, (*path, head))
