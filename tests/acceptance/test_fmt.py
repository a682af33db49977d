"""`sms fmt [--check] [PATHS]`: the canonical layout on real files — what it lists, what it rewrites, what it
refuses to touch, and the exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO_ROOT, SmsRunner, write_tree

MESSY = """\
# yaml-language-server: $schema=../../schemas/person.schema.json
title: "Ada Author"   # as on her badge
kind: person
id: a-author
apiVersion: sms/v1
owner: sms-manager
"""
TIDY = """\
# yaml-language-server: $schema=../../schemas/person.schema.json
apiVersion: sms/v1
kind: person
id: a-author
title: Ada Author     # as on her badge
owner: sms-manager
"""  # an end-of-line comment keeps its column


def test_the_example_sms_is_in_canonical_layout(sms: SmsRunner) -> None:
    run = sms("fmt", "--check", "--root", str(REPO_ROOT))
    assert (run.code, run.out) == (0, "")
    assert run.err.startswith("0 of ") and run.err.endswith(" file(s) would be reformatted\n")


def test_check_lists_the_files_and_writes_nothing(base_sms: Path, sms: SmsRunner) -> None:
    shutil.copy(base_sms / "sms.yaml", base_sms / "sms.yaml.orig")
    sms("fmt", "--root", str(base_sms))
    write_tree(base_sms, {"records/people/a-author.yaml": MESSY})
    before = {path: path.read_bytes() for path in base_sms.rglob("*") if path.is_file()}

    run = sms("fmt", "--check", "--root", str(base_sms))

    assert (run.code, run.out) == (1, "records/people/a-author.yaml\n")
    assert {path: path.read_bytes() for path in base_sms.rglob("*") if path.is_file()} == before


def test_fmt_rewrites_in_place_keeping_comments_and_twice_changes_nothing(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/people/a-author.yaml": MESSY})
    run = sms("fmt", str(base_sms / "records/people"), "--root", str(base_sms))
    assert (run.code, run.out) == (0, "formatted records/people/a-author.yaml\n")
    assert (base_sms / "records/people/a-author.yaml").read_text() == TIDY
    again = sms("fmt", "--check", str(base_sms / "records"), "--root", str(base_sms))
    assert (again.code, again.out) == (0, "")
    assert sms("check", "--base", "none", str(base_sms)).code == 0


def test_a_file_that_does_not_parse_is_reported_and_left_alone(base_sms: Path, sms: SmsRunner) -> None:
    broken = "apiVersion: sms/v1\nkind: person\nid: b-approver\ntitle: [unclosed\n"
    write_tree(base_sms, {"records/people/a-author.yaml": MESSY, "records/people/b-approver.yaml": broken})

    run = sms("fmt", "--root", str(base_sms))

    assert run.code == 2
    assert "formatted records/people/a-author.yaml\n" in run.out
    assert "sms: error: records/people/b-approver.yaml:5:1: YAML syntax error" in run.err
    assert "(not formatted)\n" in run.err
    assert (base_sms / "records/people/b-approver.yaml").read_text() == broken
    assert (base_sms / "records/people/a-author.yaml").read_text() == TIDY


def test_a_path_outside_the_sms_is_a_usage_error(base_sms: Path, tmp_path: Path, sms: SmsRunner) -> None:
    outside = write_tree(tmp_path / "elsewhere", {"x.yaml": "a: 1\n"})
    run = sms("fmt", str(outside / "x.yaml"), "--root", str(base_sms))
    assert run.code == 2
    assert "not inside the SMS" in run.err


def test_a_folder_means_its_record_files(base_sms: Path, sms: SmsRunner) -> None:
    """`sms fmt .` formats policies/, records/ and sms.yaml, never mkdocs.yml or workflows beside them."""
    mkdocs = ("site_name: x\nmarkdown_extensions:\n  - pymdownx.superfences:\n"
              "      custom_fences: [{format: !!python/name:a.b}]\n")
    write_tree(base_sms, {"records/people/a-author.yaml": MESSY, "mkdocs.yml": mkdocs, "docs/extra.yaml": "a:   1\n"})
    run = sms("fmt", str(base_sms), "--root", str(base_sms))
    assert run.code == 0, run.err
    assert "formatted records/people/a-author.yaml\n" in run.out and "mkdocs" not in run.out + run.err
    assert (base_sms / "mkdocs.yml").read_text() == mkdocs
    assert (base_sms / "docs/extra.yaml").read_text() == "a:   1\n"
