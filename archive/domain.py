"""The domain model: snapshots, units, lineage events and changes.

Plain frozen dataclasses, no I/O and no SQLAlchemy. Every other part of
orgarchive (file reading, storage, the diff engine, reports) speaks in these
types. ``None`` in an optional field means *unknown* (the source did not say),
never *empty*: SPEC §1 and §3 rely on that distinction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Coverage = Literal["complete", "partial"]
COVERAGES: tuple[Coverage, ...] = ("complete", "partial")

ChangeType = Literal["added", "removed", "renamed", "moved", "modified", "merged", "split"]
# The order in which types are listed in a change record and in summaries.
CHANGE_TYPES: tuple[ChangeType, ...] = (
    "added",
    "removed",
    "renamed",
    "moved",
    "modified",
    "merged",
    "split",
)

SNAPSHOT_FORMAT = "orgarchive.snapshot/1"
LINEAGE_FORMAT = "orgarchive.lineage/1"
CHANGES_FORMAT = "orgarchive.changes/1"

# SPEC §1 patterns, shared by the file reader and the extractor.
KEY_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
AGENCY_PATTERN = r"^[A-Za-z0-9&._-]+$"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a snapshot or a lineage fact comes from."""

    title: str | None = None
    url: str | None = None
    archived_url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """One organizational unit as a snapshot records it."""

    key: str
    name: str
    acronym: str | None = None
    kind: str | None = None
    parent: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] | None = None  # None: unknown; (): known to have none
    # False when the source does not say where the unit sits (SPEC §1: a unit
    # of a partial snapshot that leaves ``parent`` out). ``parent`` is then
    # None and means nothing: no move is ever reported from or to it.
    parent_known: bool = True


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The content of one snapshot file: an agency's units on ``as_of``."""

    agency: str
    as_of: date
    units: tuple[Unit, ...]
    agency_name: str | None = None
    observed: date | None = None
    coverage: Coverage = "complete"
    source: Source | None = None

    def unit_map(self) -> dict[str, Unit]:
        return {u.key: u for u in self.units}


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """What the archive records about a stored snapshot, without its units."""

    id: int
    agency: str
    as_of: date
    coverage: Coverage
    content_hash: str
    recorded_at: datetime
    unit_count: int
    observed: date | None = None
    agency_name: str | None = None
    source: Source | None = None
    revises: int | None = None  # id of the revision this one corrects
    superseded_by: int | None = None  # id of the newer revision, if any

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None


@dataclass(frozen=True, slots=True)
class StoredSnapshot:
    """A snapshot read back from the archive: its record plus its content."""

    info: SnapshotInfo
    snapshot: Snapshot


@dataclass(frozen=True, slots=True)
class LineageEvent:
    """A curated, cited fact about a change (SPEC §2)."""

    date: date
    type: ChangeType
    from_keys: tuple[str, ...]
    to_keys: tuple[str, ...]
    note: str | None = None
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class Lineage:
    """The content of one lineage file.

    ``units`` names units the events mention, as the lineage's sources name
    them: in particular units that no snapshot shows (an office opened and
    closed between two captured pages, an organisation closed before the
    first export of a register). A unit's ``parent`` there may be any key.
    """

    agency: str
    events: tuple[LineageEvent, ...]
    units: tuple[Unit, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldChange:
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Change:
    """One record of a change report (SPEC §3).

    ``evidence`` is free-form but documented in docs/diff.md; ``fields`` maps a
    unit field name to its old and new value. ``event`` is the curated lineage
    event that decided this record, when there is one.
    """

    types: tuple[ChangeType, ...]
    before: tuple[Unit, ...]
    after: tuple[Unit, ...]
    confidence: float
    curated: bool = False
    evidence: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, FieldChange] = field(default_factory=dict)
    event: LineageEvent | None = None


@dataclass(frozen=True, slots=True)
class SnapshotRef:
    """Which snapshot one side of a diff is: id (None if not stored), date, coverage."""

    id: int | None
    as_of: date
    coverage: Coverage

    @classmethod
    def of(cls, snapshot: Snapshot, id: int | None = None) -> SnapshotRef:
        return cls(id=id, as_of=snapshot.as_of, coverage=snapshot.coverage)


@dataclass(frozen=True, slots=True)
class Diff:
    """Everything the diff engine says about two snapshots of one agency.

    Every unit of either side appears in exactly one of: a change record,
    ``unchanged`` (as a before/after pair), or ``unobserved``.
    """

    agency: str
    before: SnapshotRef
    after: SnapshotRef
    changes: tuple[Change, ...]
    unchanged: tuple[tuple[Unit, Unit], ...] = ()
    unobserved: tuple[Unit, ...] = ()

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {t: 0 for t in CHANGE_TYPES}
        for change in self.changes:
            for t in change.types:
                counts[t] += 1
        counts["unchanged"] = len(self.unchanged)
        counts["unobserved"] = len(self.unobserved)
        return counts
