"""STUB: the diff engine's entry point (signature fixed by the lead)."""

from __future__ import annotations

from collections.abc import Sequence

from orgarchive.domain import Diff, LineageEvent, Snapshot, SnapshotRef


def diff_snapshots(
    before: Snapshot,
    after: Snapshot,
    events: Sequence[LineageEvent] = (),
    *,
    before_ref: SnapshotRef | None = None,
    after_ref: SnapshotRef | None = None,
) -> Diff:
    """Match the units of two snapshots of one agency and classify every change.

    ``events`` are curated lineage events; those dated after ``before.as_of``
    and on or before ``after.as_of`` decide the units they name.
    """
    raise NotImplementedError
