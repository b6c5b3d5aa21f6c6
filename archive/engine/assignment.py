"""Choosing pairs from scores: each unit's best and next best, how far a pair
stands above its rivals, and the guards that no weight overrules (pure
helpers of ``matching``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import Model

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


@dataclass(frozen=True, slots=True)
class Scored:
    """A pair's features and log-odds, with what follows from them alone."""

    features: dict[str, float]
    logit: float
    probability: float
    evidence: bool  # some_evidence(features)
    stamp: tuple[int, int]  # the two units' versions when scored (matching's cache)


@dataclass(slots=True)
class Round:
    """One round's pairs, ranked with their rivals taken into account."""

    scored: dict[Pair, Scored]
    logits: dict[Pair, float] = field(default_factory=dict)  # each pair's own log-odds
    margin: dict[Pair, float] = field(default_factory=dict)  # the rival_margin feature
    no_rival: set[Pair] = field(default_factory=set)  # pairs with the no_rival feature
    final: dict[Pair, float] = field(default_factory=dict)  # log-odds with the rival terms
    top_b: dict[str, Top] = field(default_factory=dict)  # each unit's best two by own log-odds
    top_a: dict[str, Top] = field(default_factory=dict)
    best_b: dict[str, Top] = field(default_factory=dict)  # each unit's best two by final
    best_a: dict[str, Top] = field(default_factory=dict)

    def features(self, p: Pair) -> dict[str, float]:
        """All the pair's features, the rival terms included."""
        x = {**self.scored[p].features, "rival_margin": self.margin[p]}
        if p in self.no_rival:
            x["no_rival"] = 1.0
        return x


def rank(scored: dict[Pair, Scored], model: Model, previous: Round | None = None) -> Round:
    """Each pair's final log-odds: its own, plus how far it stands above the
    best rival of either unit.

    With the ``previous`` round's ranking, only what depends on a changed score
    is worked out again (a round changes the scores of a few hundred of the
    10,000 or more pairs): the best two of the units whose pairs changed, the
    rival terms of the pairs whose own score or units' best two changed. The
    answer is the one ranking from scratch gives."""
    before = previous or Round({})
    out = Round(scored, logits={p: s.logit for p, s in scored.items()})
    gone = [p for p in before.scored if p not in scored]
    changed = [p for p, z in out.logits.items() if before.logits.get(p) != z] + gone
    out.top_b, moved_b = _retop(before.top_b, out.logits, changed, 0)
    out.top_a, moved_a = _retop(before.top_a, out.logits, changed, 1)
    out.margin, out.final = dict(before.margin), dict(before.final)
    out.no_rival = set(before.no_rival)
    for p in gone:
        del out.margin[p], out.final[p]
        out.no_rival.discard(p)
    w_margin = model.weights.get("rival_margin", 0.0)
    w_none = model.weights.get("no_rival", 0.0)
    redo = set(changed)
    final_changed = list(gone)
    for p, s in scored.items():
        if p not in redo and p[0] not in moved_b and p[1] not in moved_a:
            continue  # the same score, the same rivals: as before
        rivals = [r for r in (rival(out.top_b[p[0]], p[1]), rival(out.top_a[p[1]], p[0]))
                  if r is not None]
        # in probability: a weak pair among weaker ones stands barely above them
        margin = s.probability - (model.probability(max(rivals)) if rivals else 0.0)
        out.margin[p] = margin
        final = s.logit + w_margin * margin
        if rivals:
            out.no_rival.discard(p)
        else:
            out.no_rival.add(p)
            final += w_none
        if before.final.get(p) != final:
            final_changed.append(p)
        out.final[p] = final
    out.best_b = _retop(before.best_b, out.final, final_changed, 0)[0]
    out.best_a = _retop(before.best_a, out.final, final_changed, 1)[0]
    return out


def _retop(before: dict[str, Top], scores: Mapping[Pair, float], changed: list[Pair],
           side: int) -> tuple[dict[str, Top], set[str]]:
    """``top_two(scores, side)`` from ``before``, that of the scores before
    ``changed`` (changed, new or gone pairs): only the units whose best two a
    changed pair was among, or may now enter, are looked at again. Also the
    units whose best two are not what they were."""
    dirty = set()
    for p in changed:
        k, o = p[side], p[1 - side]
        first, second = before.get(k, (None, None))
        z = scores.get(p)
        if (first is None or first[1] == o or second is None or second[1] == o
                or (z is not None and (z, o) > second)):
            dirty.add(k)
    if not dirty:
        return before, set()
    out = {k: v for k, v in before.items() if k not in dirty}
    out.update(top_two({p: z for p, z in scores.items() if p[side] in dirty}, side))
    return out, {k for k in dirty if out.get(k) != before.get(k)}


def choose(ranked: Round, bar: float, model: Model) -> list[Pair]:
    """The pairs that are the strict best of both their units, reach ``bar``
    and pass ``some_evidence``, by before key."""
    out: list[Pair] = []
    for bk, top in sorted(ranked.best_b.items()):  # a unit is accepted with its best or not
        ak = top[0][1] if top[0] is not None else None
        if ak is None or not (strict_best(top, ak) and strict_best(ranked.best_a[ak], bk)):
            continue
        if ranked.scored[(bk, ak)].evidence and model.probability(ranked.final[(bk, ak)]) >= bar:
            out.append((bk, ak))
    return out


def best_seen(ranked: Round, linked: list[Pair], model: Model) -> dict[tuple[str, str],
                                                                       tuple[float, str]]:
    """Each unit's best probability and partner in the round, ("b"|"a", key) ->
    (p, other key), for the units ``linked`` left out."""
    out: dict[tuple[str, str], tuple[float, str]] = {}
    for p, z in ranked.final.items():
        prob = model.probability(z)
        for side, k, o in (("b", p[0], p[1]), ("a", p[1], p[0])):
            seen = out.get((side, k))
            if seen is None or (prob, o) > seen:
                out[(side, k)] = (prob, o)
    for bk, ak in linked:
        out.pop(("b", bk), None)
        out.pop(("a", ak), None)
    return out
