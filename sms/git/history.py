"""Everything sms knows from git. The only module that uses gitpython; git errors become SmsErrors here.

Functions take the SMS root (a folder inside a git work tree) and return plain data, so rules and the
site never see gitpython objects.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sms.core.errors import InputError, SmsError
from sms.core.lazy import lazy_import
from sms.git.commits import Change, Commit, PathLog, Touch
from sms.store.loader import Document, decode_utf8, parse

NO_GIT_HINT = "run sms inside a git clone of the SMS repository"


if TYPE_CHECKING:
    import git
else:
    git = lazy_import("git")  # ~50 ms and a `git version` run: a check with its history kept asks git nothing here


_REPOS: dict[Path, git.Repo] = {}


def _repo_for(root: Path) -> git.Repo:
    """The git repository holding `root` (cached per root). Private: no git.Repo leaves this module."""
    root = root.resolve()
    if root not in _REPOS:
        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
            raise SmsError(f"{root}: not inside a git repository", hint=NO_GIT_HINT) from exc
        _REPOS[root] = repo
    return _REPOS[root]


def _close_repos() -> None:
    """Stop the `git cat-file` processes gitpython keeps open while the interpreter is whole: left to the end,
    their finalizers run after the modules they need are gone and print a traceback on stderr."""
    for repo in _REPOS.values():
        repo.close()
    _REPOS.clear()


atexit.register(_close_repos)


def in_git(root: Path) -> bool:
    try:
        _repo_for(root)
    except SmsError:
        return False
    return True


def default_branch(root: Path) -> str | None:
    """The branch to compare with when --base is not given: the PR's target in CI (GITHUB_BASE_REF), else
    origin's HEAD, else the first of origin/main, origin/master, main, master that exists."""
    target = os.environ.get("GITHUB_BASE_REF")
    if target:
        return f"origin/{target}"
    try:
        return str(_repo_for(root).git.symbolic_ref("--short", "refs/remotes/origin/HEAD"))
    except git.GitCommandError:  # no origin, or origin has no HEAD: try the usual names
        pass
    for name in ("origin/main", "origin/master", "main", "master"):
        try:
            resolve_ref(root, name)
        except SmsError:
            continue
        return name
    return None


def _prefix(root: Path) -> str:
    """The SMS root's path inside the git work tree ('' when it is the top), with a trailing slash."""
    top = Path(_repo_for(root).working_tree_dir or ".").resolve()
    rel = root.resolve().relative_to(top).as_posix()
    return "" if rel == "." else rel + "/"


def _commit(item: git.Commit) -> Commit:
    message = item.message if isinstance(item.message, str) else item.message.decode("utf-8", "replace")
    return Commit(item.hexsha, item.committed_datetime, str(item.author.name or ""), str(item.author.email or ""),
                  message.strip().splitlines()[0] if message.strip() else "")


def head_commit(root: Path) -> Commit | None:
    """The commit the work tree is at, or None in a repository with no commits yet."""
    repo = _repo_for(root)
    try:
        return _commit(repo.head.commit)
    except ValueError:  # no commits yet
        return None


def is_dirty(root: Path) -> bool:
    return bool(_repo_for(root).is_dirty(untracked_files=True, path=str(root)))


def file_log(root: Path, relpath: str) -> list[Commit]:
    """Commits that changed a file (newest first), following renames."""
    repo = _repo_for(root)
    try:
        out = repo.git.log("--follow", "--format=%H", "--", _prefix(root) + relpath)
    except git.GitCommandError as exc:
        raise SmsError(f"{relpath}: git log failed: {exc.stderr.strip()}") from exc
    return [_commit(repo.commit(sha)) for sha in out.split()]


def resolve_ref(root: Path, ref: str) -> str:
    """The commit sha a ref names; a clear error when the ref is unknown or the clone is shallow."""
    repo = _repo_for(root)
    try:
        return str(repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}"))
    except git.GitCommandError as exc:
        shallow = os.path.exists(os.path.join(repo.git_dir, "shallow"))
        hint = ("this is a shallow clone: run `git fetch --unshallow` (in GitHub Actions: actions/checkout with "
                "fetch-depth: 0)") if shallow else "fetch it first, e.g. `git fetch origin`, or pass --base none"
        raise SmsError(f"unknown git ref '{ref}'", hint=hint) from exc


def merge_base(root: Path, ref: str) -> str:
    """The merge base of HEAD and `ref`."""
    repo = _repo_for(root)
    sha = resolve_ref(root, ref)
    try:
        return str(repo.git.merge_base("HEAD", sha))
    except git.GitCommandError as exc:
        raise SmsError(f"HEAD and '{ref}' share no history",
                       hint="in a shallow clone run `git fetch --unshallow` (fetch-depth: 0 in CI)") from exc


