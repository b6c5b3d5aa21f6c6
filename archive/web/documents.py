"""The JSON documents of the pages that no command prints: ``/`` and errors.

Every other page answers with its command's own JSON (see docs/serve.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .reader import AgencyState

AGENCIES_FORMAT = "orgarchive.agencies/1"


def to_json(document: Any) -> str:
    """Indented like every command's JSON, with a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def agency_entry(state: AgencyState) -> dict[str, Any]:
    first, last = state.snapshots[0], state.snapshots[-1]
    return {
        "agency": state.code,
        "agency_name": state.name,
        "first": first.as_of.isoformat(),
        "last": last.as_of.isoformat(),
        "snapshots": len(state.snapshots),
        "superseded": state.superseded,
        "events": len(state.events),
        "latest_unit_count": last.unit_count,
    }


def agencies_document(states: Sequence[AgencyState]) -> dict[str, Any]:
    return {"format": AGENCIES_FORMAT,
            "agencies": [agency_entry(s) for s in states if s.snapshots]}


def error_document(status: int, message: str, candidates: Sequence[str] = ()) -> dict[str, Any]:
    error: dict[str, Any] = {"status": status, "message": message}
    if candidates:
        error["candidates"] = list(candidates)
    return {"error": error}
