"""Adding a kind means writing its model and one entry in the kinds table: a throw-away kind added here
reaches `sms check`, schema export and `sms new` without touching anything else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Literal

import pytest
from pydantic import Field

from sms.commands.schema_export import all_schemas
from sms.models import KINDS, LIFECYCLE, POLICY_KINDS, Column, Kind
from sms.models.common import HistoryEntry, Record, Text, kind_field
from tests.conftest import SmsRunner, write_tree


class Vendor(Record):
    """A supplier the organisation depends on (a kind that exists only in this test)."""

    KIND: ClassVar[str] = "vendor"
    PREFIX: ClassVar[str] = "VEN"
    FOLDER: ClassVar[str] = "vendors"
    kind: Literal["vendor"] = kind_field()
    status: Literal["candidate", "approved", "retired"]
    """Where the vendor stands."""
    history: list[HistoryEntry] = Field(min_length=1)
    """Every status transition, oldest first."""
    contact: Text
    """Who to call."""


VENDOR = Kind(Vendor, "Vendor", "Vendors", "vendors", "Services", (Column("Status", "status"),),
              lifecycle={"candidate": ("approved",), "approved": ("retired",)}, final=frozenset({"retired"}),
              finished=frozenset({"retired"}), template='contact: "TODO: who to call"\n')

RECORD = """\
# yaml-language-server: $schema=../../schemas/vendor.schema.json
apiVersion: sms/v1
kind: vendor
id: VEN-0001
title: Nordic Card Processing AB
owner: sms-manager
status: candidate
history:
  - status: candidate
    at: 2026-11-02T09:00:00Z
    by: a-author
contact: vendor-desk@example.org
"""


@pytest.fixture
def vendor_kind() -> Iterator[Kind]:
    with KINDS.added(VENDOR) as kind:
        yield kind


def test_the_table_and_its_sets_follow_a_new_kind(vendor_kind: Kind) -> None:
    assert KINDS["vendor"] is Vendor
    assert "vendor" in LIFECYCLE and "vendor" not in POLICY_KINDS
    assert "vendor.schema.json" in all_schemas()


def test_check_validates_the_new_kind(vendor_kind: Kind, base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/vendors/VEN-0001.yaml": RECORD})
    clean = sms("check", "--format", "json", "--base", "none", str(base_sms))
    assert clean.code == 0, clean.out
    assert clean.json()["findings"] == []
    write_tree(base_sms, {"records/vendors/VEN-0001.yaml": RECORD.replace("status: candidate\nhistory",
                                                                          "status: prospect\nhistory")})
    broken = sms("check", "--format", "json", "--base", "none", str(base_sms)).json()["findings"]
    assert [(f["rule"], f["path"], f["line"]) for f in broken] == [("SMS012", "records/vendors/VEN-0001.yaml", 7)]


def test_sms_new_makes_the_new_kind(vendor_kind: Kind, base_sms: Path, sms: SmsRunner) -> None:
    run = sms("new", "vendor", "-t", "Nordic Card Processing AB", "--by", "a-author", "--root", str(base_sms))
    assert run.code == 0, run.err
    text = (base_sms / "records/vendors/VEN-0001.yaml").read_text()
    assert "status: candidate\n" in text and "contact: 'TODO: who to call'" in text
    findings = sms("check", "--format", "json", "--base", "none", str(base_sms)).json()["findings"]
    assert {f["rule"] for f in findings} == {"SMS114"}


def test_without_the_kind_its_records_are_unknown(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/vendors/VEN-0001.yaml": RECORD})
    findings = sms("check", "--format", "json", "--base", "none", str(base_sms)).json()["findings"]
    assert [f["rule"] for f in findings] == ["SMS011"]
