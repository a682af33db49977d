"""The `sms new` options for fields people always set (type, services, priority, major, incidents): which kinds
have each field (read from the models, so a new kind with a `priority` takes --priority), checking the values,
and putting them into the new record."""

from __future__ import annotations

import difflib
import itertools
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel
from ruamel.yaml.comments import CommentedSeq

from sms.commands.csv_cells import cell_value, field_annotation, plain_annotation
from sms.core.errors import UsageError
from sms.core.text import a
from sms.models import KINDS
from sms.models.refs import reference_paths
from sms.store.repository import Repository
from sms.store.writer import timestamp


@dataclass(frozen=True)
class Fields:
    """What `sms new` options fill in besides title, owner and author."""

    record_type: str | None = None
    services: tuple[str, ...] = ()
    priority: str | None = None
    major: bool = False
    incidents: tuple[str, ...] = ()
    approver: str | None = None
    record_id: str | None = None
    body: bool | None = None
    settings: tuple[str, ...] = ()  # --set FIELD=VALUE


# Option -> the field it sets (a top-level field), or the kind a list of references it fills points at.
CHOICES = {"--type": "type", "--priority": "priority"}
FLAGS = {"--major": "major"}
LISTS = {"--service": "service", "--incident": "incident"}


def choices(kind: str, name: str) -> tuple[str, ...] | None:
    """The values a top-level choice field of `kind` allows; None when the kind has no such field."""
    annotation = field_annotation(KINDS[kind], (name,))
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(arg) for arg in args)
    return None


def list_path(kind: str, target: str) -> tuple[str, ...] | None:
    """Where `kind` lists references to `target` records (links.services, services …); None when it has none."""
    for pattern, kinds in reference_paths(KINDS[kind]):
        if kinds == (target,) and pattern[-1] is None and None not in pattern[:-1] and len(pattern) <= 3:
            return tuple(str(part) for part in pattern[:-1])
    return None


def _accepts(kind: str, option: str) -> bool:
    if option in CHOICES:
        return choices(kind, CHOICES[option]) is not None
    if option in FLAGS:
        return field_annotation(KINDS[kind], (FLAGS[option],)) is bool
    return list_path(kind, LISTS[option]) is not None


def check_applicable(kind: str, fields: Fields) -> None:
    """Refuse an option the kind has no field for, and a value its field does not allow."""
    given = {"--type": fields.record_type is not None, "--priority": fields.priority is not None,
             "--major": fields.major, "--service": bool(fields.services), "--incident": bool(fields.incidents)}
    for option in (option for option, on in given.items() if on):
        if not _accepts(kind, option):
            takers = [spec.plural.lower() for spec in KINDS.specs() if _accepts(spec.name, option)]
            listed = " and ".join([", ".join(takers[:-1]), takers[-1]] if len(takers) > 1 else takers)
            raise UsageError(f"{option} is for {listed}, not for {a(kind.replace('_', ' '))}")
    for option, value in (("--type", fields.record_type), ("--priority", fields.priority)):
        allowed = choices(kind, CHOICES[option])
        if value is not None and allowed is not None and value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            raise UsageError(f"{option} '{value}': the {CHOICES[option]} of {a(kind.replace('_', ' '))} is one of "
                             f"{', '.join(allowed)}", hint=f"did you mean '{close[0]}'?" if close else None)


def apply(repo: Repository, kind: str, data: Any, fields: Fields) -> None:
    """Put the options' values into the record's data (references checked to exist)."""
    if fields.record_type is not None:
        data["type"] = fields.record_type
    if fields.priority is not None:
        data["priority"] = fields.priority
    if fields.major:
        data["major"] = True
    for option, values in (("--service", fields.services), ("--incident", fields.incidents)):
        path = list_path(kind, LISTS[option])
        if not values or path is None:
            continue
        ids = CommentedSeq(referenced(repo, LISTS[option], option, value) for value in values)
        ids.fa.set_flow_style()
        holder = data
        for part in path[:-1]:
            holder = holder.setdefault(part, {})
        holder[path[-1]] = ids


