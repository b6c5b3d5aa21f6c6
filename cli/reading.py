"""Commands that read the archive: list and show."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import click

from orgarchive.cli.common import AppContext, echo_json, format_option, pass_app
from orgarchive.cli.dates import AT_DATE, SNAPSHOT_SPEC
from orgarchive.domain import SnapshotInfo, StoredSnapshot
from orgarchive.gcpause import for_good, paused_gc


def _status(info: SnapshotInfo) -> str:
    return "current" if info.is_current else f"superseded by {info.superseded_by}"


def info_dict(info: SnapshotInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "agency": info.agency,
        "as_of": info.as_of.isoformat(),
        "observed": info.observed.isoformat() if info.observed else None,
        "coverage": info.coverage,
        "units": info.unit_count,
        "current": info.is_current,
        "superseded_by": info.superseded_by,
        "revises": info.revises,
        "recorded_at": info.recorded_at.isoformat(timespec="seconds"),
        "source_title": info.source.title if info.source else None,
        "content_hash": info.content_hash,
    }


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


@click.command("list")
@click.option("--agency", metavar="A", help="Only this agency's snapshots.")
@format_option("table", "json")
@pass_app
def list_(app: AppContext, agency: str | None, fmt: str) -> None:
    """List stored snapshots, superseded revisions included.

    \b
    Example:
        orgarchive list --agency ICE --format json
    """
    archive = app.archive()
    if agency is not None and archive.agencies():  # the code as held, whatever its case
        agency = archive.default_agency(agency)
    infos = archive.list_snapshots(agency)
    if fmt == "json":
        echo_json([info_dict(i) for i in infos])
        return
    if not infos:
        click.echo("no snapshots stored" + (f" for {agency}" if agency else ""))
        return
    header = ["ID", "AGENCY", "AS OF", "OBSERVED", "COVERAGE", "UNITS", "STATUS", "REVISES",
              "RECORDED", "SOURCE"]
    rows = [header] + [[
        str(i.id), i.agency, i.as_of.isoformat(), i.observed.isoformat() if i.observed else "-",
        i.coverage, str(i.unit_count), _status(i), str(i.revises) if i.revises else "-",
        i.recorded_at.strftime("%Y-%m-%d %H:%M"), (i.source.title if i.source else None) or "-",
    ] for i in infos]
    for line in _table(rows):
        click.echo(line)


def describe(stored: StoredSnapshot, at: int | date) -> str:
    """Which snapshot answers the request, and its coverage."""
    info = stored.info
    coverage = ("partial coverage: the source shows only part of the agency"
                if info.coverage == "partial" else "complete coverage")
    head = f"{info.agency} on {at.isoformat()}" if isinstance(at, date) else f"{info.agency}"
    extra = "" if info.is_current else f", superseded by snapshot {info.superseded_by}"
    return (f"{head}: snapshot {info.id}, as of {info.as_of.isoformat()}, {coverage}, "
            f"{info.unit_count} units{extra}")


def _known_at(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """--known-on: a bare date means by the end of that day (UTC)."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day, time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD) or a time "
                                 "(YYYY-MM-DDTHH:MM[:SS])") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # past 9999-12-31 or before 0001-01-01 once in UTC
        return (datetime.max if moment.year > 1 else datetime.min).replace(tzinfo=UTC)


@click.command()
@click.option("--at", "at", type=AT_DATE, metavar="DATE",
              help="The best-known structure on this date (YYYY-MM-DD; YYYY-MM or YYYY: "
              "at the end of that month or year).")
@click.option("--snapshot", "snapshot", type=SNAPSHOT_SPEC, metavar="ID|DATE",
              help="One stored snapshot as loaded: an id, or a date (the snapshot in effect).")
@click.option("--agency", metavar="A", help="Agency code; may be left out when one is held.")
@click.option("--known-on", "known_at", metavar="WHEN", callback=_known_at,
              help="Answer as the archive stood then: a date (YYYY-MM-DD, to its end) or a "
              "time (YYYY-MM-DDTHH:MM[:SS], UTC unless an offset is given); snapshots and "
              "revisions recorded later are left out.")
@format_option("tree", "json", "yaml")
@pass_app
def show(app: AppContext, at: date | None, snapshot: int | date | None, agency: str | None,
         known_at: datetime | None, fmt: str) -> None:
    """Show an agency's structure. With --at DATE, the best-known structure
    on that date, assembled from every snapshot and curated event: each unit
    under its name and parent as known then, citing the sources that attest
    it (a complete snapshot in effect, with no curated event after it, is
    the answer as it stands; units whose parent is unknown are listed apart).
    With --snapshot, one stored snapshot exactly as loaded.

    \b
    Example:
        orgarchive show --at 2011-06-01
        orgarchive show --at 2013 --format json
        orgarchive show --snapshot 2 --format yaml
        orgarchive show --at 2009-01-01 --known-on 2026-01-31
    """
    if (at is None) == (snapshot is None):
        raise click.UsageError("give one of --at DATE (the best-known structure) or "
                               "--snapshot ID (one stored snapshot)")
    if snapshot is not None:
        _show_snapshot(app, snapshot, agency, known_at, fmt)
        return
    assert at is not None
    # Half a million sightings and their timelines live until the process
    # ends: the collector's rescans, and its last pass at exit, would cost
    # more than the assembly itself (gcpause.for_good).
    with paused_gc(), for_good():
        _show_at(app, at, agency, known_at, fmt)


def _show_at(app: AppContext, at: date, agency: str | None, known_at: datetime | None,
             fmt: str) -> None:
    structure = app.archive().best_known(at, agency, known_at=known_at)
    if fmt == "json":
        from orgarchive.report.structure_render import render_json

        click.echo(render_json(structure), nl=False)
    elif fmt == "yaml":
        from orgarchive.files.yaml_write import dump_snapshot_yaml
        from orgarchive.report.structure_render import as_snapshot, header

        click.echo("".join(f"# {line}\n" for line in header(structure)), nl=False)
        click.echo(dump_snapshot_yaml(as_snapshot(structure)), nl=False)
    else:
        from orgarchive.report.structure_render import render_text

        text = render_text(structure)
        click.echo(text, nl=False)  # one write: fast on 100,000 units


def _show_snapshot(app: AppContext, spec: int | date, agency: str | None,
                   known_at: datetime | None, fmt: str) -> None:
    from orgarchive.files.canonical import snapshot_dict
    from orgarchive.report.tree import render_tree

    if known_at is not None and not isinstance(spec, date):
        raise click.UsageError("--known-on goes with a date, not a snapshot id")
    stored = app.archive().resolve(spec, agency, known_at=known_at)
    if fmt == "json":
        echo_json({"snapshot": stored.info.id, **snapshot_dict(stored.snapshot)})
    elif fmt == "yaml":
        from orgarchive.files.yaml_write import dump_snapshot_yaml

        click.echo(f"# {describe(stored, spec)}")
        click.echo(dump_snapshot_yaml(stored.snapshot), nl=False)
    else:
        click.echo(describe(stored, spec))
        source = stored.snapshot.source
        if source is not None and (source.title or source.url):
            parts = [p for p in (source.title, source.url) if p]
            click.echo("source: " + " — ".join(parts))
        click.echo()
        with paused_gc():  # 100,000 lines and no cycles: spare the collector its rescans
            lines = render_tree(stored.snapshot)
        click.echo("\n".join(lines))  # one write: fast on 100,000 units


COMMANDS: list[click.Command] = [list_, show]
