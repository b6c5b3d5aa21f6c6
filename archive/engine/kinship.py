"""n:m reorganisations told by names: a piece that took its name from a
reorganised sibling (pure, no I/O).

When one unit is split while another is merged into one of the pieces, the
merged-in unit's text often sits in that piece, so content alone pairs the two
1:1 (a "rename" to a name that has nothing of the old one), while the unit that
was split pairs with (or splits into) the piece's siblings. What ties the
piece to the split unit is its *name*: pieces are usually named after the
unit they came from ("Birmingham Quality Safety Team" → "Birmingham Quality
Child Team" and "Birmingham Quality Maritime Team").

So a 1:1 pair found by similarity or content, ``q`` ↔ ``p``, joins the record
of a unit ``x`` on ``q``'s side when

* ``p``'s name is far from ``q``'s (below OWN_NAME_MAX),
* ``p``'s name is close to ``x``'s (at least KIN_NAME, and KIN_MARGIN above
  ``q``'s), and
* ``x``'s record (a changed matched pair, a merge or a split) holds a sibling
  of ``p`` on ``p``'s side: the reorganisation happened under one parent.

The joined record is an n:m reorganisation (``merged`` and ``split``). The
rule looks at both sides the same way, so ``diff B A`` mirrors ``diff A B``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..domain import Unit
from .reorg import CONTENT_MATCH, MAX_SIBLINGS, Group
from .similarity import (
    FeatureCache,
    Features,
    contained,
    containment,
    core_word_dice,
    features,
)
from .similarity import name_similarity as _char_similarity
from .unionfind import DisjointSets

OWN_NAME_MAX = 0.50  # a pair whose names are this far apart may be a piece of something else
KIN_NAME = 0.50  # the piece's name is at least this close to the sibling-record unit's name
KIN_MARGIN = 0.15  # ... and closer than to its own counterpart by this much
MIN_EXTRA_WORDS = 3  # the piece has at least this many words its counterpart lacks ...
KIN_CONTENT = 0.50  # ... and at least this share of them is found in the unit it is named after
ADOPTABLE_STAGES = frozenset({"similarity", "content"})  # exact stages are never re-read


class _Record:
    """One record of the other stages: a group, or a matched pair."""

    def __init__(self, group: Group, pair_stage: str | None, reworded: bool = True) -> None:
        self.group = group
        self.pair_stage = pair_stage  # None for a merge/split/content group
        self.reworded = reworded  # a group, or a pair whose name or description changed


class _Records:
    """The records units belong to; matched pairs become records only when
    looked up, so the cost follows the few candidates, not every pair."""

    def __init__(
        self,
        units: tuple[Mapping[str, Unit], Mapping[str, Unit]],
        partner: tuple[Mapping[str, str], Mapping[str, str]],
        stages: Mapping[str, str],
        weak: frozenset[str] = frozenset(),
    ) -> None:
        self.units, self.partner, self.stages = units, partner, stages
        self.weak = weak
        self.items: list[_Record] = []
        self.owner: tuple[dict[str, int], dict[str, int]] = ({}, {})

    def add(self, rec: _Record) -> int:
        i = len(self.items)
        for side, keys in ((0, rec.group.before), (1, rec.group.after)):
            for k in keys:
                self.owner[side][k] = i
        self.items.append(rec)
        return i

    def of(self, side: int, key: str) -> int | None:
        """The record holding ``key`` of ``side``, or None (unmatched, or an unchanged pair)."""
        i = self.owner[side].get(key)
        if i is not None:
            return i
        a = self.partner[side].get(key)
        if a is None:
            return None
        b, a = (key, a) if side == 0 else (a, key)
        u, v = self.units[0][b], self.units[1][a]
        if u == v or b in self.weak:  # a weak pair is not built upon
            return None
        reworded = u.name != v.name or u.description != v.description
        return self.add(_Record(Group(before=[b], after=[a]), self.stages.get(b, "key"), reworded))


def join_kin_pieces(
    before: Mapping[str, Unit],
    after: Mapping[str, Unit],
    groups: list[Group],
    partner: tuple[Mapping[str, str], Mapping[str, str]],
    stages: Mapping[str, str],
    children: tuple[Mapping[str, list[str]], Mapping[str, list[str]]],
    feats: FeatureCache | None = None,
    weak: frozenset[str] = frozenset(),
) -> list[Group]:
    """``groups`` (from ``reorg``) with the records the rule above joins.

    ``partner`` gives the non-curated matched pairs (before -> after, after ->
    before); ``stages`` the stage that matched each pair not matched by key
    (``name``, ``alias``, ``similarity``), by before key. ``weak`` names (by
    before key) the pairs matching took as less likely than not, in place
    (``assignment.MORE_LIKELY``): such a pair is neither re-read as a piece nor
    the record a piece joins, since a reorganisation resting on it would rest
    on a guess. A matched pair drawn into a group is listed among the group's
    ``survivors``; the caller drops it from the plain pairs.
    """
    units = (before, after)
    records = _Records(units, partner, stages, weak)
    candidates: list[int] = []
    for g in groups:
        if len(g.before) == 1 == len(g.after):
            if max(g.strength.values(), default=0.0) < CONTENT_MATCH:
                continue  # too weak to be a pair: both stay unmatched
            candidates.append(records.add(_Record(g, "content")))
        else:
            records.add(_Record(g, None))
    for b in sorted(stages):
        if stages[b] in ADOPTABLE_STAGES and b in partner[0] and b not in records.owner[0]:
            i = records.of(0, b)
            if i is not None:
                candidates.append(i)

    cache: FeatureCache = feats or ({}, {})

    def feat(side: int, key: str) -> Features:
        f = cache[side].get(key)
        if f is None:
            f = cache[side][key] = features(units[side][key])
        return f

    links: list[tuple[int, int]] = []
    kin: dict[int, list[tuple[int, str, str, float]]] = {}
    for i in candidates:
        rec = records.items[i]
        for side in (0, 1):
            found = _kin_of(i, side, rec, records, units, children, feat)
            if found is None:
                continue
            j, x, score = found
            kin.setdefault(i, []).append((side, x, (rec.group.before, rec.group.after)[side][0],
                                          score))
            links.append((i, j))

    sets: DisjointSets[int] = DisjointSets(range(len(records.items)))
    for i, j in links:
        sets.union(i, j)
    members = {ids[0]: ids for ids in sets.sets()}
    out: list[Group] = []
    for root in sorted(members):
        ids = members[root]
        if len(ids) == 1:
            if records.items[root].pair_stage in (None, "content"):
                out.append(records.items[root].group)
            continue
        out.append(_joined([records.items[i] for i in ids],
                           [k for i in ids for k in kin.get(i, [])]))
    return out


NAME_CONTAINED = 0.85  # a name whose every core word is in the other counts this alike


def name_similarity(x: Features, y: Features) -> float:
    """Character similarity of the core words, or NAME_CONTAINED when one name's
    core words all occur in the other."""
    s = _char_similarity(x, y)
    return max(s, NAME_CONTAINED) if contained(x, y) else s


def kin_similarity(x: Features, y: Features) -> float:
    """How much a piece's name looks taken from another: alike in characters
    or in words, whichever is higher."""
    return max(name_similarity(x, y), core_word_dice(x, y))


def own_similarity(x: Features, y: Features) -> float:
    """How much a pair's names look alike: in characters *and* in words (the
    lower of the two), since unrelated short names can be half alike in
    characters ("Communications Protection" ~ "Workforce Adjudication" 0.51)."""
    return min(name_similarity(x, y), core_word_dice(x, y))


def _kin_of(
    i: int,
    side: int,
    rec: _Record,
    records: _Records,
    units: tuple[Mapping[str, Unit], Mapping[str, Unit]],
    children: tuple[Mapping[str, list[str]], Mapping[str, list[str]]],
    feat: Callable[[int, str], Features],
) -> tuple[int, str, float] | None:
    """The record and unit whose name the ``side`` unit of pair ``rec`` took,
    with the name similarity, or None."""
    other = 1 - side
    p = (rec.group.before, rec.group.after)[side][0]
    q = (rec.group.before, rec.group.after)[other][0]
    fp, fq = feat(side, p), feat(other, q)
    own = own_similarity(fq, fp)
    if own >= OWN_NAME_MAX:
        return None
    extra = fp.content - fq.content  # what the piece has that its counterpart lacks
    if len(extra) < MIN_EXTRA_WORDS:
        return None
    up = units[side][p].parent
    sibs = children[side].get(up, ()) if up is not None else ()
    if len(sibs) > MAX_SIBLINGS:
        return None
    best: tuple[float, str, int] | None = None
    for y in sibs:
        if y == p:
            continue
        j = records.of(side, y)
        if j is None or j == i or not records.items[j].reworded:
            continue
        for x in (records.items[j].group.before, records.items[j].group.after)[other]:
            fx = feat(other, x)
            if containment(extra, fx.content) < KIN_CONTENT:
                continue
            s = kin_similarity(fx, fp)
            if best is None or (s, x) > (best[0], best[1]):
                best = (s, x, j)
    if best is None or best[0] < KIN_NAME or best[0] < own + KIN_MARGIN:
        return None
    return best[2], best[1], best[0]


def _joined(recs: list[_Record], kin: list[tuple[int, str, str, float]]) -> Group:
    g = Group(before=[], after=[])
    for rec in recs:
        g.before += rec.group.before
        g.after += rec.group.after
        g.strength.update(rec.group.strength)
        g.children_moved += rec.group.children_moved
        g.survivors += rec.group.survivors
        if rec.pair_stage not in (None, "content"):
            g.survivors.append((rec.group.before[0], rec.group.after[0]))
    for side, x, p, score in kin:
        names = ("before", "after")
        g.kin.append((f"{names[side]}:{p}", f"{names[1 - side]}:{x}"))
        key = f"{names[side]}:{p}"
        g.strength[key] = round(max(score, g.strength.get(key, 0.0)), 3)
    g.before.sort()
    g.after.sort()
    g.survivors.sort()
    g.kin.sort()
    return g
