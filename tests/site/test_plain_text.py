"""Plain record text skips Markdown and nh3 (most text of a big SMS has no markup, and rendering it was a third of
the time spent on a record's detail): what it gives must be byte for byte what the full path gives, and text with
anything Markdown or nh3 would act on must still take the full path. A table of cases, then hypothesis mixing
plain characters with every character that means something to either. The same for text(), which skips the
bidi pass for ASCII and escaping for text with nothing to escape."""

from __future__ import annotations

import html

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sms.site.safe_html import MarkdownRenderer, plain_html, text, visible_bidi


def resolve(href: str) -> str | None:
    """Every record id is a page: text naming one must become a link, so it cannot be plain."""
    return f"records/{href}.html"


RENDERER = MarkdownRenderer()

PLAIN = [
    ("The payments API answered 502 for 14 minutes.", "<p>The payments API answered 502 for 14 minutes.</p>"),
    ("First line\nsecond line", "<p>First line\nsecond line</p>"),
    ("One.\n\nTwo.\n\n\n\nThree.\n", "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>"),
    ("\n\nLeading and trailing blank lines\n\n", "<p>Leading and trailing blank lines</p>"),
    ("Café – naïve “quoted” it's 5% @ $3 = (ok)? yes/no! 😀",
     "<p>Café – naïve “quoted” it's 5% @ $3 = (ok)? yes/no! 😀</p>"),
    ("see https://status.example.org/x for details", "<p>see https://status.example.org/x for details</p>"),
    ("a -- b, 3 + 4 = 7, x-ray", "<p>a -- b, 3 + 4 = 7, x-ray</p>"),
    ("Two  spaces inside", "<p>Two  spaces inside</p>"),
    ("", ""),
    ("\n\n", ""),
]
NOT_PLAIN = [
    "**bold**", "_em_", "`code`", "# heading", "> quote", "- item", "+ item", "* item", "1. first", "2) second",
    "Title\n=====", "Title\n---", "    indented code", " leading space", "trailing two  \nspaces", "trailing \n",
    "a | b\n--|--\n1 | 2", "```\nfenced\n```", "~~~\nfenced\n~~~", "[link](https://x.org)", "<b>tag</b>",
    "AT&T", "&amp;", "back\\slash", "tab\there", "no\u00a0break", "line\u2028separator", "bidi \u202e text",
    "zero\u200bwidth", "control \x02 char", "see CHG-0001", "INC-12 and more", "carriage\r\nreturn",
]


@pytest.mark.parametrize(("source", "expected"), PLAIN)
def test_plain_text_is_put_in_paragraphs_as_markdown_would(source: str, expected: str) -> None:
    assert plain_html(source) == expected
    assert RENDERER.convert(source, resolve) == expected
    assert RENDERER.render(source, resolve) == expected


@pytest.mark.parametrize("source", NOT_PLAIN)
def test_text_markdown_or_nh3_would_change_takes_the_full_path(source: str) -> None:
    assert plain_html(source) is None
    assert RENDERER.render(source, resolve) == RENDERER.convert(source, resolve)


MEANINGFUL = [*"#*_`[]()<>&\\|~!=+-.:) \t\r\n\x00\x02\x03\x0b\x0c\u00a0\u2028\u2029\u200b\u202e\u2066\ufeff0123456789",
              "CHG-0042", "INC-7", "1. ", "- ", "  \n", "\n\n", "---", "===", "```", "http://x.y"]
ORDINARY = list("abcXYZ ,;'\"?/%@$éß–“”’😀\u0301")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MEANINGFUL), st.sampled_from(ORDINARY), st.text(max_size=4)), max_size=30))
@example(["Resolved", "\n", "\n", "Root cause", ":", " disk full"])
@example(["x", "\n", "1", ")", " y"])
def test_the_short_cut_gives_what_markdown_and_nh3_give(parts: list[str]) -> None:
    source = "".join(parts)
    shortcut = plain_html(source)
    if shortcut is not None:
        assert shortcut == RENDERER.convert(source, resolve)
    assert RENDERER.render(source, resolve) == RENDERER.convert(source, resolve)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30) | st.lists(st.sampled_from([*MEANINGFUL, *ORDINARY, "'", '"'])).map("".join))
def test_escaping_skips_only_what_changes_nothing(value: str) -> None:
    """text() takes a short cut for ASCII text and for text with nothing to escape: the same as escaping it all."""
    assert text(value) == html.escape(visible_bidi(value), quote=True)
