"""What frames the content: a page's front matter, and the banner and footer the plugin puts on every page
(hand-written ones too)."""

from __future__ import annotations

import json

from sms.site.data import SiteData
from sms.site.safe_html import text

NOT_SEARCHED = 'data-search-exclude="banner"'  # Material's search skips it (and strips the attribute)


def front(title: str, body: str, *, wide: bool = False) -> str:
    """A page: the escaped title as front matter (mkdocs puts it in <title> and the nav unescaped), then
    the body. Wide pages (big tables) hide the table of contents to give the table room."""
    clean = text(title).replace("\u0085", " ").replace("\u2028", " ").replace("\u2029", " ")
    hide = "hide:\n  - toc\n" if wide else ""
    return f"---\ntitle: {json.dumps(clean, ensure_ascii=False)}\n{hide}---\n\n{body.rstrip()}\n"


def banner_html(data: SiteData) -> str:
    """The "As at …" banner shown at the top of every page."""
    commit = data.commit
    where = (f"commit <code>{text(commit.short)}</code> of {text(commit.utc)}" if commit is not None
             else "a folder that is not a git commit")
    if data.dirty:
        where += ", with uncommitted changes"
    day = text(data.as_of.isoformat())
    if data.requested is not None:
        return (f'<div class="sms-banner sms-banner--past" role="note" {NOT_SEARCHED}><strong>As at {day}</strong>: '
                f"the SMS as it stood at {where} (requested: <code>{text(data.requested)}</code>). "
                "This is a past state; the current SMS may differ.</div>")
    return f'<div class="sms-banner" role="note" {NOT_SEARCHED}><strong>As at {day}</strong>: built from {where}.</div>'


def footer_html(data: SiteData) -> str:
    """The footer line naming the commit (mkdocs' copyright slot, shown on every page by the theme)."""
    commit = data.commit
    if commit is None:
        return f"SMS as at {text(data.as_of.isoformat())}, not built from a git commit"
    sha = f"<code>{text(commit.short)}</code>"
    url = data.link_commit(commit.sha)
    if url is not None:
        sha = f'<a href="{text(url)}">{sha}</a>'
    return f"SMS as at commit {sha} of {text(commit.date.date().isoformat())}" + (
        " (with uncommitted changes)" if data.dirty else "")
