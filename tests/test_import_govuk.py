"""`import govuk`: how each GOV.UK record becomes a unit or a lineage event.

Hand-made exports cover every status; the real export of 2023-12-01 is
checked against the real diff pair built from the same GOV.UK data by
another hand (../shared/real/diff/govuk-monthly/2023-11-01_2023-12-01).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from orgarchive.domain import Lineage, LineageEvent, Snapshot
from orgarchive.errors import InputError
from orgarchive.files.canonical import unit_dict
from orgarchive.imports.govuk import kind_of
from orgarchive.imports.result import ImportResult
from orgarchive.imports.sources import import_govuk
from tests.conftest import REPO
from tests.helpers.registries import GOVUK_RAW, govuk_org, write_govuk

REAL_PAIR = REPO.parent / "shared" / "real" / "diff" / "govuk-monthly" / "2023-11-01_2023-12-01"
DAY = date(2023, 12, 1)


def parts(result: ImportResult) -> tuple[Snapshot, Lineage]:
    shot, lineage = (f.document for f in result.files)
    assert isinstance(shot, Snapshot) and isinstance(lineage, Lineage)
    return shot, lineage


def run(tmp_path: Path, orgs: list[dict[str, Any]]) -> tuple[Snapshot, Lineage]:
    return parts(import_govuk(write_govuk(tmp_path / "export.json", orgs), DAY))


def only(lineage: Lineage, key: str) -> LineageEvent:
    found = [e for e in lineage.events if key in e.from_keys]
    assert len(found) == 1, found
    return found[0]


DEPT = govuk_org("dept", "Department of Things", abbreviation="DoT",
                 kind="Ministerial department")


# --------------------------------------------------------------------------- the snapshot


def test_open_organisations_make_the_snapshot(tmp_path: Path) -> None:
    shot, _ = run(tmp_path, [
        DEPT,
        govuk_org("exempt-body", "Exempt Body", status="exempt", parents=["dept"]),
        govuk_org("joining-body", "Joining Body", status="joining"),
        govuk_org("moving-body", "Moving Body", status="transitioning"),
        govuk_org("gone", "Gone Body", status="closed", closed_status="no_longer_exists"),
        govuk_org("scottish-body", "Scottish Body", status="devolved",
                  closed_status="devolved", successors=["dept"]),
    ])
    assert [u.key for u in shot.units] == ["dept", "exempt-body", "joining-body", "moving-body"]
    assert (shot.agency, shot.as_of, shot.coverage) == ("UKGOV", DAY, "complete")
    assert shot.source is not None and shot.source.url == "https://www.gov.uk/api/organisations"
    assert "2023-12-01" in (shot.source.title or "")


def test_unit_fields_follow_the_record(tmp_path: Path) -> None:
    shot, _ = run(tmp_path, [
        DEPT,
        govuk_org("agency-x", "  Agency\tof  X ", abbreviation="AX", parents=["dept"],
                  kind="Executive non-departmental public body"),
        govuk_org("charity", "The Charity Commission", abbreviation="Charity Commission"),
        govuk_org("blank", "Blank Abbreviation", abbreviation="  "),
    ])
    units = {u.key: u for u in shot.units}
    assert unit_dict(units["agency-x"]) == {
        "key": "agency-x", "name": "Agency of X", "acronym": "AX",
        "kind": "executive non departmental public body", "parent": "dept"}
    assert units["charity"].acronym is None  # only repeats the title
    assert units["blank"].acronym is None
    assert units["dept"].parent is None and units["dept"].kind == "ministerial department"


def test_several_parents_first_open_one_wins(tmp_path: Path) -> None:
    shot, _ = run(tmp_path, [
        DEPT,
        govuk_org("other", "Other Department"),
        govuk_org("old", "Old Department", status="closed", closed_status="no_longer_exists"),
        govuk_org("shared", "Shared Unit", parents=["old", "other", "dept"]),
        govuk_org("orphan", "Orphan Unit", parents=["old", "not-in-the-export"]),
    ])
    units = {u.key: u for u in shot.units}
    assert units["shared"].parent == "other"  # "old" is closed: not in the snapshot
    assert units["orphan"].parent is None


def test_other_shapes_of_the_same_export(tmp_path: Path) -> None:
    """A bare list of organisations, or the API's pages themselves, read the same."""
    orgs = [DEPT, govuk_org("unit", "Unit", parents=["dept"])]
    joined = parts(import_govuk(write_govuk(tmp_path / "joined.json", orgs), DAY))
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(orgs), encoding="utf-8")
    pages = tmp_path / "pages.json"
    pages.write_text(json.dumps([
        {"results": orgs[:1], "current_page": 1, "pages": 2, "total": 2},
        {"results": orgs[1:], "current_page": 2, "pages": 2, "total": 2},
    ]), encoding="utf-8")
    assert parts(import_govuk(bare, DAY)) == joined
    assert parts(import_govuk(pages, DAY)) == joined
    some = tmp_path / "some.json"
    some.write_text(json.dumps([{"results": orgs[:1], "pages": 2, "total": 2}]), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_govuk(some, DAY)
    assert str(caught.value) == (
        f"{some}: /0/total: the file holds 1 of the 2 organisations the API reports: join the "
        "results of every page into one file (see docs/import.md)")


@pytest.mark.parametrize("raw,kind", [
    ("Executive non-departmental public body", "executive non departmental public body"),
    ("Ad-hoc advisory group", "ad hoc advisory group"),
    ("Other", "other"),
    (None, None),
])
def test_kind_is_the_type_in_lower_case(raw: str | None, kind: str | None) -> None:
    assert kind_of(raw) == kind


# --------------------------------------------------------------------------- each closed status


def test_changed_name_is_a_rename(tmp_path: Path) -> None:
    _, lineage = run(tmp_path, [
        govuk_org("new-name", "New Name Agency"),
        govuk_org("old-name", "Old Name Agency", status="closed", closed_status="changed_name",
                  closed_at="2021-06-15T00:00:00.000+01:00", successors=["new-name"]),
    ])
    event = only(lineage, "old-name")
    assert (event.date, event.type, event.from_keys, event.to_keys) == (
        date(2021, 6, 15), "renamed", ("old-name",), ("new-name",))
    assert event.source is not None and event.source.title == "GOV.UK organisations API"
    assert event.source.url == "https://www.gov.uk/government/organisations/old-name"
    assert "changed_name" in (event.note or "")


def test_merged_alone_is_an_absorption(tmp_path: Path) -> None:
    _, lineage = run(tmp_path, [
        DEPT,
        govuk_org("small", "Small Body", status="closed", closed_status="merged",
                  closed_at="2021-07-01T00:00:00.000+01:00", successors=["dept"]),
    ])
    event = only(lineage, "small")
    assert (event.type, event.from_keys, event.to_keys) == ("merged", ("small", "dept"), ("dept",))


def test_several_merged_into_one_on_one_day_is_one_merge(tmp_path: Path) -> None:
    day = "2022-02-10T00:00:00.000+00:00"
    _, lineage = run(tmp_path, [
        govuk_org("joint", "Joint Commissioner"),
        govuk_org("first", "First Commissioner", status="closed", closed_status="merged",
                  closed_at=day, successors=["joint"]),
        govuk_org("second", "Second Commissioner", status="closed", closed_status="replaced",
                  closed_at=day, successors=["joint"]),
        govuk_org("later", "Later Commissioner", status="closed", closed_status="merged",
                  closed_at="2023-01-01T00:00:00.000+00:00", successors=["joint"]),
    ])
    merge = only(lineage, "first")
    assert (merge.date, merge.type, merge.from_keys, merge.to_keys) == (
        date(2022, 2, 10), "merged", ("first", "second"), ("joint",))
    assert only(lineage, "later").from_keys == ("later", "joint")  # another day: absorbed
    assert len(lineage.events) == 2


def test_replaced_alone_is_an_absorption_by_its_successor(tmp_path: Path) -> None:
    _, lineage = run(tmp_path, [
        govuk_org("successor", "Successor Agency"),
        govuk_org("old", "Old Agency", status="closed", closed_status="replaced",
                  closed_at="2015-04-01T00:00:00.000+01:00", successors=["successor"]),
    ])
    event = only(lineage, "old")
    assert (event.type, event.from_keys, event.to_keys) == (
        "merged", ("old", "successor"), ("successor",))
    assert event.note == "Old Agency was replaced by Successor Agency (GOV.UK: replaced)."


def test_a_name_change_into_a_body_an_earlier_event_made_is_an_absorption(
    tmp_path: Path,
) -> None:
    _, lineage = run(tmp_path, [
        govuk_org("new", "New Agency"),
        govuk_org("first", "First Agency", status="closed", closed_status="changed_name",
                  closed_at="2015-04-01T00:00:00.000+01:00", successors=["new"]),
        govuk_org("second", "Second Agency", status="closed", closed_status="changed_name",
                  closed_at="2016-04-01T00:00:00.000+01:00", successors=["new"]),
    ])
    assert [(e.type, e.from_keys, e.to_keys) for e in lineage.events] == [
        ("renamed", ("first",), ("new",)),
        ("merged", ("second", "new"), ("new",)),  # "new" is not made twice
    ]


def test_split_names_every_successor(tmp_path: Path) -> None:
    _, lineage = run(tmp_path, [
        govuk_org("a", "Agency A"), govuk_org("b", "Agency B"),
        govuk_org("whole", "Whole Agency", status="closed", closed_status="split",
                  closed_at="2021-10-01T00:00:00.000+01:00", successors=["a", "b"]),
        govuk_org("half", "Half Agency", status="closed", closed_status="split",
                  closed_at="2022-10-01T00:00:00.000+01:00", successors=["a"]),
    ])
    split = only(lineage, "whole")
    assert (split.type, split.from_keys, split.to_keys) == ("split", ("whole",), ("a", "b"))
    half = only(lineage, "half")  # one successor named: read as replaced
    assert (half.type, half.from_keys, half.to_keys) == ("merged", ("half", "a"), ("a",))


def test_a_successor_is_made_once(tmp_path: Path) -> None:
    """GOV.UK, 2018-04-01: HEFCE split into UKRI and the Office for Students,
    and OFFA was replaced by the Office for Students the same day; then the
    Office for Students replaced another body later. It is made once, by the
    split; the others are absorptions into it."""
    day = "2018-04-01T00:00:00.000+01:00"
    _, lineage = run(tmp_path, [
        govuk_org("ukri", "UK Research and Innovation"), govuk_org("ofs", "Office for Students"),
        govuk_org("hefce", "HEFCE", status="closed", closed_status="split", closed_at=day,
                  successors=["ukri", "ofs"]),
        govuk_org("offa", "OFFA", status="closed", closed_status="replaced", closed_at=day,
                  successors=["ofs"]),
        govuk_org("later", "Later Body", status="closed", closed_status="changed_name",
                  closed_at="2019-01-01T00:00:00.000+00:00", successors=["ofs"]),
    ])
    assert [(e.type, e.from_keys, e.to_keys) for e in lineage.events] == [
        ("split", ("hefce",), ("ukri", "ofs")),
        ("merged", ("offa", "ofs"), ("ofs",)),
        ("merged", ("later", "ofs"), ("ofs",)),
    ]


@pytest.mark.parametrize("status,words", [
    ("no_longer_exists", "closed"),
    ("left_gov", "left government"),
    ("devolved", "devolved"),
])
def test_endings_are_removals(tmp_path: Path, status: str, words: str) -> None:
    _, lineage = run(tmp_path, [
        DEPT,
        govuk_org("ended", "Ended Body", status="closed", closed_status=status,
                  closed_at="2017-03-31T00:00:00.000+01:00"),
    ])
    event = only(lineage, "ended")
    assert (event.date, event.type, event.from_keys, event.to_keys) == (
        date(2017, 3, 31), "removed", ("ended",), ())
    assert words in (event.note or "") and status in (event.note or "")


def test_a_succession_without_a_successor_is_a_removal(tmp_path: Path) -> None:
    _, lineage = run(tmp_path, [
        DEPT,
        govuk_org("lost", "Lost Body", status="closed", closed_status="merged",
                  closed_at="2017-03-31T00:00:00.000+01:00"),
    ])
    assert only(lineage, "lost").type == "removed"


def test_undated_and_open_records_give_no_event(tmp_path: Path) -> None:
    _, lineage = run(tmp_path, [
        DEPT,
        govuk_org("undated", "Undated Body", status="closed", closed_status="changed_name",
                  successors=["dept"]),
        govuk_org("still-open", "Still Open", status="live", closed_status="merged",
                  closed_at="2019-01-01T00:00:00.000+00:00", successors=["dept"]),
        govuk_org("devolved", "Devolved Body", status="devolved", closed_status="devolved",
                  successors=["dept"]),
    ])
    assert lineage.events == ()


# --------------------------------------------------------------------------- named units


def test_closed_and_devolved_organisations_are_named(tmp_path: Path) -> None:
    shot, lineage = run(tmp_path, [
        DEPT,
        govuk_org("old-board", "Old Board", status="closed", closed_status="no_longer_exists",
                  abbreviation="OB", parents=["gone-dept", "dept"], kind="Tribunal"),
        govuk_org("gone-dept", "Gone Department", status="closed", closed_status="merged",
                  closed_at="2016-07-14T00:00:00.000+01:00", successors=["dept"]),
        govuk_org("nics", "Northern Body", status="devolved", closed_status="devolved",
                  successors=["ni-executive"]),
        govuk_org("wavering", "Wavering Body", status="exempt", closed_status="left_gov"),
    ])
    named = {u.key: u for u in lineage.units}
    assert sorted(named) == ["gone-dept", "nics", "old-board"]
    assert {u.key for u in shot.units} == {"dept", "wavering"}
    board = named["old-board"]
    assert (board.name, board.acronym, board.kind, board.parent) == (
        "Old Board", "OB", "tribunal", "gone-dept")  # the first listed parent, closed or not
    assert board.description == "Closed, date not given (GOV.UK: no longer exists)."
    gone = named["gone-dept"]
    assert (gone.parent, gone.parent_known) == (None, True)  # no parent: at the top
    assert gone.description == "Closed 2016-07-14 (GOV.UK: merged into Department of Things (DoT))."
    assert named["nics"].description == "A devolved body (GOV.UK: devolved to ni-executive)."


# --------------------------------------------------------------------------- the real export


@pytest.fixture(scope="module")
def real() -> tuple[Snapshot, Lineage]:
    return parts(import_govuk(GOVUK_RAW, DAY))


def test_real_snapshot_equals_the_pair_built_from_the_same_day(
    real: tuple[Snapshot, Lineage],
) -> None:
    """Same units, field for field, as the diff pair's after.json of 2023-12-01."""
    expected = json.loads((REAL_PAIR / "after.json").read_text(encoding="utf-8"))["units"]
    got = [unit_dict(u) for u in real[0].units]
    for unit in expected:  # the pair writes a top-level unit's parent as null
        if unit.get("parent") is None:
            unit.pop("parent", None)
    assert sorted(got, key=lambda u: u["key"]) == sorted(expected, key=lambda u: u["key"])
    assert len(got) == 647


def test_real_lineage_dates_every_dated_closure_once(real: tuple[Snapshot, Lineage]) -> None:
    raw = json.loads(GOVUK_RAW.read_text(encoding="utf-8"))["results"]
    dated = {o["details"]["slug"]: o["details"]["closed_at"][:10] for o in raw
             if o["details"]["govuk_status"] == "closed" and o["details"]["closed_at"]}
    assert len([o for o in raw if o["details"]["govuk_status"] == "closed"]) == 478
    told: dict[str, str] = {}
    for event in real[1].events:
        for key in event.from_keys:
            if key in dated and key not in event.to_keys:
                assert key not in told, key
                told[key] = event.date.isoformat()
    assert told == dated


def test_real_lineage_names_every_closed_or_devolved_organisation(
    real: tuple[Snapshot, Lineage],
) -> None:
    raw = json.loads(GOVUK_RAW.read_text(encoding="utf-8"))["results"]
    gone = {o["details"]["slug"] for o in raw
            if o["details"]["govuk_status"] in ("closed", "devolved")}
    assert len(gone) == 478 + 61
    named = {u.key: u for u in real[1].units}
    assert set(named) == gone
    # The Commission on Race and Ethnic Disparities: closed 2021-07-21, in no snapshot.
    crd = named["commission-on-race-and-ethnic-disparities"]
    assert (crd.name, crd.parent) == ("Commission on Race and Ethnic Disparities", "cabinet-office")
    assert crd.description == "Closed 2021-07-21 (GOV.UK: no longer exists)."


@pytest.mark.parametrize("closed,kind,before,after,day", [
    # Each row read off the raw export by hand (title, govuk_closed_status,
    # closed_at, superseding_organisations).
    ("incubator-for-automation-and-innovation", "renamed",
     ["incubator-for-automation-and-innovation"], ["incubator-for-artificial-intelligence"],
     "2023-11-20"),
    ("biometrics-commissioner", "merged",
     ["biometrics-commissioner", "surveillance-camera-commissioner"],
     ["biometrics-and-surveillance-camera-commissioner"], "2022-02-10"),
    ("bpdts-ltd", "merged", ["bpdts-ltd", "department-for-work-pensions"],
     ["department-for-work-pensions"], "2021-07-01"),
    ("public-health-england", "split", ["public-health-england"],
     ["uk-health-security-agency", "office-for-health-improvement-and-disparities"],
     "2021-10-01"),
    ("commission-on-race-and-ethnic-disparities", "removed",
     ["commission-on-race-and-ethnic-disparities"], [], "2021-07-21"),
    ("department-for-international-development", "merged",
     ["department-for-international-development", "foreign-commonwealth-office"],
     ["foreign-commonwealth-development-office"], "2020-09-02"),
])
def test_real_lineage_tells_known_changes(
    real: tuple[Snapshot, Lineage], closed: str, kind: str, before: list[str],
    after: list[str], day: str,
) -> None:
    event = only(real[1], closed)
    assert (event.type, list(event.from_keys), list(event.to_keys), event.date.isoformat()) == (
        kind, before, after, day)
