"""The only YAML writer: ruamel.yaml round trip, so comments, key order, quoting and flow lists survive,
and an all-or-nothing replace of every file a command touches.

Never rewrite a file that does not parse: callers load through `load_roundtrip`, which raises InputError.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from sms.core.errors import InputError
from sms.store.journal import transact

_RAW_REFUSED = frozenset("\x85\u2028\u2029")
"""Characters ruamel writes raw in plain and single-quoted text, which the loader refuses (YAML 1.1 line breaks)."""


class _Representer(RoundTripRepresenter):
    """Text holding a character the loader refuses raw is written double-quoted, where it is escaped (\\N, \\L,
    \\P): what sms writes, sms reads back."""

    def represent_str(self, data: str) -> ScalarNode:
        if _RAW_REFUSED.intersection(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        node: ScalarNode = super().represent_str(data)
        return node


_Representer.add_representer(str, _Representer.represent_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines
    yaml.indent(mapping=2, sequence=4, offset=2)  # the house style: "key:\n  - item"
    yaml.representer.ignore_aliases = lambda _data: True  # one value used twice is written twice: no &anchors
    return yaml


def load_roundtrip(root: Path, relpath: str) -> Any:
    """A record as ruamel's round-trip tree (CommentedMap), for editing."""
    try:
        text = (root / relpath).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(relpath, 1, f"cannot be read: {exc}") from exc
    return load_text(relpath, text)


def load_text(relpath: str, text: str) -> Any:
    """`text` (the contents of `relpath`) as ruamel's round-trip tree."""
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]  # ruamel's str() spans several lines
        raise InputError(relpath, (mark.line + 1) if mark else 1, f"cannot be rewritten: {problem}") from exc


def dump(data: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def edit(root: Path, relpath: str, change: Callable[[Any], None]) -> str:
    """The new text of a record after `change` mutates its round-trip tree (nothing is written)."""
    data = load_roundtrip(root, relpath)
    change(data)
    return dump(data)


def replace_all(root: Path, writes: dict[str, str], renames: dict[str, str] | None = None, *,
                what: str = "sms") -> None:
    """Write every file (relpath → text) and apply renames (old → new) all together or not at all, also across
    a crash: through the intent journal of `sms.store.journal` (the next sms command finishes or discards an
    interrupted one). `what` names the command in that journal."""
    transact(root, writes, renames or {}, what)


def timestamp(moment: datetime) -> Any:
    """`moment` as a plain YAML timestamp the way people write one (2026-03-02T09:30:00+01:00, Z for UTC);
    a datetime dumped as is would get a space for the T, a string would be quoted."""
    text = moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    return _yaml().load(f"at: {text}")["at"]


def quoted(text: str) -> Any:
    """`text` always written double-quoted, with escapes: for files read by YAML 1.1 readers (mkdocs), to which a
    plain `no` or `on` would be a boolean."""
    return DoubleQuotedScalarString(text)
