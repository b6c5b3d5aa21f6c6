"""A unit's life across every source of its agency (``orgarchive history``).

``unit_history`` finds the unit the query names (``structure.lookup``: any
key, acronym, name or alias it ever had, or a part of a name) and tells its
thread: when it lived and how that began and ended, each name it carried (a
curated or inferred rename starts a new one; other wordings of the same
period are variants), each parent, its predecessors and successors through
mergers and splits, every curated event naming it, and every snapshot
showing it. Each entry cites the snapshots (by id and date) and events
behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from ..domain import LineageEvent, SnapshotInfo, Unit
from ..structure.assemble import Citation, cite, key_at
from ..structure.compare import structure_for
from ..structure.lookup import find_unit
from ..structure.threads import Boundary, Thread, Threads
from ..structure.timeline import TOP, Era, Span, Timeline


@dataclass(frozen=True)
class Change:
    """When something began: on a curated date, or between two dates (inferred)."""

    on: date
    since: date | None = None  # inferred: after this date
    curated: bool = False
    event: LineageEvent | None = None


@dataclass(frozen=True)
class NameEntry:
    start: Change
    name: str
    acronym: str | None
    seen: tuple[Citation, ...]
    variants: tuple[tuple[str, str | None, tuple[Citation, ...]], ...]
    known: bool = True  # False: a curated rename to a name no source gives
    carried_back: bool = False  # held before its first source: taken from a later one


@dataclass(frozen=True)
class ParentEntry:
    start: Change
    parent: str | None  # a key; None at the top or when unknown
    parent_name: str | None
    known: bool
    seen: tuple[Citation, ...]
    carried_back: bool = False


@dataclass(frozen=True)
class LifeEntry:
    start: date
    began: str  # added | merged | split | first seen
    began_change: Change | None
    end: date | None
    ended: str | None  # removed | merged | split, None: no end known
    ended_change: Change | None
    last_seen: date | None


@dataclass(frozen=True)
class Link:
    """A predecessor or successor: how, when, and which unit (as it then stood)."""

    relation: str  # merged | split
    when: Change
    unit: Unit


@dataclass(frozen=True)
class UnitHistory:
    agency: str
    query: str
    thread: int
    keys: tuple[str, ...]
    current: Unit  # as last known
    life: tuple[LifeEntry, ...]
    names: tuple[NameEntry, ...]
    parents: tuple[ParentEntry, ...]
    predecessors: tuple[Link, ...]
    successors: tuple[Link, ...]
    events: tuple[LineageEvent, ...]
    snapshots: tuple[SnapshotInfo, ...]  # every snapshot showing it, date order


def unit_history(threads: Threads, query: str) -> UnitHistory:
    """The history of the unit ``query`` names (NotFoundError, AmbiguousError)."""
    return history_of(threads, find_unit(threads, query), query)


def history_of(threads: Threads, thread: Thread, query: str = "") -> UnitHistory:
    tl = threads.timeline(thread)
    last_day = max([s.when for s in thread.sightings] + [e.date for e in thread.events])
    snapshots: dict[int, SnapshotInfo] = {}
    for s in thread.sightings:
        if s.snapshot >= 0:
            info = threads.record.snapshots[s.snapshot].info
            snapshots[info.id] = info
    predecessors, successors = _links(threads, thread)
    return UnitHistory(
        agency=threads.record.agency,
        query=query,
        thread=thread.id,
        keys=tuple(thread.keys),
        current=structure_for(threads, thread, last_day),
        life=tuple(_life(thread, span) for span in tl.spans),
        names=tuple(_carry_back([_name(threads, era) for era in tl.all_names()], tl)),
        parents=tuple(_carry_back(_parents(threads, tl.all_parents()), tl)),
        predecessors=tuple(predecessors),
        successors=tuple(successors),
        events=tuple(thread.events),
        snapshots=tuple(snapshots.values()),
    )


_Entry = TypeVar("_Entry", NameEntry, ParentEntry)


def _carry_back(entries: list[_Entry], tl: Timeline) -> list[_Entry]:
    """Entries from the unit's first evidence on: the first one starts there
    (marked as carried back from a later source when none showed it then),
    and a run of unknown parents is one entry."""
    first = tl.first_evidence
    out: list[_Entry] = []
    for entry in entries:
        if out and not entry.known and not out[-1].known:
            continue
        out.append(entry)
    if out and first is not None and out[0].start.on > first:
        out[0] = replace(out[0], start=Change(first), carried_back=out[0].known)
    return out


def _start(era: Era) -> Change:
    return Change(era.start, era.since, era.event is not None, era.event)


def _boundary(b: Boundary | None) -> Change | None:
    if b is None:
        return None
    return Change(b.on, b.since, b.curated, b.event)


def _life(thread: Thread, span: Span) -> LifeEntry:
    inside = [s.when for s in thread.sightings if span.holds(s.when) or s.when == span.start]
    return LifeEntry(
        start=span.start,
        began=span.began.kind if span.began is not None else "first seen",
        began_change=_boundary(span.began),
        end=span.end,
        ended=span.ended.kind if span.ended is not None else None,
        ended_change=_boundary(span.ended),
        last_seen=max(inside) if inside else None,
    )


def _name(threads: Threads, era: Era) -> NameEntry:
    if not era.known:
        return NameEntry(_start(era), "", None, (), (), known=False)
    unit = era.sightings[-1].unit
    acronym = next((s.unit.acronym for s in reversed(era.sightings) if s.unit.acronym), None)
    variants = tuple(
        (value.name, value.acronym, tuple(cite(threads, s) for s in seen))
        for value, seen in era.variants
    )
    return NameEntry(_start(era), unit.name, acronym,
                     tuple(cite(threads, s) for s in era.sightings), variants)


def _parents(threads: Threads, eras: list[Era]) -> list[ParentEntry]:
    out: list[ParentEntry] = []
    for era in eras:
        seen = tuple(cite(threads, s) for s in era.sightings)
        value: Any = era.value
        if not era.known:
            entry = ParentEntry(_start(era), None, None, False, seen)
        elif value == TOP:
            entry = ParentEntry(_start(era), None, None, True, seen)
        else:
            parent = threads[value]
            when = era.sightings[-1].when
            shown = structure_for(threads, parent, when)
            label = f"{shown.name} ({shown.acronym})" if shown.acronym else shown.name
            entry = ParentEntry(_start(era), key_at(parent, when), label, True, seen)
        out.append(entry)
    return out


def _links(threads: Threads, thread: Thread) -> tuple[list[Link], list[Link]]:
    predecessors: list[Link] = []
    successors: list[Link] = []
    for index in thread.groups:
        group = threads.groups[index]
        relation = "merged" if "merged" in group.types else "split"
        when = Change(group.on, group.since, group.event is not None, group.event)
        if thread.id in group.after:
            for other in group.before:
                if other != thread.id:
                    unit = structure_for(threads, threads[other], group.since or group.on)
                    predecessors.append(Link(relation, when, unit))
        if thread.id in group.before:
            for other in group.after:
                if other != thread.id:
                    successors.append(Link(relation, when, structure_for(
                        threads, threads[other], group.on)))
    return predecessors, successors
