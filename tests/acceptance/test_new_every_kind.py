"""`sms new KIND` for every kind in the kinds table (a kind added to the table is covered without touching this
file): in a fresh `sms init` repository the new record passes `sms check` at once (only its TODOs are left,
SMS114 warnings), is in the canonical layout, and documents start as drafts with a Markdown body."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sms.models import CONTROLLED, KINDS, LIFECYCLE, POLICY_KINDS, SLUG_KINDS
from tests.conftest import SmsRunner

TODAY = "2026-11-30"
BY = "todo-sms-manager"  # the placeholder person `sms init` writes


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "nordwind"
    from sms.cli import main

    assert main(["init", str(root), "--org", "Nordwind Logistics", "--profile", "full", "--today", TODAY]) == 0
    return root


@pytest.fixture
def fresh(initialised: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SMS_TODAY", TODAY)
    root = tmp_path / "nordwind"
    shutil.copytree(initialised, root)
    return root


def new(sms: SmsRunner, root: Path, kind: str, *args: str) -> list[str]:
    """The paths `sms new` created (it names the record, and its body in brackets)."""
    run = sms("new", kind, "-t", f"Our first {kind.replace('_', ' ')}", "--by", BY, *args, "--root", str(root))
    assert run.code == 0, run.err
    assert run.out.startswith("created ") and run.out.endswith("; edit the TODO fields, then `sms check` and open "
                                                               "a pull request\n")
    head = run.out.removeprefix("created ").split(";")[0]
    return [part.strip("() ,") for part in head.replace("(and ", ",").split(",") if part.strip("() ")]


# What a person must say for the record to pass at once, where no default can know it: the incidents a problem
# explains (SMS110), and an auditor for an audit programme who owns none of the audited processes (SMS209; the
# placeholder raising the records holds sms-manager, which owns PRC-0001).
EXTRA = {"audit_programme": ("--set", "audits.0.auditors=todo-top-manager")}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_new_record_of_every_kind_passes_check_at_once(kind: str, fresh: Path, sms: SmsRunner) -> None:
    extra = EXTRA.get(kind, ())
    if kind == "problem":
        extra = ("--incident", new(sms, fresh, "incident")[0].rsplit("/", 1)[1].removesuffix(".yaml"))
    paths = new(sms, fresh, kind, *extra)
    record = paths[0]
    run = sms("check", "--format", "json", "--base", "none", "--today", TODAY, str(fresh))
    assert run.code == 0, run.out
    mine = [f for f in run.json()["findings"] if f["path"] in paths]
    assert [f for f in mine if f["rule"] != "SMS114"] == []
    assert all(f["severity"] == "warning" for f in mine)
    text = (fresh / record).read_text(encoding="utf-8")
    todo_lines = [number for number, line in enumerate(text.splitlines(), 1) if "TODO:" in line]
    assert sorted(f["line"] for f in mine) == todo_lines  # one warning per TODO, on its line
    assert sms("fmt", "--check", "--root", str(fresh), str(fresh / record)).code == 0
    folder = KINDS[kind].FOLDER
    assert record.startswith("policies/" if kind in POLICY_KINDS else f"records/{folder}/")
    if kind in LIFECYCLE:
        assert "\nhistory:\n  - status: " in text
    if kind in CONTROLLED:
        assert "\ndocument:\n  version: '0.1'\n  status: draft\n  author: todo-sms-manager\n" in text
    assert (len(paths) == 2) == (kind in POLICY_KINDS)  # documents under policies/ get a body by default
    if len(paths) == 2:
        stem = record.rsplit("/", 1)[1].removesuffix(".yaml")
        assert paths[1] == record.removesuffix(".yaml") + ".md" and f"  body: {stem}.md\n" in text
        assert (fresh / paths[1]).read_text(encoding="utf-8").startswith(f"# Our first {kind.replace('_', ' ')}\n")
    if kind in SLUG_KINDS:
        assert record.endswith(f"/our-first-{kind.replace('_', '-')}.yaml")


def test_documents_are_placed_with_their_kind_and_approved_by_top_management(fresh: Path, sms: SmsRunner) -> None:
    paths = new(sms, fresh, "policy", "--type", "information_security", "--no-body")
    assert paths == ["policies/governance/POL-0004.yaml"]  # where sms init keeps policies; the next free id
    text = (fresh / paths[0]).read_text(encoding="utf-8")
    assert "\n  approver: top-management\n" in text and "\ntype: information_security\n" in text
    assert "body:" not in text
    sla = new(sms, fresh, "sla", "--service", "SVC-0001", "--body", "--approver", "sms-manager")
    assert sla == ["records/slas/SLA-0002.yaml", "records/slas/SLA-0002.md"]
    assert "\n  approver: sms-manager\n" in (fresh / sla[0]).read_text(encoding="utf-8")


def test_set_gives_any_field_a_value_and_the_record_must_still_be_valid(fresh: Path, sms: SmsRunner) -> None:
    paths = new(sms, fresh, "person", "--id", "a-jensen", "--set", "email=ada@nordwind.example", "--set",
                "roles.0.role=sms-manager", "--set", "roles.0.since=2026-11-30", "--set", "team=Service desk")
    text = (fresh / paths[0]).read_text(encoding="utf-8")
    assert text.endswith("email: ada@nordwind.example\nteam: Service desk\nroles:\n  - role: sms-manager\n"
                         "    since: 2026-11-30\n")
    kpi = new(sms, fresh, "kpi", "--set", "unit=minutes", "--set", "target=30", "--set", "direction=lower_is_better")
    assert "\nunit: minutes\ntarget: 30\ndirection: lower_is_better\n" in (fresh / kpi[0]).read_text(encoding="utf-8")
    before = sorted(str(path) for path in fresh.rglob("*"))
    for args, message in [
        (("risk", "--set", "likelihood=9"), "sms: error: the new record would not be valid: line 14: likelihood must "
                                            "be a score from 1 to 5 (got 9)\n"),
        (("risk", "--set", "likelyhood=2"), "sms: error: --set likelyhood: a risk has no field 'likelyhood' there\n"
                                            "    hint: did you mean 'likelihood'?\n"),
        (("risk", "--set", "status=closed"), "sms: error: --set status: sms new sets 'status' itself\n"),
        (("risk", "--set", "impact"), "sms: error: --set impact: give FIELD=VALUE, e.g. --set email=ada@example.org\n"),
        (("person", "--set", "roles.3.role=x"), "sms: error: --set roles.3.role: item 3 does not exist (the list "
                                                "has 0)\n"),
    ]:
        run = sms("new", *args, "-t", "x", "--by", BY, "--root", str(fresh))
        assert (run.code, run.err.startswith(message)) == (2, True), run.err
    assert sorted(str(path) for path in fresh.rglob("*")) == before


def test_people_and_roles_take_their_id_from_the_title_or_id(fresh: Path, sms: SmsRunner) -> None:
    assert new(sms, fresh, "role", "-t", "Jana Nováková") == ["policies/roles/jana-novakova.yaml",
                                                                "policies/roles/jana-novakova.md"]
    run = sms("new", "person", "-t", "Ünïcode ☃", "--id", "-x", "--by", BY, "--root", str(fresh))
    assert run.code == 2 and run.err.startswith("sms: error: --id '-x': an id of a person is lowercase letters")
    assert new(sms, fresh, "person", "--id", "j-novakova") == ["records/people/j-novakova.yaml"]
    run = sms("new", "person", "-t", "Someone", "--id", "j-novakova", "--by", BY, "--root", str(fresh))
    assert (run.code, run.err) == (2, "sms: error: --id 'j-novakova' is taken already\n    hint: pass another --id\n")


@pytest.mark.parametrize(("args", "message"), [
    (("incident", "--priority", "P9"), "sms: error: --priority 'P9': the priority of an incident is one of P1, P2, "
                                       "P3, P4\n"),
    (("change", "--type", "routine"), "sms: error: --type 'routine': the type of a change is one of standard, "
                                      "normal, emergency\n"),
    (("change", "--major"), "sms: error: --major is for incidents, not for a change\n"),
    (("kpi", "--type", "x"), "sms: error: --type is for "),
    (("incident", "--id", "inc-1"), "sms: error: --id is for "),
    (("risk", "--body"), "sms: error: --body is for controlled documents; a risk has no document body\n"),
    (("incident", "--approver", "nobody"), "sms: error: 'nobody' is not a role in this SMS\n"),
    (("vendor",), "sms: error: Invalid value for 'KIND': 'vendor' is not one of "),
    (("incident", "--priorty", "P1"), "sms: error: No such option '--priorty'. (Did you mean one of: "
                                      "'--approver', '--priority', '--root'?)\n"
                                      "    hint: `sms new --help` lists the arguments and options\n"),
])
def test_bad_option_values_are_one_line_and_exit_2(args: tuple[str, ...], message: str, fresh: Path,
                                                   sms: SmsRunner) -> None:
    before = sorted(str(path) for path in fresh.rglob("*"))
    run = sms("new", *args, "-t", "x", "--by", BY, "--root", str(fresh))
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith(message)
    assert run.err.splitlines()[0].startswith("sms: error: ") and len(run.err.splitlines()) <= 2
    assert sorted(str(path) for path in fresh.rglob("*")) == before  # nothing written


@pytest.mark.parametrize("title", ["Late parcel \x1b[31mred", "two\nlines", "bidi \u202e txet"])
def test_a_title_with_a_control_character_is_refused_before_anything_is_written(title: str, fresh: Path,
                                                                                sms: SmsRunner) -> None:
    """It used to reach the writer and fail with ruamel's several-line message after the id was taken."""
    before = sorted(str(path) for path in fresh.rglob("*"))
    run = sms("new", "complaint", "-t", title, "--by", BY, "--root", str(fresh))
    assert run.code == 2
    assert run.err.startswith("sms: error: Invalid value for '--title' / '-t': contains the control or invisible "
                              "character \\")
    assert "\x1b" not in run.err and "\u202e" not in run.err and len(run.err.splitlines()) <= 2
    assert sorted(str(path) for path in fresh.rglob("*")) == before
