"""One record file as the store holds it (`Entry`), and what of it the record cache keeps.

Read back from the record cache, an entry has its facts (path, kind, id, references, top-level fields, status,
declared clauses, whether it validated) at once and its document and typed record only when first asked for.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from sms.core.collector import CollectorPaused
from sms.core.errors import SmsError
from sms.core.findings import Location
from sms.models import Record
from sms.models.refs import FoundRef
from sms.store.loader import Document

Facts = tuple[str, str | None, str | None, tuple[FoundRef, ...], frozenset[str], str | None, str | None,
              tuple[str, ...], bool, int | None]
_EntryState = tuple[str, str | None, str | None, tuple[FoundRef, ...], frozenset[str], str | None, str | None,
                    tuple[str, ...], bool, int | None, bytes]
Span = tuple[int, int, bytes]  # offset, length and digest of an entry's packed bytes in a `Region`
BLOB_DIGEST = 32


def blob_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=BLOB_DIGEST).digest()


class Region:
    """The packed documents and records of one record-cache file, read only for the entries asked for, from the
    file as it was opened (a rename over it leaves the descriptor on the old one). The file's MAC covers each
    entry's span and digest, not these bytes: each is checked against its digest when read, and a span that
    fails is read again from the record file (`reread`)."""

    __slots__ = ("handle", "reread", "start")

    def __init__(self, handle: int, start: int, reread: Callable[[str], Entry | None]) -> None:
        self.handle = handle  # an open descriptor, closed with the region
        self.start = start
        self.reread = reread

    def read(self, span: Span) -> bytes | None:
        offset, length, digest = span
        try:
            data = os.pread(self.handle, length, self.start + offset)
        except OSError:
            return None
        return data if len(data) == length and blob_digest(data) == digest else None

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.handle)


class Entry:
    """One record file: where it is, what it says, and its typed record when it validated.

    Read back from the record cache, an entry has its path, kind, id and references at once, and its document and
    typed record only when first asked for: a check after one file changed asks for those of few records (the
    cross-record rules mostly need ids and references), and unpickling 100,000 records' fields was half its time.
    """

    __slots__ = ("_doc", "_latest", "_packed", "_record", "_region", "_valid", "clauses", "id", "keys", "kind", "path",
                 "refs", "status", "type")

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
        data = doc.data
        self.status, self.type, self.clauses = _string(data, "status"), _string(data, "type"), _clauses(data)
        """Its `status` and `type` (None unless a string), and the clauses it says it serves (`clauses`,
        `links.clauses`): what clause coverage asks of 20,000 changes, and SMS306 of which are emergencies."""
        self._latest = _latest(record)  # an ordinal: 10,000 dates read back cost 10 ms, ints nothing
        self._doc: Document | None = doc
        self._record = record
        self._packed: bytes | Span | None = None  # a Span: in `_region`
        self._region: Region | None = None
        self._valid = False

    @classmethod
    def kept(cls, facts: Facts, region: Region, span: Span) -> Entry:
        """An entry read back from a record-cache file: its facts, and where its document and record are."""
        entry = cls.__new__(cls)
        (entry.path, entry.kind, entry.id, entry.refs, keys, entry.status, entry.type, entry.clauses, entry._valid,
         entry._latest) = facts
        entry.keys = _KEYS.setdefault(keys, keys)
        entry._doc = entry._record = None
        entry._packed, entry._region = span, region
        return entry

    def facts(self) -> Facts:
        """What is known of the entry without its document: kept apart from the packed bytes."""
        return (self.path, self.kind, self.id, self.refs, self.keys, self.status, self.type, self.clauses, self.valid,
                self._latest)

    def packed(self) -> bytes:
        """The document and typed record, pickled: what the record cache keeps of them. Not compressed: the
        document's text already is (sms.store.loader.Document), and compressing the rest again took as long as
        pickling it for a gain of 40% on disk (10,000 records: 0.5 s more for the first check, 0.13 s for every
        read of all of them back, to keep 15 MB rather than 25)."""
        kept = self._kept()
        if kept is not None:
            return kept
        return pickle.dumps((self._doc, self._record), protocol=pickle.HIGHEST_PROTOCOL)

    def _kept(self) -> bytes | None:
        """The packed bytes this entry was read back with, if any. Bytes kept in a cache file that fail their digest
        are None, and the record file has been read again instead (`_doc` and `_record` are then held)."""
        packed = self._packed
        if not isinstance(packed, tuple):
            return packed
        assert self._region is not None
        data = self._region.read(packed)
        if data is None:
            self._reread(self._region)
        return data

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
        self._packed = self._region = None  # what was kept no longer says it
        self._latest = _latest(record)

    @property
    def latest(self) -> date | None:
        """The last day its valid record's history is dated (in each step's own time zone): on a new day, SMS314
        reads back only the records dated after it."""
        return None if self._latest is None else date.fromordinal(self._latest)

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
        return *self.facts(), self.packed()

    def __setstate__(self, state: _EntryState) -> None:
        (self.path, self.kind, self.id, self.refs, keys, self.status, self.type, self.clauses, self._valid,
         self._latest, self._packed) = state
        self.keys = _KEYS.setdefault(keys, keys)
        self._doc = self._record = self._region = None

    def _unpack(self) -> None:
        assert self._packed is not None
        packed = self._kept()
        if packed is None:
            return  # damaged where it was kept, and read from the record file again
        with CollectorPaused(freeze=False):  # as the record cache reads: records hold no cycles
            self._doc, self._record = pickle.loads(packed)

    def _reread(self, region: Region) -> None:
        """The kept bytes failed their digest (the cache file was damaged after it was read): read the record
        file again. It is the same content: the cache was consulted by its blob id."""
        fresh = region.reread(self.path)
        if fresh is None or fresh._doc is None:
            raise SmsError(f"{self.path}: the record cache changed while sms read it",
                           hint="run sms again; --no-cache reads every file instead")
        self._doc, self._record = fresh._doc, fresh._record
        self._packed = self._region = None  # nothing kept to read back: held from now on


_KEYS: dict[frozenset[str], frozenset[str]] = {}


def _keys(data: Any) -> frozenset[str]:
    """The top-level keys of a record's data, one set shared by every record with the same ones."""
    keys = frozenset(key for key in data if isinstance(key, str)) if isinstance(data, dict) else frozenset()
    return _KEYS.setdefault(keys, keys)


def _latest(record: Record | None) -> int | None:
    history = getattr(record, "history", None)
    return max((step.at.toordinal() for step in history), default=None) if isinstance(history, list) else None


def _string(data: Any, field: str) -> str | None:
    value = data.get(field) if isinstance(data, dict) else None
    return sys.intern(value) if isinstance(value, str) else None


def _clauses(data: Any) -> tuple[str, ...]:
    return tuple(declared_clauses(data)) if isinstance(data, dict) else ()


def declared_clauses(data: dict[str, Any]) -> list[str]:
    """The clauses a record says it serves: its own `clauses` and its `links.clauses`."""
    links = data.get("links")
    own = data.get("clauses")
    linked = links.get("clauses") if isinstance(links, dict) else None
    return [c for c in (own if isinstance(own, list) else []) + (linked if isinstance(linked, list) else [])
            if isinstance(c, str)]
