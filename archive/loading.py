"""Loading files into the archive: read and checked within the published
limits, then stored in one transaction (``load_paths``, behind
:meth:`Archive.load`).

Limits of one load (docs/files.md, "Limits"): the files given may hold at
most ``MAX_LOAD_BYTES`` together, checked from their sizes before any is
read, and at most ``MAX_LOAD_UNITS`` units, counted as each file is read.
A lineage file is checked at store time against the events already stored
for its agency, so two files cannot contradict each other either.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeAlias, cast

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from .domain import Lineage, Snapshot
from .errors import InputError, NotFoundError, OrgArchiveError
from .files.canonical import lineage_hash
from .files.limits import LIMITS_DOC, MAX_LOAD_BYTES, MAX_LOAD_UNITS
from .files.lineage_check import first_contradiction
from .files.prepared import PreparedSnapshot, prepare
from .gcpause import paused_gc
from .store import database
from .store.repository import Repository, UnitOfWork

ProgressCallback = Callable[[int, int], None]  # (done, total)


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


# A file read for loading: a snapshot (checked, or already as its rows and
# hash: see orgarchive.files.prepared), or a lineage.
Read: TypeAlias = Snapshot | PreparedSnapshot | Lineage
# What is stored: a snapshot as its rows and hash, or a lineage.
Loadable: TypeAlias = PreparedSnapshot | Lineage


def read_all(
    paths: Sequence[str | Path], progress: ProgressCallback | None, steps_per_file: int
) -> list[tuple[Path, Read]]:
    """Read and check every file; report progress as one step per file of
    ``steps_per_file`` (2 when the files will be stored next, 1 for a dry run)."""
    from .files.read import expand_paths, read_for_load

    files = expand_paths(list(paths))
    _check_total_size(files)
    read: list[tuple[Path, Read]] = []
    units = 0
    for path in files:
        document = read_for_load(path, MAX_LOAD_UNITS - units)
        units += unit_count(document)
        if units > MAX_LOAD_UNITS:
            raise _too_many_units(path)
        read.append((path, document))
        if progress is not None:
            progress(len(read), steps_per_file * len(files))
    return read


def unit_count(document: Read) -> int:
    if isinstance(document, PreparedSnapshot):
        return document.unit_count
    return len(document.units)


def _check_total_size(files: list[Path]) -> None:
    total = 0
    for path in files:
        try:
            total += os.stat(path).st_size
        except OSError:
            continue  # the reader names the problem with this file
    if total > MAX_LOAD_BYTES:
        mib = 2**20
        raise OrgArchiveError(
            f"the {len(files)} files given hold {total / mib:,.0f} MB, over the limit of "
            f"{MAX_LOAD_BYTES // mib} MB for one load ({LIMITS_DOC}): load them in parts"
        )


def _too_many_units(path: Path) -> InputError:
    return InputError(str(path), f"the load holds more than {MAX_LOAD_UNITS:,} units, the limit "
                                 f"for one load ({LIMITS_DOC}): load the files in parts")


def store_snapshot(
    repo: Repository, prepared: PreparedSnapshot, revises: int | None
) -> tuple[str, int]:
    snapshot = prepared.header
    agency_id = repo.ensure_agency(snapshot.agency)
    found = _stored_already(repo, agency_id, prepared, revises)
    if found is not None:
        return "already stored", found
    try:
        return "stored", repo.add_snapshot(agency_id, prepared, revises)
    except IntegrityError:
        # A concurrent writer got there first: same content, or same revision.
        found = _stored_already(repo, agency_id, prepared, revises)
        if found is not None:
            return "already stored", found
        raise


def _stored_already(
    repo: Repository, agency_id: int, prepared: PreparedSnapshot, revises: int | None
) -> int | None:
    """The id of a stored snapshot with the same content (None if there is
    none), after checking that ``revises`` is a revision this load may make."""
    existing = repo.snapshot_with_hash(agency_id, prepared.content_hash)
    if revises is not None:
        if existing is not None:
            check_same_revision(repo, existing, revises)
        else:
            check_revisable(repo, prepared.header, revises)
    return existing


def check_revisable(repo: Repository, snapshot: Snapshot, revises: int) -> None:
    old = repo.info(revises) if 0 < revises <= database.MAX_ROW_ID else None
    if old is None:
        raise NotFoundError(f"no snapshot {revises} to revise")
    if old.agency != snapshot.agency:
        raise OrgArchiveError(
            f"snapshot {revises} is of agency {old.agency}; the file is of agency {snapshot.agency}"
        )
    newer = repo.revised_by(revises)
    if newer is not None:
        raise OrgArchiveError(
            f"snapshot {revises} is already revised by snapshot {newer}: revise {newer} instead"
        )


def check_same_revision(repo: Repository, existing: int, revises: int) -> None:
    """A revision whose content is already stored: fine (nothing to do) only if
    that stored snapshot is this very revision of ``revises``."""
    info = repo.info(existing)
    assert info is not None
    if info.revises == revises:
        return
    if existing == revises:
        raise OrgArchiveError(
            f"--revises {revises}: the file is the same as snapshot {revises}; "
            "there is nothing to correct, nothing was stored"
        )
    raise OrgArchiveError(
        f"--revises {revises}: the file's content is already stored as snapshot {existing} "
        f"(as of {info.as_of.isoformat()}), so it cannot be recorded as a revision of "
        f"snapshot {revises}; nothing was stored"
    )


def store_lineage(repo: Repository, lineage: Lineage, path: Path) -> tuple[str, int]:
    agency_id = repo.ensure_agency(lineage.agency)
    digest = lineage_hash(lineage)
    existing = repo.lineage_with_hash(agency_id, digest)
    if existing is not None:
        return "already stored", existing
    found = first_contradiction(lineage.events, repo.lineage_events(lineage.agency))
    if found is not None:
        raise InputError(str(path), found.message())
    try:
        return "stored", repo.add_lineage(agency_id, lineage, digest)
    except IntegrityError:
        existing = repo.lineage_with_hash(agency_id, digest)
        if existing is None:
            raise
        return "already stored", existing


def outcome(path: str, doc: Read, status: str, ident: int | None) -> LoadOutcome:
    if isinstance(doc, Snapshot):
        return LoadOutcome(path=path, kind="snapshot", status=status, snapshot_id=ident,
                           agency=doc.agency, as_of=doc.as_of, unit_count=len(doc.units))
    if isinstance(doc, PreparedSnapshot):
        head = doc.header
        return LoadOutcome(path=path, kind="snapshot", status=status, snapshot_id=ident,
                           agency=head.agency, as_of=head.as_of, unit_count=doc.unit_count)
    return LoadOutcome(path=path, kind="lineage", status=status, snapshot_id=ident,
                       agency=doc.agency, event_count=len(doc.events))


# A load whose transaction lost a race is retried from the start this often.
_LOAD_ATTEMPTS = 3


def load_paths(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    dry_run: bool = False,
    revises: int | None = None,
    progress: ProgressCallback | None = None,
) -> list[LoadOutcome]:
    """Validate every file first, then store all in one transaction: the
    load behind ``Archive.load`` and ``orgarchive load``. A transaction that
    loses a race with a concurrent writer is retried from the start."""
    # Reading, hashing and storing 100,000 units makes millions of objects
    # and no cycles: the collector's rescans would cost 10-30% of the load.
    with paused_gc():
        return _load(engine, paths, dry_run=dry_run, revises=revises, progress=progress)


def _load(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    dry_run: bool,
    revises: int | None,
    progress: ProgressCallback | None,
) -> list[LoadOutcome]:
    read = read_all(paths, progress, 1 if dry_run else 2)
    if revises is not None:
        kinds = [d for _, d in read if not isinstance(d, Lineage)]
        if len(read) != 1 or len(kinds) != 1:
            raise OrgArchiveError(
                f"--revises takes exactly one snapshot file; got {len(read)} files"
            )
    if dry_run:
        if revises is not None:  # a dry run checks the revision as a load would
            _check_revision(engine, read[0][1], revises)
        return [outcome(str(p), doc, "valid", None) for p, doc in read]
    documents: list[tuple[Path, Loadable]] = [
        (p, prepare(d) if isinstance(d, Snapshot) else d) for p, d in read
    ]
    # The bulk inserts talk to the driver directly: its errors (a full
    # disk during COPY, say) are not wrapped by SQLAlchemy.
    driver_error: type[Exception] = engine.dialect.loaded_dbapi.Error
    for attempt in range(_LOAD_ATTEMPTS):
        try:
            return _store(engine, documents, revises, progress)
        except driver_error as exc:
            raise database.database_error(exc, engine.url) from None
        except IntegrityError:
            if attempt == _LOAD_ATTEMPTS - 1:
                raise OrgArchiveError(
                    "load kept colliding with concurrent writers; nothing was stored"
                ) from None
    raise AssertionError("unreachable")

def _check_revision(engine: Engine, doc: Read, revises: int) -> None:
    """A dry run's check of ``--revises``, as the load would make it."""
    prepared = doc if isinstance(doc, PreparedSnapshot) else prepare(cast(Snapshot, doc))
    with UnitOfWork(engine) as uow:
        agency_id = uow.repo.agency_id(prepared.header.agency)
        if agency_id is None:
            check_revisable(uow.repo, prepared.header, revises)
        else:
            _stored_already(uow.repo, agency_id, prepared, revises)


def _store(
    engine: Engine,
    documents: list[tuple[Path, Loadable]],
    revises: int | None,
    progress: ProgressCallback | None,
) -> list[LoadOutcome]:
    outcomes: list[LoadOutcome] = []
    with UnitOfWork(engine, write=True) as uow:
        for done, (path, doc) in enumerate(documents, start=1):
            if isinstance(doc, PreparedSnapshot):
                status, ident = store_snapshot(uow.repo, doc, revises)
            else:
                status, ident = store_lineage(uow.repo, doc, path)
            outcomes.append(outcome(str(path), doc, status, ident))
            if progress is not None:  # the second half, after reading
                progress(len(documents) + done, 2 * len(documents))
        uow.commit()
    return outcomes
