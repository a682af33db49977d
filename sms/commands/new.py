"""`sms new KIND`: a new record with the next free id, the schema comment, and every required field present,
ready to edit and propose in a pull request.

Every kind in the kinds table can be made. A kind's `template` in the table says what its records usually
start with; any required field the template does not give is filled from the model (`sms.commands.blank`), so
a kind added to the table works at once. Lifecycle records start in their lifecycle's first status with one
history entry; controlled documents start as a draft, version 0.1, written by the person raising them, with a
Markdown body beside the record for documents kept under policies/. Text a person must write is `TODO: …`, so
the record cannot be mistaken for a finished one (SMS114 points at each).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import Counter
from datetime import UTC, datetime

from ruamel.yaml.comments import CommentedMap

from sms.analysis.codeowners import owning_role, role_ids
from sms.analysis.lifecycles import lifecycle
from sms.analysis.roles import top_management_roles
from sms.commands.blank import Filler, required_fields
from sms.commands.init import markdown_text
from sms.commands.new_fields import Fields, apply, check_applicable, referenced, set_field
from sms.commands.renumber import next_free_id, taken_on_target
from sms.core import clock
from sms.core.dates import add_months
from sms.core.errors import UsageError
from sms.git import history
from sms.models import CONTROLLED, KINDS, LIFECYCLE, POLICY_KINDS, SLUG_KINDS
from sms.models.common import SLUG_PATTERN, Record
from sms.store.atomic import write_text
from sms.store.config import Config
from sms.store.layout import canonical_text
from sms.store.loader import parse
from sms.store.repository import Repository
from sms.store.validation import validate
from sms.store.writer import dump, load_text, timestamp

__all__ = ["Fields", "author_from_git", "create", "default_owner", "referenced", "scaffold", "scaffoldable_kinds"]


def scaffold(repo: Repository, config: Config, kind: str, *, title: str, owner: str, by: str, now: datetime,
             fields: Fields | None = None, taken_elsewhere: set[str] | None = None) -> dict[str, str]:
    """Relative path -> text of the files of a new record of `kind`: the record, and its Markdown body if any."""
    fields = fields or Fields()
    if kind not in KINDS:
        raise UsageError(f"sms new makes {', '.join(scaffoldable_kinds())}; not '{kind}'")
    for reference, expected, option in ((owner, "role", "--owner"), (by, "person", "--by"),
                                        (fields.approver, "role", "--approver")):
        found = repo.get(reference) if reference is not None else None
        if reference is not None and (found is None or found.kind != expected):
            raise UsageError(f"'{reference}' is not a {expected} in this SMS",
                             hint=f"pass {option} with an existing {expected} id")
    check_applicable(kind, fields)
    spec, model = KINDS.spec(kind), KINDS[kind]
    record_id = _new_id(repo, kind, title, fields.record_id, taken_elsewhere or set())
    folder = f"records/{model.FOLDER}" if model.FOLDER else _document_folder(repo, kind)
    path = f"{folder}/{record_id}.yaml"
    stamp = timestamp(now)
    text = (f"apiVersion: sms/v1\nkind: {kind}\nid: {record_id}\ntitle: {_quoted(title)}\nowner: {owner}\n"
            + _template(spec.template, by, now, fields))
    data: CommentedMap = load_text(path, text)
    body = _body_wanted(kind, fields)
    if kind in CONTROLLED:
        approver = fields.approver or default_approver(repo, kind, owner)
        data["document"] = {"version": "0.1", "status": "draft", "author": by, "approver": approver}
        if body:
            data["document"]["body"] = f"{record_id}.md"
    fill = Filler(today=now.date(), now=stamp, ahead=add_months(now.date(), 12),
                  reference=lambda kinds, name: _some(repo, kinds, name, kind, owner=owner, by=by))
    started = kind in LIFECYCLE and "status" in model.model_fields  # status and history come from the lifecycle
    for key, value in required_fields(model, fill, skip=(*data, *(("status", "history") if started else ()))).items():
        data[key] = value
    apply(repo, kind, data, fields)  # the options win over the template and the placeholders
    for assignment in fields.settings:
        set_field(kind, data, assignment)
    if started:
        record_type = data.get("type") if isinstance(data.get("type"), str) else None
        initial = lifecycle(config, kind, record_type).initial
        data["status"] = initial
        data["history"] = [{"status": initial, "at": stamp, "by": by}]
    schemas = posixpath.relpath("schemas", folder)
    files = {path: canonical_text(path, f"# yaml-language-server: $schema={schemas}/{kind}.schema.json\n"
                                        + dump(data))}
    _refuse_invalid(path, files[path], model)
    if body:
        files[f"{folder}/{record_id}.md"] = (f"# {markdown_text(title)}\n\nTODO: the text of this document. The "
                                             f"control data (version, approval, review) is in {record_id}.yaml.\n")
    return files


def _refuse_invalid(path: str, text: str, model: type[Record]) -> None:
    """A new record that would not match its schema (a --set value of the wrong type, say) is not written."""
    _, problems = validate(parse(path, text), model)
    if problems:
        first = problems[0]
        raise UsageError(f"the new record would not be valid: line {first.line}: {first.message}",
                         hint="check the --set values against `sms new --help` and the kind's schema")


def _template(template: str | None, by: str, now: datetime, fields: Fields) -> str:
    """The kind's template from the table, its placeholders filled (options are applied later, by path)."""
    if template is None:
        return ""
    stamp = now.isoformat(timespec="seconds").replace("+00:00", "Z")
    review_on = add_months(now.date(), 12)
    return template.format(by=by, now=stamp, today=now.date().isoformat(), review_on=review_on.isoformat(),
                           change_type=fields.record_type or "normal", priority=fields.priority or "P3",
                           major="true" if fields.major else "false", services="[]", incidents="[]")


