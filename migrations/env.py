"""Alembic environment: runs on the connection orgarchive.store.migrate hands over.

There is no alembic.ini and no URL here on purpose: migrations run through
``orgarchive db upgrade`` (or ``init``), which passes its own connection,
already inside a locked write transaction, via ``config.attributes``.
"""

from __future__ import annotations

from alembic import context

from orgarchive.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run orgarchive's migrations with `orgarchive db upgrade`")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
