"""``show --at`` on an agency of many large snapshots: wall and CPU time.

Builds the report benchmark's chain (benchmarks/synth.py: one snapshot of
--units units, then --snapshots - 1 yearly reorganisations of --churn of the
units), loads it into --db (a fresh SQLite file by default) and runs
``orgarchive show --at DATE`` as a user does, in a child process, on the last
snapshot's date and on a date in the middle. Each figure is the child's own
wall time and CPU time (user + system, from ``wait4``), so other processes on
a shared machine change the wall time but little the CPU time.

``--partial`` loads every snapshot as ``coverage: partial``: no complete
snapshot can then answer as it stands, and the structure is assembled from all
of them: the first run computes the threads (the diff engine over each
consecutive pair, then every unit's timeline) and stores them in the derived
cache (archive.cached_threads); later runs read them back. Each line says
which happened.

    .venv/bin/python benchmarks/show_bench.py --snapshots 50 --units 10000
    .venv/bin/python benchmarks/show_bench.py --snapshots 50 --units 10000 --partial
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_bench import chain, loadable  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from synth import _write  # noqa: E402

from orgarchive.services import Archive  # noqa: E402
from orgarchive.store.tables import DerivedRow  # noqa: E402


def run_child(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, bytes printed) of one child process, reaped
    with ``wait4`` so that its own CPU time is known."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.posix_spawn(command[0], command, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            raise SystemExit(f"{' '.join(command)} failed: {err.read().decode()[-2000:]}")
        return wall, usage.ru_utime + usage.ru_stime, out.seek(0, 2)


def cached_payloads(url: str) -> int:
    """How many payloads the derived cache holds (archive.cached_threads)."""
    archive = Archive.open(url)
    try:
        with archive.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(DerivedRow)).scalar_one()
    finally:
        archive.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", type=int, default=50)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--churn", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--partial", action="store_true", help="load every snapshot as partial")
    parser.add_argument("--db", metavar="URL", help="an empty database (default: a temp SQLite)")
    parser.add_argument("--format", default="tree", choices=("tree", "json"))
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'show.db'}"
        snaps = chain(args.snapshots, args.units, args.churn, args.seed)
        paths = []
        for i, snapshot in enumerate(snaps):
            snapshot = loadable(snapshot)
            if args.partial:
                snapshot = replace(snapshot, coverage="partial")
            path = Path(folder) / f"s{i:03}.json"
            _write(snapshot, str(path))
            paths.append(path)
        t0 = time.perf_counter()
        archive = Archive.init(url, empty=True)
        for i in range(0, len(paths), 10):  # one load holds at most 128 MB (docs/files.md)
            archive.load(paths[i:i + 10])
        archive.close()
        print(f"loaded {len(paths)} snapshots of ~{args.units} units "
              f"({'partial' if args.partial else 'complete'}): {time.perf_counter() - t0:.1f} s")
        last, middle = snaps[-1].as_of, snaps[len(snaps) // 2].as_of
        runs = [("last snapshot's date", last), ("a middle snapshot's date", middle),
                ("last snapshot's date, again", last)]
        for label, day in runs:
            held = cached_payloads(url)
            command = [sys.executable, "-m", "orgarchive", "--db", url, "show", "--at",
                       day.isoformat(), "--format", args.format]
            wall, cpu, size = run_child(command)
            cache = ("no threads needed" if cached_payloads(url) == held == 0
                     else "threads read from the cache" if held
                     else "threads computed, then cached")
            print(f"show --at {day} ({label}; {cache}): {wall:.2f} s wall, {cpu:.2f} s CPU, "
                  f"{size / 1e6:.1f} MB printed; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
