"""Where the bundled snapshot and lineage files are: package data of orgarchive.snapshots."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

SUFFIXES = (".yaml", ".yml", ".json")


def bundled_paths() -> list[Path]:
    """The bundled files, in name order (empty if the package ships none)."""
    folder = files("orgarchive.snapshots")
    found = [
        Path(str(entry))
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.lower().endswith(SUFFIXES)
    ]
    return sorted(found, key=lambda p: p.name)
