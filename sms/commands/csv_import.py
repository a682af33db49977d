"""`sms import csv KIND FILE`: a spreadsheet register (risks, configuration items, services, people) brought in
as records.

Every row is validated through the kind's model, and every reference in it must name a record of the right
kind in this SMS; each bad cell is reported as FILE:line:column. Only when every row is good are the records
written — with fresh ids, allocated as `sms new` allocates them, in the canonical layout (`sms fmt`), all
together or none. What a row does not say is filled in the way `sms new` would: the owner from sms.yaml's
default_owners, a lifecycle record's history from the initial status to the row's status (stamped now, by
--by, noting the file and line), a controlled document as a draft version 0.1 written by --by.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedSeq

from sms.analysis.lifecycles import Lifecycle, lifecycle
from sms.commands.csv_cells import SET_BY_SMS, Bad, Row, cell_value, column_problem, field_annotation, read_rows
from sms.commands.new import author_from_git, default_owner
from sms.commands.renumber import next_free_id, taken_on_target
from sms.commands.transition import local_zone
from sms.core import clock
from sms.core.errors import UsageError
from sms.models import KINDS, SLUG_KINDS
from sms.models.refs import references
from sms.store.layout import canonical_text
from sms.store.repository import Repository
from sms.store.writer import dump, replace_all, timestamp

FieldPath = tuple[str, ...]


@dataclass
class Import:
    """What an import found: every bad cell, how many rows there were, and (only when all are good) the new
    records by path."""

    rows: int = 0
    bad: list[Bad] = field(default_factory=list)
    records: dict[str, BaseModel] = field(default_factory=dict)

    @property
    def bad_rows(self) -> int:
        """Rows with at least one bad cell (line 1, the header, counts when a column is wrong)."""
        return len({bad.line for bad in self.bad})


def columns(model: type[BaseModel], kind: str, header: list[str], maps: dict[str, str]) -> tuple[
        dict[str, FieldPath], list[Bad]]:
    """Which field each column fills (by default the column's name in snake_case; --map renames, an empty
    target skips the column), and what is wrong with the header."""
    unknown = sorted(set(maps) - set(header))
    if unknown:
        raise UsageError(f"--map {unknown[0]}=…: no column '{unknown[0]}' in the file",
                         hint=f"its columns: {', '.join(header)}")
    chosen: dict[str, FieldPath] = {}
    bad: list[Bad] = []
    for column in header:
        target = maps[column] if column in maps else _default_field(model, column)
        if not target:
            continue
        path = tuple(target.split("."))
        annotation = field_annotation(model, path)
        if path[0] in SET_BY_SMS or (path == ("id",) and kind not in SLUG_KINDS):
            bad.append(Bad(1, column, f"'{target}' is set by sms; skip the column with --map '{column}='"))
        elif annotation is None:
            bad.append(Bad(1, column, f"no field '{target}' in a {kind}; name one with --map '{column}=FIELD' "
                                      f"or skip the column with --map '{column}='"))
        elif (problem := column_problem(annotation)) is not None:
            bad.append(Bad(1, column, f"'{target}' {problem}"))
        elif path in chosen.values():
            bad.append(Bad(1, column, f"a second column for '{target}'"))
        else:
            chosen[column] = path
    given = {path[0] for path in chosen.values()}
    fields = model.model_fields
    filled = {"apiVersion", "kind", "owner", *(() if kind in SLUG_KINDS else ("id",)),
              *(("status", "history") if "history" in fields else ()), *(("document",) if "document" in fields else ())}
    for name, info in fields.items():
        key = info.alias or name
        if info.is_required() and key not in given and key not in filled:
            bad.append(Bad(1, key, f"required, but no column gives it; add one or --map COLUMN={key}"))
    return chosen, bad


def _default_field(model: type[BaseModel], column: str) -> str:
    """The field a column fills unless --map says otherwise: its name in snake_case ('Review on' → review_on),
    else a link of that name ('Services' → links.services), else a field of a block ('Treatment owner' →
    treatment.owner)."""
    snake = column.strip().lower().replace(" ", "_").replace("-", "_")
    head, _, rest = snake.partition("_")
    for candidate in (snake, f"links.{snake}", f"{head}.{rest}" if rest else ""):
        if candidate and field_annotation(model, tuple(candidate.split("."))) is not None:
            return candidate
    return snake


def route(cycle: Lifecycle, status: str) -> list[str] | None:
    """The shortest run of statuses from the initial one to `status`, or None if it cannot be reached."""
    came: dict[str, str | None] = {cycle.initial: None}
    queue = deque([cycle.initial])
    while queue:
        current = queue.popleft()
        if current == status:
            steps: list[str] = []
            step: str | None = current
            while step is not None:
                steps.append(step)
                step = came[step]
            return steps[::-1]
        for after in cycle.transitions.get(current, ()):
            if after not in came:
                came[after] = current
                queue.append(after)
    return None


def plan_import(repo: Repository, kind: str, csv_path: Path, name: str, maps: dict[str, str], *,
                by: str | None = None) -> Import:
    """Validate every row of the CSV as a KIND record; the records to write when all are good."""
    if kind not in KINDS:
        raise UsageError(f"no kind '{kind}'", hint=f"kinds: {', '.join(KINDS)}")
    model = KINDS[kind]
    header, rows = read_rows(csv_path, name)
    chosen, bad = columns(model, kind, header, maps)
    result = Import(rows=len(rows), bad=bad)
    if bad:
        return result
    fields = model.model_fields
    needs_person = "history" in fields or "document" in fields
    person = by or (author_from_git(repo) if needs_person else None)
    if needs_person and (person is None or getattr(repo.get(person), "kind", None) != "person"):
        raise UsageError(f"--by {person}: no person '{person}' in this SMS" if person else
                         "who imports the records? pass --by PERSON",
                         hint="the history and document fields name the person who brought the records in")
    now = clock.now(local_zone(repo.config))
    taken = set(repo.by_id) | taken_on_target(repo.root, None)
    for row in rows:
        data = _row_data(repo, kind, row, chosen, person or "", now, name, result.bad)
        if data is None:
            continue
        if kind not in SLUG_KINDS:
            data["id"] = next_free_id(repo, kind, taken)
        elif isinstance(data.get("id"), str) and data["id"] in taken:
            result.bad.append(Bad(row.line, _column(chosen, ("id",)), f"id '{data['id']}' is taken already"))
            continue
        taken.add(str(data.get("id")))
        relpath = f"records/{model.FOLDER}/{data['id']}.yaml" if model.FOLDER else f"policies/{data['id']}.yaml"
        record = _validated(repo, model, data, row, chosen, result.bad)
        if record is not None:
            result.records[relpath] = record
    result.bad.sort(key=lambda bad: bad.line)
    if result.bad:
        result.records = {}
    return result


def _row_data(repo: Repository, kind: str, row: Row, chosen: dict[str, FieldPath], person: str, now: datetime,
              name: str, bad: list[Bad]) -> dict[str, Any] | None:
    """A row as record data, with what it does not say filled in; None (and the reason in `bad`) if its status
    cannot be reached."""
    model = KINDS[kind]
    data: dict[str, Any] = {"apiVersion": "sms/v1", "kind": kind}
    for column, path in chosen.items():
        cell = row.cells.get(column, "")
        if cell.strip():
            _put(data, path, cell_value(cell, field_annotation(model, path)))
    data.setdefault("owner", default_owner(repo, kind))
    fields = model.model_fields
    if "document" in fields and isinstance(data.setdefault("document", {}), dict):
        for key, value in (("version", "0.1"), ("status", "draft"), ("author", person), ("approver", data["owner"])):
            data["document"].setdefault(key, value)
    if "history" in fields and "status" in fields:
        cycle = lifecycle(repo.config, kind, data.get("type") if isinstance(data.get("type"), str) else None)
        status = data.setdefault("status", cycle.initial)
        steps = route(cycle, status) if isinstance(status, str) else None
        if steps is None:
            bad.append(Bad(row.line, _column(chosen, ("status",)),
                           f"'{status}' cannot be reached from '{cycle.initial}' in the {kind} lifecycle"))
            return None
        stamp = now.isoformat(timespec="seconds").replace("+00:00", "Z")
        data["history"] = [{"status": step, "at": stamp, "by": person} for step in steps]
        data["history"][0]["note"] = f"Imported from {Path(name).name}, line {row.line}."
    return data


def _validated(repo: Repository, model: type[BaseModel], data: dict[str, Any], row: Row,
               chosen: dict[str, FieldPath], bad: list[Bad]) -> BaseModel | None:
    """The record, or None with every bad cell added to `bad`."""
    before = len(bad)
    for path, target, kinds in references(model, data):
        found = repo.get(target)
        if found is None or found.kind not in kinds:
            bad.append(Bad(row.line, _column(chosen, path), f"no {' or '.join(kinds)} '{target}' in this SMS"))
    try:
        record = model.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(part for part in error["loc"] if isinstance(part, int) or "[" not in part)
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "missing":
                message = "required, but the cell is empty" if _has_column(chosen, loc) else "required"
            elif "input" in error and isinstance(error["input"], str | int | float):
                message += f" (got {str(error['input'])[:60]!r})"
            bad.append(Bad(row.line, _column(chosen, loc), message))
        return None
    return record if len(bad) == before else None


def render(relpath: str, record: BaseModel) -> str:
    """A new record's text, in the canonical layout, with its schema comment."""
    schemas = "../" * relpath.count("/") + "schemas"
    plain = _yaml_values(record.model_dump(mode="python", by_alias=True, exclude_unset=True))
    kind = getattr(record, "kind", "")
    return canonical_text(relpath, f"# yaml-language-server: $schema={schemas}/{kind}.schema.json\n" + dump(plain))


