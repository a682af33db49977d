"""A small SMS whose SLA figures were worked out by hand: shared by the sms.metrics unit tests and the
`sms sla` acceptance tests.

The kinds fixture (one valid record of every kind) plus sms.yaml calendars and SLA-0001 rewritten with
six targets, and seven incidents on SVC-0001 chosen for the cases the issue names. Calendar `office`:
Europe/Berlin, Mon-Fri 09:00-17:00, Monday 2026-11-02 an explicit holiday, Saxony's public holidays
(Wednesday 2026-11-18, Buß- und Bettag). Berlin leaves summer time on Sunday 2026-10-25 at 03:00 CEST.

- INC-0101, P2, over a weekend: reported Fri 10-09 16:50 CEST, assigned Mon 09:15: response 10 + 15 = 25
  min; resolved Mon 10:30: 10 + 90 = 100 min.
- INC-0102, P3, on hold across the month end and a holiday: reported Fri 10-30 14:00 CET, resolved Tue
  11-03 15:00: Fri 180 + Mon 0 + Tue 360 = 540, less on hold Fri 16:00 to Tue 11:00 (60 + 120) = 360 min.
- INC-0103, P2, reopened: reported Wed 10-14 09:00 CEST, assigned 09:40: response 40 min (a breach of
  30); resolved 11:00, reopened Thu 09:00, resolved 13:00: 480 + 240 = 720 min.
- INC-0104, P2, open at the period end: reported Fri 10-30 16:30 CET, response 10 min; still in progress,
  to the end of 11-30: 30 + 4x480 + 5x480 + 4x480 (11-18 off) + 5x480 + 480 = 9150 min.
- INC-0105, P2, reported in September: Wed 09-30 16:00 CEST, response 5 min; resolved Thu 10-01 10:00:
  60 + 60 = 120 min; outage 09-30 23:00 to 10-01 00:30 CEST: 60 min in September, 30 in October.
- INC-0106, P1, the DST change: reported Sun 10-25 01:35 CEST, resolved 03:40 CET: 185 min on 24x7 (the
  wall clock says 125); outages 01:30 CEST-03:30 CET and 03:00-03:45 CET overlap: 195 min; the partial
  one after them does not count.
- INC-0107, P2, on no service the SLA covers: never counted.
- REQ-0101: requested Thu 10-15 16:00 CEST, assigned 16:30 (response 30 min); on hold Fri 10:00 to Mon 09:30,
  fulfilled Mon 10-19 11:00: 60 + 480 + 120 = 660 less 420 + 30 on hold = 210 min.
- REQ-0102: cancelled; never counted.
- REQ-0103: requested Tue 10-27 09:00 CET, assigned 09:10 (10 min), fulfilled Thu 10-29 12:00: 480 + 480 + 180 =
  1140 min, over the one business day (480 min).

The response target without a priority counts incidents and requests alike: in October INC-0101 25, INC-0102
10, INC-0103 40, INC-0104 10, INC-0106 0 (a Sunday, on the office calendar), REQ-0101 30, REQ-0103 10.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import write_tree

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "kinds"

CONFIG = """\
# yaml-language-server: $schema=schemas/config.schema.json
apiVersion: sms/v1
kind: config
organisation:
  name: Kinds Fixture Ltd
calendars:
  office:
    timezone: Europe/Berlin
    working_hours: {mon: 09:00-17:00, tue: 09:00-17:00, wed: 09:00-17:00, thu: 09:00-17:00, fri: 09:00-17:00}
    holidays: [2026-11-02]
    country: DE
    subdivision: SN
  24x7:
    timezone: Europe/Berlin
rules:
  severity:
    SMS501: "off"
    SMS502: "off"
"""

SLA = """\
# yaml-language-server: $schema=../../schemas/sla.schema.json
apiVersion: sms/v1
kind: sla
id: SLA-0001
title: Gateway SLA for online merchants
owner: sms-manager
document:
  version: '1.0'
  status: approved
  author: a-author
  approver: sms-manager
  approved_by: b-approver
  approved_on: 2026-06-01
  next_review: 2027-06-01
