"""`sms init`: a new SMS repository for another organisation, ready to check, publish and gate in CI.

Every file is computed in memory first (the records through the YAML writer, so the organisation's name is
quoted by the emitter; the static files from sms/data/init with the pinned sms version), CODEOWNERS is
generated from those records, and only then is anything written: one atomic write per file, never over a file
that exists.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from sms.analysis.codeowners import CODEOWNERS_PATH, generate
from sms.commands.scaffold import PROFILES, config, records
from sms.commands.schema_export import all_schemas, render
from sms.core.errors import UsageError
from sms.store.atomic import write_text
from sms.store.config import CONFIG_FILE, parse_config
from sms.store.loader import parse
from sms.store.repository import load_documents
from sms.store.writer import dump, quoted

# Static files of the new repository: where they go <- their template in sms/data/init.
TEMPLATES = {
    ".github/workflows/check.yml": "check.yml",
    ".github/workflows/pages.yml": "pages.yml",
    ".github/pull_request_template.md": "pull_request_template.md",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".gitignore": "gitignore",
    "README.md": "README.md",
}
VERSION = re.compile(r"^[0-9A-Za-z.+!-]+$")  # what a PEP 440 version can hold: nothing YAML or a shell would read
# Backslash-escaped in Markdown so that a name stays text (html.escape takes care of <, > and &).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
SMS_YAML_HEADER = """\
# yaml-language-server: $schema=schemas/config.schema.json
# The conformance policy of this SMS, as data (written by `sms init`; every setting: `sms schema export` and
# schemas/config.schema.json describe them).
# coverage.phase: which clauses of ISO/IEC 20000-1 are judged now. minimal: 4, 5 and 7.5 (context, scope,
# leadership, policy, roles, documents); operations: those and 8 (running the services); full: every clause.
# A clause outside the phase, or listed in coverage.planned, is reported as planned (SMS504), not as a gap.
"""
MKDOCS_HEADER = """\
# The published site of this SMS (written by `sms init`): `sms site` or `mkdocs build --strict` builds it.
# No `nav:`: the sms plugin builds it from the records. It builds and opens offline: no fonts or scripts
# from elsewhere. docs/index.md becomes the introduction of the home page.
"""


@dataclass
class Outcome:
    """What `sms init` wrote and what it left alone (relative paths)."""

    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def organisation_name(value: str) -> str:
    name = value.strip()
    if not name:
        raise UsageError("--org: give the organisation's name, e.g. --org \"Nordwind Logistics\"")
    return name


def markdown_text(value: str) -> str:
    """The name as literal Markdown text on one line: no HTML, no emphasis, no heading, no link."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(value.split()), quote=False))


def template(name: str) -> str:
    return resources.files("sms.data").joinpath("init", name).read_text(encoding="utf-8")


def yaml_file(relpath: str, data: Any, header: str | None = None) -> str:
    if header is None:
        kind = data["kind"]
        schemas = posixpath.relpath("schemas", posixpath.dirname(relpath))
        header = f"# yaml-language-server: $schema={schemas}/{kind}.schema.json\n"
    return header + dump(data)


#: Words end at spaces, hyphens and punctuation, so "(CHG-0008)." is indexed as chg and 0008 (the site's
#: sms-search.js makes a typed id require both).
SEARCH_SEPARATOR = r'[\s\-,:;!=\[\]()"/]+|\.(?!\d)'


#: Light and dark, following the reader's system until they choose.
PALETTE = [
    {"media": "(prefers-color-scheme: light)", "scheme": "default",
     "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
     "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"}},
]


def mkdocs_config(org: str) -> dict[str, Any]:
    # Material puts site_name into some places unescaped (the <title>, the header) and escapes it in others (a
    # tooltip): one line, with < and > escaped so no tag gets in; '&' and quotes stay readable in both.
    name = " ".join(org.split()).replace("<", "&lt;").replace(">", "&gt;")
    return {
        "site_name": quoted(f"{name} — service management system"),
        "docs_dir": "docs", "site_dir": "site", "use_directory_urls": False, "strict": True,
        "theme": {"name": "material", "font": False, "palette": PALETTE,
                  "features": ["navigation.sections", "navigation.top", "search.highlight"]},
        "plugins": [{"search": {"separator": SEARCH_SEPARATOR}}, "sms"],
        "markdown_extensions": ["admonition", "tables", {"toc": {"permalink": True}}],
        "validation": {"links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn"}},
    }


def plan(org: str, profile: str, today: date, version: str) -> dict[str, str]:
    """Relative path -> text of every file of the new repository."""
    if profile not in PROFILES:
        raise UsageError(f"--profile: unknown profile '{profile}'; choose {', '.join(PROFILES)}")
    if not VERSION.match(version):
        raise UsageError(f"sms's version '{version}' cannot be pinned; install a release of sms-iso20000")
    files = {CONFIG_FILE: yaml_file(CONFIG_FILE, config(profile, org), SMS_YAML_HEADER)}
    files.update({relpath: yaml_file(relpath, data) for relpath, data in records(profile, org, today).items()})
    files.update({f"schemas/{name}": render(schema) for name, schema in all_schemas().items()})
    files["mkdocs.yml"] = MKDOCS_HEADER + dump(mkdocs_config(org))
    shown_org = markdown_text(org)
    files["docs/index.md"] = template("index.md").replace("@ORG@", shown_org)
    for target, name in TEMPLATES.items():
        files[target] = template(name).replace("@SMS_VERSION@", version).replace("@ORG@", shown_org)
    files[CODEOWNERS_PATH] = codeowners(files, today)
    return dict(sorted(files.items()))


def codeowners(files: dict[str, str], today: date) -> str:
    """CODEOWNERS for the new records, as `sms codeowners` would write it once they are on disk."""
    settings = parse_config(parse(CONFIG_FILE, files[CONFIG_FILE]))
    relpaths = sorted(path for path in files if path.startswith(("policies/", "records/")))
    repo = load_documents(Path("."), settings, relpaths, lambda relpath: parse(relpath, files[relpath]))
    return generate(repo, today)


def occupied(root: Path) -> list[str]:
    """What is in `root` already, a fresh repository's .git aside."""
    if not root.exists():
        return []
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory; give a new or empty directory for the SMS")
    return sorted(child.name for child in root.iterdir() if child.name != ".git")


def write(root: Path, files: dict[str, str], *, force: bool) -> Outcome:
    """Write the files into `root`: refused if it holds anything unless `force`; an existing file is never
    replaced (it is skipped and listed), whatever `force` says."""
    present = occupied(root)
    if present and not force:
        listed = ", ".join(present[:3]) + (", …" if len(present) > 3 else "")
        raise UsageError(f"{root}: not empty ({listed}); give an empty directory, or --force to add only the "
                         "files that are missing (existing files are never overwritten)")
    outcome = Outcome()
    inside = root.resolve()
    for relpath, text in files.items():
        target = root / relpath
        # A folder that is a symlink out of the directory (possible with --force) is not written through either.
        if target.exists() or target.is_symlink() or not target.parent.resolve().is_relative_to(inside):
            outcome.skipped.append(relpath)
            continue
        write_text(target, text)
        outcome.written.append(relpath)
    return outcome
