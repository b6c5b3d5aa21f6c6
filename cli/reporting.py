"""``report`` and ``history``: the story of a period, and the life of one unit."""

from __future__ import annotations

from datetime import date

import click

from orgarchive.cli.common import (
    CONTEXT_SETTINGS,
    AppContext,
    format_option,
    pass_app,
    progress_bar,
)
from orgarchive.cli.dates import FROM_DATE, TO_DATE
from orgarchive.cli.output import write_output


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--agency", metavar="A", help="Agency code (may be left out when there is one).")
@click.option(
    "--from", "start", type=FROM_DATE, metavar="DATE",
    help="Start of the period (YYYY-MM-DD; YYYY-MM or YYYY: from its first day).",
)
@click.option(
    "--to", "end", type=TO_DATE, metavar="DATE",
    help="End of the period (YYYY-MM-DD; YYYY-MM or YYYY: to its last day).",
)
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
    start: date | None,
    end: date | None,
    fmt: str,
    output: str | None,
) -> None:
    """Tell what changed in an agency over a period, from every snapshot and
    curated event: the net change between the structures assembled at the
    two dates (renamed, moved, added, removed, merged, split, and the units
    that came and went inside), lineage chains following each unit through
    the period, the changes between each consecutive pair of snapshots, and
    the curated events and snapshots used, each with its source.

    Without --from or --to the period starts at the first dated source or
    ends at the last. Markdown goes to standard output unless -o is given.

    \b
    Example:
        orgarchive report --from 2008-01-01 --to 2022-01-01
        orgarchive report --from 2008 --to 2021 --format json
        orgarchive report --format html -o ice-report.html
    """
    from orgarchive.report.period import build_report
    from orgarchive.structure.threads import threads_of

    archive = app.archive()
    with progress_bar("Reading snapshots") as progress:
        record = archive.record(agency, progress=progress)
    with progress_bar("Comparing snapshots") as progress:
        threads = threads_of(record, progress=progress)
    built = build_report(threads, start, end)
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
    """Print the life of one unit across every source: when it lived and how
    that began and ended, each name it carried (and other wordings of the
    same period), its parents over time, its predecessors and successors,
    the curated events that name it and the snapshots that show it, each
    with its source.

    UNIT is any key, acronym, name or alias the unit ever had, or a part of
    a name (whole words). When it fits several units, they are listed with
    their keys and dates (exit 1): ask again with a key. When it fits none,
    the closest names are suggested.

    \b
    Example:
        orgarchive history DRO
        orgarchive history VOICE
        orgarchive history "Homeland Security Investigations" --format json
    """
    from orgarchive.report.history import unit_history
    from orgarchive.report.history_render import render_json, render_text

    # Read back from the derived cache when a command has followed these
    # units before; otherwise worked out (the bar counts the diffs) and kept.
    with progress_bar("Following units through the snapshots") as progress:
        threads = app.archive().followed(agency, progress=progress)
    found = unit_history(threads, unit)
    if fmt == "json":
        click.echo(render_json(found), nl=False)
    else:
        click.echo(render_text(found, bold=lambda s: click.style(s, bold=True)), nl=False)


COMMANDS: list[click.Command] = [report, history]
