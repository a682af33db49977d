"""libyaml's events → plain JSON-like data, for the loader (sms.store.loader), which says what it refuses and why.

Plain scalars are resolved with the YAML 1.2 core schema; quoted ones are strings; keys are strings as written.
Anchors, aliases, tags, directives, extra documents, complex keys and nesting past MAX_DEPTH are refused at the
first event that shows them, before any of it costs memory.
"""

from __future__ import annotations

import math
import re
from sys import intern
from typing import Any

import yaml
from yaml import _yaml as libyaml

from sms.core.errors import InputError

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


_SPECIAL = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in (
    _NULL, _TRUE, _FALSE, _INT10, _INT8, _INT16, _FLOAT, _INF, _NAN)))
"""Any of the nine: a timestamp or a version starts like a number, and one search tells it is none of them."""


def resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if text and text[0] not in _SPECIAL_FIRST:  # most scalars are words: skip the nine patterns
        return text
    if not _SPECIAL.match(text):
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


class Untracked(Exception):
    """A duplicate key met while positions were not tracked: parse again with them, for the message."""


_INTERN_MAX = 32
"""Mapping keys and scalars up to this length are interned: statuses, people, ids and keys repeat across
thousands of records, and one shared string each saves about 50 bytes an occurrence."""


class Builder:
    """Turns libyaml events into data, refusing anchors, aliases, tags, directives, extra documents and deep nesting,
    and the few YAML 1.2 texts libyaml would read differently. With `track`, also records every value's position
    in the document (the first parse does not: see sms.store.loader.Document)."""

    def __init__(self, relpath: str, text: str, *, track: bool = False) -> None:
        self.relpath = relpath
        self.text = text
        self.parser: Any = libyaml.CParser(text)  # events are untyped in the stubs
        self.track = track
        self.positions: dict[YamlPath, tuple[int, int]] = {}
        self.data: Any = None
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
        self.positions[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
        self.data = self.value(root, (), 1)
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
            raise self.fail(
                event, "YAML directives (%YAML, %TAG) are not allowed; sms reads YAML 1.2 only", DIRECTIVE,
                hint="delete the % lines at the top of the file",
            )

    def value(self, event: Any, path: YamlPath, depth: int) -> Any:
        kind = type(event)
        if kind is yaml.AliasEvent or event.anchor is not None:
            raise self.fail(event, "anchors and aliases (&, *) are not allowed; write the value out", ALIAS)
        tag = event.tag
        if tag is not None:
            shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
            raise self.fail(event, f"explicit tag '{shown}' is not allowed", TAG,
                            hint="remove the tag; quote the value if it must be text")
        if self.flow:
            self.check_flow_node(event)
        if kind is yaml.ScalarEvent:
            style = event.style
            if style == "|" or style == ">" or self.text.startswith("#", event.end_mark.index):
                self.check_comment_after(event)
            text: str = event.value
            if style != "":
                return intern(text) if len(text) <= _INTERN_MAX else text
            try:
                resolved = resolve_plain(text)
            except ValueError as exc:  # an integer beyond Python's digit limit (4,300): no record needs one
                raise self.fail(event, f"number with {len(text)} characters is too long to read", SYNTAX,
                                hint="quote it if it is text") from exc
            return intern(text) if resolved is text and len(text) <= _INTERN_MAX else resolved
        if depth > MAX_DEPTH:
            raise self.fail(event, f"nesting deeper than {MAX_DEPTH} levels", DEPTH)
        flow = bool(event.flow_style)
        self.flow += flow
        data = self.sequence(path, depth) if kind is yaml.SequenceStartEvent else self.mapping(path, depth)
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
        track, positions, value, append = self.track, self.positions, self.value, items.append
        while type(event := get()) is not yaml.SequenceEndEvent:
            item_path = (*path, len(items)) if track else path
            if track:
                positions[item_path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            append(value(event, item_path, depth + 1))
        self.check_comment_after(event)
        return items

    def mapping(self, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        get = self.parser.get_event
        track, positions, value, text_of = self.track, self.positions, self.value, self.text
        block = not self.flow
        scalar: Any = yaml.ScalarEvent  # (Any: the events are untyped in practice)
        key_event: Any
        while type(key_event := get()) is not yaml.MappingEndEvent:
            if type(key_event) is not scalar:
                if isinstance(key_event, yaml.AliasEvent):
                    raise self.fail(key_event, "anchors and aliases (&, *) are not allowed; write the value out",
                                    ALIAS)
                raise self.fail(key_event, "a list or mapping as a mapping key (a complex key) is not allowed; "
                                "keys must be plain text", SYNTAX)
            key = key_event.value
            if (block and key_event.style == "" and key and key[0] not in _SPECIAL_FIRST and key[0] != "<"
                    and key_event.anchor is None and key_event.tag is None
                    and not text_of.startswith("#", key_event.end_mark.index)):
                key = intern(key) if len(key) <= _INTERN_MAX else key
            else:
                value(key_event, path, depth)  # refuses anchors and tags on keys
                key = intern(key) if len(key) <= _INTERN_MAX else key
                if key == "<<" and key_event.style == "":
                    raise self.fail(key_event, "merge keys (<<) are not allowed; write the keys out", ALIAS)
            child = (*path, key) if track else path
            if key in result:
                if not track:
                    raise Untracked
                first = positions[child][0]
                raise self.fail(
                    key_event, f"duplicate key '{key}' (first defined on line {first})", DUPLICATE_KEY,
                    hint="keep one of the two",
                )
            if track:
                mark: Any = key_event.start_mark
                positions[child] = (mark.line + 1, mark.column + 1)
            event = get()
            if type(event) is scalar and block:
                item = event.value
                style = event.style
                if ((style == "'" or style == '"' or (style == "" and item and item[0] not in _SPECIAL_FIRST))
                        and event.anchor is None and event.tag is None
                        and not text_of.startswith("#", event.end_mark.index)):
                    result[key] = intern(item) if len(item) <= _INTERN_MAX else item
                    continue
            result[key] = value(event, child, depth + 1)
        self.check_comment_after(key_event)
        return result
