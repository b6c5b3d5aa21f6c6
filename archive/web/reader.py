"""What the pages read, through the same library as the command line.

``Reader`` wraps an open ``Archive`` and answers each page's question with
the library's own functions: the best-known structure
(``structure.assemble``), the diff of two dates (``structure.chain``), the
agency's threads behind ``build_report`` and ``unit_history`` (report/), and
the unit variants behind search. It keeps recent answers in memos keyed by
everything they depend on: stored snapshots never change (a correction is a
new snapshot with a new id), so an answer keyed by snapshot ids and the
curated events stays true while another process loads more; a load changes
the ids or the events, and so the key.

Each request first reads the agency's snapshot records and events (two small
queries), which is also how a load made meanwhile is seen.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..cached_threads import followed
from ..domain import Diff, LineageEvent, SnapshotInfo, StoredSnapshot, Unit
from ..errors import NotFoundError
from ..report.history import UnitHistory, unit_history
from ..report.period import Report, build_report
from ..services import Archive, nothing_known
from ..structure.assemble import as_it_stands, stands_alone, structure_at
from ..structure.chain import DiffFunction, engine_diff
from ..structure.record import AgencyRecord
from ..structure.threads import Threads, threads_of
from .memo import Memo
from .search import SearchIndex
from .structure import StructureView, structure_from_assembled


@dataclass(frozen=True)
class AgencyState:
    """An agency as the archive holds it at the moment of a request."""

    code: str
    snapshots: tuple[SnapshotInfo, ...]  # current revisions, in (as_of, id) order
    superseded: int  # revisions replaced by a correction
    events: tuple[LineageEvent, ...]  # curated events, in date order
    named: tuple[Unit, ...] = ()  # units the lineage files name

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(i.id for i in self.snapshots)

    @property
    def key(self) -> tuple[object, ...]:
        """Everything the agency's threads are drawn from (a memo key)."""
        return (self.code, self.ids, self.events, self.named)

    @property
    def name(self) -> str | None:
        names = [i.agency_name for i in self.snapshots if i.agency_name]
        return names[-1] if names else None


@dataclass(frozen=True)
class TimelineDate:
    """A date the structure slider stops at, and why."""

    day: date
    snapshots: tuple[SnapshotInfo, ...]
    events: tuple[LineageEvent, ...]


def timeline(state: AgencyState) -> list[TimelineDate]:
    """The snapshot dates and curated event dates of an agency, in order, from
    the first snapshot on (before it, no structure can be shown)."""
    first = state.snapshots[0].as_of if state.snapshots else None
    days = sorted({i.as_of for i in state.snapshots}
                  | {e.date for e in state.events if first is not None and e.date >= first})
    return [
        TimelineDate(
            day,
            tuple(i for i in state.snapshots if i.as_of == day),
            tuple(e for e in state.events if e.date == day),
        )
        for day in days
    ]


