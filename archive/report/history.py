"""A unit's life across every snapshot of its agency.

UNIT may be a key, an acronym, a name or an alias from any era. A key wins
over the rest (keys are the authors' identity assertions); otherwise
acronyms, names and aliases are compared ignoring case and spacing. All
matches that belong to one thread (one unit followed through renames and
moves) are one answer; matches in different threads raise AmbiguousError
listing the candidates, never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain import LineageEvent, SnapshotInfo, StoredSnapshot, Unit
from ..engine.normalize import search_form
from ..errors import AmbiguousError, NotFoundError
from .period import DiffFunction, engine_diff
from .threads import Thread, event_date, trace_threads


@dataclass(frozen=True)
class Span:
    """A value the unit held from one snapshot date to another (both seen)."""

    value: Any
    first: date
    last: date


@dataclass(frozen=True)
class Link:
    """A predecessor or successor: how, when, and which unit."""

    relation: str  # merged | split
    date: date
    unit: Unit
    curated: bool


@dataclass(frozen=True)
class UnitHistory:
    agency: str
    query: str
    keys: tuple[str, ...]
    first_seen: SnapshotInfo
    last_seen: SnapshotInfo
    origin: str  # lineage_threads.ORIGINS
    end: str  # lineage_threads.ENDINGS
    names: tuple[Span, ...]  # value: (name, acronym)
    parents: tuple[Span, ...]  # value: (parent key, its label or None), or None at the top
    predecessors: tuple[Link, ...]
    successors: tuple[Link, ...]
    events: tuple[LineageEvent, ...]  # curated events naming one of its keys
    snapshot_count: int


def normalise(text: str) -> str:
    return search_form(text)


def _labels(unit: Unit) -> set[str]:
    out = {normalise(unit.name)}
    if unit.acronym:
        out.add(normalise(unit.acronym))
    out.update(normalise(a) for a in unit.aliases or ())
    return out


def find_thread(
    threads: Sequence[Thread], query: str, agency: str, dates: Sequence[date]
) -> Thread:
    """The one thread ``query`` names; NotFoundError or AmbiguousError otherwise."""
    wanted = normalise(query)
    by_key = [t for t in threads if any(s.unit.key == wanted for s in t.sightings)]
    found = by_key or [t for t in threads if any(wanted in _labels(s.unit) for s in t.sightings)]
    if not found:
        raise NotFoundError(f"no unit of {agency} has the key, acronym or name {query!r}")
    if len(found) > 1:
        candidates = [_candidate(t, dates) for t in found]
        raise AmbiguousError(
            f"{query!r} fits {len(found)} units of {agency}; name one by key: "
            + "; ".join(candidates),
            candidates,
        )
    return found[0]


def _label(unit: Unit) -> str:
    return f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name


def _candidate(thread: Thread, dates: Sequence[date]) -> str:
    unit = thread.last.unit
    return f"{unit.key} = {_label(unit)}, {dates[thread.first.index]} to {dates[thread.last.index]}"


def _spans(values: list[tuple[Any, date]]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for value, when in values:
        if spans and spans[-1].value == value:
            spans[-1] = Span(value, spans[-1].first, when)
        else:
            spans.append(Span(value, when, when))
    return tuple(spans)


def build_history(
    stored: Sequence[StoredSnapshot],
    events: Sequence[LineageEvent],
    diff: DiffFunction,
    *,
    agency: str,
    query: str,
) -> UnitHistory:
    """Follow every unit through all current snapshots, then describe the one asked for."""
    chain = sorted(
        (s for s in stored if s.info.is_current), key=lambda s: (s.info.as_of, s.info.id)
    )
    if not chain:
        raise NotFoundError(f"no snapshot of {agency} in the archive")
    diffs = [diff(chain[i], chain[i + 1]) for i in range(len(chain) - 1)]
    threads = trace_threads([s.snapshot for s in chain], diffs, events)
    dates = [s.snapshot.as_of for s in chain]
    thread = find_thread(threads, query, agency, dates)
    maps = {s.index: chain[s.index].snapshot.unit_map() for s in thread.sightings}

    def link(other: Thread, before: bool) -> Link:
        # A predecessor is told as it last stood, a successor as it first stood.
        change, index = thread.links[other.id]
        relation = "merged" if "merged" in change.types else "split"
        unit = other.last.unit if before else other.first.unit
        return Link(relation, event_date(change) or dates[index], unit, change.curated)

    def parent(s: Any) -> tuple[str, str | None] | None:
        if s.unit.parent is None:
            return None
        found = maps[s.index].get(s.unit.parent)
        return (s.unit.parent, _label(found) if found else None)

    keys = thread.keys
    return UnitHistory(
        agency=agency,
        query=query,
        keys=tuple(keys),
        first_seen=chain[thread.first.index].info,
        last_seen=chain[thread.last.index].info,
        origin=thread.origin,
        end=thread.end,
        names=_spans([((s.unit.name, s.unit.acronym), dates[s.index]) for s in thread.sightings]),
        parents=_spans([(parent(s), dates[s.index]) for s in thread.sightings]),
        predecessors=tuple(link(threads[p], True) for p in thread.predecessors),
        successors=tuple(link(threads[n], False) for n in thread.successors),
        events=tuple(e for e in events if set(keys) & (set(e.from_keys) | set(e.to_keys))),
        snapshot_count=len(thread.sightings),
    )


def history_from_archive(archive: Any, unit: str, agency: str | None = None) -> UnitHistory:
    """Read every current snapshot of the agency from an open ``Archive``."""
    code: str = archive.default_agency(agency)
    infos = archive.list_snapshots(code, include_superseded=False)
    stored = [archive.get(info.id) for info in infos]
    events = list(archive.lineage_events(code))
    return build_history(stored, events, engine_diff(events), agency=code, query=unit)
