"""A `load` killed with SIGKILL at any moment stores its snapshot wholly or not at all.

Each attempt runs the real command line (``python -m orgarchive load``) on a
100,000-unit snapshot and kills it after a seeded random delay; the delays are
spread evenly over the duration of an uninterrupted load, measured first, so
kills land while the file is parsed, while rows are inserted and around the
commit. Every attempt's snapshot has its own ``as_of`` (so its own content):
after each kill it must be stored with all its units or be absent, and the rows
of the earlier snapshots must be untouched. At the end ``verify`` passes, and
further loads succeed.

On PostgreSQL the killed client leaves a server backend that must notice and
abort; before looking at the data the test waits until no backend is left on
the database (so a commit already sent is not mistaken for "absent"), and
times how long that takes.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from orgarchive.cli import cli
from orgarchive.store.database import make_engine
from tests.helpers.big_snapshot import UNITS, variant
from tests.storage_files import write_snapshot

pytestmark = pytest.mark.slow

KILLS = 20
MID_WRITE_KILLS = 3  # kills that must land while unit rows are being written
SEED = 20_261_122
SETTLE_LIMIT_S = 30.0


def start_load(url: str, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "orgarchive", "--db", url, "load", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def orgarchive(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "orgarchive", "--db", url, *args],
                          capture_output=True, text=True, timeout=300)


def settle(url: str) -> float:
    """Wait until no other session is connected to the database; the seconds it took.

    SQLite has no server: a killed process holds nothing, so this returns at once.
    """
    if not url.startswith("postgresql"):
        return 0.0
    engine = make_engine(url)
    started = time.monotonic()
    try:
        with engine.connect() as conn:
            while True:
                others = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid()")).scalar_one()
                conn.rollback()  # a fresh snapshot of pg_stat_activity next time
                waited = time.monotonic() - started
                if others == 0:
                    return waited
                assert waited < SETTLE_LIMIT_S, f"{others} backends linger after the kill"
                time.sleep(0.05)
    finally:
        engine.dispose()


def writing_now(url: str) -> bool:
    """Whether a load holds the write side of the database at this moment."""
    if url.startswith("sqlite"):
        probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0,
                                isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")  # fails at once while another writer holds it
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
                " AND l.relation = 'units'::regclass AND l.mode = 'RowExclusiveLock'"
            )).scalar_one())
    finally:
        engine.dispose()


def snapshots_as_of(url: str, day: date) -> list[tuple[int, int]]:
    """(recorded unit_count, unit rows) of every stored snapshot as of ``day``."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [(row[0], row[1]) for row in conn.execute(text(
                "SELECT s.unit_count, (SELECT count(*) FROM units u WHERE u.snapshot_id = s.id)"
                " FROM snapshots s WHERE s.as_of = :day"), {"day": day})]
    finally:
        engine.dispose()


def orphan_count(url: str) -> int:
    """Unit rows beyond those the stored snapshots account for."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT count(*) FROM units")).scalar_one()
            counted = conn.execute(text(
                "SELECT coalesce(sum(unit_count), 0) FROM snapshots")).scalar_one()
            return int(rows) - int(counted)
    finally:
        engine.dispose()


def planned_delays(duration: float, rng: random.Random) -> list[float]:
    """KILLS delays, one in each equal slice of the load's duration, in random order."""
    delays = [duration * (i + rng.random()) / KILLS for i in range(KILLS)]
    rng.shuffle(delays)
    return delays


def test_a_load_killed_at_random_moments_stores_all_or_nothing(
    database_url: str, tmp_path: Path
) -> None:
    assert CliRunner().invoke(cli, ["--db", database_url, "init", "--empty"]).exit_code == 0
    path = tmp_path / "big.json"

    # An uninterrupted load: how long one takes, and data the kills must not harm.
    first, first_day = variant(path, 0)
    started = time.monotonic()
    result = orgarchive(database_url, "load", str(first))
    duration = time.monotonic() - started
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{first}: stored as snapshot 1 ")

    rng = random.Random(SEED)
    delays = planned_delays(duration, rng)
    outcomes: Counter[str] = Counter()
    expected = {first_day: 1}
    settle_times: list[float] = []
    attempt = 0
    # After the planned kills, more (aimed at the second half, where the rows
    # are written) until MID_WRITE_KILLS of them landed while writing: on a
    # busy machine the phases of a load stretch unevenly, so the planned ones
    # alone may fall short of it.
    while outcomes["killed"] < KILLS or outcomes["killed while writing"] < MID_WRITE_KILLS:
        attempt += 1
        assert attempt <= 3 * KILLS, f"the kills keep missing the load's writing: {outcomes}"
        delay = delays.pop() if delays else rng.uniform(0.4 * duration, 0.95 * duration)
        attempt_path, day = variant(path, attempt)
        proc = start_load(database_url, attempt_path)
        time.sleep(delay)
        mid_write = writing_now(database_url)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        killed = proc.returncode == -signal.SIGKILL
        outcomes["killed" if killed else "finished first"] += 1
        outcomes["killed while writing"] += killed and mid_write
        settle_times.append(settle(database_url))

        found = snapshots_as_of(database_url, day)
        assert found in ([], [(UNITS, UNITS)]), f"attempt {attempt} after {delay:.2f}s: {found}"
        if found:
            expected[day] = 1
            outcomes["stored whole"] += 1
        else:
            outcomes["absent"] += 1
        assert orphan_count(database_url) == 0
        assert snapshots_as_of(database_url, first_day) == [(UNITS, UNITS)]

    print(f"\n{database_url.split(':')[0]}: load {duration:.1f}s; {dict(outcomes)}; "
          f"longest settle {max(settle_times):.2f}s")
    # Kills spread over the whole load must also land while rows are being written.
    assert outcomes["killed while writing"] >= MID_WRITE_KILLS, outcomes

    verified = orgarchive(database_url, "verify")
    assert (verified.returncode, verified.stderr) == (0, "")
    assert verified.stdout == (f"{len(expected)} snapshots checked: "
                               "all match their content hash\n")

    # Loads after the kills: the last killed file, then a new one, both succeed.
    again = orgarchive(database_url, "load", str(attempt_path))
    assert (again.returncode, again.stderr) == (0, "")
    assert ": stored as snapshot " in again.stdout or ": already stored " in again.stdout
    expected[day] = 1
    fresh, fresh_day = variant(path, attempt + 1)
    after = orgarchive(database_url, "load", str(fresh))
    assert (after.returncode, after.stderr) == (0, ""), after.stdout
    assert after.stdout.startswith(f"{fresh}: stored as snapshot ")
    expected[fresh_day] = 1
    assert snapshots_as_of(database_url, fresh_day) == [(UNITS, UNITS)]
    assert orphan_count(database_url) == 0

    if database_url.startswith("sqlite"):
        engine = make_engine(database_url)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        engine.dispose()
    assert settle(database_url) < SETTLE_LIMIT_S  # the fixture can drop the database


