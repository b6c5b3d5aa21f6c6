"""Merges and splits: how the content of unmatched units is covered by the
other side (pure, no I/O).

An *edge* joins an unmatched unit ``u`` to a unit ``x`` of the other side when

* ``x`` is unmatched and the words of one (name and description) are mostly
  found in the other (``containment`` at least COVER_THRESHOLD); or
* ``x`` is matched (a *survivor* that kept its key or was matched by name) and
  the words of ``u`` that ``x``'s own earlier/later form lacks are mostly the
  words ``x`` gained/lost (an absorb merge, or a split that kept its key); or
* at least CHILD_VOTES of ``u``'s matched children are under ``x`` on the
  other side (or all of them, when ``u`` has one child) and ``x`` is new, or the
  content agrees at least half as well, or TAKEN_IN of them (two or more)
  went to the unit that sat beside or above ``u`` (it took ``u`` in); or all
  of them (two or more) went to two or more new units (``u`` was divided
  among them); or
* ``u`` and another unmatched sibling have names that together make up the
  name of ``x``, a sibling that kept its name (``absorb.joint_name_absorptions``).

A child paired one to one from its content only here counts as matched in a
second reading of its unmatched parent's children (``_Finder.run``).

Connected components of edges become records: two or more units before and
one after is a merge, one before and several after a split, several on both
sides an n:m reorganisation (both types). A component of one unmatched unit
on each side is a plain match found from content. Every rule is symmetric.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..domain import Unit
from .absorb import joint_name_absorptions
from .blocking import rare_word_candidates
from .matching import children_index
from .normalize import sentences
from .similarity import FeatureCache, Features, containment, features, name_forms, words_of
from .unionfind import DisjointSets

COVER_THRESHOLD = 0.75  # share of a unit's words found on the other side ...
FAR_THRESHOLD = 0.90  # ... when the two units' parents do not correspond
SURVIVOR_THRESHOLD = 0.75  # share of the words a survivor gained (or lost)
MIN_NEW_WORDS = 3  # a survivor edge needs this many words not explained by its own match
MIN_LOST_WORDS = 4  # ... and a survivor that gave words away must have lost this many
GIVEN_THRESHOLD = 0.80  # share of a survivor's lost words found in the unmatched unit
COPY_THRESHOLD = 0.70  # a near copy of a survivor's other form, under the same parent
CONTENT_MATCH = 0.80  # a 1:1 component of two unmatched units is a match from this strength
CHILD_VOTES = 2
TAKEN_IN = 0.75  # share of a vanished unit's matched children that went to its absorber
CHILDREN_FOLLOWED = 0.85  # every matched child went to one unit: enough to pair the two
SENTENCE_STRENGTH = 0.90  # a whole description sentence carried over
JOINT_NAME = 0.90  # vanished units whose names make up a kept sibling's name
MAX_SIBLINGS = 60  # sibling copies are only looked for under parents this small
# blocking (blocking.rare_word_candidates): words held by at most RARE_DF units of
# the pool, each unit keeping its TOP_K best; wider than matching's, since a
# piece of a merge or split shares fewer words with its counterpart
RARE_DF = 40
TOP_K = 10


# A description's sentences, kept by text like the units' words (similarity):
# the same descriptions come back from one diff to the next.
_sentences_of = lru_cache(maxsize=65536)(sentences)


def _may_hold(words: frozenset[str], unit: Unit) -> bool:
    """Whether ``unit``'s content may hold COPY_THRESHOLD of ``words`` (False:
    it cannot), told without reading its words: each word of a plain ASCII
    text (a stem: the start of one of its words, lower case) is in the
    text's lower-case form, so the words found there bound those in common."""
    text = unit.name if unit.description is None else f"{unit.name} {unit.description}"
    if not words or not text.isascii():
        return True
    low = text.lower()
    return sum(1 for w in words if w in low) / len(words) >= COPY_THRESHOLD


@dataclass
class Group:
    """Units of both sides that were reorganised together."""

    before: list[str]
    after: list[str]
    strength: dict[str, float] = field(default_factory=dict)  # unit key -> coverage
    children_moved: int = 0
    survivors: list[tuple[str, str]] = field(default_factory=list)  # matched pairs absorbed
    kin: list[tuple[str, str]] = field(default_factory=list)  # piece -> unit it is named after


