"""The mkdocs plugin (`plugins: [sms]`): adds the generated pages to the build without writing to docs/.

Events, in the order mkdocs calls them:
- on_config: refuse pymdownx.snippets (it would include any file into record text); add our stylesheet,
  table sorter, table filter and search query rewriter (a record id finds its record); find the commit and
  the "as at" day; name the commit in the footer (mkdocs' copyright, which every theme shows on every page).
- on_files: load the repository (through the record cache: sms.site.loading), gather history and the check
  result (sms.site.gather), generate every page (sms.site.pages, pure) as `File.generated`; give mkdocs the
  navigation when mkdocs.yml has none.
- on_pre_page: pin each page's date (sitemap lastmod, sitemap.xml.gz mtime) to the commit date, so two
  builds of one commit are byte-identical.
- on_page_content: put the "As at …" banner at the top of every page, hand-written ones included, and every
  table in a box of its own that scrolls sideways (pages.scrollable).
- on_post_page: give every page its Content-Security-Policy, then fill a month page's placeholders with its
  records' detail (sms.site.pages.periods.Late).
"""

from __future__ import annotations

import gc
import logging
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config as MkdocsConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from sms.core import clock
from sms.core.collector import paused_gc
from sms.core.errors import SmsError
from sms.site import pages
from sms.site.csp import with_policy
from sms.site.data import BuildCommit, SiteData
from sms.site.gather import build_commit, commit_url_for, default_as_of, gather, pull_url_for
from sms.site.loading import load
from sms.site.progress import Reporter, Silent, reporter
from sms.store.config import load_config

log = logging.getLogger("mkdocs.plugins.sms")
ASSETS = ("sms.css", "sms-sort.js", "sms-filter.js", "sms-search.js")
ASSET_DIR = "assets/sms"
FORBIDDEN_EXTENSIONS = ("pymdownx.snippets",)


class SmsPluginConfig(MkdocsConfig):  # type: ignore[no-untyped-call]
    root = config_options.Type(str, default=".")
    """The SMS repository root, relative to mkdocs.yml."""
    commit_url = config_options.Type(str, default="")
    """Link to a commit, with {sha}: e.g. https://git.example.org/sms/commit/{sha}. Derived from repo_url
    for GitHub and GitLab when empty."""
    pull_url = config_options.Type(str, default="")
    """Link to a pull request, with {number}: e.g. https://git.example.org/sms/pull/{number}. Derived from
    repo_url for GitHub when empty; without either, the approving pull request is named without a link."""
    progress = config_options.Choice(("auto", "rich", "plain", "off"), default="auto")
    """How to show build progress: a bar on a terminal and log lines in CI ('auto'), or one of them always."""
    paged_after = config_options.Type(int, default=200)
    """A high-volume kind (incidents, requests, changes, releases) with more records than this is published in
    register pages per month, an anchor per record, instead of a page per record; 0: always."""
    page_size = config_options.Type(int, default=200)
    """The most records on one month's page; a busier month is split into parts."""
    bulk_after = config_options.Type(int, default=1000)
    """A kind with more records than this keeps a page per record (or its month pages), but search finds its records
    by their own id, title and fields only: link tables naming them stay out of the search index."""


