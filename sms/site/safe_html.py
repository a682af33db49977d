"""Untrusted record text → safe HTML.

Two ways in, nothing else:
- `text(value)`: any field value, HTML-escaped (quotes too, so it is safe inside attributes);
- `MarkdownRenderer.render(source, resolve)`: a Markdown-bearing field (marked `MarkdownText` in the
  models) or a document's body file. Python-Markdown runs with raw HTML switched off (no `html_block`
  preprocessor, no inline `html` pattern), without attr_list, md_in_html or snippets; links are kept only
  for http, https and mailto, or when they name a page of this site (a record id); then nh3 cleans the
  result against an allow-list of tags and attributes, as a second, independent line of defence.

The output is meant for raw HTML blocks of generated pages, which Python-Markdown passes through
untouched: no Markdown, attribute list or snippet syntax is interpreted inside them.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

#: Maps a link found in record text (a relative path such as 'POL-0002.md', or a bare record id) to an
#: href of this site relative to the page being rendered, or None when it names no page of the site.
Resolver = Callable[[str], str | None]

SCHEMES = frozenset({"http", "https", "mailto"})
TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "del",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "sup", "sub",
})
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
#: Relative hrefs the resolver may produce: site paths with an optional fragment, nothing that could carry
#: a scheme. nh3's attribute filter enforces this again after Markdown.
SITE_HREF = re.compile(r"^(?:\.\./|\./)*[A-Za-z0-9_-][A-Za-z0-9_./-]*(?:#[A-Za-z0-9_-]+)?$|^#[A-Za-z0-9_-]+$")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
RECORD_ID = r"(?<![\w/.-])([A-Z][A-Z0-9]{0,9}-[0-9]{1,9})(?![\w-])"


#: Bidi controls reorder what a reader sees ("approved" that displays as something else): shown, never obeyed.
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


ESCAPED = re.compile("[&<>\"']")  # what html.escape(quote=True) replaces


def visible_bidi(value: str) -> str:
    """Bidi control characters replaced by a visible [U+202E]-style marker."""
    return BIDI.sub(lambda match: f"[U+{ord(match.group()):04X}]", value)


def text(value: object) -> str:
    """A value as escaped HTML text (bidi controls shown, not obeyed); None is an empty string."""
    if value is None:
        return ""
    shown = str(value)
    if shown.isascii():  # no bidi control (they are not ASCII), and often nothing to escape: one scan, not five
        return html.escape(shown, quote=True) if ESCAPED.search(shown) else shown
    return html.escape(visible_bidi(shown), quote=True)


#: Record text that Markdown and nh3 would only wrap in paragraphs: characters that mean nothing to either
#: (no markup, entity, escape, tab, control, bidi or unusual space), no line that begins with a space or could
#: begin a block (list, heading underline, rule, code), none ending in spaces (a line break), no record id (a
#: link). Anything else takes the full path; tests/site/test_plain_text.py holds the two to the same output.
PLAIN_ASCII = re.compile(r"[A-Za-z0-9 \n.,;:'\"()?!/%@$=+-]*")
PLAIN_OTHER = frozenset("LNMPS")  # Unicode categories of letters, numbers, marks, punctuation, symbols
BLOCK_START = re.compile(r"^(?:[ =+-]|[0-9]+[.)])| $", re.MULTILINE)
RECORD_ID_IN_TEXT = re.compile(RECORD_ID)
PARAGRAPHS = re.compile(r"\n{2,}")


def plain_html(source: str) -> str | None:
    """What `MarkdownRenderer.render` gives for plain text, made without Markdown: its paragraphs in <p>
    elements; None when `source` is not plain enough to be sure."""
    if not PLAIN_ASCII.fullmatch(source) and not all(
            PLAIN_ASCII.fullmatch(char) or (not char.isascii() and unicodedata.category(char)[0] in PLAIN_OTHER)
            for char in source):
        return None
    if BLOCK_START.search(source) or RECORD_ID_IN_TEXT.search(source):
        return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS.split(source.strip("\n")) if paragraph)


def external_href(href: str) -> str | None:
    """`href` if it is an absolute http, https or mailto URL, else None."""
    match = SCHEME.match(href.strip())
    return href.strip() if match and match.group(1).lower() in SCHEMES else None


def safe_href(href: str, resolve: Resolver | None) -> str | None:
    """Where a link in record text may point: an external http/https/mailto URL, or a page of this site."""
    href = href.strip()
    if SCHEME.match(href):
        return external_href(href)
    if not href or href.startswith(("//", "\\")):
        return None  # protocol-relative: an external host without a scheme we checked
    return resolve(href) if resolve is not None else None


class _RecordIdLinks(InlineProcessor):
    """Turns a record id in running text (e.g. 'see CHG-0008') into a link to its page, if it has one."""

    def __init__(self, renderer: MarkdownRenderer) -> None:
        super().__init__(RECORD_ID)
        self.renderer = renderer

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:  # type: ignore[override]
        resolve = self.renderer.resolve
        href = resolve(m.group(1)) if resolve is not None else None
        if href is None:
            return None, None, None
        link = etree.Element("a", {"href": href, "data-sms-resolved": "1"})
        link.text = m.group(1)
        return link, m.start(0), m.end(0)


class _LinksAndHeadings(Treeprocessor):
    """Turns links that are neither external http/https/mailto nor pages of this site into plain text, replaces
    images (they would load from anywhere) by their alt text, and moves headings down so a body's '#' sits
    below the page's own headings."""

    def __init__(self, md: markdown.Markdown, renderer: MarkdownRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    alt = child.get("alt", "")
                    replacement = etree.Element("span")
                    replacement.text = f"[image: {alt}]" if alt else "[image]"
                    replacement.tail = child.tail
                    parent.insert(list(parent).index(child), replacement)
                    parent.remove(child)
        for element in root.iter():
            if element.tag == "a":
                href = element.get("href")
                if href is not None and not element.get("data-sms-resolved"):
                    target = safe_href(href, self.renderer.resolve)
                    if target is None:  # the text stays, as plain text: nothing left to click
                        element.tag = "span"
                        element.attrib.clear()
                    else:
                        element.set("href", target)
                element.attrib.pop("data-sms-resolved", None)
            elif re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(6, int(element.tag[1]) + self.renderer.heading_offset)}"


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        if external_href(value) is not None or SITE_HREF.match(value):
            return value
        return None
    if attribute == "align":
        return value if value in ("left", "right", "center") else None
    if attribute == "start":
        return value if value.isdigit() else None
    return value


