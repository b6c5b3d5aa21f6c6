"""The one seam between domain objects and rows, and the unit of work around it.

``UnitOfWork`` opens a session in one transaction and rolls it back unless the
caller commits, so "nothing written on error" is the default. ``Repository``
reads rows into domain objects (Snapshot, SnapshotInfo, LineageEvent) and
writes domain objects as rows; it never updates or deletes a snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import Engine, Row, exists, func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from ..domain import (
    Coverage,
    Lineage,
    LineageEvent,
    Snapshot,
    SnapshotInfo,
    Source,
    Unit,
)
from ..gcpause import paused_gc
from .database import database_error, writer
from .tables import (
    LINEAGE_EVENTS,
    LINEAGE_UNITS,
    UNITS,
    AgencyRow,
    LineageEventRow,
    LineageFileRow,
    SnapshotRow,
)
from .unit_rows import insert_units, read_units, units_from_rows

if TYPE_CHECKING:  # only loading writes snapshots: `diff` and `show` need not import it
    from ..files.prepared import PreparedSnapshot


class UnitVariant(NamedTuple):
    """One distinct wording of a unit and when the archive saw it (see unit_variants)."""

    key: str
    name: str
    acronym: str | None
    kind: str | None
    description: str | None
    first: date
    last: date
    seen: int  # in how many of the snapshots asked about


def _source(
    title: str | None, url: str | None, archived: str | None, note: str | None
) -> Source | None:
    if title is None and url is None and archived is None and note is None:
        return None
    return Source(title=title, url=url, archived_url=archived, note=note)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Repository:
    """Rows in, domain objects out (and back), within one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- agencies -----------------------------------------------------------

    def agency_id(self, code: str) -> int | None:
        return self.session.scalar(select(AgencyRow.id).where(AgencyRow.code == code))

    def agency_codes(self) -> list[str]:
        """Agencies that hold at least one snapshot, in code order."""
        has_snapshot = exists().where(SnapshotRow.agency_id == AgencyRow.id)
        return list(self.session.scalars(
            select(AgencyRow.code).where(has_snapshot).order_by(AgencyRow.code)))

    def ensure_agency(self, code: str) -> int:
        """Insert-or-get, safe against another writer creating it at the same time."""
        found = self.agency_id(code)
        if found is not None:
            return found
        try:
            with self.session.begin_nested():
                self.session.execute(insert(AgencyRow).values(code=code))
        except IntegrityError:
            pass  # created meanwhile by a concurrent load: read it back
        found = self.agency_id(code)
        assert found is not None
        return found

    # -- snapshots: writing -------------------------------------------------

    def snapshot_with_hash(self, agency_id: int, content_hash: str) -> int | None:
        return self.session.scalar(select(SnapshotRow.id).where(
            SnapshotRow.agency_id == agency_id, SnapshotRow.content_hash == content_hash))

    def revised_by(self, snapshot_id: int) -> int | None:
        return self.session.scalar(select(SnapshotRow.id).where(SnapshotRow.revises == snapshot_id))

    def add_snapshot(self, agency_id: int, prepared: PreparedSnapshot, revises: int | None) -> int:
        """Insert the snapshot row and its units. Raises IntegrityError (the
        savepoint rolled back) when a concurrent writer stored the same content
        or revised the same snapshot first."""
        snapshot = prepared.header
        source = snapshot.source or Source()
        with self.session.begin_nested():
            new_id: int | None = self.session.scalar(insert(SnapshotRow).values(
                agency_id=agency_id, as_of=snapshot.as_of, observed=snapshot.observed,
                coverage=snapshot.coverage, agency_name=snapshot.agency_name,
                source_title=source.title, source_url=source.url,
                source_archived_url=source.archived_url, source_note=source.note,
                content_hash=prepared.content_hash, recorded_at=datetime.now(UTC),
                revises=revises, unit_count=prepared.unit_count,
            ).returning(SnapshotRow.id))
            assert new_id is not None
            self._add_units(new_id, prepared.rows)
        return new_id

    def _add_units(self, snapshot_id: int, rows: list[Any]) -> None:
        """Bulk insert in batches, never ORM objects one by one.

        ``rows`` holds UNIT_ROW_WIDTH values per unit (position first, no
        snapshot id). These columns need no type conversion, so the values
        go to the driver as they are: SQLite's executemany of multi-row
        INSERTs, and PostgreSQL's COPY through psycopg 3. Any other driver
        gets Core executemany, which SQLAlchemy turns into multi-row INSERTs.
        """
        with paused_gc():
            insert_units(self.session, snapshot_id, rows)

    # -- snapshots: reading -------------------------------------------------

    def _info_query(self) -> Any:
        newer = aliased(SnapshotRow)
        return (
            select(SnapshotRow, AgencyRow.code, newer.id)
            .join(AgencyRow, AgencyRow.id == SnapshotRow.agency_id)
            .outerjoin(newer, newer.revises == SnapshotRow.id)
        )

    @staticmethod
    def _info(row: Row[Any]) -> SnapshotInfo:
        s, code, superseded_by = cast(tuple[SnapshotRow, str, int | None], tuple(row))
        return SnapshotInfo(
            id=s.id, agency=code, as_of=s.as_of, coverage=cast(Coverage, s.coverage),
            content_hash=s.content_hash, recorded_at=_utc(s.recorded_at),
            unit_count=s.unit_count, observed=s.observed, agency_name=s.agency_name,
            source=_source(s.source_title, s.source_url, s.source_archived_url, s.source_note),
            revises=s.revises, superseded_by=superseded_by,
        )

    def infos(self, agency: str | None = None) -> list[SnapshotInfo]:
        query = self._info_query()
        if agency is not None:
            query = query.where(AgencyRow.code == agency)
        query = query.order_by(AgencyRow.code, SnapshotRow.as_of, SnapshotRow.id)
        return [self._info(row) for row in self.session.execute(query)]

    def info(self, snapshot_id: int) -> SnapshotInfo | None:
        row = self.session.execute(self._info_query().where(SnapshotRow.id == snapshot_id)).first()
        return None if row is None else self._info(row)

    def snapshot_ids(self) -> list[int]:
        return list(self.session.scalars(select(SnapshotRow.id).order_by(SnapshotRow.id)))

    def units(self, snapshot_id: int,
              like: tuple[int, Sequence[Unit]] | None = None) -> tuple[Unit, ...]:
        """The snapshot's units in file order.

        On SQLite and psycopg the rows come straight from the driver's cursor
        as plain tuples and become Units through the fast constructor (for
        100,000 units this halves the time of ``show``); other drivers go
        through SQLAlchemy rows. ``like`` (another snapshot's id and units,
        already read): its Units are reused for the units identical to them
        (``unit_rows.read_units``).
        """
        with paused_gc():
            return read_units(self.session, snapshot_id, like)

    def unit_variants(self, snapshot_ids: Sequence[int]) -> list[UnitVariant]:
        """Each distinct (key, name, acronym, kind, description) among the units
        of these snapshots, with the first and last ``as_of`` it was seen and in
        how many of them. 50 snapshots of 10,000 units fold to about 19,000
        variants: small enough for a word search to scan in memory."""
        table = UNITS
        text = (table.c.key, table.c.name, table.c.acronym, table.c.kind, table.c.description)
        found: dict[tuple[Any, ...], UnitVariant] = {}
        ids = sorted(set(snapshot_ids))
        for start in range(0, len(ids), 500):  # bounded IN lists on any engine
            query = (
                select(*text, func.min(SnapshotRow.as_of), func.max(SnapshotRow.as_of),
                       func.count())
                .join(SnapshotRow, SnapshotRow.id == table.c.snapshot_id)
                .where(table.c.snapshot_id.in_(ids[start:start + 500]))
                .group_by(*text))
            for row in self.session.execute(query):
                variant = UnitVariant(*row)
                old = found.get(variant[:5])
                if old is not None:  # seen in an earlier batch of snapshots too
                    variant = variant._replace(first=min(old.first, variant.first),
                                               last=max(old.last, variant.last),
                                               seen=old.seen + variant.seen)
                found[variant[:5]] = variant
        return list(found.values())

    @staticmethod
    def snapshot(info: SnapshotInfo, units: tuple[Unit, ...]) -> Snapshot:
        return Snapshot(
            agency=info.agency, as_of=info.as_of, units=units, agency_name=info.agency_name,
            observed=info.observed, coverage=info.coverage, source=info.source,
        )

    def in_effect(self, agency: str, on: date, known_at: datetime | None = None) -> int | None:
        """The latest current snapshot with as_of <= on; a tie goes to a
        complete one, then to the one stored last. With ``known_at``, as the
        archive stood then: only snapshots recorded by that moment, and current
        unless a revision of them was recorded by that moment."""
        newer = aliased(SnapshotRow)
        revised = newer.revises == SnapshotRow.id
        known = []
        if known_at is not None:
            revised = revised & (newer.recorded_at <= known_at)
            known.append(SnapshotRow.recorded_at <= known_at)
        current = ~exists().where(revised)
        return self.session.scalar(
            select(SnapshotRow.id)
            .join(AgencyRow, AgencyRow.id == SnapshotRow.agency_id)
            .where(AgencyRow.code == agency, SnapshotRow.as_of <= on, current, *known)
            .order_by(SnapshotRow.as_of.desc(), (SnapshotRow.coverage == "complete").desc(),
                      SnapshotRow.recorded_at.desc(), SnapshotRow.id.desc())
            .limit(1))

    def first_as_of(self, agency: str) -> date | None:
        return self.session.scalar(
            select(func.min(SnapshotRow.as_of))
            .join(AgencyRow, AgencyRow.id == SnapshotRow.agency_id)
            .where(AgencyRow.code == agency))

    # -- lineage ------------------------------------------------------------

    def lineage_with_hash(self, agency_id: int, content_hash: str) -> int | None:
        return self.session.scalar(select(LineageFileRow.id).where(
            LineageFileRow.agency_id == agency_id, LineageFileRow.content_hash == content_hash))

    def add_lineage(self, agency_id: int, lineage: Lineage, content_hash: str) -> int:
        with self.session.begin_nested():
            file_id: int | None = self.session.scalar(insert(LineageFileRow).values(
                agency_id=agency_id, content_hash=content_hash, recorded_at=datetime.now(UTC),
                event_count=len(lineage.events)).returning(LineageFileRow.id))
            assert file_id is not None
            rows = [self._event_row(file_id, i, e) for i, e in enumerate(lineage.events)]
            if rows:
                self.session.connection().execute(insert(LINEAGE_EVENTS), rows)
            named = [self._lineage_unit_row(file_id, i, u) for i, u in enumerate(lineage.units)]
            if named:
                self.session.connection().execute(insert(LINEAGE_UNITS), named)
        return file_id

    @staticmethod
    def _lineage_unit_row(file_id: int, position: int, unit: Unit) -> dict[str, Any]:
        aliases = None if unit.aliases is None else json.dumps(list(unit.aliases),
                                                               ensure_ascii=False)
        return {
            "lineage_file_id": file_id, "position": position, "key": unit.key,
            "name": unit.name, "acronym": unit.acronym, "kind": unit.kind,
            "parent_key": unit.parent, "description": unit.description, "aliases": aliases,
            "parent_known": unit.parent_known,
        }

    @staticmethod
    def _event_row(file_id: int, position: int, event: LineageEvent) -> dict[str, Any]:
        source = event.source or Source()
        return {
            "lineage_file_id": file_id, "position": position, "event_date": event.date,
            "type": event.type, "from_keys": json.dumps(list(event.from_keys)),
            "to_keys": json.dumps(list(event.to_keys)), "note": event.note,
            "source_title": source.title, "source_url": source.url,
            "source_archived_url": source.archived_url, "source_note": source.note,
        }

    def lineage_events(self, agency: str) -> list[LineageEvent]:
        """Every curated event of the agency, in date order, duplicates dropped."""
        rows = self.session.scalars(
            select(LineageEventRow)
            .join(LineageFileRow, LineageFileRow.id == LineageEventRow.lineage_file_id)
            .join(AgencyRow, AgencyRow.id == LineageFileRow.agency_id)
            .where(AgencyRow.code == agency)
            .order_by(LineageEventRow.event_date, LineageEventRow.lineage_file_id,
                      LineageEventRow.position))
        return list(dict.fromkeys(self._event(r) for r in rows))

    def lineage_units(self, agency: str) -> list[Unit]:
        """Units the agency's lineage files name, in load order (a key named by
        several files appears once per file; the later file comes last)."""
        table = LINEAGE_UNITS
        rows = self.session.execute(
            select(table.c.key, table.c.name, table.c.acronym, table.c.kind, table.c.parent_key,
                   table.c.description, table.c.aliases, table.c.parent_known)
            .join(LineageFileRow, LineageFileRow.id == table.c.lineage_file_id)
            .join(AgencyRow, AgencyRow.id == LineageFileRow.agency_id)
            .where(AgencyRow.code == agency)
            .order_by(LineageFileRow.id, table.c.position)).all()
        return list(dict.fromkeys(units_from_rows(rows)))

    def lineage_file_ids(self) -> list[int]:
        return list(self.session.scalars(select(LineageFileRow.id).order_by(LineageFileRow.id)))

    def lineage_file(self, file_id: int) -> tuple[str, str, int, Lineage]:
        """A stored lineage file: (agency, recorded hash, recorded event count,
        its content as read back from the rows)."""
        row = self.session.execute(
            select(AgencyRow.code, LineageFileRow.content_hash, LineageFileRow.event_count)
            .join(AgencyRow, AgencyRow.id == LineageFileRow.agency_id)
            .where(LineageFileRow.id == file_id)).one()
        code, digest, count = row
        events = self.session.scalars(
            select(LineageEventRow).where(LineageEventRow.lineage_file_id == file_id)
            .order_by(LineageEventRow.position))
        table = LINEAGE_UNITS
        named = self.session.execute(
            select(table.c.key, table.c.name, table.c.acronym, table.c.kind, table.c.parent_key,
                   table.c.description, table.c.aliases, table.c.parent_known)
            .where(table.c.lineage_file_id == file_id).order_by(table.c.position)).all()
        lineage = Lineage(agency=code, events=tuple(self._event(e) for e in events),
                          units=tuple(units_from_rows(named)))
        return code, digest, count, lineage

    @staticmethod
    def _event(r: LineageEventRow) -> LineageEvent:
        return LineageEvent(
            date=r.event_date, type=cast(Any, r.type),
            from_keys=tuple(json.loads(r.from_keys)), to_keys=tuple(json.loads(r.to_keys)),
            note=r.note,
            source=_source(r.source_title, r.source_url, r.source_archived_url, r.source_note),
        )


class UnitOfWork:
    """One transaction: ``with UnitOfWork(engine, write=True) as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` (or through an exception) rolls
    everything back. A database that fails (unreachable server, locked file)
    surfaces as a one-line OrgArchiveError.
    """

    def __init__(self, engine: Engine, *, write: bool = False) -> None:
        self._engine = writer(engine) if write else engine
        self._session: Session | None = None

    @property
    def repo(self) -> Repository:
        assert self._session is not None, "use UnitOfWork in a with block"
        return Repository(self._session)

    def __enter__(self) -> UnitOfWork:
        self._session = Session(bind=self._engine, expire_on_commit=False, autoflush=False)
        return self

    def commit(self) -> None:
        assert self._session is not None
        try:
            self._session.commit()
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise database_error(exc, self._engine.url) from None

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None
        if isinstance(exc, SQLAlchemyError) and not isinstance(exc, IntegrityError):
            raise database_error(exc, self._engine.url) from None
