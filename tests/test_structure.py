"""Unit threads and the structure assembled from partial sources (pure, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from orgarchive.dates import parse_period
from orgarchive.domain import Change, Diff, FieldChange, LineageEvent, Snapshot, SnapshotRef, Unit
from orgarchive.structure.assemble import Structure, as_it_stands, structure_at
from orgarchive.structure.chain import engine_diff, reversed_diff
from orgarchive.structure.compare import net_change
from orgarchive.structure.record import AgencyRecord
from orgarchive.structure.threads import Threads, threads_of
from tests.report_samples import stored

D = date.fromisoformat


def unit(key: str, name: str, acronym: str | None = None, parent: str | None = None,
         known: bool = True) -> Unit:
    return Unit(key, name, acronym, parent=parent, parent_known=known)


def page(as_of: str, *units: Unit, coverage: str = "partial") -> Snapshot:
    return Snapshot("ICE", D(as_of), units, coverage=coverage)  # type: ignore[arg-type]


def follow(*pages: Snapshot, events: tuple[LineageEvent, ...] = (),
           named: tuple[Unit, ...] = ()) -> Threads:
    record = AgencyRecord.of("ICE", [stored(i + 1, p) for i, p in enumerate(pages)],
                             events, named)
    return threads_of(record, engine_diff(record.events))


def names(structure: Structure) -> dict[str, str]:
    return {p.unit.key: p.unit.name for p in structure.units}


def test_the_same_key_is_one_unit_across_a_gap_in_partial_sources() -> None:
    threads = follow(page("2008-01-01", unit("ocr", "Office of Congressional Relations")),
                     page("2010-01-01", unit("hsi", "Homeland Security Investigations")),
                     page("2013-01-01", unit("ocr", "Office of Congressional Relations")))
    ocr = threads.of_key("ocr")
    assert ocr is not None and [s.when for s in ocr.sightings] == [D("2008-01-01"),
                                                                   D("2013-01-01")]
    # Not shown by the 2010 page, but nothing ended it: there in 2010.
    assert "ocr" in names(structure_at(threads, D("2010-06-01")))


def test_a_curated_rename_joins_the_old_key_to_the_new_one() -> None:
    rename = LineageEvent(D("2010-06-01"), "renamed", ("oi",), ("hsi",))
    threads = follow(page("2008-11-05", unit("oi", "Office of Investigations", "OI")),
                     page("2021-07-06", unit("hsi", "Homeland Security Investigations", "HSI")),
                     events=(rename,))
    assert threads.of_key("oi") is threads.of_key("hsi")
    assert names(structure_at(threads, D("2010-05-31"))) == {"oi": "Office of Investigations"}
    after = structure_at(threads, D("2010-06-01"))
    # The new name (and where it sits) is known only from a later page: inferred.
    assert names(after) == {"hsi": "Homeland Security Investigations"}
    assert after.units[0].inferred == ("name", "parent")
    assert structure_at(threads, D("2021-07-06")).units[0].inferred == ()


def test_a_new_key_alone_keeps_the_unit_one_thread() -> None:
    # The same unit under a new key, nothing else changed: the engine matches
    # the two and reports no change (SPEC §3), and the unit stays one unit.
    before = page("2020-01-01", unit("hq", "Headquarters", parent=None),
                  unit("ops", "Office of Field Operations", parent="hq"), coverage="complete")
    after = page("2021-01-01", unit("hq", "Headquarters", parent=None),
                 unit("field-ops", "Office of Field Operations", parent="hq"),
                 coverage="complete")
    threads = follow(before, after)
    assert threads.of_key("ops") is threads.of_key("field-ops")
    net = net_change(threads, D("2020-06-01"), D("2021-06-01"))
    assert net.diff.summary()["unchanged"] == 2
    assert not net.diff.changes


def test_a_secondary_pages_shorter_wording_is_a_variant_not_a_rename() -> None:
    """ERO: named by the lineage on the realignment's day, shortened by a law
    firm's page a month later, named in full again in 2021: one name."""
    rename = LineageEvent(D("2010-06-01"), "renamed", ("dro",), ("ero",))
    ero = unit("ero", "Enforcement and Removal Operations", "ERO", known=False)
    threads = follow(
        page("2008-11-05", unit("dro", "Office of Detention and Removal Operations", "DRO",
                                known=False)),
        page("2010-07-08", unit("ero", "Enforcement and Removal", "DRO", known=False)),
        page("2021-07-06", unit("ero", "Enforcement and Removal Operations", "ERO", known=False)),
        events=(rename,), named=(ero,))
    thread = threads.of_key("ero")
    assert thread is not None
    eras = threads.timeline(thread).all_names()
    assert [(e.value.name, e.start, e.event is rename) for e in eras] == [
        ("Office of Detention and Removal Operations", D("2008-11-05"), False),
        ("Enforcement and Removal Operations", D("2010-06-01"), True),
    ]
    assert [v.name for v, _ in eras[1].variants] == ["Enforcement and Removal"]
    net = net_change(threads, D("2008-01-01"), D("2022-01-01"))
    assert [(c.types, c.before[0].key, c.after[0].key) for c in net.diff.changes] == [
        (("renamed",), "dro", "ero")]
    # Between the two, the name in force is the full one, however the page worded it.
    assert names(structure_at(threads, D("2011-01-01")))["ero"] == (
        "Enforcement and Removal Operations")


