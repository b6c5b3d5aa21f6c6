"""n:m reorganisations: one unit split while another is merged into one of
the pieces, told apart from plain renames by the names the pieces took."""

from __future__ import annotations

from orgarchive.domain import Unit
from orgarchive.engine.diff import diff_snapshots
from tests.diff_helpers import ROOT, brief, later, snap, u

INTEL = "Collects and analyses threat intelligence for enforcement operations nationwide."
LIAISON = "Coordinates with state and local police departments on joint task forces."
BUDGET = "Prepares the annual budget request and tracks spending against it."
# the second piece of the split unit: its own sentence, worded after the old one
PIECE = "Supports intelligence collection for enforcement operations nationwide."


def _before() -> tuple[Unit, ...]:
    return (
        ROOT,
        u("intel", "Intelligence Collection Division", parent="root", description=INTEL),
        u("liaison", "Field Liaison Office", parent="root", description=LIAISON),
        u("budget", "Office of Budget", parent="root", description=BUDGET),
    )


def test_split_unit_and_unit_merged_into_a_piece_are_one_record() -> None:
    after = later(
        ROOT,
        u("ia", "Intelligence Analysis Division", parent="root", description=INTEL),
        u("is", "Intelligence Support Division", parent="root",
          description=f"{PIECE} {LIAISON}"),
        u("budget", "Office of Budget", parent="root", description=BUDGET),
    )
    d = diff_snapshots(snap(*_before()), after)
    assert brief(d) == [(("merged", "split"), ["intel", "liaison"], ["ia", "is"])]
    # every piece is tied to the record by content (a description sentence) or by name
    ev = d.changes[0].evidence
    tied = set(ev["coverage"]) | set(ev.get("named_after", {})) | set(ev.get("named_after",
                                                                          {}).values())
    assert {"before:intel", "before:liaison", "after:ia", "after:is"} <= tied
    assert d.summary()["merged"] == 1 and d.summary()["split"] == 1
    # the other direction reads as the mirror image
    back = diff_snapshots(later(*after.units), snap(*_before()))
    assert brief(back) == [(("merged", "split"), ["ia", "is"], ["intel", "liaison"])]


def test_a_rename_to_a_new_name_keeping_its_text_stays_a_rename() -> None:
    # the renamed unit's name shares a word with a renamed sibling, but it
    # carries nothing of that sibling's text: two renames, no reorganisation
    after = later(
        ROOT,
        u("ia", "Intelligence Analysis Division", parent="root", description=INTEL),
        u("ip", "Intelligence Partnerships Office", parent="root", description=LIAISON),
        u("budget", "Office of Budget", parent="root", description=BUDGET),
    )
    d = diff_snapshots(snap(*_before()), after)
    assert brief(d) == [(("renamed",), ["intel"], ["ia"]), (("renamed",), ["liaison"], ["ip"])]


def test_a_namesake_sibling_that_only_moved_is_not_drawn_in() -> None:
    # "Intelligence Support Division" gives way to "Field Liaison Office" (its
    # liaison sentence lives on); its namesake sibling only moved, whole, so
    # nothing of it was split off
    before = snap(
        ROOT,
        u("ops", "Operations Directorate", parent="root", description=BUDGET),
        u("sup", "Mission Support Directorate", parent="root"),
        u("intel", "Intelligence Collection Division", parent="ops", description=INTEL),
        u("is", "Intelligence Support Division", parent="ops",
          description=f"{PIECE} {LIAISON}"),
    )
    after = later(
        ROOT,
        u("ops", "Operations Directorate", parent="root", description=BUDGET),
        u("sup", "Mission Support Directorate", parent="root"),
        u("intel", "Intelligence Collection Division", parent="sup", description=INTEL),
        u("liaison", "Field Liaison Office", parent="ops", description=LIAISON),
    )
    d = diff_snapshots(before, after)
    assert brief(d) == [(("renamed", "modified"), ["is"], ["liaison"]),
                        (("moved",), ["intel"], ["intel"])]
