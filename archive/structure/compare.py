"""The net change of a period, told from the threads (``report``'s net change).

The structure assembled at the start (units first seen later in the period
with no recorded beginning count as already there: see
``assemble.structure_at``) is compared with the one at the end, thread by
thread:

* alive at both ends: ``renamed`` when the name at the end is another name
  (SPEC §3 rule) than at the start; ``moved`` when a curated event moved it
  in the period, or both ends know its parent and the parent is another unit
  (one that is not what the old parent became through a merge or split). A
  parent unknown at either end is never a move. Wording, kind and
  description, which sources word in their own ways, are not counted;
* alive at the start only: ``removed`` (or merged, split) by the end that
  closed it; alive at the end only: ``added`` (or formed by a merger or split);
* alive at both ends but shown by no source within the period: ``unobserved``;
* a unit whose whole life lies inside the period (opened and closed) is a
  ``Passing``: no net change, but part of the story.

The result is a ``Diff`` (``before``/``after`` refer to no snapshot: their
``id`` is None), so every renderer of a diff can show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain import (
    CHANGE_TYPES,
    Change,
    ChangeType,
    Diff,
    FieldChange,
    LineageEvent,
    SnapshotRef,
    Unit,
)
from ..engine.diff import event_evidence
from .assemble import Citation, PlacedUnit, Structure, place_alone, structure_at
from .threads import JOINING, Boundary, Reorganisation, Thread, Threads
from .timeline import TOP, Span, same_name


@dataclass(frozen=True)
class Passing:
    """A unit that began and ended inside the period."""

    thread: int
    unit: Unit  # as it stood while alive
    span: Span


@dataclass(frozen=True)
class NetChange:
    start: Structure
    end: Structure
    diff: Diff
    passing: tuple[Passing, ...]
    kinds: dict[int, str]  # thread id -> the type its record is told under (first type)


def net_change(threads: Threads, start: date, end: date) -> NetChange:
    """Compare the structures assembled at ``start`` and at ``end``."""
    before = structure_at(threads, start, presume_until=end)
    after = structure_at(threads, end)
    return _Comparison(threads, start, end, before, after).run()


def citation_dict(c: Citation) -> dict[str, Any]:
    if c.snapshot is not None:
        return {"snapshot": c.snapshot.id, "as_of": c.when.isoformat()}
    assert c.event is not None
    return {"lineage": c.event.type, "event_date": c.event.date.isoformat(),
            "as_of": c.when.isoformat()}


def _when(on: date, since: date | None) -> str:
    return on.isoformat() if since is None else f"between {since} and {on}"


class _Comparison:
    def __init__(
        self, threads: Threads, start: date, end: date, before: Structure, after: Structure
    ) -> None:
        self.threads, self.start, self.end = threads, start, end
        self.before, self.after = before, after
        self.b = {p.thread: p for p in before.units if p.thread is not None}
        self.a = {p.thread: p for p in after.units if p.thread is not None}
        self.b_key = {p.unit.key: p.thread for p in before.units}
        self.a_key = {p.unit.key: p.thread for p in after.units}
        self.records: list[Change] = []
        self.kinds: dict[int, str] = {}

    def run(self) -> NetChange:
        handled = self._reorganisations()
        unchanged: list[tuple[Unit, Unit]] = []
        unobserved: list[Unit] = []
        for tid in dict.fromkeys((*self.b, *self.a)):
            if tid in handled:
                continue
            thread = self.threads[tid]
            if tid in self.b and tid in self.a:
                change = self._kept(thread)
                if change is not None:
                    self._add(change, tid)
                elif self._seen_within(thread):
                    unchanged.append((self.b[tid].unit, self.a[tid].unit))
                else:
                    unobserved.append(self.a[tid].unit)
            elif tid in self.b:
                self._add(self._edge(thread, self.b[tid], "removed"), tid)
            else:
                self._add(self._edge(thread, self.a[tid], "added"), tid)
        self.records.sort(key=_order)
        diff = Diff(
            agency=self.threads.record.agency,
            before=SnapshotRef(None, self.start, _coverage(self.before)),
            after=SnapshotRef(None, self.end, _coverage(self.after)),
            changes=tuple(self.records),
            unchanged=tuple(unchanged),
            unobserved=tuple(unobserved),
        )
        return NetChange(self.before, self.after, diff, self._passing(), self.kinds)

    def _add(self, change: Change, *tids: int) -> None:
        self.records.append(change)
        for tid in tids:
            self.kinds[tid] = change.types[0]

    def _seen_within(self, thread: Thread) -> bool:
        return any(self.start <= s.when <= self.end for s in thread.sightings)

    # -- a unit alive at both ends ------------------------------------------

    def _kept(self, thread: Thread) -> Change | None:
        pb, pa = self.b[thread.id], self.a[thread.id]
        bu, au = pb.unit, pa.unit
        within = [e for e in thread.events if self.start < e.date <= self.end]
        tl = self.threads.timeline(thread)
        renamed = tl.name_era(self.start) is not tl.name_era(self.end) and not (
            same_name(bu, au) and same_name(au, bu))
        old_parent, new_parent = self._parent(pb, self.b_key), self._parent(pa, self.a_key)
        both_known = old_parent is not None and new_parent is not None
        curated_move = [e for e in within if e.type == "moved"]
        moved = both_known and new_parent not in self._became(old_parent)
        if curated_move and not (both_known and old_parent == new_parent):
            moved = True
        if not (renamed or moved):
            return None
        types: list[ChangeType] = []
        fields: dict[str, FieldChange] = {}
        if renamed:
            types.append("renamed")
            fields["name"] = FieldChange(bu.name, au.name)
            if bu.acronym != au.acronym and bu.acronym and au.acronym:
                fields["acronym"] = FieldChange(bu.acronym, au.acronym)
        if moved:
            types.append("moved")
            fields["parent"] = FieldChange(
                bu.parent if pb.parent_known else None, au.parent if pa.parent_known else None)
        curated = [e for e in within if e.type in JOINING or e.type in ("merged", "split")]
        changes = [link.change for link in thread.links if self.start < link.on <= self.end]
        confidence = 1.0 if curated else min((c.confidence for c in changes), default=1.0)
        evidence = self._evidence(pb, pa, curated)
        if curated:
            evidence["effective"] = ", ".join(
                dict.fromkeys(e.date.isoformat() for e in curated))
        else:
            eras = [e for e in tl.all_names() if self.start < e.start <= self.end]
            if renamed and eras:
                evidence["effective"] = _when(eras[-1].start, eras[-1].since)
        return Change(
            types=tuple(types), before=(bu,), after=(au,), confidence=round(confidence, 3),
            curated=bool(curated), evidence=evidence, fields=fields,
            event=curated[-1] if curated else None,
        )

    def _parent(self, placed: PlacedUnit, keys: dict[str, int | None]) -> int | None:
        """The parent as a thread id (TOP for the top level); None when unknown."""
        if not placed.parent_known:
            return None
        if placed.unit.parent is None:
            return TOP
        return keys.get(placed.unit.parent)

    def _became(self, parent: int | None) -> set[int | None]:
        """The old parent, and what it became through merges and splits in the period."""
        out: set[int | None] = {parent}
        todo = [parent]
        while todo:
            tid = todo.pop()
            if tid is None or tid == TOP:
                continue
            for index in self.threads[tid].groups:
                group = self.threads.groups[index]
                if self.start < group.on <= self.end and tid in group.before:
                    for nxt in group.after:
                        if nxt not in out:
                            out.add(nxt)
                            todo.append(nxt)
        return out

    # -- a unit alive at one end only ----------------------------------------

    def _edge(self, thread: Thread, placed: PlacedUnit, kind: ChangeType) -> Change:
        tl = self.threads.timeline(thread)
        boundary: Boundary | None = None
        for span in tl.spans:
            edge = span.ended if kind == "removed" else span.began
            day = span.end if kind == "removed" else span.start
            if edge is not None and day is not None and self.start < day <= self.end:
                boundary = edge
        side = placed.unit
        evidence = self._evidence(placed if kind == "removed" else None,
                                  placed if kind == "added" else None,
                                  [boundary.event] if boundary and boundary.event else [])
        confidence = 1.0
        if boundary is not None:
            evidence["effective"] = _when(boundary.on, boundary.since)
            if boundary.change is not None:
                confidence = boundary.change.confidence
        else:
            evidence["stage"] = "sources"
            evidence["note"] = (
                "seen again after it had ended" if kind == "added" else "no longer seen")
        before, after = ((side,), ()) if kind == "removed" else ((), (side,))
        event = boundary.event if boundary is not None else None
        return Change(types=(kind,), before=before, after=after, confidence=confidence,
                      curated=event is not None, evidence=evidence, event=event)

    # -- merges and splits ---------------------------------------------------

    def _reorganisations(self) -> set[int]:
        groups = [g for g in self.threads.groups if self.start < g.on <= self.end]
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        for g in groups:
            members = [*g.before, *g.after]
            for tid in members[1:]:
                parent[find(tid)] = find(members[0])
        pieces: dict[int, list[int]] = {}
        for tid in list(parent):
            pieces.setdefault(find(tid), []).append(tid)
        groups_of: dict[int, list[Reorganisation]] = {}
        for g in groups:
            groups_of.setdefault(find(g.before[0]), []).append(g)
        handled: set[int] = set()
        for root, members in pieces.items():
            members.sort()
            olds = [t for t in members if t in self.b]
            news = [t for t in members if t in self.a]
            if not olds or not news:
                continue
            mine = groups_of.get(root, [])
            types: list[ChangeType] = []
            if len(olds) >= 2:
                types.append("merged")
            if len(news) >= 2:
                types.append("split")
            if not types:
                continue
            events = [g.event for g in mine if g.event is not None]
            confidences = [g.change.confidence for g in mine if g.change is not None]
            evidence: dict[str, Any] = {
                "stage": "curated" if events else "sources",
                "effective": ", ".join(_when(g.on, g.since) for g in mine),
            }
            if events:
                evidence["events"] = event_evidence(events)
            self._add(Change(
                types=tuple(types),
                before=tuple(self.b[t].unit for t in olds),
                after=tuple(self.a[t].unit for t in news),
                confidence=1.0 if events else round(min(confidences, default=1.0), 3),
                curated=bool(events),
                evidence=evidence,
                event=events[-1] if events else None,
            ), *members)
            handled.update(members)
        return handled

    # -- units that came and went --------------------------------------------

    def _passing(self) -> tuple[Passing, ...]:
        out = []
        for thread in self.threads:
            if thread.id in self.b or thread.id in self.a:
                continue
            tl = self.threads.timeline(thread)
            for span in tl.spans:
                if self.start < span.start and span.end is not None and span.end <= self.end:
                    if span.end > span.start:
                        placed = structure_for(self.threads, thread, span.start)
                        out.append(Passing(thread.id, placed, span))
        return tuple(out)

    def _evidence(
        self, before: PlacedUnit | None, after: PlacedUnit | None, events: Sequence[LineageEvent]
    ) -> dict[str, Any]:
        evidence: dict[str, Any] = {"stage": "curated" if events else "sources"}
        if events:
            evidence["events"] = event_evidence(events)
        for side, placed in (("before", before), ("after", after)):
            if placed is not None:
                evidence[f"seen_{side}"] = [citation_dict(c) for c in placed.seen]
                if placed.inferred:
                    evidence[f"inferred_{side}"] = list(placed.inferred)
        return evidence


def structure_for(threads: Threads, thread: Thread, at: date) -> Unit:
    """The unit as it stood on ``at`` (for a unit that is not in a structure)."""
    return place_alone(threads, thread, at).unit


def _coverage(structure: Structure) -> Any:
    return "complete" if structure.as_it_stands is not None else "partial"


def _order(c: Change) -> tuple[Any, ...]:
    return (CHANGE_TYPES.index(c.types[0]), tuple(u.key for u in c.before),
            tuple(u.key for u in c.after))
