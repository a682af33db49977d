"""The record cache (.sms-cache/) and `sms check --changed-since`, on a generated SMS of about 1,000 records with
defects injected by hand: the findings are the same, byte for byte, with and without the cache, warm, after one
file changed, and (for the changed file) with --changed-since."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sms.check import run as rule_run
from sms.core.findings import Finding
from sms.rules.catalogue import catalogue
from sms.rules.context import CheckContext
from sms.rules.registry import IDS, Rule
from sms.store.entry import Entry
from tests.conftest import REPO_ROOT, Run, SmsRunner, commit_all, git_init

TODAY = ("--today", "2026-11-30", "--base", "none")
DEFECTS = {"SMS001", "SMS002", "SMS012", "SMS013", "SMS101", "SMS103", "SMS114", "SMS302"}


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{path}: no line matches {pattern}"
    path.write_text(changed, encoding="utf-8")


def inject_defects(root: Path) -> None:
    """A few known findings, per-file and cross-record, in the generated change records."""
    changes = sorted((root / "records" / "changes").glob("*.yaml"))
    with changes[4].open("a", encoding="utf-8") as out:
        out.write("broken: [never closed\n")  # SMS001
    _edit(changes[9], r"^kind: change$", "kind: change\ncolour: blue")  # SMS012, on its own line
    _edit(changes[10], r"^kind: change$", "kind: change\nkind: change")  # SMS002
    _edit(changes[19], r"^owner: .*$", "owner: no-such-role")  # SMS101: a reference to nothing
    _edit(changes[29], r"^status: .*$", "status: rejected")  # SMS302: status differs from the history
    _edit(changes[39], r"^title: .*$", "title: 'TODO: name it'")  # SMS114
    twin = re.search(r"^id: (.*)$", changes[41].read_text(encoding="utf-8"), re.MULTILINE)
    assert twin is not None
    _edit(changes[40], r"^id: .*$", f"id: {twin.group(1)}")  # SMS013 and SMS103: one id in two files


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated SMS with defects, committed; each test works on its own copy."""
    root = tmp_path_factory.mktemp("generated") / "sms"
    subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "generate_sms.py"), "1000", str(root)], check=True,
                   capture_output=True)
    inject_defects(root)
    commit_all(git_init(root), "a generated SMS with defects")
    return root


