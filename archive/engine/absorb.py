"""Who may have absorbed a removed unit (or given an added one): evidence only.

An absorption into an existing body leaves almost no trace in names and
parents, so the engine never turns one into a merge on names alone (on the
real GOV.UK pairs, removed bodies share a rare name word with a surviving
sibling about as often when they were abolished as when they were absorbed).
It reports the unit as removed and names the likely absorbers, so a reviewer
can write a curated event: the counterpart of its parent (a body taken back
by its parent) and the matched units beside it that share its rarer name
words, each with the share of its name they hold.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ..domain import Unit
from .similarity import Idf, features

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
) -> list[dict[str, Any]]:
    """The units of the other side that may hold ``unit``'s work now.

    ``partner`` maps keys of ``unit``'s side to the other side, ``matched``
    holds the other side's matched keys; ``other_roots`` are its top-level keys."""
    if not unit.parent_known:
        return []
    out: list[dict[str, Any]] = []
    tokens = features(unit).name_tokens
    place = partner.get(unit.parent) if unit.parent is not None else None
    if place is not None:
        out.append({"key": place, "relation": "parent",
                    "name_overlap": round(_share(tokens, other[place], idf), 3)})
    if unit.parent is not None and place is None:
        return out  # where it sat is not matched: no siblings to name
    beside = other_children.get(place, ()) if place is not None else other_roots
    scored = []
    for k in beside:
        if k in matched:
            s = _share(tokens, other[k], idf)
            if s > 0:
                scored.append((s, k))
    scored.sort(key=lambda sk: (-sk[0], sk[1]))
    for s, k in scored[:MAX_ABSORBERS]:
        out.append({"key": k, "relation": "sibling", "name_overlap": round(s, 3)})
    return out


def _share(tokens: frozenset[str], unit: Unit, idf: Idf) -> float:
    """Rarity-weighted share of ``tokens`` found in ``unit``'s name."""
    if not tokens:
        return 0.0
    other = features(unit).name_tokens
    total = sum(idf.weight(t) for t in tokens)
    return sum(idf.weight(t) for t in tokens & other) / total if total else 0.0
