"""`sms import csv KIND FILE`: a spreadsheet register becomes records — every bad cell named by its CSV line and
column in a dry run, and with --write, records that `sms check` and `sms fmt --check` accept, or nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import SmsRunner

HEADER = ["Risk", "Description", "Category", "Likelihood", "Impact", "Status", "Review on", "Controls",
          "Treatment option", "Treatment plan", "Treatment owner", "Treatment due", "Residual likelihood",
          "Residual impact"]
CATEGORIES = ["service", "information_security", "supplier", "continuity", "capacity", "compliance", "people"]
MULTILINE = 17  # this row's description spans two lines, so every later row starts a line further down
# row number → (column, bad cell) for the few bad rows of the register
BAD = {23: [("Likelihood", "7")], 57: [("Category", "weather")], 88: [("Review on", "2027-02-30")],
       120: [("Impact", "high"), ("Risk", "")], 150: [("Treatment owner", "nobody")], 199: [("Status", "closedd")]}


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([HEADER, *rows])
    return out.getvalue()


def risk_row(number: int) -> list[str]:
    """A valid risk: treated with a residual score, so every score band passes `sms check`."""
    description = f"Cause {number}, event and consequence" + ("\nover two lines" if number == MULTILINE else "")
    return [f"Risk {number}: a \"quoted\" title, with a comma", description, CATEGORIES[number % len(CATEGORIES)],
            str(1 + number % 5), str(1 + (number * 3) % 5), "treated", "2027-06-30", "Control A; Control B",
            "mitigate", f"Plan {number}", "sms-manager", "2027-03-31", "1", "1"]


def register(count: int, bad: dict[int, list[tuple[str, str]]]) -> str:
    rows = []
    for number in range(1, count + 1):
        row = risk_row(number)
        for column, cell in bad.get(number, []):
            row[HEADER.index(column)] = cell
        rows.append(row)
    return csv_text(rows)


def line_of(number: int) -> int:
    """The CSV line a row starts on: the header is line 1."""
    return number + 1 + (1 if number > MULTILINE else 0)


def test_a_200_row_register_reports_exactly_its_bad_cells(base_sms: Path, tmp_path: Path, sms: SmsRunner) -> None:
    path = tmp_path / "register.csv"
    path.write_text(register(200, BAD), encoding="utf-8-sig")  # with the BOM Excel writes

    for extra in ((), ("--write",)):
        run = sms("import", "csv", "risk", str(path), "--map", "Risk=title", "--by", "a-author",
                  "--root", str(base_sms), *extra)
        assert run.code == 1
        found = [line.split(": ", 1)[0] for line in run.out.splitlines()]
        assert found == [f"{path}:{line_of(number)}:{column}" for number, cells in sorted(BAD.items())
                         for column, _cell in sorted(cells, key=lambda cell: HEADER.index(cell[0]))]
        assert run.err == "200 row(s) read: 6 with errors; nothing written\n"
        assert not (base_sms / "records/risks").exists()
    messages = dict(line.split(": ", 1) for line in run.out.splitlines())
    assert messages[f"{path}:{line_of(23)}:Likelihood"] == "Input should be less than or equal to 5 (got '7')"
    assert messages[f"{path}:{line_of(150)}:Treatment owner"] == "no role 'nobody' in this SMS"
    assert messages[f"{path}:{line_of(199)}:Status"] == "'closedd' cannot be reached from 'identified' in the risk " \
                                                         "lifecycle"
    assert messages[f"{path}:{line_of(120)}:Risk"] == "required, but the cell is empty"


def test_write_creates_records_that_pass_check_and_fmt(base_sms: Path, tmp_path: Path, sms: SmsRunner) -> None:
    path = tmp_path / "register.csv"
    path.write_text(register(5, {}), encoding="utf-8")
    assert sms("import", "csv", "risk", str(path), "--map", "Risk=title", "--by", "a-author",
               "--root", str(base_sms)).code == 0
    assert not (base_sms / "records/risks").exists()  # a dry run writes nothing

    run = sms("import", "csv", "risk", str(path), "--map", "Risk=title", "--by", "a-author", "--write",
              "--root", str(base_sms))

    assert run.code == 0, run.out + run.err
    assert run.out == "".join(f"created records/risks/RSK-000{n}.yaml\n" for n in range(1, 6))
    check = sms("check", "--strict", "--base", "none", str(base_sms))
    assert check.code == 0, check.out
    assert sms("fmt", "--check", str(base_sms / "records/risks"), "--root", str(base_sms)).code == 0
    text = (base_sms / "records/risks/RSK-0001.yaml").read_text()
    assert "title: 'Risk 1: a \"quoted\" title, with a comma'\n" in text
    assert "  - status: identified\n" in text and "    note: Imported from register.csv, line 2.\n" in text
    assert "controls:\n  - Control A\n  - Control B\n" in text
    assert "treatment:\n  option: mitigate\n  plan: Plan 1\n  owner: sms-manager\n  due: 2027-03-31\n" in text


def test_people_come_in_with_their_own_ids(base_sms: Path, tmp_path: Path, sms: SmsRunner) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,Title,Email,Team\nj-doe,Jane Doe,jane@example.org,Ops\na-author,Ada Again,,\n")
    run = sms("import", "csv", "person", str(path), "--write", "--root", str(base_sms))
    assert (run.code, run.out) == (1, f"{path}:3:id: id 'a-author' is taken already\n")
    path.write_text("id,Title,Email,Team\nj-doe,Jane Doe,jane@example.org,Ops\n")
    assert sms("import", "csv", "person", str(path), "--write", "--root", str(base_sms)).code == 0
    assert sms("check", "--strict", "--base", "none", str(base_sms)).code == 0


def test_columns_that_fill_no_field_are_named_on_the_header_line(base_sms: Path, tmp_path: Path,
                                                                 sms: SmsRunner) -> None:
    path = tmp_path / "register.csv"
    path.write_text(register(3, {}))
    run = sms("import", "csv", "risk", str(path), "--by", "a-author", "--root", str(base_sms))
    assert (run.code, run.err) == (
        1, "the header needs fixing first (line 1); no row was checked and nothing written\n")
    assert run.out == (f"{path}:1:Risk: no field 'risk' in a risk; name one with --map 'Risk=FIELD' or skip the "
                       "column with --map 'Risk='\n"
                       f"{path}:1:title: required, but no column gives it; add one or --map COLUMN=title\n")


def test_other_encodings_get_a_clear_error(base_sms: Path, tmp_path: Path, sms: SmsRunner) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes("Risk,Description\nCaf\u00e9 outage,x\n".encode("cp1252"))
    run = sms("import", "csv", "risk", str(path), "--root", str(base_sms))
    assert run.code == 2
    assert run.err.startswith(f"sms: error: {path}:2:1: not UTF-8 (byte 0xe9)")
    assert "hint: save the spreadsheet as 'CSV UTF-8'" in run.err
    path.write_bytes("Risk,Description\n".encode("utf-16"))
    run = sms("import", "csv", "risk", str(path), "--root", str(base_sms))
    assert (run.code, run.err.splitlines()[0]) == (2, f"sms: error: {path}:1:1: the file is UTF-16, not UTF-8")


def test_cells_are_untrusted_when_printed(base_sms: Path, tmp_path: Path, sms: SmsRunner) -> None:
    path = tmp_path / "register.csv"
    path.write_text(register(1, {1: [("Likelihood", "9\x1b]0;owned\x07\u202e")]}))
    run = sms("import", "csv", "risk", str(path), "--map", "Risk=title", "--by", "a-author", "--root", str(base_sms))
    assert run.code == 1
    assert "\x1b" not in run.out and "\u202e" not in run.out
    assert "(got '9\\x1b]0;owned\\x07\\u202e')" in run.out


def test_configuration_items_keep_versions_as_text(base_sms: Path, tmp_path: Path, sms: SmsRunner) -> None:
    path = tmp_path / "cmdb.csv"
    path.write_text("Name,Type,Status,Environment,Description,Version\n"
                    "Tracking DB,database,active,production,PostgreSQL for parcel tracking,1.0\n"
                    "Edge LB,network,on,production,Load balancers,2.10\n")
    run = sms("import", "csv", "ci", str(path), "--map", "Name=title", "--write", "--root", str(base_sms))
    assert (run.code, run.out) == (1, f"{path}:3:Status: Input should be 'planned', 'active' or 'retired' "
                                      "(got 'on')\n")
    path.write_text(path.read_text().replace(",on,", ",planned,"))
    run = sms("import", "csv", "ci", str(path), "--map", "Name=title", "--write", "--root", str(base_sms))
    assert run.out == "created records/cis/CI-0001.yaml\ncreated records/cis/CI-0002.yaml\n"
    assert "\nversion: '1.0'\n" in (base_sms / "records/cis/CI-0001.yaml").read_text()
    assert "\nversion: '2.10'\n" in (base_sms / "records/cis/CI-0002.yaml").read_text()
    assert sms("check", "--strict", "--base", "none", str(base_sms)).code == 0
