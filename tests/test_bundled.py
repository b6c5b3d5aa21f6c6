"""The bundled ICE archive: every file loads, every unit is on the page it cites,
keys are stable across eras, the lineage agrees with the snapshots, and a fresh
database shows the 2008 organisation on the README's first command.

Expected values here are written from the seed pages and ICE-HISTORY.md
(/work/shared), never from the program's output.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from orgarchive.cli import cli
from orgarchive.domain import Lineage, Snapshot
from orgarchive.files.bundled import bundled_paths
from orgarchive.files.read import read_document
from tests.conftest import REPO, SEEDS

HISTORY = SEEDS.parent / "ICE-HISTORY.md"
EXPECTED = REPO / "tests" / "extract_expected"
SEED_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")

# Units the lineage names that no bundled page shows, with the name under which
# ICE-HISTORY.md documents them.
DOCUMENTED_ELSEWHERE = {
    "oslc": "Office of State and Local Coordination",
    "fams": "Federal Air Marshal Service",
    "amo": "Office of Air and Marine Operations",
    "voice": "Victims of Immigration Crime Engagement Office",
}

# The keys the team agreed for units that appear in several eras (names as the
# pages spell them, compared after normalisation).
AGREED_KEYS = {
    "office of investigations": "oi",
    "office of detention and removal operations": "dro",
    "federal protective service": "fps",
    "office of federal protective service": "fps",
    "office of intelligence": "intel",
    "office of international affairs": "oia",
    "office of policy": "policy",
    "office of congressional relations": "ocr",
    "office of principal legal advisor": "opla",
    "office of professional responsibility": "opr",
    "office of public affairs": "opa",
    "office of detention policy and planning": "odpp",
    "office of state, local and tribal coordination": "osltc",
    "director's office": "director",
    "homeland security investigations": "hsi",
    "enforcement and removal operations": "ero",
    "enforcement and removal": "ero",
    "management and administration": "ma",
    "homeland security investigations office of intelligence": "hsi-intel",
}

# The top-level offices of seed 000 ("ICE Operations", the page in effect on
# 2009-01-01), in the page's own spelling.
OFFICES_2008 = {
    "Office of Congressional Relations",
    "Office of Detention and Removal Operations",
    "Office of Federal Protective Service",
    "Office of Intelligence",
    "Office of International Affairs",
    "Office of Investigations",
    "Office of Policy",
    "Office of Principal Legal Advisor",
    "Office of Professional Responsibility",
}


def normalise(text: str) -> str:
    """Lower case, one space for any white space run, ASCII apostrophes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _snapshots() -> list[tuple[Path, Snapshot]]:
    out = []
    for path in bundled_paths():
        document = read_document(path)
        if isinstance(document, Snapshot):
            out.append((path, document))
    return out


def _lineage() -> Lineage:
    documents = [read_document(p) for p in bundled_paths()]
    lineages = [d for d in documents if isinstance(d, Lineage)]
    assert len(lineages) == 1
    return lineages[0]


def _cited_seed(snapshot: Snapshot) -> Path:
    assert snapshot.source is not None and snapshot.source.note is not None
    found = SEED_NAME.findall(snapshot.source.note)
    assert len(set(found)) == 1, f"source.note must cite exactly one seed page, found {found}"
    return SEEDS / found[0]


SNAPSHOTS = _snapshots()
SNAPSHOT_IDS = [p.name for p, _ in SNAPSHOTS]


def test_bundle_holds_five_snapshots_and_one_lineage_file() -> None:
    names = [p.name for p in bundled_paths()]
    assert len(SNAPSHOTS) == 5
    assert "ice-lineage.yaml" in names
    assert len(names) == 6


@pytest.mark.parametrize("path", bundled_paths(), ids=lambda p: p.name)
def test_each_bundled_file_loads_as_an_ice_document(path: Path) -> None:
    document = read_document(path)
    assert document.agency == "ICE"
    if isinstance(document, Snapshot):
        assert path.name.startswith(f"ice-{document.as_of.isoformat()}-")
        assert document.agency_name == "U.S. Immigration and Customs Enforcement"
        if document.observed is not None:
            assert document.observed >= document.as_of


def test_each_seed_page_has_exactly_one_snapshot() -> None:
    cited = sorted(_cited_seed(s).name for _, s in SNAPSHOTS)
    assert cited == sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize(("path", "snapshot"), SNAPSHOTS, ids=SNAPSHOT_IDS)
