"""A document read back from the record cache keeps its text compressed and still finds every position."""

from __future__ import annotations

import pickle

from sms.store.loader import parse

TEXT = "".join(f"item_{n}:\n  note: 'ünïcode line {n}'\n  list: [a, b]\n" for n in range(200))


def test_positions_survive_the_cache_and_the_text_is_kept_compressed() -> None:
    fresh = parse("records/x.yaml", TEXT)
    kept = pickle.loads(pickle.dumps(fresh))
    assert isinstance(kept._text, bytes) and len(kept._text) < len(TEXT.encode()) // 4
    assert kept.data == fresh.data
    for path in [("item_0",), ("item_150", "note"), ("item_199", "list", 1), ("missing",)]:
        assert kept.position(path) == fresh.position(path)
    assert kept.position(("item_150", "note")) == (452, 3)  # three lines an item
    again = pickle.loads(pickle.dumps(kept))  # positions found: they are kept instead of the text
    assert again._text is None and again.position(("item_199", "list", 1)) == fresh.position(("item_199", "list", 1))
