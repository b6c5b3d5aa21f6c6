"""The registries ``orgarchive import`` knows, and the import of one export file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain import Lineage
from ..errors import OrgArchiveError
from . import congress, govuk
from .congress_history import rename_events, sitting_count, snapshots
from .congress_ids import KeyPlan
from .govuk_lineage import closure_events, lineage_notes, named_units
from .records import parse_json, parse_yaml
from .result import ImportedFile, ImportResult, ordinal, plural

# SOURCE -> what its FILE is.
SOURCES = {
    "govuk": "GOV.UK organisations API JSON",
    "congress": "congress-legislators committees-historical.yaml",
}


def _header(source: str, path: str | Path) -> tuple[str, ...]:
    return (f"Written by `orgarchive import {source}` from {Path(path).name}.",
            "Review it, then store the folder with `orgarchive load FOLDER`.")


def import_govuk(path: str | Path, as_of: date) -> ImportResult:
    """One export: a snapshot of the organisations open on ``as_of`` (the day it
    was fetched) and a lineage file of the closures it records."""
    export = parse_json(path, govuk.EXPECTED)
    orgs = govuk.read_organisations(export)
    govuk.check_as_of(orgs, as_of)
    shot, notes = govuk.snapshot(orgs, as_of)
    events = closure_events(orgs)
    named = named_units(orgs)
    stem = f"{govuk.AGENCY.lower()}-{as_of.isoformat()}"
    header = _header("govuk", path)
    files = (
        ImportedFile(f"{stem}.yaml", shot, header),
        ImportedFile(f"{stem}-lineage.yaml",
                     Lineage(agency=govuk.AGENCY, events=tuple(events), units=tuple(named)),
                     header),
    )
    return ImportResult("govuk", files, tuple(notes + lineage_notes(orgs, events, named)))


def import_congress(path: str | Path) -> ImportResult:
    """The committees file: a snapshot per Congress and a lineage of renames."""
    export = parse_yaml(path, congress.EXPECTED)
    committees = congress.read_committees(export)
    numbers = {n for body in congress.every_body(committees) for n in body.names}
    plan = KeyPlan(committees, numbers)
    shots = snapshots(committees, plan)
    events = rename_events(committees, plan)
    header = _header("congress", path)
    stem = congress.AGENCY.lower()
    files = [ImportedFile(f"{stem}-{n:03d}.yaml", s, header)
             for n, s in zip(plan.all_congresses, shots, strict=True)]
    reuses = [f"Id {r.body.full_id} reused from the {ordinal(r.congress)} Congress ({r.reason}): "
              f"the later body is {r.key}." for r in plan.reuses]
    files.append(ImportedFile(f"{stem}-lineage.yaml",
                              Lineage(agency=congress.AGENCY, events=tuple(events)),
                              header + tuple(reuses)))
    first, last = plan.all_congresses[0], plan.all_congresses[-1]
    notes = [
        f"{len(shots)} snapshots, the {ordinal(first)} to the {ordinal(last)} Congress "
        f"({shots[0].as_of.isoformat()} to {shots[-1].as_of.isoformat()}), "
        f"{sitting_count(committees)} sittings of committees and subcommittees",
        f"lineage: {plural(len(events), 'rename')} declared by a kept thomas_id",
    ]
    if reuses:
        keys = ", ".join(r.key for r in plan.reuses)
        notes.append(f"{plural(len(reuses), 'thomas_id')} reused for an unrelated body: the "
                     f"later one has a key of its own ({keys}); the lineage file's first lines "
                     "say why for each")
    return ImportResult("congress", tuple(files), tuple(notes))


def import_export(source: str, path: str | Path, as_of: date | None = None) -> ImportResult:
    """Read ``path`` as an export of ``source`` (a key of SOURCES)."""
    if source == "govuk":
        if as_of is None:
            raise OrgArchiveError("govuk needs --as-of DATE: the day the export was fetched")
        return import_govuk(path, as_of)
    if source == "congress":
        if as_of is not None:
            raise OrgArchiveError(
                "congress takes no --as-of: each Congress is dated by its first day"
            )
        return import_congress(path)
    raise OrgArchiveError(f"unknown source {source!r} (known: {', '.join(SOURCES)})")
