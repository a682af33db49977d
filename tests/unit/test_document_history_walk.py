"""The site's revision-history tables come from one `git log --raw` walk over every document (issue 14). They
must be what a `git log --follow` per document gave: checked here against that per-file walk, on a document
that is renamed, gets a body file and several revisions, and another changed on a branch merged with a merge
commit, with a commit whose first paragraph spans two lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import git

from sms.analysis.approvals import body_path, history_folders
from sms.core.errors import InputError
from sms.git import commits, history
from sms.site import gather
from sms.site.data import Revision
from sms.store.config import load_config
from sms.store.loader import decode_utf8, parse
from sms.store.repository import Entry, load_repository
from tests.conftest import commit_all, write_tree
from tests.unit.test_site_gather import policy, sms_repo

__all__ = ["sms_repo"]  # the fixture


def follow_one_file(root: Path, entry: Entry) -> list[tuple[Any, ...]]:
    """The table as `git log --follow` on the record file and on the body file gives it, newest first."""
    touched: dict[str, tuple[commits.Commit, set[str], str | None]] = {}
    for commit, record in history.file_revisions(root, entry.path):
        touched[commit.sha] = (commit, {"record"}, record)
    body = body_path(entry)
    for commit, _ in history.file_revisions(root, body) if body else []:
        touched.setdefault(commit.sha, (commit, set(), None))[1].add("body")
    rows: list[tuple[Any, ...]] = []
    state: Any = {}
    for commit, files, path in sorted(touched.values(), key=lambda item: (item[0].date, item[0].sha)):
        if path is not None:
            raw = history.read_at(root, commit.sha, path)
            try:
                data = parse(path, decode_utf8(path, raw)).data if raw is not None else {}
            except InputError:
                data = {}
            state = data.get("document", {}) if isinstance(data, dict) else {}
        rows.append((commit.sha, commit.date, commit.author, commit.message,
                     tuple(name for name in ("record", "body") if name in files),
                     *(None if state.get(key) is None else str(state[key])
                       for key in ("version", "approved_on", "status"))))
    return rows[::-1]


def row(revision: Revision) -> tuple[Any, ...]:
    return (revision.sha, revision.date, revision.author, revision.message, revision.files, revision.version,
            revision.approved_on, revision.status)


def test_one_walk_gives_the_tables_a_walk_per_document_gave(sms_repo: tuple[Path, git.Repo]) -> None:
    root, repo = sms_repo
    second = "policies/POL-0002.yaml"
    write_tree(root, {"policies/POL-0001.yaml": policy("1.0", "draft"),
                      second: policy("1.0", "draft").replace("POL-0001", "POL-0002")})
    commit_all(repo, "Draft both policies", "2026-01-05T10:00:00+01:00")
    write_tree(root, {"policies/POL-0001.yaml": policy("1.0", "approved", "2026-01-15", body=True),
                      "policies/POL-0001.md": "# Policy\n\nFirst text.\n"})
    commit_all(repo, "Approve the policy\nand give it a body\n\nThe text moves out of the record.",
               "2026-01-15T10:00:00+01:00")
    repo.git.checkout("-q", "-b", "feature")
    write_tree(root, {second: policy("1.1", "draft").replace("POL-0001", "POL-0002")})
    commit_all(repo, "Revise the second policy on a branch", "2026-01-20T10:00:00+01:00")
    repo.git.checkout("-q", "main")
    write_tree(root, {"policies/POL-0001.md": "# Policy\n\nSecond text.\n"})
    commit_all(repo, "Reword the text", "2026-01-25T10:00:00+01:00")
    repo.git.merge("--no-ff", "-q", "-m", "Merge the revision", "feature")
    (root / "policies/governance").mkdir()
    repo.git.mv("policies/POL-0001.yaml", "policies/governance/POL-0001.yaml")
    repo.git.mv("policies/POL-0001.md", "policies/governance/POL-0001.md")
    moved = root / "policies/governance/POL-0001.yaml"
    moved.write_text(moved.read_text(encoding="utf-8").replace("../schemas/", "../../schemas/"), encoding="utf-8")
    commit_all(repo, "Move the policy into governance/", "2026-02-01T10:00:00+01:00")

    repository = load_repository(root, load_config(root))
    documents = [entry for entry in repository.entries if entry.id in ("POL-0001", "POL-0002")]
    log = history.path_log(root, history_folders(documents))
    tables = {entry.id: [row(r) for r in gather.document_history(root, entry, log).revisions] for entry in documents}
    assert tables == {entry.id: follow_one_file(root, entry) for entry in documents}
    assert [r[3] for r in tables["POL-0001"]] == ["Move the policy into governance/", "Reword the text",
                                                  "Approve the policy", "Draft both policies"]
    assert [r[4] for r in tables["POL-0001"]] == [("record", "body"), ("body",), ("record", "body"), ("record",)]
    assert [(r[3], r[5]) for r in tables["POL-0002"]] == [("Revise the second policy on a branch", "1.1"),
                                                         ("Draft both policies", "1.0")]
