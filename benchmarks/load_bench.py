"""Load a 100,000-unit snapshot into SQLite and PostgreSQL; time `show --at` on it.

    python benchmarks/load_bench.py [--units 100000] [--seed 1] [--repeat 3] [--pg URL]

For each engine and each repeat, a fresh database is made (``init --empty``),
then a child process runs ``Archive.load`` on the JSON file, exactly what
``orgarchive load FILE`` does. Printed per engine:

- ``load call``: time of the ``Archive.load`` call in the child (read, check,
  hash, insert, commit), compared with ``json.load`` of the same file in this
  process (best of the repeats for both): the "ratio to parsing";
- ``load process``: wall time of the whole child process, interpreter start
  and imports included: what a user waits for ``orgarchive load``;
- ``peak RSS`` of that child (``wait4`` rusage);
- ``show --at``: wall time and peak RSS of ``python -m orgarchive show --at
  DATE`` printing the 100,000-line tree to /dev/null.

PostgreSQL is measured when ``--pg`` or ``$ORGARCHIVE_TEST_DATABASE_URL`` names
a server (a scratch database is created and dropped for each repeat).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import make_snapshot  # noqa: E402  (benchmarks/ is not a package)

from orgarchive.files.canonical import snapshot_dict  # noqa: E402

CHILD = """
import sys, time
from orgarchive.services import Archive
archive = Archive.open(sys.argv[1])
start, cpu = time.perf_counter(), time.process_time()
[outcome] = archive.load([sys.argv[2]])
print(time.perf_counter() - start, time.process_time() - cpu, outcome.status, outcome.unit_count)
"""


def run_measured(argv: list[str], *, keep_output: bool = True) -> tuple[float, int, str]:
    """Run a process; return (wall seconds, its own peak RSS in MB, its stdout).

    The child is reaped with ``os.wait4`` to read its own resource usage.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        sink = out if keep_output else subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=sink, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv[:6])} ... failed: {err.read().strip()}")
        out.seek(0)
        return wall, usage.ru_maxrss // 1024, out.read()


def fresh_database(kind: str, pg_server: str | None, folder: Path) -> tuple[str, object]:
    if kind == "sqlite":
        return f"sqlite:///{folder / f'{uuid.uuid4().hex}.db'}", None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert pg_server is not None
    name = f"orgarchive_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    return url, (engine, name)


def drop_database(handle: object) -> None:
    if handle is None:
        return
    from sqlalchemy import text

    engine, name = handle  # type: ignore[misc]
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def orgarchive(url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "orgarchive", "--db", url, *args]


def bench_engine(kind: str, path: Path, repeat: int, pg: str | None, folder: Path) -> dict:
    calls, cpus, walls, rsss, show_walls, show_rsss = [], [], [], [], [], []
    for _ in range(repeat):
        url, handle = fresh_database(kind, pg, folder)
        try:
            subprocess.run(orgarchive(url, "init", "--empty"), check=True, capture_output=True)
            wall, rss, out = run_measured([sys.executable, "-c", CHILD, url, str(path)])
            call, cpu, status, units = out.split()
            assert status == "stored", out
            calls.append(float(call))
            cpus.append(float(cpu))
            walls.append(wall)
            rsss.append(rss)
            swall, srss, _ = run_measured(orgarchive(url, "show", "--at", "2100-01-01"),
                                          keep_output=False)
            show_walls.append(swall)
            show_rsss.append(srss)
        finally:
            drop_database(handle)
    return {"call": calls, "cpu": cpus, "wall": walls, "rss": max(rsss), "show": show_walls,
            "show_rss": max(show_rsss), "units": int(units)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("ORGARCHIVE_TEST_DATABASE_URL"))
    args = parser.parse_args()

    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "snapshot.json"
        path.write_text(json.dumps(snapshot_dict(make_snapshot(args.units, args.seed))),
                        encoding="utf-8")
        parses, parse_cpus = [], []
        for _ in range(args.repeat):
            start, cpu = time.perf_counter(), time.process_time()
            with open(path, encoding="utf-8") as fh:
                json.load(fh)
            parses.append(time.perf_counter() - start)
            parse_cpus.append(time.process_time() - cpu)
        parse, parse_cpu = min(parses), min(parse_cpus)
        size_mb = path.stat().st_size / 1e6
        print(f"snapshot: {args.units:,} units, {size_mb:.1f} MB JSON; "
              f"json.load best {parse:.2f} s (median {statistics.median(parses):.2f} s, "
              f"CPU {parse_cpu:.2f} s)")
        engines = ["sqlite"] + (["postgresql"] if args.pg else [])
        for kind in engines:
            r = bench_engine(kind, path, args.repeat, args.pg, folder)
            best = min(r["call"])
            print(f"{kind:10s} load call best {best:.2f} s (median "
                  f"{statistics.median(r['call']):.2f} s) = {best / parse:.1f}x parse; "
                  f"load call CPU best {min(r['cpu']):.2f} s = {min(r['cpu']) / parse_cpu:.1f}x "
                  "parse CPU; "
                  f"load process best {min(r['wall']):.2f} s; peak RSS {r['rss']} MB; "
                  f"show --at best {min(r['show']):.2f} s (median "
                  f"{statistics.median(r['show']):.2f} s), peak RSS {r['show_rss']} MB")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
