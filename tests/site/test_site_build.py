"""The site is built with the real `mkdocs build --strict` (and `sms site`), from the example SMS committed
to a tmp git repository, from hostile records, and from past states of a repository."""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import re
import shutil
from pathlib import Path

import git
import pytest

from sms.models import KINDS
from sms.rules.catalogue import all_rules
from sms.site import pages
from tests.conftest import CASES, REPO_ROOT, SmsRunner, commit_all, git_init, write_tree
from tests.site.conftest import WHEN, copy_example, mkdocs_build
from tests.site.htmlcheck import broken_links, external_resources, parse

pytestmark = pytest.mark.slow


def tree_digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


# --- the example SMS -------------------------------------------------------------------------------------

def test_example_site_has_every_page(example_site: Path, example_repo: Path) -> None:
    expected = ["index.html", "documents.html", "registers/index.html", "coverage.html", "traceability.html",
                "risk-heat-map.html", "sla-targets.html", "kpis.html", "findings.html", "rules/index.html",
                "how-it-works.html", "records/policies/POL-0001.html", "records/changes/CHG-0001.html",
                "records/people/m-hartmann.html", "records/roles/ceo.html", "actions.html", "assets/sms/sms-sort.js",
                "assets/sms/sms-filter.js", "assets/sms/sms-search.js",
                "assets/sms/sms.css", "search/search_index.json", "sitemap.xml"]
    expected += [pages.register_path(kind)[:-3] + ".html" for kind in KINDS]
    expected += [f"rules/{rule.id}.html" for rule in all_rules()]  # SARIF helpUri targets
    missing = [name for name in expected if not (example_site / name).is_file()]
    assert missing == []
    records = sorted(example_repo.glob("records/*/*.yaml")) + sorted(example_repo.glob("policies/**/*.yaml"))
    assert len(list(example_site.glob("records/*/*.html"))) == len(records)


def test_example_site_links_resolve_and_nothing_is_fetched_from_elsewhere(example_site: Path) -> None:
    assert broken_links(example_site) == []
    assert external_resources(example_site) == []


