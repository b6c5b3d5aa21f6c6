"""A period report: the story of an agency between two dates.

``build_report`` is pure: it takes stored snapshots, curated events and a
diff function, and returns a ``Report`` (snapshots used, the diff of each
consecutive pair, the net diff first to last, lineage threads, events).
``report_from_archive`` is the thin entry point that reads an ``Archive``.

Which snapshots: the current revisions of the agency whose ``as_of`` falls in
the period, plus the one *in effect* on the start date (the latest before
it), so the report starts from the structure that stood on that day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..domain import Diff, LineageEvent, SnapshotInfo, SnapshotRef, StoredSnapshot, Unit
from ..errors import NotFoundError
from .threads import Thread, trace_threads

DiffFunction = Callable[[StoredSnapshot, StoredSnapshot], Diff]
Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class Report:
    agency: str
    agency_name: str | None
    start: date | None  # the period asked for (None: open)
    end: date | None
    snapshots: tuple[StoredSnapshot, ...]  # in date order
    steps: tuple[Diff, ...]  # steps[i] compares snapshots[i] and [i + 1]
    net: Diff | None  # first to last; None with a single snapshot
    threads: tuple[Thread, ...]
    events: tuple[LineageEvent, ...]  # curated events dated within the period
    _maps: dict[int, dict[str, Unit]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def chains(self) -> list[Thread]:
        """Threads worth telling: renamed, moved, merged or split somewhere.

        A unit whose only event is being merged away is told in the chain of
        the unit it merged into ("merger of A + B → C"), and a unit whose only
        event is being split off in the chain of the unit it came from.
        """
        return [t for t in self.threads if t.is_story and not _told_elsewhere(t)]

    def as_of(self, index: int) -> date:
        return self.snapshots[index].snapshot.as_of

    def unit(self, index: int, key: str) -> Unit | None:
        """The unit with ``key`` in snapshot ``index`` (maps built once, on demand)."""
        units = self._maps.get(index)
        if units is None:
            units = self._maps[index] = self.snapshots[index].snapshot.unit_map()
        return units.get(key)


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


def _told_elsewhere(thread: Thread) -> bool:
    if thread.has_type("renamed", "moved"):
        return False
    merged_away = (
        thread.end == "merged" and thread.origin not in ("merged", "split") and thread.successors
    )
    split_off = (
        thread.origin == "split" and thread.end in ("present", "unobserved") and thread.predecessors
    )
    return bool(merged_away or split_off)


def select_snapshots(
    infos: Sequence[SnapshotInfo], start: date | None, end: date | None
) -> list[SnapshotInfo]:
    """Current revisions in the period, plus the one in effect on ``start``."""
    current = sorted((i for i in infos if i.is_current), key=lambda i: (i.as_of, i.id))
    inside = [
        i
        for i in current
        if (start is None or i.as_of >= start) and (end is None or i.as_of <= end)
    ]
    if start is not None and not any(i.as_of == start for i in inside):
        earlier = [i for i in current if i.as_of < start]
        if earlier:
            inside.insert(0, _in_effect(earlier))
    return inside


def _in_effect(candidates: list[SnapshotInfo]) -> SnapshotInfo:
    """SPEC §4: the latest date; on a tie a complete one, then the one stored last."""
    latest = max(i.as_of for i in candidates)
    tied = [i for i in candidates if i.as_of == latest]
    return max(tied, key=lambda i: (i.coverage == "complete", i.recorded_at, i.id))


def build_report(
    stored: Sequence[StoredSnapshot],
    events: Sequence[LineageEvent],
    diff: DiffFunction,
    *,
    agency: str,
    start: date | None = None,
    end: date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Diff each consecutive pair of the period's snapshots and follow every unit."""
    if start is not None and end is not None and start > end:
        raise NotFoundError(f"the period is empty: --from {start} is after --to {end}")
    by_id = {s.info.id: s for s in stored}
    chosen = [by_id[i.id] for i in select_snapshots([s.info for s in stored], start, end)]
    if not chosen:
        raise NotFoundError(f"no snapshot of {agency} {_period_words(start, end)}")
    total = len(chosen)  # the steps, plus the net diff
    steps: list[Diff] = []
    for i in range(len(chosen) - 1):
        steps.append(diff(chosen[i], chosen[i + 1]))
        if progress is not None:
            progress(i + 1, total)
    net: Diff | None = None
    if len(chosen) == 2:
        net = steps[0]
    elif len(chosen) > 2:
        net = diff(chosen[0], chosen[-1])
    if progress is not None:
        progress(total, total)
    threads = trace_threads([s.snapshot for s in chosen], steps, events)
    period_events = tuple(
        e
        for e in sorted(events, key=lambda e: e.date)
        if (start is None or e.date >= start) and (end is None or e.date <= end)
    )
    names = [s.snapshot.agency_name for s in chosen if s.snapshot.agency_name]
    return Report(
        agency=agency,
        agency_name=names[-1] if names else None,
        start=start,
        end=end,
        snapshots=tuple(chosen),
        steps=tuple(steps),
        net=net,
        threads=tuple(threads),
        events=period_events,
    )


def _period_words(start: date | None, end: date | None) -> str:
    if start and end:
        return f"between {start} and {end}"
    if start:
        return f"on or after {start}"
    if end:
        return f"on or before {end}"
    return "in the archive"


def engine_diff(events: Sequence[LineageEvent]) -> DiffFunction:
    """The diff engine applied to two stored snapshots, with the curated events."""
    from ..engine.diff import diff_snapshots

    def run(before: StoredSnapshot, after: StoredSnapshot) -> Diff:
        return diff_snapshots(
            before.snapshot,
            after.snapshot,
            events,
            before_ref=SnapshotRef.of(before.snapshot, before.info.id),
            after_ref=SnapshotRef.of(after.snapshot, after.info.id),
        )

    return run


def load_agency(
    archive: Any, agency: str | None
) -> tuple[str, list[StoredSnapshot], list[LineageEvent]]:
    """The agency's current snapshots (with units) and its curated events."""
    code: str = archive.default_agency(agency)
    infos = archive.list_snapshots(code, include_superseded=False)
    stored = [archive.get(info.id) for info in infos]
    return code, stored, list(archive.lineage_events(code))


def report_from_archive(
    archive: Any,
    agency: str | None = None,
    start: date | None = None,
    end: date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read the period's snapshots from an open ``Archive`` and build the report."""
    code = archive.default_agency(agency)
    infos = archive.list_snapshots(code, include_superseded=False)
    chosen = select_snapshots(infos, start, end)
    total = 2 * len(chosen)  # reading each snapshot, then one diff per snapshot
    stored = []
    for i, info in enumerate(chosen):
        stored.append(archive.get(info.id))
        if progress is not None:
            progress(i + 1, total)

    def diffs_done(done: int, _: int) -> None:
        if progress is not None:
            progress(len(chosen) + done, total)

    events = list(archive.lineage_events(code))
    return build_report(
        stored, events, engine_diff(events), agency=code, start=start, end=end, progress=diffs_done
    )
