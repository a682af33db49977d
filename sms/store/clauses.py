"""The ISO/IEC 20000-1:2018 clause catalogue: numbers, our own short titles, and the evidence that
satisfies each clause. The standard's text is copyrighted; none of it is here.

The catalogue is data (sms/data/iso20000-1-2018.yaml), validated by the models below when first used.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError, model_validator

from sms.core.errors import SmsError
from sms.models import KINDS
from sms.models.common import CLAUSE_PATTERN, SmsModel, Text
from sms.store.loader import parse

CATALOGUE = "iso20000-1-2018.yaml"
ClauseNo = Annotated[str, StringConstraints(pattern=CLAUSE_PATTERN)]
Scalar = str | int | bool


class Evidence(SmsModel):
    """One kind of record or document that counts as evidence for a clause."""

    kind: str
    """The kind of record, e.g. 'policy' or 'incident'."""
    label: Text
    """What an auditor looks for, in a few words (our words)."""
    where: dict[str, Scalar] = Field(default_factory=dict)
    """Field values the record must have, by dotted path: {type: information_security, major: true}."""
    min: int = Field(default=1, ge=1)
    """How many such records are needed."""
    approved: bool = False
    """Only approved controlled documents count (document.status == approved)."""
    declares: bool = False
    """Only records that name this clause count (a process's `clauses`, or `links.clauses`)."""
    done: bool = False
    """These are records of the activity being done (an incident handled, a complaint answered), not a
    document describing it: a clause whose only evidence present is documents is "documented, not evidenced"."""
    dated: str | None = None
    """The dotted path of the date or timestamp that dates each record, e.g. 'received_at'."""
    within_days: int | None = Field(default=None, ge=1)
    """Only records dated within this many days up to today count (with `dated`)."""

    @model_validator(mode="after")
    def known_kind(self) -> Evidence:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind '{self.kind}'")
        if self.approved and "document" not in KINDS[self.kind].model_fields:
            raise ValueError(f"'{self.kind}' is not a controlled document; 'approved' cannot apply")
        if self.within_days is not None and self.dated is None:
            raise ValueError("'within_days' needs 'dated': the field that dates each record")
        return self


class Clause(SmsModel):
    """A clause or sub-clause of the standard."""

    clause: ClauseNo
    """The clause number, e.g. '8.5.1.3'."""
    title: Text
    """Our own short title; never the standard's wording."""
    documented: bool = False
    """Whether the standard expects documented information for this clause."""
    evidence: list[Evidence] = Field(default_factory=list)
    """What satisfies the clause; empty for headings whose status comes from their sub-clauses."""
    operational: bool = False
    """The clause asks for something to be done, so documents alone leave it "documented, not evidenced"
    (a clause with a `done` evidence item is operational anyway)."""

    @property
    def expects_records(self) -> bool:
        """Whether documents alone cannot evidence the clause."""
        return self.operational or any(item.done for item in self.evidence)


class Catalogue(SmsModel):
    """The whole catalogue."""

    edition: Text
    """Which edition (and amendments) the catalogue follows."""
    clauses: list[Clause] = Field(min_length=1)
    """Every clause, in the standard's order."""

    @model_validator(mode="after")
    def unique_and_ordered(self) -> Catalogue:
        numbers = [clause.clause for clause in self.clauses]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a clause number appears twice")
        for number in numbers:
            parent = parent_of(number)
            if parent is not None and parent not in numbers:
                raise ValueError(f"clause {number} has no parent {parent} in the catalogue")
        return self

    def get(self, number: str) -> Clause | None:
        return next((clause for clause in self.clauses if clause.clause == number), None)

    def children(self, number: str) -> list[Clause]:
        return [clause for clause in self.clauses if parent_of(clause.clause) == number]


def parent_of(number: str) -> str | None:
    return number.rsplit(".", 1)[0] if "." in number else None


def is_within(number: str, ancestor: str) -> bool:
    """True if `number` is `ancestor` or one of its sub-clauses."""
    return number == ancestor or number.startswith(ancestor + ".")


def parse_catalogue(name: str, text: str) -> Catalogue:
    doc = parse(name, text)
    try:
        return Catalogue.model_validate_json(json.dumps(doc.data))
    except ValidationError as exc:
        error = exc.errors()[0]
        line, _ = doc.position(tuple(error["loc"]))
        raise SmsError(f"{name}:{line}: {error['msg']}") from exc


@cache
def catalogue() -> Catalogue:
    """The packaged catalogue (loaded once)."""
    text = resources.files("sms.data").joinpath(CATALOGUE).read_text(encoding="utf-8")
    return parse_catalogue(f"sms/data/{CATALOGUE}", text)


def load_catalogue_file(path: Path) -> Catalogue:
    return parse_catalogue(str(path), path.read_text(encoding="utf-8"))


def known_clause(number: str) -> bool:
    return catalogue().get(number) is not None


