"""The library's front door: what the command line (and any program) calls.

Each method opens one unit of work on the storage layer, so a failure
anywhere leaves the database as it was. STUB: signatures fixed by the lead;
bodies are being written in the storage work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from orgarchive.domain import Diff, LineageEvent, SnapshotInfo, StoredSnapshot

# A snapshot reference from the command line: an id, or a date.
SnapshotSpec = int | date


@dataclass(frozen=True)
class LoadOutcome:
    """What happened to one file of a load."""

    path: str
    kind: str  # "snapshot" | "lineage"
    status: str  # "stored" | "already stored" | "valid" (dry run)
    snapshot_id: int | None = None
    agency: str | None = None
    as_of: date | None = None
    unit_count: int = 0
    event_count: int = 0


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    bad: list[tuple[SnapshotInfo, str]] = field(default_factory=list)  # (snapshot, why)

    @property
    def ok(self) -> bool:
        return not self.bad


ProgressCallback = Callable[[int, int], None]  # (done, total)


class Archive:
    """An open orgarchive database."""

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Archive:
        """Open ``url`` (None: $ORGARCHIVE_DATABASE_URL, else the default SQLite
        file in the user's data folder, created and filled with the bundled
        snapshots on first use). An explicit URL whose schema is missing or
        behind raises SchemaError naming ``orgarchive db upgrade``."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def load(
        self,
        paths: Sequence[str | Path],
        *,
        dry_run: bool = False,
        revises: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[LoadOutcome]:
        """Validate every file first, then store all in one transaction."""
        raise NotImplementedError

    def agencies(self) -> list[str]:
        raise NotImplementedError

    def default_agency(self, agency: str | None) -> str:
        """``agency`` itself, or the only agency held; NotFoundError/AmbiguousError otherwise."""
        raise NotImplementedError

    def list_snapshots(
        self, agency: str | None = None, *, include_superseded: bool = True
    ) -> list[SnapshotInfo]:
        """Snapshots in (agency, as_of, id) order."""
        raise NotImplementedError

    def get(self, snapshot_id: int) -> StoredSnapshot:
        raise NotImplementedError

    def resolve(self, spec: SnapshotSpec, agency: str | None = None) -> StoredSnapshot:
        """An id, or the snapshot in effect on a date (SPEC §4)."""
        raise NotImplementedError

    def lineage_events(self, agency: str) -> list[LineageEvent]:
        """Curated events of an agency in date order."""
        raise NotImplementedError

    def diff(self, before: SnapshotSpec, after: SnapshotSpec, agency: str | None = None) -> Diff:
        """Resolve both sides and run the diff engine with the curated events between them."""
        raise NotImplementedError

    def verify(self) -> VerifyReport:
        raise NotImplementedError
