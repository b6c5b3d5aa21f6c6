"""A period report as the JSON document ``orgarchive.report.period/2``.

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
from ..structure.compare import Passing
from . import changes as changes_render
from .chains import Chain
from .period import Report

REPORT_FORMAT = "orgarchive.report.period/2"


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


def _when(when: Any) -> dict[str, Any]:
    return {"on": when.on.isoformat(), "after": _day(when.since), "curated": when.curated}


def chain_entry(report: Report, chain: Chain) -> dict[str, Any]:
    thread = report.threads[chain.thread]
    return {
        "thread": chain.thread,
        "kind": chain.kind,
        "keys": list(thread.keys),
        "steps": [
            {"kind": step.kind, "ending": step.ending, "at": _when(step.when),
             "unit": unit_dict(step.unit), "detail": step.detail or None}
            for step in chain.steps
        ],
        "last_seen": _day(chain.last_seen),
    }


def passing_entry(passing: Passing) -> dict[str, Any]:
    span = passing.span
    return {
        "thread": passing.thread,
        "unit": unit_dict(passing.unit),
        "began": span.began.kind if span.began else "first seen",
        "from": span.start.isoformat(),
        "from_curated": bool(span.began and span.began.curated),
        "ended": span.ended.kind if span.ended else None,
        "to": _day(span.end),
        "to_curated": bool(span.ended and span.ended.curated),
    }


def report_document(report: Report) -> dict[str, Any]:
    net = changes_document(report.net.diff)
    net["came_and_went"] = [passing_entry(p) for p in report.net.passing]
    return {
        "format": REPORT_FORMAT,
        "agency": report.agency,
        "agency_name": report.agency_name,
        "period": {"from": _day(report.asked[0]), "to": _day(report.asked[1]),
                   "start": report.start.isoformat(), "end": report.end.isoformat()},
        "net": net,
        "chains": [chain_entry(report, c) for c in report.chains],
        "steps": [changes_document(d) for d in report.steps],
        "events": [event_entry(e) for e in report.events],
        "snapshots": [snapshot_entry(s) for s in report.snapshots],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_document(report), indent=2, ensure_ascii=False) + "\n"


def unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name
