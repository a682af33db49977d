"""A damaged, stale, planted or unwritable record cache is never trusted and never a crash: the findings stay
those of a fresh read, and the cache is rebuilt where it can be."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sms.check import loading, reuse
from sms.store import cache
from tests.conftest import CASES, Run, SmsRunner, commit_all, git_init
from tests.test_cases import build_case

ARGS = ("check", "--today", "2026-11-25", "--base", "none")
HEAD = len(cache._MAGIC)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small SMS with schema errors (positions) and a file that does not parse, committed."""
    root = build_case(CASES / "SMS012" / "fail" / "invalid-dates-and-naive-timestamps", tmp_path)
    (root / "records" / "changes").mkdir(parents=True, exist_ok=True)
    (root / "records" / "changes" / "CHG-0001.yaml").write_text("kind: change\nid: [CHG-0001\n", encoding="utf-8")
    commit_all(git_init(root), "an SMS with findings")
    return root


def shards(root: Path) -> list[Path]:
    found = sorted((root / ".sms-cache").glob("*.bin"))
    assert found, "no cache was written"
    return found


def run(sms: SmsRunner, root: Path, *extra: str) -> tuple[int, str, str]:
    done: Run = sms(*ARGS, *extra, str(root))
    return done.code, done.out, done.err


class Planted:
    """What a planted cache file would run if anything unpickled it."""

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str]]:
        return (os.mkdir, (os.environ["SMS_TEST_MARKER"],))


def plant(shard: Path) -> None:
    """A well-formed shard signed with a key that is not this repository's, as a pull request could commit."""
    raw = shard.read_bytes()
    payload = pickle.dumps({"records/changes/CHG-0001.yaml": ("0" * 40, Planted(), None, [])})  # a shard's facts
    signed = len(payload).to_bytes(cache._LENGTH, "big") + payload
    mac = hashlib.blake2b(raw[HEAD:HEAD + 32] + signed, key=b"k" * 32, digest_size=32).digest()
    shard.write_bytes(raw[:HEAD + 32] + mac + signed)


def facts_end(raw: bytes) -> int:
    """Where a shard's signed facts end and its packed records begin."""
    start = HEAD + 64
    return start + cache._LENGTH + int.from_bytes(raw[start:start + cache._LENGTH], "big")


def record_shards(root: Path) -> list[Path]:
    return [shard for shard in shards(root) if shard.stem.isdigit()]


