"""`sms new KIND`: a new record with the next free id, the schema comment, and every required field present,
ready to edit and propose in a pull request.

Only lifecycle records are scaffolded: they are what teams raise day to day (changes, incidents, requests,
problems, risks, improvements). Text fields a person must write are left as `TODO: …` so
the record cannot be mistaken for a finished one.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sms.analysis.lifecycles import lifecycle
from sms.commands.renumber import next_free_id
from sms.core.errors import UsageError
from sms.models import KINDS
from sms.store.config import Config
from sms.store.repository import Repository

# Kind → the fields after the envelope and history, as YAML lines; {by} and {now} are filled in.
TEMPLATES: dict[str, str] = {
    "change": """type: {change_type}
requested_by: {by}
reason: "TODO: why the change is needed"
description: "TODO: what will be changed"
links:
  services: []
  cis: []
""",
    "incident": """priority: P3
reported_at: {now}
description: "TODO: what the users experienced"
links:
  services: []
""",
    "request": """requester: "TODO: who asked"
requested_at: {now}
description: "TODO: what was asked for"
links:
  services: []
""",
    "problem": """priority: P3
description: "TODO: the problem as observed"
links:
  incidents: []
""",
    "risk": """category: service
description: "TODO: cause, event, consequence"
likelihood: 3
impact: 3
review_on: {review_on}
""",
    "improvement": """source: staff
opportunity: "TODO: the opportunity"
benefit: "TODO: the expected benefit"
target: "TODO: what success looks like, measurably"
due: {review_on}
""",
}


def scaffold(repo: Repository, config: Config, kind: str, *, title: str, owner: str, by: str, now: datetime,
             change_type: str = "normal", taken_elsewhere: set[str] | None = None) -> tuple[str, str]:
    """(relative path, text) of a new record of `kind`."""
    if kind not in TEMPLATES:
        raise UsageError(f"sms new makes {', '.join(sorted(TEMPLATES))}; not '{kind}'",
                         hint="copy an existing record for other kinds")
    for reference, expected in ((owner, "role"), (by, "person")):
        found = repo.get(reference)
        if found is None or found.kind != expected:
            raise UsageError(f"'{reference}' is not a {expected} in this SMS",
                             hint=f"pass --{'owner' if expected == 'role' else 'by'} with an existing {expected} id")
    model = KINDS[kind]
    record_id = next_free_id(repo, kind, taken_elsewhere or set())
    initial = lifecycle(config, kind, change_type if kind == "change" else None).initial
    stamp = now.isoformat(timespec="seconds").replace("+00:00", "Z")
    review_on = now.date().replace(year=now.year + 1) if not (now.month == 2 and now.day == 29) else now.date()
    body = TEMPLATES[kind].format(by=by, now=stamp, today=now.date().isoformat(), review_on=review_on.isoformat(),
                                  change_type=change_type)
    text = (f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
            f"apiVersion: sms/v1\nkind: {kind}\nid: {record_id}\ntitle: {_quoted(title)}\nowner: {owner}\n"
            f"status: {initial}\nhistory:\n  - status: {initial}\n    at: {stamp}\n    by: {by}\n{body}")
    return f"records/{model.FOLDER}/{record_id}.yaml", text


def _quoted(text: str) -> str:
    """A title as a YAML double-quoted scalar, so any punctuation in it stays text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def write_new(root: Path, relpath: str, text: str) -> None:
    from sms.store.atomic import write_text

    path = root / relpath
    if path.exists():
        raise UsageError(f"{relpath} already exists")
    write_text(path, text)
