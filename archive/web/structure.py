"""The structure page's subject: an agency's units on a date and what attests them.

``StructureView`` is what the page and its JSON need, whatever the library
assembles the structure from: the best-known structure of SPEC §4
(``structure_from_assembled``, from ``orgarchive.structure.assemble``, as
``show --at`` prints it), or one stored snapshot (``structure_from_snapshot``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..domain import LineageEvent, SnapshotInfo, Source, StoredSnapshot, Unit
from ..files.canonical import snapshot_dict
from ..report.structure_render import header, structure_document
from ..structure.assemble import Structure


@dataclass(frozen=True)
class Citation:
    """A source the page cites: a stored snapshot or a curated event."""

    ref: str  # the anchor on the page: "s12" (snapshot 12) or "e3" (third event)
    kind: str  # "snapshot" | "event"
    day: date
    text: str  # what it is, in a few words
    source: Source | None
    coverage: str | None = None  # of a snapshot


@dataclass(frozen=True)
class StructureView:
    identity: tuple[object, ...]  # what the units and citations are drawn from (memo key)
    agency: str
    agency_name: str | None
    at: date
    summary: str  # one line: which sources answer, as `show` says it
    units: tuple[Unit, ...]  # parents are keys among these (or unknown)
    citations: tuple[Citation, ...]
    cites: dict[str, tuple[str, ...]]  # unit key -> refs of the citations attesting it
    unknown_parent: frozenset[str] = frozenset()  # keys whose parent no source tells
    pending: tuple[LineageEvent, ...] = ()  # events after the sources, up to the date
    document: dict[str, Any] = field(default_factory=dict)  # `show --at D --format json`

    @property
    def common_cites(self) -> tuple[str, ...]:
        """Citations every unit shares (said once on the page, not per unit)."""
        sets = {refs for refs in self.cites.values()}
        return next(iter(sets)) if len(sets) == 1 else ()

    def json_text(self) -> str:
        """Exactly what ``orgarchive show --at DATE --format json`` prints."""
        return json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"


def describe(stored: StoredSnapshot, at: date) -> str:
    """Which snapshot answers, and its coverage (the line `show` prints first)."""
    info = stored.info
    coverage = ("partial coverage: the source shows only part of the agency"
                if info.coverage == "partial" else "complete coverage")
    return (f"{info.agency} on {at.isoformat()}: snapshot {info.id}, as of "
            f"{info.as_of.isoformat()}, {coverage}, {info.unit_count} units")


def snapshot_citation(stored: StoredSnapshot) -> Citation:
    return info_citation(stored.info)


def info_citation(info: SnapshotInfo) -> Citation:
    title = info.source.title if info.source and info.source.title else "untitled source"
    return Citation(f"s{info.id}", "snapshot", info.as_of,
                    f"snapshot {info.id}, {title}", info.source, info.coverage)


def structure_from_snapshot(
    stored: StoredSnapshot, at: date, events: tuple[LineageEvent, ...]
) -> StructureView:
    """The snapshot in effect on ``at``: every unit attested by that snapshot.

    Curated events dated after the snapshot and up to ``at`` are listed as
    pending: the snapshot does not show them yet.
    """
    snapshot = stored.snapshot
    citation = snapshot_citation(stored)
    return StructureView(
        identity=("snapshot", stored.info.id),
        agency=snapshot.agency,
        agency_name=snapshot.agency_name,
        at=at,
        summary=describe(stored, at),
        units=snapshot.units,
        citations=(citation,),
        cites={u.key: (citation.ref,) for u in snapshot.units},
        unknown_parent=frozenset(u.key for u in snapshot.units if not u.parent_known),
        pending=tuple(e for e in events if snapshot.as_of < e.date <= at),
        document={"snapshot": stored.info.id, **snapshot_dict(snapshot)},
    )


def structure_from_assembled(structure: Structure, identity: tuple[object, ...]) -> StructureView:
    """The best-known structure (``show --at``): each unit cites the snapshots
    and curated events that attest it; ``identity`` names what it was built from."""
    events = structure.events
    event_ref = {id(e): f"e{i}" for i, e in enumerate(events, start=1)}
    citations = [info_citation(info) for info in structure.snapshots]
    citations += [Citation(event_ref[id(e)], "event", e.date,
                           f"curated event: {e.type} {', '.join(e.from_keys) or '—'} → "
                           f"{', '.join(e.to_keys) or '—'}", e.source) for e in events]
    cites: dict[str, tuple[str, ...]] = {}
    for placed in structure.units:
        refs: list[str] = []
        for c in (*placed.seen, placed.name_source, placed.parent_source):
            if c is None:
                continue
            if c.snapshot is not None:
                refs.append(f"s{c.snapshot.id}")
            elif c.event is not None and id(c.event) in event_ref:
                refs.append(event_ref[id(c.event)])
        refs += [event_ref[id(e)] for e in placed.events if id(e) in event_ref]
        cites[placed.unit.key] = tuple(dict.fromkeys(refs))
    names = [i.agency_name for i in structure.snapshots if i.agency_name]
    return StructureView(
        identity=identity,
        agency=structure.agency,
        agency_name=names[-1] if names else None,
        at=structure.at,
        summary=header(structure)[0],
        units=tuple(p.unit for p in structure.units),
        citations=tuple(citations),
        cites=cites,
        unknown_parent=frozenset(p.unit.key for p in structure.units if not p.parent_known),
        document=structure_document(structure),
    )
