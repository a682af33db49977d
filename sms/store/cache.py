"""The record cache (`.sms-cache/`): what reading and validating each record file gave, kept between runs and keyed
by the file's git blob id, so a warm `sms check` reads no YAML at all.

What is kept per file is the store's whole result for it (the entry with its data, positions and typed record, and
its loading problems), so findings from cache are the very ones a fresh read gives. A shard file holds the
entries' facts (what most rules ask) and, after them, each entry's packed document and record, which are read
only for the entries asked for: at 100,000 records the facts are 25 MB of 180. An entry is
used only when all of these match: the path, the blob id of the file's content now (from the git index for a clean
file, hashed here as git would for any other), and the fingerprint of everything else the result depends on — the
sms version and the source of the layers that read files, Python and pydantic, and the loading settings of
sms.yaml (`settings`).

The cache is never trusted. Each shard file carries a MAC of its facts (keyed BLAKE2b) under a key kept in git's
own folder, which no commit can write: a cache file that is truncated, corrupt, stale or planted (a pull request
can commit a `.sms-cache/`) fails the MAC and is ignored, then rebuilt — never unpickled. The facts give each
packed record's digest, and packed bytes are unpickled only when they match it; those that do not are read from
the record file again (`sms.store.entry.Region`). Writes go to a temporary file renamed into place, so a killed
run leaves the old shard or the new one. Every write failure (a read-only checkout) silently leaves the cache out.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sms
from sms.core.collector import CollectorPaused
from sms.core.errors import SmsError

if TYPE_CHECKING:  # sms.store.entry imports the models: a check whose findings are reused must not
    from sms.store.entry import Entry

FOLDER = ".sms-cache"
KEY_FILE = "sms-cache.key"  # in git's folder
SHARDS = 32
_MAGIC = b"sms-cache 5\n"
_DIGEST = 32  # bytes of a sha256
_LENGTH = 8  # bytes giving the length of a shard's facts
_HEADER = len(_MAGIC) + 2 * _DIGEST  # magic, fingerprint, MAC
_CODE = ("core", "models", "store")  # the layers whose code decides what loading gives
_IGNORE_ALL = "# written by sms: the record cache is rebuilt on demand and never committed\n*\n"


def blob_sha(content: bytes) -> str:
    """The id git gives a file with this content (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def input_digest(parts: Iterable[object]) -> bytes:
    """One sha256 of many inputs, each given by its repr: what a kept result was found from."""
    text = "\0".join(map(repr, parts)) + "\0"  # one update: 300,000 of them cost a fifth of a second
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()


@functools.cache
def code_fingerprint() -> bytes:
    """The version of sms and what it runs on, and the size and time of each source file of the layers that
    load records, so that an edited checkout of sms never reads what older code cached."""
    import pydantic  # here: a check whose findings are reused never needs it
    import pydantic_core

    parts = [sms.__version__, sys.version, pydantic.VERSION, pydantic_core.__version__]
    package = Path(__file__).resolve().parent.parent
    for layer in _CODE:
        with os.scandir(package / layer) as found:
            for item in sorted(found, key=lambda item: item.name):
                if item.name.endswith(".py"):
                    info = item.stat()
                    parts.append(f"{layer}/{item.name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts).encode()


class RecordCache:
    """Per-file loading results of one SMS root, read lazily by shard and written back by `save`."""

    def __init__(self, root: Path, key: bytes, fingerprint: bytes, shas: Mapping[str, str], max_bytes: int,
                 reread: Callable[[str], Entry | None]) -> None:
        self.root = root
        self.folder = root / FOLDER
        self._key = key
        self._fingerprint = hashlib.sha256(fingerprint).digest()
        self._shas = shas  # clean tracked files; any other file is hashed when asked for
        self._max_bytes = max_bytes
        self._shards: dict[int, dict[str, tuple[str, Any]]] = {}
        self._dirty: set[int] = set()
        self._seen: set[str] = set()
        self._pending: dict[str, str] = {}  # path → blob id of a value not yet in the cache
        self.blob_ids: dict[str, str] = {}  # path → blob id of every file asked for whose content is known
        self._prefetched: dict[int, Future[tuple[bytes, int, int] | None]] | None = None
        self._reread = reread  # reads a record file afresh, for an entry whose kept bytes turn out damaged

    def get(self, relpath: str) -> Any | None:
        """The cached result for this file as it is now, or None (then `put` what a fresh read gives)."""
        self._seen.add(relpath)
        sha = self._shas.get(relpath) or self._hash(relpath)
        if sha is None:
            return None
        self.blob_ids[relpath] = sha
        shard = self._shard(relpath)
        held = shard.get(relpath)
        if held is not None and held[0] == sha:
            return held[1]
        self._pending[relpath] = sha
        return None

    def put(self, relpath: str, value: Any) -> None:
        sha = self._pending.pop(relpath, None)
        if sha is not None:
            index = _index(relpath)
            self._shard(relpath)[relpath] = (sha, value)
            self._dirty.add(index)

    def save(self) -> None:
        """Write back every shard that changed or holds files no longer there; give up quietly on any error."""
        for index, shard in self._shards.items():
            gone = [path for path in shard if path not in self._seen]
            for path in gone:
                del shard[path]
            if gone:
                self._dirty.add(index)
        if not self._dirty or not self._ready_folder():
            return
        for index in sorted(self._dirty):
            try:
                self._write(index, self._shards[index])
            except (OSError, pickle.PicklingError, TypeError, AttributeError, SmsError):
                return  # read-only, disk full, a value that cannot be pickled, or a damaged kept record: no cache
        self._dirty.clear()

    def _hash(self, relpath: str) -> str | None:
        """The blob id of a file that is not clean in git, read here; None for anything but a regular file
        within the size limit (the loader reports those, and no cache is needed to say so)."""
        try:
            info = os.lstat(self.root / relpath)
            if not stat.S_ISREG(info.st_mode) or info.st_size > self._max_bytes:
                return None
            with open(self.root / relpath, "rb") as handle:
                content = handle.read(self._max_bytes + 1)
        except OSError:
            return None
        return blob_sha(content) if len(content) <= self._max_bytes else None

    def _shard(self, relpath: str) -> dict[str, tuple[str, Any]]:
        index = _index(relpath)
        shard = self._shards.get(index)
        if shard is None:
            shard = self._shards[index] = self._read(index)
        return shard

    def _path(self, index: int) -> Path:
        return self.folder / f"{index:02d}.bin"

    def prefetch(self, relpaths: Iterable[str]) -> None:
        """Read and authenticate every shard in a background thread, for a load of the whole SMS (which asks for
        all of them): the MAC (hashed outside the interpreter lock) and the reading of the next shard overlap the
        unpickling of this one. At 100,000 records, 0.2 s of 180 MB hashed."""
        if self._prefetched is None:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sms-cache")
            first_asked = dict.fromkeys(_index(relpath) for relpath in relpaths)  # in the order they will be
            self._prefetched = {index: pool.submit(self._verified, index) for index in first_asked}
            pool.shutdown(wait=False)

    def _read(self, index: int) -> dict[str, tuple[str, Any]]:
        """One shard as written, or empty when it is missing, foreign, stale, damaged or unreadable."""
        ahead = self._prefetched.pop(index, None) if self._prefetched is not None else None
        found = ahead.result() if ahead is not None else self._verified(index)  # let go once read
        if found is None:
            return {}
        from sms.store.entry import Entry, Region  # here: see the imports above

        facts, handle, start = found
        region = Region(handle, start, self._reread)
        kept = Entry.kept
        # Millions of small objects that live as long as the run: out of the collector's sight (it only finds
        # cycles, and records have none), or every later collection would walk them all again.
        with CollectorPaused():
            try:
                return {path: (sha, (kept(state, region, span) if state is not None else None, problems))
                        for path, (sha, state, span, problems) in pickle.loads(facts).items()}
            except Exception:  # written by us (the MAC says so), so only a bug gets here: then read the files again
                return {}

    def _verified(self, index: int) -> tuple[bytes, int, int] | None:
        """A shard's facts, descriptor and where its packed records start, if its MAC says this repository's sms
        wrote it with this fingerprint."""
        return _signed_shard(self._path(index), self._key, self._fingerprint)

    def _ready_folder(self) -> bool:
        return ready_folder(self.folder)

    def _write(self, index: int, shard: dict[str, tuple[str, Any]]) -> None:
        # Not compressed: reading a record back costs only its unpickling (Entry.packed says why).
        from sms.store.entry import blob_digest  # here: see the imports above

        facts: dict[str, tuple[str, Any, Any, Any]] = {}
        packed: list[bytes] = []
        offset = 0
        for path, (sha, (entry, problems)) in shard.items():
            if entry is None:
                facts[path] = (sha, None, None, problems)
                continue
            data = entry.packed()
            facts[path] = (sha, entry.facts(), (offset, len(data), blob_digest(data)), problems)
            packed.append(data)
            offset += len(data)
        payload = pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
        signed = len(payload).to_bytes(_LENGTH, "big") + payload
        _replace(self.folder, self._path(index),
                 b"".join([_signed(self._key, self._fingerprint, signed), signed, *packed]))


def ready_folder(folder: Path) -> bool:
    """Create .sms-cache/ (ignored by git whatever the repository's .gitignore says); refuse one that is
    a symbolic link or not a folder."""
    try:
        folder.mkdir(exist_ok=True)
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False
        ignore = folder / ".gitignore"
        if not ignore.exists():
            _replace(folder, ignore, _IGNORE_ALL.encode())
    except OSError:
        return False
    return True


def _signature(key: bytes, fingerprint: bytes, *payload: bytes | memoryview) -> bytes:
    signature = hashlib.blake2b(fingerprint, key=key, digest_size=_DIGEST)
    for part in payload:
        signature.update(part)  # not `fingerprint + payload`: that copies the payload
    return signature.digest()


def _signed(key: bytes, fingerprint: bytes, *payload: bytes) -> bytes:
    """The header of a file signed under this key and fingerprint: magic, fingerprint, MAC of the payload."""
    return _MAGIC + fingerprint + _signature(key, fingerprint, *payload)


def _authentic(header: bytes, key: bytes, fingerprint: bytes, *payload: bytes | memoryview) -> bool:
    """Whether `header` (as `_signed` writes it) says sms signed this payload under this key and fingerprint."""
    magic = len(_MAGIC)
    return (len(header) == _HEADER and header[:magic] == _MAGIC and header[magic:magic + _DIGEST] == fingerprint
            and hmac.compare_digest(header[magic + _DIGEST:], _signature(key, fingerprint, *payload)))


def _signed_payload(path: Path, key: bytes, fingerprint: bytes) -> memoryview | None:
    """The payload of a file written signed under this key and fingerprint, or None when it is missing,
    unreadable, damaged, foreign or written for another fingerprint. Not copied: 180 MB at 100,000 records."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    payload = memoryview(raw)[_HEADER:]
    return payload if _authentic(raw[:_HEADER], key, fingerprint, payload) else None


def _signed_shard(path: Path, key: bytes, fingerprint: bytes) -> tuple[bytes, int, int] | None:
    """A record shard's facts, checked against its MAC, with an open descriptor of the file and where its packed
    records start (read one by one, each checked against its digest, when asked for); None when the file is
    missing, unreadable, damaged, foreign or written for another fingerprint. The packed records are not read:
    they are 155 MB of the 180 at 100,000 records. Read by descriptor, not mapped: a file cut short under a
    mapping kills the process (SIGBUS), a short read is just a digest that fails."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        start = os.pread(handle, _HEADER + _LENGTH, 0)
        size = int.from_bytes(start[_HEADER:], "big")
        if len(start) != _HEADER + _LENGTH or size >= 1 << 40:
            raise OSError("not a shard")
        facts = os.pread(handle, size, _HEADER + _LENGTH)
        if len(facts) != size or not _authentic(start[:_HEADER], key, fingerprint, start[_HEADER:], facts):
            raise OSError("damaged, foreign or stale")
    except OSError:
        os.close(handle)
        return None
    return facts, handle, _HEADER + _LENGTH + size


def read_signed(path: Path, key: bytes, fingerprint: bytes) -> Any | None:
    """What `write_signed` wrote to `path` under this key and fingerprint (a sha256 digest), or None when the
    file is missing, unreadable, damaged, foreign or written for another fingerprint."""
    payload = _signed_payload(path, key, fingerprint)
    if payload is None:
        return None
    try:
        return pickle.loads(zlib.decompress(payload))
    except Exception:  # signed by us, so only a bug gets here: then work it out again
        return None


def write_signed(path: Path, key: bytes, fingerprint: bytes, value: Any) -> None:
    """Replace `path` (in .sms-cache/) with `value`, signed; give up quietly on any error."""
    if not ready_folder(path.parent):
        return
    try:
        payload = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        _replace(path.parent, path, _signed(key, fingerprint, payload) + payload)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def _index(relpath: str) -> int:
    return zlib.crc32(relpath.encode("utf-8", "surrogateescape")) % SHARDS


def _replace(folder: Path, target: Path, content: bytes) -> None:
    """Write to a temporary file beside `target`, then rename it over `target`. No fsync: after a crash a shard
    may be empty or short, and then its MAC fails and it is rebuilt."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cache_key(git_dir: Path) -> bytes | None:
    """The secret that signs this repository's cache, made on first use; None when it cannot be read or made."""
    path = git_dir / KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) == _DIGEST:
            return key
    except OSError:
        pass
    try:
        _replace(git_dir, path, secrets.token_bytes(_DIGEST))  # mkstemp made it readable by its owner only
        key = path.read_bytes()  # another run may have raced us: whichever key landed is the one
    except OSError:
        return None
    return key if len(key) == _DIGEST else None


def settings(max_bytes: int, prefixes: Iterable[tuple[str, str]]) -> bytes:
    """What of sms.yaml the loading result depends on: the file size limit and the id prefixes."""
    return repr((max_bytes, sorted(prefixes))).encode()
