"""An entry read back from the record cache has its facts at once and its document and record only when asked."""

from __future__ import annotations

import pickle
from pathlib import Path

from sms.store.config import Config
from sms.store.entry import Entry
from sms.store.loader import Reader
from sms.store.repository import load_one

VALID = """apiVersion: sms/v1
kind: person
id: a-novak
title: Ana Novak
owner: sms-manager
reviewed_links: {}
"""
CONFIG = Config.model_validate({"apiVersion": "sms/v1", "kind": "config", "organisation": {"name": "X"}})
INVALID = VALID.replace("title: Ana Novak\n", "")  # a required field missing: read, indexed, not valid


def _entry(tmp_path: Path, text: str) -> Entry:
    (tmp_path / "policies" / "people").mkdir(parents=True, exist_ok=True)
    (tmp_path / "policies" / "people" / "a-novak.yaml").write_text(text, encoding="utf-8")
    loaded = load_one("policies/people/a-novak.yaml", CONFIG, Reader(tmp_path, 1 << 20).load)
    assert loaded.entry is not None
    return loaded.entry


def test_facts_without_unpacking(tmp_path: Path) -> None:
    fresh = _entry(tmp_path, VALID)
    kept = pickle.loads(pickle.dumps(fresh))
    assert (kept.path, kept.kind, kept.id, kept.refs) == (fresh.path, "person", "a-novak", fresh.refs)
    assert kept.keys == {"apiVersion", "kind", "id", "title", "owner", "reviewed_links"} and kept.valid
    assert kept._doc is None  # nothing above read the record back
    assert kept.record == fresh.record and kept.data == fresh.data and kept._doc is not None
    assert kept.location(("owner",)) == fresh.location(("owner",))
    kept.release()  # let go of, and read back again when asked
    assert kept._doc is None and kept.valid and kept.record == fresh.record
    fresh.release()  # read from the file: nothing to read it back from, so kept
    assert fresh._doc is not None
    twice = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(fresh))))  # kept packed as it was
    assert twice.record == fresh.record


def test_an_invalid_record_is_known_invalid_without_unpacking(tmp_path: Path) -> None:
    kept = pickle.loads(pickle.dumps(_entry(tmp_path, INVALID)))
    assert not kept.valid and kept._doc is None
    assert kept.record is None and kept.data["id"] == "a-novak"
