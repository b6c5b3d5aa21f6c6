"""An agency's threads, with their timelines, as compact bytes and back.

``encode`` writes what ``build_threads`` and ``Threads.timeline`` worked out
(which keys are one unit, the sightings in order, beginnings, ends, links,
merges and splits with the engine's change records, names and parents over
time) as JSON of small integers, zlib-compressed; ``decode`` gives back
``Threads`` equal to the ones encoded, every timeline already built, without
running the diff engine or reading a snapshot's unit rows: each distinct unit
is written once and each snapshot is a list of indices into them.

Curated events, the lineage files' units and the snapshot records are not
written: the caller reads them (a few small queries) and hands them to
``decode``, and the cache key (``archive.cached_threads``) guarantees they are
the ones the payload was made from. Threads decoded here carry no diffs
(``Threads.diffs`` is empty): the period report, which tells each
consecutive diff, does not read them from the cache.
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from ..domain import (
    Change,
    FieldChange,
    LineageEvent,
    Snapshot,
    SnapshotInfo,
    StoredSnapshot,
    Unit,
)
from ..files.fast_unit import UNIT_FIELD_ORDER, make_unit
from ..gcpause import paused_gc
from .plain import from_plain, to_plain
from .record import AgencyRecord
from .threads import Boundary, Link, Reorganisation, Thread, Threads, add_sightings
from .timeline_codec import decode_timeline, encode_timeline

FORMAT = 1  # bump when the layout below changes
_fields = attrgetter(*UNIT_FIELD_ORDER)


class Tables:
    """Indices shared by the encoder: units by value, events and changes by identity."""

    def __init__(self, record: AgencyRecord) -> None:
        self.units: dict[tuple[Any, ...], int] = {}  # a unit's fields, in UNIT_FIELD_ORDER
        self.events = {id(e): n for n, e in enumerate(record.events)}
        self.event_list = record.events
        self.changes: dict[int, int] = {}
        self.change_rows: list[list[Any]] = []

    def unit(self, unit: Unit) -> int:
        fields = _fields(unit)  # hashed faster than the dataclass
        found = self.units.get(fields)
        if found is None:
            found = self.units[fields] = len(self.units)
        return found

    def snapshot_units(self, record: AgencyRecord, owners: list[int], count: int) -> list[int]:
        """``unit`` of every snapshot's every unit, in chain order; ``owners``
        their threads. A unit is mostly as its thread's previous sighting
        was: compared with it first (no hashing of strings read anew)."""
        last: list[tuple[Any, ...] | None] = [None] * count
        last_index = [0] * count
        table = self.units
        out = []
        every = (u for s in record.snapshots for u in s.snapshot.units)
        for fields, tid in zip(map(_fields, every), owners, strict=True):
            if fields != last[tid]:
                found = table.get(fields)
                if found is None:
                    found = table[fields] = len(table)
                last[tid], last_index[tid] = fields, found
            out.append(last_index[tid])
        return out

    def event(self, event: LineageEvent | None) -> int | None:
        if event is None:
            return None
        found = self.events.get(id(event))
        if found is None:  # an equal event, not the record's own object
            found = self.event_list.index(event)
        return found

    def change(self, change: Change | None) -> int | None:
        if change is None:
            return None
        found = self.changes.get(id(change))
        if found is None:
            found = self.changes[id(change)] = len(self.change_rows)
            self.change_rows.append([
                list(change.types), [self.unit(u) for u in change.before],
                [self.unit(u) for u in change.after], change.confidence, change.curated,
                to_plain(change.evidence),
                [[name, to_plain(f.old), to_plain(f.new)] for name, f in change.fields.items()],
                self.event(change.event)])
        return found


def _day(when: date | None) -> int | None:
    return None if when is None else when.toordinal()


def encode(threads: Threads) -> bytes:
    """The threads and their timelines (built here when not yet) as bytes:
    the length of a JSON document, the document, then as 32-bit integers
    each snapshot unit's index among the units, then its thread's, all
    compressed."""
    with paused_gc():
        doc, indices = _document(threads)
        text = json.dumps(doc, separators=(",", ":")).encode()
        numbers = array("i", indices)
        if sys.byteorder != "little":
            numbers.byteswap()
        return zlib.compress(len(text).to_bytes(8, "little") + text + numbers.tobytes(), 1)


def _document(threads: Threads) -> tuple[dict[str, Any], list[int]]:
    record = threads.record
    tables = Tables(record)
    by_key = threads.by_key
    owners = [by_key[u.key] for s in record.snapshots for u in s.snapshot.units]
    indices = tables.snapshot_units(record, owners, len(threads.threads))
    indices += owners
    rows = []
    for thread in threads:
        rows.append([
            thread.keys, [tables.event(e) for e in thread.events],
            [_boundary(b, tables) for b in thread.begins],
            [_boundary(b, tables) for b in thread.ends],
            [[_day(k.on), _day(k.since), tables.change(k.change)] for k in thread.links],
            thread.groups,
            encode_timeline(threads.timeline(thread), tables),
        ])
    groups = [[list(g.types), _day(g.on), _day(g.since), list(g.before), list(g.after),
               tables.event(g.event), tables.change(g.change)] for g in threads.groups]
    units = [[key, name, acronym, kind, parent, description,
              None if aliases is None else list(aliases), known]
             for key, name, acronym, kind, parent, description, aliases, known in tables.units]
    return {"format": FORMAT, "units": units,
            "snapshots": [len(s.snapshot.units) for s in record.snapshots],
            "changes": tables.change_rows, "groups": groups, "threads": rows,
            "by_key": list(threads.by_key.items())}, indices


def _boundary(b: Boundary, tables: Tables) -> list[Any]:
    return [b.kind, _day(b.on), _day(b.since), tables.event(b.event), tables.change(b.change),
            b.group]


class _Days(dict[int | None, date | None]):
    """Dates by ordinal, each made once; None for None."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, ordinal: int | None) -> date | None:
        found = self[ordinal] = date.fromordinal(ordinal)  # type: ignore[arg-type]
        return found


