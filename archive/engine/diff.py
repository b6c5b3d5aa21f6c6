"""The diff engine's entry point: match, find reorganisations, classify (pure).

Order of work: curated lineage events decide the units they name
(``curated``); the rest is matched in stages (``matching``); units left over
are tested for merges and splits (``reorg``); a pair that is really a piece
of a neighbouring split is joined to it (``kinship``); matched pairs are classified
(``classify``); what is still unmatched is added, removed, or unobserved when
the other side is partial.

Records are ordered by their first type (added, removed, renamed, moved,
modified, merged, split), then by their before keys, then their after keys.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from ..domain import (
    CHANGE_TYPES,
    Change,
    ChangeType,
    Diff,
    LineageEvent,
    Snapshot,
    SnapshotRef,
    Unit,
)
from ..gcpause import paused_gc
from .absorb import likely_absorbers
from .classify import classify_pair
from .curated import CuratedGroup, curated_groups
from .kinship import join_kin_pieces
from .matching import Match, Matcher, children_index
from .model import Model, record_kind, renews_keys
from .reorg import CONTENT_MATCH, Group, find_reorganisations
from .reorg_children import pairs_within
from .similarity import FeatureCache


def diff_snapshots(
    before: Snapshot,
    after: Snapshot,
    events: Sequence[LineageEvent] = (),
    *,
    before_ref: SnapshotRef | None = None,
    after_ref: SnapshotRef | None = None,
    model: Model | None = None,
    trace: dict[tuple[str, str], dict[str, float]] | None = None,
) -> Diff:
    """Match the units of two snapshots of one agency and classify every change.

    ``events`` are curated lineage events; those dated after ``before.as_of``
    and on or before ``after.as_of`` decide the units they name. ``model``
    replaces the packaged weights and ``trace`` receives the features of every
    pair scored (both for ``benchmarks/fit_weights.py``).
    """
    # The engine builds no reference cycles; pausing the cyclic collector while
    # it allocates hundreds of thousands of small objects saves about a third
    # of the run time on large snapshots.
    with paused_gc():
        return _diff(before, after, events, before_ref, after_ref, model, trace)


def _diff(
    before: Snapshot,
    after: Snapshot,
    events: Sequence[LineageEvent],
    before_ref: SnapshotRef | None,
    after_ref: SnapshotRef | None,
    model: Model | None,
    trace: dict[tuple[str, str], dict[str, float]] | None,
) -> Diff:
    bm, am = before.unit_map(), after.unit_map()
    kids = (children_index(bm), children_index(am))
    curated = curated_groups(events, bm.keys(), am.keys(), before.as_of, after.as_of)
    pairs = {g.before[0]: g.after[0] for g in curated if len(g.before) == 1 == len(g.after)}
    skip_b = {k for g in curated for k in g.before}
    skip_a = {k for g in curated for k in g.after}
    feats: FeatureCache = ({}, {})  # each unit's text read once, by every stage
    matcher = Matcher(bm, am, pairs, skip_b, skip_a, children=kids, model=model, trace=trace,
                      feats=feats)
    matches = matcher.run()
    free_b, free_a = matcher.b.partner, matcher.a.partner
    if pairs:  # curated pairs take no part in merges and splits
        free_b = {b: a for b, a in free_b.items() if b not in skip_b}
        free_a = {a: b for a, b in free_a.items() if a not in skip_a}
    groups = find_reorganisations(
        bm, am, free_b, free_a, matcher.b.unmatched, matcher.a.unmatched, children=kids,
        feats=feats)
    stages = {b: m.stage for b, m in matches.items()}
    groups = join_kin_pieces(bm, am, groups, (free_b, free_a), stages, kids, feats,
                             frozenset(matcher.weak))
    # the children of reorganised units, compared again as units of one place
    for b, a, prob, x in pairs_within(matcher, groups):
        matcher.adopt(Match(b, a, "similarity", round(prob, 3),
                            {**matcher.model.evidence(x), "within": "reorganisation"}))
    builder = _Builder(bm, am, matcher.b.partner, matches)
    for g in groups:
        builder.reorganisation(g)
    for cg in curated:
        builder.curated(cg)
    changes = builder.pair_changes()
    unobserved: list[Unit] = []
    gone = sorted(matcher.b.unmatched - builder.placed_b)
    new = sorted(matcher.a.unmatched - builder.placed_a)
    if (gone and after.coverage != "partial") or (new and before.coverage != "partial"):
        pb = builder.pairs  # every matched pair, before -> after
        pa = {a: b for b, a in pb.items()}
        roots = ([k for k, u in bm.items() if u.parent is None and u.parent_known],
                 [k for k, u in am.items() if u.parent is None and u.parent_known])
    for k in gone:
        if after.coverage == "partial":
            unobserved.append(bm[k])
        else:
            near = likely_absorbers(bm[k], bm, am, pb, kids[1], roots[1], pa, matcher.idf,
                                    feats, kids[0])
            changes.append(builder.single("removed", bm[k], matcher.best_seen.get(("b", k)),
                                          near))
    for k in new:
        if before.coverage == "partial":
            unobserved.append(am[k])
        else:
            near = likely_absorbers(am[k], am, bm, pa, kids[0], roots[0], pb, matcher.idf,
                                    (feats[1], feats[0]), kids[1])
            changes.append(builder.single("added", am[k], matcher.best_seen.get(("a", k)),
                                          near))
    model = matcher.model
    if model.calibration:
        renewed = renews_keys(matched_pairs(builder.unchanged, changes))
        changes = [_calibrated(c, model, renewed) for c in changes]
    changes.sort(key=_order)
    return Diff(
        agency=after.agency,
        before=before_ref or SnapshotRef.of(before),
        after=after_ref or SnapshotRef.of(after),
        changes=tuple(changes),
        unchanged=tuple(builder.unchanged),
        unobserved=tuple(unobserved),
    )


def matched_pairs(unchanged: Iterable[tuple[Unit, Unit]], changes: Iterable[Change]
                  ) -> Iterator[tuple[str, str]]:
    """(before key, after key) of every unit matched one to one: unchanged, or
    changed in place (renamed, moved, modified), whatever found it."""
    for b, a in unchanged:
        yield b.key, a.key
    for c in changes:
        if len(c.before) == 1 and len(c.after) == 1:
            yield c.before[0].key, c.after[0].key


def _calibrated(c: Change, model: Model, keys_renewed: bool) -> Change:
    kind = record_kind(c.types, c.evidence.get("stage"))
    if kind is None:
        return c
    return replace(c, confidence=round(model.calibrate(kind, c.confidence, keys_renewed), 3))


def _order(c: Change) -> tuple[Any, ...]:
    return (
        CHANGE_TYPES.index(c.types[0]),
        tuple(u.key for u in c.before),
        tuple(u.key for u in c.after),
    )


def event_evidence(events: Iterable[LineageEvent]) -> list[dict[str, Any]]:
    """Curated events as evidence (SPEC §3): date, type, note and source of each."""
    out = []
    for e in events:
        item: dict[str, Any] = {"date": e.date.isoformat(), "type": e.type}
        if e.note is not None:
            item["note"] = e.note
        if e.source is not None:
            item["source"] = {
                k: v for k, v in (("title", e.source.title), ("url", e.source.url)) if v is not None
            }
        out.append(item)
    return out


def _event_evidence(events: Sequence[LineageEvent]) -> dict[str, Any]:
    return {"stage": "curated", "events": event_evidence(events)}


class _Builder:
    """Turns matches, groups and curated decisions into change records."""

    def __init__(
        self,
        bm: dict[str, Unit],
        am: dict[str, Unit],
        pairs: dict[str, str],
        matches: dict[str, Match],
    ) -> None:
        self.bm, self.am = bm, am
        self.pairs = dict(pairs)  # before key -> after key, every matched pair
        self.matches = matches  # how the non-key pairs were found
        self.group_after: dict[str, list[str]] = {}  # before key -> its merge/split pieces
        self.records: list[Change] = []
        self.unchanged: list[tuple[Unit, Unit]] = []
        self.placed_b: set[str] = set()
        self.placed_a: set[str] = set()
        self.curated_pairs: dict[str, CuratedGroup] = {}

    def _group(self, bs: list[str], as_: list[str]) -> None:
        for b in bs:
            self.group_after[b] = as_
            self.pairs.pop(b, None)
        self.placed_b.update(bs)
        self.placed_a.update(as_)

    def reorganisation(self, g: Group) -> None:
        if len(g.before) == 1 and len(g.after) == 1:  # a plain match found from content
            b, a = g.before[0], g.after[0]
            s = max(g.strength.values(), default=0.0)
            if s < CONTENT_MATCH:
                return  # too weak to pair: both stay unmatched
            self.pairs[b] = a
            self.matches[b] = Match(b, a, "content", round(s, 3), {"coverage": s})
            return
        self._group(g.before, g.after)
        types = _group_types(len(g.before), len(g.after))
        coverage = dict(sorted(g.strength.items()))
        evidence: dict[str, Any] = {"stage": "content", "coverage": coverage}
        if g.children_moved:
            evidence["children_moved"] = g.children_moved
        if g.survivors:
            evidence["survivors"] = [f"{b}->{a}" for b, a in g.survivors]
        if g.kin:
            evidence["named_after"] = dict(g.kin)
        # fsum: exact, so the order the strengths were found in (which follows
        # set iteration upstream) cannot move the last digit
        conf = math.fsum(g.strength.values()) / len(g.strength) if g.strength else 0.5
        self.records.append(
            Change(
                types=types,
                before=tuple(self.bm[k] for k in g.before),
                after=tuple(self.am[k] for k in g.after),
                confidence=round(min(1.0, conf), 3),
                evidence=evidence,
            )
        )

    def curated(self, g: CuratedGroup) -> None:
        if len(g.before) == 1 and len(g.after) == 1:
            self.curated_pairs[g.before[0]] = g
            self.pairs[g.before[0]] = g.after[0]
            return
        self._group(g.before, g.after)
        if not g.before:
            types: tuple[ChangeType, ...] = ("added",)
        elif not g.after:
            types = ("removed",)
        else:
            types = _group_types(len(g.before), len(g.after))
        self.records.append(
            Change(
                types=types,
                before=tuple(self.bm[k] for k in g.before),
                after=tuple(self.am[k] for k in g.after),
                confidence=1.0,
                curated=True,
                evidence=_event_evidence(g.events),
                event=g.events[-1] if g.events else None,
            )
        )

    def parent_became(self, parent: str | None) -> tuple[str | None, ...]:
        if parent is None:
            return (None,)
        partner = self.pairs.get(parent)
        pieces = self.group_after.get(parent, ())
        return (partner, *pieces) if partner is not None else tuple(pieces)

    def pair_changes(self) -> list[Change]:
        pairs, bm, am = self.pairs, self.bm, self.am
        self.placed_b.update(pairs)
        self.placed_a.update(pairs.values())
        curated, unchanged = self.curated_pairs, self.unchanged.append  # 100,000 pairs: locals
        get = pairs.get
        # In before key order. Listed in file order first: a file already in
        # key order (most are) then sorts in one linear pass, and the units are
        # visited in the order they sit in memory.
        order = [b for b in bm if b in pairs]
        order.sort()
        for b in order:
            a = pairs[b]
            ub, ua = bm[b], am[a]
            # the common case, decided by one compare: a unit the store read
            # once for both sides (unchanged) is one object
            if ((ub is ua or ub == ua) and (ub.parent is None or get(ub.parent) == ua.parent)
                    and b not in curated):
                unchanged((ub, ua))
                continue
            cg = curated.get(b)
            types, fields = classify_pair(ub, ua, self.parent_became(ub.parent))
            m = self.matches.get(b)
            if cg is not None:
                curated_types = {e.type for e in cg.events} & {"renamed", "moved", "modified"}
                types = [t for t in CHANGE_TYPES if t in curated_types or t in types]
                evidence = _event_evidence(cg.events)
                confidence = 1.0
            elif m is None:
                evidence, confidence = {"stage": "key"}, 1.0
            else:
                evidence, confidence = {"stage": m.stage, **m.evidence}, m.score
            if not types:
                unchanged((ub, ua))
                continue
            self.records.append(
                Change(
                    types=tuple(types),
                    before=(ub,),
                    after=(ua,),
                    confidence=confidence,
                    curated=cg is not None,
                    evidence=evidence,
                    fields=fields,
                    event=cg.events[-1] if cg is not None and cg.events else None,
                )
            )
        return self.records

    def single(self, kind: ChangeType, unit: Unit, best: tuple[float, str] | None,
               near: list[dict[str, Any]]) -> Change:
        evidence: dict[str, Any] = {"stage": "unmatched"}
        confidence = 1.0
        if best is not None:
            evidence["best_candidate"] = best[1]
            evidence["best_score"] = round(best[0], 3)
            confidence = round(max(0.0, 1.0 - best[0]), 3)
        if near:  # who may have absorbed it (removed) or given it (added)
            evidence["absorbers" if kind == "removed" else "sources"] = near
        before, after = ((unit,), ()) if kind == "removed" else ((), (unit,))
        return Change(types=(kind,), before=before, after=after, confidence=confidence,
                      evidence=evidence)


def _group_types(n_before: int, n_after: int) -> tuple[ChangeType, ...]:
    types: list[ChangeType] = []
    if n_before >= 2:
        types.append("merged")
    if n_after >= 2:
        types.append("split")
    return tuple(types) or ("modified",)
