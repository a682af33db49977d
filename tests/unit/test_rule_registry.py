"""A rule's check runs with Python's cycle collector paused (sms.rules.registry), and leaves it as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any, cast

import pytest

from sms.core.findings import Finding, Location, Severity
from sms.rules.context import CheckContext
from sms.rules.registry import Rule, rule

NO_CONTEXT = cast(CheckContext, None)  # the probe reads nothing of it


def _probe(seen: list[bool], fail: bool = False) -> Rule:
    @rule("SMS999", Severity.ERROR, ("4.4",))
    def probe(ctx: Any) -> Iterator[Finding]:
        """A probe.

        Passing example: nothing. Failing example: nothing either.
        """
        seen.append(gc.isenabled())
        if fail:
            raise RuntimeError("the check broke")
        yield probe.finding("seen", Location("x.yaml", 1, 1))

    return probe


def test_a_check_runs_with_the_collector_paused_and_turns_it_back_on() -> None:
    seen: list[bool] = []
    probe = _probe(seen)
    assert gc.isenabled()
    assert [finding.message for finding in probe(NO_CONTEXT)] == ["seen"]
    assert seen == [False]
    assert gc.isenabled()


def test_a_check_that_fails_turns_the_collector_back_on() -> None:
    probe = _probe([], fail=True)
    with pytest.raises(RuntimeError):
        list(probe(NO_CONTEXT))
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        list(_probe([])(NO_CONTEXT))
        assert not gc.isenabled()
    finally:
        gc.enable()
