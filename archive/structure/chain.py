"""The diff engine run over stored snapshots: the one place that wires it up.

``diff_stored`` compares two stored snapshots with the agency's curated
events and labels each side with its snapshot id (a later snapshot first
gives the changes told backwards); ``chain_diffs`` runs it over
every consecutive pair of a record's snapshots. ``Archive.diff``, the period
report and the unit threads all go through here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..domain import (
    CHANGE_TYPES,
    ChangeType,
    Diff,
    FieldChange,
    LineageEvent,
    SnapshotRef,
    StoredSnapshot,
)

DiffFunction = Callable[[StoredSnapshot, StoredSnapshot], Diff]
Progress = Callable[[int, int], None]  # (done, total)


def diff_stored(
    before: StoredSnapshot, after: StoredSnapshot, events: Sequence[LineageEvent] = ()
) -> Diff:
    """The engine's diff of two stored snapshots, curated events applied.

    When ``before`` is the later snapshot the engine compares them in time
    order and the result is told backwards (``reversed_diff``), so the curated
    events between them still decide the units they name; a renderer knows it
    by ``diff.before.as_of`` being after ``diff.after.as_of``.
    """
    from ..engine.diff import diff_snapshots

    if before.info.as_of > after.info.as_of:
        return reversed_diff(diff_stored(after, before, events))
    return diff_snapshots(
        before.snapshot,
        after.snapshot,
        events,
        before_ref=SnapshotRef(before.info.id, before.info.as_of, before.info.coverage),
        after_ref=SnapshotRef(after.info.id, after.info.as_of, after.info.coverage),
    )


def engine_diff(events: Sequence[LineageEvent]) -> DiffFunction:
    """``diff_stored`` with the events bound: the default diff function."""

    def run(before: StoredSnapshot, after: StoredSnapshot) -> Diff:
        return diff_stored(before, after, events)

    return run


def chain_diffs(
    snapshots: Sequence[StoredSnapshot], diff: DiffFunction, progress: Progress | None = None
) -> list[Diff]:
    """``diff(snapshots[i], snapshots[i + 1])`` for every consecutive pair."""
    out: list[Diff] = []
    total = max(len(snapshots) - 1, 0)
    for i in range(total):
        out.append(diff(snapshots[i], snapshots[i + 1]))
        if progress is not None:
            progress(i + 1, total)
    return out


_OPPOSITE: dict[str, ChangeType] = {"added": "removed", "removed": "added",
                                    "merged": "split", "split": "merged"}


def reversed_diff(diff: Diff) -> Diff:
    """The same changes told backwards in time: ``diff`` from B to A, given A to B.

    Every record's sides and field values swap; added and removed, merged and
    split trade places; renamed, moved and modified stay. Curated records keep
    their events, now applied backwards.
    """
    changes = []
    for change in diff.changes:
        kinds = {_OPPOSITE.get(t, t) for t in change.types}
        changes.append(replace(
            change,
            types=tuple(t for t in CHANGE_TYPES if t in kinds),
            before=change.after,
            after=change.before,
            fields={name: FieldChange(f.new, f.old) for name, f in change.fields.items()},
        ))
    changes.sort(key=lambda c: (CHANGE_TYPES.index(c.types[0]), tuple(u.key for u in c.before),
                                tuple(u.key for u in c.after)))
    return Diff(
        agency=diff.agency,
        before=diff.after,
        after=diff.before,
        changes=tuple(changes),
        unchanged=tuple((a, b) for b, a in diff.unchanged),
        unobserved=diff.unobserved,
    )
