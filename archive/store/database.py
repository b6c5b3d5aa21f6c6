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

import os
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


def data_folder() -> Path:
    return Path(click.get_app_dir("orgarchive"))


def default_url() -> str:
    return f"sqlite:///{data_folder() / 'archive.db'}"


def choose_url(url: str | None) -> tuple[str, bool]:
    """The URL to use and whether it is the default database."""
    if url:
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
    """The URL as it may be shown to a user: password hidden."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return parse_url(url).render_as_string(hide_password=True)
    except OrgArchiveError:
        return repr(url)


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL, None for other engines and in-memory databases."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a bad URL or a missing driver is an OrgArchiveError."""
    parsed = parse_url(url)
    connect_args: dict[str, Any] = {}
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        connect_args["timeout"] = BUSY_TIMEOUT_MS / 1000
    elif backend == "postgresql":
        connect_args["connect_timeout"] = 10
    try:
        engine = create_engine(parsed, connect_args=connect_args)
    except NoSuchModuleError:
        raise OrgArchiveError(
            f"no database driver for {parsed.drivername!r} in {display_url(parsed)}"
        ) from None
    except (ArgumentError, ImportError) as exc:
        raise OrgArchiveError(f"cannot use database {display_url(parsed)}: {exc}") from None
    if backend == "sqlite":
        _set_up_sqlite(engine, memory=sqlite_file(parsed) is None)
    return engine


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


def database_error(exc: SQLAlchemyError, url: str | URL) -> OrgArchiveError:
    """A one-line message for a database that cannot be reached or used."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    lines = [ln.strip() for ln in str(original).strip().splitlines() if ln.strip()]
    reason = lines[0] if lines else type(original).__name__
    return OrgArchiveError(f"database {display_url(url)}: {reason}")
