"""Measures of the service computed from the records: pure functions of a loaded Repository, a Period and
`today`; no I/O.

- calendars: working-time arithmetic over sms.yaml's business calendars (`calendars(config)` → by name).
- periods: `parse_period("2026-Q4")`, `last_closed_month(today)`, `Period.bounds(calendar)`.
- clocks: an incident's or request's response and resolution clocks (`ticket`, `response`, `resolution`).
- availability: outages recorded by incidents, clipped, merged and measured in working time.
- sla: `attainment(repo, period, today, sla_id=None)` → an `SlaResult` per SLA, a `TargetResult` per target.
"""
