"""A Content-Security-Policy for every page, set in a `<meta>` tag (a static site has no headers of its own).

Material for MkDocs puts three small inline scripts into every page (the storage scope, the palette, the tab
state) and reads its configuration from an inline JSON block. Allowing inline script wholesale would let any
script that slipped into a page run, so the policy allows exactly the inline scripts of the theme, by hash:
those outside the page's `<article>` — the only place record text goes. A script inside the article (there
should be none: record text is escaped and sanitised) gets no hash and does not run. Everything else must come
from the site itself: no CDN, no inline event handlers, no plugins, no framing of forms elsewhere.

What a `<meta>` policy cannot do: `frame-ancestors` (clickjacking) and reporting need HTTP headers; set them
on the web server that publishes the site where it allows that.
"""

from __future__ import annotations

import base64
import hashlib
import re

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
ARTICLE_OPEN, ARTICLE_CLOSE = re.compile(r"<article\b", re.I), re.compile(r"</article>", re.I)
EXECUTABLE_TYPES = ("", "text/javascript", "module", "application/javascript")


def _executable(attrs: str) -> bool:
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False  # external: allowed by 'self'
    found = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
    return (found.group(1).lower() if found else "") in EXECUTABLE_TYPES


def theme_script_hashes(page: str) -> list[str]:
    """'sha256-…' sources for the inline scripts outside the page's article, in page order, without repeats."""
    spans = _articles(page)
    hashes: list[str] = []
    for match in SCRIPT.finditer(page):
        inside = any(start <= match.start() < end for start, end in spans)
        if inside or not _executable(match.group("attrs")):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def _articles(page: str) -> list[tuple[int, int]]:
    """Where each `<article …>…</article>` is, as `<article\\b.*?</article>` (re.S) would find them: searched
    for the closing tag rather than matched character by character up to it (a month page's is megabytes)."""
    spans: list[tuple[int, int]] = []
    position = 0
    while (start := ARTICLE_OPEN.search(page, position)) is not None:
        end = ARTICLE_CLOSE.search(page, start.end())
        if end is None:
            break
        spans.append((start.start(), end.end()))
        position = end.end()
    return spans


def policy(page: str) -> str:
    scripts = " ".join(["'self'", *theme_script_hashes(page)])
    return "; ".join((
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",  # Material sets style attributes from its scripts
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ))


def with_policy(page: str) -> str:
    """The page with its Content-Security-Policy `<meta>` as the first element of its head."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    head = re.search(r"<head[^>]*>", page, re.I)
    if head is None:
        return page
    return page[: head.end()] + "\n    " + meta + page[head.end():]
