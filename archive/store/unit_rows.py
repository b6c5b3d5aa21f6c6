"""Unit rows in and out: the bulk insert and the fast read of a snapshot's units.

A snapshot of 100,000 units is written and read many times more often than
anything else in the archive, so these paths talk to the driver directly
(SQLite's multi-row INSERTs, PostgreSQL's COPY, plain cursor tuples turned
into Units by the fast constructor) and fall back to SQLAlchemy Core on any
other driver. ``repository.Repository`` is their only caller.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..domain import Unit
from ..files.fast_unit import UNIT_SETTERS
from .tables import UNITS

# The order of the values in a bulk-inserted unit row.
UNIT_COLUMNS = ("snapshot_id", "position", "key", "name", "acronym", "kind", "parent_key",
               "description", "aliases", "parent_known")
# What a unit is read back from, in Unit field order.
UNIT_READ = "key, name, acronym, kind, parent_key, description, aliases, parent_known"
UNIT_BATCH = 5_000  # rows per executemany; bounds memory on huge snapshots


def units_from_rows(rows: Sequence[Sequence[Any]]) -> list[Unit]:
    """Units from rows of ``UNIT_READ``: the same Units as ``Unit(*row)`` (aliases
    decoded from JSON, parent_known a bool on every driver), about twice as fast.
    Reading 100,000 stored units is a large part of ``show``."""
    new = object.__new__
    (set_key, set_name, set_acronym, set_kind, set_parent, set_description, set_aliases,
     set_known) = UNIT_SETTERS
    out: list[Unit] = []
    append = out.append
    for key, name, acronym, kind, parent, description, aliases, known in rows:
        unit = new(Unit)
        set_key(unit, key)
        set_name(unit, name)
        set_acronym(unit, acronym)
        set_kind(unit, kind)
        set_parent(unit, parent)
        set_description(unit, description)
        set_aliases(unit, None if aliases is None else tuple(json.loads(aliases)))
        set_known(unit, bool(known))
        append(unit)
    return out


def _sqlite_insert(dbapi_connection: Any, snapshot_id: int, rows: list[Any]) -> None:
    """Insert unit rows into SQLite, many rows per INSERT statement.

    One statement per row costs SQLite a statement reset and a step each;
    500 rows per statement take about 30% less CPU for 100,000 units. SQLite
    before 3.32 allows only 999 parameters in a statement: 100 rows then.
    The snapshot id is written into the statement (an integer the database
    gave), so the flat ``rows`` are sliced straight into parameters.
    """
    from ..files.prepared import UNIT_ROW_WIDTH  # (loading imports it anyway; reading need not)

    per = 500 if sqlite3.sqlite_version_info >= (3, 32) else 100
    one = f"({int(snapshot_id)}, " + ", ".join("?" * UNIT_ROW_WIDTH) + ")"
    head = f"INSERT INTO units ({', '.join(UNIT_COLUMNS)}) VALUES "
    width = per * UNIT_ROW_WIDTH
    full = len(rows) - len(rows) % width
    cursor = dbapi_connection.cursor()
    try:
        if full:
            cursor.executemany(
                head + ", ".join([one] * per), [rows[i:i + width] for i in range(0, full, width)]
            )
        if full < len(rows):
            rest = rows[full:]
            cursor.execute(head + ", ".join([one] * (len(rest) // UNIT_ROW_WIDTH)), rest)
    finally:
        cursor.close()


def insert_units(session: Session, snapshot_id: int, rows: list[Any]) -> None:
    """Bulk-insert a prepared snapshot's unit rows (``UNIT_ROW_WIDTH`` values
    per unit, position first, no snapshot id) in the driver's fastest way."""
    from ..files.prepared import UNIT_ROW_WIDTH

    conn = session.connection()
    driver = conn.dialect.driver
    if driver == "pysqlite":
        _sqlite_insert(conn.connection.dbapi_connection, snapshot_id, rows)
        return
    width = UNIT_ROW_WIDTH
    step = UNIT_BATCH * width
    for start in range(0, len(rows), step):
        chunk = rows[start:start + step]
        tuples = [(snapshot_id, *chunk[i:i + width]) for i in range(0, len(chunk), width)]
        if driver == "psycopg":
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY units ({', '.join(UNIT_COLUMNS)}) FROM STDIN") as copy:
                for row in tuples:
                    copy.write_row(row)
        else:
            conn.execute(insert(UNITS),
                         [dict(zip(UNIT_COLUMNS, r, strict=True)) for r in tuples])


