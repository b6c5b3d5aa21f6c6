"""A small hand-built ICE-like chain for report and history tests.

Three snapshots with the diffs a careful reader would write by hand (from
ICE-HISTORY.md): in 2010 OI, the Office of Intelligence and OIA merged into
HSI (curated), DRO was renamed ERO, FPS left ICE, the Office of Policy moved
under the new M&A; in 2013 (a partial snapshot of the Director's offices)
OSLC appears as OSLTC. The diffs are written out, not computed, so these
tests exercise the threads and the report alone (``sample_threads``).
"""

from __future__ import annotations

from datetime import date, datetime

from orgarchive.domain import (
    Change,
    Diff,
    FieldChange,
    LineageEvent,
    Snapshot,
    SnapshotInfo,
    SnapshotRef,
    Source,
    StoredSnapshot,
    Unit,
)
from orgarchive.structure.record import AgencyRecord
from orgarchive.structure.threads import Threads, threads_of

OI = Unit("oi", "Office of Investigations", "OI", "office")
DRO = Unit("dro", "Office of Detention and Removal Operations", "DRO", "office")
INTEL = Unit("intel", "Office of Intelligence", None, "office")
OIA = Unit("oia", "Office of International Affairs", "OIA", "office")
FPS = Unit("fps", "Federal Protective Service", "FPS", "office")
POLICY = Unit("policy", "Office of Policy", None, "office")
OSLC = Unit("oslc", "Office of State and Local Coordination", "OSLC", "office")

HSI = Unit("hsi", "Homeland Security Investigations", "HSI", "directorate")
ERO = Unit("ero", "Enforcement and Removal Operations", "ERO", "directorate")
MA = Unit("ma", "Management and Administration", "M&A", "directorate")
POLICY_2010 = Unit("policy", "Office of Policy", None, "office", parent="ma")
HSI_INTEL = Unit("hsi-intel", "Office of Intelligence", None, "office", parent="hsi")
OSLC_2010 = OSLC
# The 2013 page is partial and does not say where OSLTC sits.
OSLTC = Unit("oslc", "Office of State, Local and Tribal Coordination", "OSLTC", "office",
             parent_known=False)

MERGER = LineageEvent(
    date(2010, 6, 9),
    "merged",
    ("oi", "intel", "oia"),
    ("hsi",),
    note="OI, Intelligence and International Affairs became HSI.",
    source=Source(title="CRS report R44269", url="https://crsreports.congress.gov/R44269"),
)


def stored(id: int, snap: Snapshot, source: Source | None = None) -> StoredSnapshot:
    info = SnapshotInfo(
        id=id,
        agency=snap.agency,
        as_of=snap.as_of,
        coverage=snap.coverage,
        content_hash=f"hash{id}",
        recorded_at=datetime(2026, 1, 1, 12, id),
        unit_count=len(snap.units),
        source=source,
    )
    return StoredSnapshot(info, snap)


S2008 = stored(
    1,
    Snapshot("ICE", date(2008, 11, 1), (OI, DRO, INTEL, OIA, FPS, POLICY, OSLC)),
    Source(title="ICE Operations", url="http://www.ice.gov/about/operations.htm"),
)
S2010 = stored(
    2,
    Snapshot("ICE", date(2010, 12, 1), (HSI, ERO, MA, POLICY_2010, HSI_INTEL, OSLC_2010)),
)
S2013 = stored(
    3,
    Snapshot("ICE", date(2013, 2, 14), (OSLTC,), coverage="partial"),
)


def ref(s: StoredSnapshot) -> SnapshotRef:
    return SnapshotRef.of(s.snapshot, s.info.id)


STEP1 = Diff(
    "ICE",
    ref(S2008),
    ref(S2010),
    changes=(
        Change(("merged",), (OI, INTEL, OIA), (HSI,), 1.0, curated=True, event=MERGER),
        Change(
            ("renamed", "modified"),
            (DRO,),
            (ERO,),
            0.91,
            evidence={"name_similarity": 0.62},
            fields={
                "name": FieldChange(DRO.name, ERO.name),
                "acronym": FieldChange("DRO", "ERO"),
                "kind": FieldChange("office", "directorate"),
            },
        ),
        Change(("removed",), (FPS,), (), 0.8),
        Change(
            ("moved",), (POLICY,), (POLICY_2010,), 0.95, fields={"parent": FieldChange(None, "ma")}
        ),
        Change(("added",), (), (MA,), 0.9),
        Change(("added",), (), (HSI_INTEL,), 0.6),
    ),
    unchanged=((OSLC, OSLC_2010),),
)
STEP2 = Diff(
    "ICE",
    ref(S2010),
    ref(S2013),
    changes=(
        Change(
            ("renamed",),
            (OSLC_2010,),
            (OSLTC,),
            0.88,
            fields={
                "name": FieldChange(OSLC.name, OSLTC.name),
                "acronym": FieldChange("OSLC", "OSLTC"),
            },
        ),
    ),
    unobserved=(HSI, ERO, MA, POLICY_2010, HSI_INTEL),
)
NET = Diff(
    "ICE",
    ref(S2008),
    ref(S2013),
    changes=STEP2.changes,
    unobserved=(OI, DRO, INTEL, OIA, FPS, POLICY),
)

DIFFS = {(1, 2): STEP1, (2, 3): STEP2, (1, 3): NET}


def fake_diff(before: StoredSnapshot, after: StoredSnapshot) -> Diff:
    return DIFFS[(before.info.id, after.info.id)]


ALL = [S2008, S2010, S2013]


def sample_threads(events: tuple[LineageEvent, ...] = (MERGER,)) -> Threads:
    """The three snapshots followed through the hand-written diffs."""
    return threads_of(AgencyRecord.of("ICE", ALL, events), diff=fake_diff)
