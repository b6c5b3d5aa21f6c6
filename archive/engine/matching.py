"""Staged matching of the units of two snapshots (pure, no I/O).

Stages, strongest evidence first:

1. ``key``: the same key on both sides (SPEC §1: same key, same unit).
2. ``name``: the same normalised name, unique among the unmatched on both sides.
3. ``alias``: one side's name is among the other's aliases, uniquely.
4. ``similarity``: candidates are *blocked* (shared rare words of name and
   description, the same acronym or name, siblings under matched parents, the
   new parents of matched children; never all pairs), scored by a weighted
   mean of name, description, parent and children similarity plus an acronym
   bonus, and accepted when a pair is the best for both units by a margin.
   Rounds repeat so each round's matches add structural evidence to the next.

Every rule is symmetric in the two sides, so matching B to A gives the
mirror of matching A to B.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..domain import Unit
from .similarity import (
    Features,
    acronym_evidence,
    description_similarity,
    features,
    name_similarity,
    substantial,
)

# Weights of the similarity score (a weighted mean over the parts that are known).
W_NAME = 0.40
W_DESCRIPTION = 0.30
W_PARENT = 0.15
W_CHILDREN = 0.15
ACRONYM_BONUS = 0.10  # same acronym, or one acronym spells the other name
KIND_PENALTY = 0.05  # both kinds known and different
TEXT_FLOOR = 0.45  # a pair needs name or description similarity this high (or acronyms)
# Two real descriptions (similarity.MIN_DESCRIPTION_WORDS words or more) that
# share less than this say the units are different: the pair is rejected
# unless the acronyms are the same.
DESCRIPTION_VETO = 0.08
# Acceptance: the score must reach MATCH_THRESHOLD and beat every rival of
# either unit by MATCH_MARGIN.
MATCH_THRESHOLD = 0.50
MATCH_MARGIN = 0.04
# When both snapshots are partial a unit left unmatched costs nothing (it is
# only unobserved), so a similarity match must be stronger.
PARTIAL_THRESHOLD = 0.60
# Blocking: words held by at most RARE_DF unmatched units of the other side
# make candidates; each unit keeps its TOP_K best by shared rare words.
RARE_DF = 25
TOP_K = 8
MAX_GROUP = 30  # same-name / same-acronym groups larger than this are not paired
MAX_ROUNDS = 4


@dataclass(frozen=True, slots=True)
class Match:
    before: str
    after: str
    stage: str  # key | name | alias | similarity | curated
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)


def children_index(units: Mapping[str, Unit]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for u in units.values():
        if u.parent is not None:
            out[u.parent].append(u.key)
    return out


class _Side:
    """One snapshot's units with the lookups matching needs."""

    def __init__(
        self,
        units: Mapping[str, Unit],
        unmatched: Iterable[str],
        children: dict[str, list[str]] | None = None,
    ) -> None:
        self.units = units
        self.children = children if children is not None else children_index(units)
        self.unmatched: set[str] = set(unmatched)
        self.feat: dict[str, Features] = {k: features(units[k]) for k in self.unmatched}
        self.partner: dict[str, str] = {}


