"""What the site reads from git and the terminal: sms.site.gather over real tmp git repositories (built with
gitpython), the history functions it uses, and sms.site.progress."""

from __future__ import annotations

import io
import logging
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import git
import pytest
from rich.console import Console

from sms.analysis.approvals import history_folders
from sms.git import history
from sms.site import gather, progress
from sms.store.config import load_config
from sms.store.repository import load_repository
from tests.conftest import BASE, commit_all, git_init, write_tree

POLICY = """\
    # yaml-language-server: $schema={schema}
    apiVersion: sms/v1
    kind: policy
    id: POL-0001
    title: Service management policy
    owner: sms-manager
    document:
      version: '{version}'
      status: {status}
      author: a-author
      approver: sms-manager
    {approval}{body}type: service_management
    purpose: Why.
    statements:
      - We keep our promises.
    """
APPROVAL = """  approved_by: b-approver
      approved_on: {on}
      next_review: 2027-01-15
    """


def policy(version: str, status: str, approved_on: str | None = None, body: bool = False,
           schema: str = "../schemas/policy.schema.json") -> str:
    return POLICY.format(version=version, status=status, schema=schema,
                         approval=APPROVAL.format(on=approved_on) if approved_on else "",
                         body="  body: POL-0001.md\n    " if body else "")


@pytest.fixture
def sms_repo(tmp_path: Path) -> tuple[Path, git.Repo]:
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    return root, git_init(root)


def test_document_history_follows_renames_and_bodies_and_finds_the_approval(sms_repo: tuple[Path, git.Repo]) -> None:
    root, repo = sms_repo
    write_tree(root, {"policies/POL-0001.yaml": policy("1.0", "draft")})
    drafted = commit_all(repo, "Draft the policy", "2026-01-05T10:00:00+01:00")
    write_tree(root, {"policies/POL-0001.yaml": policy("1.0", "approved", "2026-01-15")})
    approved = commit_all(repo, "Approve the policy", "2026-01-15T10:00:00+01:00")
    write_tree(root, {"policies/POL-0001.yaml": policy("1.0", "approved", "2026-01-15", body=True),
                      "policies/POL-0001.md": "# Policy\n\nFirst text.\n"})
    with_body = commit_all(repo, "Move the text into a body file", "2026-01-20T10:00:00+01:00")
    (root / "policies/governance").mkdir()
    repo.git.mv("policies/POL-0001.yaml", "policies/governance/POL-0001.yaml")
    repo.git.mv("policies/POL-0001.md", "policies/governance/POL-0001.md")
    text = (root / "policies/governance/POL-0001.yaml").read_text(encoding="utf-8")
    (root / "policies/governance/POL-0001.yaml").write_text(
        text.replace("../schemas/", "../../schemas/"), encoding="utf-8")
    moved = commit_all(repo, "Move the policy into governance/", "2026-02-01T10:00:00+01:00")
    write_tree(root, {"policies/governance/POL-0001.md": "# Policy\n\nSecond text.\n"})
    body_only = commit_all(repo, "Reword the text", "2026-02-10T10:00:00+01:00")

    repository = load_repository(root, load_config(root))
    entry = repository.get("POL-0001")
    assert entry is not None
    found = gather.document_history(root, entry, history.path_log(root, history_folders([entry])))
    assert [r.sha for r in found.revisions] == [body_only, moved, with_body, approved, drafted]
    assert [r.files for r in found.revisions] == [("body",), ("record", "body"), ("record", "body"), ("record",),
                                                  ("record",)]
    assert [r.status for r in found.revisions] == ["approved"] * 4 + ["draft"]
    assert {r.version for r in found.revisions} == {"1.0"}
    assert found.approval is not None and found.approval.sha == approved
    assert found.revisions[0].message == "Reword the text" and found.revisions[0].author == "Ada Author"

    data = gather.gather(root, repository, None)
    assert data.commit is not None and data.commit.sha == body_only and not data.dirty
    assert data.as_of == date(2026, 2, 10), "the SMS is judged as at its commit's date"
    assert data.bodies["POL-0001"] == "# Policy\n\nSecond text.\n"
    assert data.histories["POL-0001"].approval == found.approval


