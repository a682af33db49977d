"""Hostile records through the whole pipeline: YAML → pages → mkdocs → Chromium.

tests/fixtures/kinds (one record of every kind) is copied and every record's title and every Markdown field
(found from the models' MarkdownText markers) is replaced with attacks: script tags, event handlers,
javascript: and data: links, `{: onclick=… }` attribute lists, `--8<--` snippet lines naming a secret file
and /etc/hostname, tags that try to break out of attributes and titles. A policy's Markdown body file and a
person's name carry them too. The site is built with `mkdocs build --strict`; Chromium then loads every page
and the test asserts that no script ran (no dialog, no flag set on window), that no element carries an event
handler or a javascript:/data: link, that nothing was requested from anywhere but the test server, and that
the secret file's content appears nowhere in the built site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from sms.models import KINDS
from sms.site.fields import markdown_patterns
from sms.store.config import load_config
from sms.store.loader import load_file
from sms.store.repository import load_repository
from tests.conftest import REPO_ROOT, commit_all, git_init
from tests.site.conftest import WHEN, mkdocs_build, serve

pytestmark = pytest.mark.slow

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "kinds"
SECRET = "SECRET-7f3a9c-MUST-NOT-LEAK"
TITLE = ("<script>alert('title')</script><img src=x onerror=\"alert('title-img')\"> "
         "{: onclick=\"alert('title-attr')\" } \"><svg onload=alert('title-svg')> "
         "</title><script>window.__xss='title-break'</script>")
MARKDOWN = """<script>alert('md-script');window.__xss='md-script'</script>

<img src=x onerror="alert('md-img');window.__xss='md-img'">

