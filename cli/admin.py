"""Commands that manage the database itself: init, db upgrade|downgrade|current, verify."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from orgarchive.cli.common import AppContext, echo_json, format_option, pass_app
from orgarchive.errors import IntegrityFailure

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _engine_for(app: AppContext, *, create: bool = False) -> Engine:
    """An engine for the chosen database. Only ``create`` (db upgrade) may make
    a SQLite file that does not exist; asking about one that does not, or
    downgrading it, is an error instead of leaving an empty file behind."""
    from orgarchive.errors import OrgArchiveError, SchemaError
    from orgarchive.store import database

    chosen, _ = database.choose_url(app.db_url)
    parsed = database.parse_url(chosen)
    path = database.sqlite_file(parsed)
    if path is not None:
        try:
            exists = path.exists()
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OrgArchiveError(f"database file {database.display_url(parsed)}: "
                                  f"{database.os_problem(exc)}") from None
        if not exists and not create:
            raise SchemaError(f"no database at {database.display_url(parsed)}: "
                              "`orgarchive db upgrade` (or `orgarchive init`) creates it")
    return database.make_engine(chosen)


@click.command()
@click.option("--empty", is_flag=True, help="Create the schema only; load no bundled snapshots.")
@pass_app
def init(app: AppContext, empty: bool) -> None:
    """Create or upgrade the database and load the bundled snapshots.

    Safe to run again: snapshots already stored are left as they are.

    \b
    Example:
        orgarchive --db postgresql+psycopg://me@localhost/orgs init
    """
    from orgarchive.services import Archive
    from orgarchive.store import database

    archive = Archive.init(app.db_url, empty=empty)
    try:
        held = archive.list_snapshots()
    finally:
        archive.close()
    url = database.display_url(database.choose_url(app.db_url)[0])
    click.echo(f"database {url} is ready: {len(held)} snapshots stored")


@click.group()
def db() -> None:
    """Schema migrations of the database (Alembic).

    \b
    Example:
        orgarchive db upgrade
    """


@db.command()
@click.argument("revision", default="head")
@pass_app
def upgrade(app: AppContext, revision: str) -> None:
    """Upgrade the schema to REVISION (default: the newest).

    \b
    Example:
        orgarchive --db sqlite:///orgs.db db upgrade
    """
    from orgarchive.services import Archive
    from orgarchive.store import database, migrate

    if revision == "head" and database.choose_url(app.db_url)[1]:
        # The default archive, on its first use, is made whole (and filled).
        Archive.open(None).close()
    engine = _engine_for(app, create=True)
    try:
        migrate.upgrade(engine, revision)
        click.echo(f"schema at revision {migrate.current(engine)}")
    finally:
        engine.dispose()


@db.command()
@click.argument("revision")
@pass_app
def downgrade(app: AppContext, revision: str) -> None:
    """Downgrade the schema to REVISION (`base` removes every table and its data).

    \b
    Example:
        orgarchive db downgrade base
    """
    from orgarchive.store import migrate

    engine = _engine_for(app)
    try:
        migrate.downgrade(engine, revision)
        click.echo(f"schema at revision {migrate.current(engine) or 'base (no schema)'}")
    finally:
        engine.dispose()


@db.command()
@pass_app
def current(app: AppContext) -> None:
    """Print the schema revision of the database and the newest one known.

    \b
    Example:
        orgarchive db current
    """
    from orgarchive.store import database, migrate

    head = migrate.head()
    chosen, _ = database.choose_url(app.db_url)
    path = database.sqlite_file(database.parse_url(chosen))
    if path is not None and not path.exists():  # say so, without creating it
        click.echo(f"none (no database file) (behind; newest is {head})")
        return
    engine = _engine_for(app)
    try:
        at = migrate.current(engine)
    finally:
        engine.dispose()
    state = "up to date" if at == head else f"behind; newest is {head}"
    click.echo(f"{at or 'none (no schema)'} ({state})")


@click.command()
@format_option("text", "json")
@pass_app
def verify(app: AppContext, fmt: str) -> None:
    """Recheck every stored snapshot and lineage file against its content hash.

    Exits 1 and names each snapshot or lineage file whose stored rows no longer match.

    \b
    Example:
        orgarchive verify
    """
    report = app.archive().verify()
    if fmt == "json":
        echo_json({
            "checked": report.checked,
            "lineage_checked": report.lineage_checked,
            "ok": report.ok,
            "bad": [{"snapshot": info.id, "agency": info.agency, "as_of": info.as_of.isoformat(),
                     "problem": why} for info, why in report.bad],
            "bad_lineage": [{"lineage_file": file_id, "agency": agency, "problem": why}
                            for file_id, agency, why in report.bad_lineage],
        })
    else:
        for info, why in report.bad:
            click.echo(f"snapshot {info.id} ({info.agency}, as of {info.as_of.isoformat()}) "
                       f"does not match its content hash: {why}")
        for file_id, agency, why in report.bad_lineage:
            click.echo(f"lineage file {file_id} ({agency}) does not match its content hash: {why}")
        if report.ok:
            files = f" and {report.lineage_checked} lineage files" if report.lineage_checked else ""
            click.echo(f"{report.checked} snapshots{files} checked: all match their content hash")
    if not report.ok:
        parts = []
        if report.bad:
            ids = ", ".join(str(info.id) for info, _ in report.bad)
            parts.append(f"{len(report.bad)} of {report.checked} snapshots fail verification: "
                         f"{ids}")
        if report.bad_lineage:
            ids = ", ".join(str(file_id) for file_id, _, _ in report.bad_lineage)
            parts.append(f"{len(report.bad_lineage)} of {report.lineage_checked} lineage files "
                         f"fail verification: {ids}")
        raise IntegrityFailure("; ".join(parts))


COMMANDS: list[click.Command] = [init, db, verify]
