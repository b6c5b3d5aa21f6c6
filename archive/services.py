"""The library's front door: what the command line (and any program) calls.

Each method opens one unit of work on the storage layer, so a failure
anywhere leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from .domain import (
    Diff,
    LineageEvent,
    SnapshotInfo,
    StoredSnapshot,
    Unit,
)
from .errors import AmbiguousError, NotFoundError, OrgArchiveError, SchemaError
from .store import database, migrate
from .store.repository import Repository, UnitOfWork, UnitVariant

if TYPE_CHECKING:
    # Loading and verifying are imported by the methods that do them: the file
    # checks and their YAML reader are of no use to `diff` or `show` (0.03 s).
    from .loading import LoadOutcome as LoadOutcome  # re-exported (see __getattr__)
    from .loading import ProgressCallback
    from .structure.assemble import Structure
    from .structure.record import AgencyRecord
    from .structure.threads import Threads
    from .verify import VerifyReport

# A snapshot reference from the command line: an id, or a date.
SnapshotSpec = int | date


def __getattr__(name: str) -> Any:
    """``LoadOutcome``, which callers import from here, without importing
    ``loading`` with this module."""
    if name == "LoadOutcome":
        from .loading import LoadOutcome

        return LoadOutcome
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Archive:
    """An open orgarchive database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Archive:
        """Open ``url`` (None: $ORGARCHIVE_DATABASE_URL, else the default SQLite
        file in the user's data folder, created and filled with the bundled
        snapshots on first use, whole or not at all: see
        :mod:`orgarchive.default_archive`). An explicit URL whose schema is
        missing or behind raises SchemaError naming ``orgarchive db upgrade``."""
        chosen, is_default = database.choose_url(url)
        parsed = database.parse_url(chosen)
        path = database.sqlite_file(parsed)
        if is_default and create:
            # Filled when made; its schema is brought up to date on every
            # open; a default archive made with `init --empty` stays empty.
            return cls.init(url, empty=True, fill_new=True)
        if path is not None and not database.file_exists(path):  # do not leave an empty file behind
            raise SchemaError(
                f"no database at {database.display_url(parsed)}: run `orgarchive db upgrade` "
                "(or `orgarchive init` to also load the bundled snapshots)"
            )
        archive = cls(database.make_engine(chosen))
        try:
            migrate.check(archive.engine)
        except OrgArchiveError:
            archive.close()
            raise
        return archive

    @classmethod
    def init(
        cls, url: str | None, *, empty: bool = False, fill_new: bool | None = None
    ) -> Archive:
        """Create or upgrade the database and load the bundled snapshots unless
        ``empty``. The default archive, when it does not exist yet, is built
        aside and put in place whole, filled unless ``empty`` (or as
        ``fill_new`` says, when given)."""
        from .default_archive import make_default
        from .files.bundled import bundled_paths

        chosen, is_default = database.choose_url(url)
        path = database.sqlite_file(database.parse_url(chosen))
        if path is not None:
            database.make_folder(path)
            database.file_exists(path)  # a name the file system refuses is said plainly
        made = False
        if is_default and path is not None:
            try:
                fill = not empty if fill_new is None else fill_new
                made = make_default(
                    path, lambda temp: cls.init(database.sqlite_url(temp), empty=not fill).close())
            except OSError as exc:
                raise OrgArchiveError(f"database file {database.shown_path(str(path))}: "
                                      f"{database.os_problem(exc)}") from None
        archive = cls(database.make_engine(chosen))
        try:
            if migrate.current(archive.engine) != migrate.head():
                migrate.upgrade(archive.engine)  # takes the write lock: only when needed
            if not empty and not made:
                archive.load(bundled_paths())
        except BaseException:
            archive.close()
            raise
        return archive

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ------------------------------------------------------------

    def load(
        self,
        paths: Sequence[str | Path],
        *,
        dry_run: bool = False,
        revises: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[LoadOutcome]:
        """Validate every file first, then store all in one transaction
        (``loading.load_paths``)."""
        from .loading import load_paths

        return load_paths(self.engine, paths, dry_run=dry_run, revises=revises,
                          progress=progress)

    # -- reading ------------------------------------------------------------

    def agencies(self) -> list[str]:
        with UnitOfWork(self.engine) as uow:
            return uow.repo.agency_codes()

    def default_agency(self, agency: str | None) -> str:
        """``agency`` (matched whatever its case), or the only agency held;
        NotFoundError/AmbiguousError otherwise."""
        held = self.agencies()
        if agency is not None:
            if agency in held:
                return agency
            same = [code for code in held if code.casefold() == agency.casefold()]
            if len(same) == 1:  # agency codes match whatever their case
                return same[0]
            listing = ", ".join(held) if held else "none"
            if same:
                raise AmbiguousError(
                    f"{agency!r} fits several agencies ({', '.join(same)}): give the code exactly",
                    same,
                )
            raise NotFoundError(f"no agency {agency!r} in the archive (held: {listing})")
        if not held:
            raise NotFoundError(
                "the archive holds no snapshots: load some with `orgarchive load`, or the "
                "bundled ones with `orgarchive init`"
            )
        if len(held) > 1:
            raise AmbiguousError(
                f"the archive holds several agencies ({', '.join(held)}): choose one with --agency",
                held,
            )
        return held[0]

    def list_snapshots(
        self, agency: str | None = None, *, include_superseded: bool = True
    ) -> list[SnapshotInfo]:
        """Snapshots in (agency, as_of, id) order."""
        with UnitOfWork(self.engine) as uow:
            infos = uow.repo.infos(agency)
        return [i for i in infos if include_superseded or i.is_current]

    def get(self, snapshot_id: int, *, like: StoredSnapshot | None = None) -> StoredSnapshot:
        """A stored snapshot with its units. ``like``, another stored snapshot
        already read: the units identical to its units are its very Unit
        objects (read faster, held once, and told unchanged by identity)."""
        if not 0 < snapshot_id <= database.MAX_ROW_ID:  # no row can have that id
            raise NotFoundError(f"no snapshot {snapshot_id} in the archive")
        with UnitOfWork(self.engine) as uow:
            info = uow.repo.info(snapshot_id)
            if info is None:
                raise NotFoundError(f"no snapshot {snapshot_id} in the archive")
            shared = None if like is None else (like.info.id, like.snapshot.units)
            return StoredSnapshot(info, Repository.snapshot(info, uow.repo.units(snapshot_id,
                                                                                 shared)))

    def resolve(
        self, spec: SnapshotSpec, agency: str | None = None, *, known_at: datetime | None = None,
        like: StoredSnapshot | None = None,
    ) -> StoredSnapshot:
        """An id, or the snapshot in effect on a date (SPEC §4). With
        ``known_at``, a date resolves as the archive stood at that moment
        (snapshots and revisions recorded later are left out). ``like``: as
        for ``get``."""
        if isinstance(spec, int):
            stored = self.get(spec, like=like)
            if agency is not None and stored.info.agency.casefold() != agency.casefold():
                raise NotFoundError(
                    f"snapshot {spec} is of agency {stored.info.agency}, not {agency}"
                )
            return stored
        return self.get(self.in_effect(spec, agency, known_at=known_at).id, like=like)

    def in_effect(
        self, on: date, agency: str | None = None, *, known_at: datetime | None = None
    ) -> SnapshotInfo:
        """The record (without units) of the snapshot in effect on a date, as
        ``resolve`` chooses it; NotFoundError before the agency's first snapshot."""
        code = self.default_agency(agency)
        with UnitOfWork(self.engine) as uow:
            known_at = _utc(known_at)  # stored times are UTC; SQLite compares them as text
            found = uow.repo.in_effect(code, on, known_at)
            if found is None:
                if known_at is not None:
                    raise NotFoundError(
                        f"no {code} snapshot in effect on {on.isoformat()} was recorded by "
                        f"{known_at.isoformat(timespec='seconds')}"
                    )
                first = uow.repo.first_as_of(code)
                raise NotFoundError(
                    f"no {code} snapshot in effect on {on.isoformat()}: "
                    f"the first is as of {first.isoformat() if first else 'never'}"
                )
            info = uow.repo.info(found)
        assert info is not None
        return info

    def lineage_events(self, agency: str) -> list[LineageEvent]:
        """Curated events of an agency in date order."""
        with UnitOfWork(self.engine) as uow:
            return uow.repo.lineage_events(agency)

    def lineage_units(self, agency: str) -> list[Unit]:
        """Units the agency's lineage files name (their ``units:`` lists), in
        load order; a key named by several files appears once per distinct
        description of it."""
        with UnitOfWork(self.engine) as uow:
            return uow.repo.lineage_units(agency)

    def unit_variants(self, snapshot_ids: Sequence[int]) -> list[UnitVariant]:
        """Every distinct unit text (key, name, acronym, kind, description) among
        these snapshots, with the first and last date it was seen: what a word
        search across an agency's history looks through."""
        with UnitOfWork(self.engine) as uow:
            return uow.repo.unit_variants(snapshot_ids)

    def diff(self, before: SnapshotSpec, after: SnapshotSpec, agency: str | None = None) -> Diff:
        """Resolve both sides and run the diff engine with the curated events
        between them; a later ``before`` gives the changes told backwards
        (``structure.chain.diff_stored``)."""
        from .structure.chain import diff_stored

        old = self.resolve(before, agency)
        new = self.resolve(after, agency, like=old)  # unchanged units: old's own objects
        if old.info.agency != new.info.agency:
            raise OrgArchiveError(
                f"snapshots {old.info.id} and {new.info.id} are of different agencies "
                f"({old.info.agency}, {new.info.agency})"
            )
        return diff_stored(old, new, self.lineage_events(old.info.agency))

    def record(self, agency: str | None = None, *, known_at: datetime | None = None,
               around: date | None = None,
               progress: ProgressCallback | None = None) -> AgencyRecord:
        """Everything held about one agency: its current snapshots with their
        units, its curated events and the units its lineage files name. With
        ``known_at``, as the archive stood then (snapshots and revisions
        recorded later are left out). With ``around``, only the snapshots the
        structure on that date can rest on (``structure.assemble.sources_for``)."""
        from .structure.record import AgencyRecord

        code = self.default_agency(agency)
        with UnitOfWork(self.engine) as uow:
            infos = _sources(uow.repo, code, known_at, around)
            stored = []
            for done, info in enumerate(infos, start=1):
                units = uow.repo.units(info.id)
                stored.append(StoredSnapshot(info, Repository.snapshot(info, units)))
                if progress is not None:
                    progress(done, len(infos))
            events = uow.repo.lineage_events(code)
        return AgencyRecord.of(code, stored, events, self.lineage_units(code))

    def best_known(self, at: date, agency: str | None = None, *,
                   known_at: datetime | None = None) -> Structure:
        """The best-known structure on ``at`` (SPEC §4 ``show --at``): a complete
        snapshot in effect with no curated event after it is the answer as it
        stands (only it is read); otherwise every source is read and assembled
        (``structure.assemble``) from the snapshots between the complete ones
        around the date."""
        from .structure.assemble import as_it_stands, stands_alone, structure_at

        code = self.default_agency(agency)
        events = self.lineage_events(code)
        try:
            info: SnapshotInfo | None = self.in_effect(at, code, known_at=known_at)
        except NotFoundError:
            info = None
        if info is not None and stands_alone(info, events, at):
            return as_it_stands(self.get(info.id), events, at)
        structure = structure_at(self.followed(code, known_at=known_at, around=at), at)
        if not structure.units:
            dates = [i.as_of for i in self.list_snapshots(code)] + [e.date for e in events]
            raise nothing_known(code, at, dates)
        return structure

    def followed(self, agency: str | None = None, *, known_at: datetime | None = None,
                 around: date | None = None,
                 progress: ProgressCallback | None = None) -> Threads:
        """The agency's threads over the snapshots ``record`` would read (every
        unit followed across them, ``structure.threads``), from the derived
        cache when it holds them for exactly these records, else computed and
        cached (``archive.cached_threads``; ``progress`` counts the diffs then)."""
        from .cached_threads import followed
        from .structure.threads import threads_of

        code = self.default_agency(agency)
        with UnitOfWork(self.engine) as uow:
            infos = _sources(uow.repo, code, known_at, around)
            events = uow.repo.lineage_events(code)
            named = uow.repo.lineage_units(code)
        chain = sorted(infos, key=lambda i: (i.as_of, i.id))  # AgencyRecord's order
        return followed(self.engine, code, chain, events, named, lambda: threads_of(
            self.record(code, known_at=known_at, around=around), progress=progress))

    def verify(self) -> VerifyReport:
        """Recompute every snapshot's and every lineage file's hash from its stored rows."""
        from .verify import verify_stored

        return verify_stored(self.engine)


def nothing_known(agency: str, at: date, dates: Sequence[date]) -> NotFoundError:
    """The error for a date no source places any unit on."""
    first = min(dates).isoformat() if dates else "never"
    return NotFoundError(
        f"no source places any {agency} unit on {at.isoformat()}: the first is dated {first}")


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _current(infos: Sequence[SnapshotInfo], known_at: datetime | None) -> list[SnapshotInfo]:
    """The current revisions; with ``known_at``, as they stood then."""
    if known_at is None:
        return [i for i in infos if i.is_current]
    known = [i for i in infos if i.recorded_at <= known_at]
    revised = {i.revises for i in known if i.revises is not None}
    return [i for i in known if i.id not in revised]


def _sources(repo: Repository, code: str, known_at: datetime | None,
             around: date | None) -> list[SnapshotInfo]:
    """The snapshots an agency's record rests on: the current revisions (as
    they stood at ``known_at``), only those the structure on ``around`` needs
    when it is given (``structure.assemble.sources_for``)."""
    from .structure.assemble import sources_for

    infos = _current(repo.infos(code), _utc(known_at))
    return infos if around is None else sources_for(infos, around)