def test_dirty_means_the_site_content_changed(sms_repo: tuple[Path, git.Repo]) -> None:
    root, repo = sms_repo
    commit_all(repo, "Start", "2026-01-05T10:00:00+01:00")
    assert gather.build_commit(root)[1] is False
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("built output", encoding="utf-8")
    (root / "notes.txt").write_text("not part of the site", encoding="utf-8")
    assert gather.build_commit(root)[1] is False, "a build folder or unrelated files do not count"
    write_tree(root, {"records/people/c-new.yaml": "kind: person\n"})
    assert gather.build_commit(root)[1] is True


def test_without_git_the_day_comes_from_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(BASE, tmp_path / "sms")
    assert gather.build_commit(tmp_path / "sms") == (None, False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert gather.default_as_of(None) == date(2026, 1, 1)


def test_a_missing_body_is_a_problem_not_a_crash(sms_repo: tuple[Path, git.Repo]) -> None:
    root, _ = sms_repo
    write_tree(root, {"policies/POL-0001.yaml": policy("1.0", "draft", body=True)})
    repository = load_repository(root, load_config(root))
    bodies, problems = gather.read_bodies(root, repository)
    assert bodies == {} and "policies/POL-0001.md cannot be shown" in problems["POL-0001"]


def test_commit_urls_come_from_the_plugin_or_the_repo_url() -> None:
    assert gather.commit_url_for("https://github.com/org/sms", None) == "https://github.com/org/sms/commit/{sha}"
    assert gather.commit_url_for("https://gitlab.com/org/sms.git", "") == "https://gitlab.com/org/sms/-/commit/{sha}"
    assert gather.commit_url_for("https://git.example.org/sms", None) is None
    assert gather.commit_url_for(None, "https://x.example/{sha}") == "https://x.example/{sha}"


def test_commit_before_and_worktrees(sms_repo: tuple[Path, git.Repo], tmp_path: Path) -> None:
    root, repo = sms_repo
    first = commit_all(repo, "One", "2026-01-10T23:30:00+01:00")
    second = commit_all(repo, "Two", "2026-01-11T08:00:00+01:00")
    berlin_end_of_10th = datetime(2026, 1, 10, 23, 59, 59, tzinfo=ZoneInfo("Europe/Berlin"))
    assert history.commit_before(root, berlin_end_of_10th) == first
    assert history.commit_before(root, datetime(2026, 1, 12, tzinfo=UTC)) == second
    assert history.commit_before(root, datetime(2026, 1, 1, tzinfo=UTC)) is None
    path = tmp_path / "wt"
    inside = history.add_worktree(root, first, path)
    assert inside == path and (path / "sms.yaml").is_file()
    assert git.Repo(path).head.commit.hexsha == first
    history.remove_worktree(root, path)
    assert not path.exists()
    assert len(repo.git.worktree("list").splitlines()) == 1


# --- progress ---------------------------------------------------------------------------------------------

def test_plain_progress_logs_about_every_tenth(caplog: pytest.LogCaptureFixture) -> None:
    reporter = progress.Plain(logging.getLogger("test.progress"))
    with caplog.at_level(logging.INFO, logger="test.progress"):
        reporter.stage("rendering pages", 100)
        for _ in range(100):
            reporter.advance()
    lines = [record.getMessage() for record in caplog.records]
    assert lines[0] == "sms: rendering pages (100)" and lines[-1] == "sms: rendering pages 100/100"
    assert 10 <= len(lines) <= 12


def test_the_bar_draws_on_a_terminal() -> None:
    out = io.StringIO()
    bar = progress.Bar(Console(file=out, force_terminal=True, width=100))
    bar.stage("rendering pages", 3)
    for _ in range(3):
        bar.advance()
    bar.close()
    assert "rendering pages" in out.getvalue() and "3/3" in out.getvalue()


@pytest.fixture
def plugin_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger("mkdocs.plugins.sms")
    level = logger.level
    yield logger
    logger.setLevel(level)


def test_auto_mode_picks_plain_lines_in_ci_and_a_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                                                   plugin_logger: logging.Logger) -> None:
    plugin_logger.setLevel(logging.INFO)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert isinstance(progress.reporter("auto"), progress.Bar)
    monkeypatch.setenv("CI", "true")
    assert isinstance(progress.reporter("auto"), progress.Plain)
    assert isinstance(progress.reporter("off"), progress.Silent)
    plugin_logger.setLevel(logging.WARNING)  # mkdocs build --quiet
    assert isinstance(progress.reporter("auto"), progress.Silent)
