"""What one thread says over time: when the unit was alive, its names, its parents.

**Life.** A unit is alive from its first evidence (a sighting, or a curated
or inferred beginning) until an end (removed, merged away, split up); a
sighting after an end starts a new span ("seen again"). A unit not seen for
a while is not gone: only an end says so.

**Names.** Curated renames cut a thread's sightings into segments. Within a
segment the sightings fall into *name classes* (two sightings share a class
when the engine's SPEC §3 rule, ``engine.classify.is_renamed``, sees no
rename between them, ``engine.classify.is_renamed``: wording, articles and
known aliases do not count).
Classes whose sightings interleave in time (A, then B, then A again; or both
on one date) are *variants* of one name: sources of the same period wording
it differently, for example a secondary page's shorter form. Classes that
follow one another cleanly are an inferred rename, supported by sightings on
both sides of it. Each stretch is an ``Era``; its main class is the one seen
most often (then the one seen last).

**Parents.** The same, over the parent each sighting gives (a thread, or the
top level), leaving out sightings whose parent is unknown. Parents are cut
at every curated event and every change of name, so a parent known from a
later source is carried back (as *inferred*) only while nothing happened to
the unit in between.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from operator import attrgetter, is_, itemgetter
from typing import TYPE_CHECKING, Any

from ..domain import LineageEvent, Unit
from ..engine.classify import is_renamed
from .threads import Boundary, Sighting, Thread

if TYPE_CHECKING:
    from .threads import Threads

TOP = -1  # a parent value: the top of the agency
_UNIT = attrgetter("unit")
_WHEN = attrgetter("when")
_NAME_KEY = attrgetter("name", "acronym", "aliases")  # sightings with these share a name


def same_name(a: Unit, b: Unit) -> bool:
    """No rename between ``a`` and ``b`` by the engine's rule (SPEC §3)."""
    if a.name == b.name and (a.acronym == b.acronym or a.acronym is None or b.acronym is None):
        return True
    return not is_renamed(a, b)


@dataclass(frozen=True)
class Span:
    """A stretch of life: alive from ``start`` until ``end`` (None: no end known)."""

    start: date
    end: date | None
    began: Boundary | None  # None: its beginning is unknown (first seen on ``start``)
    ended: Boundary | None

    def holds(self, when: date) -> bool:
        return self.start <= when and (self.end is None or when < self.end)


@dataclass(frozen=True)
class Era:
    """A stretch over which the unit kept one name (or one parent).

    ``value`` is the main class's first value (a Unit for names; a thread id,
    ``TOP`` or None for unknown, for parents). It holds from ``start``: a
    curated date (``event``), else its first sighting, in which case the change
    happened after ``since`` (the last sighting of the era before).
    """

    start: date
    since: date | None
    event: LineageEvent | None
    value: Any
    sightings: tuple[Sighting, ...]  # of the main class, date order
    variants: tuple[tuple[Any, tuple[Sighting, ...]], ...]  # other classes of the era

    @property
    def known(self) -> bool:
        return bool(self.sightings)


@dataclass
class _Class:
    value: Any
    members: list[Sighting]


