"""What the archive holds about one agency, handed to the structure code whole.

An ``AgencyRecord`` is plain data: the current snapshots in chain order
(``as_of``, then id), the curated lineage events in date order, and the
units the lineage files name (``Lineage.units``). Nothing here reads a
database; ``orgarchive.services.Archive.record`` builds one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..domain import LineageEvent, StoredSnapshot, Unit


@dataclass(frozen=True)
class AgencyRecord:
    """An agency's sources: snapshots (chain order), curated events (date order), lineage units."""

    agency: str
    snapshots: tuple[StoredSnapshot, ...]
    events: tuple[LineageEvent, ...] = ()
    lineage_units: tuple[Unit, ...] = ()

    @classmethod
    def of(
        cls,
        agency: str,
        snapshots: Iterable[StoredSnapshot],
        events: Iterable[LineageEvent] = (),
        lineage_units: Iterable[Unit] = (),
    ) -> AgencyRecord:
        """Put the parts in the record's order: snapshots by (as_of, id) and
        superseded revisions dropped, events by date (same-day events keep
        their order)."""
        chain = sorted(
            (s for s in snapshots if s.info.is_current), key=lambda s: (s.info.as_of, s.info.id)
        )
        return cls(
            agency=agency,
            snapshots=tuple(chain),
            events=tuple(sorted(events, key=lambda e: e.date)),
            lineage_units=tuple(lineage_units),
        )

    @property
    def agency_name(self) -> str | None:
        """The agency's full name from the latest snapshot that gives one."""
        for stored in reversed(self.snapshots):
            if stored.snapshot.agency_name:
                return stored.snapshot.agency_name
        return None
