"""The action tracker: every dated obligation an SMS records, whose it is, when it is due, and whether it is done.

One list for every consumer: SMS116/SMS117 judge what is due soon or overdue, and the site's action tracker
shows the same rows. Each source says in one place what "done" means for it (a nonconformity's corrective
action is done once the nonconformity is verified; a review action once it has a `done_on` date).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sms.models.governance import Objective
from sms.models.improvement import Audit, Improvement, ManagementReview, Nonconformity
from sms.models.risk import Risk
from sms.store.repository import Entry, Repository

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Obligation:
    """One dated thing someone must do."""

    entry: Entry  # the record that holds it
    where: Path  # the due date's place in the record
    what: str  # in people's words: "corrective action", "risk review"
    text: str  # the action itself, or the record's title
    owner: str | None  # the accountable role
    due: date
    done: bool
    judged_by: str | None = None  # another rule judges this obligation's date (SMS107); SMS116/117 skip it

    def days_left(self, today: date) -> int:
        return (self.due - today).days


def _nonconformity(entry: Entry, record: Nonconformity) -> Iterator[Obligation]:
    action = record.corrective_action
    if action is not None:
        yield Obligation(entry, ("corrective_action", "due"), "corrective action", action.text, action.owner,
                         action.due, record.status in ("verified", "closed"))


def _improvement(entry: Entry, record: Improvement) -> Iterator[Obligation]:
    done = record.status in ("implemented", "evaluated", "closed", "rejected")
    yield Obligation(entry, ("due",), "improvement", record.title, record.owner, record.due, done)


def _review(entry: Entry, record: ManagementReview) -> Iterator[Obligation]:
    for index, action in enumerate(record.actions):
        yield Obligation(entry, ("actions", index, "due"), "management review action", action.text, action.owner,
                         action.due, action.done_on is not None)


def _audit(entry: Entry, record: Audit) -> Iterator[Obligation]:
    yield Obligation(entry, ("planned_on",), "planned audit", record.title, record.owner, record.planned_on,
                     record.status != "planned")


def _risk(entry: Entry, record: Risk) -> Iterator[Obligation]:
    closed = record.status == "closed"
    yield Obligation(entry, ("review_on",), "risk review", record.title, record.owner, record.review_on, closed)
    if record.treatment is not None:
        yield Obligation(entry, ("treatment", "due"), "risk treatment", record.treatment.plan,
                         record.treatment.owner, record.treatment.due,
                         closed or record.status in ("treated", "accepted"))


def _objective(entry: Entry, record: Objective) -> Iterator[Obligation]:
    yield Obligation(entry, ("due",), "objective", record.title, record.owner, record.due,
                     record.document.status != "approved", judged_by="SMS107")


SOURCES: dict[type[Any], Callable[[Entry, Any], Iterator[Obligation]]] = {
    Nonconformity: _nonconformity, Improvement: _improvement, ManagementReview: _review, Audit: _audit,
    Risk: _risk, Objective: _objective,
}


def obligations(repo: Repository) -> Iterator[Obligation]:
    """Every dated obligation of the valid records, in repository order."""
    for entry in repo.of_kinds(model.KIND for model in SOURCES):
        source = SOURCES.get(type(entry.record))
        if source is not None:
            yield from source(entry, entry.record)


def open_obligations(repo: Repository) -> list[Obligation]:
    """What is still to be done, soonest due first."""
    return sorted((item for item in obligations(repo) if not item.done), key=lambda item: (item.due, item.what))
