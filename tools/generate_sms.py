#!/usr/bin/env python3
"""Write a realistic synthetic SMS of N operational records (incidents, requests and changes in the mix a
service desk sees, plus the roles, people, services and CIs they reference) into a folder, for benchmarks.
Every record is valid and every reference resolves — unless `--defects K` asks for K known findings, which
are printed (and written with `--manifest FILE`) so a test can assert each one is found.

    python tools/generate_sms.py 10000 /tmp/sms-10k
    python tools/generate_sms.py 1000 /tmp/sms-1k --defects 12 --manifest /tmp/sms-1k.defects.json
    python tools/generate_sms.py 20 /tmp/sms-big --big flow     # 20 records just under the 1 MiB limit
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROLES = ("sms-manager", "change-manager", "service-owner", "incident-manager", "service-desk-lead")
# Who holds which role: approvals must come from a holder of the approving role (SMS203, SMS308).
HOLDERS = {"p-ada": "sms-manager", "p-ben": "sms-manager", "p-cy": "change-manager", "p-dee": "change-manager",
           "p-eli": "service-owner", "p-fay": "service-owner", "p-gus": "service-owner", "p-hal": "service-owner",
           "p-ivy": "incident-manager", "p-jo": "service-desk-lead"}
PEOPLE = tuple(HOLDERS)
CHANGE_MANAGERS = ("p-cy", "p-dee")
OTHERS = tuple(p for p in PEOPLE if p not in CHANGE_MANAGERS)
CHANGE_STEPS = ("draft", "submitted", "assessed", "approved", "scheduled", "implemented", "reviewed", "closed")
INCIDENT_STEPS = ("new", "assigned", "in_progress", "resolved", "closed")
REQUEST_STEPS = ("new", "assigned", "in_progress", "fulfilled", "closed")
# Of every 20 operational records: 9 incidents, 7 requests, 4 changes — a service desk's usual proportions.
MIX = (("incident", 9), ("request", 7), ("change", 4))
PREFIX = {"incident": "INC", "request": "REQ", "change": "CHG"}
FOLDER = {"incident": "incidents", "request": "requests", "change": "changes"}
HEADER = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
TODAY = "2026-11-25"  # what `sms check --today` the generated SMS is judged on (all its dates are before)


@dataclass(frozen=True)
class Defect:
    """A finding the generator planted on purpose: the rule that must report it and the file it is in."""

    rule: str
    path: str
    what: str


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def role(role_id: str) -> str:
    return HEADER.format(kind="role") + f"""apiVersion: sms/v1
kind: role
id: {role_id}
title: {role_id.replace('-', ' ').capitalize()}
owner: sms-manager
document:
  version: '1.0'
  status: approved
  author: p-ada
  approver: sms-manager
  approved_by: p-ben
  approved_on: 2026-01-15
  next_review: 2027-01-15
responsibilities:
  - Runs the {role_id.replace('-', ' ')} activities.
"""


def person(person_id: str) -> str:
    return HEADER.format(kind="person") + f"""apiVersion: sms/v1
kind: person
id: {person_id}
title: {person_id[2:].capitalize()} Example
owner: sms-manager
email: {person_id}@example.org
roles:
  - role: {HOLDERS[person_id]}
    since: 2025-01-01
"""


def service(number: int) -> str:
    return HEADER.format(kind="service") + f"""apiVersion: sms/v1
kind: service
id: SVC-{number:04d}
title: Service {number}
owner: service-owner
document:
  version: '1.0'
  status: approved
  author: p-ada
  approver: service-owner
  approved_by: p-eli
  approved_on: 2026-01-15
  next_review: 2027-01-15
description: Synthetic service number {number}.
lifecycle: live
customers: [Internal]
criticality: medium
service_hours: 24x7
"""


def ci(number: int, services: int) -> str:
    return HEADER.format(kind="ci") + f"""apiVersion: sms/v1
kind: ci
id: CI-{number:04d}
title: Server {number}
owner: service-owner
type: server
status: active
environment: production
description: Synthetic server number {number}.
links:
  services: [SVC-{random.randint(1, services):04d}]
