"""The only YAML reader: safe, YAML 1.2, positional.

Reads with libyaml's C parser (PyYAML's `CParser`), event by event, and builds plain JSON-like data
itself. Building from events rather than a composed tree lets us refuse anchors, aliases, tags,
directives, extra documents and deep nesting at the first event that shows them, before any of it
costs memory: a billion-laughs file stops at its first anchor, a 10,000-deep file at level 65.

Plain scalars are resolved with the YAML 1.2 core schema (so `no`, `on` and dates stay strings);
quoted scalars are always strings. Mapping keys are always strings, exactly as written and never resolved:
`1: a` has the key "1", `true:` the key "true", an empty key (`: a`, `? `) the key "" — so `1: a` and
`'1': a` in one mapping are the same key twice (SMS002), as they are to anyone reading the file, and
every record is JSON. A list or mapping as a key (a complex key, `? [a, b]`) is refused (SMS001).

libyaml is a YAML 1.1 parser; where it reads YAML 1.2 text differently, the loader refuses rather than
return a different value (checked against the official yaml-test-suite, tests/unit/test_yaml_suite.py):
a file without a final line break gets one before parsing (libyaml drops a block scalar's trailing
spaces otherwise), a node right after `?` in a flow collection (`[?x]`, a plain scalar in YAML 1.2)
is refused, and so are a `-` alone as a flow item and a `#` comment that touches the token before it (`[a,#x`).

Every value's position — the line and column of its key (or of the item, in a sequence), by its path
(`("history", 2, "at")`) — is found when first asked for, by parsing the kept text again (Document), so a
finding can point at the field's own line while a clean file costs no positions at all. The events become
data in sms.store.builder.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from pathlib import Path
from typing import Any

import yaml

from sms.core.errors import InputError
from sms.store.builder import (
    ALIAS,
    DEPTH,
    DIRECTIVE,
    DOCUMENTS,
    DUPLICATE_KEY,
    ENCODING,
    MAX_DEPTH,
    SIZE,
    SYNTAX,
    TAG,
    UNSAFE_PATH,
    Builder,
    Untracked,
    YamlPath,
    resolve_plain,
)

DEFAULT_MAX_BYTES = 1024 * 1024


class Document:
    """A parsed YAML file: its data, where each value stands, and its first line (the schema comment).

    Positions are found again on demand: a check reads thousands of files and asks where a value stands only
    in the few with findings, so the first parse keeps the text (one byte per ASCII character) instead of a
    map from every path to its line, which took about twenty times the file's size."""

    __slots__ = ("_positions", "_text", "data", "first_line", "path")

    def __init__(self, path: str, data: Any, positions: dict[YamlPath, tuple[int, int]] | None = None,
                 first_line: str = "", text: str | None = None) -> None:
        self.path = path
        self.data = data
        self.first_line = first_line
        self._text: str | bytes | None = text  # bytes: compressed UTF-8, as read back from the record cache
        self._positions = positions

    def __getstate__(self) -> tuple[str, Any, str, str | bytes | None, dict[YamlPath, tuple[int, int]] | None]:
        # Kept (in the record cache) with the text compressed: read back, 100,000 documents would otherwise hold
        # their 200 MB of text in memory for the few whose positions a finding asks for.
        text = self._text
        packed = zlib.compress(text.encode("utf-8", "surrogatepass"), 1) if isinstance(text, str) else text
        return self.path, self.data, self.first_line, packed, self._positions if text is None else None

    def __setstate__(self, state: tuple[str, Any, str, str | bytes | None,
                                        dict[YamlPath, tuple[int, int]] | None]) -> None:
        self.path, self.data, self.first_line, self._text, self._positions = state

    @property
    def positions(self) -> dict[YamlPath, tuple[int, int]]:
        """Line and column of every value by its path (`("history", 2, "at")`): of its key, or of the item in a
        sequence. Found by parsing the text again, once, the first time they are asked for."""
        if self._positions is None:
            text = self._text
            if isinstance(text, bytes):
                text = zlib.decompress(text).decode("utf-8", "surrogatepass")
            builder = Builder(self.path, text or "{}", track=True)
            builder.run()
            self._positions = builder.positions if self._text is not None else {}
            self._text = None
        return self._positions

    def position(self, path: YamlPath) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest ancestor that has one."""
        positions = self.positions
        probe = tuple(path)
        while probe:
            if probe in positions:
                return positions[probe]
            probe = probe[:-1]
        return positions.get((), (1, 1))


def read_text(root: Path, relpath: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file under `root` as UTF-8, refusing unsafe paths (outside the root, under .git/, symbolic links
    even inside the root), special files and oversized files."""
    return Reader(root, max_bytes).text(relpath)


