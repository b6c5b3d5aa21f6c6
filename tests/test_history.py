"""A unit's history over hand-written diffs (tests/report_samples.py) and small archives."""

from __future__ import annotations

import json
from datetime import date

import pytest

from orgarchive.domain import LineageEvent, Snapshot, Unit
from orgarchive.errors import AmbiguousError, NotFoundError
from orgarchive.report.history import UnitHistory, unit_history
from orgarchive.report.history_render import history_document, render_text
from orgarchive.structure.record import AgencyRecord
from orgarchive.structure.threads import threads_of
from tests.report_samples import MERGER, sample_threads, stored


def history(query: str) -> UnitHistory:
    return unit_history(sample_threads(), query)


def test_an_acronym_from_an_old_era_finds_the_renamed_unit() -> None:
    h = history("dro")
    assert h.keys == ("dro", "ero")
    names = [(n.name, n.acronym, n.start.on, n.start.since, n.start.curated) for n in h.names]
    # The engine matched DRO to ERO between the 2008 and 2010 snapshots; no
    # curated event dates it, so the rename fell between the two.
    assert names == [
        ("Office of Detention and Removal Operations", "DRO", date(2008, 11, 1), None, False),
        ("Enforcement and Removal Operations", "ERO", date(2010, 12, 1), date(2008, 11, 1), False),
    ]
    assert [s.id for s in h.snapshots] == [1, 2]
    # The 2013 snapshot is partial: not shown there is not gone.
    assert [(e.ended, e.last_seen) for e in h.life] == [(None, date(2010, 12, 1))]


def test_name_lookup_ignores_case_and_spacing() -> None:
    assert history("  enforcement AND removal operations ").keys == ("dro", "ero")


def test_parents_over_time() -> None:
    h = history("Office of Policy")
    # At the top in 2008 (a complete snapshot), under M&A by 2010.
    assert [(p.known, p.parent, p.start.on, p.start.since) for p in h.parents] == [
        (True, None, date(2008, 11, 1), None),
        (True, "ma", date(2010, 12, 1), date(2008, 11, 1)),
    ]
    assert h.parents[1].parent_name == "Management and Administration (M&A)"


def test_predecessors_of_a_merger_and_successor_of_a_merged_unit() -> None:
    hsi = history("HSI")
    assert [(p.relation, p.when.on, p.unit.key, p.when.curated) for p in hsi.predecessors] == [
        ("merged", date(2010, 6, 9), "oi", True),
        ("merged", date(2010, 6, 9), "intel", True),
        ("merged", date(2010, 6, 9), "oia", True),
    ]
    assert [e.began for e in hsi.life] == ["merged"] and hsi.events == (MERGER,)
    oi = history("Office of Investigations")
    assert [(s.relation, s.unit.key) for s in oi.successors] == [("merged", "hsi")]
    assert [(e.ended, e.end) for e in oi.life] == [("merged", date(2010, 6, 9))]


def test_a_renamed_unit_under_the_same_key_is_one_unit_with_two_names() -> None:
    h = history("OSLTC")
    assert h.keys == ("oslc",) and len(h.snapshots) == 3
    assert [(n.acronym, n.start.on) for n in h.names] == [
        ("OSLC", date(2008, 11, 1)), ("OSLTC", date(2013, 2, 14))]
    assert h.life[0].ended is None


def test_an_ambiguous_name_lists_candidates_with_keys_and_dates() -> None:
    with pytest.raises(AmbiguousError) as caught:
        history("office of intelligence")
    assert caught.value.candidates == [
        "intel = Office of Intelligence, 2008-11-01 to 2010-06-09",
        "hsi-intel = Office of Intelligence, 2010-12-01",
    ]
    assert str(caught.value).startswith(
        "'office of intelligence' fits 2 units of ICE; name one by key"
    )
    assert history("hsi-intel").keys == ("hsi-intel",)  # the advice can be followed


