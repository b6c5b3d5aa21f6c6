"""Choosing pairs from scores: each unit's best and next best, how far a pair
stands above its rivals, and the guards that no weight overrules (pure
helpers of ``matching``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

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
    known = out.get
    other = 1 - side
    for p, z in scores.items():
        k = p[side]
        item = (z, p[other])
        top = known(k)
        if top is None:
            out[k] = (item, None)
            continue
        first, second = top
        if first is None or item > first:
            out[k] = (item, first)
        elif second is None or item > second:
            out[k] = (first, item)
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


class Scored(NamedTuple):
    """A pair's features and log-odds, with what follows from them alone (a
    tuple: made for every pair scored, 13,000 in a round, and never changed)."""

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
    # the other keys each unit is scored with, before side and after side
    # (shared with, and updated by, the next round's ranking)
    pairs_of: tuple[dict[str, set[str]], dict[str, set[str]]] = field(
        default_factory=lambda: ({}, {}))

    def features(self, p: Pair) -> dict[str, float]:
        """All the pair's features, the rival terms included."""
        x = {**self.scored[p].features, "rival_margin": self.margin[p]}
        if p in self.no_rival:
            x["no_rival"] = 1.0
        return x


def rank(scored: dict[Pair, Scored], model: Model, previous: Round | None = None,
         delta: tuple[list[Pair], list[Pair]] | None = None) -> Round:
    """Each pair's final log-odds: its own, plus how far it stands above the
    best rival of either unit.

    With the ``previous`` round's ranking, only what depends on a changed score
    is worked out again (a round changes the scores of a few hundred of the
    10,000 or more pairs): the best two of the units whose pairs changed, the
    rival terms of the pairs whose own score or units' best two changed. The
    answer is the one ranking from scratch gives. ``delta``, when the caller
    knows it, is (the pairs new or with another log-odds than in ``previous``,
    the pairs of ``previous`` no longer scored): then nothing here looks at
    every pair. ``previous``'s index of pairs by unit is taken over (and
    updated): rank each round from the last one only."""
    if previous is None:
        return _rank_all(scored, model)
    before = previous
    if delta is None:
        gone = [p for p in before.scored if p not in scored]
        changed = [p for p, s in scored.items() if before.logits.get(p) != s.logit]
    else:
        changed, gone = delta
    # the previous round's tables, updated in place (it is not looked at again:
    # copying five tables of 10,000 pairs a round cost more than the updates)
    out = Round(scored, logits=before.logits, margin=before.margin, final=before.final,
                no_rival=before.no_rival, pairs_of=before.pairs_of)
    logits, margins, finals, no_rival = out.logits, out.margin, out.final, out.no_rival
    by_b, by_a = out.pairs_of
    for p in gone:
        del logits[p], margins[p], finals[p]
        no_rival.discard(p)
        by_b[p[0]].discard(p[1])
        by_a[p[1]].discard(p[0])
    for p in changed:
        if p not in logits:  # a new pair
            by_b[p[0]].add(p[1])
            by_a[p[1]].add(p[0])
        logits[p] = scored[p].logit
    changed = [*changed, *gone]
    out.top_b, moved_b = _retop(before.top_b, logits, changed, 0, by_b)
    out.top_a, moved_a = _retop(before.top_a, logits, changed, 1, by_a)
    # the pairs whose score or rivals changed (each pair's terms are its own:
    # the order they are worked out in does not matter)
    redo = {p for p in changed if p in scored}
    redo.update((k, o) for k in moved_b for o in by_b.get(k, ()))
    redo.update((o, k) for k in moved_a for o in by_a.get(k, ()))
    final_changed = [*gone, *_rival_terms(out, redo, model)]
    out.best_b = _retop(before.best_b, finals, final_changed, 0, by_b)[0]
    out.best_a = _retop(before.best_a, finals, final_changed, 1, by_a)[0]
    return out


def _rank_all(scored: dict[Pair, Scored], model: Model) -> Round:
    """``rank`` from scratch (the first round)."""
    out = Round(scored, logits={p: s.logit for p, s in scored.items()})
    by_b: dict[str, set[str]] = defaultdict(set)
    by_a: dict[str, set[str]] = defaultdict(set)
    for bk, ak in scored:
        by_b[bk].add(ak)
        by_a[ak].add(bk)
    out.pairs_of = (by_b, by_a)
    out.top_b, out.top_a = top_two(out.logits, 0), top_two(out.logits, 1)
    _rival_terms(out, scored, model)
    out.best_b, out.best_a = top_two(out.final, 0), top_two(out.final, 1)
    return out