def _eras(
    sightings: list[Sighting],
    values: list[Any],
    cuts: Sequence[tuple[date, LineageEvent | None]],
    same: Callable[[Any, Any], bool],
    key_of: Callable[[Any], Any] | None = None,
) -> list[list[Era]]:
    """The eras of each segment between ``cuts`` (date order). ``values[n]``
    is what ``sightings[n]`` says, ``_SKIP`` when it says nothing; values with
    one ``key_of`` (the value itself when None) are taken to be the same
    without asking ``same``."""
    # The sightings are in date order: a segment's are those from one cut to the next.
    edges = [0, *(bisect_left(sightings, d, key=_WHEN) for d, _ in cuts), len(sightings)]
    segments = [(sightings[a:b], values[a:b]) for a, b in zip(edges, edges[1:], strict=False)]
    out: list[list[Era]] = []
    for index, (members, said) in enumerate(segments):
        classes: list[_Class] = []
        skips = any(map(is_, said, repeat(_SKIP)))
        telling = [v for v in said if v is not _SKIP] if skips else said
        if key_of is None:
            one = len(set(telling)) == 1
        else:  # compared, not hashed: most segments have one key, and new strings
            keys = list(map(key_of, telling))
            one = bool(keys) and keys.count(keys[0]) == len(keys)
        if one:  # the common case: every source says the same
            kept = [s for s, v in zip(members, said, strict=True) if v is not _SKIP] \
                if skips else members
            classes.append(_Class(telling[0], kept))
        else:
            by_key: dict[Any, _Class] = {}  # most sightings repeat a value: one lookup each
            for s, value in zip(members, said, strict=True):
                if value is _SKIP:
                    continue
                key = value if key_of is None else key_of(value)
                found = by_key.get(key)
                if found is None:
                    found = next((c for c in classes if same(c.value, value)), None)
                    if found is None:
                        found = _Class(value, [])
                        classes.append(found)
                    by_key[key] = found
                found.members.append(s)
        cut_date, cut_event = cuts[index - 1] if index > 0 else (None, None)
        if len(classes) == 1:  # one era, no variants
            only = classes[0]
            out.append([Era(only.members[0].when if cut_date is None else cut_date, None,
                            cut_event, only.value, tuple(only.members), ())])
            continue
        groups: list[list[_Class]] = []
        last_seen: date | None = None
        for c in sorted(classes, key=lambda c: c.members[0].when):
            if groups and last_seen is not None and c.members[0].when <= last_seen:
                groups[-1].append(c)
                last_seen = max(last_seen, c.members[-1].when)
            else:
                groups.append([c])
                last_seen = c.members[-1].when
        eras: list[Era] = []
        previous_last: date | None = None
        for j, group in enumerate(groups):
            main = max(group, key=lambda c: (len(c.members), c.members[-1].when))
            start = main_start = min(c.members[0].when for c in group)
            event = None
            if j == 0 and cut_date is not None:
                start, event = cut_date, cut_event
            eras.append(Era(
                start=start if j == 0 else main_start,
                since=previous_last if j > 0 else None,
                event=event,
                value=main.value,
                sightings=tuple(main.members),
                variants=tuple((c.value, tuple(c.members)) for c in group if c is not main),
            ))
            previous_last = max(c.members[-1].when for c in group)
        if not eras and cut_date is not None:  # a curated change no source tells of after
            eras.append(Era(cut_date, None, cut_event, None, (), ()))
        elif not eras and members:  # sources that say nothing of it (parent unknown)
            eras.append(Era(members[0].when, None, None, None, (), ()))
        out.append(eras)
    return out


class _Skip:
    pass


_SKIP = _Skip()


