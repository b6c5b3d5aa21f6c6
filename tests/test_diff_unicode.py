"""Names in every script, and inputs whose size must not blow up the cost (issue 15,
points 2 and 7): the SPEC §3 rule reads text in NFKC, case-folded, with the letters
and digits of every script as words."""

from __future__ import annotations

import time
import unicodedata

from orgarchive.engine.diff import diff_snapshots
from orgarchive.engine.normalize import norm_acronym, norm_name, search_form, words
from tests.diff_helpers import ROOT, brief, later, snap, u


def test_words_of_every_script_are_kept() -> None:
    assert words("Отдел кадров") == ("отдел", "кадров")
    assert words("Γραφείο Τύπου") == ("γραφείο", "τύπου")
    assert words("مكتب التحقيقات") == ("مكتب", "التحقيقات")
    assert words("人事部・調査局") == ("人事部", "調査局")
    assert words("कार्यालय") == ("कार्यालय",)  # vowel signs are marks, not separators
    assert norm_name("Ｏffice of the Ｐolicy") == "office of policy"  # full width
    assert norm_name("STRASSE der Einheit") == norm_name("Straße der Einheit")
    assert norm_acronym("Ｍ＆Ａ") == norm_acronym("m&a") == "ma"
    assert search_form("  Ｏffice  of X ") == "office of x"


def test_unrelated_cyrillic_units_are_not_paired() -> None:
    before = snap(ROOT, u("a", "Отдел кадров", parent="root"))
    after = later(ROOT, u("b", "Бюро расследований", parent="root"))
    assert brief(diff_snapshots(before, after)) == [
        (("added",), [], ["b"]), (("removed",), ["a"], [])]


def test_a_renamed_greek_unit_keeping_its_key_is_renamed() -> None:
    before = snap(ROOT, u("a", "Γραφείο Τύπου", parent="root"))
    after = later(ROOT, u("a", "Γραφείο Επικοινωνίας", parent="root"))
    assert brief(diff_snapshots(before, after)) == [(("renamed",), ["a"], ["a"])]


def test_nfc_nfd_full_width_and_case_are_wording_not_renames() -> None:
    name = "Bureau des Opérations"
    for other in (unicodedata.normalize("NFD", name), "ＢＵＲＥＡＵ des opérations"):
        assert other != name
        before = snap(ROOT, u("a", name, parent="root"))
        after = later(ROOT, u("a", other, parent="root"))
        assert brief(diff_snapshots(before, after)) == [(("modified",), ["a"], ["a"])], other


def test_a_unit_renamed_into_another_script_with_a_new_key_is_found_by_structure() -> None:
    # the same parent, one unit leaves as one arrives, and the same NFD/NFC name
    before = snap(ROOT, u("p", "Direction", parent="root"),
                  u("a", unicodedata.normalize("NFD", "Service des Archives Énergétiques"),
                    parent="p"))
    after = later(ROOT, u("p", "Direction", parent="root"),
                  u("b", unicodedata.normalize("NFC", "Service des Archives Énergétiques"),
                    parent="p"))
    assert brief(diff_snapshots(before, after)) == [(("modified",), ["a"], ["b"])]


def test_megabyte_names_cost_little() -> None:
    big_a = "Office of " + " ".join(f"word{i}" for i in range(100_000))
    big_b = "Bureau of " + " ".join(f"term{i}" for i in range(100_000))
    before = snap(ROOT, u("a", big_a, parent="root"), u("c", big_a + " x", parent="root"))
    after = later(ROOT, u("b", big_b, parent="root"), u("d", big_a + " y", parent="root"))
    t0 = time.process_time()
    diff_snapshots(before, after)
    assert time.process_time() - t0 < 3.0
