"""Report over a long chain of large snapshots: time and peak memory.

Builds a synthetic agency (benchmarks/synth.py) of --units units, then
--snapshots - 1 yearly reorganisations touching --churn of the units each.
Times the report itself (every consecutive diff, the net diff, the threads
through all snapshots) and each rendering (Markdown, JSON, HTML), and prints
the peak resident memory of the whole process (generation included, so an
upper bound for the report).

With --db URL the snapshots are first loaded into that database (timed
apart) and the report is read back from it, as ``orgarchive report`` does.

    .venv/bin/python benchmarks/report_bench.py --snapshots 50 --units 10000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import _write, make_snapshot, reorganise  # noqa: E402

from orgarchive.domain import Snapshot, SnapshotInfo, StoredSnapshot  # noqa: E402
from orgarchive.report.html import render_report_html  # noqa: E402
from orgarchive.report.period import Report, build_report  # noqa: E402
from orgarchive.report.period_json import render_json  # noqa: E402
from orgarchive.report.period_markdown import render_markdown  # noqa: E402
from orgarchive.structure.chain import chain_diffs, engine_diff  # noqa: E402
from orgarchive.structure.record import AgencyRecord  # noqa: E402
from orgarchive.structure.threads import build_threads  # noqa: E402


def chain(snapshots: int, units: int, churn: float, seed: int) -> list[Snapshot]:
    out = [make_snapshot(units, seed)]
    for i in range(1, snapshots):
        out.append(reorganise(out[-1], churn, seed + i)[0])
    return out


def in_memory(snaps: list[Snapshot]) -> list[StoredSnapshot]:
    return [
        StoredSnapshot(
            SnapshotInfo(
                id=i + 1,
                agency=s.agency,
                as_of=s.as_of,
                coverage=s.coverage,
                content_hash="",
                recorded_at=datetime(2026, 1, 1),
                unit_count=len(s.units),
            ),
            s,
        )
        for i, s in enumerate(snaps)
    ]


def loadable(snapshot: Snapshot) -> Snapshot:
    """The snapshot with any parent that names no unit cleared (synth.py can leave
    a few after long chains of reorganisations; the file reader rightly refuses them)."""
    keys = {u.key for u in snapshot.units}
    units = tuple(
        u if u.parent is None or u.parent in keys else replace(u, parent=None)
        for u in snapshot.units
    )
    return replace(snapshot, units=units)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", type=int, default=50)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--churn", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", metavar="URL", help="load into this database and report from it")
    parser.add_argument(
        "--stored", action="store_true", help="with --db: the chain is already stored, skip loading"
    )
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    snaps = chain(args.snapshots, args.units, args.churn, args.seed)
    took = time.perf_counter() - t0
    print(f"generated {len(snaps)} snapshots of ~{args.units} units: {took:.1f} s")

    t0 = time.perf_counter()
    report: Report
    if args.db:
        from orgarchive.services import Archive

        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for i, s in enumerate(snaps):
                path = Path(folder) / f"s{i:03}.json"
                _write(loadable(s), str(path))
                paths.append(path)
            archive = Archive.init(args.db, empty=True)
            if not args.stored:
                for i in range(0, len(paths), 10):  # one load holds at most 128 MB
                    archive.load(paths[i:i + 10])
        print(f"loaded into {args.db}: {time.perf_counter() - t0:.1f} s")
        del snaps
        t0, c0 = time.perf_counter(), time.process_time()
        record = archive.record("SYN")
    else:
        c0 = time.process_time()
        record = AgencyRecord.of("SYN", in_memory(snaps))
    c_read = time.process_time() - c0
    diffs = chain_diffs(record.snapshots, engine_diff(record.events))
    t1, c1 = time.perf_counter(), time.process_time()
    threads = build_threads(record, diffs)
    report = build_report(threads)
    following, following_cpu = time.perf_counter() - t1, time.process_time() - c1
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    changes = sum(len(d.changes) for d in report.steps)
    print(
        f"report: {seconds:.1f} s wall, {cpu:.1f} s CPU "
        f"({len(report.steps)} steps, {changes} change records, "
        f"{len(report.threads)} threads, {len(report.chains)} chains)"
    )
    print(f"  of which reading: {c_read:.1f} s CPU; the diffs: {c1 - c0 - c_read:.1f} s CPU; "
          f"threads, assembled structures and chains: {following:.1f} s wall, "
          f"{following_cpu:.1f} s CPU")
    for name, render in (("markdown", render_markdown), ("json", render_json)):
        t0 = time.perf_counter()
        size = len(render(report))
        print(f"render {name}: {time.perf_counter() - t0:.1f} s, {size / 1e6:.1f} MB")
    t0 = time.perf_counter()
    size = len(render_report_html(report))
    print(f"render html: {time.perf_counter() - t0:.1f} s, {size / 1e6:.1f} MB")
    print(f"peak memory (whole process): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