@dataclass
class Timeline:
    """A thread's life, names and parents, built by ``Threads.timeline``."""

    thread: Thread
    spans: tuple[Span, ...]
    name_cuts: tuple[date, ...]
    names: tuple[tuple[Era, ...], ...]  # per segment between name_cuts
    parent_cuts: tuple[date, ...]
    parents: tuple[tuple[Era, ...], ...]

    @classmethod
    def of(cls, threads: Threads, thread: Thread) -> Timeline:
        name_cuts = _name_cuts(thread)
        units = list(map(_UNIT, thread.sightings))
        names = _eras(thread.sightings, units, name_cuts, _same_unit_name, _NAME_KEY)
        # SPEC §1: a unit of a partial snapshot (or a lineage file) that leaves
        # ``parent`` out does not say where it sits.
        by_key = threads.by_key
        parent_of = [_SKIP if not u.parent_known else TOP if u.parent is None
                     else by_key.get(u.parent, _SKIP) for u in units]
        renamed_on = [e.start for seg in names for e in seg[1:]]
        cut_days = sorted({*(d for d, _ in name_cuts), *(e.date for e in thread.events),
                           *(g.on for g in (threads.groups[i] for i in thread.groups)),
                           *renamed_on})
        moved = {e.date: e for e in thread.events if e.type == "moved"}
        parent_cuts = [(d, moved.get(d)) for d in cut_days]
        parents = _eras(thread.sightings, parent_of, parent_cuts, lambda a, b: a == b)
        return cls(
            thread=thread,
            spans=_spans(thread),
            name_cuts=tuple(d for d, _ in name_cuts),
            names=tuple(tuple(seg) for seg in names),
            parent_cuts=tuple(cut_days),
            parents=tuple(tuple(seg) for seg in parents),
        )

    # -- life -------------------------------------------------------------

    def alive(self, when: date) -> Span | None:
        for span in self.spans:
            if span.holds(when):
                return span
        return None

    @property
    def first_evidence(self) -> date | None:
        return self.spans[0].start if self.spans else None

    def began_in(self, start: date, end: date) -> Span | None:
        """The first span starting after ``start`` and on or before ``end``."""
        for span in self.spans:
            if start < span.start <= end:
                return span
        return None

    # -- names and parents ------------------------------------------------

    def name_era(self, when: date) -> Era | None:
        return _era_at(self.name_cuts, self.names, when)

    def parent_era(self, when: date) -> Era | None:
        return _era_at(self.parent_cuts, self.parents, when)

    def all_names(self) -> list[Era]:
        return [e for seg in self.names for e in seg]

    def all_parents(self) -> list[Era]:
        return [e for seg in self.parents for e in seg]


def _era_at(cuts: Sequence[date], segments: Sequence[Sequence[Era]], when: date) -> Era | None:
    index = bisect_right(cuts, when)  # the cuts are in date order
    eras = segments[index] if index < len(segments) else ()
    if not eras:
        return None
    found = eras[0]
    for era in eras[1:]:
        if era.start <= when:
            found = era
    return found


_NAME_CACHE: dict[tuple[Any, ...], bool] = {}


def _same_unit_name(a: Unit, b: Unit) -> bool:
    if a.name == b.name and (a.acronym == b.acronym or a.acronym is None or b.acronym is None):
        return True
    key = (a.name, a.acronym, a.aliases, b.name, b.acronym, b.aliases)
    found = _NAME_CACHE.get(key)
    if found is None:
        if len(_NAME_CACHE) > 100_000:
            _NAME_CACHE.clear()
        found = _NAME_CACHE[key] = same_name(a, b) and same_name(b, a)
    return found


def _name_cuts(thread: Thread) -> list[tuple[date, LineageEvent | None]]:
    """Curated renames of the thread, and curated merges or splits it lived through."""
    keys = set(thread.keys)
    cuts: dict[date, LineageEvent] = {}
    for event in thread.events:
        through = keys & set(event.from_keys) and keys & set(event.to_keys)
        if through and event.type in ("renamed", "merged", "split"):
            cuts.setdefault(event.date, event)
    return sorted(cuts.items(), key=lambda item: item[0])


def _spans(thread: Thread) -> tuple[Span, ...]:
    if not thread.begins and not thread.ends:  # seen, and nothing else known: from then on
        return (Span(min(map(_WHEN, thread.sightings)), None, None, None),) \
            if thread.sightings else ()
    # On one day a beginning comes first, then sightings, then an end.
    points: list[tuple[date, int, Boundary | None]] = []
    points += [(b.on, 0, b) for b in thread.begins]
    seen_days = sorted(set(map(_WHEN, thread.sightings)))
    points += [(d, 1, None) for d in seen_days]
    points += [(b.on, 2, b) for b in thread.ends]
    points.sort(key=itemgetter(0, 1))
    spans: list[Span] = []
    start: date | None = None
    began: Boundary | None = None
    for day, order, boundary in points:
        if order < 2:
            if start is None:
                start, began = day, boundary
        elif start is None:  # an end with no evidence before it: record it, alive nowhere
            if not spans:
                spans.append(Span(day, day, None, boundary))
        else:
            spans.append(Span(start, day, began, boundary))
            start, began = None, None
    if start is not None:
        spans.append(Span(start, None, began, None))
    return tuple(spans)
