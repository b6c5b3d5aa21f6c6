"""Matching the units of two snapshots (pure, no I/O).

1. ``key``: the same key on both sides is the same unit (SPEC §1); curated
   pairs are decided before.
2. Every other pair worth looking at (``blocking``: shared rare words, the
   same name or acronym, units gone and new under one parent, the new parent
   of a unit's matched children) is described by the features of ``model``
   and scored by its one fitted function: the probability that the two are
   one unit.
3. Assignment in rounds: a pair is accepted when it is the strict best of
   both its units and its probability reaches the round's bar; the bar steps
   down from ``BARS[0]`` to the model's ``accept`` (``bars``). Each round's
   matches are structure for the next: the children of a matched parent, the
   parent of matched children.

Every rule is symmetric in the two sides, so matching B to A gives the
mirror of matching A to B.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..domain import Unit
from .assignment import MORE_LIKELY, Round, Scored, best_seen, choose, rank, some_evidence
from .blocking import MAX_BLOCK, rare_word_candidates, same_value_candidates
from .model import Model, load_model
from .normalize import local_name
from .similarity import (
    MIN_DESCRIPTION_WORDS,
    FeatureCache,
    Features,
    Idf,
    acronym_relation,
    contained,
    features,
    jaccard,
    name_similarity,
)

BARS = (0.95, 0.8, 0.65, 0.5)  # acceptance bars of the rounds, strictest first
MAX_ROUNDS = 12


def bars(accept: float) -> tuple[float, ...]:
    """The rounds' bars, strictest first, down to ``accept`` (the model's last
    bar, fitted on the real pairs: see ``Model.accept``)."""
    return tuple(b for b in BARS if b > accept) + (accept,)

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Match:
    before: str
    after: str
    stage: str  # key | name | alias | similarity | content | curated
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)


def children_index(units: Mapping[str, Unit]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for u in units.values():
        if u.parent is not None:
            out[u.parent].append(u.key)
    return out


def parent_known(unit: Unit) -> bool:
    """Whether the source says where the unit sits (SPEC §1: in a partial
    snapshot a unit that leaves ``parent`` out has an unknown parent: no
    evidence either way, so no parent feature is set)."""
    return unit.parent_known


class _Side:
    """One snapshot's units with the lookups matching needs."""

    def __init__(self, units: Mapping[str, Unit], unmatched: Iterable[str],
                 children: dict[str, list[str]], feats: dict[str, Features]) -> None:
        self.units = units
        self.children = children
        self.unmatched: set[str] = set(unmatched)
        self.partner: dict[str, str] = {}
        self._feat = feats
        self._local: dict[str, Features | None] = {}

    def feat(self, key: str) -> Features:
        f = self._feat.get(key)
        if f is None:
            f = self._feat[key] = features(self.units[key])
        return f

    def local(self, key: str) -> Features | None:
        """The unit's name read without its parent's name or acronym in front
        ("HSI Intelligence" under HSI reads "Intelligence"), or None when
        the name does not start with either."""
        try:
            return self._local[key]
        except KeyError:
            pass
        u = self.units[key]
        p = self.units.get(u.parent) if u.parent is not None else None
        rest = local_name(u.name, p.name, p.acronym) if p is not None else None
        f = self._local[key] = None if rest is None else features(Unit(key=key, name=rest))
        return f


