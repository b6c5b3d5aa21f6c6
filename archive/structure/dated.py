"""A thread's sightings by date: the questions assembling a structure asks of them.

Assembling a structure asks of every unit alive on a date which of its
sightings is the latest on or before it (else the earliest after it): of all
its sightings, of those giving a kind, a description or an acronym, of those
of its name or parent at the time. Sightings are kept in date order
(``Thread.sightings`` and every era's), so each question is one bisection on
their dates (read by ``operator.attrgetter``, in C): nothing is built ahead
for the 10,000 units of a structure, and a count found once answers several
questions. Two things are listed the first time they are needed and kept in
``Thread.cache``: where the sightings giving a field are, when the latest
sighting does not give it, and an era's sightings merged with its variants'.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from .threads import Sighting, Thread
from .timeline import Era

WHEN = attrgetter("when")


def latest(sightings: Sequence[Sighting], at: date) -> Sighting | None:
    """The latest sighting on or before ``at``, else the earliest after it."""
    i = bisect_right(sightings, at, key=WHEN)
    if i:
        return sightings[i - 1]
    return sightings[0] if sightings else None


def seen_by(sightings: Sequence[Sighting], at: date) -> int:
    """How many of ``sightings`` are dated on or before ``at``."""
    return bisect_right(sightings, at, key=WHEN)


def giving(
    thread: Thread, sightings: Sequence[Sighting], by_then: int, field: str,
    era: Era | None = None,
) -> Sighting | None:
    """The latest of ``sightings`` (the thread's, or ``era``'s) whose unit
    gives ``field`` among the first ``by_then`` (those on or before the date
    asked), else the earliest after them."""
    if by_then and getattr(sightings[by_then - 1].unit, field) is not None:
        return sightings[by_then - 1]
    lists: dict[tuple[str, int], tuple[list[Sighting], list[int]]] = _kept(thread, "giving")
    place = (field, 0 if era is None else id(era))  # the timeline keeps its eras alive
    found = lists.get(place)
    if found is None:
        kept = [n for n, s in enumerate(sightings) if getattr(s.unit, field) is not None]
        found = lists[place] = ([sightings[n] for n in kept], kept)
    chosen, places = found
    n = bisect_left(places, by_then)  # how many of them are among the first by_then
    if n:
        return chosen[n - 1]
    return chosen[0] if chosen else None


def with_variants(thread: Thread, era: Era) -> Sequence[Sighting]:
    """The sightings of the era's name and of its variants, in date order."""
    if not era.variants:
        return era.sightings
    lists: dict[int, list[Sighting]] = _kept(thread, "variants")
    found = lists.get(id(era))
    if found is None:
        found = lists[id(era)] = sorted(
            (*era.sightings, *(s for _, seen in era.variants for s in seen)), key=WHEN)
    return found


def _kept(thread: Thread, name: str) -> Any:
    found = thread.cache.get(name)
    if found is None:
        found = thread.cache[name] = {}
    return found
