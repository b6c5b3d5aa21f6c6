"""Commands that manage the database itself: init, db upgrade|downgrade|current, verify."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from orgarchive.cli.common import AppContext, echo_json, format_option, pass_app
from orgarchive.errors import IntegrityFailure

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _engine_for(app: AppContext) -> Engine:
    from orgarchive.store import database

    chosen, _ = database.choose_url(app.db_url)
    path = database.sqlite_file(database.parse_url(chosen))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
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
    from orgarchive.store import migrate

    engine = _engine_for(app)
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
    from orgarchive.store import migrate

    engine = _engine_for(app)
    try:
        at = migrate.current(engine)
    finally:
        engine.dispose()
    head = migrate.head()
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
