"""`orgarchive extract`: what a user sees, on the seed pages and on bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner, Result

from orgarchive.cli import cli
from orgarchive.domain import KEY_PATTERN
from orgarchive.files.read import read_document
from tests.conftest import SEEDS

LEADERSHIP = SEEDS / "004_c5f81af945d778a7.txt"  # "The following leadership offices ..."
SUMMARY = SEEDS / "002_c1b5d510c4418d2e.txt"  # lawyer-site summary with an advertisement


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["extract", *args])


def test_draft_to_stdout_loads_without_edits(tmp_path: Path) -> None:
    for page in sorted(SEEDS.glob("*.txt")):
        result = run(str(page), "--agency", "ICE", "--as-of", "2010-06-01")
        assert (result.exit_code, result.stderr) == (0, ""), page
        out = tmp_path / f"{page.stem}.yaml"
        out.write_text(result.stdout)
        snapshot = read_document(out)
        keys = [u.key for u in snapshot.units]  # type: ignore[union-attr]
        assert len(keys) == len(set(keys))
        assert all(re.match(KEY_PATTERN, k) for k in keys)


def test_output_file_source_and_dates(tmp_path: Path) -> None:
    out = tmp_path / "drafts" / "ice.yaml"
    out.parent.mkdir()
    result = run(str(LEADERSHIP), "--agency", "ICE", "--as-of", "2009-08-01", "--observed",
                 "2009-09-15", "--url", "http://www.ice.gov/about/leadership/", "-o", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    snapshot = read_document(out)
    assert snapshot.agency == "ICE"  # type: ignore[union-attr]
    assert str(snapshot.as_of) == "2009-08-01"  # type: ignore[union-attr]
    assert str(snapshot.observed) == "2009-09-15"  # type: ignore[union-attr]
    source = snapshot.source  # type: ignore[union-attr]
    assert source.url == "http://www.ice.gov/about/leadership/"
    assert source.title == "Leadership Offices"
    assert source.note == ("Machine draft by orgarchive extract from 004_c5f81af945d778a7.txt; "
                           "to be reviewed before loading.")
    assert list(tmp_path.joinpath("drafts").iterdir()) == [out]  # no temporary file left


def test_leadership_page_is_partial_with_parent_and_reviewer_comments() -> None:
    result = run(str(LEADERSHIP), "--agency", "ICE", "--as-of", "2009-08-01")
    text = result.stdout
    assert "\ncoverage: partial\n" in text
    assert "# coverage: partial, because the page lists only what is within one unit: " \
        "\"The following leadership offices are located within the Director's Office:\"" in text
    # The page's six offices, each under the Director's Office, which is flagged as text-only.
    assert text.count("    parent: directors-office\n") == 6
    assert "  # seen only in the text, as the parent of other units:" in text
    for acronym in ("OPA", "OCR", "OPLA", "OPR", "ODPP", "OSLTC"):
        assert f"    acronym: {acronym}\n" in text


def test_guessed_parent_and_furniture_on_lawyer_site_page() -> None:
    text = run(str(SUMMARY), "--agency", "ICE", "--as-of", "2010-12-01").stdout
    assert "  # parent guessed from the name: it begins with 'Homeland Security Investigations'\n" \
        "  - key: hsi-intel\n" in text
    for furniture in ("Lawyer", "How it Works", "How to Obtain", "Four Operational Divisions"):
        assert f"name: {furniture}" not in text


def test_compare_prints_precision_recall_misses_and_extras(tmp_path: Path) -> None:
    key = tmp_path / "reviewed.yaml"
    key.write_text("units:\n"
                   "  - {name: Office of Public Affairs, acronym: OPA}\n"
                   "  - {name: Office of Congressional Relations}\n"
                   "  - {name: Office of the Principal Legal Advisor, acronym: OPLA}\n"
                   "  - {name: Office of State and Local Coordination, acronym: OSLC}\n"
                   "  - {name: Office of Professional Responsibility, acronym: OPR,"
                   " parent: Director's Office}\n"
                   "  - {name: Director's Office}\n")
    result = run(str(LEADERSHIP), "--agency", "ICE", "--compare", str(key))
    assert result.exit_code == 0
    # Drafted: 6 offices, each under the Director's Office, and the Director's Office;
    # matched: OPA, OCR, OPLA, OPR, Director's Office. Without a parent in the key, a
    # unit is expected at the top level: OPR alone has the parent the draft gives.
    assert result.stdout == (
        "precision 0.71 (5 of 7 drafted units expected), recall 0.83 (5 of 6 expected units "
        "drafted), F1 0.77, parents right 0.40 (2 of 5 matched)\n"
        "missed (expected, not drafted):\n"
        "  - Office of State and Local Coordination (OSLC)\n"
        "extra (drafted, not expected):\n"
        "  - Office of Detention Policy and Planning (ODPP)\n"
        "  - Office of State, Local and Tribal Coordination (OSLTC)\n"
        "parent not as expected (drafted -> expected):\n"
        "  - Office of Public Affairs (OPA): Director's Office -> (top level)\n"
        "  - Office of Congressional Relations: Director's Office -> (top level)\n"
        "  - Office of the Principal Legal Advisor (OPLA): Director's Office -> (top level)\n"
    )
    as_json = json.loads(run(str(LEADERSHIP), "--agency", "ICE", "--compare", str(key),
                             "--format", "json").stdout)
    assert as_json["precision"] == round(5 / 7, 4)
    assert as_json["recall"] == round(5 / 6, 4)
    assert as_json["parents_right"] == 2
    assert as_json["misses"] == [{"name": "Office of State and Local Coordination",
                                  "acronym": "OSLC"}]


def test_compare_against_a_full_snapshot_file(tmp_path: Path) -> None:
    reviewed = tmp_path / "reviewed.yaml"
    run(str(LEADERSHIP), "--agency", "ICE", "--as-of", "2009-08-01", "-o", str(reviewed))
    result = run(str(LEADERSHIP), "--compare", str(reviewed))
    assert result.stdout.startswith("precision 1.00 (7 of 7 drafted units expected), "
                                    "recall 1.00 (7 of 7 expected units drafted), F1 1.00, "
                                    "parents right 1.00 (7 of 7 matched)\n")


def test_empty_file_is_a_one_line_error_and_writes_nothing(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("  \n\n")
    out = tmp_path / "out.yaml"
    result = run(str(page), "--agency", "ICE", "--as-of", "2010-01-01", "-o", str(out))
    assert (result.exit_code, result.stderr) == (1, f"Error: {page}: file is empty\n")
    assert not out.exists()


def test_binary_file_is_a_one_line_error(tmp_path: Path) -> None:
    page = tmp_path / "capture.txt"
    page.write_bytes(bytes(range(256)) * 40)
    result = run(str(page), "--agency", "ICE", "--as-of", "2010-01-01")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {page}: binary file, not a text, Markdown or HTML page\n")


def test_missing_page_is_a_one_line_error(tmp_path: Path) -> None:
    page = tmp_path / "nope.txt"
    result = run(str(page), "--agency", "ICE", "--as-of", "2010-01-01")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {page}: cannot read the file (No such file or directory)\n")


def test_page_without_units_is_a_one_line_error(tmp_path: Path) -> None:
    page = tmp_path / "recipe.md"
    page.write_text("# Pancakes\n\nMix flour, eggs and milk. Fry in butter until golden.\n")
    result = run(str(page), "--agency", "ICE", "--as-of", "2010-01-01")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {page}: no units found: the page names no office, directorate, division, "
        "branch, center, program or other unit of the agency\n")


def test_invalid_as_of_is_a_usage_error() -> None:
    result = run(str(LEADERSHIP), "--agency", "ICE", "--as-of", "2008-13-01")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--as-of': '2008-13-01' is not a date of the form YYYY-MM-DD\n")


def test_agency_and_as_of_required_without_compare() -> None:
    result = run(str(LEADERSHIP), "--as-of", "2008-01-01")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --agency required (unless --compare without -o)\n")


def test_format_json_without_compare_is_a_usage_error() -> None:
    result = run(str(LEADERSHIP), "--agency", "ICE", "--as-of", "2008-01-01", "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --format applies to the --compare report only\n")


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(cli, ["extract", "--help"])
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    example = lines.index("Example:")
    assert lines[example + 1].startswith("orgarchive extract ice-2008.html --agency ICE")
    assert lines[example + 2:example + 5] == [
        "--url http://www.ice.gov/about/operations.htm -o ice-2008.yaml",
        "orgarchive extract ice-2008.html --compare ice-2008-reviewed.yaml", ""]


def test_bad_agency_code_is_a_usage_error() -> None:
    result = run(str(LEADERSHIP), "--agency", "I C E", "--as-of", "2009-08-01")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for '--agency': 'I C E' is not an "
                                  "agency code (letters, digits, & . _ -)\n")


def test_output_in_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "draft.yaml"
    result = run(str(LEADERSHIP), "--agency", "ICE", "--as-of", "2009-08-01", "-o", str(out))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {out}: cannot write: No such file or directory\n")
