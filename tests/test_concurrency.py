"""Concurrent processes (real `python -m orgarchive` subprocesses) on SQLite and PostgreSQL.

Each load here is large enough (tens of thousands of units) that the processes'
transactions really overlap.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from orgarchive.services import Archive
from tests.storage_files import empty_archive, write_snapshot

UNITS = 30_000


def big_units(n: int, tag: str) -> list[dict[str, object]]:
    units: list[dict[str, object]] = [{"key": "root", "name": f"Agency {tag}"}]
    units += [{"key": f"u{i}", "name": f"Office {i} {tag}", "parent": "root" if i < 50
               else f"u{i % 50}", "acronym": f"O{i}"} for i in range(n - 1)]
    return units


def start_load(url: str, *paths: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "orgarchive", "--db", url, "load", *map(str, paths)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        results.append((proc.returncode, out, err))
    return results


def test_the_same_file_loaded_by_three_processes_at_once_is_stored_once(
    database_url: str, tmp_path: Path
) -> None:
    archive = empty_archive(database_url)
    # The agency exists already, so the race is on the snapshot's own uniqueness.
    archive.load([write_snapshot(tmp_path / "small.json", as_of="2001-01-01")])
    archive.close()
    path = write_snapshot(tmp_path / "big.json", units=big_units(UNITS, "a"))
    results = finish([start_load(database_url, path) for _ in range(3)])
    assert [(code, err) for code, _, err in results] == [(0, "")] * 3
    outs = sorted(out for _, out, _ in results)
    assert outs == sorted([f"{path}: stored as snapshot 2 (ICE snapshot as of 2008-11-01, "
                           f"{UNITS} units)\n"] + [f"{path}: already stored as snapshot 2\n"] * 2)
    archive = Archive.open(database_url)
    try:
        assert [i.id for i in archive.list_snapshots()] == [1, 2]
        assert archive.verify().ok
    finally:
        archive.close()


def test_different_snapshots_of_a_new_agency_loaded_at_once_both_succeed(
    database_url: str, tmp_path: Path
) -> None:
    empty_archive(database_url).close()
    paths = [write_snapshot(tmp_path / f"{i}.json", agency="NEW", as_of=f"201{i}-01-01",
                            units=big_units(UNITS // 2, str(i))) for i in range(2)]
    results = finish([start_load(database_url, p) for p in paths])
    assert [(code, err) for code, _, err in results] == [(0, "")] * 2
    assert all(": stored as snapshot " in out for _, out, _ in results)
    archive = Archive.open(database_url)
    try:
        assert archive.agencies() == ["NEW"]
        infos = archive.list_snapshots()
        assert [(i.as_of.year, i.unit_count) for i in infos] == [(2010, UNITS // 2),
                                                                 (2011, UNITS // 2)]
        assert archive.verify().ok
    finally:
        archive.close()


def test_readers_during_a_load_see_the_old_or_the_new_state(
    database_url: str, tmp_path: Path
) -> None:
    archive = empty_archive(database_url)
    old_units = big_units(100, "old")
    archive.load([write_snapshot(tmp_path / "old.json", units=old_units)])
    new = write_snapshot(tmp_path / "new.json", as_of="2012-01-01", units=big_units(UNITS, "n"))
    loader = start_load(database_url, new)
    seen: list[int] = []
    try:
        while loader.poll() is None:
            # A reader in this process, on its own connection, while the loader writes.
            latest = archive.list_snapshots()[-1]
            stored = archive.resolve(latest.id)
            assert len(stored.snapshot.units) == stored.info.unit_count  # never half a snapshot
            shown = archive.resolve(date(2013, 1, 1))
            assert len(shown.snapshot.units) in (len(old_units), UNITS)
            seen.append(len(shown.snapshot.units))
            time.sleep(0.02)
        code, out, err = finish([loader])[0]
    finally:
        if loader.poll() is None:
            loader.kill()
    assert (code, err) == (0, ""), out
    assert seen and seen[0] == len(old_units)  # the reader ran before the commit
    after = archive.resolve(date(2013, 1, 1))
    assert len(after.snapshot.units) == UNITS
    archive.close()


def test_python_dash_m_runs_the_command_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "orgarchive", "--db",
                             f"sqlite:///{tmp_path / 'x.db'}", "init", "--empty"],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("is ready: 0 snapshots stored\n")
    listed = subprocess.run([sys.executable, "-m", "orgarchive", "--db",
                             f"sqlite:///{tmp_path / 'x.db'}", "list", "--format", "json"],
                            capture_output=True, text=True, timeout=60)
    assert (listed.returncode, json.loads(listed.stdout)) == (0, [])