class Matcher:
    """Matches ``before`` to ``after``; ``pairs`` are decided in advance (curated)
    and ``skip_*`` units take no part. ``trace``, when given, receives the
    features and probability of every pair scored (for fitting the weights)."""

    def __init__(
        self,
        before: Mapping[str, Unit],
        after: Mapping[str, Unit],
        pairs: Mapping[str, str] = {},
        skip_before: Iterable[str] = (),
        skip_after: Iterable[str] = (),
        children: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None,
        model: Model | None = None,
        trace: dict[Pair, dict[str, float]] | None = None,
        feats: FeatureCache | None = None,
    ) -> None:
        self.model = model or load_model()
        self.trace = trace
        skip_b, skip_a = set(skip_before) | set(pairs), set(skip_after) | set(pairs.values())
        self.matches: dict[str, Match] = {}  # by before key; same-key pairs are not listed
        # best probability seen for a unit left unmatched: ("b"|"a", key) -> (p, other key)
        self.best_seen: dict[tuple[str, str], tuple[float, str]] = {}
        # pairs taken as less likely than not (in place, under MORE_LIKELY), by before key
        self.weak: set[str] = set()
        # in file order: the partner maps built from it are walked in memory
        # order by every later pass (a set's hash order cost 0.08 s at 100k)
        keyed = [k for k in before if k in after and k not in skip_b and k not in skip_a]
        is_keyed = set(keyed)
        kids = children or (children_index(before), children_index(after))
        feats = feats or ({}, {})
        self.b = _Side(before, (k for k in before if k not in skip_b and k not in is_keyed),
                       kids[0], feats[0])
        self.a = _Side(after, (k for k in after if k not in skip_a and k not in is_keyed),
                       kids[1], feats[1])
        for bk, ak in pairs.items():
            self.b.partner[bk] = ak
            self.a.partner[ak] = bk
            self.matches[bk] = Match(bk, ak, "curated", 1.0)
        for k in keyed:  # key matches live in the partner maps only (stage "key")
            self.b.partner[k] = k
            self.a.partner[k] = k
        self.idf = Idf((before.values(), after.values()), (len(before), len(after)))
        self._text: dict[Pair, dict[str, float]] = {}
        # pairs whose names were compared without a parent's name in front
        self.local_names: dict[Pair, tuple[str, str]] = {}
        self._parent_similarity: dict[Pair, float] = {}  # name_similarity of two parents
        # where most of a parent's matched children went (``_major``), this round
        self._majors: tuple[dict[str, str | None], dict[str, str | None]] = ({}, {})
        # features and logit of each pair scored, reused while neither unit's
        # surroundings changed (each unit's version goes up when they do)
        self._scored: dict[Pair, Scored] = {}
        self._version_b: dict[str, int] = {}
        self._version_a: dict[str, int] = {}
        self._text_pairs: set[Pair] | None = None
        # each unit's text pairs (before side, after side), and the units
        # matched since the text pairs were last brought up to date
        self._text_of: tuple[dict[str, list[Pair]], dict[str, list[Pair]]] = (
            defaultdict(list), defaultdict(list))
        self._linked: tuple[list[str], list[str]] = ([], [])
        self._ranked: Round | None = None  # the last round's ranking, updated by the next
        # the units whose version went up since the last round was scored
        self._bumped: tuple[set[str], set[str]] = (set(), set())

    def run(self) -> dict[str, Match]:
        rounds = 0
        scores: Round | None = None
        last: tuple[Round, list[Pair]] | None = None
        for bar in bars(self.model.accept):
            while rounds < MAX_ROUNDS and self.b.unmatched and self.a.unmatched:
                rounds += 1
                # a round that linked nothing left every score as it was: the
                # next bar reuses them (saves a full scoring pass per bar)
                if scores is None:
                    scores = self._score()
                accepted = choose(scores, bar, self.model)
                for bk, ak in accepted:
                    self._link(bk, ak, self.model.probability(scores.final[(bk, ak)]),
                               scores.features((bk, ak)))
                last = (scores, accepted)
                if not accepted:
                    break
                scores = None
        if last is not None:  # each unit's best in the last round, for those left unmatched
            self.best_seen = best_seen(*last, self.model)
        return self.matches

    # -- candidates ---------------------------------------------------------
    def _group_of(self, side: _Side, key: str, partner_to_after: bool) -> str | None:
        """The parent a unit sits under, as an after-side key (or "" at the top);
        None when unknown or not matched yet."""
        u = side.units[key]
        if not parent_known(u):
            return None
        if u.parent is None:
            return ""
        if not partner_to_after:
            return u.parent
        p = side.partner.get(u.parent)
        return p

    def _groups(self) -> dict[str, tuple[list[str], list[str]]]:
        """Units gone and new under each parent (after-side key; "" = the top)."""
        out: dict[str, tuple[list[str], list[str]]] = {}
        for k in sorted(self.b.unmatched):
            g = self._group_of(self.b, k, True)
            if g is not None:
                out.setdefault(g, ([], []))[0].append(k)
        for k in sorted(self.a.unmatched):
            g = self._group_of(self.a, k, False)
            if g is not None:
                out.setdefault(g, ([], []))[1].append(k)
        return out

    def _candidates(self, groups: dict[str, tuple[list[str], list[str]]]) -> set[Pair]:
        b, a = self.b, self.a
        if self._text_pairs is None:  # text blocks once; later rounds only drop matched units
            pairs = rare_word_candidates({k: b.feat(k).content for k in b.unmatched},
                                         {k: a.feat(k).content for k in a.unmatched})

            def values(side: int, k: str) -> list[str]:
                f = (b, a)[side].feat(k)
                out = [f"n:{f.name}", f"x:{f.squashed}", *(f"n:{x}" for x in f.aliases)]
                if f.acronym:
                    out.append(f"x:{f.acronym}")
                return out

            pairs |= same_value_candidates(sorted(b.unmatched), sorted(a.unmatched), values)
            self._text_pairs = pairs
            for pair in pairs:
                self._text_of[0][pair[0]].append(pair)
                self._text_of[1][pair[1]].append(pair)
        else:  # only the pairs of units matched since the last round go
            for which in (0, 1):
                for k in self._linked[which]:
                    for gone in self._text_of[which].get(k, ()):
                        self._text_pairs.discard(gone)
        self._linked = ([], [])
        pairs = set(self._text_pairs)
        for bs, as_ in groups.values():  # gone and new under one parent
            if bs and as_ and len(bs) * len(as_) <= MAX_BLOCK:
                pairs.update((x, y) for x in bs for y in as_)
        for side, other, flip in ((b, a, False), (a, b, True)):  # where the children went
            for k in side.unmatched:
                for c in side.children.get(k, ()):
                    pc = side.partner.get(c)
                    if pc is not None:
                        p = other.units[pc].parent
                        if p is not None and p in other.unmatched:
                            pairs.add((p, k) if flip else (k, p))
        return pairs

    # -- features -------------------------------------------------------------
    def text_features(self, bk: str, ak: str) -> dict[str, float]:
        """What the two units' names, acronyms, descriptions and kinds share (the
        same in every round, so computed once a pair)."""
        got = self._text.get((bk, ak))
        if got is not None:
            return got
        fb, fa = self.b.feat(bk), self.a.feat(ak)
        ub, ua = fb.unit, fa.unit
        x: dict[str, float] = {}
        name_b, name_a = fb.name, fa.name
        if name_b == name_a or name_b in fa.aliases or name_a in fb.aliases:
            x["name_same"] = 1.0
        acr = acronym_relation(fb, fa)
        if acr is not None:
            x[f"acronym_{acr}"] = 1.0
        if acr == "name":  # "Seafish", the acronym of one, is the other's whole name:
            # the names compare as one name does with itself
            x.update(name_char=1.0, name_rare=1.0, name_part=1.0, name_contained=1.0)
        else:
            x.update(self._name_terms(fb, fa))
            # a name prefixed with its parent's ("HSI Intelligence" under HSI)
            # is also read without it; the reading whose words agree more counts
            lb, la = self.b.local(bk), self.a.local(ak)
            if lb is not None or la is not None:
                y = self._name_terms(lb or fb, la or fa)
                # read so, "HSI Intelligence" is HSI's "Office of Intelligence":
                # the same core words make the same name
                if (lb or fb).name_core_text == (la or fa).name_core_text:
                    y["name_same"] = 1.0
                if y["name_rare"] > x["name_rare"]:
                    for k in ("name_disjoint", "name_contained"):
                        x.pop(k, None)
                    x.update(y)
                    self.local_names[(bk, ak)] = ((lb or fb).unit.name, (la or fa).unit.name)
        # (description_similarity, asked only of two real descriptions: short
        # ones say little)
        db, da = fb.description, fa.description
        if (db is not None and da is not None and len(db) >= MIN_DESCRIPTION_WORDS
                and len(da) >= MIN_DESCRIPTION_WORDS):
            ds = jaccard(db, da)
            x["description"] = ds
            x["description_known"] = 1.0
            if ds < 0.1:
                x["description_unlike"] = 1.0
        if ub.kind is not None and ua.kind is not None:
            x["kind_same" if ub.kind == ua.kind else "kind_differs"] = 1.0
        self._text[(bk, ak)] = x
        return x

    def _name_terms(self, fb: Features, fa: Features) -> dict[str, float]:
        x = {"name_char": name_similarity(fb, fa)}
        rare, part = self.idf.overlap(fb.name_tokens, fa.name_tokens)
        x["name_rare"] = rare
        x["name_part"] = part
        if rare == 0.0:
            x["name_disjoint"] = 1.0
        if contained(fb, fa):
            x["name_contained"] = 1.0
        return x

    def pair_features(self, bk: str, ak: str,
                      groups: dict[str, tuple[list[str], list[str]]]) -> dict[str, float]:
        b, a = self.b, self.a
        x = dict(self.text_features(bk, ak))
        ub, ua = b.units[bk], a.units[ak]
        if ub.parent_known and ua.parent_known:  # (parent_known, inline: every pair)
            pb, pa = ub.parent, ua.parent
            group: str | None = None
            if pb is None and pa is None:
                x["roots"] = 1.0
                group = ""
            elif pb is None or pa is None:
                x["root_and_child"] = 1.0
            elif b.partner.get(pb) == pa or self._flowed(pb, pa):
                x["parent_same"] = 1.0
                group = pa
            elif pb in b.partner or pa in a.partner:  # a move: likelier for the same name
                x["moved_same_name" if "name_same" in x else "parent_differs"] = 1.0
            else:
                # the parents' names, the same for all their children's pairs
                sim = self._parent_similarity.get((pb, pa))
                if sim is None:
                    sim = self._parent_similarity[(pb, pa)] = name_similarity(
                        b.feat(pb), a.feat(pa))
                x["parent_open"] = sim
                up = self._grandparents(pb, pa)
                if up is not None:
                    x["grandparent_same" if up else "grandparent_differs"] = 1.0
            if group is not None and group in groups:
                gone, new = groups[group]
                if len(gone) == 1 and len(new) == 1:
                    x["sole_change"] = 1.0
                x["churn"] = math.log(max(1, len(gone) * len(new)))
        cb, ca = b.children.get(bk, ()), a.children.get(ak, ())
        if cb and ca:
            ca_set = set(ca)
            shared = sum(1 for c in cb if b.partner.get(c) in ca_set)
            x["children_shared"] = 2.0 * shared / (len(cb) + len(ca))
            if shared:
                x["children_count"] = math.log1p(shared)
            if shared >= 2 and 2 * shared >= 0.8 * (len(cb) + len(ca)):
                x["children_followed"] = 1.0
        elif cb or ca:
            x["children_one_side"] = 1.0
        return x

    def _flowed(self, pb: str, pa: str) -> bool:
        """Whether the children of ``pb`` went to ``pa`` and those of ``pa``
        came from ``pb``: most of the matched children of each (two or more)
        are on the other. A parent split or renamed with a new key keeps its
        place that way ("Geffrye Museum" sat under the Department for
        Digital, Culture, Media & Sport, "Museum of the Home" under the new
        Department for Culture, Media and Sport, where its siblings went)."""
        return (self._major(self.b, self.a, pb) == pa
                and self._major(self.a, self.b, pa) == pb)

    def _major(self, side: _Side, other: _Side, key: str) -> str | None:
        """Where most of ``key``'s matched children (two or more, more than
        half) sit on the other side, worked out once a round."""
        cache = self._majors[0 if side is self.b else 1]
        if key in cache:
            return cache[key]
        where: dict[str | None, int] = {}
        n = 0
        for c in side.children.get(key, ()):
            pc = side.partner.get(c)
            if pc is not None:
                n += 1
                p = other.units[pc].parent
                where[p] = where.get(p, 0) + 1
        best = max(where.items(), key=lambda kv: kv[1], default=(None, 0))
        out = best[0] if best[1] >= 2 and 2 * best[1] > n else None
        cache[key] = out
        return out

    def _grandparents(self, pb: str, pa: str) -> bool | None:
        """Whether the parents' own parents correspond (True), do not (False),
        or are not known yet (None): the same parent name in another branch of
        the tree (a House and a Senate "Armed Services") is another unit."""
        ub, ua = self.b.units[pb], self.a.units[pa]
        if not (parent_known(ub) and parent_known(ua)):
            return None
        gb, ga = ub.parent, ua.parent
        if gb is None or ga is None:
            return gb == ga
        if self.b.partner.get(gb) == ga:
            return True
        if gb in self.b.partner or ga in self.a.partner:
            return False
        return None

    # -- one round ------------------------------------------------------------
    def _score(self) -> Round:
        """Every candidate pair scored against the current matches (features
        reused while neither unit's surroundings changed), then ranked."""
        self._majors = ({}, {})
        groups = self._groups()
        model = self.model
        cache, ver_b, ver_a = self._scored, self._version_b, self._version_a
        candidates = self._candidates(groups)
        previous = self._ranked
        bumped_b, bumped_a = self._bumped
        self._bumped = (set(), set())

        def scored_now(p: Pair) -> Scored:
            got = cache.get(p)
            vb, va = ver_b.get(p[0], 0), ver_a.get(p[1], 0)
            if got is None or got.stamp[0] != vb or got.stamp[1] != va:
                x = self.pair_features(*p, groups)
                z = model.logit(x)
                got = cache[p] = Scored(x, z, model.probability(z), some_evidence(x), (vb, va))
            return got

        delta: tuple[list[Pair], list[Pair]] | None = None
        if previous is None or self.trace is not None:
            # each pair's score is its own, so the order of scoring does not
            # matter; the trace lists the pairs in order (sorting 10,000 pairs
            # a round, only then)
            scored = {p: scored_now(p) for p in (
                sorted(candidates) if self.trace is not None else candidates)}
        else:
            # from the last round: the pairs no longer candidates go, and only
            # the new ones and those of a unit whose surroundings changed since
            # (its version went up) are looked at
            # (the last round's table, updated in place: it is not looked at again)
            scored = previous.scored
            gone = list(scored.keys() - candidates)
            todo = candidates - scored.keys()
            by_b, by_a = previous.pairs_of
            for k in bumped_b:
                todo.update(p for o in by_b.get(k, ()) if (p := (k, o)) in candidates)
            for k in bumped_a:
                todo.update(p for o in by_a.get(k, ()) if (p := (o, k)) in candidates)
            for p in gone:
                del scored[p]
            changed = []
            for p in todo:
                got = scored_now(p)
                was = scored.get(p)
                scored[p] = got
                if was is None or was.logit != got.logit:
                    changed.append(p)
            delta = (changed, gone)
        out = self._ranked = rank(scored, model, previous, delta)
        if self.trace is not None:  # "_best": the best pair of one of its units
            for p in scored:  # in order, see above
                z = out.final[p]
                top = out.best_b[p[0]][0] == (z, p[1]) or out.best_a[p[1]][0] == (z, p[0])
                self.trace[p] = {**out.features(p), "_p": model.probability(z),
                                 "_best": float(top)}
        return out

    def _link(self, bk: str, ak: str, prob: float, x: dict[str, float]) -> None:
        self.b.partner[bk] = ak
        self.a.partner[ak] = bk
        self.b.unmatched.discard(bk)
        self.a.unmatched.discard(ak)
        self._linked[0].append(bk)
        self._linked[1].append(ak)
        self._touch(bk, ak)
        fb, fa = self.b.feat(bk), self.a.feat(ak)
        local = self.local_names.get((bk, ak))
        stage = "name" if fb.name == fa.name else (
            "alias" if x.get("name_same") and local is None else "similarity")
        evidence = self.model.evidence(x)
        if local is not None:
            evidence["names_read"] = list(local)
        self.matches[bk] = Match(bk, ak, stage, round(prob, 3), evidence)
        if prob < MORE_LIKELY:
            self.weak.add(bk)

    def adopt(self, match: Match) -> None:
        """Take a pair found after the rounds (``reorg_children``) as matched."""
        self.b.partner[match.before] = match.after
        self.a.partner[match.after] = match.before
        self.b.unmatched.discard(match.before)
        self.a.unmatched.discard(match.after)
        self.matches[match.before] = match

    def _touch(self, bk: str, ak: str) -> None:
        """Mark the units whose structural features a new pair changes (their
        scores are computed again): its parents and children, and the units
        gone or new beside it."""
        for side, key, ver, other_ver, other in (
                (self.b, bk, self._version_b, self._version_a, self.a),
                (self.a, ak, self._version_a, self._version_b, self.b)):
            touched = list(side.children.get(key, ()))
            for c in side.children.get(key, ()):  # grandchildren: grandparent features
                touched += side.children.get(c, ())
            parent = side.units[key].parent
            if parent is not None:
                touched.append(parent)
                touched += side.children.get(parent, ())
                p2 = side.partner.get(parent)
                others = list(other.children.get(p2, ())) if p2 is not None else []
            else:  # the top level is one group too
                touched += self._roots(side)
                others = self._roots(other)
            for k in touched:
                ver[k] = ver.get(k, 0) + 1
            for k in others:
                other_ver[k] = other_ver.get(k, 0) + 1
            bumped, other_bumped = self._bumped if side is self.b else self._bumped[::-1]
            bumped.update(touched)
            other_bumped.update(others)

    def _roots(self, side: _Side) -> list[str]:
        return [k for k in side.unmatched if side.units[k].parent is None]
