"""An absorption that names and parents cannot show is reported as removed,
with the likely absorbers and their scores in the evidence (issue 13, point 4)."""

from __future__ import annotations

from typing import Any

from orgarchive.domain import Change
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


HOME_OFFICE = u("ho", "Home Office", parent="root")


def test_two_bodies_whose_names_make_up_a_kept_sibling_name_were_merged_into_it() -> None:
    # GOV.UK, March 2022: the Biometrics Commissioner and the Surveillance Camera
    # Commissioner closed ("merged" into the Biometrics and Surveillance Camera
    # Commissioner, whose page had been open since December 2021).
    joint = u("bscc", "Biometrics and Surveillance Camera Commissioner", parent="ho")
    kept = (ROOT, HOME_OFFICE, joint, u("iasc", "Independent Anti-slavery Commissioner",
                                        parent="ho"))
    before = snap(*kept, u("bc", "Biometrics Commissioner", parent="ho"),
                  u("scc", "Surveillance Camera Commissioner", parent="ho"))
    d = diff_snapshots(before, later(*kept))
    assert brief(d) == [(("merged",), ["bc", "bscc", "scc"], ["bscc"])]
    # the mirror: the joint body split into the two
    assert brief(diff_snapshots(later(*kept), before)) == [
        (("split",), ["bscc"], ["bc", "bscc", "scc"])]


def test_one_body_inside_a_kept_sibling_name_is_only_removed() -> None:
    # 103rd Congress: Senate Finance's "Taxation" subcommittee ended while
    # "Energy and Agricultural Taxation" went on: one name inside another is
    # not a merge.
    finance = u("ssfi", "Finance", parent="root")
    kept = (ROOT, finance, u("ssfi07", "Energy and Agricultural Taxation", parent="ssfi"))
    d = diff_snapshots(snap(*kept, u("ssfi10", "Taxation", parent="ssfi")), later(*kept))
    assert brief(d) == [(("removed",), ["ssfi10"], [])]


def test_two_names_joined_in_a_new_name_make_no_merge() -> None:
    # 103rd Congress, Senate Agriculture: "Agricultural Research and General
    # Legislation" was renamed "Agricultural Research, Conservation, Forestry and
    # General Legislation" (same subcommittee) and "Conservation and Forestry"
    # ended; a new joint name cannot tell that from a merger.
    ag = u("ssaf", "Agriculture, Nutrition, and Forestry", parent="root")
    before = snap(ROOT, ag, u("ssaf04", "Agricultural Research and General Legislation",
                              parent="ssaf"),
                  u("ssaf02", "Conservation and Forestry", parent="ssaf"))
    after = later(ROOT, ag, u("new", "Agricultural Research, Conservation, Forestry and "
                              "General Legislation", parent="ssaf"))
    d = diff_snapshots(before, after)
    assert not [r for r in brief(d) if {"merged", "split"} & set(r[0])]


def _removal_beside_a_likely_counterpart(renew_keys: bool) -> dict[tuple[Any, ...], Change]:
    # A body gone while one of like name appears elsewhere may be that body,
    # renamed and moved; one whose name nothing resembles is surely removed.
    k = (lambda key: f"{key}-2") if renew_keys else (lambda key: key)
    before = snap(ROOT, u("a", "Enforcement Directorate", parent="root"),
                  u("b", "Investigations Directorate", parent="root"),
                  u("intel", "Office of Intelligence", parent="a"),
                  u("mbi", "Morecambe Bay Investigation", parent="a"))
    after = later(u(k("root"), ROOT.name, kind=ROOT.kind),
                  u(k("a"), "Enforcement Directorate", parent=k("root")),
                  u(k("b"), "Investigations Directorate", parent=k("root")),
                  u("hsi-intel", "HSI Intelligence Analysis", parent=k("b")))
    d = diff_snapshots(before, after)
    return {(c.types, *keys): c for c in d.changes
            for keys in [tuple(x.key for x in (*c.before, *c.after))]}


def test_a_removal_with_a_likely_counterpart_names_it() -> None:
    for renew_keys in (False, True):
        got = _removal_beside_a_likely_counterpart(renew_keys)
        gone = got[(("removed",), "intel")].evidence
        assert gone["best_candidate"] == "hsi-intel" and gone["best_score"] >= 0.09
        assert got[(("added",), "hsi-intel")].evidence["best_candidate"] == "intel"
        assert "best_candidate" not in got[(("removed",), "mbi")].evidence


def test_a_removal_with_a_likely_counterpart_is_less_certain_when_keys_are_renewed() -> None:
    # confidence of an unmatched unit: how likely it truly has no counterpart.
    # When the snapshots' keys are renewed (every matched unit here), only the
    # scores tell a unit gone from one renamed (docs/diff.md, Confidence); when
    # they are kept, a unit whose key vanished was right as often with a likely
    # counterpart as without one on the real pairs, and the calibration says so.
    got = _removal_beside_a_likely_counterpart(renew_keys=True)
    conf = {key: c.confidence for key, c in got.items()}
    assert conf[(("removed",), "intel")] < 0.9 <= conf[(("removed",), "mbi")]
    assert conf[(("added",), "hsi-intel")] < 0.9


def test_the_sibling_that_took_a_removed_bodys_own_body_is_named_first() -> None:
    # One child is too little to call it an absorption (two or more, three
    # quarters, make one: docs/diff.md section 4), but where it went is the
    # first place a reviewer should look, whatever the names say.
    fcdo = u("fcdo", "Foreign, Commonwealth & Development Office", parent="root")
    kept = (ROOT, fcdo, u("cabinet", "Cabinet Office", parent="root"),
            u("dit", "Department for International Trade", parent="root"))
    before = snap(*kept, u("su", "Stabilisation Unit", parent="root"),
                  u("csf", "Conflict, Stability and Security Fund", parent="su"))
    after = later(*kept, u("csf", "Conflict, Stability and Security Fund", parent="fcdo"))
    d = diff_snapshots(before, after)
    removed = next(c for c in d.changes if c.types == ("removed",))
    assert [u.key for u in removed.before] == ["su"]
    absorbers = removed.evidence["absorbers"]
    assert absorbers[0]["relation"] == "parent"  # the counterpart of its parent first
    siblings = [a for a in absorbers if a["relation"] == "sibling"]
    assert siblings[0]["key"] == "fcdo" and siblings[0]["children_received"] == 1
    assert all("children_received" not in a for a in absorbers if a["key"] != "fcdo")