def sanitise(fragment: str) -> str:
    """nh3 with our allow-list: only TAGS and ATTRIBUTES survive; hrefs only external or site-relative."""
    return nh3.clean(fragment, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                     url_schemes=set(SCHEMES), attribute_filter=_attribute_filter, strip_comments=True,
                     clean_content_tags={"script", "style"}, link_rel="noopener noreferrer")


class MarkdownRenderer:
    """One Python-Markdown instance, reused: building one per field would dominate large sites."""

    def __init__(self) -> None:
        self.resolve: Resolver | None = None
        self.heading_offset = 1
        md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"],
                               extension_configs={"tables": {"use_align_attribute": True}})
        md.preprocessors.deregister("html_block")  # raw HTML blocks become text
        md.inlinePatterns.deregister("html")  # and so do inline tags
        md.inlinePatterns.register(_RecordIdLinks(self), "sms_record_ids", 95)
        md.treeprocessors.register(_LinksAndHeadings(md, self), "sms_links", 15)
        self._md = md

    def render(self, source: str, resolve: Resolver | None = None, *, heading_offset: int = 1) -> str:
        """Sanitised HTML for Markdown `source`; links resolved by `resolve`; headings moved down by
        `heading_offset` levels (an h1 in the source becomes at least an h2). Plain text (most of a big SMS's
        records) is only put in paragraphs, as Markdown and nh3 would, at a fraction of their cost."""
        plain = plain_html(source)
        return plain if plain is not None else self.convert(source, resolve, heading_offset=heading_offset)

    def convert(self, source: str, resolve: Resolver | None = None, *, heading_offset: int = 1) -> str:
        """`render` through Markdown and nh3 whatever the text."""
        self.resolve = resolve
        self.heading_offset = max(1, heading_offset)
        try:
            produced = self._md.reset().convert(visible_bidi(source))
        finally:
            self.resolve = None
        return sanitise(produced)