[click me](javascript:alert('md-js')) [data](data:text/html,<script>alert('md-data')</script>) <javascript:alert(1)>
[entity](&#106;avascript:alert('md-entity')) [spaced]( javascript:alert('md-spaced'))

A paragraph with an attribute list
{: onclick="alert('md-attr')" id="__config" }

# Heading {: onmouseover="alert('md-heading')" }

--8<-- "secret.txt"

--8<-- "/etc/hostname"

;--8<-- "secret.txt"

<svg onload="alert('md-svg')"></svg> <iframe src="javascript:alert('md-iframe')"></iframe>
<a href="javascript:alert('md-raw-a')">raw link</a> <form action="javascript:alert(1)"><button>go</button></form>
"><script>alert('md-quote')</script> </textarea><script>alert('md-textarea')</script>
<style>body { background: url(https://tracker.example/x.png) }</style>
![tracker](https://tracker.example/pixel.png)
"""


def set_path(data: Any, pattern: tuple[str | None, ...], value: str) -> None:
    """Set every string at `pattern` (None: each list item) in place."""
    head, rest = pattern[0], pattern[1:]
    if head is None:
        items = data if isinstance(data, list) else []
        for index, item in enumerate(items):
            if rest:
                set_path(item, rest, value)
            elif isinstance(item, str):
                items[index] = value
    elif isinstance(data, dict) and head in data:
        if rest:
            set_path(data[head], rest, value)
        elif isinstance(data[head], str):
            data[head] = value


def poison(root: Path) -> None:
    """Replace titles and Markdown fields of every record with attacks; add a secret file to include."""
    for path in sorted(root.glob("**/*.yaml")):
        relpath = path.relative_to(root).as_posix()
        if relpath == "sms.yaml":
            continue
        doc = load_file(root, relpath)
        data = doc.data
        data["title"] = TITLE if data["kind"] != "person" else f"Eve {TITLE}"[:200]
        for pattern in markdown_patterns(KINDS[data["kind"]]):
            set_path(data, pattern, MARKDOWN)
        for item in data.get("history", []):
            item["note"] = TITLE
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
        path.write_text(doc.first_line + "\n" + text, encoding="utf-8")
    for body in root.glob("policies/**/*.md"):
        body.write_text(MARKDOWN, encoding="utf-8")
    (root / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (root / "docs" / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "sms"
    shutil.copytree(FIXTURE, root)
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    poison(root)
    repository = load_repository(root, load_config(root))
    invalid = [entry.path for entry in repository.entries if entry.record is None]
    assert invalid == [], "every poisoned record must still be valid, so the attacks reach every renderer"
    commit_all(git_init(root), "<script>alert('commit message')</script>", WHEN)
    out = tmp_path_factory.mktemp("hostile-site") / "site"
    proc = mkdocs_build(root / "mkdocs.yml", out)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    return out


def test_the_hostile_records_were_read_as_valid_records(hostile_site: Path) -> None:
    page = (hostile_site / "records/policies/POL-0001.html").read_text(encoding="utf-8")
    assert "does not pass its schema" not in page, "the attacks must reach every renderer, not a fallback"
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "A paragraph with an attribute list" in page


def test_no_local_file_is_included_anywhere(hostile_site: Path) -> None:
    hostname = Path("/etc/hostname").read_text(encoding="utf-8").strip() if Path("/etc/hostname").exists() else ""
    for path in hostile_site.rglob("*"):
        if path.is_file() and path.name != "secret.txt":  # docs/secret.txt is copied as a static file, as mkdocs does
            content = path.read_bytes()
            assert SECRET.encode() not in content, path
            if hostname and len(hostname) > 6 and path.suffix == ".html":
                assert f">{hostname}<".encode() not in content, path


ELEMENTS_WITH_HANDLERS = """() => Array.from(document.querySelectorAll('*')).flatMap(element =>
    Array.from(element.attributes).filter(a => a.name.toLowerCase().startsWith('on'))
        .map(a => element.tagName + ' ' + a.name + '=' + a.value))"""
DANGEROUS_URLS = """() => Array.from(document.querySelectorAll('[href],[src],[action],[formaction],[data]'))
    .map(element => element.getAttribute('href') || element.getAttribute('src') || element.getAttribute('action')
         || element.getAttribute('formaction') || element.getAttribute('data') || '')
    .filter(url => /^\\s*(javascript|data|vbscript):/i.test(url))"""

CLICK_INERT = """() => document.querySelectorAll('article a:not([href]), article p, article h1, article h2, article h3')
    .forEach(element => element.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true})))"""


def test_no_script_runs_on_any_page(hostile_site: Path, chromium: Any, tmp_path: Path) -> None:
    html_pages = sorted(path.relative_to(hostile_site).as_posix() for path in hostile_site.rglob("*.html"))
    assert len(html_pages) > 60
    dialogs: list[str] = []
    off_site: list[str] = []
    with serve(hostile_site) as base:
        context = chromium.new_context()
        context.set_default_timeout(15000)
        page = context.new_page()  # requests are watched, not intercepted: interception would double the time

        def on_request(request: Any) -> None:
            if not request.url.startswith(base):
                off_site.append(request.url)

        def on_dialog(dialog: Any) -> None:
            dialogs.append(f"{page.url}: {dialog.message}")
            dialog.dismiss()

        page.on("request", on_request)
        page.on("dialog", on_dialog)
        for name in html_pages:
            page.goto(base + name, wait_until="load")
            assert page.evaluate("() => window.__xss === undefined"), f"{name}: {page.evaluate('window.__xss')}"
            assert page.evaluate(ELEMENTS_WITH_HANDLERS) == [], name
            assert page.evaluate(DANGEROUS_URLS) == [], name
            # links whose href was removed, and every paragraph and heading, clicked: none may run code
            page.evaluate(CLICK_INERT)
            assert page.evaluate("() => window.__xss === undefined"), f"{name}: {page.evaluate('window.__xss')}"
        page.goto(base + "records/policies/POL-0001.html")
        page.screenshot(path=str(tmp_path / "hostile-policy.png"), full_page=True)
        field = page.locator("input.md-search__input")  # search results render indexed text: still inert
        field.click()
        field.press_sequentially("script alert", delay=10)
        page.locator(".md-search-result__item").first.wait_for()
        page.screenshot(path=str(tmp_path / "hostile-search.png"))
        assert page.evaluate("() => window.__xss === undefined")
        assert page.evaluate(ELEMENTS_WITH_HANDLERS) == []
        context.close()
    assert dialogs == []
    assert off_site == []
