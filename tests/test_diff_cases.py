"""Hand-built cases for each kind of change (SPEC §3)."""

from __future__ import annotations

from orgarchive.domain import FieldChange
from orgarchive.engine.diff import diff_snapshots
from tests.diff_helpers import ROOT, brief, later, snap, u

DRO_TEXT = (
    "Promotes public safety and national security by ensuring the departure of all "
    "removable aliens through enforcement of immigration laws."
)


def test_identical_snapshots_have_no_changes() -> None:
    a = snap(ROOT, u("a", "Office of Policy", parent="root"))
    d = diff_snapshots(a, later(*a.units))
    assert d.changes == ()
    assert d.summary()["unchanged"] == 2


def test_rename_with_a_new_key_is_found_from_name_and_description() -> None:
    before = snap(ROOT, u("dro", "Office of Detention and Removal Operations", acronym="DRO",
                          parent="root", description=DRO_TEXT))
    after = later(ROOT, u("ero", "Enforcement and Removal Operations", acronym="ERO",
                          parent="root", description=DRO_TEXT))
    d = diff_snapshots(before, after)
    assert brief(d) == [(("renamed",), ["dro"], ["ero"])]
    change = d.changes[0]
    assert change.fields == {
        "name": FieldChange("Office of Detention and Removal Operations",
                            "Enforcement and Removal Operations"),
        "acronym": FieldChange("DRO", "ERO"),
    }
    assert 0.5 <= change.confidence <= 1.0
    # found by the scorer, or from the carried description by the content stage
    assert change.evidence.get("description_similarity", change.evidence.get("coverage")) == 1.0


def test_rename_keeping_the_key() -> None:
    before = snap(ROOT, u("oi", "Office of Investigations", acronym="OI", parent="root"))
    after = later(ROOT, u("oi", "Homeland Security Investigations", acronym="HSI",
                          parent="root"))
    d = diff_snapshots(before, after)
    assert brief(d) == [(("renamed",), ["oi"], ["oi"])]
    assert d.changes[0].evidence == {"stage": "key"}
    assert d.changes[0].confidence == 1.0


def test_wording_only_name_change_is_modified_not_renamed() -> None:
    before = snap(ROOT, u("opla", "Office of Principal Legal Advisor", acronym="OPLA",
                          parent="root"))
    after = later(ROOT, u("opla", "Office of the  Principal Legal-Advisor.", acronym="opla",
                          parent="root"))
    d = diff_snapshots(before, after)
    assert brief(d) == [(("modified",), ["opla"], ["opla"])]
    assert d.changes[0].fields == {
        "name": FieldChange("Office of Principal Legal Advisor",
                            "Office of the  Principal Legal-Advisor."),
        "acronym": FieldChange("OPLA", "opla"),
    }


def test_child_of_a_renamed_parent_has_not_moved() -> None:
    before = snap(ROOT, u("dro", "Office of Detention and Removal Operations", parent="root",
                          description=DRO_TEXT),
                  u("fugitive", "National Fugitive Operations Program", parent="dro"))
    after = later(ROOT, u("ero", "Enforcement and Removal Operations", parent="root",
                          description=DRO_TEXT),
                  u("fugitive", "National Fugitive Operations Program", parent="ero"))
    d = diff_snapshots(before, after)
    assert brief(d) == [(("renamed",), ["dro"], ["ero"])]
    assert ("fugitive", "fugitive") in [(b.key, a.key) for b, a in d.unchanged]


def test_move_to_another_parent() -> None:
    units = (ROOT, u("p1", "Office of Policy", parent="root"),
             u("p2", "Office of Training", parent="root"))
    before = snap(*units, u("c", "Records Branch", parent="p1"))
    after = later(*units, u("c", "Records Branch", parent="p2"))
    d = diff_snapshots(before, after)
    assert brief(d) == [(("moved",), ["c"], ["c"])]
    assert d.changes[0].fields == {"parent": FieldChange("p1", "p2")}


def test_absent_optional_fields_are_unknown_not_changes() -> None:
    before = snap(ROOT, u("opr", "Office of Professional Responsibility", parent="root",
                          description="Investigates misconduct."))
    after = later(ROOT, u("opr", "Office of Professional Responsibility", acronym="OPR",
                          kind="office", parent="root", aliases=("OPR",)))
    d = diff_snapshots(before, after)
    assert d.changes == ()


def test_acronym_change_alone_is_a_rename() -> None:
    before = snap(ROOT, u("ma", "Management and Administration", acronym="M&A", parent="root"))
    after = later(ROOT, u("ma", "Management and Administration", acronym="MGT", parent="root"))
    assert brief(diff_snapshots(before, after)) == [(("renamed",), ["ma"], ["ma"])]


def test_description_and_kind_edits_are_modified_with_old_and_new() -> None:
    before = snap(ROOT, u("a", "Office of Policy", kind="office", parent="root",
                          description="Writes policy."))
    after = later(ROOT, u("a", "Office of Policy", kind="division", parent="root",
                          description="Writes and reviews policy."))
    d = diff_snapshots(before, after)
    assert brief(d) == [(("modified",), ["a"], ["a"])]
    assert d.changes[0].fields == {
        "kind": FieldChange("office", "division"),
        "description": FieldChange("Writes policy.", "Writes and reviews policy."),
    }


