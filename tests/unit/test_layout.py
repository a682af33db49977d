"""sms.store.layout, the canonical layout behind `sms fmt`: records generated from the models, written in a
random key order with comments, come out in the models' order, say the same thing, keep every comment, and a
second pass changes nothing."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sms.core.errors import InputError
from sms.models import KINDS
from sms.store.layout import canonical_text, key_order
from sms.store.loader import parse
from sms.store.writer import dump, timestamp

# Strings YAML readers could take for something else, or that need quotes for the syntax.
TRICKY = ["on", "off", "yes", "No", "y", "null", "~", "1.0", "8.1", "8.2.1", "2026-01-01", "0o17", "1_000", "12:30",
          "true", ".inf", "-", "key: value", "# not a comment", "@home", "`tick`", "'single'", '"double"',
          "trailing space ", " leading space", "a, b", "[not a list]", "{not a map}", "&anchor", "*alias", "!tag",
          "%percent", "|pipe", ">fold", "tab\there", "Zürich — ünïcode", "CHG-0001", "plain words"]
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85\u2028\u2029"),
    min_size=1, max_size=30))
SLUG = st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?\Z")
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))])
MOMENT = st.builds(lambda day, seconds, zone: timestamp(datetime(day.year, day.month, day.day, tzinfo=zone)
                                                        + timedelta(seconds=seconds)),
                   st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(0, 86_399), ZONES)
DAY = st.dates(date(2020, 1, 1), date(2030, 12, 31))
CLAUSES = st.lists(st.sampled_from(["4.1", "6.1", "8.1", "8.5.1.3", "10.2", "9"]), max_size=3, unique=True)


def ids(prefix: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.integers(1, 9999).map(lambda n: f"{prefix}-{n:04d}"), max_size=3, unique=True)


def history(statuses: list[str]) -> st.SearchStrategy[list[dict[str, Any]]]:
    entry = st.fixed_dictionaries({"status": st.sampled_from(statuses), "at": MOMENT, "by": SLUG},
                                  optional={"note": TEXT})
    return st.lists(entry, min_size=1, max_size=3)


def envelope(kind: str, record_id: st.SearchStrategy[str]) -> dict[str, st.SearchStrategy[Any]]:
    return {"apiVersion": st.just("sms/v1"), "kind": st.just(kind), "id": record_id, "title": TEXT, "owner": SLUG}


def with_status(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "status": record["history"][-1]["status"]}


RISKS = st.fixed_dictionaries(
    {**envelope("risk", st.just("RSK-0042")), "history": history(["identified", "assessed"]),
     "category": st.sampled_from(["service", "supplier", "people"]), "description": TEXT,
     "likelihood": st.integers(1, 5), "impact": st.integers(1, 5), "review_on": DAY},
    optional={"residual_likelihood": st.integers(1, 5), "controls": st.lists(TEXT, max_size=3),
              "treatment": st.fixed_dictionaries({"option": st.sampled_from(["mitigate", "accept"]), "plan": TEXT,
                                                  "owner": SLUG, "due": DAY}),
              "links": st.fixed_dictionaries({"services": ids("SVC"), "clauses": CLAUSES})}).map(with_status)
INCIDENTS = st.fixed_dictionaries(
    {**envelope("incident", st.just("INC-0007")), "history": history(["new", "assigned"]),
     "priority": st.sampled_from(["P1", "P2", "P3", "P4"]), "reported_at": MOMENT, "description": TEXT},
    optional={"major": st.booleans(), "assignee": SLUG, "resolved_at": MOMENT,
              "links": st.fixed_dictionaries({"services": ids("SVC"), "problems": ids("PRB"), "clauses": CLAUSES})},
).map(with_status)
PEOPLE = st.fixed_dictionaries(
    {**envelope("person", SLUG)},
    optional={"team": TEXT, "email": st.just("ada@example.org"),
              "competences": st.lists(st.fixed_dictionaries({"name": TEXT, "evidence": TEXT, "on": DAY}), max_size=2)})
RECORDS = st.one_of(RISKS, INCIDENTS, PEOPLE)


def shuffled(value: Any, rng: random.Random, comments: list[str]) -> Any:
    """`value` as a ruamel tree with every mapping's keys in a random order and comments on random keys."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        tree = CommentedMap()
        for key in keys:
            tree[key] = shuffled(value[key], rng, comments)
            if rng.random() < 0.3 and not isinstance(tree[key], CommentedMap | CommentedSeq):
                comments.append(f"about {key} #{len(comments)}")
                tree.yaml_add_eol_comment(comments[-1], key)
        return tree
    if isinstance(value, list):
        return CommentedSeq(shuffled(item, rng, comments) for item in value)
    return value