def read_at(root: Path, sha: str, relpath: str) -> bytes | None:
    """A file's bytes at a commit, or None if it did not exist there."""
    repo = _repo_for(root)
    try:
        blob = repo.commit(sha).tree / (_prefix(root) + relpath)
    except KeyError:
        return None
    data = blob.data_stream.read()
    return data if isinstance(data, bytes) else bytes(data)


def files_at(root: Path, sha: str, prefixes: tuple[str, ...] = ("policies/", "records/")) -> list[str]:
    """Paths (relative to the SMS root) of the regular files under `prefixes` at a commit."""
    repo = _repo_for(root)
    prefix = _prefix(root)
    names = repo.git.ls_tree("-r", "--name-only", sha, "--", *(prefix + p for p in prefixes)).splitlines()
    return sorted(name[len(prefix):] for name in names)


def changes_since(root: Path, sha: str) -> list[Change]:
    """Files changed between a commit and the work tree (committed or not, untracked included), with renames."""
    repo = _repo_for(root)
    prefix = _prefix(root)
    out = repo.git.diff("--name-status", "-M", sha, "--", prefix or ".")
    found: list[Change] = []
    for line in out.splitlines():
        parts = line.split("\t")
        status = parts[0][0]
        if status == "R":
            found.append(Change("R", parts[2][len(prefix):], parts[1][len(prefix):]))
        else:
            found.append(Change(status, parts[1][len(prefix):]))
    for untracked in repo.untracked_files:
        if untracked.startswith(prefix):
            found.append(Change("A", untracked[len(prefix):]))
    return found


def snapshot_reader(root: Path, sha: str, max_bytes: int) -> Callable[[str], Document]:
    """A reader for repository.load_documents that parses files as they were at a commit."""

    def read(relpath: str) -> Document:
        data = read_at(root, sha, relpath)
        if data is None:
            raise InputError(relpath, 1, f"not present at {sha[:7]}", rule="SMS010")
        if len(data) > max_bytes:
            raise InputError(relpath, 1, f"file is over the {max_bytes}-byte limit at {sha[:7]}", rule="SMS008")
        return parse(relpath, decode_utf8(relpath, data))

    return read


def record_paths_at(root: Path, sha: str) -> list[str]:
    """The record files (policies/**/*.yaml, records/**/*.yaml) at a commit."""
    return [path for path in files_at(root, sha) if path.endswith(".yaml")]


def file_revisions(root: Path, relpath: str) -> list[tuple[Commit, str]]:
    """(commit, the file's path in that commit) for each commit that changed it, oldest first, following
    renames. Paths are relative to the SMS root."""
    repo = _repo_for(root)
    prefix = _prefix(root)
    try:
        out = repo.git.log("--follow", "--name-only", "--format=%x00%H", "--", prefix + relpath)
    except git.GitCommandError as exc:
        raise SmsError(f"{relpath}: git log failed: {exc.stderr.strip()}") from exc
    found: list[tuple[Commit, str]] = []
    for block in out.split("\x00")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        if len(lines) >= 2:
            found.append((_commit(repo.commit(lines[0])), lines[-1][len(prefix):]))
    return list(reversed(found))


def is_dirty_under(root: Path, relpaths: tuple[str, ...]) -> bool:
    """Whether any of `relpaths` (files or folders under the SMS root) differs from HEAD, untracked files
    included: the site calls a build "with uncommitted changes" only when its own content changed."""
    repo = _repo_for(root)
    prefix = _prefix(root)
    out = repo.git.status("--porcelain", "--untracked-files=all", "--", *(prefix + path for path in relpaths))
    return bool(out.strip())


def commit_before(root: Path, moment: datetime) -> str | None:
    """The last commit on HEAD's first-parent line committed at or before `moment` (timezone-aware), or None."""
    repo = _repo_for(root)
    try:
        out = repo.git.rev_list("-1", "--first-parent", f"--before={moment.isoformat()}", "HEAD")
    except git.GitCommandError as exc:
        raise SmsError(f"git rev-list failed: {exc.stderr.strip()}") from exc
    return out.strip() or None


def add_worktree(root: Path, sha: str, path: Path) -> Path:
    """Check out `sha` into a new detached work tree at `path`; returns the SMS root inside it."""
    repo = _repo_for(root)
    prefix = _prefix(root)
    try:
        repo.git.worktree("add", "--detach", "--quiet", str(path), sha)
    except git.GitCommandError as exc:
        raise SmsError(f"cannot check out {sha[:7]} into {path}: {exc.stderr.strip()}") from exc
    return path / prefix if prefix else path


def remove_worktree(root: Path, path: Path) -> None:
    """Remove a work tree made by add_worktree, and forget git's record of it."""
    _close_repos()  # cached Repo objects may hold processes open inside the work tree
    repo = _repo_for(root)
    with contextlib.suppress(git.GitCommandError):  # already gone, or not registered: prune forgets it anyway
        repo.git.worktree("remove", "--force", str(path))
    repo.git.worktree("prune")


