"""`import congress`: a snapshot per Congress, renames by thomas_id, reused ids kept apart.

The real file is checked against the congress diff pairs another hand built
from the same source (../shared/real/diff/congress-hist), and against facts
read off the raw YAML by hand.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from orgarchive.domain import Lineage, LineageEvent, Snapshot
from orgarchive.imports.congress import first_day
from orgarchive.imports.result import ImportResult
from orgarchive.imports.sources import import_congress
from tests.conftest import REPO
from tests.helpers.registries import CONGRESS_RAW, committee, subcommittee, write_committees

PAIRS = REPO.parent / "shared" / "real" / "diff" / "congress-hist"


def split(result: ImportResult) -> tuple[dict[date, Snapshot], Lineage]:
    shots = {f.document.as_of: f.document for f in result.files
             if isinstance(f.document, Snapshot)}
    lineage = result.files[-1].document
    assert isinstance(lineage, Lineage)
    return shots, lineage


@pytest.mark.parametrize("congress,day", [
    (1, date(1789, 3, 4)), (73, date(1933, 3, 4)), (74, date(1935, 1, 3)),
    (97, date(1981, 1, 3)), (106, date(1999, 1, 3)), (118, date(2023, 1, 3)),
])
def test_a_congress_begins(congress: int, day: date) -> None:
    assert first_day(congress) == day


@pytest.fixture(scope="module")
def real() -> tuple[dict[date, Snapshot], Lineage]:
    return split(import_congress(CONGRESS_RAW))


def test_one_snapshot_per_congress(real: tuple[dict[date, Snapshot], Lineage]) -> None:
    shots, _ = real
    assert sorted(shots) == [first_day(n) for n in range(93, 107)]
    names = [f.name for f in import_congress(CONGRESS_RAW).files]
    assert names == [f"uscongress-{n:03d}.yaml" for n in range(93, 107)] + [
        "uscongress-lineage.yaml"]
    for shot in shots.values():
        assert (shot.agency, shot.coverage) == ("USCONGRESS", "complete")
        roots = [u for u in shot.units if u.parent is None]
        assert [(u.key, u.name) for u in roots] == [("house", "House of Representatives"),
                                                    ("senate", "Senate")]


def _pair_units(congress: int) -> set[tuple[str, str, str, str | None]]:
    if congress < 106:
        path = PAIRS / f"{congress:03d}_{congress + 1:03d}" / "before.json"
    else:
        path = PAIRS / "105_106" / "after.json"
    units = json.loads(path.read_text(encoding="utf-8"))["units"]
    return {(u["key"], u["name"], u["kind"], u.get("parent")) for u in units}


def _as_pair_key(key: str | None) -> str | None:
    """hsag-01 -> hsag01 and ssas-18.104 -> ssas18: the pairs' keys."""
    return None if key is None else key.split(".")[0].replace("-", "")


@pytest.mark.parametrize("congress", range(97, 107))
def test_units_match_the_pairs_built_from_the_same_file(
    real: tuple[dict[date, Snapshot], Lineage], congress: int,
) -> None:
    shot = real[0][first_day(congress)]
    mine = {(_as_pair_key(u.key), u.name, u.kind, _as_pair_key(u.parent)) for u in shot.units}
    assert mine == _pair_units(congress)


def _events(lineage: Lineage, key: str) -> list[LineageEvent]:
    return [e for e in lineage.events if key in e.from_keys]


def test_a_committee_s_renames_are_declared(real: tuple[dict[date, Snapshot], Lineage]) -> None:
    """HSPW: Public Works (93rd), Public Works and Transportation (94th-103rd),
    Transportation and Infrastructure (104th on), per the raw file."""
    shots, lineage = real
    assert [(e.date, e.type, e.from_keys, e.to_keys) for e in _events(lineage, "hspw")] == [
        (date(1975, 1, 3), "renamed", ("hspw",), ("hspw",)),
        (date(1995, 1, 3), "renamed", ("hspw",), ("hspw",)),
    ]
    unit = shots[date(1995, 1, 3)].unit_map()["hspw"]
    assert (unit.name, unit.parent, unit.aliases) == (
        "Transportation and Infrastructure", "house", ("House Committee on Public Works",))