def _yaml_values(value: Any) -> Any:
    """Dumped model values as YAML writes them: timestamps as people type them, dates as dates, and the lists of
    ids under `links` on one line ([SVC-0001, SVC-0002]) as `sms new` and the example write them."""
    if isinstance(value, dict):
        if "links" in value and isinstance(value["links"], dict):
            value = {**value, "links": {key: _flow(ids) for key, ids in value["links"].items()}}
        return {key: _yaml_values(item) for key, item in value.items()}
    if isinstance(value, CommentedSeq):
        return value
    if isinstance(value, list | tuple):
        return [_yaml_values(item) for item in value]
    if isinstance(value, datetime):
        return timestamp(value if value.tzinfo else value.replace(tzinfo=UTC))
    return value  # a date is written as YYYY-MM-DD as it is


def _flow(items: Any) -> Any:
    if not isinstance(items, list):
        return items
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _put(data: dict[str, Any], path: FieldPath, value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def _has_column(chosen: dict[str, FieldPath], loc: tuple[str | int, ...]) -> bool:
    return tuple(part for part in loc if isinstance(part, str)) in chosen.values()


def _column(chosen: dict[str, FieldPath], loc: tuple[str | int, ...]) -> str:
    """The column whose field holds `loc`, else the field's dotted name."""
    names = tuple(part for part in loc if isinstance(part, str))
    best = [column for column, path in chosen.items() if names[: len(path)] == path]
    return max(best, key=lambda column: len(chosen[column])) if best else ".".join(str(part) for part in loc)


def write_import(repo: Repository, result: Import) -> None:
    """Create the records of a good import, all together or none."""
    if result.bad:
        raise UsageError("some rows are not valid; nothing was written")
    for relpath in result.records:
        if (repo.root / relpath).exists():
            raise UsageError(f"{relpath} already exists; nothing was written")
    replace_all(repo.root, {relpath: render(relpath, record) for relpath, record in result.records.items()})
