"""Export the models as JSON Schemas (draft 2020-12), one file per kind plus sms.yaml's.

The committed files under schemas/ are what editors and check-jsonschema use; a test fails when they
drift from the models, and `sms schema export` rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sms.analysis.evidence import schema_conditions
from sms.models import KINDS
from sms.models.docstrings import documented
from sms.store.config import Config

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_id(name: str) -> str:
    # A URN, not a URL: the schemas are files in the repository, not served from a host we would have to own.
    return f"urn:sms:schema:v1:{name}"


def schema_for(name: str, model: type[BaseModel]) -> dict[str, Any]:
    documented()
    body = model.model_json_schema(by_alias=True, mode="validation")
    if name in KINDS and KINDS.spec(name).evidence:  # what each status requires, as `sms check` judges it
        body["allOf"] = schema_conditions(name)
    return {"$schema": DIALECT, "$id": schema_id(name), **body}


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, for every kind and for the configuration."""
    schemas = {f"{kind}.schema.json": schema_for(kind, model) for kind, model in sorted(KINDS.items())}
    schemas["config.schema.json"] = schema_for("config", Config)
    return schemas


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def drift(directory: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    stale = []
    for name, schema in all_schemas().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(schema):
            stale.append(name)
    return stale
