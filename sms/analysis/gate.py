"""Changes to the gate itself: what a pull request alters of the settings that judge it, and whether an
approved change record covers each alteration.

The gate is sms.yaml's `rules` (severities, waivers), `limits`, `lifecycles` and `coverage` (a narrower phase
turns clause gaps into notes, as a waiver would), the exported schemas, the workflows, CODEOWNERS, the composite
action and mkdocs.yml. A pull request may change them, but the configuration at its
base governs it until the change is approved (SMS905): otherwise a PR could switch off the rules that would
fail it. Approval is a change record the PR adds or edits, approved by a holder of the base's
`rules.approver_role`, naming the files in `config_paths`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sms.analysis.codeowners import CODEOWNERS_PATH, generate, read_committed
from sms.analysis.roles import holds_role
from sms.git.base import Base
from sms.models.change import Change
from sms.store.config import CONFIG_FILE, Config
from sms.store.repository import Entry, Repository

# mkdocs.yml is one: its `hooks:` run Python in the publishing workflow.
GATE_FILES = ("schemas/", ".github/workflows/", ".github/CODEOWNERS", "action.yml", "mkdocs.yml")
GATE_KEYS = ("rules", "limits", "lifecycles", "coverage")
LAPSED = ("rejected", "cancelled")  # a change in these states approves nothing


@dataclass(frozen=True)
class GateChange:
    """One alteration of the gate: the file, where in it (a key path of sms.yaml), and what changed."""

    path: str
    where: tuple[str | int, ...]
    detail: str


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json") if model is not None else None


def _rule_changes(before: Config, after: Config) -> list[GateChange]:
    found = []
    old, new = before.rules.severity, after.rules.severity
    for rule_id in sorted(set(old) | set(new)):
        if old.get(rule_id) != new.get(rule_id):
            where: tuple[str | int, ...] = ("rules", "severity", rule_id) if rule_id in new else ("rules",)
            detail = f"{rule_id} severity {old.get(rule_id, 'default')} → {new.get(rule_id, 'default')}"
            found.append(GateChange(CONFIG_FILE, where, detail))
    old_waivers = [_dump(waiver) for waiver in before.rules.waivers]
    for index, waiver in enumerate(after.rules.waivers):
        if _dump(waiver) not in old_waivers:
            target = waiver.record or waiver.path
            found.append(GateChange(CONFIG_FILE, ("rules", "waivers", index),
                                    f"waiver of {waiver.rule} for {target} added or changed"))
    if before.rules.approver_role != after.rules.approver_role:
        found.append(GateChange(CONFIG_FILE, ("rules",), f"approver_role {before.rules.approver_role} → "
                                f"{after.rules.approver_role}"))
    return found


def sms_yaml_changes(before: Config, after: Config) -> list[GateChange]:
    """What the PR's sms.yaml changes of the gate, compared with the base's."""
    found = _rule_changes(before, after)
    if _dump(before.limits) != _dump(after.limits):
        found.append(GateChange(CONFIG_FILE, ("limits",), f"limits {_dump(before.limits)} → {_dump(after.limits)}"))
    if _dump(before.coverage) != _dump(after.coverage):
        found.append(GateChange(CONFIG_FILE, ("coverage",), f"coverage {_dump(before.coverage)} → "
                                f"{_dump(after.coverage)}"))
    for kind in sorted(set(before.lifecycles) | set(after.lifecycles)):
        if before.lifecycles.get(kind) != after.lifecycles.get(kind):
            at: tuple[str | int, ...] = ("lifecycles", kind) if kind in after.lifecycles else ("lifecycles",)
            found.append(GateChange(CONFIG_FILE, at, f"lifecycle of {kind} replaced"))
    return found


def gate_changes(config: Config, base: Base | None) -> list[GateChange]:
    """Every alteration of the gate in the PR; none without a base or without an sms.yaml at the base."""
    if base is None:
        return []
    found = sms_yaml_changes(base.config, config) if base.config is not None else []
    verbs = {"A": "added", "M": "modified", "D": "deleted", "R": "moved"}
    for change in base.touched:
        for path in dict.fromkeys(p for p in (change.path, change.old_path) if p is not None):
            if any(path == name or (name.endswith("/") and path.startswith(name)) for name in GATE_FILES):
                found.append(GateChange(path, (), f"{path} {verbs.get(change.status, 'changed')}"))
    return found


def _covers(paths: list[str], changed: str) -> bool:
    return any(changed == path or (path.endswith("/") and changed.startswith(path)) for path in paths)


def approving_changes(repo: Repository, base: Base, role: str) -> list[tuple[Entry, Change]]:
    """Change records of this PR approved by a holder of `role` on their approval day."""
    found = []
    for entry in repo.of_kind("change"):
        record = entry.record
        if not isinstance(record, Change) or not base.changed(entry) or record.status in LAPSED:
            continue
        entered = any(step.status == "approved" for step in record.history)
        when = record.approved_at.date() if record.approved_at is not None else None
        if entered and record.approved_by and when and holds_role(repo, record.approved_by, role, when):
            found.append((entry, record))
    return found


def unapproved(repo: Repository, base: Base | None, today: date) -> list[GateChange]:
    """The gate changes no approved change record of the PR covers (none when the base's sms.yaml sets
    `rules.approver_role: null`: that organisation lets pull requests change the gate freely). A CODEOWNERS
    that is exactly what `sms codeowners` generates from the records is not a change of its own: the records
    that changed it are judged by the rules."""
    changes = gate_changes(repo.config, base)
    committed = read_committed(repo.root).text if any(change.path == CODEOWNERS_PATH for change in changes) else None
    if committed is not None and committed == generate(repo, today, committed):
        changes = [change for change in changes if change.path != CODEOWNERS_PATH]
    if not changes or base is None:
        return changes
    role = (base.config or repo.config).rules.approver_role
    if role is None:
        return []
    approvals = approving_changes(repo, base, role)
    return [change for change in changes
            if not any(_covers(record.config_paths, change.path) for _, record in approvals)]
