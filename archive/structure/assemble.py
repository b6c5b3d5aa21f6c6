"""The best-known structure of an agency on a date (SPEC §4, ``show --at``).

``structure_at`` assembles it from the threads: every unit alive on the date
(first evidence on or before it, no end before it), under its key, name and
parent as best known then. Each fact cites its source:

* ``seen``: the first and the latest sighting on or before the date under the
  name it then had (any name when none; for a unit presumed there, the first
  sighting after it; none when only curated events attest it);
* ``name_source`` and ``parent_source``: the sighting that gives them;
* ``events``: the curated events naming the unit, up to the date.

A fact taken from a source dated *after* the date (a parent first stated by a
later page, the new name of a curated rename that only a later page shows) is
marked in ``inferred``. A unit whose parent no source gives for that time, or
whose parent is not alive then, has ``parent_known`` False: it is listed
apart, never put at the top.

``as_it_stands`` is the answer when a complete snapshot is in effect on the
date and no curated event falls after it: that snapshot, each unit citing it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from ..domain import LineageEvent, SnapshotInfo, StoredSnapshot, Unit
from ..gcpause import paused_gc
from .threads import JOINING, LINEAGE, Sighting, Thread, Threads
from .timeline import TOP, Era, Timeline


@dataclass(frozen=True, slots=True)
class Citation:
    """Where an assembled fact comes from: a snapshot, or a lineage file beside an event."""

    when: date
    snapshot: SnapshotInfo | None = None
    event: LineageEvent | None = None


@dataclass(frozen=True)
class PlacedUnit:
    """One unit of an assembled structure, with the sources of what it says."""

    unit: Unit  # parent: a key of the same structure, or None (top, or unknown)
    parent_known: bool
    thread: int | None
    seen: tuple[Citation, ...]
    name_source: Citation | None
    parent_source: Citation | None
    events: tuple[LineageEvent, ...]
    inferred: tuple[str, ...] = ()


@dataclass(frozen=True)
class Structure:
    """An agency's units on a date, each placed and cited."""

    agency: str
    at: date
    units: tuple[PlacedUnit, ...]
    as_it_stands: SnapshotInfo | None = None  # the complete snapshot that is the answer

    @property
    def snapshots(self) -> tuple[SnapshotInfo, ...]:
        """Every snapshot cited, in date order."""
        found: dict[int, SnapshotInfo] = {}
        for placed in self.units:
            for c in (*placed.seen, placed.name_source, placed.parent_source):
                if c is not None and c.snapshot is not None:
                    found[c.snapshot.id] = c.snapshot
        return tuple(sorted(found.values(), key=lambda i: (i.as_of, i.id)))

    @property
    def events(self) -> tuple[LineageEvent, ...]:
        """Every curated event cited, in date order."""
        found: dict[int, LineageEvent] = {}
        for placed in self.units:
            for e in placed.events:
                found.setdefault(id(e), e)
        return tuple(sorted(found.values(), key=lambda e: e.date))

    def by_key(self) -> dict[str, PlacedUnit]:
        """The units by key (built once)."""
        return self._by_key

    @cached_property
    def _by_key(self) -> dict[str, PlacedUnit]:
        return {p.unit.key: p for p in self.units}

    def tree(self) -> tuple[list[tuple[int, PlacedUnit]], list[tuple[int, PlacedUnit]]]:
        """(placed, apart): depth-first rows under known parents, and the units
        whose parent is unknown, each with what is known to sit under it."""
        children: dict[str | None, list[PlacedUnit]] = {}
        keys = {p.unit.key for p in self.units}
        roots: list[PlacedUnit] = []
        apart: list[PlacedUnit] = []
        for placed in self.units:
            parent = placed.unit.parent
            if not placed.parent_known or (parent is not None and parent not in keys):
                apart.append(placed)
            elif parent is None:
                roots.append(placed)
            else:
                children.setdefault(parent, []).append(placed)
        seen: set[str] = set()
        placed_rows = list(_walk(roots, children, seen))
        apart_rows = list(_walk(apart, children, seen))
        # Units caught in a parent cycle have no root above them: list them apart.
        apart_rows += [(0, p) for p in self.units if p.unit.key not in seen]
        return placed_rows, apart_rows


