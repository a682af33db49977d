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

Every value's position is kept in a map from its path (`("history", 2, "at")`) to the line and column
of its key (or of the item, in a sequence), so a finding can point at the field's own line.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import _yaml as libyaml

from sms.core.errors import InputError

DEFAULT_MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64

# Rule ids of loading problems (documented in sms/rules/loading.py).
SYNTAX = "SMS001"
DUPLICATE_KEY = "SMS002"
ALIAS = "SMS003"
TAG = "SMS004"
DIRECTIVE = "SMS005"
DOCUMENTS = "SMS006"
DEPTH = "SMS007"
SIZE = "SMS008"
ENCODING = "SMS009"
UNSAFE_PATH = "SMS010"

YamlPath = tuple[str | int, ...]

_MAX_INT_BITS = 14_000
"""About 4,200 decimal digits: Python refuses to print an integer over 4,300 (its int_max_str_digits), so a
longer one (a hex or octal literal converts without that limit) would crash every JSON step after loading."""
_SPECIAL_FIRST = frozenset("~nNtTfF0123456789+-.")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if text and text[0] not in _SPECIAL_FIRST:  # most scalars are words: skip the nine patterns
        return text
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT10.match(text):
        return int(text)
    if _INT8.match(text):
        return _bounded(int(text[2:], 8))
    if _INT16.match(text):
        return _bounded(int(text[2:], 16))
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


def _bounded(number: int) -> int:
    if number.bit_length() > _MAX_INT_BITS:
        raise ValueError("integer too long to print")
    return number


@dataclass
class Document:
    """A parsed YAML file: its data, where each value stands, and its first line (the schema comment)."""

    path: str
    data: Any
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    first_line: str = ""

    def position(self, path: YamlPath) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


