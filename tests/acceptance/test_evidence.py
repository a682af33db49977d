"""Evidence by status (SMS115) as a mutation test over the example SMS.

For every requirement in the kinds table and every field it names, one example record whose history entered
that status loses the field (a round-trip YAML edit that keeps everything else); one `sms check` over the
mutated copy must report each loss at its record's `status:` line, and jsonschema with the exported schemas
must reject each mutated file too, so an editor shows what `sms check` shows.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from ruamel.yaml import YAML

from sms.models import KINDS
from sms.models.kinds import Evidence
from sms.store.loader import load_file
from tests.conftest import REPO_ROOT, SmsRunner

TODAY = "2026-11-25"


@dataclass(frozen=True)
class Mutation:
    path: str  # the record file, relative to the root
    evidence: Evidence
    removed: tuple[str, ...]  # dotted fields taken out


def example_records() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted((REPO_ROOT / "records").rglob("*.yaml")):
        relpath = path.relative_to(REPO_ROOT).as_posix()
        data = load_file(REPO_ROOT, relpath).data
        if isinstance(data, dict):
            yield relpath, data


def entered(data: dict[str, Any], status: str) -> bool:
    return any(step.get("status") == status for step in data.get("history", []))


def holds(data: dict[str, Any], dotted: str) -> bool:
    for step in dotted.split("."):
        if not isinstance(data, dict) or not data.get(step):
            return False
        data = data[step]
    return True


def mutations() -> list[Mutation]:
    """One record per (requirement, field); an `any_of` requirement loses all its fields at once."""
    chosen: list[Mutation] = []
    used: set[str] = set()
    for relpath, data in example_records():
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            continue
        for evidence in KINDS.spec(kind).evidence:
            groups = [evidence.fields] if evidence.any_of else [(name,) for name in evidence.fields]
            for group in groups:
                key = f"{kind}:{evidence.status}:{','.join(group)}"
                applies = all(data.get(name) in values for name, values in evidence.when.items())
                if key in used or not applies or not entered(data, evidence.status):
                    continue
                if all(holds(data, name) for name in group) or (evidence.any_of and any(holds(data, name)
                                                                                         for name in group)):
                    used.add(key)
                    chosen.append(Mutation(relpath, evidence, group))
    return chosen


def remove(root: Path, relpath: str, dotted: str) -> None:
    yaml = YAML()
    yaml.preserve_quotes = True
    path = root / relpath
    data = yaml.load(path.read_text(encoding="utf-8"))
    *parents, last = dotted.split(".")
    node = data
    for step in parents:
        node = node[step]
    del node[last]
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


def status_line(root: Path, relpath: str) -> int:
    lines = (root / relpath).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith("status:"))


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "sms"
    for name in ("policies", "records"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copyfile(REPO_ROOT / "sms.yaml", root / "sms.yaml")
    return root


def test_every_requirement_is_exercised_by_the_example() -> None:
    required = {(kind.name, evidence.status) for kind in KINDS.specs() for evidence in kind.evidence}
    exercised = {(load_file(REPO_ROOT, m.path).data["kind"], m.evidence.status) for m in mutations()}
    assert required - exercised == set()


def test_removing_required_evidence_is_found_by_sms_and_by_the_schema(sms: SmsRunner, example: Path) -> None:
    chosen = mutations()
    assert len(chosen) >= 20
    for mutation in chosen:
        for dotted in mutation.removed:
            remove(example, mutation.path, dotted)
    run = sms("check", "--format", "json", "--base", "none", "--today", TODAY, str(example))
    found = {(f["path"], f["line"], f["message"]) for f in run.json()["findings"] if f["rule"] == "SMS115"}
    expected_paths = set()
    for mutation in chosen:
        status = mutation.evidence.status
        hits = [message for path, line, message in found
                if path == mutation.path and line == status_line(example, mutation.path)
                and f"reached '{status}' without {mutation.evidence.what}" in message
                and all(name in message for name in mutation.removed)]
        assert hits, (mutation, sorted(found))
        expected_paths.add(mutation.path)
        data = load_file(example, mutation.path).data
        schema = json.loads((REPO_ROOT / "schemas" / f"{data['kind']}.schema.json").read_text(encoding="utf-8"))
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        assert not validator.is_valid(data), mutation
    assert {path for path, _, _ in found} == expected_paths  # and nothing else was reported
    assert run.code == 1


def test_the_example_meets_every_requirement(sms: SmsRunner, example: Path) -> None:
    run = sms("check", "--format", "json", "--base", "none", "--today", TODAY, str(example))
    assert [f for f in run.json()["findings"] if f["rule"] == "SMS115"] == []


def test_a_retired_rule_in_sms_yaml_says_where_it_went(sms: SmsRunner, base_sms: Path) -> None:
    config = base_sms / "sms.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  severity:\n", "  severity:\n    SMS112: warning\n", 1), encoding="utf-8")
    run = sms("check", str(base_sms))
    assert run.code == 2
    line = text.splitlines().index("  severity:") + 2
    assert f"sms.yaml:{line}:5: unknown rule 'SMS112' in severity overrides" in run.err
    assert "SMS112 is now part of SMS115 (evidence by status)" in run.err