customer: Online merchants
targets:
  - metric: availability
    description: The gateway answers authorisation requests.
    target: 99.9
    unit: percent
    comparison: at_least
    period: monthly
    calendar: 24x7
  - metric: response_time
    description: P2 incidents are picked up within 30 office minutes.
    target: 30
    unit: minutes
    comparison: at_most
    period: per_event
    priority: P2
  - metric: resolution_time
    description: 30 % of P2 incidents are resolved within eight office hours.
    target: 8
    unit: hours
    comparison: at_most
    period: per_event
    priority: P2
    attainment: 30
  - metric: resolution_time
    description: P3 incidents are resolved within two business days.
    target: 2
    unit: business_days
    comparison: at_most
    period: per_event
    priority: P3
  - metric: resolution_time
    description: P1 incidents are resolved within three hours, day and night.
    target: 3
    unit: hours
    comparison: at_most
    period: per_event
    priority: P1
    calendar: 24x7
  - metric: latency
    description: Authorisations answer within 300 milliseconds at the 95th percentile.
    target: 300
    unit: milliseconds
    percentile: 95
    comparison: at_most
    period: monthly
  - metric: response_time
    description: Every ticket, incident or request, gets a first response within an office hour.
    target: 1
    unit: business_hours
    comparison: at_most
    period: per_event
  - metric: fulfilment_time
    description: Standard requests are fulfilled within one business day.
    target: 1
    unit: business_days
    comparison: at_most
    period: per_event
calendar: office
reporting: A monthly report to each merchant.
valid_from: 2026-01-01
valid_until: 2027-12-31
links:
  services: [SVC-0001]
  agreements: [AGR-0001]
  clauses: ['8.3.3']
