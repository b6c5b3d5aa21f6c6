"""``orgarchive diff`` as a user sees it, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from orgarchive.cli import cli
from tests.storage_files import write_lineage, write_snapshot

LATER_UNITS = [
    {"key": "ero", "name": "Enforcement and Removal Operations", "acronym": "ERO",
     "kind": "office", "description": "Removes removable aliens."},
    {"key": "oi", "name": "Office of Investigations", "acronym": "OI", "kind": "office"},
    {"key": "oi-ht", "name": "Human Trafficking Unit", "parent": "oi", "aliases": []},
]


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args])


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    assert run(database_url, "init", "--empty").exit_code == 0
    first = write_snapshot(tmp_path / "a.json", as_of="2008-11-01")
    second = write_snapshot(tmp_path / "b.json", as_of="2012-03-01", units=LATER_UNITS)
    lineage = write_lineage(tmp_path / "l.json", events=[])
    result = run(database_url, "load", str(first), str(second), str(lineage))
    assert result.exit_code == 0, result.output
    return database_url


def test_diff_by_dates_prints_text_with_snapshots_and_coverage(db: str) -> None:
    result = run(db, "diff", "2009-01-01", "2012-03-01")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("ICE: snapshot 1 (2008-11-01, complete) → "
                        "snapshot 2 (2012-03-01, complete)")
    assert lines[1] == "1 renamed, 2 unchanged"
    assert lines[3] == "Renamed (1)"
    assert lines[4] == ("  Office of Detention and Removal Operations (DRO) [dro] → "
                        "Enforcement and Removal Operations (ERO) [ero]")


def test_diff_json_by_ids_is_the_spec_document(db: str) -> None:
    result = run(db, "diff", "1", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["from"] == {"snapshot": 1, "as_of": "2008-11-01", "coverage": "complete"}
    assert doc["to"] == {"snapshot": 2, "as_of": "2012-03-01", "coverage": "complete"}
    assert [(c["types"], c["before"][0]["key"], c["after"][0]["key"])
            for c in doc["changes"]] == [(["renamed"], "dro", "ero")]
    again = run(db, "diff", "1", "2", "--format", "json")
    assert again.output == result.output


def test_diff_all_lists_unchanged_pairs(db: str) -> None:
    result = run(db, "diff", "1", "2", "--format", "csv", "--all")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["types"], r["before_keys"], r["after_keys"]) for r in rows] == [
        ("renamed", "dro", "ero"), ("", "oi", "oi"), ("", "oi-ht", "oi-ht")
    ]


def test_diff_markdown(db: str) -> None:
    result = run(db, "diff", "1", "2", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Changes in ICE\n")
    assert "## Renamed (1)" in result.output


def test_a_bad_snapshot_reference_is_a_usage_error(db: str) -> None:
    result = run(db, "diff", "2008-13-01", "2")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for 'FROM': '2008-13-01' is neither a snapshot id "
        "nor a date (YYYY-MM-DD, YYYY-MM or YYYY)"
    )


def test_an_unknown_snapshot_is_a_one_line_error(db: str) -> None:
    result = run(db, "diff", "1", "99")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert len(result.output.splitlines()) == 1


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(cli, ["diff", "--help"])
    assert result.exit_code == 0
    assert "orgarchive diff 2008 2021 --format markdown" in result.output


def test_diff_html_is_a_page_naming_both_dates(db: str) -> None:
    result = run(db, "diff", "1", "2", "--format", "html")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<!DOCTYPE html>")
    assert "<title>ICE: changes from 2008-11-01 to 2012-03-01</title>" in result.output
