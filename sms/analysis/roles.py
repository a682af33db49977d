"""Who holds which role, when: read from person records' dated role assignments."""

from __future__ import annotations

from datetime import date

from sms.store.repository import Repository


def holds_role(repo: Repository, person_id: str, role_id: str | None, on: date) -> bool:
    """True if the person holds `role_id` (any role when None) on the given day."""
    person = repo.get(person_id)
    if person is None or person.kind != "person" or not isinstance(person.data, dict):
        return False
    day = on.isoformat()
    for assignment in person.data.get("roles", []):
        if not isinstance(assignment, dict) or (role_id is not None and assignment.get("role") != role_id):
            continue
        since, until = assignment.get("since"), assignment.get("until")
        if isinstance(since, str) and since <= day and (not isinstance(until, str) or day <= until):
            return True
    return False


def holds_role_during(repo: Repository, person_id: str, role_id: str, first: date, last: date) -> bool:
    """True if the person holds `role_id` on any day from `first` to `last`."""
    person = repo.get(person_id)
    if person is None or person.kind != "person" or not isinstance(person.data, dict):
        return False
    for assignment in person.data.get("roles", []):
        if not isinstance(assignment, dict) or assignment.get("role") != role_id:
            continue
        since, until = assignment.get("since"), assignment.get("until")
        if isinstance(since, str) and since <= last.isoformat() and (
                not isinstance(until, str) or first.isoformat() <= until):
            return True
    return False


def holders(repo: Repository, role_id: str, on: date) -> list[str]:
    """Ids of the people holding a role on a day."""
    return sorted(entry.id for entry in repo.of_kind("person")
                  if entry.id is not None and holds_role(repo, entry.id, role_id, on))


def top_management_roles(repo: Repository) -> frozenset[str]:
    """Ids of the roles marked `top_management: true`: the people who direct the SMS (5.1)."""
    return frozenset(entry.id for entry in repo.of_kind("role") if entry.id is not None
                     and isinstance(entry.data, dict) and entry.data.get("top_management") is True)


def holds_top_management(repo: Repository, person_id: str, on: date) -> bool:
    """Whether the person holds any top-management role on the day."""
    return any(holds_role(repo, person_id, role, on) for role in top_management_roles(repo))
