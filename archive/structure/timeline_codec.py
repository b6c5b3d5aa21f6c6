"""A thread's timeline (``structure.timeline``) as small integers and back.

Part of ``threads_codec``: a span names its beginning and end by their
place in the thread's ``begins`` and ``ends``; an era names its sightings by
their place in the thread's ``sightings``, its event by its place in the
record's events, and its value by a unit's index (names) or as it is, a
thread id, ``TOP`` or None (parents).
"""

from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from .threads import Sighting, Thread
from .timeline import Era, Span, Timeline

if TYPE_CHECKING:
    from .threads_codec import Decoder, Tables

_WHEN = attrgetter("when")


def encode_timeline(tl: Timeline, tables: Tables) -> list[Any]:
    thread = tl.thread
    sightings = thread.sightings
    begins = {id(b): n for n, b in enumerate(thread.begins)}
    ends = {id(b): n for n, b in enumerate(thread.ends)}
    places: dict[int, int] = {}  # id(sighting) -> its place, when needed

    def runs(seen: tuple[Sighting, ...]) -> list[int]:
        """The places of ``seen``, a part of ``sightings`` in their order."""
        if not seen:
            return []
        first = bisect_left(sightings, seen[0].when, key=_WHEN)
        while sightings[first] is not seen[0]:
            first += 1
        last = first + len(seen) - 1  # all the sightings in between: one run
        if last < len(sightings) and sightings[last] is seen[-1]:
            return [first, last + 1]
        if not places:
            places.update((id(s), n) for n, s in enumerate(sightings))
        return _runs([places[id(s)] for s in seen])

    def era(e: Era, names: bool) -> list[Any]:
        def value(v: Any) -> Any:
            return tables.unit(v) if names and v is not None else v

        return [e.start.toordinal(), None if e.since is None else e.since.toordinal(),
                tables.event(e.event), value(e.value), runs(e.sightings),
                [[value(v), runs(seen)] for v, seen in e.variants]]

    spans = [[s.start.toordinal(), None if s.end is None else s.end.toordinal(),
              None if s.began is None else begins[id(s.began)],
              None if s.ended is None else ends[id(s.ended)]] for s in tl.spans]
    return [spans, [d.toordinal() for d in tl.name_cuts],
            [[era(e, True) for e in segment] for segment in tl.names],
            [d.toordinal() for d in tl.parent_cuts],
            [[era(e, False) for e in segment] for segment in tl.parents]]


def decode_timeline(row: list[Any], thread: Thread, decoder: Decoder) -> Timeline:
    spans, name_cuts, names, parent_cuts, parents = row
    sightings = thread.sightings
    day = decoder.day
    units = decoder.units
    events = decoder.events

    def era(cells: list[Any], named: bool) -> Era:
        start, since, event, value, seen, variants = cells
        if named:
            value = None if value is None else units[value]
            variants = tuple((units[v], _picked(sightings, s)) for v, s in variants)
        else:
            variants = tuple((v, _picked(sightings, s)) for v, s in variants)
        return Era(day(start), day(since),  # type: ignore[arg-type]
                   None if event is None else events[event], value,
                   _picked(sightings, seen), variants)

    begins, ends = thread.begins, thread.ends
    return Timeline(
        thread=thread,
        spans=tuple(Span(day(start), day(end),  # type: ignore[arg-type]
                         None if began is None else begins[began],
                         None if ended is None else ends[ended])
                    for start, end, began, ended in spans),
        name_cuts=tuple(map(day, name_cuts)),  # type: ignore[arg-type]
        names=tuple(tuple(era(e, True) for e in segment) for segment in names),
        parent_cuts=tuple(map(day, parent_cuts)),  # type: ignore[arg-type]
        parents=tuple(tuple(era(e, False) for e in segment) for segment in parents),
    )


def _runs(places: list[int]) -> list[int]:
    """Ascending places as [start, stop, start, stop, ...] (most eras are one run)."""
    out: list[int] = []
    for p in places:
        if out and out[-1] == p:
            out[-1] = p + 1
        else:
            out += [p, p + 1]
    return out


def _picked(sightings: list[Any], runs: list[int]) -> tuple[Any, ...]:
    if not runs:
        return ()
    if len(runs) == 2:
        return tuple(sightings[runs[0]:runs[1]])
    out: list[Any] = []
    for n in range(0, len(runs), 2):
        out += sightings[runs[n]:runs[n + 1]]
    return tuple(out)