def _new_id(repo: Repository, kind: str, title: str, given: str | None, taken: set[str]) -> str:
    """The next free id; for roles and people (ids that are names) --id, else the title as a slug."""
    if kind not in SLUG_KINDS:
        if given is not None:
            raise UsageError(f"--id is for {', '.join(sorted(SLUG_KINDS))} (ids that are names); a {kind} takes "
                             "the next free id")
        return next_free_id(repo, kind, taken)
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()  # Nováková: novakova
    slug = given if given is not None else "-".join(re.findall(r"[a-z0-9]+", plain))
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise UsageError(f"--id '{slug}': an id of a {kind} is lowercase letters, digits and hyphens, starting "
                         "with a letter", hint="pass --id, e.g. --id j-doe")
    if slug in repo.by_id or slug in taken:
        raise UsageError(f"--id '{slug}' is taken already", hint="pass another --id")
    return slug


def _document_folder(repo: Repository, kind: str) -> str:
    """Where documents of the kind are kept in this SMS (the folder most of them are in), else policies/<kind>."""
    folders = Counter(posixpath.dirname(entry.path) for entry in repo.of_kind(kind))
    return folders.most_common(1)[0][0] if folders else f"policies/{KINDS.spec(kind).slug}"


def _body_wanted(kind: str, fields: Fields) -> bool:
    """A Markdown body for documents kept under policies/ unless --no-body; for other documents with --body."""
    wanted = fields.body if fields.body is not None else kind in POLICY_KINDS
    if wanted and kind not in CONTROLLED:
        raise UsageError(f"--body is for controlled documents; a {kind} has no document body")
    return wanted and kind in CONTROLLED


def _some(repo: Repository, kinds: tuple[str, ...], name: str, kind: str, *, owner: str, by: str) -> str:
    """A record of one of `kinds` for a required reference: the person raising it, the owner, else the first
    such record here (to be replaced when it is not the right one)."""
    if "person" in kinds:
        return by
    if "role" in kinds:
        return owner
    found = sorted(entry.id for entry in repo.entries if entry.kind in kinds and entry.id)
    if not found:
        raise UsageError(f"a {kind} names a {' or '.join(kinds)} in '{name}', and this SMS has none yet",
                         hint=f"create one first: sms new {kinds[0]}")
    return found[0]


def default_approver(repo: Repository, kind: str, owner: str) -> str:
    """A top-management role (the one most documents of the kind name, else the first), since the documents
    that direct the SMS need one (SMS208) and top management may approve any; the owner if there is none."""
    top = top_management_roles(repo)
    named = Counter(approver for entry in repo.of_kind(kind)
                    if isinstance(entry.data.get("document"), dict)
                    and (approver := entry.data["document"].get("approver")) in top)
    return named.most_common(1)[0][0] if named else min(top, default=owner)


def default_owner(repo: Repository, kind: str) -> str:
    """The role owning the kind's folder (sms.yaml `codeowners.kinds`, else the kinds table's role) if this SMS
    has it, so a new record adds no line to CODEOWNERS; else sms-manager."""
    preferred = owning_role(repo.config, kind, role_ids(repo)) if kind in KINDS else "sms-manager"
    found = repo.get(preferred)
    return preferred if found is not None and found.kind == "role" else "sms-manager"


def scaffoldable_kinds() -> list[str]:
    """The kinds `sms new` can make: every kind in the table."""
    return list(KINDS)


def author_from_git(repo: Repository) -> str | None:
    """The person whose `email` is `git config user.email` in the repository holding the SMS."""
    email = history.user_email(repo.root) if history.in_git(repo.root) else None
    return next((e.id for e in repo.of_kind("person") if email and e.id and e.data.get("email") == email), None)


def create(repo: Repository, kind: str, *, title: str, by: str | None, owner: str | None,
           fields: Fields | None = None) -> list[str]:
    """Write a new record of `kind` (and its body, if any); their paths relative to the root."""
    if by is None:
        by = author_from_git(repo)
        if by is None:
            raise UsageError("who raises it? pass --by PERSON", hint="or set git config user.email to the email "
                             "of your person record")
    files = scaffold(repo, repo.config, kind, title=title, owner=owner or default_owner(repo, kind), by=by,
                     now=clock.now(UTC), fields=fields, taken_elsewhere=taken_on_target(repo.root, None))
    for relpath in files:
        if (repo.root / relpath).exists():
            raise UsageError(f"{relpath} already exists")
    for relpath, text in files.items():
        write_text(repo.root / relpath, text)
    return list(files)


def _quoted(text: str) -> str:
    """A title as a YAML double-quoted scalar, so any punctuation in it stays text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'
