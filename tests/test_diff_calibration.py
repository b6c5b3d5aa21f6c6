"""A record's confidence is a calibrated probability (docs/diff.md, Confidence):
the calibration steps a record takes, and the reliability on the real pairs."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from orgarchive.engine.diff import diff_snapshots
from orgarchive.engine.model import Model, load_model, model_from_json, renews_keys
from tests.conftest import REPO
from tests.diff_helpers import later, snap, u

sys.path.insert(0, str(REPO / "benchmarks"))
from diff_real import run_engine, wilson  # noqa: E402
from real_pairs import REAL, SETS, correct, load_pairs  # noqa: E402

SPLIT = {
    "unmatched": ((6.0, 0.5),),
    "unmatched:keys kept": ((6.0, 0.9),),
    "unmatched:keys renewed": ((6.0, 0.2),),
}


def test_a_diff_renews_keys_when_most_matched_units_changed_key() -> None:
    assert renews_keys([("a", "x"), ("b", "y"), ("c", "c")])
    assert not renews_keys([("a", "x"), ("b", "b")])  # half is not most
    assert not renews_keys([])  # nothing matched: nothing says the keys were renewed


def test_unmatched_units_take_the_steps_of_their_diffs_keys() -> None:
    model = Model(weights={}, bias=0.0, calibration=SPLIT)
    assert model.calibrate("unmatched", 0.8, keys_renewed=True) == 0.2
    assert model.calibrate("unmatched", 0.8, keys_renewed=False) == 0.9
    # a fit that saw too few diffs of one kind of keys stores only the kind's steps
    pooled = Model(weights={}, bias=0.0, calibration={"unmatched": ((6.0, 0.5),)})
    assert pooled.calibrate("unmatched", 0.8, keys_renewed=True) == 0.5
    # the other kinds do not depend on the keys
    sim = Model(weights={}, bias=0.0, calibration={"similarity": ((0.0, 0.3), (6.0, 0.9))})
    assert sim.calibrate("similarity", 0.4, keys_renewed=True) == 0.3
    assert sim.calibrate("similarity", 0.6, keys_renewed=False) == 0.9


def test_the_split_steps_survive_the_weights_file() -> None:
    model = replace(load_model(), calibration=SPLIT)
    again = model_from_json(model.to_json())
    assert again.calibrate("unmatched", 0.8, keys_renewed=True) == 0.2
    assert again.calibrate("unmatched", 0.8, keys_renewed=False) == 0.9


def _removed_confidence(renew: bool) -> float:
    before = snap(u("root", "Agency"), u("p", "Office of Policy", parent="root"),
                  u("b", "Office of Budget", parent="root"),
                  u("e", "Office of Ethics", parent="root"))
    k = (lambda key: key + "-2012") if renew else (lambda key: key)
    after = later(u(k("root"), "Agency"), u(k("p"), "Office of Policy", parent=k("root")),
                  u(k("b"), "Office of Budget", parent=k("root")))
    model = replace(load_model(), calibration=SPLIT)
    d = diff_snapshots(before, after, model=model)
    (gone,) = [c for c in d.changes if c.types == ("removed",)]
    assert [x.key for x in gone.before] == ["e"]
    return gone.confidence


def test_a_unit_gone_is_calibrated_by_whether_the_diff_kept_keys() -> None:
    assert _removed_confidence(renew=False) == 0.9
    assert _removed_confidence(renew=True) == 0.2


def test_wilson_interval() -> None:
    lo, hi = wilson(5, 10)  # p = 0.5, n = 10: 0.5 -+ 0.2634
    assert (round(lo, 4), round(hi, 4)) == (0.2366, 0.7634)
    lo, hi = wilson(10, 10)  # all right: the interval still reaches under 1
    assert (round(lo, 4), round(hi, 4)) == (0.7225, 1.0)


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real/diff is not beside the checkout")
def test_confidence_is_calibrated_on_the_real_pairs() -> None:
    """In sample, every decile of confidence with 10 records or more is right
    as often as it says, within 0.1 (strict truth; benchmarks/README.md)."""
    pairs = load_pairs(REAL, SETS)
    preds = run_engine(pairs)
    bins: dict[int, list[tuple[float, bool]]] = {}
    for p in pairs:
        for conf, ok in correct(preds[p.label], p, "strict"):
            bins.setdefault(min(9, int(conf * 10)), []).append((conf, ok))
    gaps = {d: round(sum(c for c, _ in it) / len(it) - sum(ok for _, ok in it) / len(it), 3)
            for d, it in bins.items() if len(it) >= 10}
    assert gaps and all(abs(g) <= 0.1 for g in gaps.values()), gaps