def test_the_plugin_writes_nothing_into_docs(example_repo: Path, tmp_path: Path) -> None:
    before = tree_digest(example_repo / "docs")
    proc = mkdocs_build(example_repo / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    assert tree_digest(example_repo / "docs") == before
    assert not git.Repo(example_repo).is_dirty(untracked_files=True)


def test_every_page_names_its_commit_in_the_banner_and_the_footer(example_site: Path, example_repo: Path) -> None:
    sha = git.Repo(example_repo).head.commit.hexsha[:7]
    for path in sorted(example_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert f"SMS as at commit <code>{sha}</code> of 2026-03-02" in html, path
        if path.name != "404.html":
            assert re.search(r'class="sms-banner" role="note"><strong>As at 2026-03-02</strong>: built from '
                             rf"commit <code>{sha}</code>", html), path


def test_the_home_page_summarises_the_sms(example_site: Path) -> None:
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert "<h1>Halden Payments GmbH</h1>" in home
    assert "Conformance summary" in home and "Scope" in home
    assert "This site publishes the organisation" in home, "docs/index.md becomes the home page's introduction"


def test_document_pages_show_the_approval_commit(example_site: Path, example_repo: Path) -> None:
    sha = git.Repo(example_repo).head.commit.hexsha[:7]
    page = (example_site / "records/policies/POL-0001.html").read_text(encoding="utf-8")
    assert f'<tr id="rev-{sha}">' in page
    assert f'href="#rev-{sha}"' in page
    assert "Service management policy" in page and "Why we have this policy" in page, "the body is rendered"


# --- reproducible ---------------------------------------------------------------------------------------------

def test_two_builds_of_one_commit_are_byte_identical(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "sms")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("site_url: https://sms.example.org/\n")  # so the sitemap lists pages with <lastmod>
    commit_all(git_init(root), "The example SMS", WHEN)
    first = mkdocs_build(root / "mkdocs.yml", tmp_path / "one")
    assert first.returncode == 0, first.stderr
    # mkdocs takes "now" from SOURCE_DATE_EPOCH: the second build pretends to run four years later.
    second = mkdocs_build(root / "mkdocs.yml", tmp_path / "two", env={"SOURCE_DATE_EPOCH": "1924991999"})
    assert second.returncode == 0, second.stderr
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two"), comparison.diff_files
    sitemap = (tmp_path / "one" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {"2026-03-02"}
    with gzip.open(tmp_path / "one" / "sitemap.xml.gz", "rt", encoding="utf-8") as unzipped:
        assert unzipped.read() == sitemap


# --- hostile input ---------------------------------------------------------------------------------------------

@pytest.fixture
def small_sms(base_sms: Path) -> Path:
    shutil.copy(REPO_ROOT / "mkdocs.yml", base_sms / "mkdocs.yml")
    write_tree(base_sms, {"docs/index.md": "# Home\n"})
    return base_sms


def test_record_text_is_escaped_not_rendered(small_sms: Path, tmp_path: Path) -> None:
    write_tree(small_sms, {"records/people/c-evil.yaml": """\
        # yaml-language-server: $schema=../../schemas/person.schema.json
        apiVersion: sms/v1
        kind: person
        id: c-evil
        title: "<script>alert(1)</script> <img src=x onerror=alert(2)> {: onclick=alert(3) }"
        owner: sms-manager
        """})
    proc = mkdocs_build(small_sms / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    for name in ("registers/people.html", "records/people/c-evil.html"):
        page = (tmp_path / "site" / name).read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, name
        assert "<script>alert(1)" not in page and "<img src=x" not in page, name
    assert parse(tmp_path / "site" / "records/people/c-evil.html").inline_handlers == []


def test_broken_sms_yaml_fails_the_build_with_one_line(small_sms: Path, tmp_path: Path) -> None:
    write_tree(small_sms, {"sms.yaml": "kind: [\n"})
    proc = mkdocs_build(small_sms / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode != 0
    assert "sms: sms.yaml:2:1: YAML syntax error" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_snippets_extension_is_refused(small_sms: Path, tmp_path: Path) -> None:
    text = (small_sms / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n")
    (small_sms / "mkdocs.yml").write_text(text, encoding="utf-8")
    proc = mkdocs_build(small_sms / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode != 0
    assert "remove pymdownx.snippets from markdown_extensions" in proc.stderr


def test_a_hand_written_page_where_a_generated_one_goes_fails_clearly(small_sms: Path, tmp_path: Path) -> None:
    write_tree(small_sms, {"docs/coverage.md": "# My coverage\n"})
    proc = mkdocs_build(small_sms / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode != 0
    assert "docs/coverage.md is a page the sms plugin generates" in proc.stderr


def test_progress_is_plain_lines_in_ci(small_sms: Path, tmp_path: Path) -> None:
    proc = mkdocs_build(small_sms / "mkdocs.yml", tmp_path / "site", env={"CI": "true"})
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "sms: rendering pages" in line]
    assert lines and lines[-1].rstrip().endswith(tuple(f"{n}/{n}" for n in range(1, 10000)))
    assert "\x1b[" not in proc.stderr.replace("\x1b[0m", ""), "no terminal control codes in CI logs"


# --- sms site --at ------------------------------------------------------------------------------------------------

PERSON = """\
    # yaml-language-server: $schema=../../schemas/person.schema.json
    apiVersion: sms/v1
    kind: person
    id: c-clerk
    title: {title}
    owner: sms-manager
    """


@pytest.fixture
def history_repo(small_sms: Path) -> tuple[Path, git.Repo, str, str]:
    """Two commits: the clerk is 'First state' on 2026-01-10 (tag v1), 'Second state' on 2026-02-10."""
    (small_sms / ".gitignore").write_text("/site/\n", encoding="utf-8")
    repo = git_init(small_sms)
    write_tree(small_sms, {"records/people/c-clerk.yaml": PERSON.format(title="First state")})
    first = commit_all(repo, "Add the clerk", "2026-01-10T12:00:00+01:00")
    repo.create_tag("v1")
    write_tree(small_sms, {"records/people/c-clerk.yaml": PERSON.format(title="Second state")})
    second = commit_all(repo, "Rename the clerk", "2026-02-10T12:00:00+01:00")
    return small_sms, repo, first, second


def clerk(site: Path) -> str:
    return (site / "records/people/c-clerk.html").read_text(encoding="utf-8")


def worktrees(repo: git.Repo) -> list[str]:
    return [line for line in repo.git.worktree("list", "--porcelain").splitlines() if line.startswith("worktree ")]


def test_sms_site_builds_the_work_tree(sms: SmsRunner, history_repo: tuple[Path, git.Repo, str, str]) -> None:
    root, _, _, second = history_repo
    run = sms("site", str(root), "--quiet")
    assert run.code == 0, run.err
    assert f"Site as at 2026-02-10 (commit {second[:7]}) written to {root / 'site'}" in run.out
    assert "Second state" in clerk(root / "site")


def test_sms_site_at_a_tag_builds_the_past_in_a_removed_worktree(
        sms: SmsRunner, history_repo: tuple[Path, git.Repo, str, str], tmp_path: Path) -> None:
    root, repo, first, _ = history_repo
    run = sms("site", str(root), "--at", "v1", "--out", str(tmp_path / "past"), "--quiet")
    assert run.code == 0, run.err
    page = clerk(tmp_path / "past")
    assert "First state" in page and "Second state" not in page
    assert "sms-banner--past" in page and "requested: <code>v1</code>" in page
    assert f"commit <code>{first[:7]}</code>" in page and "As at 2026-01-10" in page
    for html in (tmp_path / "past").rglob("*.html"):
        if html.name != "404.html":
            assert "sms-banner--past" in html.read_text(encoding="utf-8"), html
    assert len(worktrees(repo)) == 1, "the temporary worktree is gone"
    assert "Second state" in (root / "records/people/c-clerk.yaml").read_text(encoding="utf-8")
    assert not repo.is_dirty(untracked_files=True)


def test_sms_site_at_a_date_takes_the_last_commit_of_that_day(
        sms: SmsRunner, history_repo: tuple[Path, git.Repo, str, str], tmp_path: Path) -> None:
    root, repo, first, second = history_repo
    run = sms("site", str(root), "--at", "2026-02-09", "--out", str(tmp_path / "feb9"), "--quiet")
    assert run.code == 0, run.err
    page = clerk(tmp_path / "feb9")
    assert "First state" in page and "As at 2026-02-09" in page and first[:7] in page
    run = sms("site", str(root), "--at", "2026-02-10", "--out", str(tmp_path / "feb10"), "--quiet")
    assert run.code == 0, run.err
    assert "Second state" in clerk(tmp_path / "feb10") and second[:7] in clerk(tmp_path / "feb10")
    run = sms("site", str(root), "--at", "2025-12-31", "--quiet")
    assert run.code == 2 and "no commit on or before that day" in run.err
    assert len(worktrees(repo)) == 1


def test_a_failed_past_build_still_removes_its_worktree(
        sms: SmsRunner, history_repo: tuple[Path, git.Repo, str, str], tmp_path: Path) -> None:
    root, repo, _, _ = history_repo
    write_tree(root, {"docs/coverage.md": "# In the way of a generated page\n"})
    commit_all(repo, "A page in the way", "2026-03-01T12:00:00+01:00")
    run = sms("site", str(root), "--at", "HEAD", "--out", str(tmp_path / "broken"), "--quiet")
    assert run.code == 2
    assert "sms: error: site build failed" in run.err and "docs/coverage.md" in run.err
    assert len(worktrees(repo)) == 1
    run = sms("site", str(root), "--at", "no-such-ref", "--quiet")
    assert run.code == 2 and "unknown git ref 'no-such-ref'" in run.err


@pytest.mark.parametrize(("config", "line"), [
    ("hooks:\n  - evil.py\n", "`hooks:` would run Python files from that commit"),
    ("extra:\n  boom: !!python/object/apply:os.system ['touch {marker}']\n",
     "explicit tag '!!python/object/apply:os.system' is not allowed"),
    ("extra:\n  token: !ENV GITHUB_TOKEN\n", "explicit tag '!ENV' is not allowed"),
], ids=["hooks", "python-tag", "env-tag"])
def test_a_past_mkdocs_yml_that_would_run_code_is_refused(
        sms: SmsRunner, history_repo: tuple[Path, git.Repo, str, str], tmp_path: Path, config: str, line: str) -> None:
    root, repo, _, _ = history_repo
    marker = tmp_path / "pwned"
    write_tree(root, {"evil.py": f"open({str(marker)!r}, 'w').write('ran')\n"})
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write(config.format(marker=marker))
    commit_all(repo, "A hostile mkdocs.yml", "2026-03-01T12:00:00+01:00")
    run = sms("site", str(root), "--at", "HEAD", "--out", str(tmp_path / "past"), "--quiet")
    assert run.code == 2, run.err
    assert "sms: error: mkdocs.yml at " in run.err and "(HEAD), line " in run.err and line in run.err
    assert not marker.exists() and not (tmp_path / "past").exists()
    assert len(worktrees(repo)) == 1


def test_a_document_body_linked_to_the_git_config_is_not_published(small_sms: Path, tmp_path: Path) -> None:
    # issue 15 §2: actions/checkout persists its token in .git/config; a body symlinked there must not reach the
    # page or the search index
    repo = git_init(small_sms)
    repo.git.config("http.https://github.com/.extraheader", "AUTHORIZATION: basic c2VjcmV0LXRva2Vu")
    policy = (CASES / "_complete/policies/governance/POL-0002.yaml").read_text(encoding="utf-8")
    with_body = policy.replace("  next_review: 2027-11-01\n", "  next_review: 2027-11-01\n  body: POL-0002.md\n")
    write_tree(small_sms, {"policies/POL-0002.yaml": with_body})
    (small_sms / "policies/POL-0002.md").symlink_to("../.git/config")
    proc = mkdocs_build(small_sms / "mkdocs.yml", tmp_path / "site")
    assert "c2VjcmV0LXRva2Vu" not in proc.stdout + proc.stderr
    for published in (tmp_path / "site").rglob("*"):
        if published.is_file():
            assert b"c2VjcmV0LXRva2Vu" not in published.read_bytes(), published
            assert b"extraheader" not in published.read_bytes(), published
    page = (tmp_path / "site/records/policies/POL-0002.html").read_text(encoding="utf-8")
    assert "cannot be shown" in page and "symbolic link" in page


def test_bidi_controls_in_record_text_are_shown_not_obeyed(small_sms: Path, tmp_path: Path) -> None:
    # issue 15 §10: a right-to-left override makes "txt.exe" read as "exe.txt"; the site shows the control
    write_tree(small_sms, {"records/people/c-bidi.yaml": """\
        # yaml-language-server: $schema=../../schemas/person.schema.json
        apiVersion: sms/v1
        kind: person
        id: c-bidi
        title: "Invoice \\u202eexe.txt"
        owner: sms-manager
        """})
    proc = mkdocs_build(small_sms / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site" / "records/people/c-bidi.html").read_text(encoding="utf-8")
    assert "Invoice [U+202E]exe.txt" in page and "\u202e" not in page


def test_every_page_carries_a_content_security_policy(example_site: Path) -> None:
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 100
    for html in pages:
        head = html.read_text(encoding="utf-8").split("<head>", 1)[1].lstrip()
        assert head.startswith('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
                               "script-src 'self' 'sha256-"), html
        assert "'unsafe-inline'" not in head.split("script-src", 1)[1].split(";", 1)[0], html


def page_text(path: Path) -> str:
    import html as html_module
    page = path.read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)))


def test_reference_pages_are_generated_from_the_models(example_site: Path) -> None:
    change = page_text(example_site / "reference/changes.html")
    assert "backout_plan text How the change is reversed if it fails." in change
    # values as written in YAML are in <code> (page_text leaves a space where each tag was)
    assert "type text yes Standard (pre-approved), normal, or emergency. standard , normal , emergency" in change
    assert "assessed backout_plan the backout plan" in change  # the evidence each status requires (SMS115)
    assert "approved approved_by , approved_at who approved it and when type : normal , emergency" in change
    config = page_text(example_site / "reference/sms-yaml.html")
    assert "review_periods.due_soon_days whole number" in config and "rules.approver_role" in config
    index = page_text(example_site / "reference/index.html")
    assert all(KINDS.spec(kind).singular in index for kind in KINDS)


def test_the_search_index_separates_table_cells_and_keeps_ids_findable(example_site: Path) -> None:
    """Issue 16 part 1: cells ran together in the index ("rates.Backout planArgo CD"), so a field's words were
    not words; the separator splits "(CHG-0008)." into chg and 0008 (sms-search.js makes a typed id need both)."""
    import json

    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == r'[\s\-,:;!=\[\]()"/]+|\.(?!\d)'
    details = next(doc["text"] for doc in index["docs"] if doc["location"] == "records/changes/CHG-0003.html#details")
    assert re.search(r"\. Backout plan Argo CD rollback", details), details[:300]
    assert not [doc["location"] for doc in index["docs"] if re.search(r"[a-z.]Backout plan[A-Z]", doc["text"])]
    assert (example_site / "assets/sms/sms-search.js").is_file()


def test_sitemap_lists_every_page_and_the_home_page_has_one_introduction(example_site: Path) -> None:
    """Issue 16 part 8: site_url fills sitemap.xml; docs/index.md is the home page's only introduction."""
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>https://sms\.halden-payments\.eu/([^<]*)</loc>", sitemap))
    pages_built = {path.relative_to(example_site).as_posix() for path in example_site.rglob("*.html")} - {"404.html"}
    assert listed == pages_built
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert home.count("This site publishes the organisation") == 1
    assert "published from its git repository" not in home, "no second, generated introduction"


def test_the_site_url_comes_from_sms_yaml_when_mkdocs_yml_has_none(small_sms: Path, tmp_path: Path) -> None:
    config = small_sms / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    assert "site_url" not in config.read_text(encoding="utf-8")
    proc = mkdocs_build(config, tmp_path / "without")
    assert proc.returncode == 0, proc.stderr
    assert "<loc>" not in (tmp_path / "without" / "sitemap.xml").read_text(encoding="utf-8")
    sms_yaml = small_sms / "sms.yaml"
    sms_yaml.write_text(sms_yaml.read_text(encoding="utf-8") + "site_url: https://sms.example.org/small\n",
                        encoding="utf-8")
    proc = mkdocs_build(config, tmp_path / "with")
    assert proc.returncode == 0, proc.stderr
    sitemap = (tmp_path / "with" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://sms.example.org/small/index.html</loc>" in sitemap


def test_a_generated_home_without_docs_index_introduces_itself(small_sms: Path, tmp_path: Path) -> None:
    (small_sms / "docs" / "index.md").unlink()
    proc = mkdocs_build(small_sms / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert home.count("published from its git repository") == 1


def test_each_register_has_a_csv_with_one_row_per_record(example_site: Path, example_repo: Path) -> None:
    import csv
    import io

    for kind in ("change", "incident", "policy"):
        slug = pages.KIND_NAMES[kind][2]
        rows = list(csv.DictReader(io.StringIO((example_site / f"registers/{slug}.csv").read_text(encoding="utf-8"))))
        folder = KINDS.spec(kind).folder
        files = (sorted(example_repo.glob(f"records/{folder}/*.yaml")) if folder else
                 [path for path in example_repo.glob("policies/**/*.yaml")
                  if f"kind: {kind}\n" in path.read_text(encoding="utf-8")])
        assert sorted(row["Id"] for row in rows) == sorted(path.stem for path in files), kind
        assert all(row["Title"] and row["Owner"] for row in rows)
        register = (example_site / f"registers/{slug}.html").read_text(encoding="utf-8")
        assert f'<a href="{slug}.csv" download>Download as CSV</a>' in register
