"""An absorption that names and parents cannot show is reported as removed,
with the likely absorbers and their scores in the evidence (issue 13, point 4)."""

from __future__ import annotations

from orgarchive.engine.diff import diff_snapshots
from tests.diff_helpers import ROOT, brief, later, snap, u

NDA = u("nda", "Nuclear Decommissioning Authority", parent="root")


def test_a_body_gone_beside_a_namesake_is_removed_with_its_likely_absorbers() -> None:
    kept = (ROOT, NDA, u("nws", "Nuclear Waste Services", parent="nda"),
            u("sellafield", "Sellafield Ltd", parent="nda"),
            u("other", "Office of Rail and Road", parent="root"))
    before = snap(*kept, u("rwm", "Radioactive Waste Management", parent="nda"))
    d = diff_snapshots(before, later(*kept))
    assert brief(d) == [(("removed",), ["rwm"], [])]  # no merge invented
    absorbers = d.changes[0].evidence["absorbers"]
    assert absorbers[0] == {"key": "nda", "relation": "parent", "name_overlap": 0.0}
    assert [a["key"] for a in absorbers[1:]] == ["nws"]  # shares "Waste"; Sellafield nothing
    assert 0 < absorbers[1]["name_overlap"] < 1


def test_an_added_body_names_where_it_may_come_from() -> None:
    kept = (ROOT, NDA, u("nws", "Nuclear Waste Services", parent="nda"))
    after = later(*kept, u("lw", "Low Level Waste Repository", parent="nda"))
    d = diff_snapshots(snap(*kept), after)
    assert brief(d) == [(("added",), [], ["lw"])]
    assert [s["key"] for s in d.changes[0].evidence["sources"]] == ["nda", "nws"]
