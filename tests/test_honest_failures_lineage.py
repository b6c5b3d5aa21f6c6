"""Lineage that contradicts itself is refused on load, naming both events
(docs/files.md, "Contradictions"), and so is a snapshot seen before its date.

Without these checks ``a → b`` and ``b → a`` on one day were stored and a
diff across them said "renamed Alpha Office → Alpha Office (curated)".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from orgarchive.cli import cli
from orgarchive.errors import InputError
from orgarchive.files.read import parse_document
from tests.helpers.db_state import dump
from tests.storage_files import write_lineage, write_snapshot


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args])


def ev(day: str, kind: str, before: list[str], after: list[str]) -> dict[str, Any]:
    return {"date": day, "type": kind, "from": before, "to": after}


def lineage_error(events: list[dict[str, Any]]) -> str | None:
    import json

    doc = {"format": "orgarchive.lineage/1", "agency": "ICE", "events": events}
    try:
        parse_document(json.dumps(doc).encode(), "l.json")
    except InputError as exc:
        return str(exc)
    return None


SAME_DAY = ("and the events of one day have no order: write them as one event, or give each "
            "its date")
CONTRADICTIONS = [
    ("swap on one day",
     [ev("2010-01-01", "renamed", ["a"], ["b"]), ev("2010-01-01", "renamed", ["b"], ["a"])],
     "l.json: /events/1: event 2 contradicts event 1 (2010-01-01 renamed a → b): event 1 makes "
     f"'b' and event 2 ends it on the same day 2010-01-01, {SAME_DAY}"),
    ("a chain within one day",
     [ev("2010-01-01", "renamed", ["a"], ["b"]), ev("2010-01-01", "merged", ["b", "c"], ["d"])],
     "l.json: /events/1: event 2 contradicts event 1 (2010-01-01 renamed a → b): event 1 makes "
     f"'b' and event 2 ends it on the same day 2010-01-01, {SAME_DAY}"),
    ("two fates on one day",
     [ev("2010-01-01", "removed", ["a"], []), ev("2010-01-01", "merged", ["a", "b"], ["b"])],
     "l.json: /events/1: event 2 contradicts event 1 (2010-01-01 removed a → —): event 1 and "
     "event 2 both end 'a' on 2010-01-01"),
    ("added twice",
     [ev("2009-01-01", "added", [], ["a"]), ev("2011-01-01", "added", [], ["a"])],
     "l.json: /events/1: event 2 contradicts event 1 (2009-01-01 added — → a): event 1 makes "
     "'a' on 2009-01-01 and event 2 makes it again on 2011-01-01, with no event ending it in "
     "between"),
    ("renamed into a unit that exists",
     [ev("2009-01-01", "split", ["x"], ["a", "b"]), ev("2011-01-01", "renamed", ["c"], ["a"])],
     "l.json: /events/1: event 2 contradicts event 1 (2009-01-01 split x → a, b): event 1 makes "
     "'a' on 2009-01-01 and event 2 makes it again on 2011-01-01, with no event ending it in "
     "between"),
    ("a removed unit renamed later",
     [ev("2011-01-01", "renamed", ["a"], ["b"]), ev("2009-01-01", "removed", ["a"], [])],
     "l.json: /events/0: event 1 contradicts event 2 (2009-01-01 removed a → —): event 2 ends "
     "'a' on 2009-01-01 and event 1 ends it on 2011-01-01, with no event making it anew in "
     "between"),
]


@pytest.mark.parametrize(("what", "events", "message"), CONTRADICTIONS,
                         ids=[c[0] for c in CONTRADICTIONS])
def test_contradictions_are_refused_naming_both_events(
    what: str, events: list[dict[str, Any]], message: str
) -> None:
    assert lineage_error(events) == message


CONSISTENT = [
    ("a rename that keeps its key, and a move of it the same day",
     [ev("2010-01-01", "renamed", ["a"], ["a"]), ev("2010-01-01", "moved", ["a"], ["a"])]),
    # GOV.UK: HEFCE split into UKRI and the OfS, and OFFA merged into the new OfS, 2018-04-01.
    ("a unit made and merged into the same day",
     [ev("2018-04-01", "split", ["hefce"], ["ukri", "ofs"]),
      ev("2018-04-01", "merged", ["offa", "ofs"], ["ofs"])]),
    ("a unit removed, then made again",
     [ev("2009-01-01", "removed", ["a"], []), ev("2011-01-01", "added", [], ["a"]),
      ev("2012-01-01", "removed", ["a"], [])]),
    # GOV.UK dates a merger into the FCDO a day before the FCDO's formation.
    ("merged into a day before it is formed",
     [ev("2020-09-01", "merged", ["su", "fcdo"], ["fcdo"]),
      ev("2020-09-02", "merged", ["dfid", "fco"], ["fcdo"])]),
    ("the same fact cited twice",
     [ev("2010-01-01", "renamed", ["a"], ["b"]), ev("2010-01-01", "renamed", ["a"], ["b"])]),
]


@pytest.mark.parametrize(("what", "events"), CONSISTENT, ids=[c[0] for c in CONSISTENT])
def test_consistent_lineage_is_accepted(what: str, events: list[dict[str, Any]]) -> None:
    assert lineage_error(events) is None


def test_a_file_contradicting_stored_lineage_is_refused(database_url: str, tmp_path: Path
                                                        ) -> None:
    assert run(database_url, "init", "--empty").exit_code == 0
    first = write_lineage(tmp_path / "first.json",
                          events=[ev("2010-06-09", "renamed", ["oi"], ["hsi"])])
    assert run(database_url, "load", str(first)).exit_code == 0
    before = dump(database_url)
    second = write_lineage(tmp_path / "second.json",
                           events=[ev("2010-06-09", "renamed", ["hsi"], ["oi"])])
    result = run(database_url, "load", str(second))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {second}: event 1 contradicts an event already stored (2010-06-09 renamed oi → "
        "hsi): the stored event makes 'hsi' and event 1 ends it on the same day 2010-06-09, "
        f"{SAME_DAY}\n")
    assert dump(database_url) == before
    # Two files of one load are checked against each other the same way.
    third = write_lineage(tmp_path / "third.json",
                          events=[ev("2012-01-01", "added", [], ["x"])])
    fourth = write_lineage(tmp_path / "fourth.json",
                           events=[ev("2013-01-01", "added", [], ["x"])])
    result = run(database_url, "load", str(third), str(fourth))
    assert result.exit_code == 1 and "event 1 makes it again on 2013-01-01" in result.stderr
    assert dump(database_url) == before
    # The same fact in another file is no contradiction.
    again = write_lineage(tmp_path / "again.json",
                          events=[ev("2010-06-09", "renamed", ["oi"], ["hsi"]),
                                  ev("2011-01-01", "removed", ["hsi"], [])])
    assert run(database_url, "load", str(again)).exit_code == 0


def test_the_bundled_lineage_has_no_contradiction() -> None:
    from orgarchive.files.bundled import bundled_paths

    for path in bundled_paths():
        parse_document(path.read_bytes(), path.name)  # raises on a contradiction


def test_a_snapshot_observed_before_its_date_is_refused(database_url: str, tmp_path: Path
                                                        ) -> None:
    assert run(database_url, "init", "--empty").exit_code == 0
    before = dump(database_url)
    path = write_snapshot(tmp_path / "a.json", as_of="2008-11-01", observed="2008-10-01")
    result = run(database_url, "load", str(path))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {path}: /observed: observed 2008-10-01 is before as_of 2008-11-01: a source "
           "seen before a date cannot show the structure in effect on it (dates swapped?)\n")
    assert dump(database_url) == before
    same_day = write_snapshot(tmp_path / "b.json", as_of="2008-11-01", observed="2008-11-01")
    assert run(database_url, "load", str(same_day)).exit_code == 0
