"""Threads: a unit followed through a chain of snapshots, one diff at a time.

A *thread* is a maximal run of one-to-one links (unchanged, renamed, moved,
modified) across consecutive snapshots. It begins in the first snapshot, as
an added unit, as the product of a merge or split, or when a unit is first
seen after a partial snapshot; it ends when the unit is removed, merged into
another or split. A merge whose surviving unit keeps one of the old keys (an
"absorb") continues that unit's thread; a split keeping the old key likewise.

A unit missing from a *partial* snapshot is unobserved, not gone: its thread
goes dormant and resumes when a later snapshot shows the same key again, or
the key a curated one-to-one rename or move gave it.

Everything here is linear in the number of units times snapshots: one dict
lookup per unit per step, no pairwise work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..domain import Change, ChangeType, Diff, LineageEvent, Snapshot, Unit
from ..engine.normalize import norm_acronym, norm_name
from ..gcpause import paused_gc

# How a thread begins and ends.
ORIGINS = ("start", "added", "merged", "split", "first seen")
ENDINGS = ("present", "removed", "merged", "split", "unobserved")


@dataclass(frozen=True, slots=True)
class Sighting:
    """A unit as one snapshot shows it; ``change`` is the record that led here."""

    index: int  # position of the snapshot in the chain
    unit: Unit
    change: Change | None = None  # None: first sighting, unchanged, or resumed

    @property
    def types(self) -> tuple[ChangeType, ...]:
        return self.change.types if self.change is not None else ()


_SIGHTING_SETTERS = tuple(Sighting.__dict__[f].__set__ for f in ("index", "unit", "change"))


@dataclass(slots=True)
class Thread:
    id: int
    sightings: list[Sighting]
    origin: str = "start"
    end: str = "present"
    predecessors: list[int] = field(default_factory=list)  # thread ids
    successors: list[int] = field(default_factory=list)
    origin_change: Change | None = None  # the added/merged/split record that began it
    end_change: Change | None = None  # the removed/merged/split record that ended it
    # other thread id -> (merge or split record linking the two, index it took effect)
    links: dict[int, tuple[Change, int]] = field(default_factory=dict)

    @property
    def first(self) -> Sighting:
        return self.sightings[0]

    @property
    def last(self) -> Sighting:
        return self.sightings[-1]

    @property
    def keys(self) -> list[str]:
        """Every key the unit carried, in order of first use."""
        return list(dict.fromkeys(s.unit.key for s in self.sightings))

    def has_type(self, *types: str) -> bool:
        return any(t in types for s in self.sightings for t in s.types)

    @property
    def is_story(self) -> bool:
        """Worth telling as a lineage chain: renamed, moved, merged or split."""
        return (
            self.has_type("renamed", "moved")
            or self.origin in ("merged", "split")
            or self.end in ("merged", "split")
            or bool(self.predecessors or self.successors)
        )

    def stages(self) -> list[Sighting]:
        """The first sighting and every later one that a change record led to."""
        return [self.sightings[0]] + [s for s in self.sightings[1:] if s.change is not None]

    @property
    def changed(self) -> bool:
        """Anything happened to it within the chain (besides simply existing)."""
        return (
            self.origin not in ("start",)
            or self.end not in ("present",)
            or any(s.change is not None for s in self.sightings[1:])
        )


def event_date(change: Change | None) -> date | None:
    """The date a curated event gives a change, if one decided it."""
    event: LineageEvent | None = change.event if change is not None else None
    return event.date if event is not None else None


_Extend = Callable[["Thread | None", Unit, "Change | None"], None]


class _Tracer:
    def __init__(self, first: Snapshot, events: Sequence[LineageEvent] = ()) -> None:
        self.threads: list[Thread] = []
        # curated one-to-one renames and moves, by the key they lead to
        self.events_to: dict[str, LineageEvent] = {
            e.to_keys[0]: e
            for e in sorted(events, key=lambda e: e.date)
            if e.type in ("renamed", "moved") and len(e.from_keys) == len(e.to_keys) == 1
        }
        self.current: dict[str, int] = {}  # key in the latest snapshot -> thread id
        self.dormant: dict[str, int] = {}  # key unobserved since a partial snapshot
        for unit in first.units:
            self.current[unit.key] = self._new(Sighting(0, unit), "start").id

    def _new(self, sighting: Sighting, origin: str, change: Change | None = None) -> Thread:
        thread = Thread(len(self.threads), [sighting], origin=origin, origin_change=change)
        self.threads.append(thread)
        return thread

    def _before(self, unit: Unit) -> Thread | None:
        tid = self.current.get(unit.key)
        return self.threads[tid] if tid is not None else None

    def step(self, index: int, before: Snapshot, after: Snapshot, diff: Diff) -> None:
        nxt: dict[str, int] = {}
        seen_before: set[str] = set()

        def extend(thread: Thread | None, unit: Unit, change: Change | None) -> None:
            if thread is None:  # the engine named a unit we never saw: start afresh
                thread = self._new(Sighting(index, unit, change), "first seen")
            else:
                thread.sightings.append(Sighting(index, unit, change))
            nxt[unit.key] = thread.id

        current, threads = self.current, self.threads
        # Sighting(index, new) without the frozen dataclass __init__ (its
        # object.__setattr__ per field is most of this loop's time).
        new_sighting = object.__new__
        set_index, set_unit, set_change = _SIGHTING_SETTERS
        for old, new in diff.unchanged:  # the bulk of every step: kept tight
            seen_before.add(old.key)
            tid = current.get(old.key)
            if tid is None:
                extend(None, new, None)
            else:
                sighting = new_sighting(Sighting)
                set_index(sighting, index)
                set_unit(sighting, new)
                set_change(sighting, None)
                threads[tid].sightings.append(sighting)
                nxt[new.key] = tid
        for change in diff.changes:
            seen_before.update(u.key for u in change.before)
            self._apply(index, change, extend, nxt)

        before_keys = before.unit_map() if diff.unobserved else {}
        for unit in diff.unobserved:
            if before_keys.get(unit.key) == unit and unit.key not in seen_before:
                tid = self.current.get(unit.key)
                if tid is not None:
                    self.dormant[unit.key] = tid
                seen_before.add(unit.key)
            else:
                nxt[unit.key] = self._resume(index, unit)
        # Units the diff did not mention at all: keep them findable by key.
        for key, tid in self.current.items():
            if key not in seen_before:
                self.dormant.setdefault(key, tid)
        for unit in after.units:
            if unit.key not in nxt:
                nxt[unit.key] = self._resume(index, unit)
        self.current = nxt

    def _resume(self, index: int, unit: Unit) -> int:
        """A unit the last snapshot did not show: the same key, or a curated
        rename or move of a unit unobserved since, continues that unit."""
        tid = self.dormant.pop(unit.key, None)
        event = None
        if tid is None:
            event = self.events_to.get(unit.key)
            if event is not None and event.from_keys[0] in self.dormant:
                tid = self.dormant.pop(event.from_keys[0])
        if tid is None:
            return self._new(Sighting(index, unit), "first seen").id
        thread = self.threads[tid]
        last = thread.last.unit
        change = None
        if _renamed(last, unit):
            evidence = {"stage": "curated" if event else "same key after partial snapshots"}
            change = Change(
                ("renamed",), (last,), (unit,), 1.0, event is not None, evidence, event=event
            )
        thread.sightings.append(Sighting(index, unit, change))
        return tid

    def _apply(self, index: int, change: Change, extend: _Extend, nxt: dict[str, int]) -> None:
        befores = [self._before(u) for u in change.before]
        if not change.before:  # added
            for unit in change.after:
                nxt[unit.key] = self._new(Sighting(index, unit, change), "added", change).id
            return
        if not change.after:  # removed
            for thread in befores:
                if thread is not None:
                    thread.end, thread.end_change = "removed", change
            return
        if len(change.before) == 1 and len(change.after) == 1:
            extend(befores[0], change.after[0], change)
            return
        kind = "merged" if len(change.after) == 1 else "split"
        old_keys = {u.key: t for u, t in zip(change.before, befores, strict=True)}
        outgoing = [t for t in befores if t is not None]
        incoming: list[Thread] = []
        survivor_ids: set[int] = set()
        for unit in change.after:
            survivor = old_keys.get(unit.key)
            if survivor is not None and survivor.id not in survivor_ids:
                survivor_ids.add(survivor.id)
                extend(survivor, unit, change)
                incoming.append(survivor)
            else:
                thread = self._new(Sighting(index, unit, change), kind, change)
                nxt[unit.key] = thread.id
                incoming.append(thread)
        for old in outgoing:
            if old.id not in survivor_ids:
                old.end, old.end_change = kind, change
            for new in incoming:
                if new.id != old.id:
                    old.successors.append(new.id)
                    new.predecessors.append(old.id)
                    old.links[new.id] = new.links[old.id] = (change, index)


def _renamed(old: Unit, new: Unit) -> bool:
    """SPEC §3: name or acronym differs beyond case, spacing, punctuation and articles."""
    if norm_name(old.name) != norm_name(new.name):
        return True
    return bool(
        old.acronym and new.acronym and norm_acronym(old.acronym) != norm_acronym(new.acronym)
    )


def trace_threads(
    snapshots: Sequence[Snapshot], diffs: Sequence[Diff], events: Sequence[LineageEvent] = ()
) -> list[Thread]:
    """Follow every unit through ``snapshots``; ``diffs[i]`` compares i and i+1.

    ``events`` (curated) let a unit unobserved for a while be recognised
    under the new key a curated rename or move gave it.
    """
    if len(diffs) != max(len(snapshots) - 1, 0):
        raise ValueError("need one diff per consecutive pair of snapshots")
    if not snapshots:
        return []
    tracer = _Tracer(snapshots[0], events)
    # Half a million sightings for 50 x 10,000 units, and no cycles: pausing the
    # collector spares it rescanning them all (about a third of the time).
    with paused_gc():
        for i, diff in enumerate(diffs):
            tracer.step(i + 1, snapshots[i], snapshots[i + 1], diff)
    last = len(snapshots) - 1
    for thread in tracer.threads:
        if thread.end == "present" and thread.last.index < last:
            thread.end = "unobserved"
    return tracer.threads
