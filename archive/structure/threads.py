"""Unit threads: every sighting of one real unit across all of an agency's sources.

A *thread* is one real unit. It gathers the unit's sightings in every
snapshot of the agency (and in the lineage files' ``units:``), the curated
events that name it, and how its life began and ended. Sightings are joined
into one thread by:

1. the key: the same key in two sources is the same unit (SPEC §1), however
   far apart the sources are and whatever the sources between them show;
2. a curated one-to-one ``renamed``, ``moved`` or ``modified`` event, which
   joins its old key to its new one;
3. a one-to-one match of the diff engine between consecutive snapshots
   under a new key (``renamed``, ``moved`` or ``modified``).

Merges and splits do not join threads: they end the units that went into
them and begin the ones that came out, linked as predecessors and
successors (a unit that keeps its key through one simply continues). Curated
``added`` and ``removed`` events, and the engine's added and removed units
(only ever reported beside a *complete* snapshot), begin and end lives.

What a thread *says* at a date (its name, parent, whether it was alive) is
worked out in ``timeline.py``. Building is linear in units × snapshots: one
dictionary lookup per unit per snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..domain import Change, ChangeType, Diff, LineageEvent, Unit
from ..gcpause import paused_gc
from .record import AgencyRecord

if TYPE_CHECKING:
    from .chain import DiffFunction, Progress
    from .timeline import Timeline

LINEAGE = -1  # Sighting.snapshot of a unit named by a lineage file
JOINING = ("renamed", "moved", "modified")  # one-to-one event types that keep the unit


@dataclass(frozen=True, slots=True)
class Sighting:
    """One source's view of a unit: a snapshot's unit, or a lineage file's unit
    beside one of its events (dated the event's day for the state after it,
    the day before for the state before it)."""

    when: date
    unit: Unit
    snapshot: int  # position in AgencyRecord.snapshots, or LINEAGE
    event: LineageEvent | None = None  # for a lineage sighting: the event it stands beside


_SIGHTING_SETTERS = tuple(
    Sighting.__dict__[f].__set__ for f in ("when", "unit", "snapshot", "event")
)


@dataclass(frozen=True, slots=True)
class Boundary:
    """A beginning or an end of a unit's life, with its evidence.

    It happened on or before ``on``; after ``since`` when the date is only
    known to fall between two snapshots (``since`` is None for a curated date).
    """

    kind: str  # added | removed | merged | split
    on: date
    since: date | None = None
    event: LineageEvent | None = None  # curated
    change: Change | None = None  # inferred by the diff engine
    group: int | None = None  # Threads.groups index, for merges and splits

    @property
    def curated(self) -> bool:
        return self.event is not None


@dataclass(frozen=True, slots=True)
class Reorganisation:
    """A merge or split: the threads that went in and those that came out."""

    types: tuple[ChangeType, ...]
    on: date
    since: date | None
    before: tuple[int, ...]  # thread ids
    after: tuple[int, ...]
    event: LineageEvent | None = None
    change: Change | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """The diff engine's match of the unit under a new key between two snapshots."""

    on: date
    since: date
    change: Change


@dataclass(slots=True)
class Thread:
    """One real unit: its keys, sightings (date order), events and life's edges."""

    id: int
    keys: list[str] = field(default_factory=list)  # in order of first use
    sightings: list[Sighting] = field(default_factory=list)
    events: list[LineageEvent] = field(default_factory=list)  # date order
    begins: list[Boundary] = field(default_factory=list)
    ends: list[Boundary] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def first(self) -> Sighting | None:
        return self.sightings[0] if self.sightings else None

    @property
    def last(self) -> Sighting | None:
        return self.sightings[-1] if self.sightings else None


@dataclass
class Threads:
    """Every thread of an agency, with the record and diffs they were built from."""

    record: AgencyRecord
    threads: list[Thread]
    by_key: dict[str, int]
    groups: list[Reorganisation]
    diffs: tuple[Diff, ...]
    # Worked out from the above on demand (``assemble.timelines_of``).
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __iter__(self) -> Any:
        return iter(self.threads)

    def __len__(self) -> int:
        return len(self.threads)

    def __getitem__(self, thread_id: int) -> Thread:
        return self.threads[thread_id]

    def of_key(self, key: str) -> Thread | None:
        tid = self.by_key.get(key)
        return None if tid is None else self.threads[tid]

    def timeline(self, thread: Thread) -> Timeline:
        """What the thread says over time (built once, on demand)."""
        from .timeline import Timeline

        found = thread.cache.get("timeline")
        if found is None:
            found = thread.cache["timeline"] = Timeline.of(self, thread)
        return found


