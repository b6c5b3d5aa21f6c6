"""Matching the children of reorganised units (pure, no I/O).

Matching runs before merges and splits are known, so a unit whose parent was
merged, split or reorganised n:m looks as if it moved between two unrelated
parents, and a weak pair there is never taken (``assignment.in_place``).
Once ``reorg`` has found the reorganisation, its before units and its after
units are one place: the units gone from under the first and new under the
second are compared again as units gone and new under one parent are
(``parent_same``), with their rivals among them only, and a pair that is the
strict best of both its units is taken at the model's last bar. The U.S.
Border Patrol, under INS, and the Office of Border Patrol, under CBP, are one
unit once INS and Customs are known to have become BCIS, CBP and ICE.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .assignment import in_place, rival, some_evidence, strict_best, top_two
from .blocking import MAX_BLOCK
from .matching import Matcher
from .reorg import Group

# features that say where a pair sits: replaced by "one place" here
_PLACE = ("parent_same", "parent_differs", "moved_same_name", "parent_open",
          "grandparent_same", "grandparent_differs", "roots", "root_and_child",
          "sole_change", "churn")


def pairs_within(matcher: Matcher, groups: Iterable[Group]
                 ) -> list[tuple[str, str, float, dict[str, float]]]:
    """(before key, after key, probability, features) of each pair taken among
    the unmatched children of each reorganisation of two or more units."""
    in_groups_b = set()
    in_groups_a = set()
    todo = []
    for g in groups:
        in_groups_b.update(g.before)
        in_groups_a.update(g.after)
        if len(g.before) + len(g.after) > 2:
            todo.append(g)
    model = matcher.model
    w_margin = model.weights.get("rival_margin", 0.0)
    w_none = model.weights.get("no_rival", 0.0)
    out = []
    for g in todo:
        gone = [c for p in g.before for c in matcher.b.children.get(p, ())
                if c in matcher.b.unmatched and c not in in_groups_b]
        new = [c for p in g.after for c in matcher.a.children.get(p, ())
               if c in matcher.a.unmatched and c not in in_groups_a]
        if not gone or not new or len(gone) * len(new) > MAX_BLOCK:
            continue
        churn = math.log(len(gone) * len(new))
        own: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}  # logit, features
        for b in sorted(gone):
            for a in sorted(new):
                x = {k: v for k, v in matcher.pair_features(b, a, {}).items()
                     if k not in _PLACE}
                x["parent_same"] = 1.0
                if len(gone) == 1 and len(new) == 1:
                    x["sole_change"] = 1.0
                x["churn"] = churn
                own[(b, a)] = (model.logit(x), x)
        # the rival terms, as matching's ranking adds them, among these pairs only
        probs = {p: model.probability(z) for p, (z, _) in own.items()}
        top_b, top_a = top_two(probs, 0), top_two(probs, 1)
        final: dict[tuple[str, str], float] = {}
        for (b, a), (z, x) in own.items():
            rb, ra = rival(top_b[b], a), rival(top_a[a], b)
            if rb is None and ra is None:
                x["rival_margin"] = probs[(b, a)]
                x["no_rival"] = 1.0
                final[(b, a)] = z + w_margin * x["rival_margin"] + w_none
            else:
                x["rival_margin"] = probs[(b, a)] - max(r for r in (rb, ra) if r is not None)
                final[(b, a)] = z + w_margin * x["rival_margin"]
        best_b, best_a = top_two(final, 0), top_two(final, 1)
        for (b, a), z in sorted(final.items()):
            x = own[(b, a)][1]
            prob = model.probability(z)
            if prob < model.accept or not some_evidence(x) or not in_place(x):
                continue
            if strict_best(best_b[b], a) and strict_best(best_a[a], b):
                out.append((b, a, prob, x))
    return out
