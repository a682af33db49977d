"""The `sms new` options for fields people always set (type, services, priority, major, incidents): which kinds
have each field (read from the models, so a new kind with a `priority` takes --priority), checking the values,
and putting them into the new record."""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from sms.commands.csv_cells import field_annotation
from sms.core.errors import UsageError
from sms.core.text import a
from sms.models import KINDS
from sms.models.refs import reference_paths
from sms.store.repository import Repository


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
