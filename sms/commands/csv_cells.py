"""Reading a spreadsheet register for `sms import csv`: the CSV file itself (UTF-8, with or without the BOM
Excel writes), which column feeds which field of the model, and each cell as the value that field takes."""

from __future__ import annotations

import codecs
import csv
import io
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel

from sms.core.errors import InputError, UsageError

LIST_SEPARATOR = ";"
SET_BY_SMS = ("apiVersion", "kind")
_INT = re.compile(r"^[-+]?[0-9]+$")
_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


@dataclass(frozen=True)
class Row:
    """One record's row: the CSV line it starts on and its cells by column header."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Bad:
    """A problem with one cell (or, at line 1, with a column): printed as FILE:line:column: message."""

    line: int
    column: str
    message: str


def read_rows(path: Path, name: str) -> tuple[list[str], list[Row]]:
    """The header and the non-empty rows of the CSV at `path` (`name` is how errors call it)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror}") from exc
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(name, 1, "the file is UTF-16, not UTF-8", hint="save the spreadsheet as 'CSV UTF-8'")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(name, line, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); perhaps Windows-1252 or Latin-1",
                         hint="save the spreadsheet as 'CSV UTF-8' and import that file") from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader, [])]
        if not any(header):
            raise InputError(name, 1, "no header row: the first line must name the columns")
        if len(header) == 1 and LIST_SEPARATOR in header[0]:
            raise InputError(name, 1, "the columns are separated by ';', not ','",
                             hint="export the spreadsheet as comma-separated CSV (CSV UTF-8)")
        doubled = sorted({column for column in header if header.count(column) > 1})
        if doubled:
            raise InputError(name, 1, f"column(s) named twice: {', '.join(doubled)}")
        rows: list[Row] = []
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) > len(header):
                    raise InputError(name, start, f"{len(cells)} cells, but the header names {len(header)} columns",
                                     hint="quote cells that contain commas")
                rows.append(Row(start, {column: cell for column, cell in zip(header, cells, strict=False)}))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(name, reader.line_num or 1, f"not a readable CSV file: {exc}") from exc
    return header, rows


def field_annotation(model: type[BaseModel], path: tuple[str, ...]) -> Any:
    """The annotation of the field at dotted `path` in `model` (by YAML names); None if there is none."""
    current: Any = model
    annotation: Any = None
    for part in path:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        match = [info for name, info in current.model_fields.items() if (info.alias or name) == part]
        if not match:
            return None
        annotation = match[0].annotation
        current = plain_annotation(annotation)
    return annotation


def plain_annotation(annotation: Any) -> Any:
    """`annotation` without Annotated metadata and without `| None`."""
    while True:
        if typing.get_origin(annotation) is Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
            continue
        return annotation


def column_problem(annotation: Any) -> str | None:
    """Why a column cannot feed a field of this type, or None when it can."""
    bare = plain_annotation(annotation)
    if typing.get_origin(bare) is dict:
        return "is a mapping; a CSV cell cannot fill it"
    item = typing.get_args(bare)[0] if typing.get_origin(bare) is list else bare
    if isinstance(plain_annotation(item), type) and issubclass(plain_annotation(item), BaseModel):
        return "is a block of fields; map columns to its fields instead (e.g. FIELD.SUBFIELD)"
    return None


def cell_value(cell: str, annotation: Any) -> Any:
    """A cell as the JSON-like value the field takes: lists split on ';', numbers and booleans parsed where they
    parse (what does not is left as text for the model to reject with its own message), the rest as text."""
    bare = plain_annotation(annotation)
    if typing.get_origin(bare) is list:
        item = typing.get_args(bare)[0]
        return [cell_value(part, item) for part in cell.split(LIST_SEPARATOR) if part.strip()]
    text = cell.strip()
    if bare is bool:
        lowered = text.lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    if bare is int and _INT.match(text):
        return int(text)
    if bare is float:
        try:
            number = float(text)
        except ValueError:
            return text
        return number if number == number and abs(number) != float("inf") else text
    return text  # text, dates, timestamps and choices: the model checks them
