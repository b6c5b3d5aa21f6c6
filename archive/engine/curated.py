"""Curated lineage events applied to a diff (SPEC §2), pure.

Events dated after the earlier snapshot and on or before the later one are
replayed in date order. Each key is followed from the earlier snapshot
through the events (so ``oslc -> osltc`` then ``osltc -> x`` takes ``oslc`` to
``x``); the resulting links between keys of the two snapshots, grouped into
connected pieces, decide those units. Keys present in neither snapshot only
matter as links of a chain; an event touching nothing of either snapshot has
no effect.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..domain import LineageEvent


@dataclass
class CuratedGroup:
    before: list[str]
    after: list[str]
    events: list[LineageEvent] = field(default_factory=list)


def curated_groups(
    events: Sequence[LineageEvent],
    before_keys: Collection[str],
    after_keys: Collection[str],
    start: date,
    end: date,
) -> list[CuratedGroup]:
    """Groups of keys decided by the events in ``(start, end]``."""
    timeline = sorted(
        (e for e in events if start < e.date <= end), key=lambda e: e.date
    )  # sorted() is stable: same-day events keep their file order
    origin: dict[str, frozenset[str]] = {}  # current key -> earlier-snapshot keys
    history: dict[str, list[LineageEvent]] = defaultdict(list)
    added: set[str] = set()
    removed: list[tuple[frozenset[str], list[LineageEvent]]] = []

    def origin_of(k: str) -> frozenset[str]:
        if k in origin:
            return origin[k]
        return frozenset({k}) if k in before_keys else frozenset()

    for e in timeline:
        src: frozenset[str] = frozenset().union(*(origin_of(k) for k in e.from_keys))
        past = [ev for k in e.from_keys for ev in history.get(k, [])]
        trail = _unique(past + [e])
        for k in e.from_keys:
            if k not in e.to_keys:
                origin[k] = frozenset()
                history.pop(k, None)
                added.discard(k)
        if not e.to_keys:
            removed.append((src, trail))
        if not e.from_keys:
            added.update(e.to_keys)
        for k in e.to_keys:
            origin[k] = src | (origin_of(k) if k in e.from_keys else frozenset())
            history[k] = trail

    links: dict[str, set[str]] = defaultdict(set)  # before key -> after keys
    for k, src in origin.items():
        if k in after_keys:
            for o in src:
                links[o].add(k)
    groups = _connected(links)
    for g in groups:
        seen = [ev for k in g.after for ev in history.get(k, [])]
        g.events = _unique(seen)
    decided_b = {k for g in groups for k in g.before}
    for src, trail in removed:
        for o in sorted(src):
            if o in before_keys and o not in decided_b:
                groups.append(CuratedGroup([o], [], trail))
                decided_b.add(o)
    for k in sorted(added):
        if k in after_keys and not origin.get(k):
            groups.append(CuratedGroup([], [k], list(history.get(k, []))))
    return groups


def _unique(events: list[LineageEvent]) -> list[LineageEvent]:
    out: list[LineageEvent] = []
    for e in events:
        if not any(e is o for o in out):
            out.append(e)
    return out


def _connected(links: dict[str, set[str]]) -> list[CuratedGroup]:
    by_after: dict[str, set[str]] = defaultdict(set)
    for b, afters in links.items():
        for a in afters:
            by_after[a].add(b)
    seen: set[str] = set()
    groups: list[CuratedGroup] = []
    for start in sorted(links):
        if start in seen:
            continue
        bs, as_, todo = {start}, set(), [start]
        while todo:
            b = todo.pop()
            for a in links[b]:
                if a not in as_:
                    as_.add(a)
                    for b2 in by_after[a]:
                        if b2 not in bs:
                            bs.add(b2)
                            todo.append(b2)
        seen |= bs
        groups.append(CuratedGroup(sorted(bs), sorted(as_)))
    return groups