class Reader:
    """Reads files under one root, as read_text does, for one load of many files: the root and each folder are
    resolved once, not once a file (resolving every file's path again was a fifth of a cold check's loading)."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._base = os.fspath(root)
        self._root_real: str | None = None
        self._folders: dict[str, str] = {}

    def load(self, relpath: str) -> Document:
        """Read and parse one file (load_file)."""
        return parse(relpath, self.text(relpath))

    def text(self, relpath: str) -> str:
        if ".git" in relpath.split("/"):
            raise InputError(relpath, 1, "path is inside .git/; refused without reading", rule=UNSAFE_PATH)
        folder, _, name = relpath.rpartition("/")
        if name in ("", ".", ".."):
            return _read_slowly(self.root, relpath, self.max_bytes)
        try:
            info = os.lstat(os.path.join(self._base, relpath))
        except OSError as exc:
            raise InputError(relpath, 1, f"cannot read: {exc.strerror}", rule=UNSAFE_PATH) from exc
        if not stat.S_ISREG(info.st_mode):
            return _read_slowly(self.root, relpath, self.max_bytes)  # a link or a special file: refused there
        try:
            root_real = self._root_real = self._root_real or os.path.realpath(self._base, strict=True)
            real_folder = self._folders.get(folder)
            if real_folder is None:
                real_folder = self._folders[folder] = os.path.realpath(os.path.join(self._base, folder), strict=True)
        except OSError as exc:  # a symlink loop among them, too
            raise InputError(relpath, 1, "cannot resolve path (broken or looping symlink)", rule=UNSAFE_PATH) from exc
        real = os.path.join(real_folder, name)  # the file itself is no link: its real path is its folder's
        if not (real == root_real or real.startswith(root_real.rstrip("/") + "/")):
            raise InputError(
                relpath, 1, "path leaves the SMS root (symlink or '..'); refused without reading", rule=UNSAFE_PATH
            )
        return _read_regular(relpath, real, info.st_size, self.max_bytes)


def _read_slowly(root: Path, relpath: str, max_bytes: int) -> str:
    """read_text for a path that is not a regular file (a link, a FIFO...): every refusal with its message."""
    full = root / relpath
    try:
        info = os.lstat(full)
    except OSError as exc:
        raise InputError(relpath, 1, f"cannot read: {exc.strerror}", rule=UNSAFE_PATH) from exc
    try:
        real = full.resolve(strict=True)
        root_real = root.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # RuntimeError: symlink loop on older Pythons
        raise InputError(relpath, 1, "cannot resolve path (broken or looping symlink)", rule=UNSAFE_PATH) from exc
    if not real.is_relative_to(root_real):
        raise InputError(
            relpath, 1, "path leaves the SMS root (symlink or '..'); refused without reading", rule=UNSAFE_PATH
        )
    if stat.S_ISLNK(info.st_mode):
        # Only regular files are read, never through a link: a link inside the repository could still point
        # at .git/config (where actions/checkout keeps its token) and publish it on the site.
        target = real.relative_to(root_real).as_posix()
        raise InputError(relpath, 1, f"is a symbolic link (to {target}); sms reads only regular files",
                         rule=UNSAFE_PATH, hint="replace the link with the file itself")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(relpath, 1, "not a regular file (FIFO, device or socket); refused without reading",
                         rule=UNSAFE_PATH)
    return _read_regular(relpath, str(real), info.st_size, max_bytes)


def _read_regular(relpath: str, real: str, size: int, max_bytes: int) -> str:
    if size > max_bytes:
        raise InputError(
            relpath, 1, f"file is {size} bytes, over the {max_bytes}-byte limit",
            rule=SIZE, hint="split the record, or raise limits.max_file_bytes in sms.yaml",
        )
    try:
        with open(real, "rb") as handle:
            # as much as stat said, and one byte to tell whether it grew: a buffer of the limit's size for every
            # file cost more than the reading
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(max_bytes + 1 - len(raw))
    except OSError as exc:
        raise InputError(relpath, 1, f"cannot read: {exc.strerror}", rule=UNSAFE_PATH) from exc
    if len(raw) > max_bytes:  # grew since stat
        raise InputError(relpath, 1, f"file is over the {max_bytes}-byte limit", rule=SIZE)
    return decode_utf8(relpath, raw)


def decode_utf8(relpath: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            relpath, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", column=column, rule=ENCODING,
            hint="save the file as UTF-8",
        ) from exc
    return text[1:] if text.startswith("\ufeff") else text


def load_file(root: Path, relpath: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one file under `root`. Raises InputError for anything unsafe or malformed. (Reader.load
    reads many files under one root faster.)"""
    return Reader(root, max_bytes).load(relpath)


