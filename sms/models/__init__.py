"""Every kind of record sms knows, by name."""

from __future__ import annotations

from sms.models.change import Change, Release
from sms.models.common import API_VERSION, Record
from sms.models.governance import Context, Objective, Person, Plan, Policy, Process, Role, Scope
from sms.models.improvement import Audit, Improvement, ManagementReview, Nonconformity
from sms.models.operations import ContinuityTest, Incident, KnownError, Problem, Request
from sms.models.risk import Risk
from sms.models.service import Agreement, Ci, Kpi, Service, Sla

MODELS: tuple[type[Record], ...] = (
    Context, Scope, Policy, Objective, Role, Person, Process, Plan,
    Service, Sla, Agreement, Ci, Kpi,
    Risk,
    Change, Release,
    Incident, Request, Problem, KnownError, ContinuityTest,
    Audit, ManagementReview, Nonconformity, Improvement,
)

KINDS: dict[str, type[Record]] = {model.KIND: model for model in MODELS}

#: Kinds whose records live under policies/ (in any subfolder); all others live in records/<FOLDER>/.
POLICY_KINDS = frozenset(kind for kind, model in KINDS.items() if not model.FOLDER)

#: Kinds identified by slugs rather than PREFIX-NNNN ids.
SLUG_KINDS = frozenset(kind for kind, model in KINDS.items() if not model.PREFIX)

#: Controlled documents: they carry a `document` block.
CONTROLLED = frozenset(kind for kind, model in KINDS.items() if "document" in model.model_fields)

#: Lifecycle records: they carry `status` and `history`.
LIFECYCLE = frozenset(kind for kind, model in KINDS.items() if "history" in model.model_fields)

__all__ = ["API_VERSION", "CONTROLLED", "KINDS", "LIFECYCLE", "MODELS", "POLICY_KINDS", "SLUG_KINDS", "Record"]