# ----------------------------------------------------------------------------- readers


def office_units(n: int, tag: str) -> list[dict[str, object]]:
    units: list[dict[str, object]] = [{"key": "root", "name": "Headquarters"}]
    units += [{"key": f"{tag}{i}", "name": f"Office {tag} {i}", "parent": "root"}
              for i in range(n - 1)]
    return units


def read_through_cli(url: str) -> list[tuple[int, int]]:
    """What `show`, then `diff`, say for 2013-01-01: (snapshot, its units), then
    (the diff's "to" snapshot, units added). Two reads, one after the other."""
    shown = CliRunner().invoke(cli, ["--db", url, "show", "--snapshot", "2013-01-01",
                                     "--format", "json"])
    assert (shown.exit_code, shown.stderr) == (0, ""), shown.output
    snapshot = json.loads(shown.stdout)
    diffed = CliRunner().invoke(cli, ["--db", url, "diff", "2008-11-01", "2013-01-01",
                                      "--format", "json"])
    assert (diffed.exit_code, diffed.stderr) == (0, ""), diffed.output
    changes = json.loads(diffed.stdout)
    return [(snapshot["snapshot"], len(snapshot["units"])),
            (changes["to"]["snapshot"], changes["summary"]["added"])]


def test_show_and_diff_during_a_load_see_the_old_or_the_new_state(
    database_url: str, tmp_path: Path
) -> None:
    assert CliRunner().invoke(cli, ["--db", database_url, "init", "--empty"]).exit_code == 0
    old = office_units(100, "a")
    first = write_snapshot(tmp_path / "old.json", units=old)
    assert CliRunner().invoke(cli, ["--db", database_url, "load", str(first)]).exit_code == 0
    extra = 20_000
    new = write_snapshot(tmp_path / "new.json", as_of="2012-01-01",
                         units=old + office_units(extra + 1, "b")[1:])
    # What show, and what diff, may say: all of the old state or all of the new.
    show_states = {(1, len(old)), (2, len(old) + extra)}
    diff_states = {(1, 0), (2, extra)}
    loader = start_load(database_url, new)
    seen: list[tuple[int, int]] = []
    try:
        while loader.poll() is None:
            seen += read_through_cli(database_url)
        out, err = loader.communicate(timeout=60)
    finally:
        if loader.poll() is None:
            loader.kill()
    assert (loader.returncode, err) == (0, ""), out
    seen += read_through_cli(database_url)
    assert set(seen[0::2]) <= show_states, seen
    assert set(seen[1::2]) <= diff_states, seen
    ids = [snapshot for snapshot, _ in seen]
    assert ids[0] == 1 and ids[-1] == 2
    assert ids == sorted(ids)  # never back to the old state once the new one was seen
    print(f"\n{database_url.split(':')[0]}: {len(seen)} show+diff reads during the load")


def test_sqlite_runs_in_wal_mode_and_a_writer_waits_for_another(tmp_path: Path) -> None:
    """WAL (readers never wait for the writer) and a busy timeout (a second writer
    queues instead of failing with "database is locked")."""
    path = tmp_path / "archive.db"
    url = f"sqlite:///{path}"
    assert CliRunner().invoke(cli, ["--db", url, "init", "--empty"]).exit_code == 0
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        assert holder.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock...
        loader = start_load(url, write_snapshot(tmp_path / "a.json"))
        time.sleep(1.5)
        assert loader.poll() is None  # ...so the load waits for it
        shown = CliRunner().invoke(cli, ["--db", url, "list", "--format", "json"])
        assert (shown.exit_code, json.loads(shown.stdout)) == (0, [])  # reading does not wait
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    out, err = loader.communicate(timeout=60)
    assert (loader.returncode, err) == (0, "")
    assert out.startswith(f"{tmp_path / 'a.json'}: stored as snapshot 1 ")