"""


def history(steps: tuple[str, ...], start: datetime, hours: int, who: Callable[[str], str], label: str) -> str:
    return "".join(
        f"  - status: {status}\n    at: {stamp(start + timedelta(hours=hours * i))}\n    by: {who(status)}\n"
        f"    note: Step {i + 1} of {label}, recorded by the tooling.\n"
        for i, status in enumerate(steps))


def change(number: int, services: int, cis: int) -> str:
    steps = random.randint(1, len(CHANGE_STEPS))
    start = EPOCH + timedelta(minutes=random.randint(0, 400_000))
    requester, implementer = random.sample(OTHERS, 2)
    approver = random.choice(CHANGE_MANAGERS)
    lines = history(CHANGE_STEPS[:steps], start, 6, lambda s: approver if s == "approved" else requester,
                    f"change {number}")
    at = [stamp(start + timedelta(hours=6 * i)) for i in range(len(CHANGE_STEPS))]
    # The evidence each reached status requires (SMS115), stamped with the time its step was recorded (SMS315).
    approval = f"approved_by: {approver}\napproved_at: {at[3]}\n" if steps > 3 else ""
    schedule = f"schedule:\n  start: {at[4]}\n  end: {at[5]}\n" if steps > 4 else ""
    review = (f"review:\n  outcome: successful\n  reviewed_on: {at[6][:10]}\n"
              "  notes: Headroom as planned; no alerts during the change.\n") if steps > 6 else ""
    return HEADER.format(kind="change") + f"""apiVersion: sms/v1
kind: change
id: CHG-{number:04d}
title: Synthetic change {number} to service {number % services + 1}
owner: change-manager
type: {random.choice(("standard", "normal", "emergency"))}
status: {CHANGE_STEPS[steps - 1]}
history:
{lines}requested_by: {requester}
reason: |
  Capacity on the affected servers is running low; the change adds headroom before the peak season.
  This paragraph is long enough to resemble what a real team writes in a change record.
description: Resize the virtual machines and rebalance the load balancer pools for change {number}.
risk:
  likelihood: {random.randint(1, 5)}
  impact: {random.randint(1, 5)}
  notes: Rolling change; one node at a time.
{approval}implementer: {implementer}
{schedule}test_plan: Synthetic load test against staging, then a canary in production.
backout_plan: Restore the previous machine size from the snapshot.
{review}links:
  services: [SVC-{number % services + 1:04d}]
  cis: [CI-{random.randint(1, cis):04d}, CI-{random.randint(1, cis):04d}]
"""


def incident(number: int, services: int, cis: int) -> str:
    steps = random.randint(1, len(INCIDENT_STEPS))
    start = EPOCH + timedelta(minutes=random.randint(0, 400_000))
    desk, assignee = "p-jo", random.choice(("p-eli", "p-fay", "p-gus", "p-hal", "p-ivy"))
    lines = history(INCIDENT_STEPS[:steps], start, 2, lambda s: desk if s in ("new", "assigned", "closed")
                    else assignee, f"incident {number}")
    assigned = f"assignee: {assignee}\n" if steps > 1 else ""
    resolved = (f"resolved_at: {stamp(start + timedelta(hours=6))}\nresolution: Restarted the stuck worker pool "
                "and cleared the queue; monitoring confirmed normal latency.\n") if steps > 3 else ""
    return HEADER.format(kind="incident") + f"""apiVersion: sms/v1
kind: incident
id: INC-{number:04d}
title: Synthetic incident {number} on service {number % services + 1}
owner: incident-manager
status: {INCIDENT_STEPS[steps - 1]}
history:
{lines}priority: P{random.randint(2, 4)}
reported_at: {stamp(start)}
description: Users of service {number % services + 1} saw slow responses and some timeouts in the portal.
{assigned}{resolved}links:
  services: [SVC-{number % services + 1:04d}]
  cis: [CI-{random.randint(1, cis):04d}]
"""


def request(number: int, services: int, cis: int) -> str:
    steps = random.randint(1, len(REQUEST_STEPS))
    start = EPOCH + timedelta(minutes=random.randint(0, 400_000))
    lines = history(REQUEST_STEPS[:steps], start, 3, lambda s: "p-jo", f"request {number}")
    assigned = "assignee: p-jo\n" if steps > 1 else ""
    fulfilled = (f"fulfilled_at: {stamp(start + timedelta(hours=9))}\nfulfilment: Access granted with the "
                 "read-only role; the requester confirmed it works.\n") if steps > 3 else ""
    return HEADER.format(kind="request") + f"""apiVersion: sms/v1
kind: request
id: REQ-{number:04d}
title: Synthetic request {number} for portal access
owner: service-desk-lead
status: {REQUEST_STEPS[steps - 1]}
history:
{lines}requester: Finance team, customer {number % 97}
requested_at: {stamp(start)}
description: Create a read-only portal user for the customer's new accounts-receivable clerk.
{assigned}{fulfilled}links:
  services: [SVC-{number % services + 1:04d}]
