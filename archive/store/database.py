"""Which database, and an engine for it set up the way orgarchive needs.

The database is the URL given, else ``$ORGARCHIVE_DATABASE_URL``, else the
SQLite file ``archive.db`` in the user's orgarchive folder, as click's
``get_app_dir("orgarchive")`` names it (``~/.config/orgarchive`` on Linux,
honouring ``$XDG_CONFIG_HOME``; ``~/Library/Application Support/orgarchive``
on macOS; ``%APPDATA%\\orgarchive`` on Windows).

SQLite runs in WAL mode (readers never wait for a writer), with a busy
timeout and foreign keys on. Python's sqlite3 module is told to keep out of
transaction handling so that a write transaction can start with
``BEGIN IMMEDIATE``: two writers then queue on the busy timeout instead of one
failing with "database is locked" when it upgrades a read lock.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from ..errors import OrgArchiveError

ENV_VAR = "ORGARCHIVE_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "orgarchive_write"
# Row ids are INTEGER columns: 32 bits on PostgreSQL. A larger id names nothing.
MAX_ROW_ID = 2**31 - 1


def data_folder() -> Path:
    return Path(click.get_app_dir("orgarchive"))


def default_url() -> str:
    return f"sqlite:///{data_folder() / 'archive.db'}"


def choose_url(url: str | None) -> tuple[str, bool]:
    """The URL to use and whether it is the default database. An empty URL
    given on purpose is an error, not a silent fall back to the default."""
    if url is not None:
        if not url.strip():
            raise OrgArchiveError(
                "the database URL is empty: give one, or leave --db out for the default archive"
            )
        return url, False
    env = os.environ.get(ENV_VAR)
    if env:
        return env, False
    return default_url(), True


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise OrgArchiveError(f"not a database URL: {url!r}") from None


def display_url(url: str | URL) -> str:
    """The URL as it may be shown to a user: password hidden, the middle of a
    very long one cut out."""
    if isinstance(url, URL):
        shown = url.render_as_string(hide_password=True)
    else:
        try:
            shown = parse_url(url).render_as_string(hide_password=True)
        except OrgArchiveError:
            shown = repr(url)
    if len(shown) > _LONGEST_SHOWN:
        half = (_LONGEST_SHOWN - 1) // 2
        shown = f"{shown[:half]}…{shown[-half:]}"
    return shown


_LONGEST_SHOWN = 200


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL, None for other engines and in-memory databases."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a bad URL or a missing driver is an OrgArchiveError.

    A SQLite file that cannot be written here (a read-only mount, a folder
    without write permission) is opened read-only: reading commands work,
    writing ones fail with a line saying the database is read-only.
    """
    parsed = parse_url(url)
    connect_args: dict[str, Any] = {}
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        connect_args["timeout"] = BUSY_TIMEOUT_MS / 1000
    elif backend == "postgresql":
        connect_args["connect_timeout"] = 10
    path = sqlite_file(parsed) if backend == "sqlite" else None
    read_only = path is not None and _read_only(path)
    if read_only:
        assert path is not None
        connect_args["creator"] = _read_only_opener(path)
    try:
        creator = connect_args.pop("creator", None)
        engine = (create_engine(parsed, connect_args=connect_args) if creator is None
                  else create_engine(parsed, creator=creator))
    except NoSuchModuleError:
        raise OrgArchiveError(
            f"no database driver for {parsed.drivername!r} in {display_url(parsed)}"
        ) from None
    except (ArgumentError, ImportError) as exc:
        raise OrgArchiveError(f"cannot use database {display_url(parsed)}: {exc}") from None
    if backend == "sqlite":
        _set_up_sqlite(engine, memory=path is None or read_only)
    return engine


def _read_only(path: Path) -> bool:
    """A database file that exists but that this process cannot write, or
    whose folder it cannot write (SQLite in WAL mode needs its -shm file)."""
    try:
        if not path.is_file():
            return False
    except OSError:
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_opener(path: Path) -> Any:
    """A connection factory opening ``path`` read-only. Without a ``-wal``
    file beside it, the file is also opened as immutable: SQLite then needs
    no ``-shm`` file, which a read-only folder could not hold."""
    wal = path.with_name(path.name + "-wal")
    quoted = str(path.resolve()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    uri = f"file:{quoted}?mode=ro" + ("" if wal.exists() else "&immutable=1")

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)

    return connect


