"""Disjoint sets (union-find): which items ended up connected, near-linear in their number.

The one copy the engine uses for merge/split components, n:m joins and curated
chains. Roots are chosen deterministically: the item added first stands for its
set, so the result does not depend on the order of unions.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class DisjointSets(Generic[T]):
    def __init__(self, items: Iterable[T] = ()) -> None:
        self._parent: dict[T, T] = {}
        self._order: dict[T, int] = {}
        for x in items:
            self.add(x)

    def add(self, x: T) -> None:
        if x not in self._parent:
            self._parent[x] = x
            self._order[x] = len(self._order)

    def __contains__(self, x: object) -> bool:
        return x in self._parent

    def find(self, x: T) -> T:
        self.add(x)
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    def union(self, a: T, b: T) -> T:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self._order[rb] < self._order[ra]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        return ra

    def sets(self) -> list[list[T]]:
        """Every set, its items in the order they were added; sets ordered by their
        first item."""
        members: dict[T, list[T]] = {}
        for x in self._parent:  # insertion order
            members.setdefault(self.find(x), []).append(x)
        return list(members.values())
