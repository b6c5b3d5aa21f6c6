"""``orgarchive serve`` on a large agency: page times, and 50 clients at once.

Builds (or, with --stored, reuses) a synthetic agency of --snapshots x --units
(benchmarks/synth.py, as report_bench.py does), starts the real server in a
process of its own on a loopback port, and times pages over HTTP from here:
the wall time a browser would wait, and the server's CPU time for the same
request (read from /proc, so other engineers' work on the machine does not
count). "first" is a page whose snapshots the server has not read yet,
"again" the same page once more (its answers are memoised).

    .venv/bin/python benchmarks/serve_bench.py --db sqlite:////tmp/serve-bench.db
    .venv/bin/python benchmarks/serve_bench.py --db sqlite:////tmp/serve-bench.db --stored

With ``--partial`` every snapshot is loaded as partial, so that the structure
pages are assembled from the threads. The warm-up reads the threads from the
derived cache when an earlier run (or ``show --at``) stored them, and says
which it did only through its time: a first run computes them.
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
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_bench import chain, loadable  # noqa: E402
from synth import _write  # noqa: E402

from orgarchive.services import Archive  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def build(url: str, snapshots: int, units: int, partial: bool = False) -> None:
    snaps = chain(snapshots, units, 0.02, 1)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, s in enumerate(snaps):
            path = Path(folder) / f"s{i:03}.json"
            s = loadable(s)
            _write(replace(s, coverage="partial") if partial else s, str(path))
            paths.append(path)
        archive = Archive.init(url, empty=True)
        for i in range(0, len(paths), 10):  # one load holds at most 128 MB (docs/files.md)
            archive.load(paths[i:i + 10])
        archive.close()


class Server:
    def __init__(self, url: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "orgarchive", "--db", url, "serve", "--port", "0"],
            stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if "Serving the archive on " not in line:
            raise SystemExit(f"the server did not start: {line!r}")
        self.base = line.split(" on ", 1)[1].split(" ", 1)[0].rstrip("/")

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime

    def get(self, path: str) -> tuple[int, bytes, float]:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(self.base + path, timeout=300) as answer:
                status, body = answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read()
        return status, body, time.perf_counter() - start

    def timed(self, label: str, path: str, times: int = 1) -> float:
        """Ask ``times`` times; print the median wall and server CPU time."""
        walls, cpus = [], []
        for _ in range(times):
            cpu = self.cpu()
            status, body, seconds = self.get(path)
            cpus.append(self.cpu() - cpu)
            walls.append(seconds)
            assert status == 200, (path, status, body[:300])
        wall, used = statistics.median(walls), statistics.median(cpus)
        print(f"  {label:<46} {wall * 1000:7.0f} ms wall {used * 1000:7.0f} ms server CPU"
              f"  {len(body) / 1e6:6.2f} MB")
        return wall

    def settle(self) -> tuple[float, float]:
        """Wait until the server works no more on its own (the warm-up thread
        done): (seconds waited, server CPU meanwhile)."""
        started, cpu = time.perf_counter(), self.cpu()
        last = cpu
        while True:
            time.sleep(1.0)
            now = self.cpu()
            if now - last < 0.03:
                return time.perf_counter() - started, now - cpu
            last = now

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, metavar="URL")
    parser.add_argument("--stored", action="store_true", help="the agency is already stored")
    parser.add_argument("--snapshots", type=int, default=50)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--partial", action="store_true",
                        help="build every snapshot as partial: structure pages are assembled")
    args = parser.parse_args(argv)

    if not args.stored:
        started = time.perf_counter()
        build(args.db, args.snapshots, args.units, args.partial)
        print(f"built and loaded: {time.perf_counter() - started:.0f} s")
    print(f"load average before: {os.getloadavg()}")
    server = Server(args.db)
    try:
        run(server, args.clients)
    finally:
        server.stop()
    print(f"load average after: {os.getloadavg()}")


def run(server: Server, clients: int) -> None:
    agencies = json.loads(server.get("/.json")[1])["agencies"]
    code = agencies[0]["agency"]
    # Asked at once, during the warm-up: it waits for the agency's threads when
    # the snapshots are partial (read from the derived cache, or worked out).
    started = time.perf_counter()
    body = server.get(f"/{code}.json?at={agencies[0]['last']}")[1]
    print(f"  structure as JSON at the start, during the warm-up: "
          f"{(time.perf_counter() - started) * 1000:.0f} ms wall")
    # The snapshot dates, from the structure page's slider.
    html = server.get(f"/{code}?at={agencies[0]['last']}")[1].decode()
    days = html.split('data-dates="', 1)[1].split('"', 1)[0].split()
    mid, later, far = days[len(days) // 2], days[len(days) // 2 + 1], days[len(days) // 2 + 10]
    units = len(json.loads(body)["units"])
    print(f"{code}: {len(days)} dates, {units} units in the latest snapshot")
    # The search index and the consecutive diffs are built on a thread at start:
    # wait for it, so that its CPU time is not counted in the pages below.
    waited, cpu = server.settle()
    print(f"  warm-up at start (search index, threads): done {waited:.0f} s after "
          f"the first page, {cpu:.1f} s server CPU")

    print("structure page (target: under 300 ms)")
    server.timed(f"first, at {mid}", f"/{code}?at={mid}")
    server.timed(f"again, at {mid} (median of 3)", f"/{code}?at={mid}", 3)
    server.timed(f"first, at {later}, as JSON", f"/{code}.json?at={later}")
    print("diff page (target: under 1 s)")
    server.timed(f"first, next snapshot {mid} -> {later}", f"/{code}/diff?from={mid}&to={later}")
    server.timed("again (median of 3)", f"/{code}/diff?from={mid}&to={later}", 3)
    server.timed(f"first, ten snapshots apart {mid} -> {far}", f"/{code}/diff?from={mid}&to={far}")
    server.timed("again (median of 3)", f"/{code}/diff?from={mid}&to={far}", 3)
    print("search (target: under 200 ms)")
    words = ["border", "maritime analysis", "fraud investigations", "zzzz", "office"]
    for q in words:
        server.timed(f"{q!r} (median of 3)", f"/{code}/search?q={urllib.request.quote(q)}", 3)
    server.timed(f"on one date ({mid}): 'border' (median of 3)",
                 f"/{code}/search?q=border&at={mid}", 3)
    print("unit page and report (no target; they follow every unit through every snapshot)")
    found = json.loads(server.get(f"/{code}/search.json?q=office")[1])["results"]
    server.timed(f"unit {found[0]['key']}, first", f"/{code}/units/{found[0]['key']}")
    server.timed(f"unit {found[0]['key']}, again", f"/{code}/units/{found[0]['key']}")
    server.timed(f"another unit, {found[1]['key']}", f"/{code}/units/{found[1]['key']}")
    server.timed("the report of the whole period, first", f"/{code}/report")
    key = found[0]["key"]

    if clients > 0:
        many(server, clients, code, days, mid, later, key)
    print(f"server peak memory: {server.peak_mb():.0f} MB")


def many(server: Server, clients: int, code: str, days: list[str], mid: str, later: str,
         key: str) -> None:
    print(f"{clients} clients at once, 10 requests each (structure, diff, search, JSON, unit)")
    mix = [f"/{code}?at={d}" for d in days[:8]] + [
        f"/{code}/diff?from={mid}&to={later}", f"/{code}/search?q=border",
        f"/{code}/search.json?q=analysis", f"/{code}.json?at={mid}", f"/{code}/units/{key}",
        "/", "/-/static/app.css"]

    def client(n: int) -> list[tuple[int, float]]:
        return [server.get(mix[(n * 3 + i) % len(mix)])[::2] for i in range(10)]

    cpu = server.cpu()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = [r for rs in pool.map(client, range(clients)) for r in rs]
    took = time.perf_counter() - started
    errors = [s for s, _ in results if s != 200]
    latencies = sorted(t for _, t in results)
    print(f"  {len(results)} requests in {took:.1f} s, {len(errors)} errors, "
          f"median {statistics.median(latencies) * 1000:.0f} ms, "
          f"95th percentile {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, "
          f"server CPU {server.cpu() - cpu:.1f} s")


if __name__ == "__main__":
    main()
