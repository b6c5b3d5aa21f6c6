"""Writing a command's output file: whole or not at all, never over the archive.

Every command with ``-o FILE`` writes through :func:`write_output`:

- the file appears complete or not at all: the text goes to a temporary file
  in the same folder, which is renamed over FILE only once fully written and
  flushed, so a killed or failing command leaves FILE as it was. On Linux
  the temporary file is unnamed (``O_TMPFILE``) until the last moment, so
  even a process killed with SIGKILL leaves nothing behind;
- FILE is exactly the path given (never one derived from data); a symbolic
  link is followed and its target replaced; a device or pipe
  (``/dev/stdout``) is written in place, as it cannot be replaced;
- the archive's own database file (and its ``-wal``, ``-shm`` and
  ``-journal`` companions) is refused: ``report -o archive.db`` must not
  destroy the archive it reports on;
- an existing file keeps its permissions; a new one gets the usual ones
  (``0666`` less the umask).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import click

from orgarchive.errors import OrgArchiveError

# Files that belong to a SQLite database besides the database file itself.
_COMPANIONS = ("-wal", "-shm", "-journal")


def write_output(text: str, output: str | None, *, db_url: str | None = None) -> None:
    """``text`` to ``output`` (atomically), or to standard output when it is None or ``-``.

    ``db_url`` is the ``--db`` given, if any (else the environment's or the
    default archive is the one protected). Failures are one-line OrgArchiveErrors.
    """
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    if output == "":
        raise OrgArchiveError("-o: the output file name is empty")
    target = Path(os.path.realpath(output))
    _refuse_archive_file(output, target, db_url)
    data = text.encode("utf-8")
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise _cannot_write(output, exc) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OrgArchiveError(f"{output}: is a folder; give a file name")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_in_place(output, data)  # a device or a pipe cannot be replaced
        return
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else _default_mode()
    try:
        _replace(target, data, mode)
    except OSError as exc:
        raise _cannot_write(output, exc) from None


def _refuse_archive_file(given: str, target: Path, db_url: str | None) -> None:
    from orgarchive.store import database

    try:
        chosen, _ = database.choose_url(db_url)
        db_file = database.sqlite_file(database.parse_url(chosen))
    except OrgArchiveError:
        return  # no usable database URL: there is no archive file to protect
    if db_file is None:
        return
    archive = Path(os.path.realpath(db_file))
    protected = [archive, *(archive.with_name(archive.name + c) for c in _COMPANIONS)]
    if target in protected or _same_file(target, archive):
        raise OrgArchiveError(
            f"{given}: is the archive's own database file ({db_file}); "
            "writing there would destroy the archive: choose another file"
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace(target: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it over ``target``."""
    folder = target.parent
    if hasattr(os, "O_TMPFILE"):
        try:
            fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, mode)
        except OSError:
            fd = -1  # the file system has no unnamed files: use a named one
        if fd >= 0:
            try:
                _write_all(fd, data)
                os.fchmod(fd, mode)
                temp = _link_unnamed(fd, folder, target.name)
            finally:
                os.close(fd)
            if temp is not None:
                _rename(temp, target)
                return
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        _rename(Path(name), target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _link_unnamed(fd: int, folder: Path, name: str) -> Path | None:
    """Give the unnamed file ``fd`` a temporary name in ``folder``; None if impossible."""
    for attempt in range(100):
        temp = folder / f".{name}.{os.getpid()}.{attempt}.tmp"
        try:
            os.link(f"/proc/self/fd/{fd}", temp, follow_symlinks=True)
            return temp
        except FileExistsError:
            continue
        except OSError:
            return None  # no /proc: the caller writes a named temporary file
    return None


def _rename(temp: Path, target: Path) -> None:
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _write_in_place(given: str, data: bytes) -> None:
    try:
        with open(given, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise _cannot_write(given, exc) from None


def _cannot_write(given: str, exc: OSError) -> OrgArchiveError:
    from orgarchive.store.database import os_problem

    return OrgArchiveError(f"{shown_path(given)}: cannot write: {os_problem(exc)}")


def shown_path(path: str, limit: int = 160) -> str:
    """A path as a message shows it: whole, or with its middle cut when very long."""
    if len(path) <= limit:
        return path
    half = (limit - 1) // 2
    return f"{path[:half]}…{path[-half:]}"
