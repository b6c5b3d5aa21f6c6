"""Who may have absorbed a removed unit (or given an added one): evidence only.

An absorption into an existing body leaves almost no trace in names and
parents, so the engine never turns one into a merge on names alone (on the
real GOV.UK pairs, removed bodies share a rare name word with a surviving
sibling about as often when they were abolished as when they were absorbed).
It reports the unit as removed and names the likely absorbers, so a reviewer
can write a curated event: the counterpart of its parent (a body taken back
by its parent) and the matched units beside it that took some of its own
bodies or share its rarer name words, each with the share of its name they
hold (and how many of its bodies they took).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from typing import Any

from ..domain import Unit
from .similarity import FeatureCache, Features, Idf, name_words

MAX_ABSORBERS = 3


def likely_absorbers(
    unit: Unit,
    own: Mapping[str, Unit],
    other: Mapping[str, Unit],
    partner: Mapping[str, str],
    other_children: Mapping[str, list[str]],
    other_roots: list[str],
    matched: Collection[str],
    idf: Idf,
    feats: FeatureCache | None = None,
    own_children: Mapping[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """The units of the other side that may hold ``unit``'s work now.

    ``partner`` maps keys of ``unit``'s side to the other side, ``matched``
    holds the other side's matched keys; ``other_roots`` are its top-level keys;
    ``feats`` the Features already read, of ``unit``'s side and the other;
    ``own_children`` the children of each unit of ``unit``'s side. A unit that
    received some of ``unit``'s children says so (``children_received``) and
    comes first among the siblings: where a body's own bodies went is
    evidence of where its work went, whatever the names."""
    if not unit.parent_known:
        return []
    cache = feats or ({}, {})
    out: list[dict[str, Any]] = []
    tokens = _name_tokens(unit, cache[0])
    went: dict[str, int] = {}  # other-side unit -> children of ``unit`` now under it
    for c in (own_children or {}).get(unit.key, ()):
        pc = partner.get(c)
        if pc is not None and (p := other[pc].parent) is not None:
            went[p] = went.get(p, 0) + 1

    def entry(key: str, relation: str, share: float) -> dict[str, Any]:
        e: dict[str, Any] = {"key": key, "relation": relation, "name_overlap": round(share, 3)}
        if went.get(key):
            e["children_received"] = went[key]
        return e

    place = partner.get(unit.parent) if unit.parent is not None else None
    if place is not None:
        out.append(entry(place, "parent",
                         _share(tokens, _name_tokens(other[place], cache[1]), idf)))
    if unit.parent is not None and place is None:
        return out  # where it sat is not matched: no siblings to name
    beside = other_children.get(place, ()) if place is not None else other_roots
    scored = []
    for k in beside:
        if k in matched:
            s = _share(tokens, _name_tokens(other[k], cache[1]), idf)
            if s > 0 or went.get(k):
                scored.append((went.get(k, 0), s, k))
    scored.sort(key=lambda nsk: (-nsk[0], -nsk[1], nsk[2]))
    for _, s, k in scored[:MAX_ABSORBERS]:
        out.append(entry(k, "sibling", s))
    return out


def _name_tokens(unit: Unit, cache: dict[str, Features]) -> frozenset[str]:
    f = cache.get(unit.key)
    # (the name alone: the other features of most units named here are never read)
    return f.name_tokens if f is not None else name_words(unit)


def _share(tokens: frozenset[str], other: frozenset[str], idf: Idf) -> float:
    """Rarity-weighted share of ``tokens`` found in ``other`` (a name's)."""
    if not tokens:
        return 0.0
    # fsum: exact, so the order the set gives its words in cannot move the result
    total = math.fsum(map(idf.weight, tokens))
    return math.fsum(map(idf.weight, tokens & other)) / total if total else 0.0


def joint_name_absorptions(
    own: Mapping[str, Unit],
    other: Mapping[str, Unit],
    unmatched: Collection[str],
    partner: Mapping[str, str],
    other_partner: Mapping[str, str],
    other_children: Mapping[str, list[str]],
    other_roots: Callable[[], list[str]],
    names: Callable[[int, str], tuple[str, frozenset[str]]],
) -> list[tuple[str, str]]:
    """Absorptions the names do show: ``(u, x)`` for each unmatched unit ``u``
    whose whole name is in the name of ``x``, a matched unit of the other side
    under the counterpart of ``u``'s parent that kept its name, when two or
    more such units together make up all of ``x``'s name ("Biometrics
    Commissioner" and "Surveillance Camera Commissioner" beside a "Biometrics
    and Surveillance Camera Commissioner" that already bore the joint name).

    A unit that bore the joint name before the two vanished is where they went;
    a *new* unit bearing it is not told apart this way from one of the two
    renamed to take in the other (congress: "Conservation and Forestry" +
    "Agricultural Research and General Legislation" -> "Agricultural
    Research, Conservation, Forestry and General Legislation" is by the
    source one subcommittee renamed and one removed), so it is left out.
    Looked at from the other side the same rule reads a kept unit whose name
    is made of two new units' names as split into them. ``names(0, key)``
    gives the normalised name and core name words (``Features.name`` and
    ``name_core``) of a unit of ``own``, ``names(1, key)`` of one of
    ``other``; ``other_roots`` lists the other side's top-level units (asked
    only when needed)."""
    by_place: dict[str | None, list[str]] = {}
    for k in sorted(unmatched):
        u = own[k]
        if not u.parent_known or not names(0, k)[1]:
            continue
        if u.parent is None:
            by_place.setdefault(None, []).append(k)
        elif (place := partner.get(u.parent)) is not None:
            by_place.setdefault(place, []).append(k)
    out: list[tuple[str, str]] = []
    for place, gone in by_place.items():
        if len(gone) < 2:
            continue
        beside = other_children.get(place, ()) if place is not None else other_roots()
        for x in beside:
            was = other_partner.get(x)
            if was is None:
                continue
            x_name, x_core = names(1, x)
            if x_name != names(0, was)[0] or not x_core:
                continue  # only a unit that kept its name
            inside = [k for k in gone if names(0, k)[1] <= x_core]
            if len(inside) >= 2 and x_core <= frozenset().union(
                    *(names(0, k)[1] for k in inside)):
                out.extend((k, x) for k in inside)
    return out
