"""Fixtures for site tests: SMS repositories committed to real tmp git repositories (gitpython), built with
the real `mkdocs build --strict`, served over http://127.0.0.1 and opened in Debian's chromium.

Browser tests need /usr/bin/chromium (the Makefile installs it with apt-get) and the playwright package;
playwright never downloads a browser here. Where either is missing the browser tests are skipped with a
loud reason, and every other test still runs.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT, commit_all, git_init

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
EXAMPLE = ("policies", "records", "sms.yaml", "mkdocs.yml", "docs")
WHEN = "2026-03-02T10:00:00+01:00"  # the site tests commit at a fixed date, so their builds are reproducible


def copy_example(root: Path) -> Path:
    """The example SMS (records, sms.yaml, mkdocs.yml, docs/) copied to `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    (root / ".gitignore").write_text("/site/\n", encoding="utf-8")
    return root


def mkdocs_build(config: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real `mkdocs build --strict`, as CI and `make run` run it."""
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    environment.update({"NO_MKDOCS_2_WARNING": "1", **(env or {})})
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
                          capture_output=True, text=True, timeout=600, env=environment, check=False)


@pytest.fixture(scope="session")
def example_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example SMS, committed once to a fresh git repository."""
    root = copy_example(tmp_path_factory.mktemp("example") / "sms")
    commit_all(git_init(root), "The example SMS", WHEN)
    return root


@pytest.fixture(scope="session")
def example_site(example_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example SMS's site, built once with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("example-site") / "site"
    proc = mkdocs_build(example_repo / "mkdocs.yml", out)
    assert proc.returncode == 0, proc.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser that navigates away mid-download breaks the pipe: not a failure of the site


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's chromium driven by playwright (never a downloaded browser), or a loud skip."""
    if not CHROMIUM.exists():
        pytest.skip("BROWSER TESTS SKIPPED: /usr/bin/chromium is not installed; run `make test` as root (it "
                    "installs chromium with apt-get) or `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("BROWSER TESTS SKIPPED: the playwright package is missing; `pip install -e '.[test]'`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()



@pytest.fixture(scope="module")
def site_url(example_site: Path) -> Iterator[str]:
    """The example site served over http (Material's search worker refuses file://), for one test module."""
    with serve(example_site) as url:
        yield url


@contextlib.contextmanager
def browser_tab(chromium: Any) -> Iterator[Any]:
    """A fresh tab in its own context (1400×1000, 15 s timeouts) that collects page errors in `tab.problems`."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15000)
    tab = context.new_page()
    tab.problems = []
    tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    try:
        yield tab
    finally:
        context.close()