def test_every_unit_is_on_the_seed_page_it_cites(path: Path, snapshot: Snapshot) -> None:
    page = normalise(_cited_seed(snapshot).read_text(encoding="utf-8"))
    missing = [
        u.key
        for u in snapshot.units
        if normalise(u.name) not in page and (u.acronym is None or normalise(u.acronym) not in page)
    ]
    assert missing == []
    # Aliases are other forms the page itself uses, so each must be on it too
    # (once a parenthesised acronym inside the form, "Detector Dog (EDD) Teams",
    # is taken out, as it is for names).
    bad_aliases = [
        alias
        for u in snapshot.units
        for alias in (u.aliases or ())
        if normalise(alias) not in _without_acronym(page, u.acronym)
    ]
    assert bad_aliases == []


def _without_acronym(page: str, acronym: str | None) -> str:
    if acronym is None:
        return page
    return page.replace(f" ({normalise(acronym)})", "")


@pytest.mark.parametrize(("path", "snapshot"), SNAPSHOTS, ids=SNAPSHOT_IDS)
def test_source_has_title_and_a_dating_note(path: Path, snapshot: Snapshot) -> None:
    assert snapshot.source is not None
    assert snapshot.source.title
    assert snapshot.source.note is not None and "as_of" in snapshot.source.note


def test_same_unit_name_has_same_key_in_every_file() -> None:
    key_of: dict[str, tuple[str, str]] = {}
    clashes = []
    for path, snapshot in SNAPSHOTS:
        for unit in snapshot.units:
            for name in (unit.name, *(unit.aliases or ())):
                seen = key_of.setdefault(normalise(name), (unit.key, path.name))
                if seen[0] != unit.key:
                    clashes.append((name, seen, (unit.key, path.name)))
    assert clashes == []


def test_agreed_keys_are_used() -> None:
    wrong = [
        (path.name, unit.name, unit.key)
        for path, snapshot in SNAPSHOTS
        for unit in snapshot.units
        if AGREED_KEYS.get(normalise(unit.name), unit.key) != unit.key
    ]
    assert wrong == []


def test_lineage_names_only_known_units() -> None:
    in_snapshots = {u.key for _, s in SNAPSHOTS for u in s.units}
    named = {k for e in _lineage().events for k in (*e.from_keys, *e.to_keys)}
    assert named - in_snapshots == set(DOCUMENTED_ELSEWHERE)
    units = {u.key: u for u in _lineage().units}
    # The lineage file's units: names them (issue 9), as ICE-HISTORY.md does.
    assert {k: units[k].name for k in DOCUMENTED_ELSEWHERE} == DOCUMENTED_ELSEWHERE


def test_every_unit_the_lineage_names_is_named_so_in_ice_history() -> None:
    history = normalise(HISTORY.read_text(encoding="utf-8"))
    lineage = _lineage()
    mentioned = {k for e in lineage.events for k in (*e.from_keys, *e.to_keys)}
    assert lineage.units
    for unit in lineage.units:
        assert unit.key in mentioned
        assert normalise(unit.name) in _without_acronym(history, unit.acronym), unit.name
        if unit.acronym is not None:
            assert f"({normalise(unit.acronym)})" in history, unit.acronym
    # Parents only where ICE-HISTORY.md states them: OIA in HSI, Policy in M&A.
    assert {u.key: u.parent for u in lineage.units if u.parent_known} == {
        "oia": "hsi", "policy": "ma"}
    assert "homeland security investigations (hsi) = offices of investigations, " \
           "intelligence and international affairs" in history
    assert "taking in the office of policy" in history


def test_every_lineage_event_has_a_source_and_a_note() -> None:
    for event in _lineage().events:
        assert event.source is not None and event.source.title, event
        assert event.note, event


def test_lineage_dates_agree_with_the_snapshots() -> None:
    """A unit an event ends is only seen before its date; one it starts, only on or after."""
    problems = []
    for event in _lineage().events:
        ended = set(event.from_keys) - set(event.to_keys)
        started = set(event.to_keys) - set(event.from_keys)
        for path, snapshot in SNAPSHOTS:
            keys = {u.key for u in snapshot.units}
            if keys & ended and snapshot.as_of >= event.date:
                problems.append((event.date, sorted(keys & ended), path.name))
            if keys & started and snapshot.as_of < event.date:
                problems.append((event.date, sorted(keys & started), path.name))
    assert problems == []


def test_required_lineage_events_are_present() -> None:
    shapes = {(e.date, e.type, e.from_keys, e.to_keys) for e in _lineage().events}
    june_2010 = date(2010, 6, 1)  # ICE-HISTORY: "2010-06 (exact day unconfirmed)"
    for wanted in [
        (date(2009, 10, 28), "removed", ("fps",), ()),
        (date(2009, 8, 6), "added", (), ("odpp",)),
        (june_2010, "renamed", ("oi",), ("hsi",)),
        (june_2010, "renamed", ("dro",), ("ero",)),
        (june_2010, "renamed", ("intel",), ("hsi-intel",)),
        (june_2010, "added", (), ("ma",)),
    ]:
        assert wanted in shapes
    assert any(e.from_keys == ("oslc",) and e.to_keys == ("osltc",) for e in _lineage().events)


