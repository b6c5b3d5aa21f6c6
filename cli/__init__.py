"""The ``orgarchive`` command line: thin click commands over orgarchive.services."""

from __future__ import annotations

import sys
from typing import Any

import click

from orgarchive import __version__
from orgarchive.cli.common import CONTEXT_SETTINGS, AppContext, OrgArchiveGroup


@click.group(cls=OrgArchiveGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    "db_url",
    envvar="ORGARCHIVE_DATABASE_URL",
    metavar="URL",
    help="SQLAlchemy database URL. Default: $ORGARCHIVE_DATABASE_URL, else a SQLite "
    "file in the user's data folder, created and filled with the bundled snapshots.",
)
@click.version_option(__version__, prog_name="orgarchive")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None) -> None:
    """Keep the dated history of an agency's organizational structure and
    tell, with evidence, how it changed.

    \b
    Example:
        orgarchive report --from 2008-01-01 --to 2022-01-01
    """
    ctx.obj = AppContext(db_url)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from orgarchive.cli import (
        admin,
        diffing,
        extracting,
        importing,
        loading,
        reading,
        reporting,
        serving,
    )

    for module in (admin, loading, importing, reading, diffing, reporting, extracting, serving):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv, prog_name="orgarchive")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