def test_a_rename_no_event_records_needs_sightings_on_both_sides() -> None:
    threads = follow(page("2008-01-01", unit("x", "Office of Policy")),
                     page("2009-01-01", unit("x", "Office of Policy")),
                     page("2012-01-01", unit("x", "Office of Policy and Planning")),
                     page("2013-01-01", unit("x", "Office of Policy and Planning")))
    thread = threads.of_key("x")
    assert thread is not None
    eras = threads.timeline(thread).all_names()
    assert [(e.value.name, e.start, e.since) for e in eras] == [
        ("Office of Policy", D("2008-01-01"), None),
        ("Office of Policy and Planning", D("2012-01-01"), D("2009-01-01")),
    ]
    change = net_change(threads, D("2008-01-01"), D("2013-01-01")).diff.changes[0]
    assert change.types == ("renamed",) and not change.curated
    assert change.evidence["effective"] == "between 2009-01-01 and 2012-01-01"


def _director_pages() -> Threads:
    """OPLA as three partial pages show it: 2008 and 2021 do not say where it
    sits, 2013 places it within the Director's Office (at the top)."""
    return follow(
        page("2008-11-05", unit("opla", "Office of Principal Legal Advisor", "OPLA", known=False)),
        page("2013-02-14", unit("director", "Director's Office", parent=None),
             unit("opla", "Office of the Principal Legal Advisor", "OPLA", "director")),
        page("2021-07-06", unit("opla", "Office of the Principal Legal Advisor", "OPLA",
                                known=False)))


def test_an_unknown_parent_is_never_a_move() -> None:
    net = net_change(_director_pages(), D("2008-01-01"), D("2022-01-01"))
    assert net.diff.changes == ()
    assert sorted(b.key for b, _ in net.diff.unchanged) == ["director", "opla"]


def test_an_unknown_parent_is_listed_apart_and_a_known_one_carried_forward() -> None:
    threads = _director_pages()
    early = structure_at(threads, D("2009-01-01"))
    [opla] = early.units  # the Director's Office is not attested before 2013
    assert not opla.parent_known and opla.unit.parent is None
    placed, apart = early.tree()
    assert placed == [] and [p.unit.key for _, p in apart] == ["opla"]
    late = structure_at(threads, D("2022-01-01"))
    by_key = late.by_key()
    # The 2021 page does not say; the 2013 one does, and nothing moved it since.
    assert by_key["opla"].parent_known and by_key["opla"].unit.parent == "director"
    assert by_key["opla"].parent_source is not None
    assert by_key["opla"].parent_source.when == D("2013-02-14")
    assert by_key["director"].parent_known and by_key["director"].unit.parent is None
    placed, apart = late.tree()
    assert [(depth, p.unit.key) for depth, p in placed] == [(0, "director"), (1, "opla")]


def test_partial_pages_never_add_or_remove() -> None:
    threads = follow(page("2008-01-01", unit("a", "Alpha"), unit("b", "Beta")),
                     page("2010-01-01", unit("b", "Beta"), unit("c", "Gamma")))
    net = net_change(threads, D("2008-01-01"), D("2011-01-01"))
    assert net.diff.changes == ()
    # Gamma, first seen in 2010 with no recorded beginning, counts as there from
    # the start, as first seen (name and place from the later page).
    gamma = net.start.by_key()["c"]
    assert gamma.inferred == ("present", "name", "parent")
    assert "c" not in names(structure_at(threads, D("2009-01-01")))  # show: not before it


def test_a_complete_snapshot_says_what_was_added_and_removed() -> None:
    threads = follow(page("2008-01-01", unit("a", "Alpha"), unit("b", "Beta"),
                          coverage="complete"),
                     page("2010-01-01", unit("b", "Beta"), unit("c", "Gamma"),
                          coverage="complete"))
    net = net_change(threads, D("2008-01-01"), D("2011-01-01"))
    assert [(c.types, [u.key for u in c.before], [u.key for u in c.after])
            for c in net.diff.changes] == [(("added",), [], ["c"]), (("removed",), ["a"], [])]
    assert net.diff.changes[0].evidence["effective"] == "between 2008-01-01 and 2010-01-01"
    assert set(names(structure_at(threads, D("2009-06-01")))) == {"a", "b"}