class _Keys:
    """A union-find over unit keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        root = parent.setdefault(key, key)
        while parent[root] != root:
            root = parent[root]
        while parent[key] != root:  # path compression
            parent[key], key = root, parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def build_threads(record: AgencyRecord, diffs: Sequence[Diff]) -> Threads:
    """Join every sighting of ``record`` into threads; ``diffs[i]`` compares
    ``record.snapshots[i]`` and ``[i + 1]`` (see ``chain.chain_diffs``)."""
    if len(diffs) != max(len(record.snapshots) - 1, 0):
        raise ValueError("need one diff per consecutive pair of snapshots")
    # Half a million sightings for 50 x 10,000 units and no cycles among them.
    with paused_gc():
        return _Builder(record, diffs).build()


class _Builder:
    def __init__(self, record: AgencyRecord, diffs: Sequence[Diff]) -> None:
        self.record = record
        self.diffs = diffs
        self.keys = _Keys()
        self.by_key: dict[str, int] = {}
        self.threads: list[Thread] = []
        self.groups: list[Reorganisation] = []

    def build(self) -> Threads:
        self._join()
        self._number()
        add_sightings(self.record, self.by_key, self.threads)
        for event in self.record.events:
            self._event(event)
        for diff in self.diffs:
            self._inferred(diff)
        for thread in self.threads:
            thread.begins.sort(key=lambda b: b.on)
            thread.ends.sort(key=lambda b: b.on)
            if len(thread.keys) > 1:
                _order_keys(thread)
        return Threads(self.record, self.threads, self.by_key, self.groups, tuple(self.diffs))

    # -- which keys are one unit ---------------------------------------------

    def _join(self) -> None:
        for event in self.record.events:
            if event.type in JOINING and len(event.from_keys) == 1 == len(event.to_keys):
                self.keys.union(event.from_keys[0], event.to_keys[0])
        for diff in self.diffs:
            for change in diff.changes:
                if change.curated or not (len(change.before) == 1 == len(change.after)):
                    continue
                if change.before[0].key != change.after[0].key:
                    self.keys.union(change.before[0].key, change.after[0].key)
            for before, after in diff.unchanged:  # a new key alone is no change (SPEC §3)
                if before.key != after.key:
                    self.keys.union(before.key, after.key)

    def _all_keys(self) -> Iterable[str]:
        """Every key in order of first appearance: snapshots, then lineage."""
        for stored in self.record.snapshots:
            for unit in stored.snapshot.units:
                yield unit.key
        for event in self.record.events:
            yield from event.from_keys
            yield from event.to_keys
        for unit in self.record.lineage_units:
            yield unit.key
            if unit.parent is not None:
                yield unit.parent

    def _number(self) -> None:
        root_thread: dict[str, int] = {}
        find, by_key, threads = self.keys.find, self.by_key, self.threads
        for key in self._all_keys():
            if key in by_key:
                continue
            root = find(key)
            tid = root_thread.get(root)
            if tid is None:
                tid = root_thread[root] = len(threads)
                threads.append(Thread(tid))
            by_key[key] = tid
            threads[tid].keys.append(key)

    # -- beginnings, ends, merges and splits ---------------------------------

    def _event(self, event: LineageEvent) -> None:
        tids = list(dict.fromkeys(self.by_key[k] for k in (*event.from_keys, *event.to_keys)))
        for tid in tids:
            self.threads[tid].events.append(event)
        if event.type == "added":
            for key in event.to_keys:
                self._begin(key, Boundary("added", event.date, event=event))
        elif event.type == "removed":
            for key in event.from_keys:
                self._end(key, Boundary("removed", event.date, event=event))
        elif not (event.type in JOINING and len(event.from_keys) == 1 == len(event.to_keys)):
            self._group(event.from_keys, event.to_keys, event.date, None, event=event)

    def _inferred(self, diff: Diff) -> None:
        on, since = diff.after.as_of, diff.before.as_of
        for change in diff.changes:
            if change.curated:
                continue  # the events themselves were taken above
            if not change.before:
                for unit in change.after:
                    self._begin(unit.key, Boundary("added", on, since, change=change))
            elif not change.after:
                for unit in change.before:
                    self._end(unit.key, Boundary("removed", on, since, change=change))
            elif len(change.before) == 1 == len(change.after):
                if change.before[0].key != change.after[0].key:
                    thread = self.threads[self.by_key[change.after[0].key]]
                    thread.links.append(Link(on, since, change))
            else:
                self._group(
                    tuple(u.key for u in change.before),
                    tuple(u.key for u in change.after),
                    on,
                    since,
                    change=change,
                )

    def _begin(self, key: str, boundary: Boundary) -> None:
        self.threads[self.by_key[key]].begins.append(boundary)

    def _end(self, key: str, boundary: Boundary) -> None:
        self.threads[self.by_key[key]].ends.append(boundary)

    def _group(
        self,
        from_keys: Sequence[str],
        to_keys: Sequence[str],
        on: date,
        since: date | None,
        *,
        event: LineageEvent | None = None,
        change: Change | None = None,
    ) -> None:
        before = tuple(dict.fromkeys(self.by_key[k] for k in from_keys))
        after = tuple(dict.fromkeys(self.by_key[k] for k in to_keys))
        if not before or not after:
            return
        types: list[ChangeType] = []
        if len(before) >= 2:
            types.append("merged")
        if len(after) >= 2:
            types.append("split")
        if not types:  # one thread on each side: nothing merged or split
            return
        index = len(self.groups)
        self.groups.append(Reorganisation(tuple(types), on, since, before, after, event, change))
        end_kind = "merged" if len(after) == 1 else "split"
        begin_kind = "split" if len(before) == 1 else "merged"
        for tid in dict.fromkeys((*before, *after)):
            thread = self.threads[tid]
            thread.groups.append(index)
            if tid not in after:
                thread.ends.append(Boundary(end_kind, on, since, event, change, index))
            elif tid not in before:
                thread.begins.append(Boundary(begin_kind, on, since, event, change, index))


def add_sightings(record: AgencyRecord, by_key: dict[str, int], threads: list[Thread],
                  owners: Sequence[Sequence[int]] | None = None) -> None:
    """Give each thread its sightings, in date order: every snapshot's units
    (chain order), then the lineage files' units beside their events.
    ``owners[i]``, when given, is ``by_key[unit.key]`` for each unit of the
    i-th snapshot, already known."""
    new = object.__new__
    set_when, set_unit, set_snapshot, set_event = _SIGHTING_SETTERS
    lists = [t.sightings for t in threads]
    for index, stored in enumerate(record.snapshots):
        when = stored.info.as_of
        units = stored.snapshot.units
        tids = [by_key[u.key] for u in units] if owners is None else owners[index]
        for unit, tid in zip(units, tids, strict=True):
            # Sighting(when, unit, index) without the frozen __init__: this
            # loop runs once per unit per snapshot.
            sighting = new(Sighting)
            set_when(sighting, when)
            set_unit(sighting, unit)
            set_snapshot(sighting, index)
            set_event(sighting, None)
            lists[tid].append(sighting)
    named = {u.key: u for u in record.lineage_units}
    touched: set[int] = set()
    for event in record.events:
        for key in event.to_keys:
            if key in named:
                threads[by_key[key]].sightings.append(
                    Sighting(event.date, named[key], LINEAGE, event))
                touched.add(by_key[key])
        for key in event.from_keys:
            if key in named and key not in event.to_keys:
                day_before = event.date - timedelta(days=1)
                threads[by_key[key]].sightings.append(
                    Sighting(day_before, named[key], LINEAGE, event))
                touched.add(by_key[key])
    for tid in touched:  # lineage sightings go among the snapshots' by date
        threads[tid].sightings.sort(key=lambda s: (s.when, s.snapshot != LINEAGE))


def _order_keys(thread: Thread) -> None:
    """A thread's keys in the order they came into use (first sighting or event)."""
    first: dict[str, date] = {}
    for s in thread.sightings:
        first.setdefault(s.unit.key, s.when)
    for event in thread.events:
        for key in event.to_keys:
            if key not in first or event.date < first[key]:
                first[key] = event.date
        for key in event.from_keys:
            day = event.date - timedelta(days=1)
            if key not in first or day < first[key]:
                first[key] = day
    position = {k: i for i, k in enumerate(thread.keys)}
    thread.keys.sort(key=lambda k: (first.get(k, date.max), position[k]))


def threads_of(
    record: AgencyRecord,
    diff: DiffFunction | None = None,
    progress: Progress | None = None,
) -> Threads:
    """The record's threads: the engine (or ``diff``) over each consecutive
    pair of snapshots, then ``build_threads``. ``progress(done, total)``
    counts the diffs."""
    from .chain import chain_diffs, engine_diff

    run = diff if diff is not None else engine_diff(record.events)
    return build_threads(record, chain_diffs(record.snapshots, run, progress))
