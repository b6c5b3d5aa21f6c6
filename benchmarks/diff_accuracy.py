"""Accuracy of the diff engine on synthetic reorganisations with known truth.

Prints precision, recall and F1 per change type over several seeds at each
churn rate:

    python benchmarks/diff_accuracy.py --units 5000 --seeds 1 2 3 4 5 --churn 0.01 0.05
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import DEFAULT_RATES, TruthRecord, make_snapshot, reorganise, undescribe  # noqa: E402

from orgarchive.domain import CHANGE_TYPES, Diff, Snapshot  # noqa: E402
from orgarchive.engine.classify import changed_fields  # noqa: E402
from orgarchive.engine.diff import diff_snapshots  # noqa: E402

Item = tuple[str, tuple[str, ...], tuple[str, ...]]


def predicted(diff: Diff) -> set[Item]:
    out: set[Item] = set()
    for c in diff.changes:
        b = tuple(sorted(u.key for u in c.before))
        a = tuple(sorted(u.key for u in c.after))
        out.update((t, b, a) for t in c.types)
    return out


def expected(truth: list[TruthRecord]) -> set[Item]:
    return {(t, r.before, tuple(sorted(r.after))) for r in truth for t in r.types}


def observable(truth: list[TruthRecord], before: Snapshot, after: Snapshot) -> list[TruthRecord]:
    """The truth less what left-out descriptions hide: a unit whose description
    was edited, undescribed on either side, shows no such change (SPEC §3: an
    absent field is unknown, not empty). A pair whose only change was that is
    no change at all; a renamed or moved pair is still renamed or moved, but no
    longer ``modified`` (its name is not content: ``classify`` reads a new name
    as ``renamed``)."""
    bm, am = before.unit_map(), after.unit_map()
    out = []
    for r in truth:
        if "modified" in r.types and len(r.before) == 1 == len(r.after):
            fields = set(changed_fields(bm[r.before[0]], am[r.after[0]]))
            if "renamed" in r.types:
                fields -= {"name", "acronym"}
            if not fields:
                r = TruthRecord(r.types - {"modified"}, r.before, r.after)
                if not r.types:
                    continue
        out.append(r)
    return out


def names_only(truth: list[TruthRecord], before: Snapshot, after: Snapshot
               ) -> list[TruthRecord]:
    """The merges, splits and renames-with-a-move that only names tie together.

    The generator ties each piece of a merge or split to the unit it came from
    by a description sentence and by the children it takes along, and names
    most pieces after that unit. A piece is *tied* to a unit of the other side
    of its record when it keeps its key, when both have a description (the
    generator always carries a sentence over), or when a child of the before
    unit is under the after unit. A record whose units are not all connected
    by such ties can only be read from names, and a name alike is no evidence
    of a reorganisation on real material (a new sibling named like an old one
    is usually an addition: "Online Procedure Rule Committee"); those records
    are scored apart. So is a unit renamed and moved at once with no such tie:
    what is left of it is half a name in another part of the tree (the real
    case: ICE's Office of International Affairs, renamed and moved under HSI).
    """
    bm, am = before.unit_map(), after.unit_map()
    ident = {k: k for k in bm.keys() & am.keys()}
    ident.update((r.before[0], r.after[0]) for r in truth
                 if len(r.before) == 1 == len(r.after))
    after_parent = {b: am[a].parent for b, a in ident.items() if a in am}
    kids: dict[str, list[str]] = {}
    for u in bm.values():
        if u.parent is not None:
            kids.setdefault(u.parent, []).append(u.key)
    out = []
    for r in truth:
        if len(r.before) == 1 == len(r.after) and not {"renamed", "moved"} <= r.types:
            continue  # a rename in place keeps its position; a move keeps its name
        nodes = [(0, k) for k in r.before] + [(1, k) for k in r.after]
        seen = {nodes[0]}
        todo = [nodes[0]]
        while todo:
            side, k = todo.pop()
            for n in nodes:
                if n in seen or n[0] == side:
                    continue
                b, a = (k, n[1]) if side == 0 else (n[1], k)
                tied = (b == a or (bm[b].description is not None
                                   and am[a].description is not None)
                        or any(after_parent.get(c) == a for c in kids.get(b, ())))
                if tied:
                    seen.add(n)
                    todo.append(n)
        if len(seen) < len(nodes):
            out.append(r)
    return out


Tallies = tuple[Counter[str], Counter[str], Counter[str]]


def score(units: int, seeds: list[int], churn: float, verbose: bool = False,
          rates: dict[str, float] | None = None, undescribed: float = 0.0,
          knowable: bool = False) -> dict[str, float]:
    """F1 per type over the seeds (printed, and returned). With left-out
    descriptions a second table scores only what structure and content can
    show: the units of records tied by names alone (``names_only``) are left
    out of the truth and of the engine's records; ``knowable`` returns that
    table's figures instead of the first's."""
    every: Tallies = (Counter(), Counter(), Counter())
    shown: Tallies = (Counter(), Counter(), Counter())
    hidden_records = 0
    for seed in seeds:
        before = make_snapshot(units, seed)
        after, truth = reorganise(before, churn, seed, rates)
        before, after = undescribe(before, undescribed), undescribe(after, undescribed)
        truth = observable(truth, before, after)
        hidden = names_only(truth, before, after) if undescribed else []
        hidden_records += len(hidden)
        gone = ({k for r in hidden for k in r.before}, {k for r in hidden for k in r.after})
        got, want = predicted(diff_snapshots(before, after)), expected(truth)
        _tally(every, got, want, verbose)
        if undescribed:
            _tally(shown, _visible(got, gone), _visible(want, gone), False)
    print(f"\nchurn {churn:.0%}, {units} units, seeds {seeds}, {undescribed:.0%} undescribed")
    f1s = _table(every)
    if undescribed:
        print(f"\nleaving out the {hidden_records} merges, splits and renames with a move "
              "that only names tie together:")
        shown_f1s = _table(shown)
        if knowable:
            return shown_f1s
    return f1s


def _visible(items: set[Item], gone: tuple[set[str], set[str]]) -> set[Item]:
    return {i for i in items if not (set(i[1]) & gone[0] or set(i[2]) & gone[1])}


def _tally(t: Tallies, got: set[Item], want: set[Item], verbose: bool) -> None:
    tp, fp, fn = t
    for kind, *_ in got & want:
        tp[kind] += 1
    for item in got - want:
        fp[item[0]] += 1
        if verbose:
            print("  false positive", item)
    for item in want - got:
        fn[item[0]] += 1
        if verbose:
            print("  missed", item)


def _table(t: Tallies) -> dict[str, float]:
    tp, fp, fn = t
    print(f"{'type':10} {'true':>6} {'found':>6} {'precision':>9} {'recall':>7} {'F1':>6}")
    f1s: dict[str, float] = {}
    for k in CHANGE_TYPES:
        p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 1.0
        r = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        f1s[k] = f1
        print(f"{k:10} {tp[k] + fn[k]:6d} {tp[k] + fp[k]:6d} {p:9.3f} {r:7.3f} {f1:6.3f}")
    return f1s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--churn", type=float, nargs="+", default=[0.01, 0.05])
    parser.add_argument("--undescribed", type=float, default=0.0,
                        help="share of units whose description is left out (0.3 = 30%%)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    parser.add_argument("--without", nargs="*", default=[], choices=sorted(DEFAULT_RATES),
                        help="leave these kinds of change out of the reorganisations")
    args = parser.parse_args()
    rates = {k: v for k, v in DEFAULT_RATES.items() if k not in args.without}
    for churn in args.churn:
        score(args.units, args.seeds, churn, args.verbose, rates, args.undescribed)


if __name__ == "__main__":
    main()
