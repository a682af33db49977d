"""Every CLI example in the hand-written guides (docs/guides/) runs, in order, and prints what the guide shows.

The format a guide uses, so that readers see ordinary Markdown and this test can run it:
- a ```console block holds examples: `$ COMMAND` lines, each followed by the output it prints (stdout, then
  stderr); a line `...` stands for any number of lines, `[…]` for any text within a line; `  # exits N` after
  a command says its exit code (0 otherwise). Commands are `sms …` (run in-process), `git …` and `cd DIR`.
- `<!-- edit: PATH -->` before a fenced block applies it to PATH (relative to the current folder): for a YAML
  file, each top-level key of the block is set in the file (replaced, or added at the end), comments kept; any
  other file is written whole. The guide's text tells the reader what to change; the block shows it.
The working guide starts in an `sms init` repository made and committed on main four weeks before the guide's
day; the adopting guide in an empty folder. SMS_TODAY fixes the day, so dates and timestamps in the guides are
the ones a reader's run would show on that day.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sms.cli import main
from sms.store.writer import dump, load_text
from tests.conftest import REPO_ROOT, SmsRunner, commit_all, git_init

GUIDES = REPO_ROOT / "docs/guides"
DAY = "2026-11-30"
SET_UP = "2026-11-02"  # the day the working guide's SMS was made with `sms init`
EXITS = re.compile(r"\s+# exits (\d+)$")
EDIT = re.compile(r"^<!-- edit: (\S+) -->$")


@dataclass
class Step:
    """One thing the guide does: run a command (with its expected output and exit code) or edit a file."""

    line: int
    command: str = ""
    expected: list[str] = field(default_factory=list)
    code: int = 0
    edit: str | None = None
    content: str = ""


def steps(text: str) -> list[Step]:
    """The guide's examples and edits, in order."""
    found: list[Step] = []
    lines = text.splitlines()
    index = 0
    pending_edit: str | None = None
    while index < len(lines):
        line = lines[index]
        if (match := EDIT.match(line)) is not None:
            pending_edit = match.group(1)
        elif line.startswith("```"):
            language = line[3:].strip()
            end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
            body = lines[index + 1:end]
            if pending_edit is not None:
                found.append(Step(index + 1, edit=pending_edit, content="\n".join(body) + "\n"))
                pending_edit = None
            elif language == "console":
                found.extend(_examples(body, index + 2))
            index = end
        index += 1
    return found


def _examples(body: list[str], first_line: int) -> list[Step]:
    examples: list[Step] = []
    for offset, line in enumerate(body):
        if line.startswith("$ "):
            command = line[2:]
            code = 0
            if (match := EXITS.search(command)) is not None:
                command, code = command[:match.start()], int(match.group(1))
            examples.append(Step(first_line + offset, command=command, code=code))
        else:
            assert examples, f"line {first_line + offset}: output before any `$ ` command"
            examples[-1].expected.append(line)
    return examples


def matches(expected: list[str], actual: str) -> bool:
    """Whether the output is what the guide shows (`...` lines match any lines, `[…]` any text in a line,
    trailing spaces ignored)."""
    pattern = "".join(r"(?:.*\n)*?" if line == "..." else
                      ".*".join(map(re.escape, line.rstrip().split("[…]"))) + r"[ \t]*\n" for line in expected)
    return re.fullmatch(pattern, actual if actual.endswith("\n") or not actual else actual + "\n") is not None