def test_added_and_removed() -> None:
    before = snap(ROOT, u("fps", "Federal Protective Service", acronym="FPS", parent="root",
                          description="Protects federal buildings and the people in them."))
    after = later(ROOT, u("ma", "Management and Administration", acronym="M&A", parent="root",
                          description="Runs budget, human capital and acquisition."))
    assert brief(diff_snapshots(before, after)) == [
        (("added",), [], ["ma"]),
        (("removed",), ["fps"], []),
    ]


MERGE_A = "Coordinates cyber crime investigations across field offices nationwide."
MERGE_B = "Analyses digital evidence seized in criminal cases for prosecutors."
MERGE_C = "Trains agents in computer forensics and network intrusion response."


def test_absorb_merge_where_the_survivor_keeps_its_key() -> None:
    before = snap(ROOT, u("cyber", "Cyber Crimes Center", parent="root", description=MERGE_A),
                  u("forensics", "Digital Forensics Unit", parent="root", description=MERGE_B))
    after = later(ROOT, u("cyber", "Cyber Crimes Center", parent="root",
                          description=f"{MERGE_A} {MERGE_B}"))
    assert brief(diff_snapshots(before, after)) == [
        (("merged",), ["cyber", "forensics"], ["cyber"])
    ]


def test_merge_into_a_new_unit_takes_the_children_along() -> None:
    before = snap(ROOT, u("cyber", "Cyber Crimes Center", parent="root", description=MERGE_A),
                  u("forensics", "Digital Forensics Unit", parent="root", description=MERGE_B),
                  u("lab", "Evidence Laboratory", parent="forensics"))
    after = later(ROOT, u("c3", "Cyber and Forensics Division", parent="root",
                          description=f"{MERGE_A} {MERGE_B}"),
                  u("lab", "Evidence Laboratory", parent="c3"))
    d = diff_snapshots(before, after)
    assert brief(d) == [(("merged",), ["cyber", "forensics"], ["c3"])]
    assert [b.key for b, _ in d.unchanged] == ["lab", "root"]  # lab followed its parent


def test_split_into_two_new_units() -> None:
    before = snap(ROOT, u("ops", "Office of Cyber Operations", parent="root",
                          description=f"{MERGE_A} {MERGE_B}"))
    after = later(ROOT, u("inv", "Cyber Investigations Division", parent="root",
                          description=MERGE_A),
                  u("dfs", "Digital Forensics Division", parent="root", description=MERGE_B))
    assert brief(diff_snapshots(before, after)) == [(("split",), ["ops"], ["dfs", "inv"])]


def test_n_to_m_reorganisation_is_one_record_of_both_types() -> None:
    before = snap(ROOT, u("ops", "Office of Cyber Operations", parent="root",
                          description=f"{MERGE_A} {MERGE_B}"),
                  u("train", "Computer Training Office", parent="root", description=MERGE_C))
    after = later(ROOT, u("inv", "Cyber Investigations Division", parent="root",
                          description=MERGE_A),
                  u("dfs", "Digital Forensics Division", parent="root",
                        description=f"{MERGE_B} {MERGE_C}"))
    assert brief(diff_snapshots(before, after)) == [
        (("merged", "split"), ["ops", "train"], ["dfs", "inv"])
    ]


def test_partial_after_leaves_missing_units_unobserved() -> None:
    before = snap(ROOT, u("a", "Office of Policy", parent="root"),
                  u("b", "Office of Training", parent="root"))
    after = later(ROOT, u("a", "Office of Policy", parent="root"), coverage="partial")
    d = diff_snapshots(before, after)
    assert d.changes == ()
    assert [x.key for x in d.unobserved] == ["b"]
    assert d.summary()["unobserved"] == 1 and d.summary()["removed"] == 0


def test_partial_before_never_reports_additions() -> None:
    before = snap(ROOT, u("a", "Office of Policy", parent="root"), coverage="partial")
    after = later(ROOT, u("a", "Office of Policy", parent="root"),
                  u("n", "Office of Privacy", parent="root"))
    d = diff_snapshots(before, after)
    assert d.changes == ()
    assert [x.key for x in d.unobserved] == ["n"]


def test_every_record_has_confidence_in_range_and_documented_stage() -> None:
    before = snap(ROOT, u("a", "Office of Policy", parent="root", description=MERGE_A),
                  u("gone", "Office of Aviation", parent="root"))
    after = later(ROOT, u("b", "Policy Office", parent="root", description=MERGE_A),
                  u("new", "Office of Privacy", parent="root"))
    d = diff_snapshots(before, after)
    assert d.changes
    for c in d.changes:
        assert 0.0 <= c.confidence <= 1.0
        assert c.evidence["stage"] in {"key", "name", "alias", "similarity", "content",
                                       "unmatched", "curated"}