def writer(engine: Engine) -> Engine:
    """The same engine, marked so its transactions take the write lock at once."""
    return engine.execution_options(**{WRITE_OPTION: True})


def _set_up_sqlite(engine: Engine, *, memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def database_error(exc: BaseException, url: str | URL) -> OrgArchiveError:
    """A one-line message for a database that cannot be reached or used.

    The cause is named in words when it is known (a full disk, a write lock
    held too long, a read-only database); an error raised while cleaning up
    after the real one (SQLite's "no such savepoint" after a full disk has
    rolled the transaction back) gives way to the error that caused it.
    """
    cause = _root_cause(exc)
    original = cause.orig if isinstance(cause, DBAPIError) else cause
    where = f"database {display_url(url)}"
    if isinstance(original, OSError) and not isinstance(original, sqlite3.Error):
        return OrgArchiveError(f"{where}: {os_problem(original)}; nothing was stored")
    lines = [ln.strip() for ln in str(original).strip().splitlines() if ln.strip()]
    reason = lines[0] if lines else type(original).__name__
    lowered = reason.lower()
    if "disk i/o error" in lowered and _no_space_beside(url):
        reason = f"{reason}, and no space is left on its disk"
        lowered = _DISK_FULL
    if _DISK_FULL in lowered or "no space left on device" in lowered or (
        "could not extend file" in lowered
    ):
        return OrgArchiveError(
            f"{where}: the disk is full ({reason}); nothing was stored: free some space "
            "and try again"
        )
    if "database is locked" in lowered or "database is busy" in lowered:
        return OrgArchiveError(
            f"{where}: another process held the database's write lock for more than "
            f"{BUSY_TIMEOUT_MS / 1000:g} s (a large load?); nothing was stored: "
            "try again when it has finished"
        )
    if "readonly database" in lowered or ("read-only" in lowered and "transaction" in lowered):
        return OrgArchiveError(
            f"{where} is read-only here (the file or its folder cannot be written): "
            "only commands that read work"
        )
    return OrgArchiveError(f"{where}: {reason}")


_DISK_FULL = "database or disk is full"


def _no_space_beside(url: str | URL) -> bool:
    """Whether the disk of a SQLite file is full (SQLite then often reports
    only "disk I/O error", failing to make its shared-memory file)."""
    try:
        path = sqlite_file(url if isinstance(url, URL) else parse_url(url))
        return path is not None and shutil.disk_usage(path.parent).free < 64 * 1024
    except (OSError, OrgArchiveError):
        return False


def _message(exc: BaseException) -> str:
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    return str(original).lower()


# Errors raised while cleaning up after another one: the other one is the news.
_AFTERMATH = ("no such savepoint", "no transaction is active", "current transaction is aborted",
              "cannot rollback", "cannot commit")


def _root_cause(exc: BaseException) -> BaseException:
    """The error to report for ``exc``: a full disk anywhere in its chain of
    ``__context__`` (the errors it was raised while handling), else the
    earliest database error when ``exc`` only reports the aftermath."""
    chain: list[BaseException] = []
    step: BaseException | None = exc
    while step is not None and step not in chain and len(chain) < 20:
        chain.append(step)
        step = step.__context__
    for error in chain:
        if (isinstance(error, OSError) and error.errno == errno.ENOSPC) or (
            isinstance(error, SQLAlchemyError | sqlite3.Error) and _DISK_FULL in _message(error)
        ):
            return error
    if any(words in _message(exc) for words in _AFTERMATH):
        for error in chain[1:]:
            if isinstance(error, SQLAlchemyError | sqlite3.Error) and not any(
                words in _message(error) for words in _AFTERMATH
            ):
                return error
    return exc


def os_problem(exc: OSError) -> str:
    """An operating system error in words, the full disk said plainly."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"the disk is full ({exc.strerror or exc})"
    if exc.errno == errno.EROFS:
        return f"the file system is read-only ({exc.strerror or exc})"
    return str(exc.strerror or exc)


def file_exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError as exc:  # e.g. a name too long for the file system
        raise OrgArchiveError(f"database file {shown_path(str(path))}: {os_problem(exc)}"
                              ) from None


def make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OrgArchiveError(f"database file {shown_path(str(path))}: cannot create its folder: "
                              f"{os_problem(exc)}") from None


def shown_path(path: str, limit: int = 160) -> str:
    half = (limit - 1) // 2
    return path if len(path) <= limit else f"{path[:half]}…{path[-half:]}"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
