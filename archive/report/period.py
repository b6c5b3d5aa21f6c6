"""A period report: the story of an agency between two dates, told from its threads.

``build_report`` is pure: it takes the agency's threads (``structure``: every
unit followed across all snapshots and curated events) and returns a
``Report``:

* ``net``: the structure assembled at the start compared with the one at the
  end (``structure.compare``), plus the units that came and went inside;
* ``chains``: each unit's path through the period (renames, moves, merges,
  splits, beginnings and ends, with dates and sources);
* ``steps``: the diff engine's comparison of each consecutive pair of
  snapshots dated in the period (the first pair reaching back to the
  snapshot before the start), as ``diff`` would print it;
* the curated events dated in the period and every snapshot the report cites.

Without a start the period begins at the first date any source gives, without
an end it closes at the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain import Diff, LineageEvent, StoredSnapshot
from ..errors import NotFoundError
from ..gcpause import paused_gc
from ..structure.compare import NetChange, net_change
from ..structure.threads import Threads
from .chains import Chain, chains_of

Progress = Any  # kept for callers that passed a progress callback to the old builder


@dataclass(frozen=True)
class Report:
    agency: str
    agency_name: str | None
    asked: tuple[date | None, date | None]  # the period as asked (None: open)
    start: date
    end: date
    threads: Threads
    net: NetChange
    chains: tuple[Chain, ...]
    steps: tuple[Diff, ...]  # consecutive snapshot diffs in the period
    snapshots: tuple[StoredSnapshot, ...]  # every snapshot the report cites, date order
    events: tuple[LineageEvent, ...]  # curated events dated in the period

    @property
    def summary(self) -> dict[str, int]:
        return self.net.diff.summary()


def plain_evidence(evidence: dict[str, Any]) -> list[tuple[str, Any]]:
    """The evidence items a person can read inline: numbers, words and lists of them.

    Nested values (the curated events a record cites, say) are left to the
    JSON form; the event itself is shown with its note and source.
    """
    scalar = (str, int, float, bool)
    return [
        (k, v)
        for k, v in evidence.items()
        if isinstance(v, scalar)
        or (isinstance(v, list | tuple) and all(isinstance(x, scalar) for x in v))
    ]


def period_of(threads: Threads, start: date | None, end: date | None) -> tuple[date, date]:
    """The period asked, its open ends closed at the first and last dated source."""
    record = threads.record
    days = [s.info.as_of for s in record.snapshots] + [e.date for e in record.events]
    if not days:
        raise NotFoundError(f"the archive holds nothing about {record.agency}")
    first, last = start or min(days), end or max(days)
    if first > last:
        if start is not None and end is not None:
            raise NotFoundError(f"the period is empty: --from {start} is after --to {end}")
        raise NotFoundError(f"nothing is known of {record.agency} {_words(start, end)}")
    return first, last


def build_report(threads: Threads, start: date | None = None, end: date | None = None) -> Report:
    """The story of ``threads``' agency from ``start`` to ``end`` (both optional)."""
    # Timelines, structures and chains over half a million sightings, no cycles:
    # the collector's rescans of them would cost more than the work itself.
    with paused_gc():
        return _build_report(threads, start, end)


def _build_report(threads: Threads, start: date | None, end: date | None) -> Report:
    first, last = period_of(threads, start, end)
    record = threads.record
    net = net_change(threads, first, last)
    if not (net.start.units or net.end.units or net.passing):
        raise NotFoundError(f"no source tells of {record.agency} {_words(first, last)}")
    steps = tuple(
        diff for i, diff in enumerate(threads.diffs)
        if first <= record.snapshots[i + 1].info.as_of <= last
    )
    cited: dict[int, StoredSnapshot] = {}
    ids = {s.id for side in (net.start, net.end) for s in side.snapshots}
    ids |= {ref.id for d in steps for ref in (d.before, d.after) if ref.id is not None}
    for stored in record.snapshots:
        if stored.info.id in ids or first <= stored.info.as_of <= last:
            cited[stored.info.id] = stored
    return Report(
        agency=record.agency,
        agency_name=record.agency_name,
        asked=(start, end),
        start=first,
        end=last,
        threads=threads,
        net=net,
        chains=tuple(chains_of(threads, net, first, last)),
        steps=steps,
        snapshots=tuple(sorted(cited.values(), key=lambda s: (s.info.as_of, s.info.id))),
        events=tuple(e for e in record.events if first <= e.date <= last),
    )


def _words(start: date | None, end: date | None) -> str:
    if start and end:
        return f"between {start} and {end}"
    if start:
        return f"on or after {start}"
    if end:
        return f"on or before {end}"
    return "in the archive"
