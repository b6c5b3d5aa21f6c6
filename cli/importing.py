"""The import command: a registry's own export as snapshot and lineage files."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from orgarchive.cli.common import AppContext, echo_json, format_option, pass_app
from orgarchive.cli.extracting import IsoDate
from orgarchive.domain import Snapshot
from orgarchive.imports.sources import SOURCES


def _what(document: Any) -> str:
    if isinstance(document, Snapshot):
        units = len(document.units)
        return f"{document.agency} snapshot as of {document.as_of.isoformat()}, {units} units"
    named = len(document.units)
    tail = f", {named} named units" if named else ""
    return f"{document.agency} lineage, {len(document.events)} events{tail}"


@click.command("import")
@click.argument("source", type=click.Choice(list(SOURCES)), metavar="SOURCE")
@click.argument("file", type=click.Path(path_type=str, dir_okay=False))
@click.option("--as-of", "as_of", type=IsoDate(),
              help="govuk: the day the export was fetched (the snapshot's date). Required "
              "for govuk; congress dates each Congress by its first day.")
@click.option("-o", "--output", "folder", metavar="DIR", type=click.Path(path_type=str),
              help="Write the files into DIR for review (created if missing).")
@click.option("--load", "store", is_flag=True,
              help="Store the files in the archive at once, in one transaction.")
@format_option("text", "json")
@pass_app
def import_command(app: AppContext, source: str, file: str, as_of: date | None,
                   folder: str | None, store: bool, fmt: str) -> None:
    """Turn a registry's own export into snapshot and lineage files.

    \b
    SOURCE is one of:
      govuk     the GOV.UK organisations API as JSON (every page's results
                joined): a snapshot of the organisations open on --as-of,
                and a lineage of the closures the export records
      congress  committees-historical.yaml of congress-legislators: one
                snapshot per Congress, dated its first day, and a lineage
                of the committee renames the file declares

    With -o DIR the files are written for review; `orgarchive load DIR`
    then stores them unchanged. With --load they are stored at once, all or
    nothing. A file that is not that registry's export, or a record with a
    missing or wrong field, is one error line naming the record; nothing is
    written. docs/import.md says how each registry's records are read.

    \b
    Example:
        orgarchive import govuk organisations.json --as-of 2023-12-01 -o ukgov/
        orgarchive load ukgov/
        orgarchive import congress committees-historical.yaml --load
    """
    from orgarchive.imports.output import load_result, write_files
    from orgarchive.imports.sources import import_export

    if (folder is None) == (not store):
        raise click.UsageError("give either -o DIR (write the files for review) or --load "
                               "(store them at once)")
    if source == "govuk" and as_of is None:
        raise click.UsageError("govuk needs --as-of DATE: the day the export was fetched")
    if source == "congress" and as_of is not None:
        raise click.UsageError("congress takes no --as-of: each Congress is dated by its "
                               "first day")
    result = import_export(source, file, as_of)
    if store:
        outcomes = load_result(app.archive(), result)
        rows = [{"file": o.path, "kind": o.kind, "status": o.status,
                 "snapshot": o.snapshot_id if o.kind == "snapshot" else None,
                 "what": _what(doc.document)}
                for o, doc in zip(outcomes, result.files, strict=True)]
    else:
        assert folder is not None
        written = write_files(result, folder)
        rows = [{"file": str(w.path), "kind": "snapshot" if isinstance(w.document, Snapshot)
                 else "lineage", "status": w.status, "snapshot": None,
                 "what": _what(w.document)} for w in written]
    if fmt == "json":
        echo_json({"source": source, "files": rows, "notes": list(result.notes)})
        return
    for row in rows:
        status = row["status"]
        if status == "stored" and row["snapshot"] is not None:
            status = f"stored as snapshot {row['snapshot']}"
        click.echo(f"{row['file']}: {status} ({row['what']})")
    for note in result.notes:
        click.echo(f"note: {note}")
    if folder is not None:
        click.echo(f"Review the files, then store them with: orgarchive load {folder}")


COMMANDS: list[click.Command] = [import_command]