class _Finder:
    def __init__(
        self,
        before: Mapping[str, Unit],
        after: Mapping[str, Unit],
        partner_b: Mapping[str, str],
        partner_a: Mapping[str, str],
        unmatched_b: set[str],
        unmatched_a: set[str],
        children: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None,
        feats: FeatureCache | None = None,
    ) -> None:
        self.units = (before, after)
        self.partner = (partner_b, partner_a)
        self.unmatched = (unmatched_b, unmatched_a)
        self.children = children or (children_index(before), children_index(after))
        # matched pairs whose name or description changed, by before key
        self.changed: dict[str, str] = {
            b: a for b, a in partner_b.items()
            if (u := before[b]).description != (v := after[a]).description or u.name != v.name
        }
        self.changed_rev = {a: b for b, a in self.changed.items()}
        self._feat: FeatureCache = feats or ({}, {})
        self._words: tuple[dict[str, tuple[frozenset[str], frozenset[str]]],
                           dict[str, tuple[frozenset[str], frozenset[str]]]] = ({}, {})
        self._sentences: tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]] = ({}, {})
        # edges keyed ((side, key), (other side, key)) with side 0 = before
        self.edges: dict[tuple[tuple[int, str], tuple[int, str]], float] = {}
        self.votes: dict[tuple[tuple[int, str], tuple[int, str]], int] = defaultdict(int)
        self.weak: set[tuple[tuple[int, str], tuple[int, str]]] = set()
        # pairs found one to one from content by the first reading (``run``)
        self._late: tuple[dict[str, str], dict[str, str]] = ({}, {})

    def feat(self, side: int, key: str) -> Features:
        f = self._feat[side].get(key)
        if f is None:
            f = self._feat[side][key] = features(self.units[side][key])
        return f

    def words(self, side: int, key: str) -> tuple[frozenset[str], frozenset[str]]:
        """The unit's name tokens and content (``Features``), without reading
        the rest of its features when they were not read yet: most units
        here are only compared by their words."""
        f = self._feat[side].get(key)
        if f is not None:
            return f.name_tokens, f.content
        got = self._words[side].get(key)
        if got is None:
            got = self._words[side][key] = words_of(self.units[side][key])
        return got

    def _edge(self, side: int, u: str, x: str, strength: float, by_text: bool = False) -> None:
        """An edge; one found ``by_text`` between units of which one has no
        description rests on names alone: it may pair two units 1:1 but never
        makes a merge or split (see ``_components``)."""
        a, b = (side, u), (1 - side, x)
        pair = (a, b) if side == 0 else (b, a)
        weak = by_text and not (self._described(side, u) and self._described(1 - side, x))
        if weak and pair in self.edges and pair not in self.weak:
            return  # already known from stronger evidence
        if not weak:
            self.weak.discard(pair)
        elif pair not in self.edges:
            self.weak.add(pair)
        self.edges[pair] = max(strength, self.edges.get(pair, 0.0))

    def _described(self, side: int, key: str) -> bool:
        if self.units[side][key].description is None:
            return False
        if key in self.unmatched[side]:
            return True
        own = self.partner[side].get(key)  # a survivor: its other form too
        return own is None or self.units[1 - side][own].description is not None

    def content_strength(self, side: int, u: str, x: str) -> float:
        u_name, u_content = self.words(side, u)
        other = 1 - side
        if x in self.unmatched[other]:
            x_content = self.words(other, x)[1]
            return max(containment(u_content, x_content), containment(x_content, u_content))
        own_key = self.partner[other].get(x)
        if own_key is None:  # a curated event decided x: it takes no part in reorganisations
            return 0.0
        if (x if other == 0 else own_key) not in self.changed:
            # x kept its name and description: it gained and lost no words, so
            # only the near copy below can count, and its other form's words
            # (the same) need not be read (most siblings of a unit are like this)
            # (a sibling whose words were not read yet is first checked for the
            # words of u its text can hold at most: most cannot hold enough)
            if (x in self._words[other] or x in self._feat[other]
                    or _may_hold(u_content, self.units[other][x])):
                copy = containment(u_content, self.words(other, x)[1])
                return copy if copy >= COPY_THRESHOLD and self.near(side, u, x) else 0.0
            return 0.0
        # x is matched: compare u with what x gained (or lost) against its own match.
        x_content = self.words(other, x)[1]
        own_name, own = self.words(side, own_key)
        new_words = u_content - own
        gained = x_content - own
        new_name = u_name - own_name
        explained = containment(new_words, gained) if len(new_words) >= MIN_NEW_WORDS else 0.0
        if len(new_name) >= 2:
            explained = max(explained, (explained + containment(new_name, gained)) / 2)
        lost = own - x_content  # words the survivor gave away, all found in u?
        given = containment(lost, new_words) if len(lost) >= MIN_LOST_WORDS else 0.0
        # u is near a copy of x's other form, under the same parent: a piece of x
        copy = containment(u_content, x_content)
        same_parent = self.near(side, u, x)
        return max(
            explained,
            given if given >= GIVEN_THRESHOLD else 0.0,
            copy if copy >= COPY_THRESHOLD and same_parent else 0.0,
        )

    def became(self, side: int, key: str | None) -> str | None:
        """What ``key`` of ``side`` is matched to on the other side."""
        return None if key is None else self.partner[side].get(key)

    def run(self) -> list[Group]:
        for side in (0, 1):
            pool = self._pool(1 - side)
            self._content_edges(side, pool)
            self._sentence_edges(side, pool)
            self._sibling_edges(side)
            self._child_edges(side)
            self._joint_name_edges(side)
        groups = self._components()
        # A child paired only here, one to one from its content, is a matched
        # child for the rules on children too: they are read once more with
        # it when its parent is unmatched (INS's detention office, found in
        # ICE's only from its name, is the third of INS's bodies that went
        # elsewhere than the new BCIS).
        extra = self._content_pairs(groups)
        if extra[0]:
            self._late = extra
            edges = dict(self.edges)
            for side in (0, 1):
                parents = {self.units[side][k].parent for k in extra[side]}
                self._child_edges(side, [u for u in sorted(self.unmatched[side])
                                         if u in parents])
            if self.edges != edges:
                groups = self._components()
        return groups

    def _content_pairs(self, groups: list[Group]) -> tuple[dict[str, str], dict[str, str]]:
        """The one-to-one groups strong enough to pair their units (as
        ``diff`` pairs them) whose units sit under an unmatched parent, as
        partner maps (before -> after, after -> before); empty when none."""
        pairs: dict[str, str] = {}
        for g in groups:
            if (len(g.before) == 1 and len(g.after) == 1 and not g.survivors
                    and max(g.strength.values(), default=0.0) >= CONTENT_MATCH):
                b, a = g.before[0], g.after[0]
                pb, pa = self.units[0][b].parent, self.units[1][a].parent
                if (pb is not None and pb in self.unmatched[0]) or (
                        pa is not None and pa in self.unmatched[1]):
                    pairs[b] = a
        if not pairs:
            return {}, {}
        return pairs, {a: b for b, a in pairs.items()}

    def _joint_name_edges(self, side: int) -> None:
        """Two or more vanished units whose names make up the name of a sibling
        that kept it were taken in by it (``absorb.joint_name_absorptions``)."""
        other = 1 - side

        def roots() -> list[str]:
            return [k for k, u in self.units[other].items() if u.parent is None and u.parent_known]

        def names(which: int, key: str) -> tuple[str, frozenset[str]]:
            # the name alone: most of these units are siblings never read otherwise
            s = side if which == 0 else other
            f = self._feat[s].get(key)
            return (f.name, f.name_core) if f is not None else name_forms(self.units[s][key])

        for u, x in joint_name_absorptions(
                self.units[side], self.units[other], self.unmatched[side], self.partner[side],
                self.partner[other], self.children[other], roots, names):
            self._edge(side, u, x, JOINT_NAME)

    def _pool(self, side: int) -> list[str]:
        """Units of ``side`` that can take part: unmatched, or matched with changed text."""
        changed = self.changed if side == 0 else self.changed_rev
        return sorted([*self.unmatched[side], *changed])

    def sentences(self, side: int, key: str) -> frozenset[str]:
        cache = self._sentences[side]
        got = cache.get(key)
        if got is None:
            desc = self.units[side][key].description
            got = cache[key] = _sentences_of(desc) if desc is not None else frozenset()
        return got

    def _sentence_edges(self, side: int, pool: list[str]) -> None:
        """A description sentence of ``u`` carried over to a unit of the other side
        (and, for a matched unit, not kept by its own match)."""
        other = 1 - side
        index: dict[str, list[str]] = defaultdict(list)
        for k in pool:
            for sentence in self.sentences(other, k):
                index[sentence].append(k)
        for u in self.unmatched[side]:
            for sentence in self.sentences(side, u):
                for x in index.get(sentence, ()):
                    if x in self.unmatched[other]:
                        self._edge(side, u, x, SENTENCE_STRENGTH)
                    elif sentence not in self.sentences(side, self.partner[other][x]):
                        self._edge(side, u, x, SENTENCE_STRENGTH)
        # A sentence a matched unit lost (gained) that another unit gained (lost).
        for u, p in (self.changed if side == 0 else self.changed_rev).items():
            for sentence in self.sentences(side, u) - self.sentences(other, p):
                for x in index.get(sentence, ()):
                    if x != p and (
                        x in self.unmatched[other]
                        or sentence not in self.sentences(side, self.partner[other][x])
                    ):
                        self._edge(side, u, x, SENTENCE_STRENGTH)

    def _sibling_edges(self, side: int) -> None:
        """Near copies of a matched unit under the same parent (a split that kept a piece)."""
        other = 1 - side
        kids = self.children[other]
        for u in self.unmatched[side]:
            parent = self.became(side, self.units[side][u].parent)
            if parent is None:
                continue
            beside = kids.get(parent, ())
            if len(beside) > MAX_SIBLINGS:
                continue
            for x in beside:
                if x in self.partner[other]:
                    s = self.content_strength(side, u, x)
                    if s >= COPY_THRESHOLD:
                        self._edge(side, u, x, s, by_text=True)

    def _content_edges(self, side: int, pool: list[str]) -> None:
        other = 1 - side
        candidates = rare_word_candidates(
            {u: self.words(side, u)[1] for u in self.unmatched[side]},
            {k: self.words(other, k)[1] for k in pool},
            rare_df=RARE_DF, top_k=TOP_K, directed=True)
        for u, x in sorted(candidates):
            s = self.content_strength(side, u, x)
            threshold = COVER_THRESHOLD if x in self.unmatched[other] else SURVIVOR_THRESHOLD
            if s >= threshold and (s >= FAR_THRESHOLD or self.near(side, u, x)):
                self._edge(side, u, x, s, by_text=True)

    def near(self, side: int, u: str, x: str) -> bool:
        """Whether ``u``'s parent became ``x``'s parent (or both are roots); an
        unknown parent is no evidence that they are near."""
        uu, ux = self.units[side][u], self.units[1 - side][x]
        if not (uu.parent_known and ux.parent_known):
            return False
        up, xp = uu.parent, ux.parent
        if up is None or xp is None:
            return up == xp
        return self.became(side, up) == xp

    def _child_edges(self, side: int, only: list[str] | None = None) -> None:
        """Edges from where each unmatched unit's matched children went (or,
        given ``only``, those units' alone)."""
        other = 1 - side
        partner, late = self.partner[side], self._late[side]
        for u in (self.unmatched[side] if only is None else only):
            # (in the second reading, children paired from content count too)
            kids = [c for c in self.children[side].get(u, ()) if c in partner or c in late]
            if not kids:
                continue
            targets: dict[str, int] = defaultdict(int)
            for c in kids:
                p = self.units[other][partner.get(c) or late[c]].parent
                if p is not None:
                    targets[p] += 1
            # every matched child (two or more) went to new units, two or more
            # of them, none elsewhere: u was divided among them (a parent whose
            # children scatter to several new parents is a split)
            scattered = (len(kids) >= CHILD_VOTES and len(targets) >= 2
                         and sum(targets.values()) == len(kids)
                         and all(t in self.unmatched[other] for t in targets))
            # one matched child is all of them only when u had no other child
            only_child = len(kids) == len(self.children[side].get(u, ()))
            for x, n in targets.items():
                if scattered and n < CHILD_VOTES:
                    self._edge(side, u, x, COVER_THRESHOLD)
                    pair = ((side, u), (other, x)) if side == 0 else ((other, x), (side, u))
                    self.votes[pair] = n
                    continue
                if n >= CHILD_VOTES or (n == len(kids) and only_child):
                    s = self.content_strength(side, u, x)
                    # Two or more children that went to a new unit are evidence
                    # enough, whatever the names (BEIS's bodies to DSIT); one child,
                    # or a unit that already existed, also needs words in common.
                    new_home = n >= CHILD_VOTES and x in self.unmatched[other]
                    # ... or most of them (two or more) went to the unit that sat
                    # beside it or above it: that unit took it in
                    taken_in = (n >= CHILD_VOTES and n >= TAKEN_IN * len(kids)
                                and x not in self.unmatched[other] and self._beside(side, u, x))
                    if new_home or taken_in or s >= COVER_THRESHOLD / 2:
                        # every matched child went to x (and, for one, half the words): x is u
                        followed = n == len(kids)
                        self._edge(side, u, x, max(s, CHILDREN_FOLLOWED if followed
                                                   else COVER_THRESHOLD))
                        pair = ((side, u), (other, x)) if side == 0 else ((other, x), (side, u))
                        self.votes[pair] = n

    def _beside(self, side: int, u: str, x: str) -> bool:
        """Whether matched ``x`` of the other side was, in ``u``'s snapshot, ``u``'s
        sibling or ``u``'s parent."""
        own = self.partner[1 - side].get(x)
        if own is None:
            return False
        unit, was = self.units[side][u], self.units[side][own]
        if not (unit.parent_known and was.parent_known):
            return False
        # (two units at the top level sit beside each other: DFID's bodies went
        # to the FCDO, which was the FCO)
        return own == unit.parent or was.parent == unit.parent

    def _components(self) -> list[Group]:
        def node(n: tuple[int, str]) -> tuple[int, str]:
            # a matched unit stands for its pair: use its before-side key
            side, k = n
            if side == 1 and k not in self.unmatched[1]:
                return (0, self.partner[1][k])
            return n

        sets: DisjointSets[tuple[int, str]] = DisjointSets()
        for b, a in sorted(self.edges):
            if (b, a) not in self.weak:
                sets.union(node(b), node(a))
        # Names alone pair two units 1:1 when each is the other's only such
        # edge and neither is already part of a group; they never make one.
        grouped = {n for members in sets.sets() if len(members) > 1 for n in members}
        ends: dict[tuple[int, str], int] = defaultdict(int)
        for b, a in self.weak:
            ends[node(b)] += 1
            ends[node(a)] += 1
        kept = set()
        for b, a in sorted(self.weak):
            nb, na = node(b), node(a)
            if (ends[nb] == 1 == ends[na] and nb not in grouped and na not in grouped
                    and b[1] in self.unmatched[0] and a[1] in self.unmatched[1]):
                sets.union(nb, na)
                kept.add((b, a))
        # ... but they may attach an unmatched unit, whose only edge it is, to a
        # reorganisation that content or structure established beside it (a
        # piece of a split named after the unit it came from, not described).
        for b, a in sorted(self.weak):
            nb, na = node(b), node(a)
            for loose, fixed, unit in ((nb, na, b), (na, nb, a)):
                side, k = unit
                if (ends[loose] == 1 and loose not in grouped and fixed in grouped
                        and k in self.unmatched[side]
                        and self.near(side, k, (a if unit == b else b)[1])):
                    sets.union(loose, fixed)
                    kept.add((b, a))
        components = sets.sets()
        # each component's edges, in the order found (one pass over the edges,
        # not one per component: thousands of components at high churn)
        edges_of: dict[tuple[int, str], list[tuple[tuple[tuple[int, str], tuple[int, str]],
                                                   float]]] = defaultdict(list)
        for (b, a), s in self.edges.items():
            if (b, a) not in self.weak or (b, a) in kept:
                edges_of[sets.find(node(b))].append(((b, a), s))
        groups: list[Group] = []
        for members in components:
            root = sets.find(members[0])
            g = Group(before=[], after=[])
            for side, k in sorted(members):
                if side == 0 and k in self.unmatched[0]:
                    g.before.append(k)
                elif side == 1:
                    g.after.append(k)
                else:  # a survivor pair
                    g.before.append(k)
                    g.after.append(self.partner[0][k])
                    g.survivors.append((k, self.partner[0][k]))
            for (b, a), s in edges_of.get(root, ()):
                for side, k in (b, a):
                    key = f"{'before' if side == 0 else 'after'}:{k}"
                    g.strength[key] = round(max(s, g.strength.get(key, 0.0)), 3)
                g.children_moved += self.votes.get((b, a), 0)
            if not g.strength:
                continue
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
    children: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None,
    feats: FeatureCache | None = None,
) -> list[Group]:
    """Groups of units reorganised together (see the module docstring); ``feats``
    holds the units' Features already read (and takes those read here)."""
    return _Finder(
        before, after, partner_b, partner_a, unmatched_b, unmatched_a, children, feats
    ).run()
