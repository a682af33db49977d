"""sms.site.safe_html, sms.site.charts and sms.site.heatmap: untrusted text in, HTML that can run nothing out.

Known attacks are listed one by one; hypothesis then mixes their fragments with arbitrary text, and the
output is parsed as a browser would (html.parser) to check the allow-list held: only allowed tags, no
event handlers, hrefs only http/https/mailto or pages of the site.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sms.site.heatmap import HeatCell, heat_map
from sms.site.safe_html import ATTRIBUTES, TAGS, MarkdownRenderer, safe_href, text

SITE = {"CHG-0008": "../changes/CHG-0008.html", "POL-0002": "../policies/POL-0002.html"}


def resolve(href: str) -> str | None:
    stem = href.split("#")[0].rsplit("/", 1)[-1]
    for suffix in (".md", ".yaml", ".html"):
        stem = stem.removesuffix(suffix)
    return SITE.get(stem)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


def assert_safe(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag in TAGS, f"tag <{tag}> is not on the allow-list: {html!r}"
        allowed = ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attrs) <= allowed, f"<{tag}> carries {sorted(set(attrs) - allowed)}: {html!r}"
        href = attrs.get("href")
        if href is not None:
            assert re.match(r"^(https?:|mailto:)", href, re.I) or href in SITE.values(), f"href {href!r}"


RENDERER = MarkdownRenderer()


@pytest.mark.parametrize("source, expected", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("x <img src=x onerror=alert(1)> y", "&lt;img src=x onerror=alert(1)&gt;"),
    ("[a](javascript:alert(1))", "<p>a</p>"),
    ("[a](JaVaScRiPt:alert(1))", "<p>a</p>"),
    ("[a]( javascript:alert(1))", "<p>a</p>"),
    ("[a](&#106;avascript:alert(1))", "<p>a</p>"),
    ("[a](data:text/html,x)", "<p>a</p>"),
    ("[a](//evil.example/x)", "<p>a</p>"),
    ("[a](../../etc/passwd)", "<p>a</p>"),
    ("<javascript:alert(1)>", "&lt;javascript:alert(1)&gt;"),
    ("para\n{: onclick=alert(1) }", "{: onclick=alert(1) }"),
    ("# Title {: onclick=alert(1) }", "<h2>Title {: onclick=alert(1) }</h2>"),
    ('--8<-- "/etc/passwd"', "--8&lt;-- \"/etc/passwd\""),
    ("![x](https://tracker.example/p.png)", "[image: x]"),
    ("<!-- comment --> text", "&lt;!-- comment --&gt; text"),
    ("```\n<script>alert(1)</script>\n```", "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("[ok](https://example.org/a?b=1&c=2)", 'href="https://example.org/a?b=1&amp;c=2"'),
    ("[mail](mailto:sms@example.org)", 'href="mailto:sms@example.org"'),
    ("See [policy](POL-0002.md) and CHG-0008.", 'href="../policies/POL-0002.html"'),
    ("See CHG-0008, not `CHG-0008` nor CHG-9999.", '<a href="../changes/CHG-0008.html" rel="noopener noreferrer">'
                                                  "CHG-0008</a>, not <code>CHG-0008</code> nor CHG-9999."),
])
def test_markdown_is_rendered_without_anything_that_runs(source: str, expected: str) -> None:
    html = RENDERER.render(source, resolve)
    assert expected in html
    assert_safe(html)


def test_headings_move_below_the_page_headings() -> None:
    html = RENDERER.render("# One\n\n## Two\n\n###### Six", resolve, heading_offset=2)
    assert "<h3>One</h3>" in html and "<h4>Two</h4>" in html and "<h6>Six</h6>" in html


def test_hrefs_are_judged_once_more_by_scheme() -> None:
    assert safe_href("https://example.org", None) == "https://example.org"
    assert safe_href("MAILTO:x@example.org", None) == "MAILTO:x@example.org"
    assert safe_href("vbscript:x", resolve) is None
    assert safe_href("POL-0002.md#section", resolve) == "../policies/POL-0002.html"
    assert safe_href("unknown.md", resolve) is None
    assert text('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"


FRAGMENTS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
             "{: onclick=alert(1) }", '--8<-- "/etc/passwd"', "<svg onload=alert(1)>", "<a href='javascript:x'>",
             "[y](data:text/html;base64,PHNjcmlwdD4=)", "<iframe src=x>", "<style>*{}</style>", "`code`", "\n\n",
             "**bold**", "| a | b |\n|---|---|\n| <b onclick=x>1</b> | 2 |", "<https://ok.example>", "&#60;script&#62;",
             "[z](POL-0002.md)", "CHG-0008", "<", ">", "&", '"', "'"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=12))
def test_no_mix_of_fragments_gets_past_the_allow_list(parts: list[str]) -> None:
    assert_safe(RENDERER.render("".join(parts), resolve))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_escaped_text_never_opens_a_tag(value: str) -> None:
    assert elements(f"<p>{text(value)}</p>") == [("p", {})]
    assert [(tag, set(attrs)) for tag, attrs in elements(f'<p title="{text(value)}">x</p>')] == [("p", {"title"})]


# --- charts ------------------------------------------------------------------------------------------------

def grid(label: str) -> dict[tuple[int, int], HeatCell]:
    return {(likelihood, impact): HeatCell("#ff7043", label, ("RSK-0001",) if (likelihood, impact) == (3, 4) else (),
                                           "#cell")
            for likelihood in range(1, 6) for impact in range(1, 6)}


def test_heat_map_counts_risks_and_escapes_labels() -> None:
    labels = ["<script>a</script>", "b", "c", "d", "e"]
    grid_html = heat_map("Inherent <risk>", labels, labels, grid("high & <x>"))
    assert grid_html.startswith('<table class="sms-heatmap">') and "<script" not in grid_html
    assert "&lt;script&gt;" in grid_html and "<caption>Inherent &lt;risk&gt;</caption>" in grid_html
    assert 'title="score 12, high &amp; &lt;x&gt;: RSK-0001"' in grid_html
    assert grid_html.count("<td ") == 25 and grid_html.count('<a href="#cell"') == 1
    assert 'aria-label="likelihood 3, impact 4: 1 risk"' in grid_html
    assert heat_map("Inherent <risk>", labels, labels, grid("high & <x>")) == grid_html, "deterministic"
