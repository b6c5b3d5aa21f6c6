"""The engine's accuracy is guarded (issue 14, point 5): a change that loses
accuracy on the synthetic generator or on the real pairs of
../shared/real/diff fails here. Floors sit a little under the figures of
benchmarks/README.md (benchmarks/diff_real.py, diff_accuracy.py)."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from diff_accuracy import score  # noqa: E402
from real_pairs import REAL, load_pairs, prf, records_of  # noqa: E402
from real_pairs import score as score_real  # noqa: E402

from orgarchive.engine.diff import diff_snapshots  # noqa: E402

# (set, variant, type) -> F1 floor, strict mode
REAL_FLOORS = {
    # The rekeyed floors rose (renamed 0.9 -> 0.95 here, congress 0.77 -> 0.85,
    # its removed 0.77 -> 0.85, added 0.66 -> 0.8; removed here 0.75 / 0.72 ->
    # 0.78 / 0.75) when matching took a pair in place under 0.5 (Model.accept:
    # 0.91 / 0.79 renamed before)
    ("govuk-monthly", "as-is", "renamed"): 0.95, ("govuk-monthly", "rekeyed", "renamed"): 0.95,
    ("govuk-monthly", "as-is", "added"): 0.95, ("govuk-monthly", "rekeyed", "added"): 0.95,
    ("govuk-monthly", "as-is", "moved"): 0.95, ("govuk-monthly", "rekeyed", "moved"): 0.95,
    # 0.75 / 0.7 until issue 13's second pass, when names alone stopped making
    # merges (30 false ones on congress) and the refitted weights left Oil and
    # Gas Authority -> North Sea Transition Authority removed + added; 0.69 /
    # 0.66 until two bodies whose names make up a kept sibling's name were read
    # as merged into it (Biometrics + Surveillance Camera Commissioner)
    # (rekeyed 0.75 until a parent counted as the place its children went:
    # Geffrye Museum -> Museum of the Home under the new DCMS, 0.77 -> 0.80)
    ("govuk-monthly", "as-is", "removed"): 0.78, ("govuk-monthly", "rekeyed", "removed"): 0.78,
    ("govuk-yearly", "as-is", "removed"): 0.85, ("govuk-yearly", "rekeyed", "removed"): 0.85,
    ("govuk-yearly", "as-is", "added"): 0.95, ("govuk-yearly", "rekeyed", "added"): 0.95,
    ("govuk-yearly", "as-is", "renamed"): 0.9, ("govuk-yearly", "rekeyed", "renamed"): 0.9,
    ("govuk-monthly", "as-is", "merged"): 0.3, ("govuk-monthly", "rekeyed", "merged"): 0.3,
    ("congress-hist", "as-is", "renamed"): 0.98, ("congress-hist", "rekeyed", "renamed"): 0.85,
    ("congress-hist", "as-is", "removed"): 0.95, ("congress-hist", "rekeyed", "removed"): 0.87,
    ("congress-hist", "as-is", "added"): 0.95, ("congress-hist", "rekeyed", "added"): 0.8,
}




@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real/diff is not beside the checkout")
def test_real_pairs_keep_their_accuracy() -> None:
    pairs = load_pairs(REAL, ("govuk-monthly", "govuk-yearly", "congress-hist"))
    cells: dict[tuple[str, str, str], list[int]] = {}
    for p in pairs:
        got = records_of(diff_snapshots(p.before, p.after))
        for t, (tp, fp, fn, *_) in score_real(got, p, "strict").items():
            c = cells.setdefault((p.set, p.variant, t), [0, 0, 0])
            c[0] += tp
            c[1] += fp
            c[2] += fn
    low = {k: round(prf(*cells[k])[2], 3) for k, floor in REAL_FLOORS.items()
           if prf(*cells[k])[2] < floor}
    assert not low, f"F1 under the floor: {low}"
    # Congress truth has no merge, split or n:m record (issue 13: none invented).
    invented = [r for p in pairs if p.set == "congress-hist"
                for r in records_of(diff_snapshots(p.before, p.after))
                if {"merged", "split"} & set(r.types)]
    assert not invented, invented


def test_synthetic_reorganisations_keep_their_accuracy() -> None:
    f1 = score(1500, [1, 2], 0.05)
    for t in ("added", "removed", "renamed", "moved", "modified"):
        assert f1[t] >= 0.97, (t, f1[t])
    for t in ("merged", "split"):
        assert f1[t] >= 0.9, (t, f1[t])


def test_synthetic_with_undescribed_units_keeps_what_it_can_see() -> None:
    # 30% of units without a description, scored on what content and structure
    # show (benchmarks/diff_accuracy.py: records only names tie are left out).
    # 0.94-1.0 today at this size (0.97-1.0 at 5,000 units): a rename of a
    # two-word name keeping one common word, undescribed, is a coin toss
    f1 = score(1500, [1, 2], 0.05, undescribed=0.3, knowable=True)
    for t in ("added", "removed", "renamed", "moved", "modified"):
        assert f1[t] >= 0.9, (t, f1[t])
    for t in ("merged", "split"):
        assert f1[t] >= 0.9, (t, f1[t])
