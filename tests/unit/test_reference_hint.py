"""SMS101's "did you mean" hint: among many ids of a kind it compares the ids next to the target in sorted order,
and finds what a full comparison finds for the typos people make."""

from __future__ import annotations

import difflib

import pytest

from sms.rules.references import NEAREST, _closest

IDS = sorted(f"INC-{n:05d}" for n in range(1, 20_001))


@pytest.mark.parametrize(("typo", "meant"), [("INC-04321x", "INC-04321"), ("INC-19999 ", "INC-19999"),
                                             ("INC-4321", "INC-04321"),  # difflib over all ids says INC-14321
                                             ("INC-012345", "INC-12345")])
def test_a_typo_among_twenty_thousand_ids_finds_the_id(typo: str, meant: str) -> None:
    assert _closest(typo, IDS) == meant


def test_few_ids_are_all_compared() -> None:
    few = IDS[:NEAREST]
    for target in ("INC-00150x", "XYZ", "INC-00001"):
        expected = difflib.get_close_matches(target, few, n=1)
        assert _closest(target, few) == (expected[0] if expected else None)
