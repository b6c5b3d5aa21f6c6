"""Synthetic agency trees and reorganisations with known ground truth.

``make_snapshot(n, seed)`` (from ``synth_agency.py``) builds a realistic
agency: directorates over offices over divisions over branches, programs and
centers, with acronyms and descriptions. ``reorganise(snapshot, churn, seed)``
applies each kind of change at a chosen rate and returns the new snapshot and
the true change records, for the accuracy benchmark.

    python benchmarks/synth.py --units 100000 --seed 1 -o /tmp/x.json
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import timedelta

from synth_agency import (  # benchmarks/ is a folder of scripts, not a package
    FUNCTIONS,
    KINDS_BY_DEPTH,
    OBJECTS,
    PURPOSES,
    SMALL_WORDS,
    TOPICS,
    VERBS,
    _fields,
    _Namer,
    _write,
    acronym_of,
    check_tree,
    make_description,
    make_snapshot,
    undescribe,
)

__all__ = ["DEFAULT_RATES", "TruthRecord", "_write", "make_snapshot", "reorganise", "undescribe"]

from orgarchive.domain import Snapshot, Unit


@dataclass(frozen=True)
class TruthRecord:
    """One true change: its types and the keys before and after."""

    types: frozenset[str]
    before: tuple[str, ...]
    after: tuple[str, ...]


DEFAULT_RATES: dict[str, float] = {
    # share of the churned units that take part in each kind of change
    "renamed": 0.16,  # new key, partly new wording, often a new acronym
    "renamed_same_key": 0.05,
    "renamed_moved": 0.04,
    "moved": 0.15,
    "modified": 0.18,
    "added": 0.12,
    "removed": 0.10,
    "merged": 0.08,  # half of them absorbed into a survivor that keeps its key
    "split": 0.08,  # a third of them keep the key on one piece
    "nm": 0.04,  # one unit split while another merges into one of the pieces
}


def _sentences(text: str | None) -> list[str]:
    return [s.strip() + "." for s in (text or "").split(".") if s.strip()]


class _Reorganiser:
    def __init__(self, snapshot: Snapshot, seed: int) -> None:
        self.rng = random.Random(seed * 7919 + 17)
        self.units: dict[str, Unit] = snapshot.unit_map()
        self.namer = _Namer(self.rng, snapshot.units)
        self.children: dict[str, list[str]] = {}
        for u in snapshot.units:
            if u.parent is not None:
                self.children.setdefault(u.parent, []).append(u.key)
        self.depth: dict[str, int] = {}
        for u in snapshot.units:  # any order: a reorganised snapshot is sorted by key
            self._depth_of(u.key)
        self.touched: set[str] = set()
        self.anchors: set[str] = set()  # units other changes rely on: never removed
        self.truth: list[TruthRecord] = []
        self.renames: dict[str, str] = {}  # old key -> new key, applied at the end
        self.order = [u.key for u in snapshot.units if u.parent is not None]
        self.rng.shuffle(self.order)
        self.cursor = 0

    def _depth_of(self, key: str) -> int:
        path: list[str] = []
        cur: str | None = key
        while cur is not None and cur not in self.depth:
            path.append(cur)
            cur = self.units[cur].parent
        depth = -1 if cur is None else self.depth[cur]
        for k in reversed(path):
            depth += 1
            self.depth[k] = depth
        return self.depth[key]

    def kids(self, key: str) -> list[str]:
        """The units now under ``key`` (the index may hold stale or repeated entries)."""
        out = [c for c in self.children.get(key, []) if c in self.units
               and self.units[c].parent == key]
        return list(dict.fromkeys(out))

    def place(self, unit: Unit) -> None:
        """Put ``unit`` in the new tree, keeping the children index true, so a
        later change that removes its parent takes it along."""
        old = self.units.get(unit.key)
        self.units[unit.key] = unit
        if unit.parent is not None and (old is None or old.parent != unit.parent):
            self.children.setdefault(unit.parent, []).append(unit.key)

    # -- picking units -----------------------------------------------------
    def _free(self, k: str) -> bool:
        return k not in self.touched and k not in self.anchors

    def pick(self, leaf: bool = False) -> str | None:
        while self.cursor < len(self.order):
            k = self.order[self.cursor]
            self.cursor += 1
            if self._free(k) and (not leaf or not self.children.get(k)):
                if k in self.units and self.units[k].parent in self.units:
                    self.touched.add(k)
                    return k
        return None

    def siblings(self, k: str, n: int) -> list[str]:
        parent = self.units[k].parent
        pool = [c for c in self.children.get(parent or "", []) if c != k and self._free(c)]
        self.rng.shuffle(pool)
        chosen = pool[:n]
        self.touched.update(chosen)
        return chosen

    # -- wording -----------------------------------------------------------
    def reword(self, name: str) -> str:
        words = name.split()
        spots = [i for i, w in enumerate(words) if w.lower() not in SMALL_WORDS
                 and w not in ("Office", "Division", "Program", "Center", "Branch", "Unit",
                               "Section", "Team", "Directorate")]
        if not spots:
            return name + " Operations"
        i = self.rng.choice(spots)
        pool = FUNCTIONS if words[i] in FUNCTIONS else TOPICS
        words[i] = self.rng.choice([w for w in pool if w != words[i]])
        return " ".join(words)

    def edit_description(self, text: str | None) -> str:
        sentences = _sentences(text)
        new = f"{self.rng.choice(VERBS)} {self.rng.choice(TOPICS).lower()} " \
              f"{self.rng.choice(OBJECTS)} {self.rng.choice(PURPOSES)}."
        if len(sentences) > 1 and self.rng.random() < 0.5:
            sentences[self.rng.randrange(1, len(sentences))] = new
        else:
            sentences.append(new)
        return " ".join(sentences)

    def new_unit(self, kind: str | None, parent: str | None, name: str, desc: str) -> Unit:
        acronym = acronym_of(name)
        return Unit(key=self.namer.key(acronym), name=name, acronym=acronym, kind=kind,
                    parent=parent, description=desc)

    def reparent(self, kids: list[str], parent: str) -> None:
        for c in kids:
            self.place(Unit(**{**_fields(self.units[c]), "parent": parent}))

    def record(self, types: set[str], before: list[str], after: list[str]) -> None:
        self.truth.append(TruthRecord(frozenset(types), tuple(sorted(before)), tuple(after)))

    # -- kinds of change ---------------------------------------------------
    def rename(self, keep_key: bool, move: bool) -> None:
        k = self.pick()
        if k is None:
            return
        u = self.units[k]
        name = self.reword(u.name)
        acronym = acronym_of(name) if self.rng.random() < 0.8 else u.acronym
        types = {"renamed"}
        desc = u.description
        if self.rng.random() < 0.4:
            desc = self.edit_description(desc)
            types.add("modified")
        parent = u.parent
        if move:
            target = self.move_target(k)
            if target is None:
                return
            parent = target
            types.add("moved")
        self.place(Unit(**{**_fields(u), "name": name, "acronym": acronym,
                           "description": desc, "parent": parent}))
        if not keep_key:
            self.renames[k] = self.namer.key(acronym or "u")
        self.record(types, [k], [k])

    def move_target(self, k: str) -> str | None:
        u = self.units[k]
        want = self.depth[k] - 1
        for _ in range(50):
            cand = self.rng.choice(self.order)
            if (cand in self.units and self.depth.get(cand) == want and cand != u.parent
                    and cand not in self.touched and not self._descends(cand, k)):
                self.anchors.add(cand)
                return cand
        return None

    def _descends(self, k: str, ancestor: str) -> bool:
        seen = 0
        cur: str | None = k
        while cur is not None and seen < 64:
            if cur == ancestor:
                return True
            cur = self.units[cur].parent if cur in self.units else None
            seen += 1
        return False

    def move(self) -> None:
        k = self.pick()
        if k is None:
            return
        target = self.move_target(k)
        if target is None:
            return
        self.place(Unit(**{**_fields(self.units[k]), "parent": target}))
        self.record({"moved"}, [k], [k])

    def modify(self) -> None:
        k = self.pick()
        if k is None:
            return
        u = self.units[k]
        change: dict[str, object] = {"description": self.edit_description(u.description)}
        if self.rng.random() < 0.15:
            change["kind"] = self.rng.choice([x for x in ("program", "center", "branch", "unit")
                                              if x != u.kind])
        self.units[k] = Unit(**{**_fields(u), **change})
        self.record({"modified"}, [k], [k])

    def add(self) -> None:
        parent = self.rng.choice(self.order)
        while parent not in self.units or self.depth.get(parent, 9) > 3:
            parent = self.rng.choice(self.order)
        self.anchors.add(parent)
        kinds = KINDS_BY_DEPTH[min(self.depth.get(parent, 0) + 1, len(KINDS_BY_DEPTH) - 1)]
        kind = self.rng.choice(kinds)
        name = self.namer.name(kind)
        u = self.new_unit(kind, parent, name, make_description(self.rng, name))
        self.place(u)
        self.touched.add(u.key)
        self.record({"added"}, [], [u.key])

    def remove(self) -> None:
        k = self.pick(leaf=True)
        if k is None:
            return
        del self.units[k]
        self.record({"removed"}, [k], [])

    def merge(self) -> None:
        k = self.pick()
        if k is None:
            return
        others = self.siblings(k, self.rng.choice((1, 1, 2)))
        if not others:
            return
        parts = [k, *others]
        absorb = self.rng.random() < 0.5
        first = [_sentences(self.units[p].description)[:1] for p in parts]
        kids = [c for p in parts for c in self.kids(p)]
        if absorb:
            base = self.units[k]
            desc = " ".join(_sentences(base.description) + [s for f in first[1:] for s in f])
            merged = Unit(**{**_fields(base), "description": desc})
            gone = others
        else:
            base = self.units[k]
            name = self.reword(base.name)
            merged = self.new_unit(base.kind, base.parent, name,
                                   " ".join(s for f in first for s in f))
            gone = parts
        for p in gone:
            del self.units[p]
        self.place(merged)
        self.reparent([c for c in kids if c != merged.key], merged.key)
        self.touched.add(merged.key)
        self.record({"merged"}, parts, [merged.key])

    def split(self, extra: str | None = None) -> tuple[str, list[str]] | None:
        k = self.pick()
        if k is None:
            return None
        u = self.units[k]
        sentences = _sentences(u.description)
        n = self.rng.choice((2, 2, 3))
        keep = extra is None and self.rng.random() < 0.33
        pieces: list[Unit] = []
        for i in range(n):
            own = sentences[i::n]
            name = u.name if keep and i == 0 else self.reword(u.name)
            if not own:  # more pieces than sentences: inherit the phrasing, own subject
                subject = " ".join(w for w in name.split() if w.lower() not in SMALL_WORDS)
                own = [f"{self.rng.choice(VERBS)} {subject.lower()} "
                       + " ".join(sentences[0].split()[len(subject.split()) + 1:])]
            if keep and i == 0:
                pieces.append(Unit(**{**_fields(u), "description": " ".join(own)}))
                continue
            pieces.append(self.new_unit(u.kind, u.parent, name, " ".join(own)))
        kids = self.kids(k)
        if not keep:
            del self.units[k]
        for i, p in enumerate(pieces):
            self.place(p)
            self.touched.add(p.key)
            self.reparent(kids[i::n], p.key)
        return k, [p.key for p in pieces]

    def split_record(self) -> None:
        done = self.split()
        if done is not None:
            self.record({"split"}, [done[0]], done[1])

    def n_to_m(self) -> None:
        """Split a unit and merge a sibling into the last piece. Truth: one
        record typed merged + split, before = the two units, after = every
        piece (the engine's form; docs/diff.md). Without a free
        sibling it is a plain split."""
        done = self.split(extra="nm")
        if done is None:
            return
        k, pieces = done
        others = self.siblings(pieces[-1], 1)
        others = [o for o in others if o in self.units and o not in pieces]
        if not others:
            self.record({"split"}, [k], pieces)
            return
        b = self.units[others[0]]
        target = self.units[pieces[-1]]
        desc = " ".join(_sentences(target.description) + _sentences(b.description)[:1])
        self.units[target.key] = Unit(**{**_fields(target), "description": desc})
        kids = self.kids(b.key)
        del self.units[b.key]
        self.reparent(kids, target.key)
        self.record({"merged", "split"}, [k, b.key], pieces)

    # -- finish ------------------------------------------------------------
    def finish(self, snapshot: Snapshot) -> tuple[Snapshot, list[TruthRecord]]:
        ren = self.renames
        units = []
        for u in self.units.values():
            key, parent = ren.get(u.key, u.key), ren.get(u.parent or "", u.parent)
            units.append(Unit(**{**_fields(u), "key": key, "parent": parent}))
        truth = [TruthRecord(t.types, t.before, tuple(sorted(ren.get(a, a) for a in t.after)))
                 for t in self.truth]
        check_tree(units)
        after = Snapshot(
            agency=snapshot.agency,
            as_of=snapshot.as_of + timedelta(days=365),
            units=tuple(sorted(units, key=lambda u: u.key)),
            agency_name=snapshot.agency_name,
        )
        return after, truth


def reorganise(
    snapshot: Snapshot, churn: float, seed: int, rates: dict[str, float] | None = None
) -> tuple[Snapshot, list[TruthRecord]]:
    """A later snapshot with about ``churn`` of the units changed, and the truth.

    Each unit takes part in at most one change; ``rates`` gives each kind's
    share of the changes (DEFAULT_RATES). Children of renamed, merged or split
    units follow them and are not counted as moved.
    """
    r = _Reorganiser(snapshot, seed)
    shares = rates or DEFAULT_RATES
    budget = max(1, round(churn * len(snapshot.units)))
    actions = {
        "renamed": lambda: r.rename(keep_key=False, move=False),
        "renamed_same_key": lambda: r.rename(keep_key=True, move=False),
        "renamed_moved": lambda: r.rename(keep_key=False, move=True),
        "moved": r.move, "modified": r.modify, "added": r.add, "removed": r.remove,
        "merged": r.merge, "split": r.split_record, "nm": r.n_to_m,
    }
    plan: list[str] = []
    for kind, share in shares.items():
        plan += [kind] * max(0, round(share * budget))
    # structural changes first, so moves and additions never lean on vanished units
    order = ["merged", "split", "nm", "removed", "renamed", "renamed_same_key",
             "renamed_moved", "moved", "modified", "added"]
    plan.sort(key=order.index)
    for kind in plan:
        actions[kind]()
    return r.finish(snapshot)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic orgarchive snapshot file.")
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--agency", default="SYN")
    parser.add_argument("--churn", type=float, default=None,
                        help="also write a reorganised snapshot with this churn (e.g. 0.01)")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    snap = make_snapshot(args.units, args.seed, args.agency)
    _write(snap, args.output)
    if args.churn is not None:
        after, _truth = reorganise(snap, args.churn, args.seed)
        stem = args.output.rsplit(".", 1)[0]
        _write(after, f"{stem}-after.json")


if __name__ == "__main__":
    main()
