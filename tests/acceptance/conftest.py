"""Fixtures shared by the acceptance tests of the record cache (test_record_cache, test_cache_damage)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sms.store import repository


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The record files read afresh (not taken from the cache) during the runs of a test."""
    done: list[str] = []
    read_one = repository.load_one

    def counting(relpath: str, *args: object, **kwargs: object) -> repository.Loaded:
        done.append(relpath)
        return read_one(relpath, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repository, "load_one", counting)
    yield done
