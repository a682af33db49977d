"""Schema errors in people's words: "owner must be a role id such as change-manager (lowercase letters, digits,
hyphens)", not "String should match pattern '^[a-z]…'".

The wording comes from the types, never from per-field code: the `Shape` each constrained type in
`sms.models.common` carries (noun, example, rule), the `Ref` of a reference (which kind it names), the values of
a `Literal`, and a small table for plain types (dates, timestamps, numbers, booleans). `field_type` finds the
annotation a pydantic error is about by walking the model along the error's location.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, Union

from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from sms.core.text import a, dotted
from sms.models import KINDS, SLUG_KINDS
from sms.models.common import ID_RULE, SLUG_RULE, Hint, Ref, Shape
from sms.models.docstrings import documented

Loc = tuple[str | int, ...]
STAMP = "YYYY-MM-DDTHH:MM:SS with Z or an offset such as +01:00"
PLAIN: dict[Any, Shape] = {
    AwareDatetime: Shape("a timestamp with a time zone", "2026-03-02T09:30:00Z", STAMP),
    datetime: Shape("a timestamp", "2026-03-02T09:30:00Z", STAMP),
    date: Shape("a date", "2026-03-02", "YYYY-MM-DD"),
    bool: Shape("true or false"),
    int: Shape("a whole number"),
    float: Shape("a number"),
    str: Shape("text"),
}
SLUG_EXAMPLES = {"role": "change-manager", "person": "j-doe"}
MAX_SHOWN = 60


@dataclass(frozen=True)
class FieldType:
    """The type at one place of a model: its bare annotation, the metadata of the Annotated layers around it,
    and the pydantic field it belongs to (for its description)."""

    annotation: Any
    metadata: tuple[Any, ...] = ()
    info: FieldInfo | None = None


def _unwrap(annotation: Any, metadata: tuple[Any, ...]) -> tuple[Any, tuple[Any, ...]]:
    """Peel Annotated layers (keeping their metadata) and `X | None` down to the type itself."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *meta = typing.get_args(annotation)
            annotation, metadata = base, (*metadata, *meta)
        elif origin in (Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation, metadata
            annotation = options[0]
        else:
            return annotation, metadata


def field_type(model: type[BaseModel], loc: Loc, *, key: bool = False) -> FieldType | None:
    """The type at `loc` in `model` (a dict's key type when `key`), or None where the walk loses the way."""
    current = FieldType(model)
    for index, part in enumerate(loc):
        annotation, metadata = _unwrap(current.annotation, current.metadata)
        origin = typing.get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(part, str):
            info = next((f for name, f in annotation.model_fields.items() if part in (name, f.alias)), None)
            if info is None:
                return None
            current = FieldType(info.annotation, tuple(info.metadata), info)
        elif origin in (list, tuple, set, frozenset) and isinstance(part, int):
            current = FieldType(typing.get_args(annotation)[0], (), current.info)
        elif origin is dict and isinstance(part, str):
            at_key = key and index == len(loc) - 1
            current = FieldType(typing.get_args(annotation)[0 if at_key else 1], (), current.info)
        else:
            return None
    annotation, metadata = _unwrap(current.annotation, current.metadata)
    return FieldType(annotation, metadata, current.info)


def shape(found: FieldType) -> Shape | None:
    """What a value of this type looks like: a reference names its kind; else the type's own Shape, or the
    plain type's."""
    own = next((meta for meta in reversed(found.metadata) if isinstance(meta, Shape)), None)
    ref = next((meta for meta in found.metadata if isinstance(meta, Ref)), None)
    if ref is not None:
        kind = ref.kinds[0]
        noun = f"{a(kind)} id" if len(ref.kinds) == 1 else "a controlled document id"
        example = SLUG_EXAMPLES.get(kind) or (f"{KINDS[kind].PREFIX}-0001" if kind in KINDS else "")
        rule = own.rule if own else (SLUG_RULE if kind in SLUG_KINDS else ID_RULE)
        return Shape(noun, example, rule)
    if own is not None:
        return own
    return PLAIN.get(found.annotation)


def got(value: Any) -> str:
    """A value as the user wrote it, short: 'text' in quotes, numbers and booleans as YAML has them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null (nothing)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    text = text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


def _must_be(where: str, form: Shape, *, with_rule: bool) -> str:
    text = f"{where} must be {form.noun}"
    if form.example:
        text += f" such as {form.example}"
    if with_rule and form.rule:
        text += f" ({form.rule})"
    return text


def _first_sentence(text: str | None) -> str | None:
    if not text:
        return None
    head = " ".join(text.split()).split(". ")[0].rstrip(".")
    return head + "." if head else None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def literal_values(annotation: Any) -> list[str] | None:
    if typing.get_origin(annotation) is Literal:
        return [str(value) for value in typing.get_args(annotation)]
    return None


def phrase(error: ErrorDetails, loc: Loc, found: FieldType | None) -> tuple[str, str | None] | None:
    """(message, hint) for a pydantic error at `loc` of a value of type `found`; None when this module has no
    better words than pydantic's (the caller keeps those). A field's own `Hint` (a field whose meaning
    changed) replaces the hint, since it says what to change."""
    worded = _phrase(error, loc, found)
    own = next((meta for meta in found.metadata if isinstance(meta, Hint)), None) if found else None
    if worded is None or own is None or error["type"] == "missing":
        return worded
    return worded[0], own.text


def _phrase(error: ErrorDetails, loc: Loc, found: FieldType | None) -> tuple[str, str | None] | None:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    where = dotted(loc)
    if kind == "missing":
        parent = loc[:-1]
        message = f"missing required field '{loc[-1]}'" + (f" in {dotted(parent)}" if parent else "")
        documented()
        return message, _first_sentence(found.info.description if found and found.info else None)
    values = literal_values(found.annotation) if found else None
    if kind == "literal_error" and values:
        close = difflib.get_close_matches(str(value), values, n=1)
        return (f"{where} must be one of: {', '.join(values)} (got {got(value)})",
                f"did you mean '{close[0]}'?" if close else None)
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return f"{where} must not be empty", None
    if kind == "string_too_long":
        return f"{where} must be at most {ctx.get('max_length')} characters (got {len(str(value))})", None
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where or 'the record'} must be a mapping of key: value lines (got {got(value)})", None
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"{where} must be a list, e.g. [a, b] or lines starting with '- ' (got {got(value)})", None
    form = shape(found) if found else None
    bounds = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than",
              "less_than": "less than"}
    if kind in bounds and (form is None or form is PLAIN.get(found.annotation if found else None)):
        limit = next(iter(ctx.values()), "?")  # the type says nothing more specific than its bound
        return f"{where} must be {bounds[kind]} {limit} (got {got(value)})", None
    if form is None:
        return None
    if kind == "string_pattern_mismatch":
        return _must_be(where, form, with_rule=True), None
    detail = str(ctx["error"]) if "error" in ctx else ""
    message = f"{_must_be(where, form, with_rule=False)} (got {got(value)}{': ' + detail if detail else ''})"
    if kind in ("timezone_aware", "date_from_datetime_parsing", "datetime_from_date_parsing", "date_parsing",
                "datetime_parsing", "date_type", "datetime_type", "date_from_datetime_inexact"):
        return message, f"write it as {form.rule}" if form.rule else None
    if kind in ("int_type", "float_type") and isinstance(value, str) and _is_number(value):
        return message, "write the number without quotes"
    if kind in (*bounds, "int_type", "int_parsing", "int_from_float", "float_type", "float_parsing", "bool_type",
                "string_type", "finite_number"):
        return message, None
    return None
