"""Merges and splits: how the content of unmatched units is covered by the
other side (pure, no I/O).

An *edge* joins an unmatched unit ``u`` to a unit ``x`` of the other side when

* ``x`` is unmatched and the words of one (name and description) are mostly
  found in the other (``containment`` at least COVER_THRESHOLD); or
* ``x`` is matched (a *survivor* that kept its key or was matched by name) and
  the words of ``u`` that ``x``'s own earlier/later form lacks are mostly the
  words ``x`` gained/lost (an absorb merge, or a split that kept its key); or
* at least CHILD_VOTES of ``u``'s matched children are under ``x`` on the
  other side (or all of them, when ``u`` has one) and the content agrees at
  least half as well.

Connected components of edges become records: two or more units before and
one after is a merge, one before and several after a split, several on both
sides an n:m reorganisation (both types). A component of one unmatched unit
on each side is a plain match found from content. Every rule is symmetric.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from orgarchive.domain import Unit
from orgarchive.matching import children_index
from orgarchive.similarity import Features, containment, features

COVER_THRESHOLD = 0.60  # share of a unit's words found on the other side
SURVIVOR_THRESHOLD = 0.60  # share of the words a survivor gained (or lost)
MIN_NEW_WORDS = 3  # a survivor edge needs this many words not explained by its own match
CHILD_VOTES = 2
RARE_DF = 40  # blocking: words held by at most this many units of the pool


@dataclass
class Group:
    """Units of both sides that were reorganised together."""

    before: list[str]
    after: list[str]
    strength: dict[str, float] = field(default_factory=dict)  # unit key -> coverage
    children_moved: int = 0
    survivors: list[tuple[str, str]] = field(default_factory=list)  # matched pairs absorbed


class _Finder:
    def __init__(
        self,
        before: Mapping[str, Unit],
        after: Mapping[str, Unit],
        partner_b: Mapping[str, str],
        partner_a: Mapping[str, str],
        unmatched_b: set[str],
        unmatched_a: set[str],
    ) -> None:
        self.units = (before, after)
        self.partner = (partner_b, partner_a)
        self.unmatched = (unmatched_b, unmatched_a)
        self.children = (children_index(before), children_index(after))
        self._feat: tuple[dict[str, Features], dict[str, Features]] = ({}, {})
        # edges keyed ((side, key), (other side, key)) with side 0 = before
        self.edges: dict[tuple[tuple[int, str], tuple[int, str]], float] = {}
        self.votes: dict[tuple[tuple[int, str], tuple[int, str]], int] = defaultdict(int)

    def feat(self, side: int, key: str) -> Features:
        f = self._feat[side].get(key)
        if f is None:
            f = self._feat[side][key] = features(self.units[side][key])
        return f

    def _edge(self, side: int, u: str, x: str, strength: float) -> None:
        a, b = (side, u), (1 - side, x)
        pair = (a, b) if side == 0 else (b, a)
        self.edges[pair] = max(strength, self.edges.get(pair, 0.0))

    def content_strength(self, side: int, u: str, x: str) -> float:
        fu, fx = self.feat(side, u), self.feat(1 - side, x)
        other = 1 - side
        if x in self.unmatched[other]:
            return max(containment(fu.content, fx.content), containment(fx.content, fu.content))
        own = self.feat(side, self.partner[other][x]).content  # x's form on u's side
        new_words = fu.content - own
        if len(new_words) < MIN_NEW_WORDS:
            return 0.0
        return containment(new_words, fx.content - own)

    def run(self) -> list[Group]:
        for side in (0, 1):
            self._content_edges(side)
            self._child_edges(side)
        return self._components()

    def _content_edges(self, side: int) -> None:
        other = 1 - side
        # Pool of the other side: unmatched units and matched units whose text changed.
        pool: list[str] = list(self.unmatched[other])
        for k, p in self.partner[other].items():
            uk, up = self.units[other][k], self.units[side][p]
            if uk.description != up.description or uk.name != up.name:
                pool.append(k)
        index: dict[str, list[str]] = defaultdict(list)
        for k in pool:
            for t in self.feat(other, k).content:
                index[t].append(k)
        for u in self.unmatched[side]:
            seen: set[str] = set()
            for t in self.feat(side, u).content:
                hits = index.get(t)
                if hits and len(hits) <= RARE_DF:
                    seen.update(hits)
            for x in seen:
                s = self.content_strength(side, u, x)
                threshold = (
                    COVER_THRESHOLD if x in self.unmatched[other] else SURVIVOR_THRESHOLD
                )
                if s >= threshold:
                    self._edge(side, u, x, s)

    def _child_edges(self, side: int) -> None:
        other = 1 - side
        for u in self.unmatched[side]:
            kids = [c for c in self.children[side].get(u, ()) if c in self.partner[side]]
            if not kids:
                continue
            targets: dict[str, int] = defaultdict(int)
            for c in kids:
                p = self.units[other][self.partner[side][c]].parent
                if p is not None:
                    targets[p] += 1
            for x, n in targets.items():
                if n >= CHILD_VOTES or n == len(kids):
                    s = self.content_strength(side, u, x)
                    if s >= COVER_THRESHOLD / 2:
                        self._edge(side, u, x, max(s, COVER_THRESHOLD))
                        pair = ((side, u), (other, x)) if side == 0 else ((other, x), (side, u))
                        self.votes[pair] = n

    def _components(self) -> list[Group]:
        parent: dict[tuple[int, str], tuple[int, str]] = {}

        def find(n: tuple[int, str]) -> tuple[int, str]:
            parent.setdefault(n, n)
            while parent[n] != n:
                parent[n] = parent[parent[n]]
                n = parent[n]
            return n

        def node(n: tuple[int, str]) -> tuple[int, str]:
            # a matched unit stands for its pair: use its before-side key
            side, k = n
            if side == 1 and k not in self.unmatched[1]:
                return (0, self.partner[1][k])
            return n

        for b, a in sorted(self.edges):
            ra, rb = find(node(b)), find(node(a))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        members: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
        for n in list(parent):
            members[find(n)].append(n)
        groups: list[Group] = []
        for root in sorted(members):
            g = Group(before=[], after=[])
            for side, k in sorted(members[root]):
                if side == 0 and k in self.unmatched[0]:
                    g.before.append(k)
                elif side == 1:
                    g.after.append(k)
                else:  # a survivor pair
                    g.before.append(k)
                    g.after.append(self.partner[0][k])
                    g.survivors.append((k, self.partner[0][k]))
            for (b, a), s in self.edges.items():
                if find(node(b)) == root:
                    for side, k in (b, a):
                        key = f"{'before' if side == 0 else 'after'}:{k}"
                        g.strength[key] = round(max(s, g.strength.get(key, 0.0)), 3)
                    g.children_moved += self.votes.get((b, a), 0)
            g.before.sort()
            g.after.sort()
            groups.append(g)
        return groups


def find_reorganisations(
    before: Mapping[str, Unit],
    after: Mapping[str, Unit],
    partner_b: Mapping[str, str],
    partner_a: Mapping[str, str],
    unmatched_b: set[str],
    unmatched_a: set[str],
) -> list[Group]:
    """Groups of units reorganised together (see the module docstring)."""
    return _Finder(before, after, partner_b, partner_a, unmatched_b, unmatched_a).run()
