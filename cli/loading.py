"""The load command: snapshot and lineage files into the archive, all or nothing."""

from __future__ import annotations

import click

from orgarchive.cli.common import AppContext, echo_json, format_option, pass_app, progress_bar


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--dry-run", is_flag=True, help="Check every file; store nothing.")
@click.option("--revises", type=int, metavar="ID",
              help="Store the one file given as a corrected revision of snapshot ID.")
@format_option("text", "json")
@pass_app
def load(app: AppContext, paths: tuple[str, ...], dry_run: bool, revises: int | None,
         fmt: str) -> None:
    """Load snapshot and lineage files, or folders of them, in one transaction.

    If any file is invalid nothing is stored. A file whose content is already
    stored is a no-op that says so. On a terminal a progress bar on stderr
    follows the files being read and stored.

    \b
    Example:
        orgarchive load snapshots/ice-2008.yaml lineage/ice.yaml
        orgarchive load --revises 3 ice-2008-fixed.yaml
    """
    archive = app.archive()
    with progress_bar("Loading") as progress:
        outcomes = archive.load(list(paths), dry_run=dry_run, revises=revises, progress=progress)
    if fmt == "json":
        echo_json([{
            "path": o.path, "kind": o.kind, "status": o.status, "snapshot": o.snapshot_id
            if o.kind == "snapshot" else None, "agency": o.agency,
            "as_of": o.as_of.isoformat() if o.as_of else None,
            "units": o.unit_count if o.kind == "snapshot" else None,
            "events": o.event_count if o.kind == "lineage" else None,
        } for o in outcomes])
        return
    for o in outcomes:
        if o.kind == "snapshot":
            as_of = o.as_of.isoformat() if o.as_of else "?"
            what = f"{o.agency} snapshot as of {as_of}, {plural(o.unit_count, 'unit')}"
            if o.status == "valid":
                click.echo(f"{o.path}: valid ({what})")
            elif o.status == "stored":
                click.echo(f"{o.path}: stored as snapshot {o.snapshot_id} ({what})")
            else:
                click.echo(f"{o.path}: already stored as snapshot {o.snapshot_id}")
        else:
            what = f"{o.agency} lineage, {plural(o.event_count, 'event')}"
            if o.status == "already stored":
                click.echo(f"{o.path}: already stored ({what})")
            else:
                click.echo(f"{o.path}: {o.status} ({what})")
    if dry_run:
        click.echo("dry run: nothing stored")


COMMANDS: list[click.Command] = [load]
