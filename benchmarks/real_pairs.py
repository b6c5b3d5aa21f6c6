"""The real snapshot pairs of ``../shared/real/diff`` and the scoring rule of its README.

Each pair folder holds ``before.json``, ``after.json``, ``after-rekeyed.json``
and ``truth.json``. ``load_pairs`` reads them into domain snapshots with the
truth of each variant (``as-is``: the source's keys; ``rekeyed``: after-side
keys made from names by a second transcriber). ``score`` applies the README's
rule: a predicted record counts for type T when T is among its types and its
before/after key sets equal those of a truth record with T; records touching
an ignored unit are left out for the listed types and modes; strict mode also
leaves out the units of lenient records.

``identity`` is the truth as a pairing (before key -> after key of the same
unit): same key unless the truth says otherwise, plus every one-to-one truth
record and the survivor of an absorption. The weight fitting
(``fit_weights.py``) learns from it; scoring never uses it.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orgarchive.domain import Diff, Snapshot
from orgarchive.files.read import read_snapshot

REPO = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("ORGARCHIVE_REAL_DIFF", REPO.parent / "shared" / "real" / "diff"))
SETS = ("govuk-monthly", "govuk-yearly", "congress-hist")
VARIANTS = ("as-is", "rekeyed")
MODES = ("strict", "lenient")
TYPES = ("added", "removed", "renamed", "moved", "modified", "merged", "split")

Keys = tuple[str, ...]


@dataclass(frozen=True)
class Record:
    """A change record reduced to what the scoring rule looks at."""

    types: tuple[str, ...]
    before: Keys
    after: Keys
    confidence: float = 1.0
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Pair:
    set: str
    name: str  # the pair folder, e.g. 2022-01-01_2022-02-01
    variant: str
    before: Snapshot
    after: Snapshot
    truth: list[Record]
    levels: list[str]  # strict | lenient, one per truth record
    ignore: list[dict[str, Any]]
    scored: tuple[str, ...]
    identity: dict[str, str]  # before key -> after key of the same unit

    @property
    def label(self) -> str:
        return f"{self.set}/{self.name}[{self.variant}]"


def records_of(diff: Diff) -> list[Record]:
    return [
        Record(tuple(c.types), tuple(sorted(u.key for u in c.before)),
               tuple(sorted(u.key for u in c.after)), c.confidence, c.evidence)
        for c in diff.changes
    ]


def _load_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_pairs(root: Path = REAL, sets: Iterable[str] = SETS,
               variants: Iterable[str] = VARIANTS) -> list[Pair]:
    out: list[Pair] = []
    variants = tuple(variants)
    for s in sets:
        folder = root / s
        if not folder.is_dir():
            continue
        for name in sorted(os.listdir(folder)):
            d = folder / name
            truth = _load_json(d / "truth.json")
            before = read_snapshot(d / "before.json")
            as_is = truth["variants"]["as-is"]
            ident = _identity(before, read_snapshot(d / as_is["after"]), as_is["changes"])
            for v in variants:
                spec = truth["variants"][v]
                after = read_snapshot(d / spec["after"])
                ident_v = ident
                if v != "as-is":  # the rekeyed file lists the same units in the same order
                    plain = read_snapshot(d / as_is["after"])
                    rename = {x.key: y.key for x, y in zip(plain.units, after.units, strict=True)}
                    ident_v = {b: rename[a] for b, a in ident.items()}
                recs = [Record(tuple(r["types"]), tuple(sorted(r["before"])),
                               tuple(sorted(r["after"]))) for r in spec["changes"]]
                out.append(Pair(s, name, v, before, after, recs,
                                [r["level"] for r in spec["changes"]], spec["ignore"],
                                tuple(truth["scored_types"]), ident_v))
    return out


def _identity(before: Snapshot, after: Snapshot, changes: list[dict[str, Any]]) -> dict[str, str]:
    bkeys = {u.key for u in before.units}
    akeys = {u.key for u in after.units}
    decided_b: set[str] = set()
    decided_a: set[str] = set()
    pairs: dict[str, str] = {}
    for r in changes:
        decided_b.update(r["before"])
        decided_a.update(r["after"])
        if len(r["before"]) == 1 and len(r["after"]) == 1:
            pairs[r["before"][0]] = r["after"][0]
        elif len(r["before"]) > 1 and len(r["after"]) == 1:  # a survivor keeps its identity
            a = r["after"][0]
            if a in r["before"]:
                pairs[a] = a
    for k in bkeys & akeys:
        if k not in decided_b and k not in decided_a:
            pairs[k] = k
    return pairs


# -- the scoring rule -----------------------------------------------------------

class _Ignored:
    """Whether a record touching these keys is left out for a type."""

    def __init__(self, entries: Sequence[dict[str, Any]]) -> None:
        self.sides: tuple[dict[str, list[Any]], dict[str, list[Any]]] = (
            defaultdict(list), defaultdict(list))
        for e in entries:
            for side, keys in ((0, e.get("before", ())), (1, e.get("after", ()))):
                for k in keys:
                    self.sides[side][k].append(e.get("types"))

    def __call__(self, before: Keys, after: Keys, t: str) -> bool:
        for side, keys in ((0, before), (1, after)):
            for k in keys:
                for types in self.sides[side].get(k, ()):
                    if types is None or t in types:
                        return True
        return False


def ignorer(pair: Pair, mode: str) -> tuple[_Ignored, list[Record]]:
    """The ignore test of a mode and the truth records scored in it."""
    entries = [e for e in pair.ignore if mode in e["modes"]]
    truth = list(pair.truth)
    if mode == "strict":
        entries += [{"before": r.before, "after": r.after, "types": None}
                    for r, lvl in zip(pair.truth, pair.levels, strict=True) if lvl != "strict"]
        truth = [r for r, lvl in zip(pair.truth, pair.levels, strict=True) if lvl == "strict"]
    return _Ignored(entries), truth


Tally = dict[str, list[Any]]  # type -> [tp, fp, fn, false alarms, misses]


def score(pred: Sequence[Record], pair: Pair, mode: str) -> Tally:
    ign, truth = ignorer(pair, mode)
    out: Tally = {}
    for t in pair.scored:
        want = {(r.before, r.after) for r in truth
                if t in r.types and not ign(r.before, r.after, t)}
        got = {(r.before, r.after) for r in pred
               if t in r.types and not ign(r.before, r.after, t)}
        out[t] = [len(want & got), len(got - want), len(want - got),
                  sorted(got - want), sorted(want - got)]
    return out


def correct(pred: Sequence[Record], pair: Pair, mode: str) -> list[tuple[float, bool]]:
    """(confidence, right) for each predicted record the mode scores: a record is
    right when a truth record has the same before and after keys (the pairing or
    grouping is true; its types follow from the fields). Records touching an
    ignored unit are left out."""
    ign, truth = ignorer(pair, mode)
    true_sets = {(r.before, r.after) for r in truth}
    out = []
    for r in pred:
        if any(ign(r.before, r.after, t) for t in r.types):
            continue
        if not set(r.types) & set(pair.scored):
            continue
        out.append((r.confidence, (r.before, r.after) in true_sets))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# -- the naive baseline -----------------------------------------------------------

def baseline(pair: Pair) -> list[Record]:
    """Exact SPEC-normalised names, unique on both sides, and nothing else."""
    from orgarchive.engine.normalize import norm_name

    def index(s: Snapshot) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for u in s.units:
            out[norm_name(u.name)].append(u.key)
        return out

    ib, ia = index(pair.before), index(pair.after)
    bm, am = pair.before.unit_map(), pair.after.unit_map()
    match = {ks[0]: ia[n][0] for n, ks in ib.items() if len(ks) == 1 and len(ia.get(n, ())) == 1}
    recs: list[Record] = []
    for b, a in sorted(match.items()):
        ub, ua = bm[b], am[a]
        types = []
        if ub.acronym and ua.acronym and ub.acronym.lower() != ua.acronym.lower():
            types.append("renamed")
        pb, pa = ub.parent, ua.parent
        if (pb is None) != (pa is None) or (pb is not None and match.get(pb) != pa):
            types.append("moved")
        if ub.name != ua.name or (ub.kind and ua.kind and ub.kind != ua.kind):
            types.append("modified")
        if types:
            recs.append(Record(tuple(types), (b,), (a,)))
    matched_a = set(match.values())
    recs += [Record(("removed",), (k,), ()) for k in sorted(bm) if k not in match]
    recs += [Record(("added",), (), (k,)) for k in sorted(am) if k not in matched_a]
    return recs
