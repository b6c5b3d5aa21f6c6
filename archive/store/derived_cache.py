"""The derived cache: work that can be redone from the records, kept to save time.

A row of ``derived_cache`` holds a payload (bytes) computed from an agency's
records, under a ``key`` that digests everything it was computed from (the
caller's choice: see ``archive.cached_threads``). It is never a record:
``verify`` does not check it, nothing else refers to it, and deleting any of
its rows loses nothing but time.

Reading it never fails a command: an error reading the table is a miss.
Writing it is best effort, in a transaction of its own after whatever made
the payload: a read-only database, a write lock another process holds (it is
waited for briefly, not for the busy timeout of a load) or a lost race with
another writer leaves the cache as it was and the caller's answer unchanged.
At most ``KEEP`` payloads are kept per agency and kind; older ones are
deleted when a new one is written.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from .database import BUSY_TIMEOUT_MS, writer
from .tables import DerivedRow

KEEP = 3  # payloads per agency and kind: a few windows of snapshots asked in turn
LOCK_WAIT_MS = 250  # how long a cache write waits for another writer's lock


def read(engine: Engine, agency: str, kind: str, key: str) -> bytes | None:
    """The payload stored under exactly this key, or None (also when it cannot be read)."""
    query = select(DerivedRow.payload).where(
        DerivedRow.agency == agency, DerivedRow.kind == kind, DerivedRow.key == key)
    try:
        with engine.connect() as conn:
            found = conn.execute(query).scalar()
    except (SQLAlchemyError, sqlite3.Error, OSError):
        return None
    return None if found is None else bytes(found)


def write(engine: Engine, agency: str, kind: str, key: str, payload: bytes) -> bool:
    """Store ``payload`` under ``key``; False (and nothing changed) when it
    cannot be written now. Never raises for a database that refuses."""
    sqlite = engine.dialect.name == "sqlite"
    try:
        with writer(engine).connect() as conn:
            # Straight to the driver: through SQLAlchemy the pragma would
            # begin the transaction, and wait the full busy timeout for it.
            raw = conn.connection.dbapi_connection
            if sqlite and raw is not None:  # BEGIN IMMEDIATE waits this long, not 30 s
                raw.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
            try:
                with conn.begin():
                    if not sqlite:
                        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
                    same = (DerivedRow.agency == agency) & (DerivedRow.kind == kind)
                    conn.execute(delete(DerivedRow).where(same & (DerivedRow.key == key)))
                    conn.execute(insert(DerivedRow).values(
                        agency=agency, kind=kind, key=key, made_at=datetime.now(UTC),
                        payload=payload))
                    kept = select(DerivedRow.id).where(same).order_by(
                        DerivedRow.id.desc()).limit(KEEP)
                    conn.execute(delete(DerivedRow).where(same & DerivedRow.id.not_in(kept)))
            finally:
                if sqlite and raw is not None:
                    raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except (SQLAlchemyError, sqlite3.Error, OSError):
        return False
    return True


def clear(engine: Engine) -> int:
    """Delete every cached payload (they are all redone on demand); how many."""
    with writer(engine).begin() as conn:
        return conn.execute(delete(DerivedRow)).rowcount
