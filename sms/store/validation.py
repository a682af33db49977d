"""Raw YAML data → typed record, with every schema error placed on the line of the field it is about."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticSerializationError, to_json

from sms.core.text import dotted
from sms.models import API_VERSION, KINDS, Record
from sms.store.loader import Document
from sms.store.wording import field_type, phrase


@dataclass(frozen=True)
class SchemaProblem:
    """One reason a record does not match its schema."""

    rule: str
    message: str
    line: int
    column: int
    hint: str | None = None


def envelope_problems(doc: Document) -> Iterator[SchemaProblem]:
    """SMS011: the file must be a mapping with apiVersion sms/v1 and a known kind."""
    data = doc.data
    if not isinstance(data, dict):
        line, column = doc.position(())
        yield SchemaProblem("SMS011", "a record must be a YAML mapping (key: value lines)", line, column)
        return
    # positions only for what is reported: asking for one parses the file again (sms.store.loader.Document)
    if "apiVersion" not in data:
        yield SchemaProblem("SMS011", "missing 'apiVersion: sms/v1'", *doc.position(()))
    elif data["apiVersion"] != API_VERSION:
        yield SchemaProblem("SMS011", f"apiVersion must be '{API_VERSION}', not '{data['apiVersion']}'",
                            *doc.position(("apiVersion",)))
    kind = data.get("kind")
    if "kind" not in data:
        yield SchemaProblem("SMS011", "missing 'kind'", *doc.position(()), hint=f"one of: {', '.join(sorted(KINDS))}")
    elif not isinstance(kind, str) or kind not in KINDS:
        close = difflib.get_close_matches(str(kind), KINDS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"one of: {', '.join(sorted(KINDS))}"
        yield SchemaProblem("SMS011", f"unknown kind '{kind}'", *doc.position(("kind",)), hint=hint)


def validate(doc: Document, model: type[Record]) -> tuple[Record | None, list[SchemaProblem]]:
    """Validate in pydantic's strict JSON mode (dates from ISO strings; no 'no' → False)."""
    try:
        record = model.model_validate_json(_json(doc.data))
    except ValidationError as exc:
        return None, [_problem(doc, model, error) for error in exc.errors(include_url=False)]
    _share_fields_sets(record)
    return record, []


def _json(data: Any) -> bytes | str:
    """The loaded data as JSON, NaN and Infinity written as json.dumps(allow_nan=True) writes them: by
    pydantic-core's serializer (three times as fast), or by json.dumps for what it refuses (a lone surrogate)."""
    try:
        return to_json(data, inf_nan_mode="constants")
    except (ValueError, PydanticSerializationError):
        return json.dumps(data, allow_nan=True)


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def _share_fields_sets(value: Any) -> None:
    """Give every model inside a record the one shared set of the field names it was given, instead of a set of
    its own: a set is 216 bytes, and a record's history holds a model per entry (a third of a loaded record's
    memory). Records are frozen, so nothing adds to the set; model_copy copies it before it updates it."""
    if isinstance(value, BaseModel):
        names = value.__pydantic_fields_set__
        object.__setattr__(value, "__pydantic_fields_set__", _FIELDS_SETS.setdefault(frozenset(names), names))
        for item in value.__dict__.values():  # a model's fields, and only them (extras and private attributes
            if isinstance(item, (BaseModel, list)):  # are kept elsewhere); scalars need no call
                _share_fields_sets(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, BaseModel):
                _share_fields_sets(item)


def _problem(doc: Document, model: type[Record], error: ErrorDetails) -> SchemaProblem:
    key = any(part == "[key]" for part in error["loc"])  # pydantic marks a bad mapping key with a '[key]' part
    loc = _data_loc(doc.data, error["loc"])
    kind = error["type"]
    if kind == "missing":
        line, column = doc.position(loc[:-1])  # the parent mapping; for a top-level field, the record's first key
    else:
        line, column = doc.position(loc)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else (f"allowed here: {', '.join(allowed)}" if allowed else None)
        return SchemaProblem("SMS012", f"unknown field '{dotted(loc)}'", line, column, hint)
    worded = phrase(error, loc, field_type(model, loc, key=key))
    message, hint = worded if worded else (f"{dotted(loc)}: {error['msg'].removeprefix('Value error, ')}", None)
    if kind == "string_type" and isinstance(error.get("input"), (int, float, bool)):
        hint = "put the value in quotes, e.g. '1.0'"
    if kind == "bool_type" and isinstance(error.get("input"), str):
        hint = "YAML 1.2 booleans are true and false; yes, no, on and off are text"
    return SchemaProblem("SMS012", message, line, column, hint)


def _data_loc(data: Any, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """pydantic's loc as a path into the data: without the validator names it inserts for some unions (e.g.
    'function-after[...]'), which are never keys of the data — an unknown key may well hold brackets."""
    path: list[int | str] = []
    current = data
    for part in loc:
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_list or (isinstance(current, dict) and part in current):
            current = current[part]
        elif isinstance(part, str) and "[" in part:
            continue
        else:
            current = None
        path.append(part)
    return tuple(path)


def _allowed_keys(model: type[Record], loc: tuple[str | int, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _model_in(annotation: Any) -> Any:
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
