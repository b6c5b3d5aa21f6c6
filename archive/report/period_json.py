"""A period report as the JSON document ``orgarchive.report.period/1``.

Every key is documented in docs/reports.md. The diffs are
embedded as SPEC §3 ``orgarchive.changes/1`` objects, built by the same
function ``diff --format json`` uses, so a program reads them alike.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..domain import Diff, LineageEvent, Source, StoredSnapshot, Unit
from ..files.canonical import unit_dict
from . import changes as changes_render
from .period import Report
from .threads import Sighting, Thread, event_date

REPORT_FORMAT = "orgarchive.report.period/1"


def changes_document(diff: Diff) -> dict[str, Any]:
    """The SPEC §3 object for one diff, exactly as ``diff --format json`` prints it."""
    return changes_render.changes_document(diff)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def source_dict(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {
        "title": source.title,
        "url": source.url,
        "archived_url": source.archived_url,
        "note": source.note,
    }


def snapshot_entry(stored: StoredSnapshot) -> dict[str, Any]:
    info = stored.info
    return {
        "snapshot": info.id,
        "as_of": info.as_of.isoformat(),
        "observed": _day(info.observed),
        "coverage": info.coverage,
        "unit_count": len(stored.snapshot.units),
        "source": source_dict(info.source),
        "revises": info.revises,
    }


def event_entry(event: LineageEvent) -> dict[str, Any]:
    return {
        "date": event.date.isoformat(),
        "type": event.type,
        "from": list(event.from_keys),
        "to": list(event.to_keys),
        "note": event.note,
        "source": source_dict(event.source),
    }


def _stage(report: Report, sighting: Sighting) -> dict[str, Any]:
    change = sighting.change
    return {
        "snapshot": report.snapshots[sighting.index].info.id,
        "as_of": report.as_of(sighting.index).isoformat(),
        "effective": _day(event_date(change)),
        "types": list(sighting.types),
        "curated": bool(change and change.curated),
        "unit": unit_dict(sighting.unit),
    }


def chain_entry(report: Report, thread: Thread) -> dict[str, Any]:
    last = thread.last
    return {
        "id": thread.id,
        "origin": thread.origin,
        "end": thread.end,
        "first_seen": report.as_of(thread.first.index).isoformat(),
        "last_seen": report.as_of(last.index).isoformat(),
        "keys": thread.keys,
        "stages": [_stage(report, s) for s in thread.stages()],
        "predecessors": list(thread.predecessors),
        "successors": list(thread.successors),
        "last": unit_dict(last.unit),
    }


def report_document(report: Report) -> dict[str, Any]:
    return {
        "format": REPORT_FORMAT,
        "agency": report.agency,
        "agency_name": report.agency_name,
        "period": {"from": _day(report.start), "to": _day(report.end)},
        "snapshots": [snapshot_entry(s) for s in report.snapshots],
        "net": changes_document(report.net) if report.net is not None else None,
        "steps": [changes_document(d) for d in report.steps],
        "chains": [chain_entry(report, t) for t in report.chains],
        "events": [event_entry(e) for e in report.events],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_document(report), indent=2, ensure_ascii=False) + "\n"


def unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name
