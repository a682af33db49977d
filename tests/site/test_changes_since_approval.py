"""A document page shows what changed since its approval: the diff of its YAML record and Markdown body between
the commit that recorded the approval and the built state, escaped, and a link to the pull request whose merge
brought the approval in; a document untouched since its approval says so. Real git, real `mkdocs build --strict`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import commit_all, git_date, git_init
from tests.site.conftest import WHEN, copy_example, mkdocs_build
from tests.site.htmlcheck import parse

pytestmark = pytest.mark.slow

POLICY = "policies/governance/POL-0001.yaml"
BODY = "policies/governance/POL-0001.md"
STATEMENT = "  - We meet applicable legal, regulatory and contractual obligations, including ZAG, DORA and PCI DSS."
HOSTILE = "<script>alert('diff')</script> \u202eevil"  # a line a pull request could add to a body


def section(page: str) -> str:
    """The "Changes since approval" section of a built page: from its heading to the next h2."""
    start = page.index('id="changes-since-approval"')
    end = page.find("<h2", start)
    return page[start:end if end != -1 else len(page)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The example, POL-0001 re-approved on a branch merged as GitHub merges pull request #42, then edited on
    main without a new approval; mkdocs.yml names the GitHub repository."""
    tmp = tmp_path_factory.mktemp("changes")
    root = copy_example(tmp / "sms")
    config = root / "mkdocs.yml"
    config.write_text("repo_url: https://github.com/halden/sms\n" + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    repo = git_init(root)
    shas = {"initial": commit_all(repo, "The example SMS", WHEN)}
    repo.git.checkout("-q", "-b", "x/y")
    policy = root / POLICY
    policy.write_text(policy.read_text(encoding="utf-8").replace("version: '3.0'", "version: '3.1'")
                      .replace("approved_on: 2026-03-04", "approved_on: 2026-03-05"), encoding="utf-8")
    shas["approval"] = commit_all(repo, "Approve the service management policy 3.1", "2026-03-05T10:00:00+01:00")
    repo.git.checkout("-q", "main")
    merged = git_date("2026-03-05T11:00:00+01:00")
    repo.git.merge("--no-ff", "-q", "-m", "Merge pull request #42 from x/y", "x/y",
                   env={"GIT_AUTHOR_DATE": merged, "GIT_COMMITTER_DATE": merged})
    shas["merge"] = repo.head.commit.hexsha
    text = policy.read_text(encoding="utf-8")
    assert STATEMENT in text
    policy.write_text(text.replace(STATEMENT, STATEMENT.replace("We meet applicable", "We meet most applicable")),
                      encoding="utf-8")
    body = root / BODY
    body.write_text(body.read_text(encoding="utf-8") + f"\n{HOSTILE}\n", encoding="utf-8")
    shas["edit"] = commit_all(repo, "Soften a commitment", "2026-03-06T10:00:00+01:00")
    proc = mkdocs_build(config, tmp / "site")
    assert proc.returncode == 0, proc.stderr
    return tmp / "site", shas


def test_the_page_shows_the_diff_since_approval_and_links_the_approving_pull_request(
        built: tuple[Path, dict[str, str]]) -> None:
    site, shas = built
    changes = section((site / "records/policies/POL-0001.html").read_text(encoding="utf-8"))
    assert "Changes since approval" in changes and "The content is as approved" not in changes
    assert ('<span class="sms-diff-del">-  - We meet applicable legal, regulatory and contractual obligations, '
            "including ZAG, DORA and PCI DSS.</span>") in changes
    assert ('<span class="sms-diff-add">+  - We meet most applicable legal, regulatory and contractual '
            "obligations, including ZAG, DORA and PCI DSS.</span>") in changes
    assert [line for line in re.findall(r'<span class="sms-diff-(?:add|del)">([^<]*)</span>', changes)] == [
        "-  - We meet applicable legal, regulatory and contractual obligations, including ZAG, DORA and PCI DSS.",
        "+  - We meet most applicable legal, regulatory and contractual obligations, including ZAG, DORA and PCI "
        "DSS.", "+", "+&lt;script&gt;alert(&#x27;diff&#x27;)&lt;/script&gt; [U+202E]evil"]
    # The approval is the branch's commit; the merge that brought it names the pull request.
    assert f"<code>{shas['approval'][:7]}</code>" in changes and f"<code>{shas['merge'][:7]}</code>" in changes
    assert '<a class="sms-pull" href="https://github.com/halden/sms/pull/42">pull request #42</a>' in changes
    assert f'href="https://github.com/halden/sms/commit/{shas["approval"]}"' in changes


def test_a_hostile_line_in_the_diff_is_shown_escaped_never_run_or_obeyed(built: tuple[Path, dict[str, str]]) -> None:
    site, _ = built
    path = site / "records/policies/POL-0001.html"
    page = path.read_text(encoding="utf-8")
    assert "<script>alert('diff')" not in page and "\u202e" not in page
    assert "&lt;script&gt;alert(&#x27;diff&#x27;)&lt;/script&gt; [U+202E]evil" in section(page)
    assert parse(path).inline_handlers == []


def test_a_document_unchanged_since_its_approval_says_so(built: tuple[Path, dict[str, str]]) -> None:
    site, shas = built
    changes = section((site / "records/policies/POL-0002.html").read_text(encoding="utf-8"))
    assert '<p class="sms-empty sms-unchanged">No changes since approval.</p>' in changes
    assert "sms-diff-add" not in changes and "sms-diff-del" not in changes
    assert f"<code>{shas['initial'][:7]}</code>" in changes and "pull request" not in changes
