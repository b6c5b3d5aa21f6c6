"""Speed and memory of the diff engine, and what DeepDiff does on the same data.

Each size runs in a fresh process: generate two snapshots (1% churn), then time
the full diff (matching, classification, SPEC §3 JSON) in CPU seconds, and
DeepDiff's in the same process the same way. Peak memory is the
process's maximum resident set (both snapshots included).

    python benchmarks/diff_speed.py                      # 10k, 30k, 100k + DeepDiff at 5k, 10k
    python benchmarks/diff_speed.py --sizes 100000 --deepdiff
    python benchmarks/diff_speed.py --sizes --deepdiff-sizes --db-sizes 100000

``--db-sizes`` times the whole command a user runs: both snapshots are loaded
into a fresh SQLite archive first (not timed), then ``orgarchive diff 1 2
--format json`` runs as its own process (start, imports, reading both snapshots
from the database, the diff, the JSON); wall and CPU time and peak memory are
that process's own (``wait4``).

``--far`` times the pair of the web page's far-apart diff (benchmarks/README.md,
"Web pages"): report_bench's chain (``make_snapshot(10000, 1)``, then yearly
reorganisations at 2% churn) and its first snapshot against its eleventh, ten
years apart. Each run is a fresh process: the engine's CPU time on its first
call (word caches cold, as the server's first request finds them), then again
on the same pair (warm), then the other way round; and in a second fresh
process, after the ten consecutive diffs (the caches as the server's warm-up
leaves them). ``--stages`` adds the CPU time of each stage of the first call,
``--profile`` a cProfile listing of it.

    python benchmarks/diff_speed.py --far --runs 5 --stages
"""

from __future__ import annotations

