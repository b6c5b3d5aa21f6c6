"""Choosing pairs from scores: each unit's best and next best, and the guards
that no weight overrules (pure helpers of ``matching``)."""

from __future__ import annotations

from collections.abc import Mapping

Pair = tuple[str, str]
Top = tuple[tuple[float, str] | None, tuple[float, str] | None]


def some_evidence(x: Mapping[str, float]) -> bool:
    """Guards no weight can overrule: a pair is never accepted on where it sits
    alone (names sharing no word, no acronym, description or children in
    common), nor against two real descriptions that share next to nothing."""
    if x.get("description_unlike") and not x.get("acronym_same"):
        return False
    return bool(not x.get("name_disjoint") or x.get("children_shared")
                or x.get("description", 0.0) >= 0.3
                or any(k in x for k in ("acronym_same", "acronym_expansion", "acronym_name")))


def top_two(scores: Mapping[Pair, float], side: int) -> dict[str, Top]:
    """For each unit of ``side``, its best and second best (score, other key)."""
    out: dict[str, Top] = {}
    for p, z in scores.items():
        k, o = p[side], p[1 - side]
        first, second = out.get(k, (None, None))
        item = (z, o)
        if first is None or item > first:
            first, second = item, first
        elif second is None or item > second:
            second = item
        out[k] = (first, second)
    return out


def rival(top: Top, other: str) -> float | None:
    """The best score of a pair of this unit with anyone but ``other``."""
    first, second = top
    if first is not None and first[1] != other:
        return first[0]
    return second[0] if second is not None else None


def strict_best(top: Top, other: str) -> bool:
    first, second = top
    return first is not None and first[1] == other and (second is None or second[0] < first[0])