class Decoder:
    """What the decoding of one payload shares: units, events, changes, dates."""

    def __init__(self, doc: dict[str, Any], events: Sequence[LineageEvent]) -> None:
        self.units = [make_unit(k, n, a, kind, p, d, None if al is None else tuple(al), known)
                      for k, n, a, kind, p, d, al, known in doc["units"]]
        self.events = events
        self.days = _Days()
        self.day = self.days.__getitem__  # an ordinal (or None) to its date (or None)
        self.changes = [self._change(row) for row in doc["changes"]]

    def event(self, index: int | None) -> LineageEvent | None:
        return None if index is None else self.events[index]

    def change(self, index: int | None) -> Change | None:
        return None if index is None else self.changes[index]

    def _change(self, row: list[Any]) -> Change:
        types, before, after, confidence, curated, evidence, fields, event = row
        return Change(
            types=tuple(types), before=tuple(self.units[i] for i in before),
            after=tuple(self.units[i] for i in after), confidence=confidence, curated=curated,
            evidence=from_plain(evidence),
            fields={name: FieldChange(from_plain(old), from_plain(new))
                    for name, old, new in fields},
            event=self.event(event))

    def boundary(self, row: list[Any]) -> Boundary:
        kind, on, since, event, change, group = row
        return Boundary(kind, self.day(on), self.day(since),  # type: ignore[arg-type]
                        self.event(event), self.change(change), group)


def decode(
    payload: bytes,
    agency: str,
    infos: Sequence[SnapshotInfo],
    events: Sequence[LineageEvent],
    lineage_units: Sequence[Unit],
) -> Threads:
    """The threads ``encode`` wrote, over the snapshots ``infos`` (chain order),
    the curated ``events`` (date order) and the lineage files' units they were
    made from. ValueError when the payload does not fit them."""
    with paused_gc():
        try:
            data = zlib.decompress(payload)
            length = int.from_bytes(data[:8], "little")
            doc = json.loads(data[8:8 + length])
            if doc.get("format") != FORMAT or len(doc["snapshots"]) != len(infos):
                raise ValueError("a payload of another layout or another record")
            numbers = array("i")
            numbers.frombytes(data[8 + length:])
            if sys.byteorder != "little":
                numbers.byteswap()
            return _decode(doc, numbers.tolist(), agency, infos, events, lineage_units)
        except (KeyError, IndexError, TypeError, AttributeError, OverflowError,
                zlib.error) as exc:
            raise ValueError(f"a damaged payload: {exc!r}") from None


def _decode(doc: dict[str, Any], indices: list[int], agency: str,
            infos: Sequence[SnapshotInfo], events: Sequence[LineageEvent],
            lineage_units: Sequence[Unit]) -> Threads:
    decoder = Decoder(doc, events)
    units = decoder.units
    stored = []
    owners = []
    start = 0
    total = len(indices) // 2  # each snapshot unit's index, then its thread's
    for info, count in zip(infos, doc["snapshots"], strict=True):
        chosen = tuple(map(units.__getitem__, indices[start:start + count]))
        owners.append(indices[total + start:total + start + count])
        start += count
        stored.append(StoredSnapshot(info, Snapshot(
            agency=info.agency, as_of=info.as_of, units=chosen, agency_name=info.agency_name,
            observed=info.observed, coverage=info.coverage, source=info.source)))
    if 2 * start != len(indices):
        raise ValueError("a payload of another record")
    record = AgencyRecord(agency, tuple(stored), tuple(events), tuple(lineage_units))
    threads = [Thread(tid, row[0]) for tid, row in enumerate(doc["threads"])]
    by_key = {key: tid for key, tid in doc["by_key"]}
    add_sightings(record, by_key, threads, owners)  # as build_threads gives them
    for thread, row in zip(threads, doc["threads"], strict=True):
        _, thread_events, begins, ends, links, groups, timeline = row
        thread.events = [events[e] for e in thread_events]
        thread.begins = [decoder.boundary(b) for b in begins]
        thread.ends = [decoder.boundary(b) for b in ends]
        thread.links = [Link(decoder.day(on), decoder.day(since),  # type: ignore[arg-type]
                             decoder.changes[c]) for on, since, c in links]
        thread.groups = groups
        thread.cache["timeline"] = decode_timeline(timeline, thread, decoder)
    reorganisations = [
        Reorganisation(tuple(types), decoder.day(on), decoder.day(since),  # type: ignore[arg-type]
                       tuple(before), tuple(after), decoder.event(e), decoder.change(c))
        for types, on, since, before, after, e, c in doc["groups"]]
    return Threads(record, threads, by_key, reorganisations, ())