import argparse
import json
import os
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
    if deepdiff:
        # both timings leave deepdiff's import out (the engine imports it on
        # its first changed pair, for the field-level differences)
        import deepdiff  # noqa: F401
    start = time.process_time()  # CPU: the machine is shared, wall time is not ours
    diff = diff_snapshots(before, after)
    text = changes_json(diff)
    seconds = time.process_time() - start
    out = {"units": units, "seconds": round(seconds, 3), "records": len(diff.changes),
           "true_records": len(truth), "json_bytes": len(text),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    if deepdiff:
        from deepdiff import DeepDiff

        old = [unit_dict(u) for u in before.units]
        new = [unit_dict(u) for u in after.units]
        start = time.process_time()
        dd = DeepDiff(old, new, ignore_order=True)
        out["deepdiff_seconds"] = round(time.process_time() - start, 3)
        out["deepdiff_report_keys"] = sorted(dd.keys())  # type: ignore[assignment]
        true_pairs = {(t.before, t.after) for t in truth
                      if "renamed" in t.types and t.before != t.after}
        found = {((c.before[0].key,), (c.after[0].key,)) for c in diff.changes
                 if "renamed" in c.types}
        out["renames_with_new_key"] = len(true_pairs)
        out["orgarchive_renames_with_new_key"] = len(true_pairs & found)
    return out


def far_run(gap: int, stages: bool, profile: int) -> dict[str, object]:
    sys.path.insert(0, str(HERE))
    from report_bench import chain

    import orgarchive.engine.diff as engine
    from orgarchive.engine.diff import diff_snapshots

    snaps = chain(gap + 1, 10_000, 0.02, 1)
    before, after = snaps[0], snaps[gap]
    spent: dict[str, float] = {}
    if stages:  # CPU time of each stage, through the names diff.py calls
        def timed(name: str, fn):  # type: ignore[no-untyped-def]
            def run(*args, **kwargs):  # type: ignore[no-untyped-def]
                start = time.process_time()
                try:
                    return fn(*args, **kwargs)
                finally:
                    spent[name] = spent.get(name, 0.0) + time.process_time() - start
            return run

        matcher_run = engine.Matcher.run
        engine.Matcher.run = timed("matching", matcher_run)  # type: ignore[method-assign]
        for name in ("find_reorganisations", "join_kin_pieces", "likely_absorbers",
                     "classify_pair"):
            setattr(engine, name, timed(name, getattr(engine, name)))
    out: dict[str, object] = {"units": (len(before.units), len(after.units))}
    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        start = time.process_time()
        prof.enable()
        diff = diff_snapshots(before, after)
        prof.disable()
        out["cold"] = round(time.process_time() - start, 3)
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats("tottime").print_stats(profile)
        out["profile"] = text.getvalue()
    else:
        start = time.process_time()
        diff = diff_snapshots(before, after)
        out["cold"] = round(time.process_time() - start, 3)
    out["stages"] = {k: round(v, 3) for k, v in spent.items()}
    spent.clear()
    start = time.process_time()
    diff_snapshots(before, after)
    out["warm"] = round(time.process_time() - start, 3)
    start = time.process_time()
    diff_snapshots(after, before)
    out["reverse"] = round(time.process_time() - start, 3)
    out["records"] = len(diff.changes)
    # as the server finds it: a fresh process that first diffed each snapshot
    # with the next (its warm-up), then the far pair
    proc = subprocess.run([sys.executable, __file__, "--far-after-chain", "--gap", str(gap)],
                          check=True, capture_output=True, text=True)
    out["after_chain"] = json.loads(proc.stdout)
    return out


def far_after_chain(gap: int) -> float:
    sys.path.insert(0, str(HERE))
    from report_bench import chain

    from orgarchive.engine.diff import diff_snapshots

    snaps = chain(gap + 1, 10_000, 0.02, 1)
    for i in range(gap):
        diff_snapshots(snaps[i], snaps[i + 1])
    start = time.process_time()
    diff_snapshots(snaps[0], snaps[gap])
    return round(time.process_time() - start, 3)


def db_run(units: int, churn: float, seed: int) -> dict[str, float]:
    import os
    import tempfile

    sys.path.insert(0, str(HERE))
    from synth import make_snapshot, reorganise

    from orgarchive.files.canonical import snapshot_dict

    cli = [sys.executable, "-m", "orgarchive"]
    before = make_snapshot(units, seed)
    after, _ = reorganise(before, churn, seed)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, snap in (("before", before), ("after", after)):
            path = os.path.join(tmp, f"{name}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(snapshot_dict(snap), f)
            files.append(path)
        db = ["--db", f"sqlite:///{os.path.join(tmp, 'archive.db')}"]
        subprocess.run([*cli, *db, "init", "--empty"], check=True, capture_output=True)
        for path in files:  # one load each: a load holds at most 200,000 units
            subprocess.run([*cli, *db, "load", path], check=True, capture_output=True)
        out_path = os.path.join(tmp, "out.json")
        with open(out_path, "w") as out:
            start = time.perf_counter()
            proc = subprocess.Popen([*cli, *db, "diff", "1", "2", "--format", "json"],
                                    stdout=out)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        assert status == 0
        with open(out_path, encoding="utf-8") as f:
            records = len(json.load(f)["changes"])
    cpu = usage.ru_utime + usage.ru_stime
    return {"units": units, "wall": round(wall, 2), "cpu": round(cpu, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "records": records}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 30_000, 100_000])
    parser.add_argument("--deepdiff-sizes", type=int, nargs="*", default=[5_000, 10_000])
    parser.add_argument("--db-sizes", type=int, nargs="*", default=[],
                        help="also time `orgarchive diff --format json` from a database")
    parser.add_argument("--churn", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--far", action="store_true",
                        help="time the ten-years-apart pair of the web page (see above)")
    parser.add_argument("--gap", type=int, default=10, help="with --far: snapshots apart")
    parser.add_argument("--runs", type=int, default=3, help="with --far: fresh processes")
    parser.add_argument("--stages", action="store_true", help="with --far: CPU per stage")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="with --far: cProfile's N top functions of the first call")
    parser.add_argument("--far-one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--far-after-chain", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--deepdiff", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.far_after_chain:
        print(json.dumps(far_after_chain(args.gap)))
        return
    if args.far_one:
        print(json.dumps(far_run(args.gap, args.stages, args.profile)))
        return
    if args.far:
        for _ in range(args.runs):
            cmd = [sys.executable, __file__, "--far-one", "--gap", str(args.gap),
                   "--profile", str(args.profile)] + (["--stages"] if args.stages else [])
            r = json.loads(subprocess.run(cmd, check=True, capture_output=True,
                                          text=True).stdout)
            load = os.getloadavg()[0]
            print(f"{r['units'][0]} vs {r['units'][1]} units, {args.gap} snapshots apart: "
                  f"first call {r['cold']:.3f} s CPU, again {r['warm']:.3f} s, other way "
                  f"{r['reverse']:.3f} s; after the {args.gap} consecutive diffs (as the "
                  f"server's warm-up leaves it) {r['after_chain']:.3f} s; {r['records']} records; "
                  f"load {load:.1f}", flush=True)
            if r["stages"]:
                print("  stages of the first call:", ", ".join(
                    f"{k} {v:.3f}" for k, v in r["stages"].items()), flush=True)
            if r.get("profile"):
                print(r["profile"], flush=True)
        return
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
    for n in args.db_sizes:
        r = db_run(n, args.churn, args.seed)
        print(f"from the database, whole command: {r['units']} vs {r['units']} units, "
              f"{r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, peak {r['peak_rss_mb']} MB, "
              f"{r['records']} records of JSON", flush=True)


if __name__ == "__main__":
    main()