def test_part_of_a_name_finds_the_unit_or_lists_the_candidates() -> None:
    # Whole words of a name, in order: "Removal Operations" is only DRO/ERO.
    assert history("removal operations").keys == ("dro", "ero")
    # "Investigations" is in OI's name and in HSI's, two units (OI merged into HSI).
    with pytest.raises(AmbiguousError) as caught:
        history("Investigations")
    assert [c.split(" = ")[0] for c in caught.value.candidates] == ["oi", "hsi"]
    # A fragment of a word is not a part of a name.
    with pytest.raises(NotFoundError):
        history("Investig")


def test_an_unknown_unit_is_not_found_and_the_closest_is_suggested() -> None:
    with pytest.raises(NotFoundError, match="no unit of ICE has the key, acronym or name 'CBP'$"):
        history("CBP")
    closest = r"'Office of Polcy'; the closest: 'Office of Policy', "
    with pytest.raises(NotFoundError, match=closest):
        history("Office of Polcy")


def test_text_and_json_forms() -> None:
    h = history("ERO")
    text = render_text(h)
    assert text.splitlines()[0] == "Enforcement and Removal Operations (ERO) — ICE unit dro, ero"
    assert (
        "  2008-11-01: Office of Detention and Removal Operations (DRO) — seen 2008-11-01 #1"
    ) in text.splitlines()
    doc = json.loads(json.dumps(history_document(h)))
    assert doc["format"] == "orgarchive.report.history/2"
    assert doc["names"][1]["name"] == "Enforcement and Removal Operations"
    assert doc["names"][1]["from"] == {"on": "2010-12-01", "after": "2008-11-01",
                                       "curated": False}
    assert doc["names"][1]["seen"] == [{"as_of": "2010-12-01", "snapshot": 2}]


def _archive(*snapshots: Snapshot, events: tuple[LineageEvent, ...] = (),
             units: tuple[Unit, ...] = ()) -> AgencyRecord:
    return AgencyRecord.of("ICE", [stored(i + 1, s) for i, s in enumerate(snapshots)],
                           events, units)


def test_a_unit_that_disappears_and_reappears_with_its_key_is_one_unit() -> None:
    """Issue 15 point 10: the same key is the same unit (SPEC §1), so history
    answers once, with two spans of life, instead of advice no key can follow."""
    a = Unit("a", "Alpha Office")
    b = Unit("b", "Beta Office")
    record = _archive(
        Snapshot("ICE", date(2008, 1, 1), (a, b)),
        Snapshot("ICE", date(2010, 1, 1), (b,)),  # complete: a is gone
        Snapshot("ICE", date(2012, 1, 1), (a, b)),  # and back
    )
    h = unit_history(threads_of(record), "a")
    assert h.keys == ("a",)
    assert [(e.start, e.ended, e.end) for e in h.life] == [
        (date(2008, 1, 1), "removed", date(2010, 1, 1)),
        (date(2012, 1, 1), None, None),
    ]
    assert unit_history(threads_of(record), "Alpha Office").keys == ("a",)


def test_a_unit_only_the_lineage_names_is_found_by_its_name_and_acronym() -> None:
    opened = LineageEvent(date(2017, 4, 26), "added", (), ("voice",), note="opened")
    closed = LineageEvent(date(2021, 6, 11), "removed", ("voice",), (), note="closed")
    voice = Unit("voice", "Victims of Immigration Crime Engagement Office", "VOICE",
                 parent_known=False)
    record = _archive(Snapshot("ICE", date(2013, 2, 14), (Unit("opa", "Public Affairs"),),
                               coverage="partial"),
                      events=(opened, closed), units=(voice,))
    for query in ("VOICE", "voice", "Crime Engagement", "Victims of Immigration Crime "
                  "Engagement Office"):
        h = unit_history(threads_of(record), query)
        assert h.keys == ("voice",) and h.snapshots == ()
        assert [(e.began, e.start, e.ended, e.end) for e in h.life] == [
            ("added", date(2017, 4, 26), "removed", date(2021, 6, 11))]
        assert h.names[0].name == "Victims of Immigration Crime Engagement Office"