def _walk(
    roots: Sequence[PlacedUnit], children: dict[str | None, list[PlacedUnit]], seen: set[str]
) -> Iterator[tuple[int, PlacedUnit]]:
    stack = [(0, p) for p in reversed(roots)]
    while stack:
        depth, placed = stack.pop()
        if placed.unit.key in seen:
            continue
        seen.add(placed.unit.key)
        yield depth, placed
        below = children.get(placed.unit.key, ())
        stack.extend((depth + 1, c) for c in reversed(below))


def sources_for(infos: Sequence[SnapshotInfo], at: date) -> list[SnapshotInfo]:
    """The snapshots the structure on ``at`` rests on: from the latest complete
    one on or before it (everything there then is in it; earlier sources add
    nothing it does not say) to the earliest complete one after it (it knows
    every unit still there then; later sources cannot tell of ``at``). ``infos``
    are the current snapshots; the order is (as_of, id), as ``AgencyRecord``'s."""
    chain = sorted(infos, key=lambda i: (i.as_of, i.id))
    first = next((n for n in range(len(chain) - 1, -1, -1)
                  if chain[n].coverage == "complete" and chain[n].as_of <= at), 0)
    last = next((n for n in range(first, len(chain))
                 if chain[n].coverage == "complete" and chain[n].as_of > at), len(chain) - 1)
    return chain[first:last + 1]


def stands_alone(in_effect: SnapshotInfo | None, events: Sequence[LineageEvent], at: date) -> bool:
    """Whether the snapshot in effect on ``at`` is the answer as it stands: it
    is complete and no curated event falls after it, up to ``at``."""
    return (in_effect is not None and in_effect.coverage == "complete"
            and not any(in_effect.as_of < e.date <= at for e in events))


def as_it_stands(stored: StoredSnapshot, events: Sequence[LineageEvent], at: date) -> Structure:
    """A complete snapshot in effect on ``at`` as the answer, each unit citing it
    and the curated events (up to ``at``) that name its key."""
    by_key: dict[str, list[LineageEvent]] = {}
    for event in events:
        if event.date <= at:
            for key in dict.fromkeys((*event.from_keys, *event.to_keys)):
                by_key.setdefault(key, []).append(event)
    cite = (Citation(stored.info.as_of, stored.info),)
    units = tuple(
        PlacedUnit(unit, True, None, cite, cite[0], cite[0], tuple(by_key.get(unit.key, ())))
        for unit in stored.snapshot.units
    )
    return Structure(stored.info.agency, at, units, as_it_stands=stored.info)


def structure_at(
    threads: Threads, at: date, *, presume_until: date | None = None
) -> Structure:
    """The assembled structure on ``at``.

    With ``presume_until`` (the period reports use it for their start), a unit
    first seen after ``at`` and by that date, whose beginning no source
    records, is taken to have been there already, as first seen (``inferred``
    holds "present"): a partial source's silence is not an addition.
    """
    # Thousands of timelines and placed units over half a million sightings, no
    # cycles among them: the collector's rescans would cost more than the work.
    with paused_gc():
        return _structure_at(threads, at, presume_until)


def _structure_at(threads: Threads, at: date, presume_until: date | None) -> Structure:
    timelines: dict[int, Timeline] = {}
    present: dict[int, bool] = {}  # thread id -> presumed
    for thread in threads:
        tl = threads.timeline(thread)
        if tl.alive(at) is not None:
            present[thread.id] = False
        elif presume_until is not None:
            span = tl.began_in(at, presume_until)
            if span is not None and span.began is None and span is tl.spans[0]:
                present[thread.id] = True
        if thread.id in present:
            timelines[thread.id] = tl
    keys = {tid: key_at(threads[tid], at) for tid in present}
    units = []
    for tid, presumed in present.items():
        units.append(_place(threads, threads[tid], timelines[tid], at, presumed, keys))
    return Structure(threads.record.agency, at, tuple(units))


def key_at(thread: Thread, at: date) -> str:
    """The key the unit went by on ``at``: its latest sighting's, unless a
    curated event gave it a new one since; before any, its first."""
    best: tuple[date, int, str] | None = None
    sightings = thread.sightings
    i = bisect_right(sightings, at, key=lambda s: s.when)
    if i:
        s = sightings[i - 1]
        best = (s.when, 0, s.unit.key)
    keys = set(thread.keys)
    for event in thread.events:
        if event.date > at:
            break
        if event.type in JOINING and len(event.to_keys) == 1 and event.to_keys[0] in keys:
            if best is None or (event.date, 1) > best[:2]:
                best = (event.date, 1, event.to_keys[0])
        elif event.type == "added":
            for key in event.to_keys:
                if key in keys and best is None:
                    best = (event.date, 1, key)
    if best is not None:
        return best[2]
    return sightings[0].unit.key if sightings else thread.keys[0]


