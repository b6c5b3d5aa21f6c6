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


# The module of each command. A command's module (and what it imports: the
# registry importers, the page extractor, the report) is imported only when
# that command runs, or when the help lists them all: `diff` and `show` start
# 0.06 s sooner. tests/test_startup.py holds this table to the modules' own
# COMMANDS lists.
COMMAND_MODULES = {
    "init": "admin", "db": "admin", "verify": "admin",
    "load": "loading",
    "import": "importing",
    "list": "reading", "show": "reading",
    "diff": "diffing",
    "report": "reporting", "history": "reporting",
    "extract": "extracting",
    "serve": "serving",
}
cli.lazy_commands = COMMAND_MODULES


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv, prog_name="orgarchive")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
