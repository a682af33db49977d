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
FoundRef = tuple[tuple[str | int, ...], str, tuple[str, ...]]  # (path in the data, the id named, kinds it may name)


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


def references(model: type[BaseModel], data: Any) -> Iterator[FoundRef]:
    """Each reference in raw record `data`: (its path in the data, the id it names, the kinds it may name)."""
    if not isinstance(data, dict):
        return
    for pattern, kinds in reference_paths(model):
        head = pattern[0]
        if head is None or head not in data:  # most fields that may refer are absent: skip them first
            continue
        if len(pattern) == 1:  # a plain field (owner, author...): the most common reference by far
            value = data[head]
            if isinstance(value, str):
                yield _shared((head,)), value, kinds
            continue
        for path, value in _follow(data[head], pattern, (head,)):
            if isinstance(value, str):
                yield _shared(path), value, kinds


_PATHS: dict[tuple[str | int, ...], tuple[str | int, ...]] = {}


def _shared(path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """One tuple per distinct path (`("owner",)`, `("links", "services", 0)`...): records keep their references,
    and 800,000 references of 100,000 records name a few hundred paths."""
    return _PATHS.setdefault(path, path)


def _follow(data: Any, pattern: tuple[Segment, ...], path: tuple[str | int, ...]) -> list[
        tuple[tuple[str | int, ...], Any]]:
    """What `pattern` (after its first segment, already taken to `data` at `path`) reaches, in document order:
    one level at a time rather than a generator per step, as this runs over every field of every record."""
    found: list[tuple[tuple[str | int, ...], Any]] = [(path, data)]
    for segment in pattern[1:]:
        if segment is None:
            found = [((*at, index), item) for at, value in found if isinstance(value, list)
                     for index, item in enumerate(value)]
        else:
            found = [((*at, segment), value[segment]) for at, value in found
                     if isinstance(value, dict) and segment in value]
        if not found:
            break
    return found
