"""Small snapshot and lineage files for the storage and command-line tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from orgarchive.services import Archive

BASE_UNITS: list[dict[str, Any]] = [
    {"key": "dro", "name": "Office of Detention and Removal Operations", "acronym": "DRO",
     "kind": "office", "description": "Removes removable aliens."},
    {"key": "oi", "name": "Office of Investigations", "acronym": "OI", "kind": "office"},
    {"key": "oi-ht", "name": "Human Trafficking Unit", "parent": "oi", "aliases": []},
]


def write_snapshot(
    path: Path, *, agency: str = "ICE", as_of: str = "2008-11-01",
    units: list[dict[str, Any]] | None = None, **extra: Any,
) -> Path:
    doc: dict[str, Any] = {"format": "orgarchive.snapshot/1", "agency": agency, "as_of": as_of}
    doc.update(extra)
    doc["units"] = BASE_UNITS if units is None else units
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def write_lineage(path: Path, *, agency: str = "ICE", events: list[dict[str, Any]] | None = None,
                  units: list[dict[str, Any]] | None = None) -> Path:
    doc: dict[str, Any] = {
        "format": "orgarchive.lineage/1", "agency": agency,
        "events": events if events is not None else [
            {"date": "2010-06-09", "type": "renamed", "from": ["oi"], "to": ["hsi"],
             "note": "OI became HSI.", "source": {"title": "ICE-HISTORY"}},
        ],
    }
    if units is not None:
        doc["units"] = units
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def empty_archive(url: str) -> Archive:
    """A migrated database at ``url`` with nothing stored."""
    return Archive.init(url, empty=True)
