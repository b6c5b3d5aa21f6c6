"""Accuracy of the diff engine on the real snapshot pairs (../shared/real/diff).

Scores every pair in-process with the rule of ../shared/real/README.md (per set,
type, variant and mode), next to a naive exact-name baseline, prints every miss
and false alarm with names, and a reliability table of ``confidence``:

    python benchmarks/diff_real.py                    # all sets, both variants, both modes
    python benchmarks/diff_real.py --errors --sets congress-hist --variants rekeyed
    python benchmarks/diff_real.py --weights /tmp/w.json   # weights fitted elsewhere
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_pairs import (  # noqa: E402
    MODES,
    REAL,
    SETS,
    TYPES,
    VARIANTS,
    Pair,
    Record,
    baseline,
    correct,
    load_pairs,
    prf,
    records_of,
    score,
)

from orgarchive.engine.diff import diff_snapshots  # noqa: E402
from orgarchive.engine.model import Model, load_model  # noqa: E402

Cell = tuple[str, str, str, str, str]  # set, method, variant, mode, type


def run_engine(pairs: Sequence[Pair], model: Model | None = None) -> dict[str, list[Record]]:
    return {p.label: records_of(diff_snapshots(p.before, p.after, model=model)) for p in pairs}


def tally(pairs: Sequence[Pair], preds: dict[str, dict[str, list[Record]]],
          modes: Sequence[str]) -> tuple[dict[Cell, list[int]], list[dict[str, Any]]]:
    cells: dict[Cell, list[int]] = defaultdict(lambda: [0, 0, 0])
    errors: list[dict[str, Any]] = []
    for p in pairs:
        nb = {u.key: u.name for u in p.before.units}
        na = {u.key: u.name for u in p.after.units}
        for method, by_pair in preds.items():
            for mode in modes:
                for t, (tp, fp, fn, fps, fns) in score(by_pair[p.label], p, mode).items():
                    c = cells[(p.set, method, p.variant, mode, t)]
                    c[0] += tp
                    c[1] += fp
                    c[2] += fn
                    if method != "orgarchive":
                        continue
                    conf = {(r.before, r.after): r for r in by_pair[p.label]}
                    for kind, items in (("false alarm", fps), ("miss", fns)):
                        for b, a in items:
                            rec = conf.get((b, a))
                            errors.append({
                                "set": p.set, "pair": p.name, "variant": p.variant, "mode": mode,
                                "type": t, "error": kind,
                                "before": [f"{k}: {nb.get(k, '?')}" for k in b],
                                "after": [f"{k}: {na.get(k, '?')}" for k in a],
                                "confidence": rec.confidence if rec else None,
                            })
    return cells, errors


def print_tables(pairs: Sequence[Pair], cells: dict[Cell, list[int]], methods: Sequence[str],
                 variants: Sequence[str], modes: Sequence[str]) -> None:
    for s in dict.fromkeys(p.set for p in pairs):
        scored = next(p.scored for p in pairs if p.set == s)
        n = len({p.name for p in pairs if p.set == s})
        print(f"\n== {s}: {n} pairs")
        for mode in modes:
            head = "  ".join(f"{m}/{v}".ljust(22) for m in methods for v in variants)
            print(f"  [{mode:7s}]        {head}")
            for t in TYPES:
                if t not in scored:
                    continue
                tp, _, fn = cells[(s, methods[0], variants[0], mode, t)]
                row = []
                for m in methods:
                    for v in variants:
                        tp_, fp_, fn_ = cells[(s, m, v, mode, t)]
                        _, _, f = prf(tp_, fp_, fn_)
                        row.append(f"F={f:.3f} {tp_:3d}/{fp_:3d}/{fn_:3d}".ljust(22))
                print(f"  {t:9s} true={tp + fn:4d} " + "  ".join(row))
    print("\n  (cells: F1, then true positives / false alarms / misses)")


def wilson(right: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% for z = 1.96) of a share of ``right`` in ``n``."""
    p = right / n
    d = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, centre - half), min(1.0, centre + half)