def test_curated_beginnings_and_ends_bound_a_life_no_page_shows() -> None:
    opened = LineageEvent(D("2017-04-26"), "added", (), ("voice",))
    closed = LineageEvent(D("2021-06-11"), "removed", ("voice",), ())
    voice = unit("voice", "Victims of Immigration Crime Engagement Office", "VOICE",
                 known=False)
    threads = follow(page("2013-02-14", unit("opa", "Office of Public Affairs")),
                     events=(opened, closed), named=(voice,))
    assert "voice" not in names(structure_at(threads, D("2017-04-25")))
    during = structure_at(threads, D("2019-01-01")).by_key()["voice"]
    assert during.unit.name == "Victims of Immigration Crime Engagement Office"
    assert during.events == (opened,) and during.seen[0].event is opened
    assert "voice" not in names(structure_at(threads, D("2021-06-11")))
    net = net_change(threads, D("2013-01-01"), D("2022-01-01"))
    assert [p.unit.key for p in net.passing] == ["voice"] and net.diff.changes == ()


def test_every_assembled_unit_cites_a_source() -> None:
    threads = _director_pages()
    for when in ("2009-01-01", "2013-02-14", "2022-01-01"):
        for placed in structure_at(threads, D(when)).units:
            assert placed.seen or placed.events
            assert placed.name_source is not None


def test_a_complete_snapshot_in_effect_is_the_answer_as_it_stands() -> None:
    whole = stored(7, page("2011-06-30", unit("a", "Alpha"), unit("b", "Beta", parent="a"),
                           coverage="complete"))
    later = LineageEvent(D("2012-01-01"), "removed", ("b",), ())
    structure = as_it_stands(whole, [later], D("2011-12-31"))
    assert structure.as_it_stands is whole.info
    assert [(p.unit, p.seen[0].snapshot) for p in structure.units] == [
        (u, whole.info) for u in whole.snapshot.units]
    assert all(p.events == () for p in structure.units)  # the event is later


def test_reversed_diff_tells_the_changes_backwards() -> None:
    old, new = unit("dro", "Detention and Removal", "DRO"), unit("ero", "Enforcement", "ERO")
    gone, born = unit("fps", "Federal Protective Service"), unit("ma", "Management")
    forward = Diff(
        "ICE", SnapshotRef(1, D("2008-01-01"), "complete"), SnapshotRef(2, D("2011-01-01"),
                                                                         "complete"),
        (Change(("added",), (), (born,), 1.0), Change(("removed",), (gone,), (), 1.0),
         Change(("renamed",), (old,), (new,), 1.0,
                fields={"name": FieldChange(old.name, new.name)})),
    )
    back = reversed_diff(forward)
    assert (back.before.id, back.after.id) == (2, 1)
    told = [(c.types, [u.key for u in c.before], [u.key for u in c.after]) for c in back.changes]
    assert told == [(("added",), [], ["fps"]), (("removed",), ["ma"], []),
                    (("renamed",), ["ero"], ["dro"])]
    assert back.changes[2].fields["name"] == FieldChange(new.name, old.name)


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2010-06-09", "2010-06-09", "2010-06-09"),
    ("2010-06", "2010-06-01", "2010-06-30"),
    ("2012-02", "2012-02-01", "2012-02-29"),
    ("2010", "2010-01-01", "2010-12-31"),
    (" 2010 ", "2010-01-01", "2010-12-31"),
])
def test_dates_as_people_write_them(text: str, first: str, last: str) -> None:
    period = parse_period(text)
    assert (period.first, period.last) == (D(first), D(last))


@pytest.mark.parametrize("text", ["2010-13", "2010-02-30", "10-06-2010", "2010/06", "0000",
                                  "20100", "June 2010", ""])
def test_a_malformed_date_says_which_forms_are_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD, YYYY-MM or YYYY"):
        parse_period(text)


def test_the_structure_on_a_date_rests_on_the_snapshots_between_complete_ones() -> None:
    from orgarchive.structure.assemble import sources_for

    pages = [stored(1, page("2008-01-01", unit("a", "A"))),
             stored(2, page("2009-01-01", unit("a", "A"), coverage="complete")),
             stored(3, page("2010-01-01", unit("a", "A"))),
             stored(4, page("2011-01-01", unit("a", "A"), coverage="complete")),
             stored(5, page("2012-01-01", unit("a", "A")))]
    infos = [s.info for s in pages]
    assert [i.id for i in sources_for(infos, D("2010-06-01"))] == [2, 3, 4]
    assert [i.id for i in sources_for(infos, D("2009-01-01"))] == [2, 3, 4]
    assert [i.id for i in sources_for(infos, D("2008-06-01"))] == [1, 2]
    assert [i.id for i in sources_for(infos, D("2013-01-01"))] == [4, 5]
    assert [i.id for i in sources_for(infos[2:3], D("2013-01-01"))] == [3]
    # The same structure as from every source, less the older citations.
    whole = follow(*[p.snapshot for p in pages])
    window = threads_of(AgencyRecord.of("ICE", pages[1:4]))
    assert names(structure_at(whole, D("2010-06-01"))) == names(
        structure_at(window, D("2010-06-01")))
