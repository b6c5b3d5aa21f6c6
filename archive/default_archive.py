"""The default archive's first use: built aside, then put in place whole.

The default SQLite file (no ``--db``, no ``$ORGARCHIVE_DATABASE_URL``) is
created and filled with the bundled snapshots on first use. Whatever happens
meanwhile, every command sees either no file or the whole archive:

- the file is built under a temporary name in the same folder (schema, then
  the bundled snapshots) and only then linked to its real name; a process
  killed while building leaves no ``archive.db``, so the next command starts
  again (and clears what the killed one left);
- while one process builds, others making their first use at the same time
  wait for it on a lock file (``.archive.db.lock``, released by the system
  when its holder dies), then find the archive made;
- the link never replaces a file: if an ``archive.db`` appeared meanwhile
  (made by a process that does not take the lock), it is kept and the copy
  built here is dropped.

Where the platform has no ``fcntl`` (Windows), there is no lock: processes
starting at once each build a copy and the first to link it wins.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_BUILDING = ".new"


def make_default(path: Path, build: Callable[[Path], None]) -> bool:
    """Create ``path`` by ``build(temporary path)`` unless it exists; True if
    this process made it. ``build`` writes a complete database at the path
    it is given (the schema and, unless asked otherwise, the bundled files)."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path) as exclusive:
        if path.exists():  # made by the process that held the lock before us
            return False
        if exclusive:
            _clear_leftovers(path)
        temp = path.with_name(f".{path.name}.{os.getpid()}{_BUILDING}")
        _remove(temp)
        try:
            build(temp)
            _settle(temp)
            made = _link(temp, path)
        finally:
            _remove(temp)
        return made


@contextmanager
def _locked(path: Path) -> Iterator[bool]:
    """Hold an exclusive lock on the lock file beside ``path``; say whether one was taken."""
    if fcntl is None:  # pragma: no cover - Windows
        yield False
        return
    lock = path.with_name(f".{path.name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def _settle(temp: Path) -> None:
    """Fold the write-ahead log into the file, so the file alone holds everything."""
    connection = sqlite3.connect(temp)
    try:
        connection.execute("PRAGMA journal_mode=DELETE").fetchall()
    finally:
        connection.close()


def _link(temp: Path, path: Path) -> bool:
    try:
        os.link(temp, path)
        return True
    except FileExistsError:
        return False
    except OSError:  # no hard links on this file system: rename unless taken meanwhile
        if path.exists():
            return False
        os.replace(temp, path)
        return True


def _clear_leftovers(path: Path) -> None:
    """Remove what processes killed while building left (only under the lock)."""
    prefix = f".{path.name}."
    for entry in path.parent.iterdir():
        name = entry.name
        if name.startswith(prefix) and _BUILDING in name[len(prefix):]:
            _remove(entry)


def _remove(temp: Path) -> None:
    for companion in ("", "-wal", "-shm", "-journal"):
        Path(f"{temp}{companion}").unlink(missing_ok=True)
