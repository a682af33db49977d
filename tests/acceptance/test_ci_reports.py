"""`sms check --format github|sarif` end to end, against golden files.

The repository is built in tmp_path with findings whose text and paths hold everything the formats must
escape: `%`, `:`, `,`, a newline (a duplicate YAML key spelled with `\\n`) and non-ASCII letters. Set
SMS_UPDATE_GOLDEN=1 to rewrite tests/golden/ after a deliberate change, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sms import __version__
from sms.rules.catalogue import all_rules
from tests.conftest import BASE, REPO_ROOT, SmsRunner, write_tree

GOLDEN = REPO_ROOT / "tests" / "golden"
SARIF_SCHEMA = REPO_ROOT / "tests" / "vendor" / "sarif-schema-2.1.0.json"
TODAY = "2026-06-01"
ODD_FOLDER = "policies/Qualität: 100%, ja"

FILES = {
    "sms.yaml": """\
        # yaml-language-server: $schema=schemas/config.schema.json
        apiVersion: sms/v1
        kind: config
        organisation:
          name: Case Study Ltd
        rules:
          severity:
            SMS501: "off"
            SMS502: "off"
        site_url: https://sms.example.org/case
        codeowners:
          default: sms-manager
          paths:
            "/docs/Qualität:100%,ja/": sms-manager
        """,
    "records/people/a-author.yaml": """\
        # yaml-language-server: $schema=../../schemas/person.schema.json
        apiVersion: sms/v1
        kind: person
        id: a-author
        title: Ada Author
        owner: sms-manager
        github: ada-author
        roles:
          - role: sms-manager
            since: 2025-01-01
        """,
    f"{ODD_FOLDER}/POL-0001.yaml": """\
        # yaml-language-server: $schema=../../schemas/policy.schema.json
        apiVersion: sms/v1
        kind: policy
        id: POL-0001
        title: Qualitätspolitik
        owner: sms-manager
        "Grüße: 50%, ok\\nzweite Zeile": 1
        "Grüße: 50%, ok\\nzweite Zeile": 2
        """,
    "records/changes/CHG-0001.yaml": """\
        # yaml-language-server: $schema=../../schemas/change.schema.json
        apiVersion: sms/v1
        kind: change
        id: CHG-0001
        title: "Résumé: 100% done, almost"
        owner: "Größe, 50%"
        type: normal
        status: draft
        history:
          - status: draft
            at: 2026-03-02T09:30:00Z
            by: a-author
        requested_by: a-author
        reason: The certificates expire on 2026-04-01.
        description: Replace the certificates on both load balancers.
        """,
    ".github/CODEOWNERS": """\
        # hand-written, so sms check reports it (SMS904)
        * @ada-author
        """,
}

GITHUB_ENV = {
    "GITHUB_SERVER_URL": "https://github.example.com",
    "GITHUB_REPOSITORY": "case/sms",
    "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
}


@pytest.fixture(autouse=True)
def no_github_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hermetic: whatever GitHub variables the machine running the tests has, these tests set their own."""
    for name in list(os.environ):
        if name.startswith("GITHUB_"):
            monkeypatch.delenv(name)


@pytest.fixture
def odd_sms(tmp_path: Path) -> Path:
    root = tmp_path / "sms"
    root.mkdir()
    for source in BASE.rglob("*"):
        if source.is_file():
            target = root / source.relative_to(BASE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    return write_tree(root, FILES)


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SMS_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} is missing; run with SMS_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


