"""Everything the pages need besides the repository, read once: the commit, each controlled document's
revisions (through sms.git.history, the only git user), the Markdown body files (through the loader's safe
reader), and the conformance check. Returns plain data (sms.site.data) for the pure page generator.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sms.analysis.approvals import Trail, approval_history, body_path, document_log
from sms.analysis.standing import publishable
from sms.check.reuse import CacheState
from sms.core import clock
from sms.core.errors import InputError
from sms.git import commits, history
from sms.models import CONTROLLED
from sms.site.data import BuildCommit, DocumentHistory, Revision, SiteData, approval_revision
from sms.site.diffs import approval_diffs
from sms.site.loading import Inputs, check
from sms.site.progress import Reporter, Silent
from sms.store.loader import Document, decode_utf8, parse, read_text
from sms.store.repository import Entry, Repository

#: What the site is made of, relative to the SMS root: a change under these makes the work tree "dirty".
CONTENT = ("policies", "records", "sms.yaml", "mkdocs.yml", "mkdocs.yaml", "docs")


def build_commit(root: Path) -> tuple[BuildCommit | None, bool]:
    """The commit the work tree is at, and whether the site's content differs from it."""
    if not history.in_git(root):
        return None, False
    head = history.head_commit(root)
    if head is None:
        return None, False
    return BuildCommit(head.sha, head.date), history.is_dirty_under(root, CONTENT)


def default_as_of(commit: BuildCommit | None) -> date:
    """The day the SMS is judged on: the commit's date, so two builds of one commit agree; without git,
    SOURCE_DATE_EPOCH if set (reproducible builds), else today."""
    if commit is not None:
        return commit.date.date()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return clock.today()


def commit_url_for(repo_url: str | None, template: str | None) -> str | None:
    """The plugin's `commit_url` if set; else derived from mkdocs' repo_url for GitHub and GitLab."""
    if template:
        return template
    if not repo_url:
        return None
    host = urlsplit(repo_url).hostname or ""
    base = repo_url.rstrip("/").removesuffix(".git")
    if host == "github.com":
        return base + "/commit/{sha}"
    if host == "gitlab.com":
        return base + "/-/commit/{sha}"
    return None


def pull_url_for(repo_url: str | None, template: str | None) -> str | None:
    """The plugin's `pull_url` if set; else derived from mkdocs' repo_url for GitHub (whose merge messages
    name pull requests); None when unknown, and the pages then name the pull request without a link."""
    if template:
        return template
    if not repo_url or (urlsplit(repo_url).hostname or "") != "github.com":
        return None
    return repo_url.rstrip("/").removesuffix(".git") + "/pull/{number}"


def _document_fields(root: Path, blob: str | None, relpath: str) -> dict[str, Any]:
    """The document block of a record file as it was at a commit, from its blob ({} when unreadable)."""
    if blob is None:
        return {}
    try:
        data = parse(relpath, decode_utf8(relpath, history.read_blob(root, blob))).data
    except InputError:
        return {}
    document = data.get("document") if isinstance(data, dict) else None
    return document if isinstance(document, dict) else {}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def document_history(root: Path, entry: Entry, log: commits.PathLog) -> DocumentHistory:
    """Every commit that changed the document's record file or its body (newest first; merges, which change
    nothing of their own, left out), each with the document's version, status and approval date as of that
    commit, and the commit that recorded the current approval (see data.approval_revision). `log`: one
    approvals.document_log (the walk SMS313 reads too), shared by every document."""
    touched: dict[str, tuple[commits.Commit, set[str], commits.Touch | None]] = {}  # sha → (commit, files, record)
    for touch in log.lineage(entry.path):
        if not touch.merge:
            touched[touch.commit.sha] = (touch.commit, {"record"}, touch)
    body = body_path(entry)
    if body is not None:
        for touch in log.lineage(posixpath.normpath(body)):
            if not touch.merge:
                touched.setdefault(touch.commit.sha, (touch.commit, set(), None))[1].add("body")
    ordered = sorted(touched.values(), key=lambda item: (item[0].date, item[0].sha))  # oldest first
    revisions: list[Revision] = []
    state: dict[str, Any] = {}
    for commit, files, record in ordered:
        if record is not None:
            state = _document_fields(root, record.blob, record.path)
        revisions.append(Revision(commit.sha, commit.date, commit.author, commit.message,
                                  tuple(name for name in ("record", "body") if name in files),
                                  _text(state.get("version")), _text(state.get("approved_on")),
                                  _text(state.get("status"))))
    revisions.reverse()
    document = entry.data.get("document") if isinstance(entry.data, dict) else None
    current = document if isinstance(document, dict) else {}
    approval = approval_revision(revisions, _text(current.get("version")), _text(current.get("approved_on")))
    return DocumentHistory(tuple(revisions), approval)


def with_approval(found: DocumentHistory, trail: Trail | None) -> DocumentHistory:
    """The revision history marked with the approval commit SMS313 found, so the page and the check agree."""
    if trail is None:
        return found
    approval = next((revision for revision in found.revisions if revision.sha == trail.approval.sha), found.approval)
    return dataclasses.replace(found, approval=approval)


def read_bodies(root: Path, repo: Repository) -> tuple[dict[str, str], dict[str, str]]:
    """Body text by record id, and why a body could not be shown, by record id."""
    bodies: dict[str, str] = {}
    problems: dict[str, str] = {}
    for entry in publishable(repo):
        path = body_path(entry)
        if path is None or entry.id is None:
            continue
        try:
            bodies[entry.id] = read_text(root, path, max_bytes=repo.config.bytes_limit())
        except InputError as exc:
            problems[entry.id] = f"The document text {path} cannot be shown: {exc.detail}"
    return bodies, problems


def gather(root: Path, repo: Repository, source: Document | None, *, as_of: date | None = None,
           requested: str | None = None, commit_url: str | None = None, directory_urls: bool = False,
           progress: Reporter | None = None, pull_url: str | None = None,
           cache: CacheState | None = None, built: tuple[BuildCommit | None, bool] | None = None) -> SiteData:
    """Read what the pages need. `source` is sms.yaml as read (positions for the check's configuration
    findings); `as_of` overrides the day the SMS is judged on (sms site --at DATE); `cache`: the caches' state,
    to take the check's findings from the findings cache when they are there (sms.site.loading); `built`: the
    commit and whether the work tree differs from it (build_commit), when the caller has asked git already."""
    progress = progress or Silent()
    commit, dirty = built or build_commit(root)
    as_of = as_of or default_as_of(commit)
    log = document_log(repo) if commit is not None else None  # one walk of git for SMS313 and the revisions
    approvals = approval_history(repo, log)  # read once: SMS313 judges it and the pages show it
    # No base: the PR rules judge pull requests, not a published state; SMS313 reads the whole history.
    result = check(Inputs(repo, source, cache), as_of, approvals)
    data = SiteData(as_of=as_of, commit=commit, dirty=dirty, requested=requested, result=result,
                    commit_url=commit_url, directory_urls=directory_urls, approvals=approvals,
                    since_approval=approval_diffs(repo, approvals), pull_url=pull_url)
    data.bodies, data.body_problems = read_bodies(root, repo)
    if log is not None:
        documents = [entry for entry in publishable(repo) if entry.kind in CONTROLLED]
        progress.stage("reading document history from git", len(documents))
        for entry in documents:
            assert entry.id is not None
            data.histories[entry.id] = with_approval(document_history(root, entry, log), data.trail(entry.id))
            progress.advance()
    return data
