"""The structure page's subject: an agency's units on a date and what attests them.

``StructureView`` is what the page and its JSON need, whatever the library
assembles the structure from: the best-known structure of SPEC §4
(``structure_from_assembled``, from ``orgarchive.structure.assemble``, as
``show --at`` prints it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..domain import SnapshotInfo, Source, Unit
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
    stands: int | None = None  # the complete snapshot that is the answer as it stands
    # `show --at D --format json`, made when asked for (10,000 units take 0.1 s)
    document_of: Callable[[], dict[str, Any]] = field(default=dict, compare=False, repr=False)

    @property
    def common_cites(self) -> tuple[str, ...]:
        """Citations every unit shares (said once on the page, not per unit)."""
        sets = {refs for refs in self.cites.values()}
        return next(iter(sets)) if len(sets) == 1 else ()

    def json_text(self) -> str:
        """Exactly what ``orgarchive show --at DATE --format json`` prints."""
        return json.dumps(self.document_of(), indent=2, ensure_ascii=False) + "\n"


def info_citation(info: SnapshotInfo) -> Citation:
    title = info.source.title if info.source and info.source.title else "untitled source"
    return Citation(f"s{info.id}", "snapshot", info.as_of,
                    f"snapshot {info.id}, {title}", info.source, info.coverage)


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
    # Units mostly cite the same few citation objects: their refs are worked out once.
    known: dict[tuple[int, ...], tuple[str, ...]] = {}
    for placed in structure.units:
        sources = (*placed.seen, placed.name_source, placed.parent_source)
        signature = tuple(map(id, sources))  # the structure holds them: ids stay theirs
        refs = known.get(signature)
        if refs is None:
            found: list[str] = []
            for c in sources:
                if c is None:
                    continue
                if c.snapshot is not None:
                    found.append(f"s{c.snapshot.id}")
                elif c.event is not None and id(c.event) in event_ref:
                    found.append(event_ref[id(c.event)])
            refs = known[signature] = tuple(dict.fromkeys(found))
        if placed.events:
            refs = tuple(dict.fromkeys(
                [*refs, *(event_ref[id(e)] for e in placed.events if id(e) in event_ref)]))
        cites[placed.unit.key] = refs
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
        stands=structure.as_it_stands.id if structure.as_it_stands else None,
        document_of=lambda: structure_document(structure),
    )
