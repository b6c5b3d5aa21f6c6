"""Read a database's whole content, to prove a failed command changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, select

from orgarchive.store.database import make_engine


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, as plain tuples keyed by table name."""
    engine = make_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        out: dict[str, list[tuple[Any, ...]]] = {}
        with engine.connect() as conn:
            for name, table in sorted(meta.tables.items()):
                rows = conn.execute(select(table)).all()
                out[name] = sorted((tuple(r) for r in rows), key=repr)
        return out
    finally:
        engine.dispose()


def row_counts(url: str) -> dict[str, int]:
    return {name: len(rows) for name, rows in dump(url).items()}
