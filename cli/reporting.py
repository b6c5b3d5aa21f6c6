"""``report`` and ``history``: the story of a period, and the life of one unit."""

from __future__ import annotations

from datetime import date, datetime

import click

from orgarchive.cli.common import (
    CONTEXT_SETTINGS,
    AppContext,
    format_option,
    pass_app,
    progress_bar,
)
from orgarchive.cli.output import write_output

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--agency", metavar="A", help="Agency code (may be left out when there is one).")
@click.option(
    "--from", "start", type=DATE, metavar="DATE", help="Start of the period (YYYY-MM-DD)."
)
@click.option("--to", "end", type=DATE, metavar="DATE", help="End of the period (YYYY-MM-DD).")
@format_option("markdown", "html", "json")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write to FILE (exactly that path, whole or not at all) instead of standard output.",
)
@pass_app
def report(
    app: AppContext,
    agency: str | None,
    start: datetime | None,
    end: datetime | None,
    fmt: str,
    output: str | None,
) -> None:
    """Tell what changed in an agency over a period: the snapshots in it, the
    changes between each consecutive pair, the net change, lineage chains
    following units through renames, moves, merges and splits, and the
    curated events with their sources.

    The period holds the snapshot in effect on --from and every snapshot
    dated up to --to; without them, all current snapshots. Markdown goes to
    standard output unless -o is given.

    \b
    Example:
        orgarchive report --from 2008-01-01 --to 2022-01-01
        orgarchive report --format html -o ice-report.html
    """
    from orgarchive.report.period import report_from_archive

    archive = app.archive()
    with progress_bar("Reading and comparing snapshots") as progress:
        built = report_from_archive(archive, agency, _day(start), _day(end), progress=progress)
    if fmt == "json":
        from orgarchive.report.period_json import render_json

        text = render_json(built)
    elif fmt == "html":
        from orgarchive.report.html import render_report_html

        text = render_report_html(built)
    else:
        from orgarchive.report.period_markdown import render_markdown

        text = render_markdown(built)
    write_output(text, output, db_url=app.db_url)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("unit")
@click.option("--agency", metavar="A", help="Agency code (may be left out when there is one).")
@format_option("text", "json")
@pass_app
def history(app: AppContext, unit: str, agency: str | None, fmt: str) -> None:
    """Print the life of one unit: when it was first and last seen, each name
    and acronym it carried, its parents over time, its predecessors and
    successors, and the curated events that name it.

    UNIT is a key, an acronym or a name from any era. When it fits more than
    one unit, the candidates are listed (exit 1): ask again with a key.

    \b
    Example:
        orgarchive history DRO
        orgarchive history "Homeland Security Investigations" --format json
    """
    from orgarchive.report.history import history_from_archive
    from orgarchive.report.history_render import render_json, render_text

    found = history_from_archive(app.archive(), unit, agency)
    if fmt == "json":
        click.echo(render_json(found), nl=False)
    else:
        click.echo(render_text(found, bold=lambda s: click.style(s, bold=True)), nl=False)


COMMANDS: list[click.Command] = [report, history]
