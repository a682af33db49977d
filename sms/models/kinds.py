"""The one table of record kinds: for each kind, its model and everything else sms knows about it — labels,
where it lives, its default lifecycle and which statuses end it, its register columns, and the template
`sms new` starts from. Adding a kind means writing its model and one entry here; every command, rule and
page reads kinds from this table.

The table is live: `KINDS.added(kind)` adds a kind for the duration of a `with` block (tests use it to prove
that a new kind reaches check, schema export, `sms new` and the site), and the derived sets below
(POLICY_KINDS, SLUG_KINDS, CONTROLLED, LIFECYCLE) follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sms.models.common import Record

Transitions = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Column:
    """One column of a kind's register: a header and either a dotted path into the record, or the name of a
    value the site computes (`computed`)."""

    header: str
    path: str | None = None
    computed: str | None = None


@dataclass(frozen=True)
class Evidence:
    """What a record must carry once it has reached `status`: the fields (dotted paths; a list must not be
    empty) that prove the step was done. A record has reached a status when its history entered it, or when
    its current status can only be reached through it (the lifecycle's dominators), so a record cannot
    escape a requirement by a history that skips the step — SMS301 reports the skip, this the missing proof.
    """

    status: str
    fields: tuple[str, ...]
    what: str  # in people's words: "the risk assessment", "who approved it and when"
    any_of: bool = False  # one of the fields is enough (a problem's root cause or its known error)
    when: Mapping[str, tuple[object, ...]] = field(default_factory=dict)  # only where a field has one of these


@dataclass(frozen=True)
class Kind:
    """Everything sms knows about one kind of record besides its schema."""

    model: type[Record]
    singular: str
    plural: str
    slug: str  # the kind's path segment on the site (registers/<slug>.md, records/<slug>/ID.md)
    area: str  # the site's navigation area
    columns: tuple[Column, ...] = ()
    lifecycle: Transitions | None = None  # the default; sms.yaml `lifecycles` may replace it
    lifecycle_extras: Mapping[str, Transitions] = field(default_factory=dict)  # by the record's `type`
    final: frozenset[str] = frozenset()  # statuses after which the record may no longer change (SMS305)
    finished: frozenset[str] = frozenset()  # statuses after which it is no longer in force (history, not work)
    event: bool = False  # a record of something that happened: it describes the past, never "in force"
    template: str | None = None  # fields `sms new` starts from; required ones it lacks come from the model
    # The role owning the kind's records/ folder (CODEOWNERS) and made accountable by `sms new`, unless sms.yaml
    # `codeowners.kinds` or --owner says otherwise.
    default_owner: str = "sms-manager"
    evidence: tuple[Evidence, ...] = ()  # what each status requires (SMS115, and `if`/`then` in the schema)
    stamps: Mapping[str, str] = field(default_factory=dict)  # timestamp field → the status whose entry it records
    # A high-volume operational kind (thousands a year): the timestamp (a dotted path, a number indexes a list) that
    # dates a record. The site publishes such a kind, once it has many records, in register pages per month of it
    # with an anchor per record, instead of a page per record (sms.site.pages.paging).
    dated_by: str | None = None

    @property
    def name(self) -> str:
        return self.model.KIND

    @property
    def folder(self) -> str:
        """records/<folder>/ holds the kind; "" for documents, which live anywhere under policies/."""
        return self.model.FOLDER

    @property
    def prefix(self) -> str:
        """The default id prefix; "" for kinds identified by slugs (roles, people)."""
        return self.model.PREFIX


class KindTable(Mapping[str, type[Record]]):
    """Kind name → model, in table order, with each kind's full entry under `spec(name)`."""

    def __init__(self, kinds: Iterable[Kind]) -> None:
        self._kinds: dict[str, Kind] = {kind.name: kind for kind in kinds}

    def __getitem__(self, name: str) -> type[Record]:
        return self._kinds[name].model

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def spec(self, name: str) -> Kind:
        return self._kinds[name]

    def specs(self) -> list[Kind]:
        return list(self._kinds.values())

    @contextmanager
    def added(self, kind: Kind) -> Iterator[Kind]:
        """The table with `kind` added, until the block ends."""
        if kind.name in self._kinds:
            raise ValueError(f"kind {kind.name} exists already")
        self._kinds[kind.name] = kind
        try:
            yield kind
        finally:
            del self._kinds[kind.name]


class KindSet(Set[str]):
    """The names of the kinds in a table that satisfy a predicate, computed when asked (the table may grow)."""

    def __init__(self, table: KindTable, predicate: Callable[[Kind], bool]) -> None:
        self._table = table
        self._predicate = predicate

    def _names(self) -> list[str]:
        return [kind.name for kind in self._table.specs() if self._predicate(kind)]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._table and self._predicate(self._table.spec(name))

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    @classmethod
    def _from_iterable(cls, it: Iterable[Any]) -> frozenset[Any]:
        return frozenset(it)
