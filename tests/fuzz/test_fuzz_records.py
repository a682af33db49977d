"""Fuzzing the models through the loader and validation: a record of each kind from the example SMS, with values
replaced by arbitrary ones, keys deleted or added, is read as `sms check` reads it (load_documents: loader,
envelope, schema, placement) and gives a record or problems under registered rules at lines inside the file,
never an exception. sms.yaml likewise gives a Config or one InputError. And what the YAML writer writes, the
loader reads back unchanged."""

from __future__ import annotations

import copy
import re
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from sms.core.errors import InputError, SmsError
from sms.models import KINDS
from sms.rules.catalogue import all_rules
from sms.store.config import default_config, parse_config
from sms.store.loader import parse
from sms.store.repository import load_documents
from sms.store.writer import dump
from tests.conftest import REPO_ROOT
from tests.fuzz.conftest import FUZZ
from tests.fuzz.test_fuzz_loader import as_yaml

RULE_IDS = {rule.id for rule in all_rules()}
Path_ = tuple[str | int, ...]


def _examples() -> list[tuple[str, str, Any]]:
    """(relative path, first line, data) of the first example record of each kind."""
    found: dict[str, tuple[str, str, Any]] = {}
    for path in sorted([*REPO_ROOT.glob("policies/**/*.yaml"), *REPO_ROOT.glob("records/**/*.yaml")]):
        relpath = path.relative_to(REPO_ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        data = parse(relpath, text).data
        found.setdefault(data["kind"], (relpath, text.split("\n", 1)[0], data))
    return list(found.values())


EXAMPLES = _examples()
CONFIG = parse("sms.yaml", (REPO_ROOT / "sms.yaml").read_text(encoding="utf-8")).data
SPECIAL = st.sampled_from(["", "CHG-0001", "INC-0001", "SVC-0001", "change-manager", "2026-01-01", "2026-02-30",
                           "2026-01-01T10:00:00Z", "2026-01-01T10:00:00", "sms/v1", "Europe/Berlin", "draft",
                           "approved", "closed", *KINDS, "../../x", "CHG-999999999", "P1", "high", "a@b.c"])
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | SPECIAL,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12) | SPECIAL, children,
                                                                      max_size=4),
    max_leaves=12,
)


def _paths(data: Any, path: Path_ = ()) -> list[Path_]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, data: Any) -> Any:
    """`data` with one to four of: a value replaced, a key or item removed, a key added."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(data)))
        new = draw(values)
        if not path:
            data = new if draw(st.booleans()) and not isinstance(data, dict) else data
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = new
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=12) | SPECIAL)] = new
        else:
            parent.append(new)
    return data


def _lines(text: str) -> int:
    return len(re.split(r"\r\n|\r|\n", text))


@FUZZ
@given(case=st.sampled_from(EXAMPLES).flatmap(
    lambda case: st.tuples(st.just(case[0]), st.just(case[1]), mutated(case[2]), st.booleans())))
def test_a_mutated_record_gives_a_record_or_problems(case: tuple[str, str, Any, bool]) -> None:
    relpath, first_line, data, indented = case
    text = f"{first_line}\n{as_yaml(data) if not indented else dump(data)}"
    repo = load_documents(REPO_ROOT, default_config(), [relpath], lambda path: parse(path, text))
    for problem in repo.problems:
        assert problem.rule in RULE_IDS
        assert problem.location.path == relpath
        assert 1 <= problem.location.line <= _lines(text) + 1 and problem.location.column >= 1
    if not repo.problems:
        assert repo.entries[0].record is not None


@FUZZ
@given(config=mutated(CONFIG))
@example(config={**CONFIG, "calendars": {"default": {"timezone": "Europe/Berlin\n::error::x"}}})
@example(config={**CONFIG, "calendars": {"default": {"timezone": "America"}}})
def test_a_mutated_sms_yaml_gives_a_config_or_one_input_error(config: Any) -> None:
    text = as_yaml(config)
    try:
        parse_config(parse("sms.yaml", text))
    except InputError as error:
        assert 1 <= error.line <= _lines(text) + 1
    except SmsError as error:  # ConfigError: a setting that cannot be honoured
        assert error.message


@FUZZ
@given(data=st.dictionaries(st.text(min_size=1, max_size=12) | SPECIAL, values, min_size=1, max_size=6))
@example(data={"title": "next\x85line", "note": "\u2028", "ok": "no"})  # found by fuzzing: NEL was written raw
def test_what_the_writer_writes_the_loader_reads_back(data: dict[str, Any]) -> None:
    try:
        text = dump(data)
    except SmsError:
        return
    result = parse("rec.yaml", text).data
    assert result == data or _nan_in(data)


def _nan_in(data: Any) -> bool:
    if isinstance(data, float):
        return data != data
    if isinstance(data, dict):
        return any(_nan_in(value) for value in data.values())
    return isinstance(data, list) and any(_nan_in(item) for item in data)


def test_an_unknown_key_with_brackets_is_an_unknown_field_at_its_line() -> None:
    """Found by fuzzing: a key holding '[' was taken for a pydantic union tag and dropped (IndexError)."""
    relpath, first_line, data = next(case for case in EXAMPLES if case[2]["kind"] == "change")
    text = f"{first_line}\n{as_yaml({**data, '[': None, 'a[1]': {'b': 2}})}".replace(', "[": ', ',\n"[": ')
    repo = load_documents(REPO_ROOT, default_config(), [relpath], lambda path: parse(path, text))
    found = {(problem.rule, problem.message, problem.location.line) for problem in repo.problems}
    assert found == {("SMS012", "unknown field '['", 3), ("SMS012", "unknown field 'a[1]'", 3)}


def test_a_time_zone_that_is_a_folder_or_too_long_is_unknown() -> None:
    """Found by fuzzing: ZoneInfo('America') raises IsADirectoryError, a 300-character name 'File name too long';
    both ended every run with 'internal error: OSError'."""
    for zone in ("America", "x" * 300):
        text = as_yaml({**CONFIG, "calendars": {"default": {"timezone": zone}}})
        try:
            parse_config(parse("sms.yaml", text))
        except InputError as error:
            assert f"unknown time zone '{zone}'" in error.detail
        else:
            raise AssertionError(f"{zone!r} was accepted")
