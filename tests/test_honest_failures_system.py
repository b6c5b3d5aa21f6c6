"""Honest failures that need the operating system's help: killed and concurrent
first uses of the default archive, a killed ``report -o``, a read-only mount,
a full disk, a write lock held too long.

Read-only mounts and small full disks are made with ``unshare -m`` (a private
mount namespace: nothing is mounted outside the test's own process); where
that is not allowed (not root, no unshare) those tests are skipped, except
that a folder without write permission stands in for a read-only mount when
the test does not run as root. A full disk is tested for real on SQLite
only: a PostgreSQL tablespace on a full disk stops the whole shared server's
checkpoints, so there the message is checked on the server's own error.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgarchive.cli import cli
from orgarchive.files.bundled import bundled_paths
from orgarchive.store import database
from tests.storage_files import write_snapshot

pytestmark = pytest.mark.slow

KILLS = 12
PYTHON = [sys.executable, "-m", "orgarchive"]


def orgarchive(*args: str, home: Path | None = None, timeout: float = 120
               ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if home is not None:
        env["XDG_CONFIG_HOME"] = str(home)
    return subprocess.run([*PYTHON, *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def bundled_snapshot_count() -> int:
    return sum("orgarchive.snapshot/1" in p.read_text(encoding="utf-8") for p in bundled_paths())


def can_unshare() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


def in_private_mounts(script: str) -> subprocess.CompletedProcess[str]:
    """Run a shell script in its own mount namespace; ``$ORGARCHIVE`` runs the CLI."""
    env = dict(os.environ, ORGARCHIVE=" ".join(PYTHON))
    return subprocess.run(["unshare", "-m", "sh", "-euc", script], capture_output=True,
                          text=True, env=env, timeout=300)


# -- the default archive's first use ---------------------------------------------------

def test_a_first_use_killed_at_any_moment_leaves_no_archive_or_a_whole_one(
    tmp_path: Path,
) -> None:
    expected = bundled_snapshot_count()
    started = time.monotonic()
    assert orgarchive("list", home=tmp_path / "timing").returncode == 0
    duration = time.monotonic() - started
    outcomes = {"killed before the file appeared": 0, "file complete when killed": 0}
    for attempt in range(KILLS):
        home = tmp_path / f"home{attempt}"
        proc = subprocess.Popen([*PYTHON, "list"], env=dict(os.environ, XDG_CONFIG_HOME=str(home)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * (attempt + 0.5) / KILLS)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        made = (home / "orgarchive" / "archive.db").exists()
        outcomes["file complete when killed" if made else "killed before the file appeared"] += 1
        listed = orgarchive("list", "--format", "json", home=home)
        assert listed.returncode == 0, listed.stderr
        assert len(json.loads(listed.stdout)) == expected, (attempt, listed.stdout)
        assert orgarchive("verify", home=home).returncode == 0
        leftovers = sorted(p.name for p in (home / "orgarchive").iterdir())
        assert leftovers in (["archive.db"], [".archive.db.lock", "archive.db"]), leftovers
    print(f"\nfirst use ({duration:.2f} s uninterrupted) killed {KILLS} times: {outcomes}")
    assert outcomes["killed before the file appeared"] >= 3


def test_six_first_uses_at_once_all_see_the_bundled_archive(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path))
    procs = [subprocess.Popen([*PYTHON, "list", "--format", "json"], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(6)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    expected = bundled_snapshot_count()
    for code, out, err in results:
        assert (code, err) == (0, ""), err
        assert len(json.loads(out)) == expected
    assert orgarchive("verify", home=tmp_path).returncode == 0


# -- output files -------------------------------------------------------------------------

def test_a_killed_report_leaves_the_old_file_or_the_new_one_whole(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    assert orgarchive("--db", url, "init").returncode == 0
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    target.write_text("old report", encoding="utf-8")
    started = time.monotonic()
    assert orgarchive("--db", url, "report", "--format", "html", "-o",
                      str(tmp_path / "whole.html")).returncode == 0
    duration = time.monotonic() - started
    whole = (tmp_path / "whole.html").read_text(encoding="utf-8")
    for attempt in range(KILLS):
        proc = subprocess.Popen([*PYTHON, "--db", url, "report", "--format", "html", "-o",
                                 str(target)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(duration * (attempt + 0.5) / KILLS)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert target.read_text(encoding="utf-8") in ("old report", whole)
        assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temporary
        target.write_text("old report", encoding="utf-8")


# -- read-only archives --------------------------------------------------------------------

def test_an_archive_on_a_read_only_mount_can_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    url = f"sqlite:///{folder / 'a.db'}"
    assert orgarchive("--db", url, "init").returncode == 0
    extra = write_snapshot(tmp_path / "x.json", as_of="2030-01-01")
    commands = (f'$ORGARCHIVE --db {url} show --at 2009-01-01 > {tmp_path}/show.out\n'
                f'$ORGARCHIVE --db {url} verify > {tmp_path}/verify.out\n'
                f'! $ORGARCHIVE --db {url} load {extra} 2> {tmp_path}/load.err\n')
    if os.geteuid() == 0:
        if not can_unshare():
            pytest.skip("cannot make a private read-only mount here")
        done = in_private_mounts(f"mount --bind {folder} {folder}\n"
                                 f"mount -o remount,ro,bind {folder}\n" + commands)
    else:  # pragma: no cover - a folder without write permission stands in
        folder.chmod(0o555)
        try:
            done = subprocess.run(["sh", "-euc", commands], capture_output=True, text=True,
                                  env=dict(os.environ, ORGARCHIVE=" ".join(PYTHON)))
        finally:
            folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "show.out").read_text().startswith(
        "ICE on 2009-01-01: best-known structure, assembled from ")
    assert "all match their content hash" in (tmp_path / "verify.out").read_text()
    assert (tmp_path / "load.err").read_text() == (
        f"Error: database {url} is read-only here (the file or its folder cannot be "
        "written): only commands that read work\n")
    assert sorted(p.name for p in folder.iterdir()) == ["a.db"]


# -- a full disk ------------------------------------------------------------------------------

def test_a_full_disk_during_load_says_so_and_stores_nothing(tmp_path: Path) -> None:
    if not can_unshare():
        pytest.skip("cannot mount a small file system here")
    big = write_snapshot(tmp_path / "big.json", units=[
        {"key": f"u{i}", "name": f"Office number {i} of a long list of offices"}
        for i in range(20_000)])
    small = write_snapshot(tmp_path / "small.json")
    disk, full = tmp_path / "disk", tmp_path / "full"
    disk.mkdir()
    full.mkdir()
    url = f"sqlite:///{disk / 'a.db'}"
    done = in_private_mounts(
        f"mount -t tmpfs -o size=1m tmpfs {disk}\n"
        f"mount -t tmpfs -o size=64k tmpfs {full}\n"
        f"$ORGARCHIVE --db {url} init --empty > /dev/null\n"
        f"$ORGARCHIVE --db {url} load {small} > /dev/null\n"
        f"! $ORGARCHIVE --db {url} load {big} 2> {tmp_path}/load.err\n"
        f"$ORGARCHIVE --db {url} list > {tmp_path}/list.out\n"
        f"$ORGARCHIVE --db {url} verify > {tmp_path}/verify.out\n"
        f"echo old report > {full}/r.md\n"
        f"dd if=/dev/zero of={full}/filler bs=4k 2> /dev/null || true\n"
        f"! $ORGARCHIVE --db {url} report -o {full}/r.md 2> {tmp_path}/report.err\n"
        f"cp {full}/r.md {tmp_path}/r.md\n"
        f"dd if=/dev/zero of={disk}/filler bs=4k 2> /dev/null || true\n"
        f"! $ORGARCHIVE --db {url} list 2> {tmp_path}/list.err\n")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "load.err").read_text() == (
        f"Error: database {url}: the disk is full (database or disk is full); nothing was "
        "stored: free some space and try again\n")
    assert [line.split()[:2] for line in (tmp_path / "list.out").read_text().splitlines()] == [
        ["ID", "AGENCY"], ["1", "ICE"]]  # the small one only
    assert (tmp_path / "verify.out").read_text().startswith("1 snapshots checked: all match")
    assert (tmp_path / "report.err").read_text() == (
        f"Error: {full}/r.md: cannot write: the disk is full (No space left on device)\n")
    assert (tmp_path / "r.md").read_text() == "old report\n"  # replaced whole or not at all
    # With its own disk full, SQLite cannot even make the file it reads through.
    list_error = (tmp_path / "list.err").read_text()
    assert list_error.startswith(f"Error: database {url}: the disk is full ("), list_error
    assert len(list_error.splitlines()) == 1


def test_postgresql_disk_full_is_said_plainly() -> None:
    psycopg = pytest.importorskip("psycopg")
    error = psycopg.errors.DiskFull(
        'could not extend file "base/16384/16400": No space left on device\n'
        "HINT:  Check free disk space.")
    message = str(database.database_error(error, "postgresql+psycopg://u:secret@h/db"))
    assert message == (
        'database postgresql+psycopg://u:***@h/db: the disk is full (could not extend file '
        '"base/16384/16400": No space left on device); nothing was stored: free some space '
        "and try again")


# -- a write lock held too long -----------------------------------------------------------------

def test_a_load_behind_a_lock_held_too_long_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.db"
    url = f"sqlite:///{path}"
    assert CliRunner().invoke(cli, ["--db", url, "init", "--empty"]).exit_code == 0
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(
            cli, ["--db", url, "load", str(write_snapshot(tmp_path / "s.json"))])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: database {url}: another process held the database's write lock for more "
        "than 0.3 s (a large load?); nothing was stored: try again when it has finished\n")