class Reader:
    """The library's answers for the web pages, remembered while they stay true."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        # Large enough for the consecutive diffs of an agency of 100 snapshots.
        self._stored: Memo[StoredSnapshot] = Memo(128)
        self._diffs: Memo[Diff] = Memo(160)
        self._reports: Memo[Report] = Memo(4)
        self._histories: Memo[UnitHistory] = Memo(64)
        self._threads: Memo[Threads] = Memo(4)
        self._followed: Memo[Threads] = Memo(4)
        self._views: Memo[StructureView] = Memo(16)
        self._indexes: dict[str, SearchIndex] = {}
        self._index_lock = threading.Lock()

    # -- the agencies ---------------------------------------------------------

    def states(self) -> list[AgencyState]:
        infos = self.archive.list_snapshots()
        return [self._state(code, [i for i in infos if i.agency == code])
                for code in sorted({i.agency for i in infos})]

    def state(self, code: str) -> AgencyState:
        """The agency ``code`` (``state.code`` is as the archive spells it: codes
        match whatever their case); NotFoundError naming the agencies held."""
        infos = self.archive.list_snapshots(code)
        if not infos:
            code = self.archive.default_agency(code)
            infos = self.archive.list_snapshots(code)
        return self._state(code, infos)

    def _state(self, code: str, infos: Sequence[SnapshotInfo]) -> AgencyState:
        current = tuple(sorted((i for i in infos if i.is_current), key=lambda i: (i.as_of, i.id)))
        return AgencyState(code, current, len(infos) - len(current),
                           tuple(self.archive.lineage_events(code)),
                           tuple(self.archive.lineage_units(code)))

    def stored(self, snapshot_id: int) -> StoredSnapshot:
        return self._stored.get(snapshot_id, lambda: self.archive.get(snapshot_id))

    # -- pages ----------------------------------------------------------------

    def threads(self, state: AgencyState) -> Threads:
        """Every unit of the agency followed across all its sources (built once
        per set of snapshots and events: the diff engine over each pair)."""
        def build() -> Threads:
            record = AgencyRecord.of(state.code, [self.stored(i) for i in state.ids],
                                     state.events, state.named)
            return threads_of(record, diff=self._step(state.events))

        return self._threads.get(state.key, build)

    def followed(self, state: AgencyState) -> Threads:
        """The agency's threads as the structure pages and a unit's history need
        them, read from the derived cache when it holds them for exactly these
        records (``archive.cached_threads``), else ``threads`` (then cached).
        Read from the cache they carry no diffs: the report uses ``threads``."""
        def build() -> Threads:
            return followed(self.archive.engine, state.code, state.snapshots, state.events,
                            state.named, lambda: self.threads(state))

        return self._followed.get(state.key, build)

    def structure(self, state: AgencyState, at: date) -> StructureView:
        """The best-known structure on a date (SPEC §4), as ``show --at`` gives it."""
        in_effect = None
        try:
            in_effect = self.archive.in_effect(at, state.code)
        except NotFoundError:
            pass
        alone = in_effect is not None and stands_alone(in_effect, state.events, at)
        # What the units and their citations are drawn from (the page's tree is
        # memoised by it): every date a complete snapshot answers alone shares it.
        identity: tuple[object, ...] = (
            ("stands", in_effect.id, state.key) if alone and in_effect is not None
            else ("assembled", state.key, at))

        def build() -> StructureView:
            if alone and in_effect is not None:
                structure = as_it_stands(self.stored(in_effect.id), state.events, at)
            else:
                structure = structure_at(self.followed(state), at)
            if not structure.units:
                raise nothing_known(state.code, at, [i.as_of for i in state.snapshots]
                                    + [e.date for e in state.events])
            return structure_from_assembled(structure, identity)

        return self._views.get((identity, at), build)

    def diff(self, state: AgencyState, before: date, after: date) -> Diff:
        """What ``Archive.diff`` answers for the two dates: the diff engine on the
        snapshots in effect, with the agency's curated events (read from the
        memo of snapshots, which the structure pages have often filled)."""
        old = self.stored(self.archive.in_effect(before, state.code).id)
        new = self.stored(self.archive.in_effect(after, state.code).id)
        return self._step(state.events)(old, new)

    def _step(self, events: tuple[LineageEvent, ...]) -> DiffFunction:
        run = engine_diff(events)

        def step(a: StoredSnapshot, b: StoredSnapshot) -> Diff:
            return self._diffs.get((a.info.id, b.info.id, events), lambda: run(a, b))

        return step

    def report(self, state: AgencyState, start: date | None, end: date | None) -> Report:
        """The period report, as ``orgarchive report`` builds it."""
        return self._reports.get((state.key, start, end),
                                 lambda: build_report(self.threads(state), start, end))

    def history(self, state: AgencyState, unit: str) -> UnitHistory:
        """One unit's life, as ``orgarchive history`` tells it."""
        return self._histories.get((state.key, unit),
                                   lambda: unit_history(self.followed(state), unit))

    def search_index(self, state: AgencyState) -> SearchIndex:
        """The agency's unit variants; only snapshots stored since the last
        request are read, unless a revision replaced one already indexed."""
        with self._index_lock:
            index = self._indexes.get(state.code)
            if index is None or not index.covers(state.ids):
                index = SearchIndex.build(self.archive, state.ids, index)
                self._indexes[state.code] = index
            return index

    def warm(self) -> None:
        """Work the first requests would otherwise wait for, done ahead (the
        server calls this once, on a thread of its own): the search indexes,
        then each agency's threads, which a unit's history and the structure
        assembled from partial sources are told from: read from the derived
        cache, or worked out (the diff engine over every pair of consecutive
        snapshots) and cached for the next start. Last, when they came from
        the cache, the consecutive diffs the period report also tells."""
        states = self.states()
        for state in states:
            self.search_index(state)
        for state in states:
            self.followed(state)
        for state in states:
            self.threads(state)
