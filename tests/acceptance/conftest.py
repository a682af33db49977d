"""Fixtures shared by the acceptance tests of the record cache (test_record_cache, test_cache_damage)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sms.check import loading
from sms.store import repository


def first_arguments(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    """The first argument of every call of `module.name` during a test (the function still runs)."""
    done: list[Any] = []
    original = getattr(module, name)

    def counting(first: Any, *args: Any, **kwargs: Any) -> Any:
        done.append(first)
        return original(first, *args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return done


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The record files read afresh (not taken from the cache) during the runs of a test."""
    yield first_arguments(monkeypatch, repository, "load_one")


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The roots whose records a check loaded (from files or the record cache) during a test."""
    yield first_arguments(monkeypatch, loading, "load_sms")