class SmsPlugin(BasePlugin[SmsPluginConfig]):  # type: ignore[no-untyped-call]
    """Generates the SMS's pages from its records."""

    #: Set by `sms site --at`: what was asked for (a ref or a date) and the day to judge the SMS on.
    requested: str | None = None
    as_of: date | None = None

    def __init__(self) -> None:
        self.commit: BuildCommit | None = None
        self.dirty = False
        self.day: date = clock.today()
        self.data: SiteData | None = None
        self.banner = ""
        self.user_nav = False
        self.progress: Reporter = Silent()
        self.build_date = ""
        self.pages_total = 0
        self.generated: pages.Generated | None = None

    def sms_root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or "mkdocs.yml").resolve().parent / self.config.root

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for name in FORBIDDEN_EXTENSIONS:
            if any(name == str(ext) for ext in config.markdown_extensions):
                raise PluginError(f"sms: remove {name} from markdown_extensions: it can include any file on the "
                                  "build machine into the site, and record text is untrusted")
        if self.config.paged_after < 0 or self.config.page_size < 1:
            raise PluginError("sms: paged_after must be 0 or more and page_size 1 or more (plugins: - sms: in "
                              "mkdocs.yml)")
        if self.config.bulk_after < 0:
            raise PluginError("sms: bulk_after must be 0 or more (plugins: - sms: in mkdocs.yml)")
        self.user_nav = config.nav is not None
        root = self.sms_root(config)
        try:
            self.commit, self.dirty = build_commit(root)
            if not config.site_url:  # sitemap.xml lists pages only with a site_url: sms.yaml's says where it is
                published = load_config(root).site_url
                config.site_url = f"{published.rstrip('/')}/" if published else None
        except SmsError as exc:
            raise PluginError(f"sms: {exc}") from exc
        self.day = self.as_of or default_as_of(self.commit)
        # Pages are dated by their commit (the footer's date), so a rebuild of one commit changes nothing.
        self.build_date = (self.commit.date.date() if self.commit is not None else self.day).isoformat()
        footer = pages.footer_html(SiteData(as_of=self.day, commit=self.commit, dirty=self.dirty,
                                            commit_url=commit_url_for(config.repo_url, self.config.commit_url)))
        config.copyright = f"{config.copyright} · {footer}" if config.copyright else footer
        config.extra_css.append(f"{ASSET_DIR}/sms.css")
        config.extra_javascript.append(f"{ASSET_DIR}/sms-sort.js")
        config.extra_javascript.append(f"{ASSET_DIR}/sms-filter.js")
        config.extra_javascript.append(f"{ASSET_DIR}/sms-search.js")
        self.progress = reporter(self.config.progress)
        return config

    @paused_gc
    def _generate(self, root: Path, config: MkDocsConfig, intro: str | None) -> tuple[SiteData, pages.Generated]:
        """Load the SMS, check it and write every page's Markdown: with the cycle collector paused, as for a check,
        since the pages hold no cycles either."""
        # A past commit (sms site --at) is built in a temporary work tree: a cache there would die with it.
        inputs = load(root, cache=self.requested is None, progress=self.progress)
        repo = inputs.repo
        data = gather(root, repo, inputs.source, as_of=self.day, requested=self.requested,
                      commit_url=commit_url_for(config.repo_url, self.config.commit_url), cache=inputs.state,
                      directory_urls=config.use_directory_urls, progress=self.progress,
                      pull_url=pull_url_for(config.repo_url, self.config.pull_url),
                      built=(self.commit, self.dirty))  # on_config asked git
        data.home_intro = intro
        data.paged_after, data.page_size = self.config.paged_after, self.config.page_size
        data.bulk_after = self.config.bulk_after
        return data, pages.generate(repo, data)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        root = self.sms_root(config)
        home = files.get_file_from_path(pages.HOME)
        intro = None
        if home is not None and home.generated_by is None:  # the hand-written home becomes the generated one's intro
            intro = home.content_string
            files.remove(home)
        gc.unfreeze()  # a rebuild (mkdocs serve): what the last build froze may be collected now
        try:
            data, built = self._generate(root, config, intro)
            self.data, self.generated = data, built
            generated, downloads = built.pages, built.downloads
        except SmsError as exc:  # translated into mkdocs' own error so `mkdocs build` prints one line
            self.progress.close()
            raise PluginError(f"sms: {exc}") from exc
        self.banner = pages.banner_html(data)
        for path in [*generated, *downloads, *(f"{ASSET_DIR}/{name}" for name in ASSETS)]:
            existing = files.get_file_from_path(path)
            if existing is not None:
                self.progress.close()
                raise PluginError(f"sms: {config.docs_dir}/{path} is a page the sms plugin generates; rename or "
                                  "remove the hand-written one")
        for path, content in generated.items():
            inclusion = InclusionLevel.UNDEFINED if pages.in_nav(path) else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        for path, content in downloads.items():  # static files (CSV), not pages
            files.append(File.generated(config, path, content=content))
        for name in ASSETS:
            content = resources.files("sms.site").joinpath("assets", name).read_text(encoding="utf-8")
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=content))
        if not self.user_nav:
            hand_written = sorted(file.src_uri for file in files.documentation_pages()
                                  if file.generated_by is None and file.src_uri not in generated)
            config.nav = pages.nav(hand_written)
        self.pages_total = len(files.documentation_pages())
        self.progress.stage("rendering pages", self.pages_total)
        return files

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """`mkdocs serve` rebuilds when a record or sms.yaml changes, not only docs/."""
        root = self.sms_root(config)
        for name in ("policies", "records", "sms.yaml"):
            if (root / name).exists():
                server.watch(str(root / name))
        return server

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        page.update_date = self.build_date  # sitemap lastmod and sitemap.xml.gz mtime: the commit date
        return page

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.progress.advance()
        hidden = self.generated.unsearched.get(page.file.src_uri) if self.generated is not None else None
        if hidden:  # a bulk kind's record page: sections search would only fill with links and "No findings."
            html = pages.unsearched(html, hidden)
        return f"{self.banner}\n{pages.scrollable(html)}"

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.progress.stage("writing pages", self.pages_total)
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.progress.advance()
        late = self.generated.late.get(page.file.src_uri) if self.generated is not None else None
        # The policy hashes the theme's scripts outside the article, so it is the same before a month page's
        # records go into the article: found on the page without them, not on the megabytes with them.
        output = with_policy(output)
        if late is not None:  # a month page's records, made now: after Markdown and search
            output = pages.fill(output, [pages.scrollable(part) for part in late()])  # made after on_page_content
        return output

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        return with_policy(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.progress.close()

    def on_build_error(self, *, error: Exception) -> None:
        self.progress.close()

