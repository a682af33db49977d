"""Python's cycle collector around bulk work: what sms loads holds no reference cycles, and every full
collection while thousands of records pile up walks all of them again."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class CollectorPaused:
    """`with CollectorPaused():` — the cycle collector off for the block and back on (if it was) after it, with what
    is alive then frozen (`freeze=False`: not), so later collections no longer walk it. A class, not a generator
    context manager: reading a record back from the cache enters one, 100,000 times at most."""

    __slots__ = ("_enabled", "_freeze")

    def __init__(self, *, freeze: bool = True) -> None:
        self._freeze = freeze
        self._enabled = False

    def __enter__(self) -> None:
        self._enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._freeze:
            gc.freeze()
        if self._enabled:
            gc.enable()


def paused_gc(function: Callable[P, T]) -> Callable[P, T]:
    """Run `function` with Python's cycle collector off: loaded records hold no cycles, and every full collection
    while thousands of them pile up walks all of them again (about a seventh of a load at 10,000 records, a sixth
    of the site's own build). Reference counting still frees everything as usual; the collector is back on
    afterwards, with what is alive then frozen (as the record cache's read does) so later collections no longer
    walk it: a cold check of 10,000 records took 0.85x the CPU (farm-bench, median of 5 pairs)."""
    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with CollectorPaused():
            return function(*args, **kwargs)
    return run
