"""`sms site`: build the published site with mkdocs, as the repository stands or as it stood at a ref or date.

A past state is built in a temporary `git worktree` of that commit (so nothing in the user's work tree
changes), with that commit's own mkdocs.yml, docs/ and records; the work tree is removed afterwards, also
when the build fails. The plugin is told what was asked for, so every page carries the "As at …" banner.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import sys
import tempfile
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sms.core.errors import InputError, SmsError, UsageError
from sms.git import history
from sms.store.config import load_config
from sms.store.loader import decode_utf8, parse

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Target:
    """What `--at` resolved to: the commit, what was asked for, and the day to judge the SMS on."""

    sha: str
    requested: str
    as_of: date | None  # the requested date; None for a ref (the commit's own date is used)


@dataclass(frozen=True)
class Built:
    """Where the site went and what it shows."""

    out: Path
    sha: str | None
    as_of: date


def config_file(root: Path) -> Path:
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    raise UsageError(f"{root}: no mkdocs.yml", hint="run sms site in the SMS repository, where mkdocs.yml is")


def resolve_at(root: Path, at: str) -> Target:
    """A date (YYYY-MM-DD) means the last commit on the current branch's first-parent line made by the end of
    that day in the organisation's time zone (sms.yaml calendars.default); anything else is a git ref."""
    if not history.in_git(root):
        raise UsageError(f"--at {at}: {root} is not inside a git repository")
    if DATE.match(at):
        try:
            day = date.fromisoformat(at)
        except ValueError as exc:
            raise UsageError(f"--at {at}: not a date; use YYYY-MM-DD") from exc
        calendar = load_config(root).calendars.get("default")
        zone = zoneinfo.ZoneInfo(calendar.timezone if calendar is not None else "UTC")
        sha = history.commit_before(root, datetime.combine(day, time(23, 59, 59), zone))
        if sha is None:
            raise UsageError(f"--at {at}: the repository has no commit on or before that day")
        return Target(sha, at, day)
    return Target(history.resolve_ref(root, at), at, None)


def refuse_code(path: Path, target: Target) -> None:
    """Refuse a past mkdocs.yml that would run code or read the environment while it is loaded or built.

    mkdocs loads its configuration with PyYAML's full loader: `!!python/...` tags construct any object (and so
    run any code), `!ENV` reads environment variables (tokens, in CI) into the site, and `hooks:` imports Python
    files from the repository. The working tree's mkdocs.yml is the user's own; a commit named by --at may be
    anyone's (an old branch, a fork's tag), so it is read with sms's strict loader first: plain YAML only.
    """
    where = f"mkdocs.yml at {target.sha[:7]} ({target.requested})"
    hint = "sms site --at builds past commits whose mkdocs.yml is plain YAML without hooks; check that commit out " \
           "and build it with mkdocs yourself if you trust it"
    try:
        document = parse(path.name, decode_utf8(path.name, path.read_bytes()))
    except InputError as exc:
        raise UsageError(f"{where}, line {exc.line}: {exc.detail}", hint=hint) from exc
    if isinstance(document.data, dict) and "hooks" in document.data:
        line, _ = document.position(("hooks",))
        raise UsageError(f"{where}, line {line}: `hooks:` would run Python files from that commit", hint=hint)


@contextlib.contextmanager
def worktree(root: Path, sha: str) -> Iterator[Path]:
    """A temporary work tree of `sha`, removed on exit whatever happens; yields the SMS root inside it."""
    parent = Path(tempfile.mkdtemp(prefix="sms-site-"))
    path = parent / "worktree"
    try:
        yield history.add_worktree(root, sha, path)
    finally:
        try:
            history.remove_worktree(root, path)
        finally:
            shutil.rmtree(parent, ignore_errors=True)


class _Lines(logging.Handler):
    """mkdocs' warnings and errors, and our progress lines, as `mkdocs: LEVEL message` on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or record.name.startswith("mkdocs.plugins.sms"):
            prefix = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
            sys.stderr.write(f"mkdocs: {prefix}{record.getMessage()}\n")


@contextlib.contextmanager
def _mkdocs_logging(quiet: bool) -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    handler = _Lines()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = previous


def site_dir(root: Path) -> Path:
    """Where mkdocs.yml at `root` builds to (its site_dir, 'site' by default)."""
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import MkDocsException

    try:
        return Path(load_mkdocs_config(str(config_file(root))).site_dir)
    except MkDocsException as exc:
        raise SmsError(f"{config_file(root)}: {exc}") from exc


def _mkdocs_build(root: Path, out: Path, *, requested: str | None, as_of: date | None, quiet: bool) -> Built:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import Abort, MkDocsException

    from sms.site.plugin import SmsPlugin

    with _mkdocs_logging(quiet):
        try:
            config = load_mkdocs_config(str(config_file(root)), site_dir=str(out))
            plugins = [plugin for plugin in config.plugins.values() if isinstance(plugin, SmsPlugin)]
            if not plugins:
                raise UsageError(f"{config_file(root)} does not use the sms plugin",
                                 hint="add `- sms` under `plugins:` in mkdocs.yml")
            plugin = plugins[0]
            plugin.requested, plugin.as_of = requested, as_of
            build(config)
        except Abort as exc:  # strict mode: warnings were logged above
            raise SmsError(f"site build failed ({exc})") from exc
        except MkDocsException as exc:
            raise SmsError(f"site build failed: {exc}") from exc
    return Built(out, plugin.commit.sha if plugin.commit else None, plugin.day)


def build_site(root: Path, *, out: Path | None = None, at: str | None = None, quiet: bool = False) -> Built:
    """Build the site of the SMS at `root` into `out` (default: mkdocs.yml's site_dir, usually ROOT/site);
    with `at`, as the repository stood at that ref or date."""
    if not root.is_dir():
        raise UsageError(f"{root}: no such directory", hint="pass the root of an SMS repository")
    target_dir = (out or site_dir(root)).resolve()
    if at is None:
        return _mkdocs_build(root, target_dir, requested=None, as_of=None, quiet=quiet)
    target = resolve_at(root, at)
    with worktree(root, target.sha) as past_root:
        refuse_code(config_file(past_root), target)  # also: a commit from before the site existed has none
        return _mkdocs_build(past_root, target_dir, requested=target.requested, as_of=target.as_of, quiet=quiet)
