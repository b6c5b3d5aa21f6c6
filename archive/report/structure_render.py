"""An assembled structure (``show --at``) as a text tree, JSON or a snapshot document.

Text: a header saying what the answer is made of, the sources, then the
tree of units under their known parents and, apart, the units whose parent
no source gives for that date (with what is known to sit under them). Each
unit line ends with its citations: ``#N DATE`` a snapshot, ``lineage DATE``
a lineage file naming the unit beside an event, then the curated events, and
``later:`` before a fact taken from a source dated after the date asked.

JSON: ``orgarchive.structure/1`` (docs/archive.md lists its keys).
YAML: the structure as an ``orgarchive.snapshot/1`` document (coverage
partial unless a complete snapshot stands as the answer; a unit whose
parent is unknown leaves ``parent`` out), loadable as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..domain import LineageEvent, Snapshot, Source
from ..files.canonical import unit_dict
from ..structure.assemble import Citation, PlacedUnit, Structure
from .period_json import event_entry, source_dict
from .tree import indented, unit_label

STRUCTURE_FORMAT = "orgarchive.structure/1"


def _flat(text: str) -> str:
    return " ".join(text.split())


def cited(c: Citation) -> str:
    if c.snapshot is not None:
        return f"#{c.snapshot.id} {c.when}"
    return f"lineage {c.when}"


def _event(e: LineageEvent) -> str:
    return f"{e.type} {e.date}"


def citations(placed: PlacedUnit, at_date: bool = True) -> str:
    """The sources of one unit's line (``at_date``: cite its sightings too)."""
    parts: list[str] = []
    if at_date:
        parts += [cited(c) for c in placed.seen]
    parts += [_event(e) for e in placed.events]
    if "name" in placed.inferred:
        parts.append("later: name" + (f" from {cited(placed.name_source)}"
                                      if placed.name_source else " not given by any source"))
    if "parent" in placed.inferred and placed.parent_source is not None:
        parts.append(f"later: parent from {cited(placed.parent_source)}")
    if "present" in placed.inferred:
        parts.append("presumed there already")
    return "; ".join(parts)


def header(structure: Structure) -> list[str]:
    """What the answer is and what it rests on."""
    at = structure.at.isoformat()
    info = structure.as_it_stands
    if info is not None:
        return [f"{structure.agency} on {at}: snapshot {info.id}, as of {info.as_of}, complete "
                f"coverage, {len(structure.units)} units: the structure as that snapshot stands"]
    unknown = sum(1 for p in structure.units if not p.parent_known)
    lines = [
        f"{structure.agency} on {at}: best-known structure, assembled from "
        f"{len(structure.snapshots)} snapshot(s) and {len(structure.events)} curated event(s): "
        f"{len(structure.units)} units, {unknown} of them with no known parent (listed apart)",
        "Sources:",
    ]
    for s in structure.snapshots:
        title = s.source.title if s.source and s.source.title else "no title"
        lines.append(f"  #{s.id} {s.as_of} {s.coverage}: {_flat(title)}")
    lines.append(
        f"Each unit cites its sources (#N DATE a snapshot, lineage DATE a lineage file, then "
        f"curated events); 'later:' marks a fact taken from a source dated after {at}.")
    return lines


def render_text(structure: Structure) -> str:
    return "\n".join(_text_lines(structure)) + "\n"


def _text_lines(structure: Structure) -> Iterator[str]:
    yield from header(structure)
    yield ""
    placed, apart = structure.tree()
    stands = structure.as_it_stands is not None
    for depth, p in placed:
        yield _line(depth, p, not stands)
    if apart:
        if placed:
            yield ""
        yield f"Parent unknown ({sum(1 for d, _ in apart if d == 0)}):"
        for depth, p in apart:
            yield _line(depth + 1, p, True)


def _line(depth: int, placed: PlacedUnit, cite_sightings: bool) -> str:
    label = _flat(unit_label(placed.unit))
    sources = citations(placed, cite_sightings)
    return indented(depth, f"{label}  [{sources}]" if sources else label)


def _citation(c: Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    if c.snapshot is not None:
        return {"snapshot": c.snapshot.id, "as_of": c.when.isoformat()}
    assert c.event is not None
    return {"lineage_event": {"date": c.event.date.isoformat(), "type": c.event.type},
            "as_of": c.when.isoformat()}


def structure_document(structure: Structure) -> dict[str, Any]:
    """``orgarchive.structure/1``: the answer, its sources, and each unit with its citations."""
    info = structure.as_it_stands
    events = structure.events
    index = {id(e): i for i, e in enumerate(events)}
    units = []
    for p in structure.units:
        entry = unit_dict(p.unit)
        entry["parent"] = p.unit.parent if p.parent_known else None
        entry["parent_known"] = p.parent_known
        entry["seen"] = [_citation(c) for c in p.seen]
        entry["name_source"] = _citation(p.name_source)
        entry["parent_source"] = _citation(p.parent_source)
        entry["events"] = [index[id(e)] for e in p.events]
        entry["inferred"] = list(p.inferred)
        units.append(entry)
    return {
        "format": STRUCTURE_FORMAT,
        "agency": structure.agency,
        "at": structure.at.isoformat(),
        "as_it_stands": None if info is None else {
            "snapshot": info.id, "as_of": info.as_of.isoformat(), "coverage": info.coverage},
        "snapshots": [{"snapshot": s.id, "as_of": s.as_of.isoformat(), "coverage": s.coverage,
                       "source": source_dict(s.source)} for s in structure.snapshots],
        "events": [event_entry(e) for e in events],
        "units": units,
    }


def render_json(structure: Structure) -> str:
    return json.dumps(structure_document(structure), indent=2, ensure_ascii=False) + "\n"


def as_snapshot(structure: Structure) -> Snapshot:
    """The structure as a snapshot document: what ``show --format yaml`` writes."""
    info = structure.as_it_stands
    names = [s.agency_name for s in structure.snapshots if s.agency_name]
    if info is not None:
        note = f"Snapshot {info.id} as of {info.as_of}, complete: the structure as it stands."
    else:
        ids = ", ".join(f"#{s.id} ({s.as_of})" for s in structure.snapshots)
        note = (f"Best-known structure on {structure.at}, assembled by orgarchive from snapshots "
                f"{ids or 'none'} and {len(structure.events)} curated event(s).")
    return Snapshot(
        agency=structure.agency,
        as_of=structure.at,
        units=tuple(p.unit for p in structure.units),
        agency_name=names[-1] if names else None,
        coverage="complete" if info is not None else "partial",
        source=Source(title="orgarchive show --at", note=note),
    )