"""


MAKERS: dict[str, Callable[[int, int, int], str]] = {"incident": incident, "request": request, "change": change}


def plan(count: int) -> list[tuple[str, int]]:
    """(kind, number) of every operational record, in the MIX's proportions, numbered per kind from 1."""
    cycle = [kind for kind, weight in MIX for _ in range(weight)]
    numbers = dict.fromkeys(PREFIX, 0)
    result = []
    for index in range(count):
        kind = cycle[index % len(cycle)]
        numbers[kind] += 1
        result.append((kind, numbers[kind]))
    return result


def _sub(text: str, old: str, new: str) -> str:
    """Replace the first `old`; a defect that does not apply must fail loudly, not plant nothing."""
    if old not in text:
        raise ValueError(f"defect cannot be planted: {old!r} not in the record")
    return text.replace(old, new, 1)


# Each defect turns one valid record (of a kind it applies to) into one with a known finding. It gets the files
# dict (to add a file), the record's path and kind, and returns the rule that must report it and what it did.
def _schema(files: dict[str, str], path: str, kind: str) -> tuple[str, str]:
    files[path] = _sub(files[path], "\nowner:", "\ncolour: blue\nowner:")
    return "SMS012", "unknown field 'colour'"


def _dangling(files: dict[str, str], path: str, kind: str) -> tuple[str, str]:
    files[path] = _sub(files[path], "  services: [SVC-", "  services: [SVC-9999, SVC-")
    return "SMS101", "links.services names SVC-9999, which does not exist"


def _duplicate(files: dict[str, str], path: str, kind: str) -> tuple[str, str]:
    stem = path.rsplit("/", 1)[1].removesuffix(".yaml")
    twin = path.replace(f"{stem}.yaml", f"{stem}-copy.yaml")
    files[twin] = files[path]
    return "SMS103", f"{twin} repeats the id {stem}"


def _skip(files: dict[str, str], path: str, kind: str) -> tuple[str, str]:
    # drop the second history entry: the record jumps from its first status to its third
    head, rest = files[path].split("history:\n", 1)
    entries = rest.split("  - status: ")
    if len(entries) < 4:
        raise ValueError("defect cannot be planted: fewer than 3 history entries")
    files[path] = head + "history:\n" + "  - status: ".join(entries[:2] + entries[3:])
    return "SMS301", "a lifecycle step is skipped"


def _status(files: dict[str, str], path: str, kind: str) -> tuple[str, str]:
    text = files[path]
    current = text.split("\nstatus: ", 1)[1].split("\n", 1)[0]
    other = "new" if kind != "change" else "draft"
    files[path] = _sub(text, f"\nstatus: {current}\n", f"\nstatus: {other if current != other else 'assigned'}\n")
    return "SMS302", "status differs from the last history entry"


def _order(files: dict[str, str], path: str, kind: str) -> tuple[str, str]:
    files[path] = _sub(files[path], "\n    at: 2026-", "\n    at: 2027-")
    return "SMS303", "the first history entry is a year later than the next"


def _syntax(files: dict[str, str], path: str, kind: str) -> tuple[str, str]:
    files[path] = _sub(files[path], "  services: [SVC-", "  services: [[SVC-")
    return "SMS001", "an unclosed flow sequence"


def _duplicate_key(files: dict[str, str], path: str, kind: str) -> tuple[str, str]:
    files[path] = _sub(files[path], "\nowner:", "\ntitle: Twice\nowner:")
    return "SMS002", "the key 'title' twice"


def _file_name(files: dict[str, str], path: str, kind: str) -> tuple[str, str]:
    stem = path.rsplit("/", 1)[1].removesuffix(".yaml")
    files[path] = _sub(files[path], f"\nid: {stem}\n", f"\nid: {stem}0\n")
    return "SMS013", "the id differs from the file name"


DEFECTS: tuple[Callable[[dict[str, str], str, str], tuple[str, str]], ...] = (
    _schema, _dangling, _duplicate, _skip, _status, _order, _syntax, _duplicate_key, _file_name)


def plant(files: dict[str, str], records: list[tuple[str, str]], count: int) -> list[Defect]:
    """Plant `count` defects, cycling through DEFECTS, each in its own record (those with a full history, so
    every defect applies); returns what was planted."""
    full = [(path, kind) for path, kind in records if files[path].count("  - status: ") >= 4]
    if count > len(full):
        raise SystemExit(f"--defects {count}: only {len(full)} records can take one; generate more records")
    planted = []
    for index, (path, kind) in enumerate(random.sample(full, count)):
        make = DEFECTS[index % len(DEFECTS)]
        rule, what = make(files, path, kind)
        planted.append(Defect(rule, path if make is not _duplicate else what.split(" ", 1)[0], what))
    return planted


