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

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..domain import LineageEvent
from .unionfind import DisjointSets


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
    """Groups of keys decided by the events in ``(start, end]``.

    Near-linear in the number of events: each key's state is a node of a
    union-find, an event joins the nodes of the keys it takes (``from``) to new
    nodes for the keys it gives (``to``), and a group is what ends up joined.
    """
    timeline = sorted(
        (e for e in events if start < e.date <= end), key=lambda e: e.date
    )  # sorted() is stable: same-day events keep their file order
    if not timeline:
        return []
    sets: DisjointSets[_Node] = DisjointSets()
    current: dict[str, _Node | None] = {}  # key -> its latest node; None: used up
    added: set[str] = set()
    removals: list[tuple[int, list[_Node]]] = []
    for i, e in enumerate(timeline):
        here: _Node = ("event", i, "")
        sets.add(here)
        taken = [n for k in e.from_keys if (n := _node(k, current, before_keys)) is not None]
        for k in e.from_keys:
            if k not in e.to_keys:
                current[k] = None  # its content went on; a later use is a new unit
                added.discard(k)
        if not e.to_keys:
            for n in taken:
                sets.add(n)
            removals.append((i, taken))
            continue
        for n in taken:
            sets.union(here, n)
        if not e.from_keys:
            added.update(e.to_keys)
        for k in e.to_keys:
            node: _Node = ("key", i, k)
            sets.union(here, node)
            current[k] = node

    before_by_root: dict[_Node, list[str]] = {}
    for k in sorted(before_keys):
        n = ("before", -1, k)
        if n in sets:
            before_by_root.setdefault(sets.find(n), []).append(k)
    events_by_root: dict[_Node, list[int]] = {}
    for i in range(len(timeline)):
        events_by_root.setdefault(sets.find(("event", i, "")), []).append(i)

    def events_of(roots: Iterable[_Node]) -> list[LineageEvent]:
        return [timeline[i] for i in sorted({i for r in roots for i in events_by_root.get(r, ())})]

    by_root: dict[_Node, CuratedGroup] = {}
    for k in sorted(after_keys):
        n = current.get(k)
        if n is not None:
            root = sets.find(n)
            if root in before_by_root:
                by_root.setdefault(root, CuratedGroup(before_by_root[root], [])).after.append(k)
    groups = sorted(by_root.values(), key=lambda g: (g.before, g.after))
    for root, g in by_root.items():
        g.events = events_of([root])
    decided_b = {k for g in groups for k in g.before}
    for i, taken in removals:
        roots = {sets.find(n) for n in taken}
        evs = [*events_of(roots), timeline[i]]
        for o in sorted({k for r in roots for k in before_by_root.get(r, ())}):
            if o not in decided_b:
                groups.append(CuratedGroup([o], [], evs))
                decided_b.add(o)
    for k in sorted(added):
        n = current.get(k)
        if k in after_keys and n is not None and sets.find(n) not in before_by_root:
            groups.append(CuratedGroup([], [k], events_of([sets.find(n)])))
    return groups


# A union-find node: ("before", -1, key) is a key as the earlier snapshot has it,
# ("key", i, key) the key as event i left it, ("event", i, "") event i itself.
_Node = tuple[str, int, str]


def _node(k: str, current: dict[str, _Node | None], before_keys: Collection[str]) -> _Node | None:
    if k in current:
        return current[k]
    return ("before", -1, k) if k in before_keys else None