def folder(kind: str) -> str:
    return f"records/{KINDS[kind].FOLDER}/X.yaml"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=RECORDS, rng=st.randoms(use_true_random=False))
def test_generated_records_format_to_model_order_keeping_data_and_comments(
        record: dict[str, Any], rng: random.Random) -> None:
    comments: list[str] = []
    tree = shuffled(record, rng, comments)
    tree.yaml_set_start_comment(f"yaml-language-server: $schema=../../schemas/{record['kind']}.schema.json")
    relpath = folder(record["kind"])
    text = dump(tree)
    data = parse(relpath, text).data
    model = KINDS[record["kind"]]
    model.model_validate_json(json.dumps(data))  # the generator makes valid records

    formatted = canonical_text(relpath, text)

    assert parse(relpath, formatted).data == data
    assert canonical_text(relpath, formatted) == formatted
    assert list(parse(relpath, formatted).data) == [key for key in key_order(model) if key in data]
    assert formatted.startswith(f"# yaml-language-server: $schema=../../schemas/{record['kind']}.schema.json\n")
    for comment in comments:
        assert formatted.count(f"# {comment}\n") == 1, comment


@settings(max_examples=60, deadline=None)
@given(value=TEXT)
def test_any_string_formats_to_itself_and_stays_a_string(value: str) -> None:
    text = dump(CommentedMap([("kind", "person"), ("title", value)]))
    formatted = canonical_text("records/people/x.yaml", text)
    assert parse("x.yaml", formatted).data["title"] == value
    assert canonical_text("records/people/x.yaml", formatted) == formatted


@pytest.mark.parametrize(("written", "canonical"), [
    ('"plain words"', "plain words"),
    ("'CHG-0001'", "CHG-0001"),
    ('"TODO: write it"', "'TODO: write it'"),
    ("'on'", "'on'"), ('"yes"', "'yes'"), ("'1.0'", "'1.0'"), ('"8.1"', "'8.1'"), ("'8.2.1'", "'8.2.1'"),
    ("'2026-01-01'", "'2026-01-01'"), ("'null'", "'null'"), ("'12'", "'12'"),
    ('"line\\nbreak"', '"line\\nbreak"'), ('"it\'s"', '"it\'s"'.replace('"it\'s"', "it's")),
])
def test_quotes_only_where_yaml_needs_them_or_a_type_would_change(written: str, canonical: str) -> None:
    formatted = canonical_text("records/people/x.yaml", f"kind: person\nteam: {written}\n")
    assert formatted == f"kind: person\nteam: {canonical}\n"


def test_envelope_first_model_order_unknown_keys_last_comments_kept() -> None:
    text = """\
# a note the team keeps
# yaml-language-server: $schema=../../schemas/risk.schema.json
zeta: unknown, stays after the known keys
likelihood: 3   # as agreed at the CAB
links:
  clauses: ['6.1']
  services: [SVC-0001]
treatment:
  due: 2026-12-15
  owner: service-owner
  plan: Patch it.
  option: mitigate
alpha: unknown too
title: "A risk"
apiVersion: sms/v1
id: RSK-0001
kind: risk
owner: sms-manager
"""
    assert canonical_text("records/risks/RSK-0001.yaml", text) == """\
# yaml-language-server: $schema=../../schemas/risk.schema.json
# a note the team keeps
apiVersion: sms/v1
kind: risk
id: RSK-0001
title: A risk
owner: sms-manager
likelihood: 3   # as agreed at the CAB
treatment:
  option: mitigate
  plan: Patch it.
  owner: service-owner
  due: 2026-12-15
links:
  services: [SVC-0001]
  clauses: ['6.1']
zeta: unknown, stays after the known keys
alpha: unknown too
"""


def test_a_file_that_does_not_parse_safely_is_refused() -> None:
    with pytest.raises(InputError, match=r"x.yaml:2:"):
        canonical_text("records/people/x.yaml", "kind: person\nteam: &a [1]\nother: *a\n")
