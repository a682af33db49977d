"""Changes since approval, in parts: which pull request a commit subject names, which commit brought an approval
to the main line (a real git repository), the bounded diff, and the page section on hand-made data (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sms.analysis.approvals import ApprovalHistory, Trail
from sms.git import history
from sms.git.commits import Commit
from sms.site import pages
from sms.site.data import SiteData
from sms.site.diffs import MAX_LINES, ApprovalDiff, FileDiff, line_diff, pull_request
from sms.store.config import load_config
from sms.store.repository import load_repository
from tests.conftest import commit_all, git_init

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "kinds"
APPROVAL = Commit("a" * 40, datetime(2026, 3, 5, tzinfo=UTC), "Ada", "ada@example.org", "Approve 1.1")


@pytest.mark.parametrize(("subject", "number"), [
    ("Merge pull request #123 from halden/approve-pol", 123),
    ("Raise the latency target (#7)", 7),
    ("Raise the latency target (#7)  ", 7),
    ("Fixes #7 in the policy", None),
    ("Merge branch 'main' into x", None),
    ("Merge pull request #12", None),  # not GitHub's form: no source branch named
])
def test_the_pull_request_a_github_merge_or_squash_subject_names(subject: str, number: int | None) -> None:
    assert pull_request(subject) == number


def test_each_commit_is_brought_to_the_main_line_by_itself_or_the_merge_that_took_it(tmp_path: Path) -> None:
    repo = git_init(tmp_path)
    (tmp_path / "a.txt").write_text("1\n", encoding="utf-8")
    first = commit_all(repo, "First")
    repo.git.checkout("-q", "-b", "topic")
    (tmp_path / "b.txt").write_text("1\n", encoding="utf-8")
    branch = commit_all(repo, "On the branch")
    (tmp_path / "b.txt").write_text("2\n", encoding="utf-8")
    branch_tip = commit_all(repo, "On the branch again")
    repo.git.checkout("-q", "main")
    (tmp_path / "c.txt").write_text("1\n", encoding="utf-8")
    main = commit_all(repo, "On main meanwhile")
    repo.git.merge("--no-ff", "-q", "-m", "Merge pull request #9 from x/topic", "topic")
    merge = repo.head.commit.hexsha
    (tmp_path / "d.txt").write_text("1\n", encoding="utf-8")
    squash = commit_all(repo, "Squashed work (#10)")
    found = history.merged_by(tmp_path, frozenset({first, branch, branch_tip, main, merge, squash, "f" * 40}))
    assert {sha: commit.sha for sha, commit in found.items()} == {
        first: first, branch: merge, branch_tip: merge, main: main, merge: merge, squash: squash}
    assert found[branch].message == "Merge pull request #9 from x/topic"


def test_the_diff_is_bounded_and_counts_what_it_leaves_out() -> None:
    assert line_diff("a\nb\n", "a\nb") == ((), 0)  # a final newline is no change of content
    lines, omitted = line_diff(None, "".join(f"{n}\n" for n in range(MAX_LINES + 50)))
    assert lines[0] == f"@@ -0,0 +1,{MAX_LINES + 50} @@" and lines[1] == "+0"
    assert len(lines) == MAX_LINES and omitted == 51  # the hunk header counts as a diff line


def test_control_characters_in_a_diff_line_are_shown_not_sent() -> None:
    repo = load_repository(FIXTURE, load_config(FIXTURE))
    entry = next(item for item in repo.entries if item.kind == "policy")
    assert entry.id is not None
    diff = ApprovalDiff(APPROVAL, None, 5, (FileDiff("record", "a.yaml", "a.yaml", ("-old", "+new \x1b[31m\u2067x")),))
    built = pages.build_pages(repo, SiteData(as_of=date(2026, 11, 25), since_approval={entry.id: diff}))
    page = next(text for path, text in built.items() if path.endswith(f"/{entry.id}.md"))
    changes = page[page.index("## Changes since approval"):]
    assert '<span class="sms-diff-add">+new [U+001B][31m[U+2067]x</span>' in changes
    assert "\x1b" not in page and "\u2067" not in page
    assert "approved in pull request #5." in changes and "sms-pull" not in changes  # no repo_url: no link


def test_a_diff_of_layout_only_says_the_content_is_as_approved() -> None:
    repo = load_repository(FIXTURE, load_config(FIXTURE))
    entry = next(item for item in repo.entries if item.kind == "policy")
    assert entry.id is not None
    diff = ApprovalDiff(APPROVAL, None, None, (FileDiff("record", "a.yaml", "a.yaml", ("-a: 1 # x", "+a: 1")),))
    for changed_in, expected in (((), True), ((APPROVAL,), False)):
        trail = Trail(APPROVAL, "1.1", changed_in=changed_in)
        data = SiteData(as_of=date(2026, 11, 25), since_approval={entry.id: diff},
                        approvals=ApprovalHistory({entry.id: trail}, available=True))
        page = next(text for path, text in pages.build_pages(repo, data).items() if path.endswith(f"/{entry.id}.md"))
        assert ("The content is as approved" in page) is expected
        assert '<span class="sms-diff-del">-a: 1 # x</span>' in page
