"""``report`` and ``history`` as a user runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from orgarchive.cli import cli

HOSTILE = "<script>alert(1)</script> | **x** [a](http://evil)"


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args])


def snapshot(path: Path, as_of: str, units: list[dict[str, Any]], **extra: Any) -> str:
    doc = {"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": as_of, **extra}
    doc["units"] = units
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


# DRO and ERO share their description: two names alone ("... Removal Operations")
# are not enough for the engine to claim the rename among a handful of top units.
REMOVAL = ("Identifies, apprehends and removes illegal aliens from the United States, "
           "and manages detention and the removal docket.")


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    """Three snapshots: DRO becomes ERO (new key), OI becomes HSI (curated), an Office of
    Intelligence removed in 2010 and another one under HSI in 2013, a hostile unit."""
    assert run(database_url, "init", "--empty").exit_code == 0
    s1 = snapshot(
        tmp_path / "s1.json",
        "2008-11-01",
        [
            {"key": "dro", "name": "Office of Detention and Removal Operations", "acronym": "DRO",
             "description": REMOVAL},
            {"key": "oi", "name": "Office of Investigations", "acronym": "OI"},
            {"key": "opa", "name": "Office of Public Affairs", "acronym": "OPA"},
            {"key": "intel", "name": "Office of Intelligence"},
        ],
        source={"title": "ICE Operations", "url": "http://www.ice.gov/about/operations.htm"},
    )
    s2 = snapshot(
        tmp_path / "s2.json",
        "2010-12-01",
        [
            {"key": "ero", "name": "Enforcement and Removal Operations", "acronym": "ERO",
             "description": REMOVAL},
            {"key": "hsi", "name": "Homeland Security Investigations", "acronym": "HSI"},
            {"key": "opa", "name": "Office of Public Affairs", "acronym": "OPA"},
        ],
    )
    s3 = snapshot(
        tmp_path / "s3.json",
        "2013-02-14",
        [
            {"key": "ero", "name": "Enforcement and Removal Operations", "acronym": "ERO"},
            {"key": "hsi", "name": "Homeland Security Investigations", "acronym": "HSI"},
            {"key": "opa", "name": "Office of Public Affairs", "acronym": "OPA"},
            {"key": "bad", "name": HOSTILE, "acronym": "X|Y", "parent": "opa"},
            {"key": "hsi-intel", "name": "Office of Intelligence", "parent": "hsi"},
        ],
        coverage="partial",
    )
    lineage = tmp_path / "lineage.json"
    lineage.write_text(
        json.dumps(
            {
                "format": "orgarchive.lineage/1",
                "agency": "ICE",
                "events": [
                    {
                        "date": "2010-06-09",
                        "type": "renamed",
                        "from": ["oi"],
                        "to": ["hsi"],
                        "note": "OI became HSI.",
                        "source": {"title": "CRS report R44269"},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    loaded = run(database_url, "load", s1, s2, s3, str(lineage))
    assert loaded.exit_code == 0, loaded.output
    return database_url


def test_markdown_report_to_stdout(db: str) -> None:
    result = run(db, "report", "--from", "2008-01-01", "--to", "2022-01-01")
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    assert out.startswith("# ICE: organizational changes, 2008-01-01 to 2022-01-01\n")
    assert (
        "- Office of Investigations (OI), first seen 2008-11-01 → renamed "
        "Homeland Security Investigations (HSI), 2010-06-09 (curated)\n"
    ) in out
    assert "- **renamed** Office of Investigations (OI) → Homeland Security Investigations " \
           "(HSI) — 2010-06-09, curated (CRS report R44269) — seen before: \\#1 2008-11-01; " \
           "after: \\#2 2010-12-01, \\#3 2013-02-14" in out
    # The Office of Intelligence of 2008 is gone from the complete 2010 snapshot.
    assert "- **removed** Office of Intelligence — between 2008-11-01 and 2010-12-01" in out
    assert "| 3 | 2013-02-14 | — | partial | 5 | not recorded |" in out
    assert "| 2010-06-09 | renamed | oi | hsi | OI became HSI. | CRS report R44269 |" in out
    # The hostile name is shown as text, never as HTML, a link or a broken table.
    assert "<script>" not in out and "[a](" not in out
    assert r"&lt;script&gt;alert(1)&lt;/script&gt; \| \*\*x\*\* \[a\](http://evil) (X\|Y)" in out


def test_a_period_starting_later_begins_from_what_stood_then(db: str) -> None:
    doc = json.loads(run(db, "report", "--from", "2011", "--format", "json").stdout)
    assert doc["period"] == {"from": "2011-01-01", "to": None, "start": "2011-01-01",
                             "end": "2013-02-14"}
    # One step: from the snapshot before the start to the one in the period.
    assert [(s["from"]["as_of"], s["to"]["as_of"]) for s in doc["steps"]] == [
        ("2010-12-01", "2013-02-14")]
    assert doc["net"]["from"] == {"snapshot": None, "as_of": "2011-01-01", "coverage": "partial"}
    # In 2011 the 2008 Office of Intelligence was gone and HSI there: no change to tell
    # but the two units the partial 2013 page is first to show.
    assert doc["net"]["summary"]["removed"] == 0
    assert sorted(c["after"][0]["key"] for c in doc["net"]["changes"]) == ["bad", "hsi-intel"]


def test_json_report_embeds_spec_change_records(db: str) -> None:
    result = run(db, "report", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["format"] == "orgarchive.report.period/2"
    assert [step["format"] for step in doc["steps"]] == ["orgarchive.changes/1"] * 2
    renames = [c for c in doc["steps"][0]["changes"] if "renamed" in c["types"]]
    pairs = sorted((c["before"][0]["key"], c["after"][0]["key"], c["curated"]) for c in renames)
    assert pairs == [("dro", "ero", False), ("oi", "hsi", True)]
    assert doc["events"][0]["source"]["title"] == "CRS report R44269"


def test_output_file_is_written_exactly_where_asked(db: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "my report.html"
    target.parent.mkdir()
    result = run(db, "report", "--format", "html", "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert sorted(p.name for p in target.parent.iterdir()) == ["my report.html"]
    page = target.read_text(encoding="utf-8")
    assert "<script" not in page  # neither ours (there is none) nor the data's
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_output_to_a_missing_folder_is_a_one_line_error(db: str, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "r.md"
    result = run(db, "report", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target}: cannot write: No such file or directory\n"


def test_an_empty_period_and_a_bad_date(db: str) -> None:
    empty = run(db, "report", "--from", "1990-01-01", "--to", "1991")
    assert empty.exit_code == 1
    assert empty.stderr == "Error: no source tells of ICE between 1990-01-01 and 1991-12-31\n"
    bad = run(db, "report", "--from", "2010-13-01")
    assert bad.exit_code == 2
    assert "Invalid value for '--from': '2010-13-01' is not a date (YYYY-MM-DD, YYYY-MM or " \
           "YYYY): no such day" in bad.stderr


def test_history_by_old_acronym(db: str) -> None:
    result = run(db, "history", "DRO")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == "Enforcement and Removal Operations (ERO) — ICE unit dro, ero"
    assert ("  2008-11-01: Office of Detention and Removal Operations (DRO) — "
            "seen 2008-11-01 #1") in lines
    assert ("  between 2008-11-01 and 2010-12-01: Enforcement and Removal Operations (ERO) — "
            "seen 2010-12-01 #2, 2013-02-14 #3") in lines


def test_history_json_and_curated_event(db: str) -> None:
    doc = json.loads(run(db, "history", "hsi", "--format", "json").stdout)
    assert doc["format"] == "orgarchive.report.history/2"
    assert doc["keys"] == ["oi", "hsi"]
    assert [(n["name"], n["from"]) for n in doc["names"]] == [
        ("Office of Investigations", {"on": "2008-11-01", "after": None, "curated": False}),
        ("Homeland Security Investigations", {"on": "2010-06-09", "after": None,
                                              "curated": True}),
    ]
    assert [e["note"] for e in doc["events"]] == ["OI became HSI."]


def test_history_of_an_unknown_unit(db: str) -> None:
    result = run(db, "history", "CBP")
    assert result.exit_code == 1
    assert result.stderr == "Error: no unit of ICE has the key, acronym or name 'CBP'\n"


def test_history_hostile_name_is_printed_verbatim(db: str) -> None:
    result = run(db, "history", "bad")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{HOSTILE} (X|Y) — ICE unit bad"


def test_history_of_an_ambiguous_name_lists_the_candidates(db: str) -> None:
    result = run(db, "history", "office of intelligence")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'office of intelligence' fits 2 units of ICE; name one by key: "
        "intel = Office of Intelligence, 2008-11-01; "
        "hsi-intel = Office of Intelligence, 2013-02-14\n"
    )
    assert run(db, "history", "hsi-intel").exit_code == 0


def test_agency_codes_match_whatever_their_case(db: str) -> None:
    assert run(db, "history", "hsi", "--agency", "ice").exit_code == 0
    assert run(db, "report", "--agency", "Ice").exit_code == 0
    missing = run(db, "report", "--agency", "cbp")
    assert (missing.exit_code, missing.stderr) == (
        1, "Error: no agency 'cbp' in the archive (held: ICE)\n")
