"""A record's required fields filled with placeholders, read from its model: what `sms new` writes for a kind
the kinds table gives no template, so a kind added to the table can be created the day it is added.

Text becomes `TODO: …` (from the field's description, so SMS114 points at it until someone writes it); a
choice takes its first allowed value, a value of a fixed form the example of its type; a reference names a
record of the right kind that exists (the person raising it, the owner role, else the first such record);
dates are today, or a year on for fields that name a date ahead (due, review, end); numbers the middle of
their range. Optional fields are left out. `sms new --set FIELD=VALUE` gives any of them a real value.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

import annotated_types
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml.comments import CommentedSeq

from sms.core.errors import UsageError
from sms.models.common import CLAUSE_PATTERN, Ref, Shape
from sms.models.docstrings import documented

# Date fields that name a day ahead (a due date, a review, an end): a year from today rather than today.
_AHEAD = re.compile(r"(^|_)(due|review|next|until|ends?|expires?|planned)(_|$)")
# Where a description stops being the short phrase a TODO needs.
_PHRASE_END = re.compile(r"[.;(]|, e\.g\.| — ")


@dataclass(frozen=True)
class Filler:
    """What placeholders depend on: today, now, a year on, and how to find a record of some kinds."""

    today: date
    now: str  # a timestamp, as written in history entries
    ahead: date
    reference: Callable[[tuple[str, ...], str], str]  # (kinds, field path) -> an existing id


def required_fields(model: type[BaseModel], fill: Filler, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every required field of `model` (by YAML name) but those in `skip`, with a placeholder value."""
    documented()
    return {info.alias or name: _field(info, info.alias or name, fill)
            for name, info in model.model_fields.items()
            if info.is_required() and (info.alias or name) not in skip}


def _field(info: FieldInfo, name: str, fill: Filler) -> Any:
    return _value(info.annotation, list(info.metadata), name, info.description or name.replace("_", " "), fill)


def _value(annotation: Any, metadata: list[Any], name: str, description: str, fill: Filler) -> Any:
    while True:  # unwrap Annotated[...] (collecting its metadata) and `X | None`
        if typing.get_origin(annotation) is Annotated:
            annotation, *more = typing.get_args(annotation)
            metadata = [*metadata, *more]
            continue
        arms = [arm for arm in typing.get_args(annotation) if arm is not type(None)]
        if typing.get_origin(annotation) in (typing.Union, types.UnionType) and arms:
            annotation = arms[0]
            continue
        break
    refs = [meta for meta in metadata if isinstance(meta, Ref)]
    if refs:
        return fill.reference(refs[0].kinds, name)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return typing.get_args(annotation)[0]
    if origin is list:
        least = max((meta.min_length for meta in metadata if isinstance(meta, annotated_types.MinLen)), default=0)
        item = typing.get_args(annotation)[0]
        items = CommentedSeq(_value(item, [], name, description, fill) for _ in range(least))
        if all(isinstance(value, str) and not value.startswith("TODO") for value in items):
            items.fa.set_flow_style()  # ids and clause numbers on one line, as people write them
        return items
    if origin is dict:
        return {}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return required_fields(annotation, fill)
    if annotation is bool:
        return False
    if annotation in (int, float):
        return _number(metadata)
    if annotation is AwareDatetime or annotation is datetime:
        return fill.now
    if annotation is date:
        return fill.ahead if _AHEAD.search(name) else fill.today
    if annotation is str:
        return _text(metadata, name, description)
    raise UsageError(f"sms new cannot fill '{name}' ({annotation}); copy an existing record instead")


def _number(metadata: list[Any]) -> int | float:
    low: Any = next((meta.ge for meta in metadata if isinstance(meta, annotated_types.Ge)), None)
    high: Any = next((meta.le for meta in metadata if isinstance(meta, annotated_types.Le)), None)
    value = (low + high) // 2 if low is not None and high is not None else low if low is not None else 0
    return int(value) if value == int(value) else float(value)  # 95, not 95.0: JSON mode takes an int for a float


def _text(metadata: list[Any], name: str, description: str) -> str:
    patterns = [getattr(meta, "pattern", None) for meta in metadata]
    if CLAUSE_PATTERN in patterns:
        return "4"  # a clause number cannot say TODO; the broadest clause stands until someone picks one
    pattern = next((p for p in patterns if p), None)
    if pattern is not None:  # a fixed form: the example its Shape gives, when that example fits
        examples = [meta.example.strip("'") for meta in metadata if isinstance(meta, Shape)]
        fitting = [example for example in examples if re.fullmatch(pattern, example)]
        if not fitting:
            raise UsageError(f"sms new cannot fill '{name}', which has a fixed form; pass it with --set {name}=…")
        return fitting[0]
    phrase = _PHRASE_END.split(description, maxsplit=1)[0].strip()
    phrase = phrase[:1].lower() + phrase[1:] if phrase[1:2].islower() else phrase
    return f"TODO: {phrase or name.replace('_', ' ')}"