def read_text(root: Path, relpath: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file under `root` as UTF-8, refusing unsafe paths (outside the root, under .git/, symbolic links
    even inside the root), special files and oversized files."""
    full = root / relpath
    if ".git" in Path(relpath).parts:
        raise InputError(relpath, 1, "path is inside .git/; refused without reading", rule=UNSAFE_PATH)
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
    if info.st_size > max_bytes:
        raise InputError(
            relpath, 1, f"file is {info.st_size} bytes, over the {max_bytes}-byte limit",
            rule=SIZE, hint="split the record, or raise limits.max_file_bytes in sms.yaml",
        )
    try:
        with open(real, "rb") as handle:
            raw = handle.read(max_bytes + 1)
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
    """Read and parse one file under `root`. Raises InputError for anything unsafe or malformed."""
    return parse(relpath, read_text(root, relpath, max_bytes=max_bytes))


def parse(relpath: str, text: str) -> Document:
    """Parse YAML text into a Document. Raises InputError with the position of the first problem."""
    _refuse_yaml11_line_breaks(relpath, text)
    doc = Document(path=relpath, data=None, first_line=text.split("\n", 1)[0])
    # Without a final line break libyaml drops the trailing spaces of a block scalar (`|+` keeps them in YAML
    # 1.2); appending one changes no other value and no position.
    source = text.removeprefix("\ufeff")  # libyaml skips a BOM and counts marks after it
    source = source if source.endswith(("\n", "\r")) or not source else source + "\n"
    builder: _Builder | None = None
    try:
        builder = _Builder(relpath, source, doc)
        builder.run()
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


class _Builder:
    """Turns libyaml events into data, refusing anchors, aliases, tags, directives, extra documents and deep nesting,
    and the few YAML 1.2 texts libyaml would read differently."""

    def __init__(self, relpath: str, text: str, doc: Document) -> None:
        self.relpath = relpath
        self.text = text
        self.parser: Any = libyaml.CParser(text)  # events are untyped in the stubs
        self.doc = doc
        self.flow = 0  # how many flow collections ([...], {...}) enclose the current event
        self.started = False  # past the first `---` (or the first node): no directive can follow
        self.documents_ended = False  # past an explicit `...`: anything else is another document

    def fail(self, event: Any, message: str, rule: str, hint: str | None = None) -> InputError:
        mark = event.start_mark
        return InputError(self.relpath, mark.line + 1, message, column=mark.column + 1, rule=rule, hint=hint)

    def run(self) -> None:
        get = self.parser.get_event
        get()  # StreamStart
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            raise InputError(self.relpath, 1, "file has no YAML content (empty, or only comments); expected one "
                             "YAML mapping", rule=DOCUMENTS)
        self.check_document_start(event)
        self.started = True
        root = get()
        self.doc.positions[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
        self.doc.data = self.value(root, (), 1)
        self.documents_ended = get().explicit  # DocumentEnd; libyaml may end one early (a zero-indented `>`)
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise self.fail(event, "more than one YAML document in the file; keep one record per file", DOCUMENTS)
        if ",#" in self.text:  # libyaml reads `[a,#x` as a comma and a comment; YAML 1.2 needs a space before '#'
            tokens: Any = libyaml.CParser(self.text)  # rare: a second pass over the tokens only for such a file
            while (token := tokens.get_token()) is not None:
                if isinstance(token, yaml.FlowEntryToken) and self.text.startswith("#", (mark := token.end_mark).index):
                    raise InputError(self.relpath, mark.line + 1, "a comment needs a space before '#'",
                                     column=mark.column + 1, rule=SYNTAX, hint="write ', #'")

    def check_document_start(self, event: Any) -> None:
        if event.version is not None or event.tags:
            raise self.fail(event, "YAML directives (%YAML, %TAG) are not allowed; sms reads YAML 1.2 only",
                            DIRECTIVE, hint="delete the % lines at the top of the file")

    def value(self, event: Any, path: YamlPath, depth: int) -> Any:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise self.fail(event, "anchors and aliases (&, *) are not allowed; write the value out", ALIAS)
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
            raise self.fail(event, f"explicit tag '{shown}' is not allowed", TAG,
                            hint="remove the tag; quote the value if it must be text")
        if self.flow:
            self.check_flow_node(event)
        if isinstance(event, yaml.ScalarEvent):
            self.check_comment_after(event)
            if event.style != "":
                return event.value
            try:
                return resolve_plain(event.value)
            except ValueError as exc:  # an integer beyond Python's digit limit (4,300): no record needs one
                raise self.fail(event, f"number with {len(event.value)} characters is too long to read", SYNTAX,
                                hint="quote it if it is text") from exc
        if depth > MAX_DEPTH:
            raise self.fail(event, f"nesting deeper than {MAX_DEPTH} levels", DEPTH)
        flow = bool(event.flow_style)
        self.flow += flow
        data = self.sequence(path, depth) if isinstance(event, yaml.SequenceStartEvent) else self.mapping(path, depth)
        self.flow -= flow
        return data

    def check_flow_node(self, event: Any) -> None:
        """In a flow collection libyaml takes `?` for a key indicator even without a space after it, and reads
        a lone `-` as text; YAML 1.2 reads `[?x]` as the text "?x" and `[-]` as an error. Refuse both."""
        start: int = event.start_mark.index
        end: int = event.end_mark.index
        scalar = isinstance(event, yaml.ScalarEvent)
        if (end > start or not scalar) and start > 0 and self.text[start - 1] == "?":  # an empty key is fine
            raise self.fail(event, "'?' directly before a value in a flow collection is read differently by "
                            "YAML readers", SYNTAX, hint="quote the text ('?x'), or write '? ' for a key")
        if scalar and event.style == "" and event.value[:1] == "-" and event.value[1:2] in ("", " ", "\t"):
            raise self.fail(event, "'-' cannot start a plain value in a flow collection", SYNTAX,
                            hint="quote it: '-'")

    def check_comment_after(self, event: Any) -> None:
        """A `#` starts a comment only after a space; libyaml also takes one touching a quoted value, a
        closing bracket or a block scalar's `|`/`>` header, which YAML 1.2 refuses."""
        start: int = event.start_mark.index
        end: int = event.end_mark.index
        if getattr(event, "style", None) in ("|", ">"):
            header = re.match(r"[|>][0-9+-]*", self.text[start:])
            end = start + header.end() if header else start
        if end > start and self.text.startswith("#", end):
            raise self.fail(event, "a comment needs a space before '#'", SYNTAX, hint="write ' #'")

    def sequence(self, path: YamlPath, depth: int) -> list[Any]:
        items: list[Any] = []
        get = self.parser.get_event
        while not isinstance(event := get(), yaml.SequenceEndEvent):
            item_path = (*path, len(items))
            self.doc.positions[item_path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            items.append(self.value(event, item_path, depth + 1))
        self.check_comment_after(event)
        return items

    def mapping(self, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        get = self.parser.get_event
        key_event: Any
        while not isinstance(key_event := get(), yaml.MappingEndEvent):
            if not isinstance(key_event, yaml.ScalarEvent):
                if isinstance(key_event, yaml.AliasEvent):
                    raise self.fail(key_event, "anchors and aliases (&, *) are not allowed; write the value out",
                                    ALIAS)
                raise self.fail(key_event, "a list or mapping as a mapping key (a complex key) is not allowed; "
                                "keys must be plain text", SYNTAX)
            self.value(key_event, path, depth)  # refuses anchors and tags on keys
            key = key_event.value
            if key == "<<" and key_event.style == "":
                raise self.fail(key_event, "merge keys (<<) are not allowed; write the keys out", ALIAS)
            mark: Any = key_event.start_mark
            position = (mark.line + 1, mark.column + 1)
            child = (*path, key)
            if key in result:
                first = self.doc.positions[child][0]
                raise self.fail(key_event, f"duplicate key '{key}' (first defined on line {first})", DUPLICATE_KEY,
                                hint="keep one of the two")
            self.doc.positions[child] = position
            result[key] = self.value(get(), child, depth + 1)
        self.check_comment_after(key_event)
        return result