def flip_signed(shard: Path) -> None:
    """One bit of what the MAC covers: the facts of a record shard, the whole of the other cache files."""
    raw = bytearray(shard.read_bytes())
    raw[(HEAD + 64 + facts_end(bytes(raw))) // 2 if shard.stem.isdigit() else -1] ^= 1
    shard.write_bytes(bytes(raw))


DAMAGE: dict[str, Callable[[Path], object]] = {
    "truncated": lambda shard: shard.write_bytes(shard.read_bytes()[: len(shard.read_bytes()) // 2]),
    "empty": lambda shard: shard.write_bytes(b""),
    "one byte flipped": flip_signed,
    "garbage": lambda shard: shard.write_bytes(os.urandom(300)),
    "another format": lambda shard: shard.write_bytes(b"sms-cache 0\n" + shard.read_bytes()[HEAD:]),
    "planted": plant,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_cache_is_rebuilt_with_the_same_findings(root: Path, sms: SmsRunner, reads: list[str],
                                                         damage: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "unpickled"
    monkeypatch.setenv("SMS_TEST_MARKER", str(marker))
    fresh = run(sms, root, "--no-cache")
    assert fresh[0] == 1 and "SMS001" in fresh[1] and "SMS012" in fresh[1]
    files = len(reads)
    run(sms, root)
    for shard in shards(root):
        DAMAGE[damage](shard)
    reads.clear()
    assert run(sms, root) == fresh
    assert len(reads) == files  # nothing taken from the damaged cache ...
    assert not marker.exists()  # ... and nothing in it unpickled
    reads.clear()
    assert run(sms, root) == fresh
    assert reads == []  # rebuilt


def plant_packed(shard: Path) -> None:
    """Every packed record of a shard replaced, under its signed facts, by one that would run code."""
    raw = shard.read_bytes()
    end = facts_end(raw)
    planted = pickle.dumps(Planted())  # what a packed record is: unpickled as it stands if nothing checked it
    shard.write_bytes(raw[:end] + (planted * (len(raw) // len(planted) + 1))[:len(raw) - end])


@pytest.mark.parametrize("damage", ["flipped", "planted"])
def test_a_damaged_packed_record_is_read_from_its_file(root: Path, sms: SmsRunner, reads: list[str], damage: str,
                                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The signed facts are still used; a packed record that fails its digest is read from the record file
    when asked for (placing a finding, here), never unpickled."""
    marker = tmp_path / "unpickled"
    monkeypatch.setenv("SMS_TEST_MARKER", str(marker))
    fresh = run(sms, root, "--no-cache")
    run(sms, root)
    damaged = [shard for shard in record_shards(root) if len(shard.read_bytes()) > facts_end(shard.read_bytes())]
    assert damaged
    for shard in damaged:
        if damage == "planted":
            plant_packed(shard)
        else:
            raw = bytearray(shard.read_bytes())
            raw[facts_end(bytes(raw)):] = bytes(byte ^ 0xFF for byte in raw[facts_end(bytes(raw)):])
            shard.write_bytes(bytes(raw))
    (root / ".sms-cache" / "findings.bin").unlink()  # so the records are loaded, not the last result reused
    reads.clear()
    assert run(sms, root) == fresh
    assert not marker.exists()
    assert reads, "the records whose findings are placed were read from their files"


def test_the_planted_file_would_run_code_if_unpickled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """So the test above shows the MAC is what keeps it out."""
    monkeypatch.setenv("SMS_TEST_MARKER", str(tmp_path / "ran"))
    pickle.loads(pickle.dumps(Planted()))
    assert (tmp_path / "ran").is_dir()


def test_a_new_key_or_a_new_sms_invalidates_everything(root: Path, sms: SmsRunner, reads: list[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = run(sms, root)
    files = len(reads)
    (root / ".git" / cache.KEY_FILE).write_bytes(b"x" * 32)  # another key: every shard's MAC fails
    reads.clear()
    assert run(sms, root) == fresh
    assert len(reads) == files
    monkeypatch.setattr(loading, "code_fingerprint", lambda: b"sms of another version")
    monkeypatch.setattr(reuse, "code_parts", lambda: ["sms of another version"])  # the findings caches' key
    reads.clear()
    assert run(sms, root) == fresh
    assert len(reads) == files


def test_no_cache_neither_reads_nor_writes_it(root: Path, sms: SmsRunner, reads: list[str]) -> None:
    fresh = run(sms, root)
    files = len(reads)
    before = {shard: shard.read_bytes() for shard in shards(root)}
    (root / "records" / "people" / "a-author.yaml").write_text("kind: person\n", encoding="utf-8")
    reads.clear()
    changed = run(sms, root, "--no-cache")
    assert changed != fresh
    assert len(reads) == files
    assert {shard: shard.read_bytes() for shard in shards(root)} == before


def test_unwritable_repository_checks_without_cache(root: Path, sms: SmsRunner, reads: list[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = run(sms, root, "--no-cache")
    files = len(reads)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(30, "Read-only file system")

    with monkeypatch.context() as patch:
        patch.setattr("sms.store.cache.tempfile.mkstemp", refuse)  # no key can be made, no shard written
        reads.clear()
        assert run(sms, root) == fresh
        assert len(reads) == files
        assert not (root / ".git" / cache.KEY_FILE).exists() and not list((root / ".sms-cache").glob("*.bin"))
    run(sms, root)  # a cache made while writable ...
    with monkeypatch.context() as patch:
        patch.setattr("sms.store.cache.tempfile.mkstemp", refuse)
        (root / "records" / "people" / "a-author.yaml").write_text("kind: person\n", encoding="utf-8")
        reads.clear()
        assert run(sms, root) == run(sms, root, "--no-cache")  # ... is read, and not updated, once read-only
        assert reads.count("records/people/a-author.yaml") == 2
        assert len(reads) == files + 1  # the rest came from the cache


def test_cache_folder_that_is_a_link_or_a_file_is_left_alone(root: Path, sms: SmsRunner, tmp_path: Path) -> None:
    fresh = run(sms, root, "--no-cache")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".sms-cache").symlink_to(elsewhere)
    assert run(sms, root) == fresh
    assert list(elsewhere.iterdir()) == []
    (root / ".sms-cache").unlink()
    (root / ".sms-cache").write_text("not a folder", encoding="utf-8")
    assert run(sms, root) == fresh
    shutil.rmtree(elsewhere)
