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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from ..domain import LineageEvent, SnapshotInfo, StoredSnapshot, Unit
from ..files.fast_unit import make_unit
from ..gcpause import paused_gc
from .dated import giving, latest, seen_by, with_variants
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

    @cached_property
    def snapshots(self) -> tuple[SnapshotInfo, ...]:
        """Every snapshot cited, in date order (worked out once)."""
        found: dict[int, SnapshotInfo] = {}
        for placed in self.units:
            for c in (*placed.seen, placed.name_source, placed.parent_source):
                if c is not None and c.snapshot is not None:
                    found[c.snapshot.id] = c.snapshot
        return tuple(sorted(found.values(), key=lambda i: (i.as_of, i.id)))

    @cached_property
    def events(self) -> tuple[LineageEvent, ...]:
        """Every curated event cited, in date order (worked out once)."""
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
    timelines = timelines_of(threads)
    present: dict[int, bool] = {}  # thread id -> presumed
    for tid, tl in enumerate(timelines):
        if tl.alive(at) is not None:
            present[tid] = False
        elif presume_until is not None:
            span = tl.began_in(at, presume_until)
            if span is not None and span.began is None and span is tl.spans[0]:
                present[tid] = True
    placer = _Placer(threads, at, {tid: key_at(threads[tid], at) for tid in present})
    units = tuple(placer.place(threads[tid], timelines[tid], presumed)
                  for tid, presumed in present.items())
    return Structure(threads.record.agency, at, units)


def timelines_of(threads: Threads) -> list[Timeline]:
    """Every thread's timeline, in thread order (the list is built once)."""
    found: list[Timeline] | None = threads.cache.get("timelines")
    if found is None:
        found = threads.cache["timelines"] = [threads.timeline(t) for t in threads]
    return found


def key_at(thread: Thread, at: date) -> str:
    """The key the unit went by on ``at``: its latest sighting's, unless a
    curated event gave it a new one since; before any, its first."""
    best: tuple[date, int, str] | None = None
    sightings = thread.sightings
    i = seen_by(sightings, at)
    if i:
        s = sightings[i - 1]
        best = (s.when, 0, s.unit.key)
    if thread.events:
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


class _Placer:
    """Each unit alive on ``at`` as it stood then, ``keys`` giving the key of
    every thread alive then (what a parent is named by)."""

    def __init__(self, threads: Threads, at: date, keys: dict[int, str]) -> None:
        self.at = at
        self.keys = keys
        # A snapshot's sightings are dated its as_of: one citation each, shared.
        self.cites = [Citation(s.info.as_of, s.info) for s in threads.record.snapshots]

    def cite(self, sighting: Sighting) -> Citation:
        if sighting.snapshot == LINEAGE:
            return Citation(sighting.when, None, sighting.event)
        return self.cites[sighting.snapshot]

    def place(self, thread: Thread, tl: Timeline, presumed: bool) -> PlacedUnit:
        at, cite, keys = self.at, self.cite, self.keys
        sightings = thread.sightings
        by_then = seen_by(sightings, at)  # how many of them are on or before ``at``
        inferred: list[str] = ["present"] if presumed else []
        key = keys[thread.id]
        era = tl.name_era(at)
        named: Sighting | None = None
        ours: Sequence[Sighting] = ()  # the sightings of its name then
        ours_by_then = 0
        if era is not None and era.known:
            ours = era.sightings
            ours_by_then = seen_by(ours, at)
            named = ours[ours_by_then - 1] if ours_by_then else ours[0]
        if era is None or named is None:
            name, acronym = key, None
            inferred.append("name")
        else:
            name = named.unit.name
            with_acronym = giving(thread, ours, ours_by_then, "acronym", era)
            acronym = with_acronym.unit.acronym if with_acronym else None
            if named.when > at:
                inferred.append("name")
        kind_from = giving(thread, sightings, by_then, "kind")
        description_from = giving(thread, sightings, by_then, "description")
        parent: str | None = None
        parent_known = False
        parent_source: Sighting | None = None
        parent_era = tl.parent_era(at)
        if parent_era is not None and parent_era.known:
            value: Any = parent_era.value
            # A parent that is not alive then (gone, or not yet known) is unknown.
            if value == TOP or value in keys:
                parent = None if value == TOP else keys[value]
                parent_known = True
                parent_source = latest(parent_era.sightings, at)
                if parent_source is not None and parent_source.when > at:
                    inferred.append("parent")
        unit = make_unit(
            key, name, acronym, kind_from.unit.kind if kind_from else None, parent,
            description_from.unit.description if description_from else None,
            _aliases(thread, era, name), parent_known)
        # Seen: the first and the latest sighting on or before ``at`` under the
        # name it then had (any name when none; when presumed there, the first).
        own: Sequence[Sighting] = sightings
        if named is None or era is None:
            i = by_then
        elif era.variants:
            own = with_variants(thread, era)
            i = seen_by(own, at)
        else:
            own, i = ours, ours_by_then
        if not i:
            own, i = sightings, by_then
            if not i and presumed and own:
                i = 1
        seen = () if not i else (cite(own[0]),) if i == 1 else (cite(own[0]), cite(own[i - 1]))
        return PlacedUnit(
            unit=unit,
            parent_known=parent_known,
            thread=thread.id,
            seen=seen,
            name_source=cite(named) if named is not None else None,
            parent_source=cite(parent_source) if parent_source is not None else None,
            events=tuple(e for e in thread.events if e.date <= at) if thread.events else (),
            inferred=tuple(inferred),
        )


def _aliases(thread: Thread, era: Era | None, name: str) -> tuple[str, ...] | None:
    """Other names of the unit in its era: the variants' and the sources' aliases."""
    if era is None:
        return None
    cache: dict[int, dict[str, None] | None] | None = thread.cache.get("aliases")
    if cache is None:
        cache = thread.cache["aliases"] = {}
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


def place_alone(threads: Threads, thread: Thread, at: date) -> PlacedUnit:
    """The unit of ``thread`` as it stood on ``at``, placed as in a structure
    where it alone is alive (for a unit that is not in one)."""
    placer = _Placer(threads, at, {thread.id: key_at(thread, at)})
    return placer.place(thread, threads.timeline(thread), False)
