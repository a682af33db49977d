"""Schema validation of loaded data (sms.store.validation): the data goes to pydantic as JSON, so what YAML
allows and JSON spells differently (.inf, .nan) must reach the schema as the numbers they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from sms.models import KINDS
from sms.store.loader import Document, load_file
from sms.store.validation import validate

EXAMPLE = Path(__file__).resolve().parents[2] / "records" / "incidents" / "INC-0001.yaml"


@pytest.mark.parametrize(("scalar", "shown"), [(".inf", "inf"), ("-.INF", "-inf"), (".nan", "nan")])
def test_infinite_and_nan_floats_are_judged_as_numbers(tmp_path: Path, scalar: str, shown: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    (tmp_path / "INC-0001.yaml").write_text(text.replace(title, f"title: {scalar}"), encoding="utf-8")
    record, problems = validate(load_file(tmp_path, "INC-0001.yaml"), KINDS["incident"])
    assert record is None
    assert [(p.rule, p.message, p.line, p.hint) for p in problems] == [
        ("SMS012", f"title must be text (got {shown})", 5, "put the value in quotes, e.g. '1.0'")]


def test_text_that_json_cannot_encode_is_a_finding_not_a_crash() -> None:
    # a lone surrogate cannot come from a UTF-8 file, only from data built in memory: still no traceback
    data = load_file(EXAMPLE.parent, EXAMPLE.name).data | {"title": "a\ud800b"}
    record, problems = validate(Document("INC-0001.yaml", data), KINDS["incident"])
    assert record is None
    assert [p.rule for p in problems] == ["SMS012"]


def test_a_valid_record_validates() -> None:
    record, problems = validate(load_file(EXAMPLE.parent, EXAMPLE.name), KINDS["incident"])
    assert problems == []
    assert record is not None and record.id == "INC-0001"