class Matcher:
    """Matches ``before`` to ``after``; ``pairs`` are decided in advance (curated)
    and ``skip_*`` units take no part."""

    def __init__(
        self,
        before: Mapping[str, Unit],
        after: Mapping[str, Unit],
        pairs: Mapping[str, str] = {},
        skip_before: Iterable[str] = (),
        skip_after: Iterable[str] = (),
        children: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None,
        both_partial: bool = False,
    ) -> None:
        self.threshold = PARTIAL_THRESHOLD if both_partial else MATCH_THRESHOLD
        skip_b, skip_a = set(skip_before) | set(pairs), set(skip_after) | set(pairs.values())
        self.matches: dict[str, Match] = {}  # by before key; same-key pairs are not listed
        # best score seen for a unit that stayed unmatched: ("b"|"a", key) -> (score, other key)
        self.best_seen: dict[tuple[str, str], tuple[float, str]] = {}
        keyed = [k for k in before if k in after and k not in skip_b and k not in skip_a]
        keyed_set = set(keyed)
        kids = children or (children_index(before), children_index(after))
        self.b = _Side(
            before, (k for k in before if k not in skip_b and k not in keyed_set), kids[0]
        )
        self.a = _Side(
            after, (k for k in after if k not in skip_a and k not in keyed_set), kids[1]
        )
        for bk, ak in pairs.items():
            self._link(bk, ak, Match(bk, ak, "curated", 1.0), free=False)
        for k in keyed:  # key matches live in the partner maps only (stage "key")
            self.b.partner[k] = k
            self.a.partner[k] = k

    # -- bookkeeping -------------------------------------------------------
    def _link(self, bk: str, ak: str, match: Match, free: bool = True) -> None:
        self.b.partner[bk] = ak
        self.a.partner[ak] = bk
        self.matches[bk] = match
        if free:
            self.b.unmatched.discard(bk)
            self.a.unmatched.discard(ak)

    def run(self) -> dict[str, Match]:
        self._unique_stage("name", lambda f: (f.name,))
        self._unique_stage("alias", lambda f: (f.name, *f.aliases), alias=True)
        for _ in range(MAX_ROUNDS):
            if not self._similarity_round():
                break
        return self.matches

    # -- exact stages ------------------------------------------------------
    def _unique_stage(
        self, stage: str, keys: Callable[[Features], tuple[str, ...]], alias: bool = False
    ) -> None:
        def index(side: _Side) -> dict[str, list[str]]:
            out: dict[str, list[str]] = defaultdict(list)
            for k in side.unmatched:
                for v in set(keys(side.feat[k])):
                    out[v].append(k)
            return out

        ib, ia = index(self.b), index(self.a)
        found: dict[str, str] = {}
        for value, bks in ib.items():
            aks = ia.get(value, [])
            if len(bks) == 1 and len(aks) == 1:
                bk, ak = bks[0], aks[0]
                fb, fa = self.b.feat[bk], self.a.feat[ak]
                if alias and fb.name == fa.name:
                    continue  # a plain same-name pair is the name stage's business
                if found.get(bk, ak) != ak:
                    found[bk] = ""  # two different values pair it: ambiguous
                    continue
                found[bk] = ak
        taken: dict[str, int] = defaultdict(int)
        for ak in found.values():
            taken[ak] += 1
        for bk, ak in sorted(found.items()):
            if ak and taken[ak] == 1:
                self._link(bk, ak, Match(bk, ak, stage, 1.0 if stage == "name" else 0.95))

    # -- similarity stage --------------------------------------------------
    def _candidates(self) -> set[tuple[str, str]]:
        pairs: set[tuple[str, str]] = set()
        self._token_block(self.b, self.a, pairs, flip=False)
        self._token_block(self.a, self.b, pairs, flip=True)
        for value_of in (_name_of, _acronym_of):
            groups_b: dict[str, list[str]] = defaultdict(list)
            groups_a: dict[str, list[str]] = defaultdict(list)
            for k in self.b.unmatched:
                v = value_of(self.b.feat[k])
                if v:
                    groups_b[v].append(k)
            for k in self.a.unmatched:
                v = value_of(self.a.feat[k])
                if v:
                    groups_a[v].append(k)
            for v, bks in groups_b.items():
                aks = groups_a.get(v, [])
                if len(bks) * len(aks) <= MAX_GROUP:
                    pairs.update((bk, ak) for bk in bks for ak in aks)
        # Structure: siblings under matched parents, and where matched children went.
        unmatched_a_children: dict[str, list[str]] = defaultdict(list)
        for ak in self.a.unmatched:
            p = self.a.units[ak].parent
            if p is not None:
                unmatched_a_children[p].append(ak)
        for bk in self.b.unmatched:
            p = self.b.units[bk].parent
            if p is not None and p in self.b.partner:
                pairs.update((bk, ak) for ak in unmatched_a_children.get(self.b.partner[p], ()))
            for child in self.b.children.get(bk, ()):
                ck = self.b.partner.get(child)
                if ck is not None:
                    ap = self.a.units[ck].parent
                    if ap is not None and ap in self.a.unmatched:
                        pairs.add((bk, ap))
        return pairs

    @staticmethod
    def _token_block(
        side: _Side, other: _Side, pairs: set[tuple[str, str]], *, flip: bool
    ) -> None:
        index: dict[str, list[str]] = defaultdict(list)
        for k in other.unmatched:
            for t in other.feat[k].content:
                index[t].append(k)
        for k in side.unmatched:
            weight: dict[str, float] = defaultdict(float)
            for t in side.feat[k].content:
                hits = index.get(t)
                if hits and len(hits) <= RARE_DF:
                    for o in hits:
                        weight[o] += 1.0 / len(hits)
            best = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_K]
            pairs.update((o, k) if flip else (k, o) for o, _ in best)

    def score(self, bk: str, ak: str) -> tuple[float, dict[str, Any]]:
        """The similarity score of a candidate pair and its evidence."""
        fb, fa = self.b.feat[bk], self.a.feat[ak]
        ub, ua = fb.unit, fa.unit
        ns = name_similarity(fb, fa)
        total, weight = W_NAME * ns, W_NAME
        evidence: dict[str, Any] = {"name_similarity": round(ns, 3)}
        ds = description_similarity(fb, fa)
        if ds is not None:
            total += W_DESCRIPTION * ds
            weight += W_DESCRIPTION
            evidence["description_similarity"] = round(ds, 3)
        # Two roots: where they sit says nothing (every unit of a flat page is
        # a root), so the parent part is unknown, not agreement.
        if ub.parent is not None or ua.parent is not None:
            parent = 1.0 if (ub.parent is not None and ua.parent is not None
                             and self.b.partner.get(ub.parent) == ua.parent) else 0.0
            total += W_PARENT * parent
            weight += W_PARENT
            evidence["structure"] = parent
        cb, ca = self.b.children.get(bk, ()), self.a.children.get(ak, ())
        if cb or ca:
            ca_set = set(ca)
            shared = sum(1 for c in cb if self.b.partner.get(c) in ca_set)
            overlap = 2.0 * shared / (len(cb) + len(ca))
            total += W_CHILDREN * overlap
            weight += W_CHILDREN
            evidence["children_overlap"] = round(overlap, 3)
        s = total / weight
        acr = acronym_evidence(fb, fa)
        reject = MATCH_THRESHOLD - MATCH_MARGIN - 0.01
        if acr is None and ns < TEXT_FLOOR and (ds is None or ds < TEXT_FLOOR):
            s = min(s, reject)  # structure alone never matches
        if (ds is not None and ds < DESCRIPTION_VETO and acr != "same"
                and substantial(fb) and substantial(fa)):
            s = min(s, reject)  # two real descriptions with next to nothing in common
        if acr is not None:
            s += ACRONYM_BONUS
            evidence["acronym_" + acr] = True
        if ub.kind is not None and ua.kind is not None and ub.kind != ua.kind:
            s -= KIND_PENALTY
        return max(0.0, min(1.0, s)), evidence

    def _similarity_round(self) -> bool:
        scored: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        for bk, ak in self._candidates():
            s, ev = self.score(bk, ak)
            if s >= MATCH_THRESHOLD - MATCH_MARGIN:
                scored[(bk, ak)] = (s, ev)
            for side, k, other in (("b", bk, ak), ("a", ak, bk)):
                seen = self.best_seen.get((side, k))
                if seen is None or (s, other) > seen:
                    self.best_seen[(side, k)] = (s, other)
        progress = False
        while scored:
            best_b: dict[str, list[tuple[float, str]]] = defaultdict(list)
            best_a: dict[str, list[tuple[float, str]]] = defaultdict(list)
            for (bk, ak), (s, _) in scored.items():
                best_b[bk].append((s, ak))
                best_a[ak].append((s, bk))
            accepted = []
            for (bk, ak), (s, _) in scored.items():
                if s < self.threshold:
                    continue
                if _clear_best(s, ak, best_b[bk]) and _clear_best(s, bk, best_a[ak]):
                    accepted.append((bk, ak))
            if not accepted:
                break
            for bk, ak in accepted:
                s, ev = scored[(bk, ak)]
                self._link(bk, ak, Match(bk, ak, "similarity", round(s, 3), ev))
            progress = True
            scored = {
                p: v for p, v in scored.items() if p[0] in self.b.unmatched
                and p[1] in self.a.unmatched
            }
        return progress


def _name_of(f: Features) -> str | None:
    return f.name


def _acronym_of(f: Features) -> str | None:
    return f.acronym


def _clear_best(score: float, who: str, rivals: list[tuple[float, str]]) -> bool:
    """Whether ``who`` (with ``score``) beats every other rival by MATCH_MARGIN."""
    return all(s <= score - MATCH_MARGIN for s, k in rivals if k != who)