def reliability(pairs: Sequence[Pair], preds: dict[str, list[Record]], mode: str,
                title: str) -> float:
    """Print the share of right records per confidence decile with its 95% (Wilson)
    interval; return the worst gap between mean confidence and that share over
    deciles holding at least 10 records.

    Two markers: "off by more than 0.1" when the share right differs from the
    mean confidence by more than 0.1 (10 records or more); "outside the 95%
    interval +-0.1" when the mean confidence lies outside the Wilson interval
    widened by 0.1 on each side, i.e. when the records are enough to tell that
    the decile is off by more than 0.1 (with n records the standard error of a
    share p is sqrt(p(1-p)/n): 14 records cannot tell 0.1)."""
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for p in pairs:
        for conf, ok in correct(preds[p.label], p, mode):
            bins[min(9, int(conf * 10))].append((conf, ok))
    print(f"\n  reliability ({title}, {mode}): decile, records, mean confidence, share right, "
          "its 95% interval")
    worst = 0.0
    for d in range(10):
        items = bins.get(d, [])
        if not items:
            continue
        mean = sum(c for c, _ in items) / len(items)
        k = sum(ok for _, ok in items)
        right = k / len(items)
        lo, hi = wilson(k, len(items))
        flag = ""
        if len(items) >= 10:
            worst = max(worst, abs(mean - right))
            flag = "" if abs(mean - right) <= 0.1 else "  <- off by more than 0.1"
        if not lo - 0.1 <= mean <= hi + 0.1:
            flag += "  <- outside the 95% interval +-0.1"
        print(f"    {d / 10:.1f}-{(d + 1) / 10:.1f}  {len(items):5d}  {mean:.3f}  "
              f"{right:.3f}  [{lo:.2f}, {hi:.2f}]{flag}")
    scored = [item for items in bins.values() for item in items]
    if scored:  # mean squared error: a calibration that says little scores no better
        brier = sum((c - ok) ** 2 for c, ok in scored) / len(scored)
        print(f"    Brier score {brier:.4f} over {len(scored)} records")
    return worst


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=REAL)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--weights", type=Path, help="a weights file instead of the packaged one")
    a = ap.parse_args(argv)
    variants, modes = a.variants.split(","), a.modes.split(",")
    pairs = load_pairs(a.root, a.sets.split(","), variants)
    if not pairs:
        sys.exit(f"no pairs under {a.root}")
    model = load_model(a.weights) if a.weights else None
    t0 = time.process_time()
    preds = {"orgarchive": run_engine(pairs, model)}
    cpu = time.process_time() - t0
    if not a.no_baseline:
        preds["baseline"] = {p.label: baseline(p) for p in pairs}
    methods = list(preds)
    cells, errors = tally(pairs, preds, modes)
    print_tables(pairs, cells, methods, variants, modes)
    print(f"\n{len(pairs)} diffs in {cpu:.2f} s CPU")
    for mode in modes:
        reliability(pairs, preds["orgarchive"], mode, "all sets and variants")
    if a.errors:
        show: Callable[[dict[str, Any]], str] = lambda e: (  # noqa: E731
            f"  {e['error']:11s} {e['type']:8s} {e['set']} {e['pair']} [{e['variant']}] "
            f"{e['before']} -> {e['after']}"
            + (f" (confidence {e['confidence']})" if e["confidence"] is not None else ""))
        print("\nmisses and false alarms (strict):")
        for e in errors:
            if e["mode"] == "strict":
                print(show(e))
    worst = worst_cell(cells, pairs, variants)
    print(f"\nworst strict F1 over cells with >= 5 true changes: {worst[0]:.3f} at {worst[1]}")


def worst_cell(cells: dict[Cell, list[int]], pairs: Sequence[Pair],
               variants: Sequence[str]) -> tuple[float, str]:
    worst = (1.0, "-")
    for s in dict.fromkeys(p.set for p in pairs):
        for v in variants:
            for t in TYPES:
                tp, fp, fn = cells.get((s, "orgarchive", v, "strict", t), [0, 0, 0])
                if tp + fn >= 5:
                    f = prf(tp, fp, fn)[2]
                    if f < worst[0]:
                        worst = (f, f"{s}/{v}/{t}")
    return worst


if __name__ == "__main__":
    main()
