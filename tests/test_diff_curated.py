"""Curated lineage events decide the units they name (SPEC §2)."""

from __future__ import annotations

from datetime import date

from orgarchive.domain import LineageEvent, Source
from orgarchive.engine.diff import diff_snapshots
from tests.diff_helpers import ROOT, brief, later, snap, u

ODD = "Handles things nobody else handles, in ways that resemble nothing."


def event(day: date, type_: str, from_: tuple[str, ...], to: tuple[str, ...],
          note: str = "cited fact") -> LineageEvent:
    return LineageEvent(date=day, type=type_, from_keys=from_, to_keys=to, note=note,  # type: ignore[arg-type]
                        source=Source(title="Federal Register", url="https://example.gov/fr"))


def test_curated_rename_wins_over_inference() -> None:
    # Names and descriptions share nothing: inference alone says removed + added.
    before = snap(ROOT, u("oslc", "Office of State and Local Coordination", parent="root"))
    after = later(ROOT, u("x", "Partnership and Engagement Bureau", parent="root",
                          description=ODD))
    assert brief(diff_snapshots(before, after)) == [
        (("added",), [], ["x"]), (("removed",), ["oslc"], [])
    ]
    d = diff_snapshots(before, after, [event(date(2010, 6, 1), "renamed", ("oslc",), ("x",))])
    assert brief(d) == [(("renamed",), ["oslc"], ["x"])]
    change = d.changes[0]
    assert change.curated is True and change.confidence == 1.0
    assert change.evidence["events"] == [
        {"date": "2010-06-01", "type": "renamed", "note": "cited fact",
         "source": {"title": "Federal Register", "url": "https://example.gov/fr"}}
    ]


def test_chain_of_events_is_followed_across_the_interval() -> None:
    before = snap(ROOT, u("oslc", "Office of State and Local Coordination", parent="root"))
    after = later(ROOT, u("x", "Partnership and Engagement Bureau", parent="root"))
    events = [
        event(date(2009, 2, 1), "renamed", ("oslc",), ("osltc",), "first"),
        event(date(2011, 3, 1), "renamed", ("osltc",), ("x",), "second"),
    ]
    d = diff_snapshots(before, after, events)
    assert brief(d) == [(("renamed",), ["oslc"], ["x"])]
    assert [e["note"] for e in d.changes[0].evidence["events"]] == ["first", "second"]


def test_events_outside_the_interval_or_about_absent_keys_are_ignored() -> None:
    before = snap(ROOT, u("a", "Office of Policy", parent="root"))
    after = later(ROOT, u("a", "Office of Policy", parent="root"))
    events = [
        event(date(2008, 1, 1), "removed", ("a",), ()),  # on the earlier date: before it
        event(date(2013, 1, 1), "removed", ("a",), ()),  # after the later date
        event(date(2010, 1, 1), "renamed", ("zz",), ("yy",)),  # keys in neither snapshot
    ]
    d = diff_snapshots(before, after, events)
    assert d.changes == ()


def test_event_on_the_later_date_counts() -> None:
    before = snap(ROOT, u("fps", "Federal Protective Service", parent="root"))
    after = later(ROOT, coverage="partial")
    d = diff_snapshots(before, after, [event(date(2012, 1, 1), "removed", ("fps",), ())])
    # Curated removal decides even though the later snapshot is partial.
    assert brief(d) == [(("removed",), ["fps"], [])]
    assert d.changes[0].curated


def test_curated_rename_whose_parent_also_changed_is_renamed_and_moved() -> None:
    units = (ROOT, u("p1", "Office of Policy", parent="root"),
             u("p2", "Office of Training", parent="root"))
    before = snap(*units, u("oi", "Office of Investigations", parent="p1"))
    after = later(*units, u("hsi", "Homeland Security Investigations", parent="p2"))
    d = diff_snapshots(before, after, [event(date(2010, 6, 1), "renamed", ("oi",), ("hsi",))])
    assert brief(d) == [(("renamed", "moved"), ["oi"], ["hsi"])]


def test_curated_merge_and_added() -> None:
    before = snap(ROOT, u("a", "Office of Intelligence", parent="root"),
                  u("b", "Office of Investigations", parent="root"))
    after = later(ROOT, u("b", "Office of Investigations", parent="root"),
                  u("ma", "Management and Administration", parent="root"))
    events = [event(date(2010, 6, 1), "merged", ("a", "b"), ("b",)),
              event(date(2010, 6, 1), "added", (), ("ma",))]
    assert brief(diff_snapshots(before, after, events)) == [
        (("added",), [], ["ma"]), (("merged",), ["a", "b"], ["b"])
    ]


def test_a_long_chain_of_renames_costs_near_linear_time() -> None:
    # e -> k0 -> k1 -> ... -> e within one year (issue 15, point 1): 100,000 events
    import time

    n = 100_000
    keys = ["e", *(f"k{i}" for i in range(n - 1)), "e"]
    chain = [event(date(2010, 1 + i * 12 // n, 1), "renamed", (keys[i],), (keys[i + 1],))
             for i in range(n)]
    before = snap(ROOT, u("e", "Office of Policy", parent="root"))
    after = later(ROOT, u("e", "Office of Policy", parent="root"))
    t0 = time.process_time()
    d = diff_snapshots(before, after, chain)
    assert time.process_time() - t0 < 5.0
    [change] = d.changes  # the chain takes e back to e: one curated record, every event
    assert change.curated and [x.key for x in change.before] == ["e"]
    assert len(change.evidence["events"]) == n


def test_a_curated_rename_into_a_key_the_earlier_snapshot_already_holds_is_told() -> None:
    # GOV.UK lists a successor before it takes over: the register of 2023-11
    # already holds government-people-group, which civil-service-hr "became"
    # on 2023-11-16. The event decides civil-service-hr and the later
    # government-people-group; the earlier one is left to inference, and no
    # unit is told twice (this crashed in the reorganisation finder).
    before = snap(ROOT, u("hr", "Civil Service HR", parent="root"),
                  u("gpg", "Government People Group", parent="root"),
                  u("gpg-x", "People Analytics", parent="gpg"))
    after = later(ROOT, u("gpg", "Government People Group", parent="root"),
                  u("gpg-x", "People Analytics", parent="gpg"))
    d = diff_snapshots(before, after, [event(date(2010, 11, 16), "renamed", ("hr",), ("gpg",))])
    told_before = [x.key for c in d.changes for x in c.before] + [b.key for b, _ in d.unchanged]
    told_after = [x.key for c in d.changes for x in c.after] + [a.key for _, a in d.unchanged]
    assert sorted(told_before) == ["gpg", "gpg-x", "hr", "root"]
    assert sorted(told_after) == ["gpg", "gpg-x", "root"]
    [curated] = [c for c in d.changes if c.curated]
    assert ([x.key for x in curated.before], [x.key for x in curated.after]) == (["hr"], ["gpg"])