def big_record(number: int, style: str, limit: int) -> str:
    """An incident with a history long enough to bring the file just under `limit` bytes; `style` 'flow'
    writes each entry as a flow mapping (`- {status: …}`), 'block' as a block mapping."""
    head = HEADER.format(kind="incident") + f"""apiVersion: sms/v1
kind: incident
id: INC-{number:04d}
title: Flapping alert {number}
owner: incident-manager
status: in_progress
priority: P3
reported_at: {stamp(EPOCH)}
description: A monitor that flaps; every flap was recorded.
assignee: p-ivy
links:
  services: [SVC-0001]
history:
"""
    parts, size, step, last = [head], len(head), 0, ""
    while True:
        status = ("new", "assigned", "in_progress", "on_hold")[0 if step == 0 else 1 if step == 1 else 2 + step % 2]
        at = stamp(EPOCH + timedelta(minutes=step))
        entry = (f"  - {{status: {status}, at: {at}, by: p-ivy}}\n" if style == "flow"
                 else f"  - status: {status}\n    at: {at}\n    by: p-ivy\n")
        if size + len(entry) + 64 > limit:
            break
        parts.append(entry)
        size += len(entry)
        step, last = step + 1, status
    if last == "on_hold":  # end in progress, as the status says
        parts.append(f"  - {{status: in_progress, at: {stamp(EPOCH + timedelta(minutes=step))}, by: p-ivy}}\n"
                     if style == "flow" else
                     f"  - status: in_progress\n    at: {stamp(EPOCH + timedelta(minutes=step))}\n    by: p-ivy\n")
    return "".join(parts)


def generate(count: int, out: Path, seed: int = 20261125, defects: int = 0, big: str | None = None,
             big_limit: int = 1024 * 1024) -> list[Defect]:
    """Write the SMS into `out` (replaced); returns the defects planted. With `big`, the operational records
    are `count` incidents just under `big_limit` bytes each instead of the mix."""
    random.seed(seed)
    if out.exists():
        shutil.rmtree(out)
    services, cis = max(4, count // 200), max(10, count // 20)
    repo_root = Path(__file__).resolve().parent.parent
    shutil.copytree(repo_root / "schemas", out / "schemas")
    (out / "sms.yaml").write_text(
        "apiVersion: sms/v1\nkind: config\norganisation:\n  name: Synthetic Example Ltd\n"
        "rules:\n  severity:\n    # an operational register, not a whole SMS: clause coverage is not the point\n"
        "    SMS501: \"off\"\n    SMS502: \"off\"\n", encoding="utf-8")
    files = {f"policies/roles/{r}.yaml": role(r) for r in ROLES}
    files |= {f"records/people/{p}.yaml": person(p) for p in PEOPLE}
    files |= {f"records/services/SVC-{n:04d}.yaml": service(n) for n in range(1, services + 1)}
    files |= {f"records/cis/CI-{n:04d}.yaml": ci(n, services) for n in range(1, cis + 1)}
    records = []
    for kind, number in (plan(count) if big is None else [("incident", n) for n in range(1, count + 1)]):
        path = f"records/{FOLDER[kind]}/{PREFIX[kind]}-{number:04d}.yaml"
        files[path] = MAKERS[kind](number, services, cis) if big is None else big_record(number, big, big_limit)
        records.append((path, kind))
    planted = plant(files, records, defects) if defects else []
    for relpath, text in files.items():
        path = out / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return planted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int, help="number of operational records (incidents, requests, changes)")
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    parser.add_argument("--defects", type=int, default=0, metavar="K",
                        help="plant K known findings of varied rules (printed, one JSON object a line)")
    parser.add_argument("--manifest", type=Path, help="also write the planted defects to this JSON file")
    parser.add_argument("--big", choices=("flow", "block"),
                        help="instead of the mix: COUNT incidents just under 1 MiB each, their history in this style")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    if args.count < 1 or args.defects < 0:
        parser.error("count must be at least 1 and --defects at least 0")
    planted = generate(args.count, args.out, seed=args.seed, defects=args.defects, big=args.big)
    for defect in planted:
        print(json.dumps(asdict(defect)))
    if args.manifest:
        args.manifest.write_text(json.dumps([asdict(d) for d in planted], indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.count} records to {args.out}" + (f" with {len(planted)} defects" if planted else ""),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
