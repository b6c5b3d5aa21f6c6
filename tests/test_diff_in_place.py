"""A unit gone from a parent as another arrives under it, on names alone, is
a likely rename (issue 13, point 2): matching takes such a pair in place
under 0.5 (``Model.accept``), and only in place. The cases are real pairs of
../shared/real/diff, and what each test expects is what the source's own
lineage says (truth.json), not what the engine printed."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from real_pairs import REAL, Pair, load_pairs  # noqa: E402

from orgarchive.domain import Diff  # noqa: E402
from orgarchive.engine.diff import diff_snapshots  # noqa: E402
from orgarchive.engine.model import load_model  # noqa: E402

pytestmark = pytest.mark.skipif(not REAL.is_dir(),
                                reason="../shared/real/diff is not beside the checkout")


def _pair(set_name: str, name: str, variant: str) -> Pair:
    return next(p for p in load_pairs(REAL, (set_name,), (variant,)) if p.name == name)


def _records(d: Diff) -> dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, ...]]:
    return {(tuple(sorted(u.key for u in c.before)), tuple(sorted(u.key for u in c.after))):
            tuple(c.types) for c in d.changes}


def _true_rename(p: Pair, before: str) -> str:
    """The after key of ``before`` by the source's lineage, which says it was renamed."""
    after = p.identity[before]
    assert any(r.before == (before,) and r.after == (after,) and "renamed" in r.types
               for r in p.truth), (before, after)
    return after


@pytest.mark.parametrize(("set_name", "name", "before"), [
    # House Foreign Affairs, 98th Congress: Inter-American Affairs became Western
    # Hemisphere Affairs, the only subcommittee gone and the only one new there
    ("congress-hist", "097_098", "hsfa07"),
    # BEIS, April 2022: the Oil and Gas Authority became the North Sea Transition
    # Authority (sharing "Authority" only)
    ("govuk-monthly", "2022-03-01_2022-04-01", "oil-and-gas-authority"),
])
def test_a_unit_replaced_under_the_same_parent_is_renamed(set_name: str, name: str,
                                                          before: str) -> None:
    p = _pair(set_name, name, "rekeyed")
    after = _true_rename(p, before)
    got = _records(diff_snapshots(p.before, p.after))
    assert "renamed" in got.get(((before,), (after,)), ()), got
    # at the usual bar (more likely than not) the same pair is a removal and an addition
    strict = load_model()
    strict = type(strict)(weights=strict.weights, bias=strict.bias, accept=0.5)
    got = _records(diff_snapshots(p.before, p.after, model=strict))
    assert got.get(((before,), ())) == ("removed",) and got.get(((), (after,))) == ("added",)


def test_a_weak_pair_that_would_also_move_stays_unmatched() -> None:
    # 98th Congress, as the source keys them: the House's Manpower and Housing
    # (Government Operations) ended and the Senate's Rural Housing and
    # Development (Banking) began; different ids, different chambers
    p = _pair("congress-hist", "097_098", "as-is")
    assert "hsgo07" not in p.identity and "ssbk09" in {u.key for u in p.after.units}
    got = _records(diff_snapshots(p.before, p.after))
    assert got.get((("hsgo07",), ())) == ("removed",)
    assert got.get(((), ("ssbk09",))) == ("added",)


def test_a_rival_that_could_never_be_taken_does_not_keep_a_pair_in_place_out() -> None:
    # 101st Congress: Senate Governmental Affairs' "Government Efficiency,
    # Federalism, and the District of Columbia" became "General Services,
    # Federalism, and the District of Columbia" (one thomas_id). The new name's
    # best candidates on words were the two Appropriations "District of
    # Columbia" subcommittees that ended that Congress: pairs that would move a
    # unit to another committee on less than even odds, never taken.
    p = _pair("congress-hist", "100_101", "rekeyed")
    after = _true_rename(p, "ssga04")
    got = _records(diff_snapshots(p.before, p.after))
    assert "renamed" in got.get((("ssga04",), (after,)), ()), got
    for ended in ("hsap03", "ssap03"):  # by the source, both ended
        assert ended not in p.identity
        assert got.get(((ended,), ())) == ("removed",)


@pytest.mark.parametrize(("set_name", "name", "befores"), [
    # February 2023: the Department for Digital, Culture, Media & Sport's bodies
    # went to the new Department for Culture, Media and Sport (the old one
    # stays in the register a while); among them the Geffrye Museum, renamed
    # the Museum of the Home
    ("govuk-monthly", "2023-02-01_2023-03-01", ("geffrye-museum",)),
    # 104th Congress: House Armed Services became National Security, its
    # subcommittees going with it; Research and Technology became Military
    # Research and Development, Military Acquisition became Military Procurement
    ("congress-hist", "103_104", ("hsas01", "hsas20")),
])
def test_a_parent_is_where_its_children_went(set_name: str, name: str,
                                             befores: tuple[str, ...]) -> None:
    p = _pair(set_name, name, "rekeyed")
    got = _records(diff_snapshots(p.before, p.after))
    for before in befores:
        after = _true_rename(p, before)
        assert "renamed" in got.get(((before,), (after,)), ()), (before, after)