def cite(threads: Threads, sighting: Sighting) -> Citation:
    if sighting.snapshot == LINEAGE:
        return Citation(sighting.when, None, sighting.event)
    return Citation(sighting.when, threads.record.snapshots[sighting.snapshot].info)


def _pick(sightings: Sequence[Sighting], at: date, field: str | None = None) -> Sighting | None:
    """The latest sighting on or before ``at`` (giving ``field``), else the earliest after."""
    i = bisect_right(sightings, at, key=lambda s: s.when)
    if field is None:
        if i:
            return sightings[i - 1]
        return sightings[0] if sightings else None
    for n in range(i - 1, -1, -1):
        if getattr(sightings[n].unit, field) is not None:
            return sightings[n]
    for n in range(i, len(sightings)):
        if getattr(sightings[n].unit, field) is not None:
            return sightings[n]
    return None


def _place(
    threads: Threads,
    thread: Thread,
    tl: Timeline,
    at: date,
    presumed: bool,
    keys: dict[int, str],
) -> PlacedUnit:
    inferred: list[str] = ["present"] if presumed else []
    key = keys[thread.id]
    era = tl.name_era(at)
    named = _pick(era.sightings, at) if era is not None and era.known else None
    if named is None:
        name, acronym = key, None
        inferred.append("name")
    else:
        name = named.unit.name
        with_acronym = _pick(era.sightings if era else (), at, "acronym")
        acronym = with_acronym.unit.acronym if with_acronym else None
        if named.when > at:
            inferred.append("name")
    kind_from = _pick(thread.sightings, at, "kind")
    description_from = _pick(thread.sightings, at, "description")
    aliases = _aliases(thread, era, name)
    parent, parent_known, parent_source = _parent(threads, tl, at, keys)
    if parent_source is not None and parent_source.when > at:
        inferred.append("parent")
    unit = Unit(
        key=key,
        name=name,
        acronym=acronym,
        kind=kind_from.unit.kind if kind_from else None,
        parent=parent,
        description=description_from.unit.description if description_from else None,
        aliases=aliases,
        parent_known=parent_known,
    )
    own = sorted((*era.sightings, *(s for _, seen in era.variants for s in seen)),
                 key=lambda s: s.when) if era is not None and era.known else thread.sightings
    before = [s for s in own if s.when <= at] or [s for s in thread.sightings if s.when <= at]
    if not before and presumed:  # there by presumption: cite the source that first shows it
        before = thread.sightings[:1]
    seen = tuple(cite(threads, s) for s in (before[:1] + before[-1:] if len(before) > 1
                                            else before))
    return PlacedUnit(
        unit=unit,
        parent_known=parent_known,
        thread=thread.id,
        seen=seen,
        name_source=cite(threads, named) if named is not None else None,
        parent_source=cite(threads, parent_source) if parent_source is not None else None,
        events=tuple(e for e in thread.events if e.date <= at),
        inferred=tuple(inferred),
    )


def _aliases(thread: Thread, era: Era | None, name: str) -> tuple[str, ...] | None:
    """Other names of the unit in its era: the variants' and the sources' aliases."""
    if era is None:
        return None
    cache: dict[int, dict[str, None] | None] = thread.cache.setdefault("aliases", {})
    if id(era) not in cache:
        found: dict[str, None] = {}
        known = False
        for value, _ in era.variants:
            found[value.name] = None
            known = True
        for s in era.sightings:
            if s.unit.aliases is not None:
                known = True
                found.update(dict.fromkeys(s.unit.aliases))
        cache[id(era)] = found if known else None
    names = cache[id(era)]
    if names is None:
        return None
    return tuple(n for n in names if n != name)


def _parent(
    threads: Threads, tl: Timeline, at: date, keys: dict[int, str]
) -> tuple[str | None, bool, Sighting | None]:
    era = tl.parent_era(at)
    if era is None or not era.known:
        return None, False, None
    source = _pick(era.sightings, at)
    value: Any = era.value
    if value == TOP:
        return None, True, source
    if value not in keys:  # the parent is not alive then (gone, or not yet known)
        return None, False, None
    return keys[value], True, source
