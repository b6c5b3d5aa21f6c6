"""SPEC §1: in a partial snapshot a unit that leaves ``parent`` out has an
unknown parent; no move is ever reported from or to it (issue 9, point 1)."""

from __future__ import annotations

import json

from orgarchive.domain import Snapshot
from orgarchive.engine.diff import diff_snapshots
from orgarchive.files.read import parse_document
from tests.diff_helpers import ROOT, brief, later, snap, u


def _page(as_of: str, units: list[dict[str, object]], coverage: str = "partial") -> Snapshot:
    doc = {"format": "orgarchive.snapshot/1", "agency": "X", "as_of": as_of,
           "coverage": coverage, "units": units}
    got = parse_document(json.dumps(doc).encode(), "page.json")
    assert isinstance(got, Snapshot)
    return got


def test_a_partial_page_that_does_not_say_where_a_unit_sits_reports_no_move() -> None:
    before = snap(ROOT, u("p", "Office of Policy", parent="root"),
                  u("a", "Records Branch", parent="p"))
    page = _page("2012-01-01", [{"key": "a", "name": "Records Branch"}])
    [unit] = page.units
    assert unit.parent_known is False and unit.parent is None
    d = diff_snapshots(before, page)
    assert d.changes == ()  # not moved to the top: unknown
    assert ("a", "a") in [(x.key, y.key) for x, y in d.unchanged]
    back = diff_snapshots(_page("2008-01-01", [{"key": "a", "name": "Records Branch"}]),
                          later(*before.units))
    assert back.changes == ()


def test_parent_null_on_a_partial_page_is_the_top_and_a_move() -> None:
    before = snap(ROOT, u("p", "Office of Policy", parent="root"),
                  u("a", "Records Branch", parent="p"))
    page = _page("2012-01-01", [{"key": "a", "name": "Records Branch", "parent": None}])
    assert brief(diff_snapshots(before, page)) == [(("moved",), ["a"], ["a"])]


def test_a_unit_with_a_new_key_and_an_unknown_parent_is_still_found_by_name() -> None:
    before = snap(ROOT, u("p", "Office of Policy", parent="root"),
                  u("a", "Cyber Crimes Center", parent="p"))
    page = _page("2012-01-01", [{"key": "c3", "name": "Cyber Crimes Center"},
                                {"key": "p", "name": "Office of Policy"}])
    d = diff_snapshots(before, page)
    assert d.changes == ()
    assert ("a", "c3") in [(x.key, y.key) for x, y in d.unchanged]
