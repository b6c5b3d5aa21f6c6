"""The tables: SQLAlchemy 2 typed models, the one module that owns the schema.

Rows are write-once. A snapshot is never updated or deleted: a correction is a
new row whose ``revises`` names the old one, so "superseded by" is derived from
those links instead of being stored. Optional fields the source left out are
NULL (unknown); a unit's ``aliases`` is NULL when unknown and the JSON text
``[]`` when known to be empty.

Constraints that keep the archive honest even under concurrent writers:
- ``uq_snapshots_agency_content``: the same content is stored once per agency;
- ``uq_snapshots_revises``: a snapshot is revised at most once (revisions form
  a chain, never a fork);
- ``uq_lineage_files_agency_content``: the same lineage file is stored once.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql import true

# Explicit constraint names, so migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AgencyRow(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)


class SnapshotRow(Base):
    __tablename__ = "snapshots"
    __table_args__ = (
        UniqueConstraint("agency_id", "content_hash", name="uq_snapshots_agency_content"),
        UniqueConstraint("revises", name="uq_snapshots_revises"),
        CheckConstraint("coverage IN ('complete', 'partial')", name="coverage"),
        # "The snapshot in effect on a date": agency, then as_of.
        Index("ix_snapshots_agency_as_of", "agency_id", "as_of"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    as_of: Mapped[date] = mapped_column(Date)
    observed: Mapped[date | None] = mapped_column(Date)
    coverage: Mapped[str] = mapped_column(String(16))
    agency_name: Mapped[str | None] = mapped_column(Text)
    source_title: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    source_archived_url: Mapped[str | None] = mapped_column(Text)
    source_note: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revises: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))
    unit_count: Mapped[int] = mapped_column(Integer)


class UnitRow(Base):
    __tablename__ = "units"
    __table_args__ = (
        # The primary key (snapshot_id, position) is also the index behind
        # "units of a snapshot, in file order".
        UniqueConstraint("snapshot_id", "key", name="uq_units_snapshot_key"),
    )

    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(Text)
    parent_key: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    aliases: Mapped[str | None] = mapped_column(Text)  # JSON list; NULL = unknown
    # False: the source does not say where the unit sits (parent_key is then
    # NULL). Rows stored before this column existed are all true: they were
    # loaded when leaving out a parent meant "at the top".
    parent_known: Mapped[bool] = mapped_column(Boolean, server_default=true())


class LineageFileRow(Base):
    __tablename__ = "lineage_files"
    __table_args__ = (
        UniqueConstraint("agency_id", "content_hash", name="uq_lineage_files_agency_content"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    event_count: Mapped[int] = mapped_column(Integer)


class LineageEventRow(Base):
    __tablename__ = "lineage_events"

    lineage_file_id: Mapped[int] = mapped_column(
        ForeignKey("lineage_files.id"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_date: Mapped[date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(16))
    from_keys: Mapped[str] = mapped_column(Text)  # JSON list of unit keys
    to_keys: Mapped[str] = mapped_column(Text)  # JSON list of unit keys
    note: Mapped[str | None] = mapped_column(Text)
    source_title: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    source_archived_url: Mapped[str | None] = mapped_column(Text)
    source_note: Mapped[str | None] = mapped_column(Text)


class LineageUnitRow(Base):
    """A unit a lineage file names (its optional ``units:`` list)."""

    __tablename__ = "lineage_units"

    lineage_file_id: Mapped[int] = mapped_column(
        ForeignKey("lineage_files.id"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(Text)
    parent_key: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    aliases: Mapped[str | None] = mapped_column(Text)  # JSON list; NULL = unknown
    parent_known: Mapped[bool] = mapped_column(Boolean, server_default=true())


class DerivedRow(Base):
    """Derived data kept to save work, never a record (``store.derived_cache``):
    ``key`` digests everything the payload was computed from, and a reader uses
    the payload only when the key it computes now is the same. Deleting rows
    loses nothing."""

    __tablename__ = "derived_cache"
    __table_args__ = (UniqueConstraint("agency", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[bytes] = mapped_column(LargeBinary)


metadata = Base.metadata

# The Core tables, typed, for bulk inserts and lean reads.
UNITS: Table = metadata.tables["units"]
LINEAGE_EVENTS: Table = metadata.tables["lineage_events"]
LINEAGE_UNITS: Table = metadata.tables["lineage_units"]