"""


def incident(number: int, title: str, priority: str, steps: list[tuple[str, str]], *, resolved: str | None = None,
             outages: str = "", services: str = "[SVC-0001]") -> str:
    """An incident record: `steps` are (status, time); the first is when it was reported."""
    history = "".join(f"  - status: {status}\n    at: {at}\n    by: c-engineer\n" for status, at in steps)
    done = resolved is not None
    return (f"# yaml-language-server: $schema=../../schemas/incident.schema.json\napiVersion: sms/v1\n"
            f"kind: incident\nid: INC-{number:04d}\ntitle: {title}\nowner: sms-manager\nstatus: {steps[-1][0]}\n"
            f"history:\n{history}priority: {priority}\nreported_at: {steps[0][1]}\n"
            + (f"resolved_at: {resolved}\n" if done else "")
            + "description: Merchants saw failed authorisations.\nassignee: c-engineer\n"
            + ("resolution: Restarted the gateway.\n" if done else "") + outages
            + f"links:\n  services: {services}\n")


INCIDENTS = {
    101: incident(101, "Timeouts for one acquirer over the weekend", "P2", [
        ("new", "2026-10-09T16:50:00+02:00"), ("assigned", "2026-10-12T09:15:00+02:00"),
        ("in_progress", "2026-10-12T09:20:00+02:00"), ("resolved", "2026-10-12T10:30:00+02:00"),
        ("closed", "2026-10-13T09:00:00+02:00")], resolved="2026-10-12T10:30:00+02:00"),
    102: incident(102, "Refund API slow, waiting for the acquirer", "P3", [
        ("new", "2026-10-30T14:00:00+01:00"), ("assigned", "2026-10-30T14:10:00+01:00"),
        ("in_progress", "2026-10-30T14:30:00+01:00"), ("on_hold", "2026-10-30T16:00:00+01:00"),
        ("in_progress", "2026-11-03T11:00:00+01:00"), ("resolved", "2026-11-03T15:00:00+01:00")],
        resolved="2026-11-03T15:00:00+01:00"),
    103: incident(103, "Declines for one card scheme, reopened", "P2", [
        ("new", "2026-10-14T09:00:00+02:00"), ("assigned", "2026-10-14T09:40:00+02:00"),
        ("in_progress", "2026-10-14T09:45:00+02:00"), ("resolved", "2026-10-14T11:00:00+02:00"),
        ("in_progress", "2026-10-15T09:00:00+02:00"), ("resolved", "2026-10-15T13:00:00+02:00"),
        ("closed", "2026-10-16T09:00:00+02:00")], resolved="2026-10-15T13:00:00+02:00"),
    104: incident(104, "Settlement report missing fields", "P2", [
        ("new", "2026-10-30T16:30:00+01:00"), ("assigned", "2026-10-30T16:40:00+01:00"),
        ("in_progress", "2026-10-30T16:45:00+01:00")]),
    105: incident(105, "Gateway down at the month end", "P2", [
        ("new", "2026-09-30T16:00:00+02:00"), ("assigned", "2026-09-30T16:05:00+02:00"),
        ("in_progress", "2026-09-30T16:10:00+02:00"), ("resolved", "2026-10-01T10:00:00+02:00")],
        resolved="2026-10-01T10:00:00+02:00",
        outages="outages:\n  - service: SVC-0001\n    start: 2026-09-30T23:00:00+02:00\n"
                "    end: 2026-10-01T00:30:00+02:00\n"),
    106: incident(106, "Gateway down in the night the clocks went back", "P1", [
        ("new", "2026-10-25T01:35:00+02:00"), ("assigned", "2026-10-25T01:50:00+02:00"),
        ("in_progress", "2026-10-25T01:55:00+02:00"), ("resolved", "2026-10-25T03:40:00+01:00")],
        resolved="2026-10-25T03:40:00+01:00",
        outages="outages:\n"
                "  - {service: SVC-0001, start: 2026-10-25T01:30:00+02:00, end: 2026-10-25T03:30:00+01:00}\n"
                "  - {service: SVC-0001, start: 2026-10-25T03:00:00+01:00, end: 2026-10-25T03:45:00+01:00}\n"
                "  - {service: SVC-0001, start: 2026-10-25T03:45:00+01:00, end: 2026-10-25T04:30:00+01:00,"
                " partial: true}\n"),
    107: incident(107, "Office printer jammed", "P2", [
        ("new", "2026-10-20T10:00:00+02:00"), ("assigned", "2026-10-20T10:30:00+02:00"),
        ("in_progress", "2026-10-20T10:35:00+02:00"), ("resolved", "2026-10-20T11:00:00+02:00")],
        resolved="2026-10-20T11:00:00+02:00", services="[]"),
}


def request(number: int, title: str, steps: list[tuple[str, str]]) -> str:
    """A request record: `steps` are (status, time); the first is when it was requested."""
    history = "".join(f"  - status: {status}\n    at: {at}\n    by: c-engineer\n" for status, at in steps)
    fulfilled = next((at for status, at in steps if status == "fulfilled"), None)
    return (f"# yaml-language-server: $schema=../../schemas/request.schema.json\napiVersion: sms/v1\n"
            f"kind: request\nid: REQ-{number:04d}\ntitle: {title}\nowner: sms-manager\nstatus: {steps[-1][0]}\n"
            f"history:\n{history}requester: Finance reporting team\nassignee: c-engineer\n"
            f"requested_at: {steps[0][1]}\n"
            + (f"fulfilled_at: {fulfilled}\nfulfilment: Done as asked.\n" if fulfilled else "")
            + "description: A standard request from the catalogue.\nlinks:\n  services: [SVC-0001]\n")


REQUESTS = {
    101: request(101, "New API key for a merchant", [
        ("new", "2026-10-15T16:00:00+02:00"), ("assigned", "2026-10-15T16:30:00+02:00"),
        ("in_progress", "2026-10-16T09:00:00+02:00"), ("on_hold", "2026-10-16T10:00:00+02:00"),
        ("in_progress", "2026-10-19T09:30:00+02:00"), ("fulfilled", "2026-10-19T11:00:00+02:00")]),
    102: request(102, "Report export withdrawn by the merchant", [
        ("new", "2026-10-20T09:00:00+02:00"), ("cancelled", "2026-10-20T09:05:00+02:00")]),
    103: request(103, "Refund limit raised for a merchant", [
        ("new", "2026-10-27T09:00:00+01:00"), ("assigned", "2026-10-27T09:10:00+01:00"),
        ("in_progress", "2026-10-27T09:20:00+01:00"), ("fulfilled", "2026-10-29T12:00:00+01:00")]),
}


def sla_sms(root: Path) -> Path:
    """Write the SMS described above at `root` (which must not exist yet)."""
    shutil.copytree(FIXTURE, root)
    files = {"sms.yaml": CONFIG, "records/slas/SLA-0001.yaml": SLA}
    files.update({f"records/incidents/INC-{number:04d}.yaml": text for number, text in INCIDENTS.items()})
    files.update({f"records/requests/REQ-{number:04d}.yaml": text for number, text in REQUESTS.items()})
    return write_tree(root, files)
