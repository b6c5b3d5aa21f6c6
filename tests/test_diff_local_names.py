"""A name that starts with its parent's acronym or name is also read without
it: "HSI Intelligence" under Homeland Security Investigations is that
directorate's "Office of Intelligence" (docs/diff.md, section 3)."""

from __future__ import annotations

from datetime import date

from orgarchive.domain import Snapshot, Unit
from orgarchive.engine.diff import diff_snapshots
from orgarchive.engine.normalize import local_name
from tests.diff_helpers import brief


def test_the_parents_acronym_or_initials_or_long_name_in_front_is_read_off() -> None:
    hsi = "Homeland Security Investigations"
    assert local_name("HSI Intelligence", hsi, "HSI") == "intelligence"
    assert local_name("HSI Intelligence", hsi, None) == "intelligence"  # its initials
    assert local_name(f"{hsi} Office of Intelligence", hsi, None) == "office of intelligence"
    assert local_name("Defra's Science Advisory Council",
                      "Department for Environment, Food & Rural Affairs",
                      "Defra") == "science advisory council"


def test_names_that_do_not_start_with_the_parent_are_left_alone() -> None:
    hsi = "Homeland Security Investigations"
    assert local_name("Cyber Crimes Center", hsi, "HSI") is None
    assert local_name("HSI", hsi, "HSI") is None  # nothing left
    assert local_name("HSI Office", hsi, "HSI") is None  # only a kind word left
    # a one-word parent name in front is chance as often as not
    assert local_name("Commerce, Trade, and Hazardous Materials", "Commerce", None) is None


def _ice(day: date, units: list[tuple[str, str, str | None]]) -> Snapshot:
    return Snapshot(agency="ICE", as_of=day, units=tuple(
        Unit(key=k, name=n, parent=p) for k, n, p in units))


BEFORE = [("ice", "U.S. Immigration and Customs Enforcement", None),
          ("oi", "Office of Investigations", "ice"), ("c3", "Cyber Crimes Center", "oi"),
          ("nsid", "National Security Investigations Division", "oi"),
          ("intel", "Office of Intelligence", "ice")]


# OI renamed HSI, its divisions following it
AFTER = [("ice", "U.S. Immigration and Customs Enforcement", None),
         ("hsi", "Homeland Security Investigations", "ice"),
         ("c3", "Cyber Crimes Center", "hsi"),
         ("nsid", "National Security Investigations Division", "hsi")]


def test_a_unit_renamed_with_its_new_parents_initials_and_moved_under_it_is_found() -> None:
    after = [*AFTER, ("hsi-intel", "HSI Intelligence", "hsi")]
    d = diff_snapshots(_ice(date(2009, 1, 1), BEFORE), _ice(date(2011, 1, 1), after))
    assert (("renamed", "moved"), ["intel"], ["hsi-intel"]) in brief(d)
    c = next(c for c in d.changes if [u.key for u in c.before] == ["intel"])
    assert c.evidence["names_read"] == ["Office of Intelligence", "intelligence"]


def test_another_unit_under_the_parents_initials_is_not_taken_for_it() -> None:
    after = [*AFTER, ("hsi-tactical", "HSI Tactical Operations", "hsi")]
    d = diff_snapshots(_ice(date(2009, 1, 1), BEFORE), _ice(date(2011, 1, 1), after))
    records = brief(d)
    assert (("removed",), ["intel"], []) in records
    assert (("added",), [], ["hsi-tactical"]) in records
