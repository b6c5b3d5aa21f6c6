"""Which pairs of units are worth scoring (blocking): never all pairs.

The one copy of candidate selection, for matching and for merges and splits:

* ``rare_word_candidates``: units sharing rare words (held by at most
  ``RARE_DF`` units of the pool), each unit keeping its ``TOP_K`` best;
* ``same_value_candidates``: the same normalised name or acronym, or one's
  acronym equal to the other's name;
* structure, in ``matching``: the units gone and new under one parent, and the
  new parent of a unit's matched children.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

RARE_DF = 30  # a word held by more units of the other side than this blocks nothing
TOP_K = 8  # each unit keeps this many candidates by shared rare words
MAX_BLOCK = 400  # a block (same value, same parent) of more pairs than this is not paired


def rare_word_candidates(
    side: Mapping[str, frozenset[str]],
    other: Mapping[str, frozenset[str]],
    *,
    rare_df: int = RARE_DF,
    top_k: int = TOP_K,
    directed: bool = False,
) -> set[tuple[str, str]]:
    """(side key, other key) pairs sharing rare words, each side key keeping its
    ``top_k`` best by the sum of 1/df over the shared words, and (unless
    ``directed``) each other key its ``top_k`` best the same way.

    The sums are exact: 1/df is counted in units of 1/lcm(1..rare_df), an
    integer, so the order a unit's words come in (a set's, which follows the
    string hashes) cannot move a sum, and equal sums are ties broken by key."""
    out: set[tuple[str, str]] = set()
    scale = math.lcm(*range(1, rare_df + 1))  # 1/df == (scale // df) / scale, exactly
    ways = ((side, other, False),) if directed else ((side, other, False), (other, side, True))
    for a, b, flip in ways:
        index: dict[str, list[str]] = defaultdict(list)
        for k in sorted(b):
            for t in b[k]:
                index[t].append(k)
        # each rare word's holders and what sharing it weighs (1/df), worked out once
        rare = {t: (hits, scale // len(hits)) for t, hits in index.items()
                if len(hits) <= rare_df}
        find = rare.get
        for k, words in a.items():  # each unit's candidates are its own: any order
            found = [got for t in words if (got := find(t)) is not None]
            if not found:
                continue
            if len(found) == 1:  # one rare word (often): its holders weigh the same,
                hits = found[0][0]  # and they are in key order already
                best: Iterable[str] = hits if len(hits) <= top_k else hits[:top_k]
            else:
                weight: dict[str, int] = {}
                add = weight.get
                for hits, w in found:
                    for o in hits:
                        weight[o] = add(o, 0) + w
                # the top_k by weight, ties by key (all of them when there are
                # no more: most units share rare words with few others)
                best = weight.keys() if len(weight) <= top_k else _top(weight, top_k)
            if flip:
                out.update((o, k) for o in best)
            else:
                out.update((k, o) for o in best)
    return out


def _top(weight: dict[str, int], k: int) -> list[str]:
    """The ``k`` keys of highest weight, ties by key (``sorted`` by (-weight,
    key), first ``k``): the k-th weight found by sorting the weights alone
    (integers), then only the keys at that weight sorted."""
    cut = sorted(weight.values(), reverse=True)[k - 1]
    best = [o for o, w in weight.items() if w > cut]
    if len(best) < k:
        best += sorted([o for o, w in weight.items() if w == cut])[:k - len(best)]
    return best


def same_value_candidates(
    side: Iterable[str],
    other: Iterable[str],
    values: Callable[[int, str], Iterable[str]],
    *,
    max_block: int = MAX_BLOCK,
) -> set[tuple[str, str]]:
    """(side key, other key) pairs that share a value; ``values(0, key)`` and
    ``values(1, key)`` give each unit's values (name, acronym...)."""
    ia: dict[str, list[str]] = defaultdict(list)
    ib: dict[str, list[str]] = defaultdict(list)
    for k in side:
        for v in set(values(0, k)):
            ia[v].append(k)
    for k in other:
        for v in set(values(1, k)):
            ib[v].append(k)
    out: set[tuple[str, str]] = set()
    for v, ks in ia.items():
        os_ = ib.get(v)
        if os_ and len(ks) * len(os_) <= max_block:
            out.update((k, o) for k in ks for o in os_)
    return out