def test_github_annotations(odd_sms: Path, sms: SmsRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GITHUB_ENV.items():
        monkeypatch.setenv(name, value)
    summary = odd_sms.parent / "step_summary.md"
    summary.write_text("# an earlier step wrote this\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = sms("check", "--today", TODAY, "--format", "github", str(odd_sms))
    assert run.code == 1, run.err
    golden("github.txt", run.out)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# an earlier step wrote this\n\n"), "the summary is appended, never overwritten"
    golden("github-summary.md", text.split("\n\n", 1)[1])


def test_github_without_step_summary_writes_only_stdout(odd_sms: Path, sms: SmsRunner, tmp_path: Path) -> None:
    report = tmp_path / "annotations.txt"
    run = sms("check", "--today", TODAY, "--format", "github", "--output", str(report), str(odd_sms))
    assert (run.code, run.out) == (1, "")
    assert report.read_text(encoding="utf-8").startswith("::error file=policies/Qualit")


def normalised_sarif(text: str) -> dict[str, Any]:
    """The SARIF log with what legitimately changes elsewhere taken out: the version, and the descriptions of
    rules that did not fire (every registered rule is described; its own test checks that)."""
    log: dict[str, Any] = json.loads(text)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["version"] == __version__
    driver["version"] = driver["semanticVersion"] = "<version>"
    fired = {result["ruleId"] for result in run["results"]}
    for result in run["results"]:
        assert driver["rules"][result.pop("ruleIndex")]["id"] == result["ruleId"]
    driver["rules"] = [{key: rule[key] for key in ("id", "defaultConfiguration", "properties", "helpUri")}
                       for rule in driver["rules"] if rule["id"] in fired]
    return log


def test_sarif(odd_sms: Path, sms: SmsRunner, tmp_path: Path) -> None:
    out = tmp_path / "sms.sarif"
    run = sms("check", "--today", TODAY, "--format", "sarif", "--output", str(out), str(odd_sms))
    assert (run.code, run.out) == (1, "")
    text = out.read_text(encoding="utf-8")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(json.loads(text))]
    assert errors == []
    golden("sarif.json", json.dumps(normalised_sarif(text), indent=2, ensure_ascii=False) + "\n")
    driver = json.loads(text)["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in all_rules()]
    assert driver["informationUri"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_text_and_json_on_the_same_repository(odd_sms: Path, sms: SmsRunner, fmt: str) -> None:
    run = sms("check", "--today", TODAY, "--format", fmt, str(odd_sms))
    assert run.code == 1
    golden(f"report.{'txt' if fmt == 'text' else 'json'}", run.out)


def test_sarif_fingerprints_survive_lines_added_above(odd_sms: Path, sms: SmsRunner) -> None:
    def fingerprints() -> dict[str, tuple[int, str]]:
        run = sms("check", "--today", TODAY, "--format", "sarif", str(odd_sms))
        return {r["message"]["text"]: (r["locations"][0]["physicalLocation"]["region"]["startLine"],
                                       r["partialFingerprints"]["smsFindingHash/v1"])
                for r in json.loads(run.out)["runs"][0]["results"]}

    before = fingerprints()
    for path in (f"{ODD_FOLDER}/POL-0001.yaml", "records/changes/CHG-0001.yaml"):
        file = odd_sms / path
        first, rest = file.read_text(encoding="utf-8").split("\n", 1)
        file.write_text(f"{first}\n# a comment\n# and another\n{rest}", encoding="utf-8")
    after = fingerprints()
    moved = {text: (line, fp) for text, (line, fp) in before.items() if not text.startswith(".github")}
    assert moved, "the repository should have findings in record files"
    for text, (line, fp) in moved.items():
        after_text = text.replace("on line 7", "on line 9")
        assert after[after_text] == (line + 2, fp)


def test_findings_of_an_sms_in_a_subfolder_are_placed_relative_to_the_repository(
        tmp_path: Path, sms: SmsRunner) -> None:
    top = tmp_path / "repo"
    (top / ".git").mkdir(parents=True)  # enough for the prefix: the nearest .git marks the top
    root = top / "org" / "sms"
    root.parent.mkdir(parents=True)
    for source in BASE.rglob("*"):
        if source.is_file():
            target = root / source.relative_to(BASE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    write_tree(root, {"records/changes/CHG-0001.yaml": FILES["records/changes/CHG-0001.yaml"]})
    run = sms("check", "--today", TODAY, "--format", "github", str(root))
    assert "::error file=org/sms/records/changes/CHG-0001.yaml,line=6," in run.out
    run = sms("check", "--today", TODAY, "--format", "sarif", str(root))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(run.out)["runs"][0]["results"]}
    assert uris == {"org/sms/records/changes/CHG-0001.yaml"}


def test_step_summary_uses_only_the_room_the_step_has_left(odd_sms: Path, sms: SmsRunner, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from sms.reporters.options import SUMMARY_LIMIT

    summary = tmp_path / "summary.md"
    summary.write_text("x" * (SUMMARY_LIMIT - 2000), encoding="utf-8")  # an earlier command nearly filled it
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = sms("check", "--today", TODAY, "--format", "github", str(odd_sms))
    assert run.code == 1
    assert summary.stat().st_size == SUMMARY_LIMIT - 2000, "no room: sms adds nothing rather than break it"
    summary.write_text("x" * (SUMMARY_LIMIT - 9000), encoding="utf-8")
    sms("check", "--today", TODAY, "--format", "github", str(odd_sms))
    assert SUMMARY_LIMIT - 9000 < summary.stat().st_size <= SUMMARY_LIMIT