def referenced(repo: Repository, kind: str, option: str, record_id: str) -> str:
    """`record_id`, when it is a record of `kind` here; else a usage error suggesting the closest one."""
    found = repo.get(record_id)
    if found is not None and found.kind == kind:
        return record_id
    known = [entry.id for entry in repo.of_kind(kind) if entry.id]
    close = difflib.get_close_matches(record_id, known, n=1)
    raise UsageError(f"{option} {record_id}: no {kind} '{record_id}' in this SMS",
                     hint=f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(known)) or 'none'}")


# Set by sms itself: the envelope, and the lifecycle that `sms transition` moves.
NOT_SETTABLE = ("apiVersion", "kind", "id", "title", "owner", "status", "history", "document")


def set_field(kind: str, data: Any, assignment: str) -> None:
    """`--set FIELD=VALUE`: the value (a list split on ';', numbers and booleans parsed) at the dotted FIELD,
    where a number steps into a list (audits.0.auditors)."""
    name, sep, text = assignment.partition("=")
    parts = name.strip().split(".")
    if not sep or not all(parts):
        raise UsageError(f"--set {assignment}: give FIELD=VALUE, e.g. --set email=ada@example.org")
    if parts[0] in NOT_SETTABLE:
        raise UsageError(f"--set {name}: sms new sets '{parts[0]}' itself",
                         hint="use --title, --owner, --id or --approver; `sms transition` moves the status")
    annotation: Any = KINDS[kind]
    for depth, part in enumerate(parts):
        annotation = _step(annotation, part, kind, ".".join(parts[:depth + 1]))
    holder = data
    for part, following in itertools.pairwise(parts):
        holder = _child(holder, part, following, name)
    value = _typed(cell_value(text, annotation), plain_annotation(annotation))
    if isinstance(value, list):
        value = CommentedSeq(value)
        value.fa.set_flow_style()
    if isinstance(holder, list):
        holder[_index(holder, parts[-1], name, extend=True)] = value
    else:
        holder[parts[-1]] = value


def _typed(value: Any, annotation: Any) -> Any:
    """A date or timestamp as one (written plain, as people write them, not as quoted text), a whole number as
    30 rather than 30.0; else `value`."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        if annotation is date and isinstance(value, str):
            return date.fromisoformat(value)
        if annotation in (datetime, AwareDatetime) and isinstance(value, str):
            return timestamp(datetime.fromisoformat(value))
    except ValueError:
        pass  # left as text: the schema says what is wrong with it
    return value


def _step(annotation: Any, part: str, kind: str, where: str) -> Any:
    """The annotation one step down `part` (a field name, or a list index)."""
    unwrapped = plain_annotation(annotation)
    if part.isdigit():
        if typing.get_origin(unwrapped) is not list:
            raise UsageError(f"--set {where}: not a list")
        return typing.get_args(unwrapped)[0]
    fields = (unwrapped.model_fields if isinstance(unwrapped, type) and issubclass(unwrapped, BaseModel)
              else {})
    found = next((info.annotation for key, info in fields.items() if (info.alias or key) == part), None)
    if found is None:
        known = [info.alias or key for key, info in fields.items()]
        close = difflib.get_close_matches(part, known, n=1)
        raise UsageError(f"--set {where}: {a(kind)} has no field '{part}' there",
                         hint=f"did you mean '{close[0]}'?" if close else f"fields: {', '.join(known)}")
    return found


def _child(holder: Any, part: str, following: str, name: str) -> Any:
    """The mapping or list at `part` of `holder`, made when missing (a list when the next part is an index)."""
    if isinstance(holder, list):
        index = _index(holder, part, name, extend=True)
        if holder[index] is None:
            holder[index] = [] if following.isdigit() else {}
        return holder[index]
    if holder.get(part) is None:
        holder[part] = [] if following.isdigit() else {}
    return holder[part]


def _index(holder: list[Any], part: str, name: str, *, extend: bool) -> int:
    index = int(part)
    if extend and index == len(holder):
        holder.append(None)
    if index >= len(holder):
        raise UsageError(f"--set {name}: item {index} does not exist (the list has {len(holder)})")
    return index