class Reader:
    """Follows a guide at a terminal: runs its commands in a folder and makes its edits."""

    def __init__(self, start: Path, sms: SmsRunner, monkeypatch: pytest.MonkeyPatch) -> None:
        self.cwd = start
        self.sms = sms
        self.monkeypatch = monkeypatch

    def run(self, command: str) -> tuple[int, str]:
        args = shlex.split(command)
        if args[0] == "cd":
            self.cwd = (self.cwd / args[1]).resolve()
            return 0, ""
        if args[0] == "sms":
            self.monkeypatch.chdir(self.cwd)
            run = self.sms(*args[1:])
            return run.code, run.out + run.err
        assert args[0] == "git", f"the guides run sms, git and cd; not {args[0]}"
        done = subprocess.run(args, cwd=self.cwd, capture_output=True, text=True, timeout=120, check=False)
        return done.returncode, done.stdout + done.stderr

    def edit(self, relpath: str, content: str) -> None:
        path = self.cwd / relpath
        if path.suffix != ".yaml" or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            return
        tree = load_text(relpath, path.read_text(encoding="utf-8"))
        for key, value in load_text(relpath, content).items():
            tree[key] = value
        path.write_text(dump(tree), encoding="utf-8")


def follow(guide: Path, start: Path, sms: SmsRunner, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run every step of `guide` from `start`; the number of commands run."""
    reader = Reader(start, sms, monkeypatch)
    commands = 0
    for step in steps(guide.read_text(encoding="utf-8")):
        where = f"{guide.relative_to(REPO_ROOT)}:{step.line}"
        if step.edit is not None:
            reader.edit(step.edit, step.content)
            continue
        code, output = reader.run(step.command)
        commands += 1
        assert (code, matches(step.expected, output)) == (step.code, True), (
            f"{where}: `{step.command}` exited {code} (the guide says {step.code}) and printed:\n{output}")
    return commands


@pytest.fixture
def reading(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("SMS_TODAY", DAY)
    for who in ("AUTHOR", "COMMITTER"):  # the adopter's git identity, for the commits the guide makes
        monkeypatch.setenv(f"GIT_{who}_NAME", "Ada Jensen")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "ada@nordwind.example")
        monkeypatch.setenv(f"GIT_{who}_DATE", f"{DAY}T12:00:00+00:00")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return monkeypatch


def test_working_with_this_sms(tmp_path: Path, sms: SmsRunner, reading: pytest.MonkeyPatch) -> None:
    root = tmp_path / "nordwind-sms"
    repo = git_init(root)
    with pytest.MonkeyPatch.context() as earlier:  # set up four weeks before the guide's day, so that a
        earlier.setenv("SMS_TODAY", SET_UP)        # document approved then can be approved again on DAY
        assert main(["init", str(root), "--org", "Nordwind Logistics", "--profile", "operations"]) == 0
    commit_all(repo, "sms init", when=f"{SET_UP}T09:00:00+00:00")
    assert follow(GUIDES / "working.md", root, sms, reading) >= 10


def test_adopting_sms(tmp_path: Path, sms: SmsRunner, reading: pytest.MonkeyPatch) -> None:
    assert follow(GUIDES / "adopting.md", tmp_path, sms, reading) >= 8


def test_the_format_is_read_as_documented() -> None:
    text = ("<!-- edit: a.yaml -->\n```yaml\nx: 1\n```\n\n```console\n$ sms check  # exits 1\nfound\n...\nend\n"
            "$ cd x\n```\n\n```bash\n$ not run\n```\n")
    parsed = steps(text)
    assert [(s.line, s.edit, s.command, s.expected, s.code) for s in parsed] == [
        (2, "a.yaml", "", [], 0), (7, None, "sms check", ["found", "...", "end"], 1), (11, None, "cd x", [], 0)]
    assert matches(["found", "...", "end"], "found\na\nb\nend\n") and matches(["found", "...", "end"], "found\nend")
    assert not matches(["found", "end"], "found\nmore\nend\n") and not matches([], "something\n")
    assert matches(["commit […] written to […]/site"], "commit 1a2b3c written to /tmp/x/site\n")
    assert not matches(["commit […] written"], "commit 1a\nwritten\n")


def test_every_command_a_guide_shows_is_in_a_console_block() -> None:
    # A `$ ` line elsewhere (a ```bash block) would be an example nobody runs.
    for guide in sorted(GUIDES.glob("*.md")):
        block = None
        for number, line in enumerate(guide.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                block = None if block is not None else line[3:].strip()
            elif block is not None and block != "console":
                assert not line.startswith("$ "), f"{guide.name}:{number}: a command outside a console block"
