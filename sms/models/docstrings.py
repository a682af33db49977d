"""Field descriptions from the docstring written under each field, attached when something first reads them.

pydantic's own `use_attribute_docstrings` finds each class's source through the calling frames and tokenizes
it at import: a third of what importing the models costs, paid by every `sms check` although only the JSON
Schemas, `sms new`'s placeholders and the hint for a missing field read a description. Those callers ask
`documented()` first; it parses each model module once and gives every field the docstring under it, by
pydantic's rule: a bare string right after an annotated assignment, and an explicit `description=` wins.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import sys
import threading

from pydantic import BaseModel

_LOCK = threading.Lock()
_created: list[type[BaseModel]] = []
_described = 0  # how many of _created have their descriptions


def register(model: type[BaseModel]) -> None:
    """Remember a model class in the order classes were made (a class can only nest those made before it)."""
    _created.append(model)


def documented() -> None:
    """Give every model field its docstring as description (each model once); models already built are built
    again so that their JSON Schemas carry the descriptions."""
    global _described
    if _described == len(_created):
        return
    with _LOCK:
        fresh = _created[_described:]
        modules: dict[str, dict[str, dict[str, str]]] = {}
        for model in fresh:
            _describe(model, modules)
        for model in fresh:  # creation order: a nested model is rebuilt before the models holding it
            if model.__pydantic_complete__:
                model.model_rebuild(force=True, _types_namespace={})
        _described += len(fresh)


def _describe(model: type[BaseModel], modules: dict[str, dict[str, dict[str, str]]]) -> None:
    for name, info in model.model_fields.items():
        if info.description is not None:
            continue
        owner = next((cls for cls in model.__mro__ if name in inspect.get_annotations(cls)), None)
        if owner is None:
            continue
        if owner.__module__ not in modules:
            modules[owner.__module__] = _module_docstrings(owner.__module__)
        doc = modules[owner.__module__].get(owner.__qualname__, {}).get(name)
        if doc is not None:
            info.description = doc


def _module_docstrings(module_name: str) -> dict[str, dict[str, str]]:
    """Class qualified name → {field: docstring} for every class in a module's source ({} without source)."""
    module = sys.modules.get(module_name)
    try:
        tree = ast.parse(inspect.getsource(module)) if module is not None else None
    except (OSError, TypeError, SyntaxError):
        tree = None
    found: dict[str, dict[str, str]] = {}
    if tree is not None:
        _collect(tree.body, "", found)
    return found


def _collect(body: list[ast.stmt], prefix: str, found: dict[str, dict[str, str]]) -> None:
    for node in body:
        if isinstance(node, ast.ClassDef):
            qualname = prefix + node.name
            found[qualname] = _attribute_docstrings(node.body)
            _collect(node.body, qualname + ".", found)


def _attribute_docstrings(body: list[ast.stmt]) -> dict[str, str]:
    docs = {}
    for before, after in itertools.pairwise(body):
        if (isinstance(before, ast.AnnAssign) and isinstance(before.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[before.target.id] = inspect.cleandoc(after.value.value)
    return docs
