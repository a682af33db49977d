"""Every kind of record sms knows, by name: the models and the one table of kinds (sms.models.table)."""

from __future__ import annotations

from sms.models.common import API_VERSION, Record
from sms.models.kinds import Column, Kind, KindSet, KindTable
from sms.models.table import TABLE

KINDS = KindTable(TABLE)

#: Kinds whose records live under policies/ (in any subfolder); all others live in records/<FOLDER>/.
POLICY_KINDS = KindSet(KINDS, lambda kind: not kind.folder)

#: Kinds identified by slugs rather than PREFIX-NNNN ids.
SLUG_KINDS = KindSet(KINDS, lambda kind: not kind.prefix)

#: Controlled documents: they carry a `document` block.
CONTROLLED = KindSet(KINDS, lambda kind: "document" in kind.model.model_fields)

#: Lifecycle records: they carry `status` and `history`.
LIFECYCLE = KindSet(KINDS, lambda kind: "history" in kind.model.model_fields)

__all__ = ["API_VERSION", "CONTROLLED", "KINDS", "LIFECYCLE", "POLICY_KINDS", "SLUG_KINDS", "Column", "Kind",
           "KindSet", "KindTable", "Record"]
