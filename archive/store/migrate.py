"""Schema migrations: Alembic run from code, with the scripts shipped in the package.

No ``alembic.ini``: the Config is built here, ``script_location`` points into
the installed package ``orgarchive.migrations``, and our own connection (in
a write transaction) is handed to ``migrations/env.py`` through
``config.attributes``. Migrations take a lock first (``BEGIN IMMEDIATE`` on
SQLite, an advisory lock on PostgreSQL), so two processes upgrading at once
run one after the other and the second finds nothing left to do.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import OrgArchiveError, SchemaError
from .database import database_error, display_url, writer

if TYPE_CHECKING:
    from alembic.config import Config

# Any constant: the key of PostgreSQL's advisory lock held while migrating.
_PG_LOCK_KEY = 0x6F72_6761

# The newest revision in migrations/versions/ (tests/test_migrations.py checks
# it is Alembic's head): every command checks the schema against it, and
# importing Alembic to find it would cost each one 0.2 s.
HEAD = "0003"


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("orgarchive.migrations")))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def current(engine: Engine) -> str | None:
    """The revision the database is at; None when it has no orgarchive schema."""
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        raise database_error(exc, engine.url) from None


def _run(engine: Engine, action: str, revision: str) -> None:
    from alembic import command
    from alembic.util import CommandError

    try:
        with writer(engine).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            config = _config(conn)
            if action == "upgrade":
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)
    except SQLAlchemyError as exc:
        raise database_error(exc, engine.url) from None
    except CommandError as exc:  # e.g. an unknown revision
        raise OrgArchiveError(f"cannot {action} to {revision!r}: {exc}") from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, "downgrade", revision)


def check(engine: Engine) -> None:
    """Raise SchemaError, naming the fix, unless the schema is at head."""
    at = current(engine)
    where = display_url(engine.url)
    if at is None:
        raise SchemaError(
            f"database {where} has no orgarchive schema: run `orgarchive db upgrade` "
            "(or `orgarchive init` to also load the bundled snapshots)"
        )
    if at == HEAD:
        return
    if at in known_revisions():
        raise SchemaError(
            f"database {where} has schema revision {at}, behind {head()}: "
            "run `orgarchive db upgrade`"
        )
    raise SchemaError(
        f"database {where} has schema revision {at}, unknown to this orgarchive "
        f"(newest known: {head()}): upgrade orgarchive"
    )