def parse(relpath: str, text: str) -> Document:
    """Parse YAML text into a Document. Raises InputError with the position of the first problem."""
    _refuse_yaml11_line_breaks(relpath, text)
    doc = Document(relpath, None, first_line=text.split("\n", 1)[0])
    # Without a final line break libyaml drops the trailing spaces of a block scalar (`|+` keeps them in YAML
    # 1.2); appending one changes no other value and no position.
    source = text.removeprefix("\ufeff")  # libyaml skips a BOM and counts marks after it
    source = source if source.endswith(("\n", "\r")) or not source else source + "\n"
    builder: Builder | None = None
    try:
        builder = Builder(relpath, source)
        try:
            builder.run()
        except Untracked:  # a duplicate key: its message names the first one's line, so parse with positions
            builder = Builder(relpath, source, track=True)
            builder.run()
        doc.data = builder.data
        doc._text, doc._positions = (None, builder.positions) if builder.track else (source, None)
    except yaml.MarkedYAMLError as exc:
        where = "prologue" if builder is None or not builder.started else (
            "after" if builder.documents_ended else "document")
        raise _syntax_error(relpath, text, source, exc, where) from exc
    except yaml.reader.ReaderError as exc:
        # libyaml reports a byte offset into the UTF-8 it was given, not a character index
        before = source.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise InputError(relpath, line, f"character not allowed in YAML: {exc.reason}", column=column,
                         rule=ENCODING) from exc
    except UnicodeEncodeError as exc:  # lone surrogates: only reachable through parse() with a str
        line = text[: exc.start].count("\n") + 1
        raise InputError(relpath, line, "text contains a lone surrogate; it is not valid Unicode",
                         rule=ENCODING) from exc
    except yaml.YAMLError as exc:  # anything else libyaml raises
        raise InputError(relpath, 1, f"YAML error: {exc}", rule=SYNTAX) from exc
    except RecursionError as exc:  # defensive: the depth cap stops far earlier
        raise InputError(relpath, 1, "nesting too deep", rule=DEPTH) from exc
    return doc


def _syntax_error(relpath: str, text: str, source: str, exc: yaml.MarkedYAMLError, where: str) -> InputError:
    """libyaml's error as a finding at its line and column, under the rule of what it stumbled on; `where` is
    'prologue' (before the document), 'document' or 'after' (past an explicit end of the document)."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    line = min(line, text.count("\n") + 1)  # libyaml may point past the end (e.g. an unclosed quote)
    context = exc.context or ""
    if where == "after":  # sms reads one document: whatever follows it is refused, readable or not
        return InputError(relpath, line, "content after the end of the YAML document; keep one record per file",
                          column=column, rule=DOCUMENTS)
    if "directive" in problem + context or (where == "prologue" and _starts_line(source, mark, "%")):  # %YAML 1.3
        return InputError(relpath, line, f"YAML directives are not allowed ({problem})", column=column,
                          rule=DIRECTIVE, hint="delete the % line")
    if "maximum nesting depth" in problem:  # libyaml's own cap (1,000) met before ours in flow style
        return InputError(relpath, line, f"nesting deeper than {MAX_DEPTH} levels", column=column, rule=DEPTH)
    if "anchor" in context or "alias" in context:  # an anchor name libyaml cannot scan is still an anchor
        return InputError(relpath, line, f"anchors and aliases (&, *) are not allowed ({problem})",
                          column=column, rule=ALIAS, hint="write the value out")
    if "tag" in context or "tag handle" in problem:
        return InputError(relpath, line, f"explicit tags are not allowed ({problem})", column=column, rule=TAG,
                          hint="remove the tag; quote the value if it must be text")
    if exc.context and exc.context_mark is not None and exc.problem:
        problem += f" ({exc.context} started on line {exc.context_mark.line + 1})"
    return InputError(relpath, line, f"YAML syntax error: {problem}", column=column, rule=SYNTAX)


def _starts_line(text: str, mark: Any, prefix: str) -> bool:
    """Whether the line holding libyaml's mark starts with `prefix` (libyaml breaks lines at CR, LF, CRLF)."""
    if mark is None:
        return False
    start = max(text.rfind("\n", 0, mark.index), text.rfind("\r", 0, mark.index)) + 1
    return text.startswith(prefix, start)


_YAML11_BREAKS = re.compile("[\u0085\u2028\u2029]")
_BREAK_NAMES = {"\u0085": "U+0085 (next line)", "\u2028": "U+2028 (line separator)",
                "\u2029": "U+2029 (paragraph separator)"}


def _refuse_yaml11_line_breaks(relpath: str, text: str) -> None:
    """libyaml treats NEL, LS and PS as line breaks (YAML 1.1); YAML 1.2 reads them as ordinary characters.
    Rather than let the two readings differ silently, refuse them."""
    found = _YAML11_BREAKS.search(text)
    if found is None:
        return
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    raise InputError(relpath, line, f"character {_BREAK_NAMES[found.group()]} is not allowed; use a plain "
                     "line break or a space", column=column, rule=ENCODING)



__all__ = ["ALIAS", "DEPTH", "DIRECTIVE", "DOCUMENTS", "DUPLICATE_KEY", "ENCODING", "MAX_DEPTH", "SIZE", "SYNTAX",
           "TAG", "UNSAFE_PATH", "Document", "Reader", "YamlPath", "decode_utf8", "load_file", "parse", "read_text",
           "resolve_plain"]
