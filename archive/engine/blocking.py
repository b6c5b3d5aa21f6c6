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

import heapq
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
        for k in sorted(a):
            weight: dict[str, int] = defaultdict(int)
            for t in a[k]:
                got = rare.get(t)
                if got is not None:
                    hits, w = got
                    for o in hits:
                        weight[o] += w
            # the top_k by weight, ties by key (all of them when there are no
            # more: most units share rare words with few others, and nsmallest
            # leaves the rest unsorted)
            best = weight.keys() if len(weight) <= top_k else [o for o, _ in heapq.nsmallest(
                top_k, weight.items(), key=lambda kv: (-kv[1], kv[0]))]
            out.update((o, k) if flip else (k, o) for o in best)
    return out


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
