#!/usr/bin/env python3
"""Write a realistic synthetic SMS of N change records (plus the roles, people, services and CIs they
reference) into a folder, for benchmarks. Every record is valid and every reference resolves.

    python tools/generate_sms.py 10000 /tmp/sms-10k
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROLES = ("sms-manager", "change-manager", "service-owner")
PEOPLE = tuple(f"p-{name}" for name in ("ada", "ben", "cy", "dee", "eli", "fay", "gus", "hal"))
# Who holds which role: approvals must come from a holder of the approving role (SMS203, SMS308).
HOLDERS = {"p-ada": "sms-manager", "p-ben": "sms-manager", "p-cy": "change-manager", "p-dee": "change-manager",
           "p-eli": "service-owner", "p-fay": "service-owner", "p-gus": "service-owner", "p-hal": "service-owner"}
CHANGE_MANAGERS = ("p-cy", "p-dee")
OTHERS = tuple(p for p in PEOPLE if p not in CHANGE_MANAGERS)
STEPS = ("draft", "submitted", "assessed", "approved", "scheduled", "implemented", "reviewed", "closed")
HEADER = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"


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


def change(number: int, services: int, cis: int) -> str:
    steps = random.randint(1, len(STEPS))
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=random.randint(0, 400_000))
    requester, implementer = random.sample(OTHERS, 2)
    approver = random.choice(CHANGE_MANAGERS)
    history = "".join(
        f"  - status: {status}\n    at: {(start + timedelta(hours=6 * i)).isoformat().replace('+00:00', 'Z')}\n"
        f"    by: {approver if status == 'approved' else requester}\n"
        f"    note: Step {i + 1} of change {number}, recorded by the tooling.\n"
        for i, status in enumerate(STEPS[:steps]))
    stamp = [(start + timedelta(hours=6 * i)).isoformat().replace('+00:00', 'Z') for i in range(len(STEPS))]
    # The evidence each reached status requires (SMS115), stamped with the time its step was recorded (SMS315).
    approval = f"approved_by: {approver}\napproved_at: {stamp[3]}\n" if steps > 3 else ""
    schedule = f"schedule:\n  start: {stamp[4]}\n  end: {stamp[5]}\n" if steps > 4 else ""
    review = (f"review:\n  outcome: successful\n  reviewed_on: {stamp[6][:10]}\n"
              "  notes: Headroom as planned; no alerts during the change.\n") if steps > 6 else ""
    return HEADER.format(kind="change") + f"""apiVersion: sms/v1
kind: change
id: CHG-{number:04d}
title: Synthetic change {number} to service {number % services + 1}
owner: change-manager
type: {random.choice(("standard", "normal", "emergency"))}
status: {STEPS[steps - 1]}
history:
{history}requested_by: {requester}
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


def generate(count: int, out: Path, seed: int = 20261125) -> None:
    random.seed(seed)
    if out.exists():
        shutil.rmtree(out)
    services, cis = max(4, count // 200), max(10, count // 20)
    repo_root = Path(__file__).resolve().parent.parent
    shutil.copytree(repo_root / "schemas", out / "schemas")
    (out / "sms.yaml").write_text(
        "apiVersion: sms/v1\nkind: config\norganisation:\n  name: Synthetic Example Ltd\n"
        "rules:\n  severity:\n    # a change register, not a whole SMS: clause coverage is not the point here\n"
        "    SMS501: \"off\"\n    SMS502: \"off\"\n", encoding="utf-8")
    files = {f"policies/roles/{r}.yaml": role(r) for r in ROLES}
    files |= {f"records/people/{p}.yaml": person(p) for p in PEOPLE}
    files |= {f"records/services/SVC-{n:04d}.yaml": service(n) for n in range(1, services + 1)}
    files |= {f"records/cis/CI-{n:04d}.yaml": ci(n, services) for n in range(1, cis + 1)}
    files |= {f"records/changes/CHG-{n:04d}.yaml": change(n, services, cis) for n in range(1, count + 1)}
    for relpath, text in files.items():
        path = out / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int, help="number of change records")
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("count must be at least 1")
    generate(args.count, args.out)
    print(f"wrote {args.count} changes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
