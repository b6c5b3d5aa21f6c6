"""Every input bounded: published limits, checked on load, and output that
grows no faster than its input (issue 15, "Cost that explodes on small input").

Each limit of docs/files.md ("Limits") is tried at the limit (stored, the
same on SQLite and PostgreSQL) and one past it (refused with one line,
nothing written). The worst cases of the issue are timed: a file of a million
units, sixteen of them in one load, two 1 MB names, a 50,000-deep parent
chain, ten thousand and one events.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from orgarchive.cli import cli
from orgarchive.domain import Snapshot, Unit
from orgarchive.errors import InputError
from orgarchive.files import limits
from orgarchive.files.read import parse_document
from orgarchive.report.tree import MAX_INDENTED_LEVELS, render_tree
from tests.helpers.db_state import dump
from tests.helpers.measure import run_orgarchive

DOCS = "(docs/files.md, Limits)"


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args])


def snapshot_doc(units: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2010-01-01",
            **extra, "units": units}


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def refused(url: str, result: Result, before: Any, line: str) -> None:
    assert isinstance(result.exception, SystemExit), result.exception
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {line}\n")
    assert dump(url) == before


@pytest.fixture
def db(database_url: str) -> str:
    assert run(database_url, "init", "--empty").exit_code == 0
    return database_url


# -- text fields: at the limit stored alike on both engines, past it refused -------------

AT_LIMIT = [
    # (what, document at the limit, one past it, place, message past it)
    ("agency", {"agency": "A" * 64}, {"agency": "A" * 65}, "/agency",
     "agency: the agency code is 65 characters long, over the limit of 64 " + DOCS),
    ("key", {"units": [{"key": "k" * 200, "name": "N"}]},
     {"units": [{"key": "k" * 201, "name": "N"}]}, "/units/0/key",
     f"unit key '{'k' * 55}...': the key is 201 characters long, over the limit of 200 " + DOCS),
    ("name", {"units": [{"key": "a", "name": "N" * 500}]},
     {"units": [{"key": "a", "name": "N" * 501}]}, "/units/0/name",
     "unit 'a': name is 501 characters long, over the limit of 500 " + DOCS),
    ("acronym", {"units": [{"key": "a", "name": "N", "acronym": "A" * 500}]},
     {"units": [{"key": "a", "name": "N", "acronym": "A" * 501}]}, "/units/0/acronym",
     "unit 'a': acronym is 501 characters long, over the limit of 500 " + DOCS),
    ("description", {"units": [{"key": "a", "name": "N", "description": "d\n" * 10_000}]},
     {"units": [{"key": "a", "name": "N", "description": "d\n" * 10_000 + "d"}]},
     "/units/0/description",
     "unit 'a': description is 20,001 characters long, over the limit of 20,000 " + DOCS),
    ("aliases", {"units": [{"key": "a", "name": "N", "aliases": ["x" * 500] * 100}]},
     {"units": [{"key": "a", "name": "N", "aliases": ["x"] * 101}]}, "/units/0/aliases",
     "unit 'a': 101 aliases, over the limit of 100 " + DOCS),
    ("alias", {"units": [{"key": "a", "name": "N", "aliases": ["x" * 500]}]},
     {"units": [{"key": "a", "name": "N", "aliases": ["x", "x" * 501]}]}, "/units/0/aliases/1",
     "unit 'a': alias is 501 characters long, over the limit of 500 " + DOCS),
    ("agency_name", {"agency_name": "N" * 500}, {"agency_name": "N" * 501}, "/agency_name",
     "agency_name is 501 characters long, over the limit of 500 " + DOCS),
    ("source url", {"source": {"url": "http://x/" + "u" * 1991}},
     {"source": {"url": "http://x/" + "u" * 1992}}, "/source/url",
     "source url is 2,001 characters long, over the limit of 2,000 " + DOCS),
    ("source note", {"source": {"note": "n" * 20_000}}, {"source": {"note": "n" * 20_001}},
     "/source/note", "source note is 20,001 characters long, over the limit of 20,000 " + DOCS),
]


@pytest.mark.parametrize(("what", "at", "past", "place", "message"), AT_LIMIT,
                         ids=[case[0] for case in AT_LIMIT])
def test_every_text_field_has_one_limit_on_both_engines(
    db: str, tmp_path: Path, what: str, at: dict[str, Any], past: dict[str, Any], place: str,
    message: str,
) -> None:
    base = snapshot_doc([{"key": "a", "name": "N"}])
    good = write(tmp_path / "good.json", {**base, **at})
    loaded = run(db, "load", str(good))
    assert loaded.exit_code == 0, loaded.output
    shown = json.loads(run(db, "show", "--snapshot", "2010-01-01", "--agency",
                           {**base, **at}["agency"], "--format", "json").stdout)
    stored = {**base, **at}
    assert shown["agency"] == stored["agency"]
    assert [u | {"parent": None} for u in shown["units"]] == [
        {"parent": None, **u} for u in stored["units"]]
    before = dump(db)
    bad = write(tmp_path / "bad.json", {**base, **past})
    refused(db, run(db, "load", str(bad)), before, f"{bad}: {place}: {message}")


def test_a_limit_is_the_same_in_yaml(tmp_path: Path) -> None:
    text = ("format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2010-01-01\nunits:\n"
            f"  - key: a\n    name: {'N' * 501}\n")
    with pytest.raises(InputError) as caught:
        parse_document(text.encode(), "a.yaml")
    assert str(caught.value) == (
        "a.yaml: line 6: unit 'a': name is 501 characters long, over the limit of 500 " + DOCS)


# -- the worst cases of the issue -----------------------------------------------------------

def timed_refusal(data: bytes, name: str) -> tuple[str, float]:
    started = time.process_time()
    with pytest.raises(InputError) as caught:
        parse_document(data, name, for_load=True)
    return str(caught.value), time.process_time() - started


def test_two_one_megabyte_names_are_refused_at_once() -> None:
    huge = "Office " * 150_000  # 1 MB
    doc = snapshot_doc([{"key": "a", "name": huge}, {"key": "b", "name": huge + "II"}])
    message, cpu = timed_refusal(json.dumps(doc).encode(), "huge.json")
    assert message == ("huge.json: /units/0/name: unit 'a': name is 1,050,000 characters long, "
                       "over the limit of 500 " + DOCS)
    assert cpu < 1.0


def test_a_50000_deep_parent_chain_is_refused_at_once() -> None:
    units = [{"key": f"k{i}", "name": f"Unit {i}", **({"parent": f"k{i - 1}"} if i else {})}
             for i in range(50_000)]
    message, cpu = timed_refusal(json.dumps(snapshot_doc(units)).encode(), "chain.json")
    assert message == ("chain.json: /units/101/parent: unit 'k101' sits 101 levels below the "
                       "top (through its parents), over the limit of 100 " + DOCS)
    assert cpu < 1.0
    # The same chain one level short of the limit is a snapshot like any other.
    ok = parse_document(json.dumps(snapshot_doc(units[:101])).encode(), "ok.json")
    assert isinstance(ok, Snapshot) and ok.units[-1].parent == "k99"


def test_a_parent_chain_listed_backwards_is_measured_too() -> None:
    units = [{"key": f"k{i}", "name": "U", **({"parent": f"k{i - 1}"} if i else {})}
             for i in range(102)]
    message, _ = timed_refusal(json.dumps(snapshot_doc(units[::-1])).encode(), "back.json")
    assert message.endswith("sits 101 levels below the top (through its parents), over the "
                            "limit of 100 " + DOCS)


def test_a_million_unit_file_is_refused_while_it_is_parsed() -> None:
    units = ",".join(f'{{"key":"k{i}","name":"n"}}' for i in range(1_000_000))
    data = ('{"format":"orgarchive.snapshot/1","agency":"X","as_of":"2020-01-01","units":['
            + units + "]}").encode()
    message, cpu = timed_refusal(data, "million.json")
    assert message == ("million.json: the file holds more than 220,002 units, events and "
                       "sources, over the limits of a load (200,000 units) and of a lineage "
                       "file (10,000 events) " + DOCS)
    assert cpu < 1.0


def test_sixteen_large_files_are_refused_before_any_is_read(db: str, tmp_path: Path) -> None:
    files = []
    for i in range(16):  # sparse files: their size is all that is looked at
        path = tmp_path / f"big{i:02}.json"
        with path.open("wb") as handle:
            handle.truncate(25 * 2**20)
        files.append(str(path))
    before = dump(db)
    child = run_orgarchive(tmp_path, "--db", db, "load", *files)
    assert (child.code, child.stdout) == (1, "")
    assert child.stderr == ("Error: the 16 files given hold 400 MB, over the limit of 128 MB "
                            f"for one load {DOCS}: load them in parts\n")
    assert dump(db) == before
    print(f"\n16 x 25 MB refused: {child.cpu_s:.2f} s CPU (interpreter start included), "
          f"{child.wall_s:.2f} s wall, {child.peak_mb:.0f} MB")


def test_the_units_of_one_load_are_counted_across_files(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import orgarchive.files.read as read
    import orgarchive.loading as loading

    for module in (limits, read, loading):
        monkeypatch.setattr(module, "MAX_LOAD_UNITS", 5)
    first = write(tmp_path / "a.json", snapshot_doc([{"key": f"u{i}", "name": "U"}
                                                     for i in range(3)]))
    second = write(tmp_path / "b.json", snapshot_doc([{"key": f"u{i}", "name": "U"}
                                                      for i in range(3)], as_of="2011-01-01"))
    before = dump(db)
    refused(db, run(db, "load", str(first), str(second)), before,
            f"{second}: the load holds more than 5 units, the limit for one load {DOCS}: load "
            "the files in parts")
    assert run(db, "load", str(first)).exit_code == 0
    assert run(db, "load", str(second)).exit_code == 0


def test_ten_thousand_and_one_events_are_refused(tmp_path: Path) -> None:
    event = {"date": "2010-01-01", "type": "removed", "from": ["a"]}
    events = [{**event, "from": [f"k{i}"]} for i in range(limits.MAX_EVENTS + 1)]
    doc = {"format": "orgarchive.lineage/1", "agency": "ICE", "events": events}
    message, cpu = timed_refusal(json.dumps(doc).encode(), "many.json")
    assert message == ("many.json: /events: 10,001 events, over the limit of 10,000 a file "
                       f"{DOCS}: split the file")
    assert cpu < 1.0
    doc["events"] = events[:-1]
    assert len(parse_document(json.dumps(doc).encode(), "ok.json").events) == 10_000


def test_a_deep_parent_chain_prints_in_linear_space() -> None:
    depth = 10_000  # stored before the depth limit existed, say
    units = tuple(Unit(f"k{i}", f"Unit {i}", parent=f"k{i - 1}" if i else None)
                  for i in range(depth))
    lines = render_tree(Snapshot("X", date(2000, 1, 1), units))
    assert len(lines) == depth
    assert lines[1] == "  Unit 1"
    deepest = "  " * (MAX_INDENTED_LEVELS - 1)
    assert lines[MAX_INDENTED_LEVELS - 1] == f"{deepest}Unit {MAX_INDENTED_LEVELS - 1}"
    below = "  " * MAX_INDENTED_LEVELS
    assert lines[MAX_INDENTED_LEVELS] == f"{below}(level 101) Unit 100"
    assert lines[-1] == f"{below}(level {depth}) Unit {depth - 1}"
    # Quadratic indentation would be 10,000 * 9,999 characters (100 MB); this is 2.3 MB.
    assert sum(map(len, lines)) < 250 * depth


def test_a_structure_deeper_than_any_one_file_prints_in_linear_space(
    db: str, tmp_path: Path
) -> None:
    """Each file keeps within 100 levels, but the best-known structure takes a
    unit's parent from another source, so chains can join past the limit."""
    first = [{"key": f"k{i}", "name": f"Unit {i}", **({"parent": f"k{i - 1}"} if i else {})}
             for i in range(100)]
    later = [{"key": "k99", "name": "Unit 99"}] + [
        {"key": f"k{i}", "name": f"Unit {i}", "parent": f"k{i - 1}"} for i in range(100, 199)]
    a = write(tmp_path / "a.json", snapshot_doc(first, agency="X"))
    b = write(tmp_path / "b.json", snapshot_doc(later, agency="X", as_of="2011-01-01",
                                                coverage="partial"))
    assert run(db, "load", str(a), str(b)).exit_code == 0
    shown = run(db, "show", "--at", "2011-06-01")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    deepest = next(line for line in lines if "Unit 198 " in line)
    assert deepest.startswith("  " * MAX_INDENTED_LEVELS + "(level 199) Unit 198  [")
    assert max(map(len, lines)) < 2 * MAX_INDENTED_LEVELS + 60
