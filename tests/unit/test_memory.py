"""Memory per input byte is bounded (issue 15 §7): a record just under the 1 MiB limit, its history a list of
thousands of small entries, must not take tens of bytes of memory per byte of YAML once loaded and validated."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from sms.models import KINDS
from sms.store.loader import DEFAULT_MAX_BYTES, parse
from sms.store.validation import validate

HEAD = """# yaml-language-server: $schema=../../schemas/incident.schema.json
apiVersion: sms/v1
kind: incident
id: INC-0001
title: Flapping alert
owner: incident-manager
status: in_progress
priority: P3
reported_at: 2026-01-01T00:00:00Z
description: A monitor that flaps; every flap was recorded.
assignee: p-ivy
links:
  services: [SVC-0001]
history:
  - {status: new, at: 2026-01-01T00:00:00Z, by: p-ivy}
  - {status: assigned, at: 2026-01-01T00:01:00Z, by: p-ivy}
"""


def big_record(flow: bool) -> str:
    """An incident whose history goes on_hold and back to in_progress until the file is just under the limit."""
    def entry(status: str, step: int) -> str:
        at = f"2026-{1 + step // 40_000:02d}-{1 + step // 1440 % 28:02d}T{step // 60 % 24:02d}:{step % 60:02d}:00Z"
        return (f"  - {{status: {status}, at: {at}, by: p-ivy}}\n" if flow
                else f"  - status: {status}\n    at: {at}\n    by: p-ivy\n")

    parts, step = [HEAD, entry("in_progress", 2)], 3
    size = sum(map(len, parts))
    while True:
        pair = entry("on_hold", step) + entry("in_progress", step + 1)
        if size + len(pair) > DEFAULT_MAX_BYTES:
            return "".join(parts)
        parts.append(pair)
        size += len(pair)
        step += 2


@pytest.mark.parametrize("flow", [True, False], ids=["flow-mappings", "block-mappings"])
def test_a_record_just_under_the_limit_takes_a_bounded_multiple_of_its_size(flow: bool) -> None:
    text = big_record(flow)
    size = len(text.encode("utf-8"))
    assert DEFAULT_MAX_BYTES - 300 < size <= DEFAULT_MAX_BYTES
    gc.collect()
    tracemalloc.start()
    try:
        doc = parse("records/incidents/INC-0001.yaml", text)
        record, problems = validate(doc, KINDS["incident"])
        gc.collect()
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [] and record is not None
    # About 30 bytes a byte kept before positions became on demand; about 10 now (the data, the typed record
    # and the text to find positions in).
    assert retained < 14 * size, f"{retained / size:.1f} bytes kept per input byte"
    assert peak < 20 * size, f"{peak / size:.1f} bytes at the peak per input byte"
    # positions are still there when asked for: the last history entry's line
    assert doc.position(("history", len(doc.data["history"]) - 1))[0] == text.count("\n") - (0 if flow else 2)