def read_units(session: Session, snapshot_id: int,
               like: tuple[int, Sequence[Unit]] | None = None) -> tuple[Unit, ...]:
    """A snapshot's units in file order, read through the driver's cursor on
    SQLite and psycopg (plain tuples, the fast constructor), through
    SQLAlchemy rows on any other driver.

    ``like`` is another stored snapshot already read (its id and its units in
    file order): a unit identical to one of its units, key and every field
    alike, is that very Unit (see ``_read_like``)."""
    conn = session.connection()
    driver = conn.dialect.driver
    if driver in ("pysqlite", "psycopg"):
        mark = "?" if driver == "pysqlite" else "%s"
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if like is not None and _positions_are_indexes(cursor, mark, like):
                return _read_like(cursor, driver, snapshot_id, like)
            cursor.execute(
                f"SELECT {UNIT_READ} "
                f"FROM units WHERE snapshot_id = {mark} ORDER BY position", (snapshot_id,))
            rows: Sequence[Sequence[Any]] = cursor.fetchall()
        finally:
            cursor.close()
    else:
        table = UNITS
        rows = conn.execute(
            select(table.c.key, table.c.name, table.c.acronym, table.c.kind,
                   table.c.parent_key, table.c.description, table.c.aliases,
                   table.c.parent_known)
            .where(table.c.snapshot_id == snapshot_id).order_by(table.c.position)).all()
    return tuple(units_from_rows(rows))


# The columns a unit is compared on, after its key (which joins the two rows).
_LIKE_COLUMNS = ("name", "acronym", "kind", "parent_key", "description", "aliases",
                 "parent_known")


def _positions_are_indexes(cursor: Any, mark: str, like: tuple[int, Sequence[Unit]]) -> bool:
    """Whether the stored positions of ``like`` are 0 .. n-1, n its number of
    units, so that a position is an index into its units (always so for
    snapshots stored by ``insert_units``: the position is the file's order)."""
    like_id, units = like
    cursor.execute(f"SELECT count(*), min(position), max(position) FROM units "
                   f"WHERE snapshot_id = {mark}", (like_id,))
    count, low, high = cursor.fetchone()
    return bool(count == len(units) and (count == 0 or (low == 0 and high == count - 1)))


def _read_like(cursor: Any, driver: str, snapshot_id: int,
               like: tuple[int, Sequence[Unit]]) -> tuple[Unit, ...]:
    """``read_units`` of ``snapshot_id`` against ``like``: the database joins
    each row to the row of ``like`` with the same key and every field alike
    and, when there is one, returns only its position. Such a unit is not
    read again (its text is not fetched, no Unit is built) but shared: two
    snapshots of 100,000 units a year apart have about 99,000 such units, and
    the diff engine then tells each unchanged pair by identity. Units are
    frozen values, so sharing one between two snapshots changes nothing else."""
    like_id, units = like
    mark = "?" if driver == "pysqlite" else "%s"
    same = "IS" if driver == "pysqlite" else "IS NOT DISTINCT FROM"  # NULL-safe equality
    fields = [c.strip() for c in UNIT_READ.split(",")]
    picked = ", ".join(f"CASE WHEN o.position IS NULL THEN n.{c} END" for c in fields)
    alike = " AND ".join(f"o.{c} {same} n.{c}" for c in _LIKE_COLUMNS)
    cursor.execute(
        f"SELECT o.position, {picked} FROM units AS n LEFT JOIN units AS o "
        f"ON o.snapshot_id = {mark} AND o.key = n.key AND {alike} "
        f"WHERE n.snapshot_id = {mark} ORDER BY n.position", (like_id, snapshot_id))
    rows = cursor.fetchall()
    fresh = iter(units_from_rows([row[1:] for row in rows if row[0] is None]))
    return tuple(units[row[0]] if row[0] is not None else next(fresh) for row in rows)