def user_email(root: Path) -> str | None:
    """`git config user.email` of the repository, if set."""
    try:
        return str(_repo_for(root).git.config("user.email")).strip() or None
    except git.GitCommandError:
        return None


# --- the whole history of the controlled documents (SMS313, the site's "changed after approval") -------------

def is_shallow(root: Path) -> bool:
    return str(_repo_for(root).git.rev_parse("--is-shallow-repository")).strip() == "true"


def path_log(root: Path, folders: tuple[str, ...]) -> PathLog:
    """One `git log --raw` over `folders` (relative to the SMS root): which commits touched which file, with
    each file's blob after the commit. Renames inside the folders are detected (-M). A merge lists what it
    changed on its first parent (the branch merged into), so content a merge brought in counts even when the
    branch's own commits are older than an approval made meanwhile."""
    repo = _repo_for(root)
    prefix = _prefix(root)
    shallow = is_shallow(root)
    if head_commit(root) is None or not folders:
        return PathLog({}, shallow)
    try:
        out = repo.git.log("-z", "--raw", "--no-abbrev", "-M", "--date-order", "--diff-merges=first-parent",
                           "--format=%x01%H%x1f%cI%x1f%an%x1f%ae%x1f%P%x1f%B", "HEAD", "--",
                           *(prefix + folder for folder in folders))
    except git.GitCommandError as exc:
        raise SmsError(f"git log failed: {exc.stderr.strip()}") from exc
    touches: dict[str, list[Touch]] = {}
    for order, chunk in enumerate(out.split("\x01")[1:]):
        header, _, rest = chunk.partition("\x00")
        sha, when, author, email, parents, message = header.split("\x1f", 5)
        # The message's first line, as _commit takes it (%s would join a first paragraph's lines).
        commit = Commit(sha, datetime.fromisoformat(when), author, email, next(iter(message.strip().splitlines()), ""))
        tokens = rest.lstrip("\n").split("\x00")
        index = 0
        while index < len(tokens) and tokens[index].startswith(":"):
            meta = tokens[index].split()
            status, blob = meta[4][0], meta[3]
            paths = tokens[index + 1: index + (3 if status in "RC" else 2)]
            index += 1 + len(paths)
            new = paths[-1]
            if not new.startswith(prefix):
                continue
            old = paths[0][len(prefix):] if status == "R" and paths[0].startswith(prefix) else None
            kind = "M" if status in "TC" else status
            touches.setdefault(new[len(prefix):], []).append(
                Touch(order, commit, kind, new[len(prefix):], None if status == "D" else blob, old,
                      merge=len(parents.split()) > 1))
    return PathLog(touches, shallow)


def read_blob(root: Path, blob: str) -> bytes:
    """A blob's bytes by its sha (from PathLog)."""
    data = _repo_for(root).odb.stream(bytes.fromhex(blob)).read()
    return data if isinstance(data, bytes) else bytes(data)


def merged_by(root: Path, shas: frozenset[str]) -> dict[str, Commit]:
    """For each commit in `shas` reachable from HEAD, the commit on HEAD's first-parent line that brought it
    there: itself when it is on that line (a squash or rebase merge, a direct push), else the merge commit.
    One walk of the whole history (`git log` with parents), whatever the number of commits asked about."""
    if not shas or head_commit(root) is None:
        return {}
    try:
        out = _repo_for(root).git.log("-z", "--format=%H%x1f%P%x1f%cI%x1f%an%x1f%ae%x1f%s", "HEAD")
    except git.GitCommandError as exc:
        raise SmsError(f"git log failed: {exc.stderr.strip()}") from exc
    parents: dict[str, list[str]] = {}
    commits: dict[str, Commit] = {}
    for record in filter(None, out.split("\x00")):
        sha, parent_list, when, author, email, subject = record.strip("\n").split("\x1f", 5)
        parents[sha] = parent_list.split()
        commits[sha] = Commit(sha, datetime.fromisoformat(when), author, email, subject.strip())
    line = [next(iter(commits))] if commits else []  # git log starts at HEAD
    while parents.get(line[-1]):
        line.append(parents[line[-1]][0])
    owner: dict[str, str] = {}
    for mainline in reversed(line):  # oldest first: what an older mainline commit reaches is claimed already
        owner[mainline] = mainline
        stack = [parent for parent in parents.get(mainline, [])[1:] if parent not in owner]
        while stack:
            sha = stack.pop()
            if sha in owner or sha not in parents:
                continue  # claimed, or beyond a shallow clone's cut-off
            owner[sha] = mainline
            stack.extend(parent for parent in parents[sha] if parent not in owner)
    return {sha: commits[owner[sha]] for sha in shas if sha in owner}
