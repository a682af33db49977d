"""Reference pages generated from the code, never written twice: a page per kind (every field with its type,
whether it is required, its description and allowed values; the lifecycle and the evidence each status
requires) and the sms.yaml reference, both read from the same JSON Schemas `sms schema export` writes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sms.analysis.lifecycles import lifecycle
from sms.commands.schema_export import schema_for
from sms.models import KINDS
from sms.site.pages.chrome import front
from sms.site.pages.html import Cell, html_block, table
from sms.site.pages.kinds import KIND_NAMES
from sms.site.pages.nav import register_path
from sms.site.pages.paths import CONFIG_REFERENCE, REFERENCE, RULES
from sms.site.pages.site import Site
from sms.site.safe_html import text
from sms.store.config import Config


def kind_reference_path(kind: str) -> str:
    return f"reference/{KIND_NAMES[kind][2]}.md"


# --- reading a JSON Schema -------------------------------------------------------------------------------

def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return dict(schema["$defs"][ref.removeprefix("#/$defs/")])
    return node


def _variants(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a field (`X | None` is anyOf [X, null]), each resolved."""
    node = _resolve(schema, node)
    options = node.get("anyOf") or node.get("oneOf")
    return [_resolve(schema, option) for option in options] if isinstance(options, list) else [node]


def _type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    names = []
    for option in _variants(schema, node):
        kind = option.get("type")
        if kind == "null":
            continue
        if kind == "array":
            names.append(f"list of {_type(schema, option.get('items', {}))}")
        elif kind == "object" and "properties" in option:
            names.append("mapping (fields below)")
        elif kind == "object":
            names.append(f"mapping of {_type(schema, option.get('additionalProperties', {}))}")
        elif "format" in option:
            names.append({"date": "date", "date-time": "timestamp with time zone"}.get(option["format"],
                                                                                     option["format"]))
        elif isinstance(kind, str):
            names.append({"string": "text", "integer": "whole number", "number": "number",
                          "boolean": "true/false"}.get(kind, kind))
        elif "enum" in option or "const" in option:
            names.append("one of the values")
    return " or ".join(dict.fromkeys(names)) or "any"


def _allowed(schema: dict[str, Any], node: dict[str, Any]) -> str:
    values: list[str] = []
    for option in _variants(schema, node):
        for candidate in (option, option.get("items", {})):
            candidate = _resolve(schema, candidate) if isinstance(candidate, dict) else {}
            values += [str(value) for value in candidate.get("enum", [])]
            if "const" in candidate:
                values.append(str(candidate["const"]))
    return ", ".join(dict.fromkeys(values))


def fields(schema: dict[str, Any], node: dict[str, Any] | None = None, prefix: str = "") -> Iterator[list[str]]:
    """[field, type, required, description, allowed values] for every field, nested ones as dotted names."""
    node = schema if node is None else node
    required = set(node.get("required", []))
    for name, sub in node.get("properties", {}).items():
        dotted = f"{prefix}{name}"
        yield [dotted, _type(schema, sub), "yes" if name in required else "", str(sub.get("description", "")),
               _allowed(schema, sub)]
        for option in _variants(schema, sub):
            inner = _resolve(schema, option.get("items", {})) if option.get("type") == "array" else option
            if inner.get("type") == "object" and "properties" in inner:
                yield from fields(schema, inner, f"{dotted}{'[]' if option.get('type') == 'array' else ''}.")


def _field_table(rows: Sequence[Sequence[str]]) -> str:
    cells: list[Sequence[Cell]] = [[f"<code>{text(name)}</code>", text(kind), text(required), text(description),
                                    _codes(allowed.split(", ") if allowed else [])]
                                   for name, kind, required, description, allowed in rows]
    return table(["Field", "Type", "Required", "Description", "Allowed values"], cells, sortable=False)


def _codes(values: Sequence[object]) -> str:
    """Values as they are written in YAML: each in code, so a reader knows to type it exactly."""
    return ", ".join(f"<code>{text(value)}</code>" for value in values)


# --- the pages -------------------------------------------------------------------------------------------