def test_wording_alone_is_no_rename(real: tuple[dict[date, Snapshot], Lineage]) -> None:
    # HSAP11: "Commerce, Justice, State, and the Judiciary" (97th) then "..., and
    # Judiciary" (98th): SPEC §3 calls that a modification, left to the diff.
    shots, lineage = real
    assert shots[date(1983, 1, 3)].unit_map()["hsap-11"].name == (
        "Commerce, Justice, State, and Judiciary")
    assert not [e for e in _events(lineage, "hsap-11") if e.date == date(1983, 1, 3)]


def test_a_rename_without_a_shared_word_stays_a_rename(
    real: tuple[dict[date, Snapshot], Lineage],
) -> None:
    # HSWM03: "Public Assistance and Unemployment Compensation" to the 100th,
    # "Human Resources" from the 101st, with no Congress missed.
    (event,) = _events(real[1], "hswm-03")
    assert (event.date, event.type) == (date(1989, 1, 3), "renamed")


def test_reused_ids_get_keys_of_their_own(real: tuple[dict[date, Snapshot], Lineage]) -> None:
    shots, lineage = real
    # SSAS18: "Preparedness" to the 99th, absent 100th-103rd, "Acquisition and
    # Technology" from the 104th.
    assert shots[date(1985, 1, 3)].unit_map()["ssas-18"].name == "Preparedness"
    later = shots[date(1995, 1, 3)].unit_map()
    assert "ssas-18" not in later
    assert (later["ssas-18.104"].name, later["ssas-18.104"].parent) == (
        "Acquisition and Technology", "ssas")
    assert not _events(lineage, "ssas-18") and not _events(lineage, "ssas-18.104")
    # SSEG05: "Energy Regulation and Conservation" in the 99th; in the 100th that
    # name is SSEG02's and id 05 is "Mineral Resources Development and Production".
    hundredth = shots[date(1987, 1, 3)].unit_map()
    assert hundredth["sseg-02"].name == "Energy Regulation and Conservation"
    assert hundredth["sseg-05.100"].name == "Mineral Resources Development and Production"


def test_each_reuse_is_explained_to_the_reviewer() -> None:
    result = import_congress(CONGRESS_RAW)
    lineage_file = result.files[-1]
    reasons = [c for c in lineage_file.comments if c.startswith("Id ")]
    assert len(reasons) == 19
    assert ("Id SSEG05 reused from the 100th Congress (its name 'Energy Regulation and "
            "Conservation' passed to id SSEG02 in the 100th Congress): the later body is "
            "sseg-05.100.") in reasons
    assert any("19 thomas_ids reused for an unrelated body" in n for n in result.notes)


def test_a_return_under_the_same_name_keeps_the_key(
    real: tuple[dict[date, Snapshot], Lineage],
) -> None:
    # HSGO05 sat in the 97th, not the 98th or 99th, and again in the 100th.
    shots = real[0]
    assert "hsgo-05" in shots[date(1981, 1, 3)].unit_map()
    assert "hsgo-05" not in shots[date(1983, 1, 3)].unit_map()
    assert shots[date(1987, 1, 3)].unit_map()["hsgo-05"].name == (
        "Commerce, Consumer, and Monetary Affairs")


def test_subcommittee_ids_are_scoped_to_their_committee(tmp_path: Path) -> None:
    path = write_committees(tmp_path / "committees.yaml", [
        committee("HSAG", "house", "House Committee on Agriculture", {97: "Agriculture"},
                  [subcommittee("01", {97: "Livestock"})]),
        committee("HSAP", "house", "House Committee on Appropriations", {97: "Appropriations"},
                  [subcommittee("01", {97: "Defense"})]),
        committee("JSEC", "joint", "Joint Economic Committee", {97: "Economic"}),
    ])
    shots, lineage = split(import_congress(path))
    units = {u.key: (u.name, u.parent) for u in shots[date(1981, 1, 3)].units}
    assert units == {
        "house": ("House of Representatives", None), "senate": ("Senate", None),
        "joint": ("Joint committees", None),
        "hsag": ("Agriculture", "house"), "hsag-01": ("Livestock", "hsag"),
        "hsap": ("Appropriations", "house"), "hsap-01": ("Defense", "hsap"),
        "jsec": ("Economic", "joint"),
    }
    assert lineage.events == ()
