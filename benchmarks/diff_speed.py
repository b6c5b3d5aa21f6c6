"""Speed and memory of the diff engine, and what DeepDiff does on the same data.

Each size runs in a fresh process: generate two snapshots (1% churn), then time
the full diff (matching, classification, SPEC §3 JSON). Peak memory is the
process's maximum resident set (both snapshots included).

    python benchmarks/diff_speed.py                      # 10k, 30k, 100k + DeepDiff at 5k, 10k
    python benchmarks/diff_speed.py --sizes 100000 --deepdiff
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one_run(units: int, churn: float, seed: int, deepdiff: bool) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    from synth import make_snapshot, reorganise

    from orgarchive.engine.diff import diff_snapshots
    from orgarchive.files.canonical import unit_dict
    from orgarchive.report.changes import changes_json

    before = make_snapshot(units, seed)
    after, truth = reorganise(before, churn, seed)
    start = time.perf_counter()
    diff = diff_snapshots(before, after)
    text = changes_json(diff)
    seconds = time.perf_counter() - start
    out = {"units": units, "seconds": round(seconds, 3), "records": len(diff.changes),
           "true_records": len(truth), "json_bytes": len(text),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    if deepdiff:
        from deepdiff import DeepDiff

        old = [unit_dict(u) for u in before.units]
        new = [unit_dict(u) for u in after.units]
        start = time.perf_counter()
        dd = DeepDiff(old, new, ignore_order=True)
        out["deepdiff_seconds"] = round(time.perf_counter() - start, 3)
        out["deepdiff_report_keys"] = sorted(dd.keys())  # type: ignore[assignment]
        true_pairs = {(t.before, t.after) for t in truth
                      if "renamed" in t.types and t.before != t.after}
        found = {((c.before[0].key,), (c.after[0].key,)) for c in diff.changes
                 if "renamed" in c.types}
        out["renames_with_new_key"] = len(true_pairs)
        out["orgarchive_renames_with_new_key"] = len(true_pairs & found)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--deepdiff-sizes", type=int, nargs="*", default=[5_000, 10_000])
    parser.add_argument("--churn", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--deepdiff", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one_run(args.one, args.churn, args.seed, args.deepdiff)))
        return
    runs = [(n, False) for n in args.sizes] + [(n, True) for n in args.deepdiff_sizes]
    print(f"{'units':>8} {'orgarchive s':>12} {'peak MB':>8} {'records':>8} "
          f"{'DeepDiff s':>10} {'speed-up':>8}  renames with new key (found / true)")
    for n, with_deepdiff in runs:
        cmd = [sys.executable, __file__, "--one", str(n), "--churn", str(args.churn),
               "--seed", str(args.seed)] + (["--deepdiff"] if with_deepdiff else [])
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        line = f"{r['units']:>8} {r['seconds']:>12.2f} {r['peak_rss_mb']:>8.0f} {r['records']:>8}"
        if with_deepdiff:
            ratio = r["deepdiff_seconds"] / r["seconds"]
            line += (f" {r['deepdiff_seconds']:>10.2f} {ratio:>7.0f}x"
                     f"  {r['orgarchive_renames_with_new_key']} / {r['renames_with_new_key']}"
                     f" (DeepDiff: none; it reports {', '.join(r['deepdiff_report_keys'])})")
        print(line, flush=True)


if __name__ == "__main__":
    main()