@pytest.fixture
def sms_repo(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "sms"
    shutil.copytree(generated, root, symlinks=True)
    return root


def both(sms: SmsRunner, root: Path, *extra: str) -> tuple[Run, Run]:
    """The text and the json report of one state of the repository."""
    return (sms("check", *TODAY, *extra, str(root)),
            sms("check", *TODAY, "--format", "json", *extra, str(root)))


def same(first: tuple[Run, Run], second: tuple[Run, Run]) -> None:
    for one, other in zip(first, second, strict=True):
        assert (one.code, one.out, one.err) == (other.code, other.out, other.err)


def test_findings_are_identical_with_and_without_cache(sms_repo: Path, sms: SmsRunner, reads: list[str]) -> None:
    fresh = both(sms, sms_repo, "--no-cache")
    assert {finding["rule"] for finding in fresh[1].json()["findings"]} >= DEFECTS
    assert fresh[0].code == 1
    assert not (sms_repo / ".sms-cache").exists()  # --no-cache writes nothing either
    files = len(reads) // 2

    reads.clear()
    same(both(sms, sms_repo), fresh)  # the first run fills the cache ...
    assert len(reads) == files
    assert len(list((sms_repo / ".sms-cache").glob("*.bin"))) > 1
    reads.clear()
    same(both(sms, sms_repo), fresh)  # ... and the next reads no record file at all
    assert reads == []

    changed = sorted((sms_repo / "records" / "changes").glob("*.yaml"))[99]
    _edit(changed, r"^description: .*$", "description: 'TODO: say what'\nunknown_field: 1")
    reads.clear()
    fresh = both(sms, sms_repo, "--no-cache")
    reads.clear()
    after = both(sms, sms_repo)
    assert reads == [changed.relative_to(sms_repo).as_posix()]  # read once: the second run has it cached too
    same(after, fresh)
    assert "SMS114" in fresh[0].out
    assert git_status(sms_repo) == ""  # the cache ignores itself in git, whatever .gitignore says

    subprocess.run(["git", "commit", "-qam", "one more defect"], cwd=sms_repo, check=True)
    reads.clear()
    same(both(sms, sms_repo), fresh)
    assert reads == []  # hashed while dirty as git hashes it once committed: still the cached entry


def test_per_file_rules_run_on_the_changed_file_alone(sms_repo: Path, sms: SmsRunner,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Their findings about the other files are kept by content (.sms-cache/per-file.bin) and are the same."""
    given: list[set[str]] = []
    run_on = rule_run._run_by_chunk

    def spy(rules: list[Rule], context: CheckContext, paths: set[str], kinds: tuple[str, ...]) -> list[Finding]:
        given.append(set(paths))
        return run_on(rules, context, paths, kinds)

    monkeypatch.setattr(rule_run, "_run_by_chunk", spy)
    sms("check", *TODAY, str(sms_repo))
    assert len(given) == 4 and all(len(paths) > 1000 for paths in given)  # the first run checks every file
    changed = sorted((sms_repo / "records" / "changes").glob("*.yaml"))[99]
    _edit(changed, r"^title: .*$", "title: 'TODO: name it better'")
    given.clear()
    warm = sms("check", *TODAY, "--format", "json", str(sms_repo))
    # Rules given nothing (undated, dated), every id, people.
    assert given == [{changed.relative_to(sms_repo).as_posix()}] * 4
    fresh = sms("check", *TODAY, "--format", "json", "--no-cache", str(sms_repo))
    assert (warm.code, warm.out) == (fresh.code, fresh.out)
    assert [f for f in warm.json()["findings"] if f["path"] == changed.relative_to(sms_repo).as_posix()]

    given.clear()
    day = sms("check", "--today", "2026-12-01", "--base", "none", "--format", "json", str(sms_repo))
    # Another day judges every file again by the dated rules only (SMS314 judges dates by it); the others' findings
    # are kept, and the findings are those of a fresh read that day.
    assert [len(paths) > 1000 for paths in given] == [False, True, False, False]
    fresh = sms("check", "--today", "2026-12-01", "--base", "none", "--format", "json", "--no-cache", str(sms_repo))
    assert (day.code, day.out) == (fresh.code, fresh.out)
    (sms_repo / "sms.yaml").write_text((sms_repo / "sms.yaml").read_text(encoding="utf-8") + "# edited\n",
                                       encoding="utf-8")
    given.clear()
    sms("check", "--today", "2026-12-01", "--base", "none", str(sms_repo))
    assert len(given) == 4 and all(len(paths) > 1000 for paths in given)  # sms.yaml is an input of every rule


@pytest.fixture
def unpacked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, str]]:
    """The entries read back in full from the record cache during a test, by kind and path."""
    found: list[tuple[str | None, str]] = []
    unpack = Entry._unpack

    def spy(entry: Entry) -> None:
        found.append((entry.kind, entry.path))
        unpack(entry)

    monkeypatch.setattr(Entry, "_unpack", spy)
    return found


def test_one_changed_file_reads_back_only_the_records_rules_judge(sms_repo: Path, sms: SmsRunner,
                                                                   unpacked: list[tuple[str | None, str]]) -> None:
    """Entries come back from the record cache with their facts (kind, id, references) and keep the rest packed
    until asked: after one incident changed, no incident, request or change is unpacked but to say where a finding
    about it is, and the findings are the same as without the cache."""
    sms("check", *TODAY, str(sms_repo))
    incident = sorted((sms_repo / "records" / "incidents").glob("*.yaml"))[7]
    _edit(incident, r"^title: .*$", "title: Retitled after review")
    unpacked.clear()
    warm = sms("check", *TODAY, "--format", "json", str(sms_repo))
    with_findings = {finding["path"] for finding in warm.json()["findings"]}  # a position is read from the text
    operational = {path for kind, path in unpacked if kind in ("incident", "request", "change")}
    assert operational <= with_findings, sorted(operational - with_findings)
    fresh = sms("check", *TODAY, "--format", "json", "--no-cache", str(sms_repo))
    assert (warm.code, warm.out) == (fresh.code, fresh.out)


def test_a_new_day_reads_back_only_the_records_the_dated_rules_judge(sms_repo: Path, sms: SmsRunner,
                                                                      unpacked: list[tuple[str | None, str]]) -> None:
    """On a new day only the dated per-file rules judge every file again, from the facts first: SMS314 reads back
    the records dated after the day, SMS306 the emergency changes. Nothing else operational is unpacked but to say
    where a finding is, and the findings are those of a fresh read that day."""
    sms("check", *TODAY, str(sms_repo))
    unpacked.clear()
    next_day = ("--today", "2026-12-01", "--base", "none", "--format", "json")
    warm = sms("check", *next_day, str(sms_repo))
    with_findings = {finding["path"] for finding in warm.json()["findings"]}  # a position is read from the text
    emergencies = {path.relative_to(sms_repo).as_posix() for path in (sms_repo / "records" / "changes").glob("*.yaml")
                   if re.search(r"^type: emergency$", path.read_text(encoding="utf-8"), re.MULTILINE)}
    operational = {path for kind, path in unpacked if kind in ("incident", "request", "change")}
    assert emergencies and operational <= with_findings | emergencies, sorted(operational - with_findings)
    assert len(operational) < len(list((sms_repo / "records").glob("*/*.yaml"))) // 10
    fresh = sms("check", *next_day, "--no-cache", str(sms_repo))
    assert (warm.code, warm.out) == (fresh.code, fresh.out)


def test_a_rule_given_people_judges_every_change_again_when_a_person_changes(sms_repo: Path,
                                                                             sms: SmsRunner) -> None:
    """SMS308 (who approved a change held the role then) keeps what it found about each change only while the
    people stay as they were: p-cy losing the change-manager role is found on every change they approved, with the
    cache as without it, and shown by --changed-since although no change record changed."""
    sms("check", *TODAY, str(sms_repo))
    person = sms_repo / "records" / "people" / "p-cy.yaml"
    _edit(person, r"^    since: 2025-01-01$", "    since: 2025-01-01\n    until: 2025-01-02")
    warm = sms("check", *TODAY, "--format", "json", str(sms_repo))
    fresh = sms("check", *TODAY, "--format", "json", "--no-cache", str(sms_repo))
    assert (warm.code, warm.out) == (fresh.code, fresh.out)
    approved = [f["path"] for f in warm.json()["findings"] if f["rule"] == "SMS308" and "'p-cy'" in f["message"]]
    assert len(approved) > 10 and all(path.startswith("records/changes/") for path in approved)
    since = sms("check", *TODAY, "--format", "json", "--changed-since", "HEAD", str(sms_repo))
    assert sorted(f["path"] for f in since.json()["findings"] if f["rule"] == "SMS308" and "'p-cy'" in f["message"]
                  ) == sorted(approved)


def test_a_new_record_resolves_references_in_files_that_did_not_change(sms_repo: Path, sms: SmsRunner) -> None:
    """SMS101 and SMS102 keep what they found about each file only while every id, kind and path stays as it was:
    the role a change names as its owner appears, and the finding about that unchanged change goes."""
    before = sms("check", *TODAY, "--format", "json", str(sms_repo)).json()["findings"]
    assert [f for f in before if f["rule"] == "SMS101" and "'no-such-role'" in f["message"]]
    roles = sms_repo / "policies" / "roles"
    template = sorted(roles.glob("*.yaml"))[0]
    (roles / "no-such-role.yaml").write_text(re.sub(r"^id: .*$", "id: no-such-role",
                                                   template.read_text(encoding="utf-8"), flags=re.MULTILINE),
                                            encoding="utf-8")
    warm = sms("check", *TODAY, "--format", "json", str(sms_repo))
    fresh = sms("check", *TODAY, "--format", "json", "--no-cache", str(sms_repo))
    assert (warm.code, warm.out) == (fresh.code, fresh.out)
    assert not [f for f in warm.json()["findings"] if f["rule"] == "SMS101" and "'no-such-role'" in f["message"]]


def test_a_whole_check_and_a_changed_since_check_keep_their_findings_apart(sms_repo: Path, sms: SmsRunner,
                                                                           loads: list[Path]) -> None:
    """A pre-commit hook's --changed-since and a whole check (or the site's) run in turn each reuse their own last
    result instead of overwriting the other's."""
    whole = sms("check", *TODAY, "--format", "json", str(sms_repo))
    since = sms("check", *TODAY, "--format", "json", "--changed-since", "HEAD", str(sms_repo))
    loads.clear()
    assert sms("check", *TODAY, "--format", "json", str(sms_repo)).out == whole.out
    assert sms("check", *TODAY, "--format", "json", "--changed-since", "HEAD", str(sms_repo)).out == since.out
    assert loads == []  # neither loaded a record
    assert (sms_repo / ".sms-cache" / "findings-changed-since.bin").is_file()


def git_status(root: Path) -> str:
    done = subprocess.run(["git", "status", "--porcelain", "--", ".sms-cache"], cwd=root, capture_output=True,
                          text=True, check=True)
    return done.stdout


def test_changed_since_reports_changed_files_and_every_cross_record_finding(sms_repo: Path, sms: SmsRunner) -> None:
    per_file = {rule.id for rule in catalogue() if rule.per_file and IDS not in rule.given}
    changes = sorted((sms_repo / "records" / "changes").glob("*.yaml"))
    _edit(changes[29], r"^title: .*$", "title: 'TODO: retitle'")  # a file with a per-file defect already
    new = changes[0].with_name("CHG-9999.yaml")  # an untracked file counts as changed
    new.write_text(changes[1].read_text(encoding="utf-8"), encoding="utf-8")
    touched = {changes[29].relative_to(sms_repo).as_posix(), new.relative_to(sms_repo).as_posix()}

    full = sms("check", *TODAY, "--format", "json", "--no-cache", str(sms_repo)).json()["findings"]
    expected = [finding for finding in full if finding["rule"] not in per_file or finding["path"] in touched]
    assert {finding["rule"] for finding in expected} >= {"SMS101", "SMS103", "SMS013", "SMS114", "SMS302"}
    assert len(expected) < len(full)  # the per-file findings of unchanged files are left out

    fresh = both(sms, sms_repo, "--changed-since", "HEAD", "--no-cache")
    assert fresh[1].json()["findings"] == expected
    same(both(sms, sms_repo, "--changed-since", "HEAD"), fresh)  # cold cache
    same(both(sms, sms_repo, "--changed-since", "HEAD"), fresh)  # warm cache

    (sms_repo / "sms.yaml").write_text((sms_repo / "sms.yaml").read_text(encoding="utf-8") + "# edited\n",
                                       encoding="utf-8")
    everything = sms("check", *TODAY, "--format", "json", "--changed-since", "HEAD", str(sms_repo))
    assert everything.json()["findings"] == full  # sms.yaml governs every file: all of them count as changed


@pytest.mark.parametrize("ref", ["no-such-branch", "-x", "HEAD~5"])
def test_changed_since_a_bad_ref_is_a_usage_error(sms_repo: Path, sms: SmsRunner, ref: str) -> None:
    run = sms("check", *TODAY, "--changed-since", ref, str(sms_repo))
    assert run.code == 2
    assert run.err.startswith(f"sms: error: --changed-since: '{ref}' is not a commit in this git repository")
    assert "Traceback" not in run.err


def test_changed_since_outside_git_is_a_usage_error(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "plain"
    shutil.copytree(REPO_ROOT / "tests" / "cases" / "_base", root)
    run = sms("check", "--changed-since", "main", str(root))
    assert run.code == 2
    assert "--changed-since: 'main' is not a commit" in run.err.splitlines()[0]


def test_nothing_changed_reuses_the_findings_without_loading(sms_repo: Path, sms: SmsRunner,
                                                              loads: list[Path]) -> None:
    fresh = both(sms, sms_repo, "--no-cache")
    loads.clear()
    same(both(sms, sms_repo), fresh)  # the text run loads and keeps its findings; the json run reuses them
    assert len(loads) == 1
    assert (sms_repo / ".sms-cache" / "findings.bin").is_file()
    same(both(sms, sms_repo), fresh)
    assert len(loads) == 1

    other_day = ("--today", "2027-06-30", "--base", "none")
    expected = sms("check", *other_day, "--no-cache", str(sms_repo))
    loads.clear()
    later = sms("check", *other_day, str(sms_repo))
    assert (later.code, later.out, later.err) == (expected.code, expected.out, expected.err)
    assert len(loads) == 1  # another day is another input

    (sms_repo / "records" / "changes" / "CHG-0000.yaml").mkdir()  # SMS010: no file, still part of the input
    fresh = both(sms, sms_repo, "--no-cache")
    assert "SMS010" in fresh[0].out
    loads.clear()
    same(both(sms, sms_repo), fresh)
    assert len(loads) == 1

    findings = sms_repo / ".sms-cache" / "findings.bin"
    findings.write_bytes(findings.read_bytes()[:-10] + b"0123456789")  # damaged: ignored, then rewritten
    loads.clear()
    same(both(sms, sms_repo), fresh)
    assert len(loads) == 1
    assert git_status(sms_repo) == ""


def test_a_document_body_is_an_input(tmp_path: Path, sms: SmsRunner, loads: list[Path]) -> None:
    root = tmp_path / "sms"
    root.mkdir()
    for name in ("policies", "records"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copy(REPO_ROOT / "sms.yaml", root / "sms.yaml")
    commit_all(git_init(root), "the example SMS")
    first = sms("check", *TODAY, str(root))
    assert "SMS104" not in first.out
    (root / "policies" / "governance" / "POL-0001.md").unlink()  # no YAML file changed
    loads.clear()
    cached, fresh = sms("check", *TODAY, str(root)), sms("check", *TODAY, "--no-cache", str(root))
    assert "SMS104" in fresh.out
    assert (cached.code, cached.out, cached.err) == (fresh.code, fresh.out, fresh.err)
    assert len(loads) == 2


IMPORTED = """
import sys
from sms.cli.main import main
code = main(sys.argv[1:])
git = sys.modules.get("git")
print(code, "sms.models" in sys.modules, git is not None and "Repo" in vars(git))
"""


def test_a_reused_result_imports_neither_the_models_nor_gitpython(sms_repo: Path) -> None:
    """Printing the last result again is most of pre-commit's runs: pydantic's models and gitpython cost it more
    than the rest of it together (the record cache's module once pulled the models in)."""
    def imported() -> str:
        done = subprocess.run([sys.executable, "-c", IMPORTED, "check", *TODAY, "--quiet", str(sms_repo)],
                              capture_output=True, text=True, check=True, cwd=REPO_ROOT)
        return done.stdout.strip().splitlines()[-1]

    assert imported() == "1 True True"  # the first run loads and checks, and asks git for the approval history
    assert imported() == "1 False False"


def test_a_shard_cut_short_while_its_records_are_read_back(sms_repo: Path, sms: SmsRunner,
                                                           reads: list[str]) -> None:
    """Records are read back from a shard after its facts, by descriptor: a shard another process cuts short in
    place meanwhile costs a read of the record file, not the process (a memory map of it would die of SIGBUS)."""
    from sms.check.loading import load_sms
    from sms.store.config import load_config

    sms("check", *TODAY, "--quiet", str(sms_repo))  # fills the record cache
    repo = load_sms(sms_repo, load_config(sms_repo))
    for shard in (sms_repo / ".sms-cache").glob("[0-9][0-9].bin"):
        with shard.open("r+b") as handle:
            handle.truncate(len(cache_facts(shard)))  # the facts stay; every packed record is gone
    reads.clear()
    changes = list(repo.of_kind("change"))
    assert changes
    assert [entry.data["id"] for entry in changes] == [entry.id for entry in changes]
    assert sorted(reads) == sorted(entry.path for entry in changes)  # each read again, from its file


def cache_facts(shard: Path) -> bytes:
    """A record shard up to the end of its signed facts."""
    from sms.store import cache

    raw = shard.read_bytes()
    start = len(cache._MAGIC) + 64
    return raw[:start + cache._LENGTH + int.from_bytes(raw[start:start + cache._LENGTH], "big")]
