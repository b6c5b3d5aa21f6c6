"""``show --at`` (the best-known structure), ``show --snapshot``, and dates as
people write them, as a user runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from orgarchive.cli import cli
from orgarchive.files.read import read_document


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args])


def write(path: Path, as_of: str, units: list[dict[str, Any]], **extra: Any) -> str:
    doc = {"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": as_of, **extra,
           "units": units}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    """A 2008 page of offices (no places), a 2013 page placing OPLA in the
    Director's Office, and a lineage file: ODPP created 2009, named by it."""
    assert run(database_url, "init", "--empty").exit_code == 0
    offices = write(tmp_path / "2008.json", "2008-11-05", [
        {"key": "opla", "name": "Office of Principal Legal Advisor", "acronym": "OPLA"},
        {"key": "oi", "name": "Office of Investigations", "acronym": "OI"},
    ], coverage="partial", source={"title": "ICE Operations"})
    leaders = write(tmp_path / "2013.json", "2013-02-14", [
        {"key": "director", "name": "Director's Office", "parent": None},
        {"key": "opla", "name": "Office of the Principal Legal Advisor", "acronym": "OPLA",
         "parent": "director"},
    ], coverage="partial", source={"title": "Leadership Offices"})
    lineage = tmp_path / "lineage.json"
    lineage.write_text(json.dumps({
        "format": "orgarchive.lineage/1", "agency": "ICE",
        "events": [{"date": "2009-08-06", "type": "added", "to": ["odpp"],
                    "source": {"title": "ICE news release"}}],
        "units": [{"key": "odpp", "name": "Office of Detention Policy and Planning",
                   "acronym": "ODPP"}],
    }), encoding="utf-8")
    loaded = run(database_url, "load", offices, leaders, str(lineage))
    assert loaded.exit_code == 0, loaded.output
    return database_url


def test_show_at_assembles_every_source_and_lists_unknown_parents_apart(db: str) -> None:
    result = run(db, "show", "--at", "2013-06-30")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "ICE on 2013-06-30: best-known structure, assembled from 2 snapshot(s) and 1 curated "
        "event(s): 4 units, 2 of them with no known parent (listed apart)")
    assert "  #1 2008-11-05 partial: ICE Operations" in lines
    body = lines[lines.index("") + 1:]
    assert body == [
        "Director's Office  [#2 2013-02-14]",
        "  Office of the Principal Legal Advisor (OPLA)  [#1 2008-11-05; #2 2013-02-14]",
        "",
        "Parent unknown (2):",
        "  Office of Investigations (OI)  [#1 2008-11-05]",
        "  Office of Detention Policy and Planning (ODPP)  [lineage 2009-08-06; added 2009-08-06]",
    ]


def test_show_at_marks_what_a_later_source_says(db: str) -> None:
    doc = json.loads(run(db, "show", "--at", "2010", "--format", "json").stdout)
    assert doc["format"] == "orgarchive.structure/1" and doc["at"] == "2010-12-31"
    units = {u["key"]: u for u in doc["units"]}
    assert set(units) == {"opla", "oi", "odpp"}  # the Director's Office: first seen 2013
    opla = units["opla"]
    # Its place is known only from 2013, inside an office not attested in 2010: unknown.
    assert (opla["parent"], opla["parent_known"]) == (None, False)
    assert opla["seen"] == [{"snapshot": 1, "as_of": "2008-11-05"}]
    odpp = units["odpp"]
    assert odpp["events"] == [0] and doc["events"][0]["type"] == "added"
    assert odpp["seen"] == [{"lineage_event": {"date": "2009-08-06", "type": "added"},
                             "as_of": "2009-08-06"}]


def test_show_yaml_is_a_loadable_snapshot_of_the_structure(db: str, tmp_path: Path) -> None:
    result = run(db, "show", "--at", "2013-06-30", "--format", "yaml")
    assert result.exit_code == 0, result.output
    path = tmp_path / "assembled.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    snapshot = read_document(path)
    assert snapshot.coverage == "partial" and str(snapshot.as_of) == "2013-06-30"
    by_key = {u.key: u for u in snapshot.units}
    assert (by_key["director"].parent, by_key["director"].parent_known) == (None, True)
    assert by_key["opla"].parent == "director"
    assert not by_key["oi"].parent_known  # left out: unknown


def test_show_snapshot_prints_one_stored_snapshot_as_loaded(db: str) -> None:
    by_id = run(db, "show", "--snapshot", "#2")
    by_year = run(db, "show", "--snapshot", "2013")  # a year is a date, not snapshot 2013
    assert by_id.exit_code == by_year.exit_code == 0
    assert by_id.stdout.splitlines()[0] == (
        "ICE: snapshot 2, as of 2013-02-14, partial coverage: the source shows only part of the "
        "agency, 2 units")
    assert by_year.stdout.splitlines()[1:] == by_id.stdout.splitlines()[1:]


@pytest.mark.parametrize(("args", "message"), [
    (("show",), "give one of --at DATE (the best-known structure) or --snapshot ID"),
    (("show", "--at", "2010", "--snapshot", "1"), "give one of --at DATE"),
    (("show", "--at", "2010-13"), "'2010-13' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    (("show", "--snapshot", "9" * 5000), "99999999999999999999… is not a snapshot id"),
    (("diff", "2021-13", "1"), "'2021-13' is neither a snapshot id nor a date"),
])
def test_bad_references_are_usage_errors(db: str, args: tuple[str, ...], message: str) -> None:
    result = run(db, *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_months_and_years_stand_for_their_ends_and_starts(db: str) -> None:
    at = json.loads(run(db, "show", "--at", "2009-08", "--format", "json").stdout)
    assert at["at"] == "2009-08-31" and "odpp" in {u["key"] for u in at["units"]}
    before = json.loads(run(db, "show", "--at", "2009-07", "--format", "json").stdout)
    assert "odpp" not in {u["key"] for u in before["units"]}
    doc = json.loads(run(db, "report", "--from", "2009", "--to", "2013-02",
                         "--format", "json").stdout)
    assert (doc["period"]["start"], doc["period"]["end"]) == ("2009-01-01", "2013-02-28")
    diffed = json.loads(run(db, "diff", "2008", "2013", "--format", "json").stdout)
    assert (diffed["from"]["snapshot"], diffed["to"]["snapshot"]) == (1, 2)


def test_agency_codes_match_whatever_their_case(db: str) -> None:
    assert json.loads(run(db, "show", "--at", "2013", "--agency", "ice",
                          "--format", "json").stdout)["agency"] == "ICE"
    listed = run(db, "list", "--agency", "Ice", "--format", "json")
    assert [s["id"] for s in json.loads(listed.stdout)] == [1, 2]
    assert run(db, "diff", "1", "2", "--agency", "iCe").exit_code == 0
    missing = run(db, "list", "--agency", "cbp")
    assert (missing.exit_code, missing.stderr) == (
        1, "Error: no agency 'cbp' in the archive (held: ICE)\n")
