"""A document page's "Changes since approval": the diff of its YAML record and Markdown body between the commit
that recorded its current approval and the state the site is built from, and the pull request that approved it.

Every diff line is record text, so untrusted: escaped with `safe_html.text` (bidi controls shown as [U+202E]),
and other control characters shown the same way, so a line can neither hide nor reorder what a reader sees.
"""

from __future__ import annotations

import re

from sms.git.commits import Commit
from sms.site.diffs import ApprovalDiff, FileDiff
from sms.site.pages.site import Site
from sms.site.safe_html import text
from sms.store.repository import Entry

#: C0 controls but tab, DEL, C1 controls, line and paragraph separators: shown as [U+001B], never sent raw.
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
KINDS = {"+": "sms-diff-add", "-": "sms-diff-del", "@": "sms-diff-hunk"}


def _line(line: str) -> str:
    shown = CONTROL.sub(lambda match: f"[U+{ord(match.group()):04X}]", line)
    kind = KINDS.get(line[:1], "sms-diff-same")
    return f'<span class="{kind}">{text(shown)}</span>'


def _commit(site: Site, commit: Commit) -> str:
    url = site.data.link_commit(commit.sha)
    sha = f"<code>{text(commit.short)}</code>"
    return f'<a href="{text(url)}">{sha}</a>' if url else sha


def _file(item: FileDiff) -> str:
    name = "Record (YAML)" if item.label == "record" else "Document text (Markdown)"
    if item.old_path and item.new_path and item.old_path != item.new_path:
        where = f"<code>{text(item.old_path)}</code> → <code>{text(item.new_path)}</code>"
    else:
        where = f"<code>{text(item.new_path or item.old_path)}</code>"
    head = f'<h3 class="sms-diff-file">{text(name)}: {where}</h3>'
    if item.problem is not None:
        return f'{head}\n<p class="sms-warning">Cannot be compared: {text(item.problem)}</p>'
    if item.old_path is None:
        head += '\n<p>Added after the approval.</p>'
    elif item.new_path is None:
        head += '\n<p>Removed after the approval.</p>'
    if not item.lines and not item.omitted:
        return f'{head}\n<p class="sms-empty">No changes since approval.</p>'
    listing = "\n".join(_line(line) for line in item.lines)
    more = (f'\n<p class="sms-quiet">{item.omitted} more diff line{"s" if item.omitted != 1 else ""} '
            "not shown.</p>") if item.omitted else ""
    return f'{head}\n<pre class="sms-diff"><code>{listing}</code></pre>{more}'


def _approval(site: Site, diff: ApprovalDiff) -> str:
    said = f"Compared with commit {_commit(site, diff.approval)}, which recorded the current approval"
    merge = diff.merged_by
    if merge is not None and merge.sha != diff.approval.sha:
        said += f", merged by {_commit(site, merge)} (&lsquo;{text(merge.message)}&rsquo;)"
    if diff.pull is not None:
        url = site.data.link_pull(diff.pull)
        name = f"pull request #{diff.pull}"
        said += "; approved in " + (f'<a class="sms-pull" href="{text(url)}">{name}</a>' if url else name)
    return f"<p>{said}.</p>"


def changes_since_approval(site: Site, entry: Entry) -> str | None:
    """The section's HTML, or None when the document has no committed approval to compare with."""
    diff = site.data.since_approval.get(entry.id or "")
    if diff is None:
        return None
    if not diff.changed:
        return f'{_approval(site, diff)}\n<p class="sms-empty sms-unchanged">No changes since approval.</p>'
    trail = site.data.trail(entry.id)
    same = ('<p class="sms-quiet sms-layout-only">The content is as approved: these lines change only layout, '
            "comments or document-control data (rule SMS313 compares the data, not the text).</p>"
            if trail is not None and not trail.changed_after_approval else "")
    return "\n".join([_approval(site, diff), same, *(_file(item) for item in diff.files)])
