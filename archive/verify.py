"""`orgarchive verify`: every stored record checked against its content hash.

A snapshot's hash is recomputed from its unit rows and a lineage file's from
its event and unit rows, in the canonical form the load hashed; a row edited,
added or deleted behind the archive's back changes the hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from .domain import SnapshotInfo
from .files.canonical import content_hash, lineage_hash
from .store.repository import Repository, UnitOfWork


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    bad: list[tuple[SnapshotInfo, str]] = field(default_factory=list)  # (snapshot, why)
    lineage_checked: int = 0
    bad_lineage: list[tuple[int, str, str]] = field(default_factory=list)  # (file id, agency, why)

    @property
    def ok(self) -> bool:
        return not self.bad and not self.bad_lineage


def verify_stored(engine: Engine) -> VerifyReport:
    """Recompute every snapshot's and every lineage file's hash from its stored rows."""
    bad: list[tuple[SnapshotInfo, str]] = []
    bad_lineage: list[tuple[int, str, str]] = []
    with UnitOfWork(engine) as uow:
        ids = uow.repo.snapshot_ids()
        for snapshot_id in ids:
            info = uow.repo.info(snapshot_id)
            assert info is not None
            units = uow.repo.units(snapshot_id)
            actual = content_hash(Repository.snapshot(info, units))
            if actual != info.content_hash:
                why = (f"stored rows hash to {actual[:12]}…, "
                       f"recorded {info.content_hash[:12]}…")
                if len(units) != info.unit_count:
                    why += f"; {len(units)} unit rows, recorded {info.unit_count}"
                bad.append((info, why))
        files = uow.repo.lineage_file_ids()
        for file_id in files:
            agency, recorded, count, lineage = uow.repo.lineage_file(file_id)
            actual = lineage_hash(lineage)
            if actual != recorded:
                why = f"stored rows hash to {actual[:12]}…, recorded {recorded[:12]}…"
                if len(lineage.events) != count:
                    why += f"; {len(lineage.events)} event rows, recorded {count}"
                bad_lineage.append((file_id, agency, why))
    return VerifyReport(checked=len(ids), bad=bad, lineage_checked=len(files),
                        bad_lineage=bad_lineage)
