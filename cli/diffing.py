"""The ``diff`` command: what changed between two snapshots."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from orgarchive.cli.common import (
    CONTEXT_SETTINGS,
    AppContext,
    format_option,
    is_terminal,
    pass_app,
)
from orgarchive.cli.dates import SNAPSHOT_SPEC
from orgarchive.domain import Diff
from orgarchive.gcpause import for_good, paused_gc
from orgarchive.report.changes import (
    backwards_note,
    changes_csv,
    changes_json,
    changes_markdown,
    changes_text,
)

if TYPE_CHECKING:  # services pulls in SQLAlchemy and Alembic: only when a command runs
    from orgarchive.services import SnapshotSpec


def changes_html(diff: Diff, include_unchanged: bool = False) -> str:
    """A self-contained HTML page; with --all it lists unchanged and unobserved units too."""
    from orgarchive.report.html import render_diff_html

    return render_diff_html(diff, include_unchanged)


RENDERERS = {
    "text": changes_text,
    "markdown": changes_markdown,
    "json": changes_json,
    "csv": changes_csv,
    "html": changes_html,
}


@click.command("diff", context_settings=CONTEXT_SETTINGS)
@click.argument("from_spec", metavar="FROM", type=SNAPSHOT_SPEC)
@click.argument("to_spec", metavar="TO", type=SNAPSHOT_SPEC)
@click.option("--agency", metavar="A", help="Agency code (optional when the archive holds one).")
@format_option(*RENDERERS)
@click.option("--all", "show_all", is_flag=True, help="Also list unchanged pairs.")
@pass_app
def diff_command(
    app: AppContext,
    from_spec: SnapshotSpec,
    to_spec: SnapshotSpec,
    agency: str | None,
    fmt: str,
    show_all: bool,
) -> None:
    """Say which units were added, removed, renamed, moved, merged or split
    between two snapshots. FROM and TO are snapshot ids (3 or #3) or dates
    (YYYY-MM-DD; YYYY-MM or YYYY: at the end of that month or year); a date
    means the snapshot in effect then. Curated lineage events between the
    two dates decide the units they name. A FROM later than TO tells the
    changes backwards, curated events applied in reverse, and says so.

    \b
    Example:
        orgarchive diff 2008 2021 --format markdown
        orgarchive diff 2021-12-31 2008-12-31
    """
    # Two snapshots of 100,000 units and the engine's work are made with the
    # collector paused (store, engine); collecting again between the steps
    # and before the output would first rescan all of them as new objects,
    # and its last pass at exit everything still alive: about 0.2 s of a 100k
    # diff, for no cycle worth collecting (gcpause).
    with paused_gc(), for_good():
        _diff(app, from_spec, to_spec, agency, fmt, show_all)


def _diff(app: AppContext, from_spec: SnapshotSpec, to_spec: SnapshotSpec, agency: str | None,
          fmt: str, show_all: bool) -> None:
    diff = app.archive().diff(from_spec, to_spec, agency)
    if diff.before.as_of > diff.after.as_of and fmt in ("json", "csv"):
        click.echo(f"note: {backwards_note(diff)}", err=True)
    if fmt == "text" and is_terminal():
        click.echo(changes_text(diff, show_all, style=_colour), nl=False)
        return
    click.echo(RENDERERS[fmt](diff, show_all), nl=False)


# Colours of the change types, as in the HTML report's legend.
COLOURS = {"added": "green", "removed": "red", "renamed": "blue", "moved": "magenta",
           "modified": "yellow", "merged": "cyan", "split": "bright_magenta"}


def _colour(text: str, change_type: str) -> str:
    return click.style(text, fg=COLOURS.get(change_type), bold=True)


COMMANDS: list[click.Command] = [diff_command]
