"""What the pages are made from besides the repository: plain data gathered from git and from the checks.

`sms.site.gather` fills these in (it does the reading); `sms.site.pages` only reads them, so it can be
tested on hand-made values without git or mkdocs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sms.analysis.approvals import ApprovalHistory, Trail
from sms.core.findings import Result
from sms.site.diffs import ApprovalDiff


@dataclass(frozen=True)
class BuildCommit:
    """The commit a site is built from."""

    sha: str
    date: datetime  # the commit date (committer), timezone-aware

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def utc(self) -> str:
        return self.date.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Revision:
    """One commit that changed a controlled document's record file or its Markdown body."""

    sha: str
    date: datetime
    author: str
    message: str
    files: tuple[str, ...]  # which of the document's files it touched: 'record', 'body'
    version: str | None = None  # document.version in the record as of this commit
    approved_on: str | None = None  # document.approved_on as of this commit
    status: str | None = None  # document.status as of this commit

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class DocumentHistory:
    """A controlled document's revisions (newest first) and the one that recorded its current approval."""

    revisions: tuple[Revision, ...] = ()
    approval: Revision | None = None


@dataclass
class SiteData:
    """Everything the pages show that is not in the records themselves."""

    as_of: date  # the day the SMS is judged on (overdue reviews, the conformance summary)
    commit: BuildCommit | None = None  # None: not built from git
    dirty: bool = False  # the work tree's SMS content differs from the commit
    requested: str | None = None  # what `sms site --at` was asked for (a ref or a date), if anything
    result: Result = field(default_factory=Result)  # the conformance check as of `as_of`
    histories: dict[str, DocumentHistory] = field(default_factory=dict)  # by record id
    approvals: ApprovalHistory = field(default_factory=ApprovalHistory)  # the same answer SMS313 judged
    bodies: dict[str, str] = field(default_factory=dict)  # record id → Markdown body text
    body_problems: dict[str, str] = field(default_factory=dict)  # record id → why the body was not shown
    commit_url: str | None = None  # template with {sha}, e.g. https://github.com/org/repo/commit/{sha}
    since_approval: dict[str, ApprovalDiff] = field(default_factory=dict)  # record id → changes since approval
    pull_url: str | None = None  # template with {number}, e.g. https://github.com/org/repo/pull/{number}
    directory_urls: bool = False  # mkdocs use_directory_urls
    home_intro: str | None = None  # docs/index.md, hand-written (trusted) Markdown shown on the generated home
    # A high-volume kind (incidents, requests, changes, releases) with more records than this is published in
    # register pages per month, of at most page_size records each (sms.site.pages.paging; plugin options).
    paged_after: int = 200
    page_size: int = 200
    # A kind with more records than this (5,000 CIs at 100,000 operational records) is searched by each record's
    # own id, title and fields only: its link tables, empty findings sections and register table, and links to its
    # records from other pages, stay out of the search index (plugin option bulk_after).
    bulk_after: int = 1000

    def trail(self, record_id: str | None) -> Trail | None:
        """An approved document's history since its approval (None without git or a committed approval)."""
        return self.approvals.trails.get(record_id or "")

    def link_commit(self, sha: str) -> str | None:
        return self.commit_url.replace("{sha}", sha) if self.commit_url else None

    def link_pull(self, number: int) -> str | None:
        return self.pull_url.replace("{number}", str(number)) if self.pull_url else None


def approval_revision(revisions: Sequence[Revision], version: str | None, approved_on: str | None) -> Revision | None:
    """The commit that recorded a document's current approval.

    That is the oldest commit of the newest unbroken run of revisions whose record carries the current
    `version` and `approved_on` with status approved: the commit that set them. Later commits in the run
    (a typo fixed, a link added) do not move it; a new approval (another version or date) starts a new run.
    None when the document is not approved, or its approval is not committed yet (the newest revision
    does not carry it).
    """
    if approved_on is None:
        return None
    found: Revision | None = None
    for revision in revisions:  # newest first
        if "record" not in revision.files:
            continue  # a body-only commit neither sets nor breaks the approval
        if revision.version == version and revision.approved_on == approved_on and revision.status == "approved":
            found = revision
        else:
            break
    return found
