"""One record file as the store holds it (`Entry`), and what of it the record cache keeps.

Read back from the record cache, an entry has its facts (path, kind, id, references, top-level fields, status,
declared clauses, whether it validated) at once and its document and typed record only when first asked for.
"""

from __future__ import annotations

import gc
import pickle
import sys
import zlib
from typing import Any

from sms.core.findings import Location
from sms.models import Record
from sms.models.refs import FoundRef
from sms.store.loader import Document

_EntryState = tuple[str, str | None, str | None, tuple[FoundRef, ...], frozenset[str], str | None, tuple[str, ...],
                    bool, bytes]


class Entry:
    """One record file: where it is, what it says, and its typed record when it validated.

    Read back from the record cache, an entry has its path, kind, id and references at once, and its document and
    typed record only when first asked for: a check after one file changed asks for those of few records (the
    cross-record rules mostly need ids and references), and unpickling 100,000 records' fields was half its time.
    """

    __slots__ = ("_doc", "_packed", "_record", "_valid", "clauses", "id", "keys", "kind", "path", "refs", "status")

    def __init__(self, path: str, doc: Document, kind: str | None = None, id: str | None = None,
                 record: Record | None = None, refs: tuple[FoundRef, ...] = ()) -> None:
        self.path = path
        self.kind = kind
        self.id = id
        self.refs = refs
        """Each reference to another record in the data (path, id named, kinds it may name): found once when
        read, so a check from the record cache does not walk 10,000 records' fields for them again."""
        self.keys: frozenset[str] = _keys(doc.data)
        """The top-level fields the data has: whether a record keeps, say, reviewed_links is known without
        reading it back."""
        self.status, self.clauses = _status(doc.data), _clauses(doc.data)
        """Its `status` (None unless a string), and the clauses it says it serves (`clauses`, `links.clauses`):
        what clause coverage asks of 20,000 changes."""
        self._doc: Document | None = doc
        self._record = record
        self._packed: bytes | None = None
        self._valid = False

    @property
    def doc(self) -> Document:
        if self._doc is None:
            self._unpack()
        assert self._doc is not None
        return self._doc

    @property
    def record(self) -> Record | None:
        if self._doc is None:
            self._unpack()
        return self._record

    @record.setter
    def record(self, record: Record | None) -> None:
        if self._doc is None:
            self._unpack()
        self._record = record
        self._packed = None  # what was kept no longer says it

    @property
    def valid(self) -> bool:
        """Whether the record validated (`record` is not None), known without reading it back."""
        return self._valid if self._doc is None else self._record is not None

    def release(self) -> None:
        """Let go of the document and typed record read back from the record cache (they are read back again if
        asked for): a rule run over 100,000 records one chunk at a time holds one chunk of them, not all. Records
        read back one by one share none of their strings, and all of them took half as much memory again as a
        cold load."""
        if self._packed is not None:
            self._doc = self._record = None

    @property
    def data(self) -> Any:
        return self.doc.data

    def location(self, path: tuple[str | int, ...] = ()) -> Location:
        line, column = self.doc.position(path)
        return Location(self.path, line, column)

    def __repr__(self) -> str:
        return f"Entry({self.path!r}, kind={self.kind!r}, id={self.id!r})"

    def __getstate__(self) -> _EntryState:
        packed = self._packed
        if packed is None:
            packed = zlib.compress(pickle.dumps((self._doc, self._record), protocol=pickle.HIGHEST_PROTOCOL), 1)
        return self.path, self.kind, self.id, self.refs, self.keys, self.status, self.clauses, self.valid, packed

    def __setstate__(self, state: _EntryState) -> None:
        self.path, self.kind, self.id, self.refs, keys, self.status, self.clauses, self._valid, self._packed = state
        self.keys = _KEYS.setdefault(keys, keys)
        self._doc = self._record = None

    def _unpack(self) -> None:
        assert self._packed is not None
        enabled = gc.isenabled()
        gc.disable()  # as the record cache reads: records hold no cycles, and the collector would walk them again
        try:
            self._doc, self._record = pickle.loads(zlib.decompress(self._packed))
        finally:
            if enabled:
                gc.enable()


_KEYS: dict[frozenset[str], frozenset[str]] = {}


def _keys(data: Any) -> frozenset[str]:
    """The top-level keys of a record's data, one set shared by every record with the same ones."""
    keys = frozenset(key for key in data if isinstance(key, str)) if isinstance(data, dict) else frozenset()
    return _KEYS.setdefault(keys, keys)


def _status(data: Any) -> str | None:
    status = data.get("status") if isinstance(data, dict) else None
    return sys.intern(status) if isinstance(status, str) else None


def _clauses(data: Any) -> tuple[str, ...]:
    return tuple(declared_clauses(data)) if isinstance(data, dict) else ()


def declared_clauses(data: dict[str, Any]) -> list[str]:
    """The clauses a record says it serves: its own `clauses` and its `links.clauses`."""
    links = data.get("links")
    own = data.get("clauses")
    linked = links.get("clauses") if isinstance(links, dict) else None
    return [c for c in (own if isinstance(own, list) else []) + (linked if isinstance(linked, list) else [])
            if isinstance(c, str)]
