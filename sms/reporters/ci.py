"""What the command line learns from its surroundings for the reporters: where the SMS sits inside its git
repository, the published site, GitHub's environment; and writing the job summary. Reporters stay pure.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path

from sms import DISTRIBUTION
from sms.core.errors import UsageError
from sms.core.findings import Result
from sms.reporters.github import summary as github_summary
from sms.reporters.options import SUMMARY_BUDGET, SUMMARY_LIMIT, ReportOptions

MIN_SUMMARY_ROOM = 4096
"""Below this many free bytes in the step summary, sms adds nothing to it."""


def repository_prefix(root: Path, env: Mapping[str, str]) -> str:
    """The SMS root's folder relative to the top of its git work tree ('' when it is the top).

    Looks for the nearest `.git` (a folder, or a file in worktrees and submodules) above the root, without
    running git; outside git, falls back to $GITHUB_WORKSPACE when the root lies inside it.
    """
    here = root.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return _relative(here, folder)
    workspace = env.get("GITHUB_WORKSPACE")
    if workspace:
        top = Path(workspace).resolve()
        if here.is_relative_to(top):
            return _relative(here, top)
    return ""


def _relative(path: Path, top: Path) -> str:
    rel = path.relative_to(top).as_posix()
    return "" if rel == "." else rel


def source_url(env: Mapping[str, str]) -> str | None:
    """Where this commit's files can be browsed on GitHub, from the variables every Actions job has."""
    server, repository, sha = (env.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if server and repository and sha:
        return f"{server.rstrip('/')}/{repository}/blob/{sha}/"
    return None


def tool_uri(site_url: str | None) -> str | None:
    """Where to read about sms: its project URL when the installed package declares one, else the site."""
    from importlib import metadata  # here: every report imports this module, few ask for the URLs

    try:
        urls: list[str] = metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        urls = []
    for entry in urls:
        _, _, url = entry.partition(",")
        if url.strip():
            return url.strip()
    return f"{site_url}/" if site_url else None


def report_options(root: Path, fmt: str, *, quiet: bool, env: Mapping[str, str] | None = None) -> ReportOptions:
    """Options for the reporter of `fmt`. Text and JSON need nothing but `quiet`; the GitHub and SARIF
    reporters also get the repository prefix, the site (sms.yaml) and GitHub's environment."""
    if fmt not in ("github", "sarif"):
        return ReportOptions(quiet=quiet)
    from sms.store.config import load_config  # the models: not for text and JSON, which a reused check prints

    env = os.environ if env is None else env
    config = load_config(root)
    site = config.site_url.rstrip("/") if config.site_url else None
    return ReportOptions(quiet=quiet, path_prefix=repository_prefix(root, env), site_url=site,
                         source_url=source_url(env), tool_uri=tool_uri(site))


def append_step_summary(result: Result, options: ReportOptions, env: Mapping[str, str] | None = None) -> Path | None:
    """Append the Markdown summary to $GITHUB_STEP_SUMMARY when it is set; returns the file written, if any.

    The budget is what is left of the step's 1 MiB after what earlier commands of the same step wrote."""
    env = os.environ if env is None else env
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    try:
        used = path.stat().st_size if path.exists() else 0
    except OSError as exc:
        raise UsageError(f"$GITHUB_STEP_SUMMARY: cannot read {path}: {exc.strerror}") from exc
    room = min(SUMMARY_BUDGET, SUMMARY_LIMIT - used - MIN_SUMMARY_ROOM)
    if room < MIN_SUMMARY_ROOM:
        return None
    markdown = github_summary(result, dataclasses.replace(options, summary_budget=room))
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(("\n" if used else "") + markdown)
    except OSError as exc:
        raise UsageError(f"$GITHUB_STEP_SUMMARY: cannot write {path}: {exc.strerror}") from exc
    return path
