"""Weak similarity must not pair units that only share generic words, sit
side by side as roots, or have unrelated descriptions (issue 3, real data)."""

from __future__ import annotations

from orgarchive.domain import FieldChange, Snapshot
from orgarchive.engine.diff import diff_snapshots
from orgarchive.engine.similarity import features, name_similarity
from orgarchive.files.read import read_document
from tests.conftest import REPO
from tests.diff_helpers import ROOT, brief, later, snap, u

# The two descriptions of the real false match: a 2004 protection program and
# the Office of Investigations (bundled 2008-09 and 2008-11 pages).
PROTECTION = ("Established in early 2004 to ensure the safety of DHS and FPS protectees and "
              "facilities, in collaboration with law enforcement entities having a protective "
              "and investigative mission.")
INVESTIGATIONS = ("Responsible for investigating a range of issues that may threaten national "
                  "security, such as immigration crime, human rights violations, human "
                  "smuggling, narcotics and weapons smuggling, financial crimes, cybercrime "
                  "and export enforcement.")


def _bundled(name: str) -> Snapshot:
    doc = read_document(REPO / "snapshots" / name)
    assert isinstance(doc, Snapshot)
    return doc


def test_generic_words_carry_no_weight_in_name_similarity() -> None:
    def sim(x: str, y: str) -> float:
        return name_similarity(features(u("x", x)), features(u("y", y)))

    # Sharing "Office of" says nothing; the core words differ completely.
    assert sim("Office of Budget", "Office of Training") < 0.45
    # The same core words with different generic words are the same name.
    assert sim("Budget Office", "Office of Budget") == 1.0


def test_bundled_protection_program_is_not_the_office_of_investigations() -> None:
    d = diff_snapshots(_bundled("ice-2008-09-01-law-enforcement.yaml"),
                       _bundled("ice-2008-11-05-operations.yaml"))
    for c in d.changes:
        keys = {x.key for x in (*c.before, *c.after)}
        assert not {"protective-investigations", "oi"} <= keys, c
    unobserved = {x.key for x in d.unobserved}
    assert {"protective-investigations", "oi"} <= unobserved


def test_unrelated_real_descriptions_veto_a_name_match_under_one_parent() -> None:
    before = snap(ROOT, u("pip", "Protective Investigations Program", kind="program",
                          parent="root", description=PROTECTION))
    after = later(ROOT, u("oi", "Office of Investigations", kind="program", parent="root",
                          description=INVESTIGATIONS))
    assert brief(diff_snapshots(before, after)) == [
        (("added",), [], ["oi"]), (("removed",), ["pip"], [])]


def test_short_descriptions_do_not_veto() -> None:
    # Too few words to contradict: the shared parent and name carry the match.
    before = snap(ROOT, u("a", "Budget Analysis Division", parent="root",
                          description="Budget work."))
    after = later(ROOT, u("b", "Budget Analysis Branch", parent="root",
                          description="Plans money."))
    assert brief(diff_snapshots(before, after)) == [(("renamed", "modified"), ["a"], ["b"])]


def test_two_roots_of_partial_pages_are_not_paired_by_a_shared_word() -> None:
    before = snap(u("pip", "Protective Investigations Program", description=PROTECTION),
                  coverage="partial")
    after = later(u("oi", "Office of Investigations", description=INVESTIGATIONS),
                  coverage="partial")
    d = diff_snapshots(before, after)
    assert d.changes == ()
    assert {x.key for x in d.unobserved} == {"pip", "oi"}


def test_a_name_the_other_side_lists_as_an_alias_is_modified_not_renamed() -> None:
    # The bundled pages: "Federal Protective Service" (2008-09) and "Office of
    # Federal Protective Service", alias "Federal Protective Service" (2008-11).
    d = diff_snapshots(_bundled("ice-2008-09-01-law-enforcement.yaml"),
                       _bundled("ice-2008-11-05-operations.yaml"))
    [fps] = [c for c in d.changes if [x.key for x in c.before] == ["fps"]]
    assert fps.types == ("modified",)
    assert fps.fields["name"] == FieldChange("Federal Protective Service",
                                             "Office of Federal Protective Service")


def test_aliases_work_both_ways_and_other_names_are_still_renames() -> None:
    before = snap(ROOT, u("x", "Office of Federal Protective Service", parent="root",
                          aliases=("The Federal Protective Service",)))
    after = later(ROOT, u("x", "Federal  Protective Service", parent="root"))
    assert brief(diff_snapshots(before, after)) == [(("modified",), ["x"], ["x"])]
    renamed = later(ROOT, u("x", "Protective Service Agency", parent="root"))
    assert brief(diff_snapshots(before, renamed)) == [(("renamed",), ["x"], ["x"])]
