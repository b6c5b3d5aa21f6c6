"""Lineage chains: each unit's path through a report's period.

A chain starts with the unit as it stood when the period began (or when it
first appeared in it) and lists, in date order, what happened to it within
the period: renamed (a new name era, curated or inferred from sightings on
both sides), moved (a curated move, or a known parent that became another
unit), added, removed, merged, split, seen again after an end. A unit with
nothing of that in the period has no chain. Each step carries its date (a
curated date, or the two dates it fell between) and the unit as it stood
after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..domain import LineageEvent, Unit
from ..structure.compare import NetChange, structure_for
from ..structure.threads import Thread, Threads
from ..structure.timeline import TOP, Era, Timeline
from .history import Change


@dataclass(frozen=True)
class ChainStep:
    kind: str  # start, first seen, added, renamed, moved, removed, merged, split, took in,
    # split off (a merger or split the unit lived through under its key), seen again
    when: Change
    unit: Unit  # as it stood after the step
    detail: str = ""  # moved: the new parent's label; merged/split: the other units
    ending: bool = False  # removed, merged into others, split up


@dataclass(frozen=True)
class Chain:
    thread: int
    kind: str  # how the net change tells it (renamed, ..., passing, unchanged)
    steps: tuple[ChainStep, ...]
    last_seen: date | None

    @property
    def first(self) -> ChainStep:
        return self.steps[0]


def _change(on: date, since: date | None, event: LineageEvent | None) -> Change:
    return Change(on, since, event is not None, event)


def _label(unit: Unit) -> str:
    return f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name


def chains_of(threads: Threads, net: NetChange, start: date, end: date) -> Iterator[Chain]:
    passing = {p.thread for p in net.passing}
    at_start = {p.thread for p in net.start.units}
    for thread in threads:
        steps = list(_steps(threads, thread, start, end, thread.id in at_start))
        if not steps or (len(steps) == 1 and steps[0].kind in ("start", "first seen")):
            continue
        told = steps[1:] if steps[0].kind in ("start", "first seen") else steps
        if all(_told_elsewhere(s) for s in told):
            continue  # merged away or split off: told in the chain of the unit it went to
        kind = "passing" if thread.id in passing else net.kinds.get(thread.id, "unchanged")
        seen = [s.when for s in thread.sightings if s.when <= end]
        yield Chain(thread.id, kind, tuple(steps), max(seen) if seen else None)


def _steps(
    threads: Threads, thread: Thread, start: date, end: date, at_start: bool
) -> Iterator[ChainStep]:
    tl = threads.timeline(thread)
    within: list[tuple[date, int, ChainStep]] = []

    def unit_on(day: date) -> Unit:
        return structure_for(threads, thread, day)

    for span in tl.spans:
        if start < span.start <= end:
            b = span.began
            if b is not None:
                detail = _others(threads, thread, b.group, before=True)
                within.append((span.start, 0, ChainStep(
                    b.kind, _change(b.on, b.since, b.event), unit_on(span.start), detail)))
            elif span is not tl.spans[0]:
                within.append((span.start, 0, ChainStep(
                    "seen again", Change(span.start), unit_on(span.start))))
        if span.end is not None and start < span.end <= end and span.ended is not None:
            b = span.ended
            detail = _others(threads, thread, b.group, before=False)
            within.append((span.end, 3, ChainStep(
                b.kind, _change(b.on, b.since, b.event), unit_on(span.end), detail, True)))
    for era in tl.all_names():
        if start < era.start <= end and (era.event is not None or era.since is not None):
            within.append((era.start, 1, ChainStep(
                "renamed", _change(era.start, era.since, era.event), unit_on(era.start))))
    within += [(d, 2, step) for d, step in _moves(threads, thread, tl, start, end)]
    for index in thread.groups:  # merges and splits it lived through, keeping its key
        g = threads.groups[index]
        if start < g.on <= end and thread.id in g.before and thread.id in g.after:
            took_in = len(g.before) > 1
            others = _others(threads, thread, index, before=took_in)
            within.append((g.on, 2, ChainStep(
                "took in" if took_in else "split off", _change(g.on, g.since, g.event),
                unit_on(g.on), others)))
    if not within:
        return
    within.sort(key=lambda item: (item[0], item[1]))
    if at_start:  # there when the period began (or presumed so: first seen later)
        alive = tl.alive(start) is not None
        first = tl.first_evidence
        day = start if alive or first is None else first
        yield ChainStep("start" if day == start else "first seen", Change(day), unit_on(start))
    for _, _, step in within:
        yield step


def _told_elsewhere(step: ChainStep) -> bool:
    """A unit merged into another, or split off one: the other unit's chain tells it."""
    return step.detail != "" and (
        (step.ending and step.kind == "merged") or (not step.ending and step.kind == "split"))


def _moves(threads: Threads, thread: Thread, tl: Timeline, start: date,
           end: date) -> Iterator[tuple[date, ChainStep]]:
    """Curated moves, and known parents that became other units."""
    previous: Era | None = None
    for era in tl.all_parents():
        if start < era.start <= end:
            moved_event = era.event if era.event is not None and era.event.type == "moved" else None
            known_before = previous is not None and previous.known and era.known
            if moved_event is not None or (known_before and previous is not None
                                           and previous.value != era.value):
                yield era.start, ChainStep(
                    "moved", _change(era.start, era.since, moved_event),
                    structure_for(threads, thread, era.start),
                    _parent_label(threads, era))
        previous = era


def _parent_label(threads: Threads, era: Era) -> str:
    if not era.known:
        return "to a parent no source gives"
    if era.value == TOP:
        return "the top level"
    parent = threads[era.value]
    return "under " + _label(structure_for(threads, parent, era.start))


def _others(threads: Threads, thread: Thread, group: int | None, *, before: bool) -> str:
    if group is None:
        return ""
    g = threads.groups[group]
    others = g.before if before else g.after
    when = g.since or g.on if before else g.on
    labels = [_label(structure_for(threads, threads[t], when)) for t in others if t != thread.id]
    return " + ".join(labels)
