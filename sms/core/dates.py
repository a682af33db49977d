"""Date arithmetic shared by rules and pages."""

from __future__ import annotations

from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day `months` later (clamped to the 28th so it always exists)."""
    year, month = divmod(start.month - 1 + months, 12)
    return start.replace(year=start.year + year, month=month + 1, day=min(start.day, 28))