@pytest.mark.parametrize("key_file", sorted(EXPECTED.glob("*.yaml")), ids=lambda p: p.name)
def test_extraction_answer_key_matches_its_page(key_file: Path) -> None:
    page_file = SEEDS / f"{key_file.stem}.txt"
    assert page_file.exists()
    page = normalise(page_file.read_text(encoding="utf-8"))
    units = YAML(typ="safe").load(key_file.read_text(encoding="utf-8"))["units"]
    assert units
    names = {unit["name"] for unit in units}
    for unit in units:
        assert set(unit) <= {"name", "acronym", "aliases", "parent", "parent_alt"}
        # a parent is another unit of the key (null in parent_alt: top level)
        for parent in [unit.get("parent"), *(unit.get("parent_alt") or [])]:
            assert parent is None or parent in names, (unit, parent)
        forms = [unit["name"], *(unit.get("aliases") or [])]
        assert all(normalise(f) in page for f in forms) or (
            unit["acronym"] is not None and normalise(unit["acronym"]) in page
        ), unit


def test_every_seed_page_has_an_answer_key() -> None:
    assert sorted(p.stem for p in EXPECTED.glob("*.yaml")) == sorted(
        p.stem for p in SEEDS.glob("*.txt")
    )


def test_init_loads_the_bundle_and_shows_2008_offices(database_url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", database_url, "init"])
    assert result.exit_code == 0, result.output
    assert "5 snapshots stored" in result.output

    show_json = ["--db", database_url, "show", "--snapshot", "2009-01-01", "--format", "json"]
    result = runner.invoke(cli, show_json)
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["as_of"] == "2008-11-05"
    assert shown["coverage"] == "partial"
    assert {u["name"] for u in shown["units"]} == OFFICES_2008
    # The page does not say where the offices sit: every parent is unknown.
    assert all("parent" not in u for u in shown["units"])

    result = runner.invoke(cli, ["--db", database_url, "show", "--at", "2009-01-01",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assembled = json.loads(result.output)
    names = {u["name"] for u in assembled["units"]}
    # The best-known structure holds the 2008 page's offices (and the 2008
    # programs page's units, and OSLC from the lineage), none of them placed
    # at the top: no source says where they sit.
    assert OFFICES_2008 <= names and "Office of State and Local Coordination" in names
    assert not any(u["parent_known"] and u["parent"] is None for u in assembled["units"])


def test_2008_offices_are_spelled_as_on_seed_000() -> None:
    page = normalise((SEEDS / "000_c043eee176fe639d.txt").read_text(encoding="utf-8"))
    assert all(normalise(name) in page for name in OFFICES_2008)


# Where each page shows a unit's place (the phrase that shows it is quoted
# from the page); every other unit of a snapshot leaves ``parent`` out, as its
# page does not say where it sits (SPEC §1: unknown, never the top level).
# None: the page shows the unit at the top of the agency.
PLACES = {
    "ice-2008-09-01-law-enforcement.yaml": {
        "atd": ("dro", "The Office of Detention and Removal Operations (DRO) is responsible for "
                       "developing and implementing programs"),
        "intel-liaison": ("intel", "The ICE Office of Intelligence has also developed a "
                                   "dynamic liaison program"),
        "megacenters": ("fps", "FPS transitioned all alarm monitoring and dispatching "
                               "capabilities from several regional control centers to four "
                               "MegaCenters"),
    },
    "ice-2008-11-05-operations.yaml": {},
    "ice-2010-07-08-summary.yaml": {
        "hsi-intel": ("hsi", "Homeland Security Investigations Office of Intelligence"),
        "niru": ("hsi-intel", "HSI-Intel also handles the National Incident Response Unit"),
    },
    "ice-2013-02-14-leadership.yaml": {
        "director": (None, "ICE Director, John Morton"),
        **{key: ("director", "The following leadership offices are located within the "
                             "Director's Office")
           for key in ("opa", "ocr", "opla", "opr", "odpp", "osltc")},
    },
    "ice-2021-07-06-overview.yaml": {},
}


@pytest.mark.parametrize(("path", "snapshot"), SNAPSHOTS, ids=SNAPSHOT_IDS)
def test_each_snapshot_places_a_unit_only_where_its_page_does(
    path: Path, snapshot: Snapshot
) -> None:
    page = normalise(_cited_seed(snapshot).read_text(encoding="utf-8"))
    places = PLACES[path.name]
    for key, (_, phrase) in places.items():
        assert normalise(phrase) in page, (key, phrase)
    given = {u.key: u.parent for u in snapshot.units if u.parent_known}
    assert given == {key: parent for key, (parent, _) in places.items()}