def _lifecycle_html(site: Site, kind: str) -> str:
    spec = KINDS.spec(kind)
    if spec.lifecycle is None:
        return ""
    cycle = lifecycle(site.repo.config, kind)
    rows: list[Sequence[Cell]] = [[f"<code>{text(status)}</code>",
                                   _codes(cycle.transitions.get(status, ())) or
                                   ("final" if status in spec.final else "—")]
                                  for status in cycle.statuses()]
    extras = "".join(f"<p>Type <code>{text(name)}</code> adds: " + "; ".join(
        f"<code>{text(before)}</code> → {_codes(after)}" for before, after in added.items()) + "</p>"
        for name, added in spec.lifecycle_extras.items())
    evidence: list[Sequence[Cell]] = [[f"<code>{text(item.status)}</code>",
                                       (" or " if item.any_of else ", ").join(f"<code>{text(name)}</code>"
                                                                              for name in item.fields),
                                       text(item.what),
                                       "; ".join(f"<code>{text(key)}</code>: {_codes(values)}"
                                                 for key, values in item.when.items())]
                                      for item in spec.evidence]
    html = ("<h2 id=\"lifecycle\">Lifecycle</h2>\n<p>The statuses in this SMS (sms.yaml may replace the default) "
            "and the statuses each may move to; <code>sms transition</code> takes one step.</p>\n"
            + table(["Status", "May move to"], rows, sortable=False) + extras)
    if evidence:
        html += ("<h2 id=\"evidence\">Evidence each status requires</h2>\n<p>From the status on, the record "
                 "carries these fields (rule SMS115).</p>\n"
                 + table(["From status", "Fields", "What", "Only when"], evidence, sortable=False))
    return html


def kind_reference_page(site: Site, kind: str) -> str:
    spec = KINDS.spec(kind)
    here = kind_reference_path(kind)
    schema = schema_for(kind, spec.model)
    where = f"records/{spec.folder}/" if spec.folder else "policies/ (any folder)"
    ids = f"{site.repo.config.prefix(kind)}-NNNN" if spec.prefix else "a lowercase slug such as change-manager"
    intro = (f"<p>{text(spec.model.__doc__ or '')}</p>\n<p>Files live in <code>{text(where)}</code>, one YAML file "
             f"per record named after its id ({text(ids)}); the schema is <code>schemas/{text(kind)}.schema.json"
             f"</code>. The register: {site.link(here, register_path(kind), text(spec.plural))}.</p>")
    body = [f"<h1>{text(spec.singular)}</h1>", html_block(intro + "\n<h2 id=\"fields\">Fields</h2>\n"
                                                          + _field_table(list(fields(schema)))
                                                          + _lifecycle_html(site, kind))]
    return front(f"{spec.singular} reference", "\n".join(body), wide=True)


def config_reference_page(site: Site) -> str:
    schema = schema_for("config", Config)
    intro = ("<p>Every setting of <code>sms.yaml</code>, the file at the root of the SMS repository; the schema is "
             "<code>schemas/config.schema.json</code>. Settings that judge pull requests (<code>rules</code>, "
             "<code>limits</code>, <code>lifecycles</code>) are taken from the pull request's base until an "
             "approved change names the file (rule SMS905).</p>")
    return front("sms.yaml reference", "<h1>sms.yaml reference</h1>\n" + html_block(
        intro + "\n" + _field_table(list(fields(schema)))), wide=True)


def reference_index(site: Site) -> str:
    here = REFERENCE
    rows: list[Sequence[Cell]] = [[site.link(here, kind_reference_path(kind), text(KINDS.spec(kind).singular)),
                                   text(KINDS.spec(kind).folder or "policies"),
                                   text((KINDS.spec(kind).model.__doc__ or "").strip().splitlines()[0])]
                                  for kind in KIND_NAMES]
    body = ("<p>What each kind of record holds, generated from the models that check it. See also the "
            f"{site.link(here, CONFIG_REFERENCE, 'sms.yaml reference')} and the "
            f"{site.link(here, RULES, 'rule reference')}.</p>\n"
            + table(["Kind", "Folder", "What it is"], rows, sortable=False))
    return front("Reference", "<h1>Reference</h1>\n" + html_block(body))


def reference_pages(site: Site) -> dict[str, str]:
    pages = {REFERENCE: reference_index(site), CONFIG_REFERENCE: config_reference_page(site)}
    for kind in KIND_NAMES:
        pages[kind_reference_path(kind)] = kind_reference_page(site, kind)
    return pages