def _rival_terms(out: Round, pairs: Iterable[Pair], model: Model) -> list[Pair]:
    """Work out the rival terms and final log-odds of ``pairs`` into ``out``
    (its top_b and top_a known); the pairs whose final log-odds changed."""
    w_margin = model.weights.get("rival_margin", 0.0)
    w_none = model.weights.get("no_rival", 0.0)
    probability = model.probability
    scored, top_b, top_a = out.scored, out.top_b, out.top_a
    margins, finals, no_rival = out.margin, out.final, out.no_rival
    was = finals.get
    changed = []
    for p in pairs:
        s = scored[p]
        bk, ak = p
        # the best score of a pair of either unit with anyone else (``rival``)
        first, second = top_b[bk]
        rb = first[0] if first is not None and first[1] != ak else (
            second[0] if second is not None else None)
        first, second = top_a[ak]
        ra = first[0] if first is not None and first[1] != bk else (
            second[0] if second is not None else None)
        if rb is None and ra is None:
            # no rival: the pair stands above 0
            margins[p] = margin = s.probability - 0.0
            no_rival.add(p)
            final = s.logit + w_margin * margin + w_none
        else:
            # in probability: a weak pair among weaker ones stands barely above them
            best = rb if ra is None else ra if rb is None else max(rb, ra)
            assert best is not None
            margins[p] = margin = s.probability - probability(best)
            no_rival.discard(p)
            final = s.logit + w_margin * margin
        if was(p) != final:
            changed.append(p)
        finals[p] = final
    return changed


def _retop(before: dict[str, Top], scores: Mapping[Pair, float], changed: list[Pair],
           side: int, pairs_of: Mapping[str, set[str]]) -> tuple[dict[str, Top], set[str]]:
    """``top_two(scores, side)`` from ``before``, that of the scores before
    ``changed`` (changed, new or gone pairs): only the units whose best two a
    changed pair was among, or may now enter, are looked at again (their pairs
    found through ``pairs_of``: unit -> the other keys it is scored with).
    Also the units whose best two are not what they were."""
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
    # ``before`` is updated in place (the previous round is not looked at again)
    was = {k: before.pop(k, None) for k in dirty}
    if side == 0:
        sub = {(k, o): scores[(k, o)] for k in dirty for o in pairs_of.get(k, ())}
    else:
        sub = {(o, k): scores[(o, k)] for k in dirty for o in pairs_of.get(k, ())}
    before.update(top_two(sub, side))
    return before, {k for k in dirty if before.get(k) != was[k]}


# A bar under MORE_LIKELY (the model's ``accept``) is for pairs whose parents
# are matched to each other. Two units at the top level are not "in place" in
# that sense: there every body sits (BEIS and the Department for Business and
# Trade share the top of GOV.UK and a third of BEIS's bodies, yet BEIS was split).
MORE_LIKELY = 0.5


def in_place(x: dict[str, float]) -> bool:
    """Whether a pair may be taken under MORE_LIKELY: its parents are matched to
    each other and no two real descriptions speak for or against it (the bar
    was chosen on real pairs that have none; where both are described, the
    descriptions decide at the usual bar)."""
    return "parent_same" in x and "description_known" not in x


def choose(ranked: Round, bar: float, model: Model) -> list[Pair]:
    """The pairs that are the strict best of both their units, reach ``bar``
    and pass ``some_evidence``, by before key. Under ``MORE_LIKELY`` only a pair
    ``in_place`` is taken: a unit gone from a parent as another
    arrives there is the case where structure carries identity that words
    do not; a weak pair that would also move is left unmatched."""
    out: list[Pair] = []
    for bk, top in sorted(ranked.best_b.items()):  # a unit is accepted with its best or not
        ak = top[0][1] if top[0] is not None else None
        if ak is None or not (strict_best(top, ak) and strict_best(ranked.best_a[ak], bk)):
            continue
        scored = ranked.scored[(bk, ak)]
        prob = model.probability(ranked.final[(bk, ak)])
        if scored.evidence and prob >= bar and (prob >= MORE_LIKELY or in_place(scored.features)):
            out.append((bk, ak))
    if bar < MORE_LIKELY:
        out = sorted({*out, *_best_in_place(ranked, bar, model)})
    return out


def _eligible(ranked: Round, p: Pair, model: Model) -> bool:
    """Whether a pair could be taken at a bar under MORE_LIKELY at all."""
    s = ranked.scored[p]
    return s.evidence and (in_place(s.features)
                           or model.probability(ranked.final[p]) >= MORE_LIKELY)


def _best_in_place(ranked: Round, bar: float, model: Model) -> list[Pair]:
    """Pairs in place that reach ``bar`` and are the strict best of both their
    units among the pairs that could be taken at all: a rival that would move
    a unit on less than even odds is never taken, so it does not keep an
    in-place pair out ("Government Efficiency, Federalism, and the District of
    Columbia" -> "General Services, Federalism, and the District of Columbia"
    was kept out by two Appropriations "District of Columbia" subcommittees
    that ended)."""
    by_b, by_a = ranked.pairs_of
    final = ranked.final
    out = []
    for p, s in ranked.scored.items():
        if not (s.evidence and in_place(s.features)):
            continue
        z = final[p]
        if model.probability(z) < bar:
            continue
        bk, ak = p
        if any(final[(bk, o)] >= z and _eligible(ranked, (bk, o), model)
               for o in by_b[bk] if o != ak):
            continue
        if any(final[(o, ak)] >= z and _eligible(ranked, (o, ak), model)
               for o in by_a[ak] if o != bk):
            continue
        out.append(p)
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
