"""Accuracy of the diff engine on synthetic reorganisations with known truth.

Prints precision, recall and F1 per change type over several seeds at each
churn rate:

    python benchmarks/diff_accuracy.py --units 5000 --seeds 1 2 3 4 5 --churn 0.01 0.05
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import DEFAULT_RATES, TruthRecord, make_snapshot, reorganise, undescribe  # noqa: E402

from orgarchive.domain import CHANGE_TYPES, Diff, Snapshot  # noqa: E402
from orgarchive.engine.classify import changed_fields  # noqa: E402
from orgarchive.engine.diff import diff_snapshots  # noqa: E402

Item = tuple[str, tuple[str, ...], tuple[str, ...]]


def predicted(diff: Diff) -> set[Item]:
    out: set[Item] = set()
    for c in diff.changes:
        b = tuple(sorted(u.key for u in c.before))
        a = tuple(sorted(u.key for u in c.after))
        out.update((t, b, a) for t in c.types)
    return out


def expected(truth: list[TruthRecord]) -> set[Item]:
    return {(t, r.before, tuple(sorted(r.after))) for r in truth for t in r.types}


def observable(truth: list[TruthRecord], before: Snapshot, after: Snapshot) -> list[TruthRecord]:
    """The truth less what left-out descriptions hide: a unit whose only change
    was its description, undescribed on one side, shows no change (SPEC §3: an
    absent field is unknown, not empty)."""
    bm, am = before.unit_map(), after.unit_map()
    out = []
    for r in truth:
        if r.types == frozenset({"modified"}) and len(r.before) == 1 == len(r.after):
            if not changed_fields(bm[r.before[0]], am[r.after[0]]):
                continue
        out.append(r)
    return out


def score(units: int, seeds: list[int], churn: float, verbose: bool = False,
          rates: dict[str, float] | None = None, undescribed: float = 0.0) -> dict[str, float]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for seed in seeds:
        before = make_snapshot(units, seed)
        after, truth = reorganise(before, churn, seed, rates)
        before, after = undescribe(before, undescribed), undescribe(after, undescribed)
        truth = observable(truth, before, after)
        got, want = predicted(diff_snapshots(before, after)), expected(truth)
        for t, *_ in got & want:
            tp[t] += 1
        for item in got - want:
            fp[item[0]] += 1
            if verbose:
                print("  false positive", item)
        for item in want - got:
            fn[item[0]] += 1
            if verbose:
                print("  missed", item)
    print(f"\nchurn {churn:.0%}, {units} units, seeds {seeds}, {undescribed:.0%} undescribed")
    print(f"{'type':10} {'true':>6} {'found':>6} {'precision':>9} {'recall':>7} {'F1':>6}")
    f1s: dict[str, float] = {}
    for t in CHANGE_TYPES:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 1.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        f1s[t] = f1
        print(f"{t:10} {tp[t] + fn[t]:6d} {tp[t] + fp[t]:6d} {p:9.3f} {r:7.3f} {f1:6.3f}")
    return f1s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--churn", type=float, nargs="+", default=[0.01, 0.05])
    parser.add_argument("--undescribed", type=float, default=0.0,
                        help="share of units whose description is left out (0.3 = 30%%)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    parser.add_argument("--without", nargs="*", default=[], choices=sorted(DEFAULT_RATES),
                        help="leave these kinds of change out of the reorganisations")
    args = parser.parse_args()
    rates = {k: v for k, v in DEFAULT_RATES.items() if k not in args.without}
    for churn in args.churn:
        score(args.units, args.seeds, churn, args.verbose, rates, args.undescribed)


if __name__ == "__main__":
    main()
