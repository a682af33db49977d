"""`sms new KIND`: a new record with the next free id, the schema comment, and every required field present,
ready to edit and propose in a pull request.

Only lifecycle records are scaffolded: they are what teams raise day to day (changes, incidents, requests,
problems, risks, improvements). Text fields a person must write are left as `TODO: …` so
the record cannot be mistaken for a finished one.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sms.analysis.codeowners import owning_role, role_ids
from sms.analysis.lifecycles import lifecycle
from sms.commands.renumber import next_free_id, taken_on_target
from sms.core import clock
from sms.core.errors import UsageError
from sms.git import history
from sms.models import KINDS
from sms.store.atomic import write_text
from sms.store.config import Config
from sms.store.layout import canonical_text
from sms.store.repository import Repository


@dataclass(frozen=True)
class Fields:
    """What `sms new` options fill in besides title, owner and author."""

    change_type: str | None = None
    services: tuple[str, ...] = ()
    priority: str | None = None
    major: bool = False
    incidents: tuple[str, ...] = ()


# Which kinds each option fills: an option given for another kind is refused rather than silently dropped.
OPTION_KINDS = {"--type": ("change",), "--service": ("change", "incident", "request"),
                "--priority": ("incident", "problem"), "--major": ("incident",), "--incident": ("problem",)}


def scaffold(repo: Repository, config: Config, kind: str, *, title: str, owner: str, by: str, now: datetime,
             fields: Fields | None = None, taken_elsewhere: set[str] | None = None) -> tuple[str, str]:
    """(relative path, text) of a new record of `kind`."""
    fields = fields or Fields()
    template = KINDS.spec(kind).template if kind in KINDS else None
    if template is None:
        raise UsageError(f"sms new makes {', '.join(sorted(scaffoldable_kinds()))}; not '{kind}'",
                         hint="copy an existing record for other kinds")
    for reference, expected in ((owner, "role"), (by, "person")):
        found = repo.get(reference)
        if found is None or found.kind != expected:
            raise UsageError(f"'{reference}' is not a {expected} in this SMS",
                             hint=f"pass --{'owner' if expected == 'role' else 'by'} with an existing {expected} id")
    model = KINDS[kind]
    record_id = next_free_id(repo, kind, taken_elsewhere or set())
    given = {"--type": fields.change_type is not None, "--service": bool(fields.services),
             "--priority": fields.priority is not None, "--major": fields.major, "--incident": bool(fields.incidents)}
    for option, kinds in OPTION_KINDS.items():
        if given[option] and kind not in kinds:
            raise UsageError(f"{option} is for {' and '.join(f'{k}s' for k in kinds)}, not for a {kind}")
    services = [referenced(repo, "service", "--service", value) for value in fields.services]
    incidents = [referenced(repo, "incident", "--incident", value) for value in fields.incidents]
    change_type = fields.change_type or "normal"
    initial = lifecycle(config, kind, change_type if kind == "change" else None).initial
    stamp = now.isoformat(timespec="seconds").replace("+00:00", "Z")
    review_on = now.date().replace(year=now.year + 1) if not (now.month == 2 and now.day == 29) else now.date()
    body = template.format(by=by, now=stamp, today=now.date().isoformat(), review_on=review_on.isoformat(),
                           change_type=change_type, priority=fields.priority or "P3",
                           major="true" if fields.major else "false", services=f"[{', '.join(services)}]",
                           incidents=f"[{', '.join(incidents)}]")
    text = (f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
            f"apiVersion: sms/v1\nkind: {kind}\nid: {record_id}\ntitle: {_quoted(title)}\nowner: {owner}\n"
            f"status: {initial}\nhistory:\n  - status: {initial}\n    at: {stamp}\n    by: {by}\n{body}")
    path = f"records/{model.FOLDER}/{record_id}.yaml"
    return path, canonical_text(path, text)  # what `sms fmt --check` accepts as it is


def referenced(repo: Repository, kind: str, option: str, record_id: str) -> str:
    """`record_id`, when it is a record of `kind` here; else a usage error suggesting the closest one."""
    found = repo.get(record_id)
    if found is not None and found.kind == kind:
        return record_id
    known = [entry.id for entry in repo.of_kind(kind) if entry.id]
    close = difflib.get_close_matches(record_id, known, n=1)
    raise UsageError(f"{option} {record_id}: no {kind} '{record_id}' in this SMS",
                     hint=f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(known)) or 'none'}")


def default_owner(repo: Repository, kind: str) -> str:
    """The role owning the kind's folder (sms.yaml `codeowners.kinds`, else the kinds table's role) if this SMS
    has it, so a new record adds no line to CODEOWNERS; else sms-manager."""
    preferred = owning_role(repo.config, kind, role_ids(repo)) if kind in KINDS else "sms-manager"
    found = repo.get(preferred)
    return preferred if found is not None and found.kind == "role" else "sms-manager"


def scaffoldable_kinds() -> list[str]:
    """The kinds `sms new` can make."""
    return [kind.name for kind in KINDS.specs() if kind.template is not None]


def author_from_git(repo: Repository) -> str | None:
    """The person whose `email` is `git config user.email` in the repository holding the SMS."""
    email = history.user_email(repo.root) if history.in_git(repo.root) else None
    return next((e.id for e in repo.of_kind("person") if email and e.id and e.data.get("email") == email), None)


def create(repo: Repository, kind: str, *, title: str, by: str | None, owner: str | None,
           fields: Fields | None = None) -> str:
    """Write a new record of `kind`; its path relative to the root."""
    if by is None:
        by = author_from_git(repo)
        if by is None:
            raise UsageError("who raises it? pass --by PERSON", hint="or set git config user.email to the email "
                             "of your person record")
    path, text = scaffold(repo, repo.config, kind, title=title, owner=owner or default_owner(repo, kind), by=by,
                          now=clock.now(UTC), fields=fields,
                          taken_elsewhere=taken_on_target(repo.root, None))
    write_new(repo.root, path, text)
    return path


def _quoted(text: str) -> str:
    """A title as a YAML double-quoted scalar, so any punctuation in it stays text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def write_new(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    if path.exists():
        raise UsageError(f"{relpath} already exists")
    write_text(path, text)
