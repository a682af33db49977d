"""Reading built HTML in tests: links, ids, external resources (stdlib html.parser only)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Page:
    """What one HTML file links to and holds."""

    links: list[str] = field(default_factory=list)  # every <a href>
    ids: set[str] = field(default_factory=set)
    scripts: list[str] = field(default_factory=list)  # <script src>
    stylesheets: list[str] = field(default_factory=list)  # <link rel=stylesheet|preconnect|preload href>
    inline_handlers: list[str] = field(default_factory=list)  # any on* attribute
    styles: list[str] = field(default_factory=list)  # <style> blocks and style attributes


class PageParser(HTMLParser):
    """Collects links, ids, scripts, stylesheets, event-handler attributes and styles of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.page.inline_handlers.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.page.styles.append(value)
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.page.links.append(values["href"])
        if tag == "script" and values.get("src"):
            self.page.scripts.append(values["src"])
        if tag == "link" and values.get("href") and set(values.get("rel", "").split()) & {
                "stylesheet", "preconnect", "preload", "prefetch", "dns-prefetch", "modulepreload"}:
            self.page.stylesheets.append(values["href"])
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.page.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def parse(path: Path) -> Page:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or url.startswith("//")


def broken_links(site: Path) -> list[str]:
    """Every relative <a href> in every HTML page whose target file (or #anchor in it) does not exist."""
    pages = {path.relative_to(site).as_posix(): parse(path) for path in sorted(site.rglob("*.html"))}
    broken = []
    for name, page in pages.items():
        for href in page.links:
            if is_external(href):
                continue
            parts = urlsplit(href)
            if parts.path.startswith("/"):  # 404.html links from the site's root (it is served for any path)
                target = posixpath.normpath(unquote(parts.path).lstrip("/")) or "."
            else:
                target = name if not parts.path else posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), unquote(parts.path)))
            if parts.path.endswith("/") or (parts.path and (site / target).is_dir()):
                target = posixpath.join(target, "index.html")
            if target.startswith("../") or not (site / target).is_file():
                broken.append(f"{name}: {href} (no file {target})")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{name}: {href} (no id {parts.fragment!r} in {target})")
    return broken


def external_resources(site: Path) -> list[str]:
    """Every script, stylesheet or font the site would fetch from another host."""
    found = []
    for path in sorted(site.rglob("*.html")):
        page = parse(path)
        name = path.relative_to(site).as_posix()
        found += [f"{name}: script {src}" for src in page.scripts if is_external(src)]
        found += [f"{name}: link {href}" for href in page.stylesheets if is_external(href)]
        found += [f"{name}: style url {style}" for style in page.styles
                  if "url(" in style and ("//" in style.split("url(", 1)[1].split(")", 1)[0])]
    for path in sorted(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for chunk in text.split("url(")[1:]:
            url = chunk.split(")", 1)[0].strip("'\" ")
            if is_external(url) and not url.startswith("data:"):
                found.append(f"{path.relative_to(site).as_posix()}: css url {url}")
    return found
