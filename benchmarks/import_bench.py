"""Time `orgarchive import` on the real registry exports, and on exports scaled up from them.

    python benchmarks/import_bench.py [--scale 20] [--repeat 3]

Sources: ../shared/real/raw/govuk-organisations-2023-12-01.json (the whole
GOV.UK register, 1,186 organisations) and congress-committees-historical-97-106.yaml,
each also copied ``--scale`` times over into one larger export (every slug or
thomas_id given a suffix, links rewritten to match), so the figures show how
the import grows. For each export, best of ``--repeat`` (CPU seconds of this
process, ``time.process_time``):

- ``read``: reading and checking the export and building every document;
- ``write``: writing the files for review (``-o``), each read back first as
  ``load`` will read it;
- ``load``: ``Archive.load`` of those files into a fresh SQLite archive;
- ``command``: CPU (user + system) and wall time of the whole ``orgarchive
  import ... --load`` process into a fresh SQLite archive, interpreter start
  and imports included (``startup`` alone is printed first).

The machine is shared: the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from orgarchive.imports.output import write_files
from orgarchive.imports.result import ImportResult
from orgarchive.imports.sources import import_congress, import_govuk
from orgarchive.services import Archive

RAW = Path(__file__).resolve().parent.parent.parent / "shared" / "real" / "raw"
GOVUK = RAW / "govuk-organisations-2023-12-01.json"
CONGRESS = RAW / "congress-committees-historical-97-106.yaml"
AS_OF = date(2023, 12, 1)


def scaled_govuk(copies: int, dest: Path) -> Path:
    """The register ``copies`` times over: copy N of slug s is s-cN, links likewise."""
    orgs = json.loads(GOVUK.read_text(encoding="utf-8"))["results"]
    out: list[dict[str, Any]] = []
    for n in range(copies):
        for org in orgs:
            clone = copy.deepcopy(org)
            clone["details"]["slug"] += f"-c{n}"
            clone["title"] += f" (copy {n})"
            for field in ("parent_organisations", "superseding_organisations"):
                for link in clone[field]:
                    link["id"] += f"-c{n}"
            out.append(clone)
    dest.write_text(json.dumps({"results": out}), encoding="utf-8")
    return dest


def scaled_congress(copies: int, dest: Path) -> Path:
    """The committees ``copies`` times over: copy N of id HSAG is HSAGXN."""
    committees = yaml.safe_load(CONGRESS.read_text(encoding="utf-8"))
    out = []
    for n in range(copies):
        for entry in committees:
            clone = copy.deepcopy(entry)
            clone["thomas_id"] += f"X{n}"
            clone["name"] += f" (copy {n})"
            clone["names"] = {k: f"{v} (copy {n})" for k, v in clone["names"].items()}
            out.append(clone)
    dest.write_text(yaml.safe_dump(out, sort_keys=False), encoding="utf-8")
    return dest


def best(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        start = time.process_time()
        value = work()
        times.append(time.process_time() - start)
    return min(times), value


def command_time(args: list[str], folder: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of ``orgarchive import ... --load``."""
    db = f"sqlite:///{folder / 'cmd.db'}"
    orgarchive = [sys.executable, "-m", "orgarchive", "--db", db]
    subprocess.run([*orgarchive, "init", "--empty"], check=True, capture_output=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*orgarchive, "import", *args, "--load"], check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup_cpu() -> float:
    """CPU seconds of ``orgarchive --version``: starting Python and importing the command line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "orgarchive", "--version"], check=True,
                   capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(label: str, path: Path, run: Callable[[], ImportResult], args: list[str],
            repeat: int) -> None:
    read, result = best(repeat, run)
    units = sum(len(getattr(f.document, "units", ())) for f in result.files)
    events = sum(len(getattr(f.document, "events", ())) for f in result.files)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        writes = []
        for i in range(repeat):
            start = time.process_time()
            written = write_files(result, folder / f"out{i}")
            writes.append(time.process_time() - start)
        loads = []
        for i in range(repeat):
            archive = Archive.init(f"sqlite:///{folder / f'a{i}.db'}", empty=True)
            start = time.process_time()
            archive.load([w.path for w in written])
            loads.append(time.process_time() - start)
            archive.close()
        runs = []
        for i in range(repeat):
            (folder / f"c{i}").mkdir()
            runs.append(command_time(args, folder / f"c{i}"))
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    size = path.stat().st_size / 2**20
    print(f"| {label} | {size:.1f} MB | {len(result.files)} | {units:,} | {events:,} | "
          f"{read:.2f} s | {min(writes):.2f} s | {min(loads):.2f} s | {cpu:.2f} s | "
          f"{wall:.2f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}, "
          f"repeat {options.repeat}, best of each")
    print(f"startup (orgarchive --version): {min(startup_cpu() for _ in range(3)):.2f} s CPU")
    print("| export | size | files | units | events | read | write | load | command CPU "
          "| command wall |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    measure("GOV.UK register", GOVUK, lambda: import_govuk(GOVUK, AS_OF),
            ["govuk", str(GOVUK), "--as-of", AS_OF.isoformat()], options.repeat)
    measure("congress 93rd-106th", CONGRESS, lambda: import_congress(CONGRESS),
            ["congress", str(CONGRESS)], options.repeat)
    with tempfile.TemporaryDirectory() as scratch:
        big = scaled_govuk(options.scale, Path(scratch) / "govuk-big.json")
        measure(f"GOV.UK x{options.scale}", big, lambda: import_govuk(big, AS_OF),
                ["govuk", str(big), "--as-of", AS_OF.isoformat()], options.repeat)
        many = scaled_congress(options.scale, Path(scratch) / "congress-big.yaml")
        measure(f"congress x{options.scale}", many, lambda: import_congress(many),
                ["congress", str(many)], options.repeat)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
