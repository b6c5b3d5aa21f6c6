"""Invariants of the diff engine, checked on random small agencies (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from orgarchive.domain import Diff, Snapshot, Unit
from orgarchive.engine.diff import diff_snapshots
from orgarchive.report.changes import changes_json

WORDS = ["Border", "Cyber", "Policy", "Removal", "Detention", "Intelligence", "Training",
         "Finance", "Records", "Liaison", "Operations", "Investigations"]
KINDS = ["office", "division", "branch", None]

unit_text = st.tuples(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),  # name words
    st.sampled_from(KINDS),
    st.one_of(st.none(), st.lists(st.sampled_from(WORDS), min_size=2, max_size=8)),
    st.booleans(),  # has an acronym
)


@st.composite
def snapshots(draw: st.DrawFn, as_of: date) -> Snapshot:
    keys = draw(st.lists(st.sampled_from([f"k{i}" for i in range(14)]), min_size=1,
                         max_size=10, unique=True))
    units: list[Unit] = []
    for i, key in enumerate(keys):
        words, kind, desc, acr = draw(unit_text)
        parent = draw(st.one_of(st.none(), st.sampled_from(keys[:i]))) if i else None
        name = " ".join(words)
        units.append(Unit(
            key=key, name=name, kind=kind, parent=parent,
            acronym="".join(w[0] for w in words) if acr else None,
            description=" ".join(desc) + "." if desc else None,
        ))
    coverage = draw(st.sampled_from(["complete", "complete", "partial"]))
    return Snapshot(agency="X", as_of=as_of, units=tuple(units), coverage=coverage)


EARLY, LATE = date(2008, 1, 1), date(2012, 1, 1)


def _records(d: Diff, swap: bool = False) -> set[tuple[frozenset[str], tuple[str, ...],
                                                        tuple[str, ...]]]:
    mirror = {"added": "removed", "removed": "added", "merged": "split", "split": "merged"}
    out = set()
    for c in d.changes:
        b = tuple(sorted(x.key for x in c.before))
        a = tuple(sorted(x.key for x in c.after))
        if swap:
            out.add((frozenset(mirror.get(t, t) for t in c.types), a, b))
        else:
            out.add((frozenset(c.types), b, a))
    return out


@settings(max_examples=150, deadline=None)
@given(snapshots(EARLY))
def test_a_snapshot_diffed_with_itself_has_no_changes(a: Snapshot) -> None:
    same = Snapshot(agency="X", as_of=LATE, units=a.units, coverage=a.coverage)
    d = diff_snapshots(a, same)
    assert d.changes == ()
    assert len(d.unchanged) == len(a.units)


@settings(max_examples=150, deadline=None)
@given(snapshots(EARLY), snapshots(LATE))
def test_diff_backwards_mirrors_diff_forwards(a: Snapshot, b: Snapshot) -> None:
    forward = diff_snapshots(a, b)
    backward = diff_snapshots(b, a)
    assert _records(backward, swap=True) == _records(forward)
    assert {(x.key, y.key) for x, y in backward.unchanged} == {
        (y.key, x.key) for x, y in forward.unchanged
    }


@settings(max_examples=150, deadline=None)
@given(snapshots(EARLY), snapshots(LATE))
def test_every_unit_appears_exactly_once(a: Snapshot, b: Snapshot) -> None:
    d = diff_snapshots(a, b)
    seen_b = [id(x) for c in d.changes for x in c.before] + [id(x) for x, _ in d.unchanged]
    seen_a = [id(x) for c in d.changes for x in c.after] + [id(y) for _, y in d.unchanged]
    unobserved = {id(x) for x in d.unobserved}
    for units, seen in ((a.units, seen_b), (b.units, seen_a)):
        for unit in units:
            assert seen.count(id(unit)) + (id(unit) in unobserved) == 1, unit.key
    assert len(seen_b) + len(seen_a) + len(unobserved) == len(a.units) + len(b.units)


@settings(max_examples=100, deadline=None)
@given(snapshots(EARLY), snapshots(LATE), st.randoms(use_true_random=False))
def test_output_is_deterministic_whatever_the_unit_order(a: Snapshot, b: Snapshot,
                                                         rnd: object) -> None:
    units = list(b.units)
    rnd.shuffle(units)  # type: ignore[attr-defined]
    shuffled = Snapshot(agency="X", as_of=LATE, units=tuple(units), coverage=b.coverage)
    assert changes_json(diff_snapshots(a, b), True) == changes_json(
        diff_snapshots(a, shuffled), True
    )
    assert changes_json(diff_snapshots(a, b)) == changes_json(diff_snapshots(a, b))
