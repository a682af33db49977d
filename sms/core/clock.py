"""What day and time it is for sms: the one place that reads the system clock.

SMS_TODAY=YYYY-MM-DD in the environment fixes the day (and "now" to noon of that day), so tests and demos of
a date-dependent result can run a real `sms` process as at any day. It is meant for testing; a command's own
option (`--today`, `--at`) always wins over it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, tzinfo

from sms.core.errors import UsageError

ENVIRONMENT = "SMS_TODAY"


def _fixed_day() -> date | None:
    value = os.environ.get(ENVIRONMENT, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{ENVIRONMENT}='{value}' is not a date", hint=f"use YYYY-MM-DD or unset {ENVIRONMENT}") \
            from exc


def today() -> date:
    """Today's date (the system's, unless SMS_TODAY fixes it)."""
    return _fixed_day() or date.today()


def now(zone: tzinfo = UTC) -> datetime:
    """The current time in `zone`, to the second (noon of SMS_TODAY when that is set)."""
    fixed = _fixed_day()
    if fixed is not None:
        return datetime.combine(fixed, time(12), zone)
    return datetime.now(zone).replace(microsecond=0)
