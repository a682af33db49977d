"""The canonical layout of a record file (`sms fmt`): key order from the model, the writer's indentation, and
quotes only where YAML needs them or where a string would otherwise read as another type.

Key order: the envelope (apiVersion, kind, id, title, owner), then the model's fields in declaration order
(nested models likewise), `reviewed_links` last (sms review appends it; it annotates the links above it), then
keys the model does not know, in the order they had. The schema comment stays the file's first line. Comments
travel with the key they follow. Flow lists (`[a, b]`) and block scalars (`>-`, `|`) stay as written.

Quoting: a string is written plain when that reads back as the same string under YAML 1.2 *and* YAML 1.1 (so
'on', 'yes', '1.0', '8.1' and '2026-01-01' keep their quotes for every reader and editor); single quotes
otherwise, and for anything made of digits and dots (clause numbers '8.2.1'); double quotes only for text with
line breaks or control characters.
"""

from __future__ import annotations

import inspect
import re
import typing
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.compat import ordereddict
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from sms.core.errors import InputError, SmsError
from sms.models import KINDS
from sms.store.config import CONFIG_FILE, Config
from sms.store.loader import parse
from sms.store.writer import dump, load_text

ENVELOPE = ("apiVersion", "kind", "id", "title", "owner")
LAST = ("reviewed_links",)
SCHEMA_COMMENT = "# yaml-language-server: $schema="

_STR = "tag:yaml.org,2002:str"
# Dotted numbers (clause 8.2.1, version 1.2.3) read as text in YAML 1.2, but a reader cannot tell them from
# numbers at a glance, and their neighbours ('8.1', '1.0') need the quotes: quoted alike.
_NUMBERLIKE = re.compile(r"^[0-9]+(?:\.[0-9]+)+$")
_RESOLVERS = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))


def model_for(relpath: str, data: Any) -> type[BaseModel] | None:
    """The model whose field order a file follows: sms.yaml's, or its kind's; None for an unknown kind."""
    if relpath == CONFIG_FILE:
        return Config
    kind = data.get("kind") if isinstance(data, dict) else None
    return KINDS[kind] if isinstance(kind, str) and kind in KINDS else None


def key_order(model: type[BaseModel]) -> list[str]:
    """The keys of `model` in canonical order (by their YAML names); the envelope leads a whole record."""
    fields = model.model_fields
    names = [fields[name].alias or name for name in _declared(model) if name in fields]
    if "apiVersion" not in names:
        return names
    head = [key for key in ENVELOPE if key in names]
    tail = [key for key in LAST if key in names]
    return head + [key for key in names if key not in head and key not in tail] + tail


def _declared(model: type) -> list[str]:
    """Field names in the order the source declares them: each base in the order the class lists them (links
    models combine several), then the class's own. pydantic itself puts the last base first."""
    order: list[str] = []
    for base in model.__bases__:
        if issubclass(base, BaseModel) and base is not BaseModel:
            order.extend(name for name in _declared(base) if name not in order)
    own = inspect.get_annotations(model)
    order.extend(name for name in own if name not in order)
    return order


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds — itself, or inside Optional, list, dict values or Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is dict and len(args) == 2:
        args = (args[1],)  # a dict's keys are names, its values may be models
    for arg in args:
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _child(model: type[BaseModel] | None, key: str) -> tuple[type[BaseModel] | None, bool]:
    """The model of the value under `key`, and whether that value is a dict of such models."""
    if model is None:
        return None, False
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return _model_in(info.annotation), _is_dict(info.annotation)
    return None, False


def _is_dict(annotation: Any) -> bool:
    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_dict(arg) for arg in typing.get_args(annotation) if arg is not type(None))


def arrange(tree: Any, model: type[BaseModel] | None) -> None:
    """Put every mapping of `tree` in its model's key order and every string in its canonical quoting."""
    if isinstance(tree, CommentedMap):
        _requote_keys(tree)
        known = key_order(model) if model is not None else []
        order = [key for key in known if key in tree] + [key for key in tree if key not in known]
        for key in order:
            tree.move_to_end(key)
        for key in list(tree):
            child, of_dict = _child(model, key)
            value = tree[key]
            if of_dict and isinstance(value, CommentedMap):
                for name in list(value):
                    _set(value, name, _arranged(value[name], child))
                _requote_keys(value)
            else:
                _set(tree, key, _arranged(value, child))
    elif isinstance(tree, CommentedSeq):
        for index, item in enumerate(tree):
            list.__setitem__(tree, index, _arranged(item, model))


def _set(tree: CommentedMap, key: Any, value: Any) -> None:
    # CommentedMap's own __setitem__ would keep the old quoting style of a string it replaces
    ordereddict.__setitem__(tree, key, value)


def _arranged(value: Any, model: type[BaseModel] | None) -> Any:
    if isinstance(value, CommentedMap | CommentedSeq):
        arrange(value, model)
        return value
    return quoted(value) if isinstance(value, str) else value


def _requote_keys(tree: CommentedMap) -> None:
    """Keys are names: quoted only where YAML 1.2 needs it (a field called `on` stays plain)."""
    for key in list(tree):
        if not isinstance(key, str):
            continue
        new = quoted(key, resolvers=_RESOLVERS[1:])
        if type(new) is not type(key):
            comments = tree.ca.items.pop(key, None)
            value = tree.pop(key)
            tree[new] = value
            if comments is not None:
                tree.ca.items[new] = comments


def quoted(text: str, resolvers: tuple[VersionedResolver, ...] = _RESOLVERS) -> str:
    """`text` as the scalar type that makes the emitter write it canonically."""
    if isinstance(text, LiteralScalarString | FoldedScalarString):
        return text  # block scalars are the author's choice for long prose
    styled: str
    if any(not char.isprintable() for char in text):
        styled = DoubleQuotedScalarString(text)
        return styled
    if _NUMBERLIKE.match(text) or any(str(resolver.resolve(ScalarNode, text, (True, False))) != _STR
                                      for resolver in resolvers):
        styled = SingleQuotedScalarString(text)
        return styled
    return str(text)  # plain, unless the syntax needs quotes; the emitter decides


def _schema_comment_first(tree: CommentedMap) -> None:
    top = tree.ca.comment[1] if tree.ca.comment and len(tree.ca.comment) > 1 else None
    if not top:
        return
    schema = [token for token in top if token.value.lstrip().startswith(SCHEMA_COMMENT)]
    if schema and top[0] is not schema[0]:
        top.remove(schema[0])
        top.insert(0, schema[0])


def canonical_text(relpath: str, text: str) -> str:
    """`text` in the canonical layout. Raises InputError when it does not parse safely (nothing to rewrite),
    and SmsError if the layout would change what the file says (a bug: the file is left alone)."""
    before = parse(relpath, text).data  # the safe loader first: anchors, tags, duplicates are refused here
    tree = load_text(relpath, text)
    if not isinstance(tree, CommentedMap):
        return text
    _schema_comment_first(tree)
    arrange(tree, model_for(relpath, before))
    result = dump(tree)
    try:
        after = parse(relpath, result).data
    except InputError as exc:
        raise SmsError(f"{relpath}: formatting would break the file ({exc}); left as it was — please report "
                       "this") from exc
    if after != before:
        raise SmsError(f"{relpath}: formatting would change its data; left as it was — please report this")
    return result
