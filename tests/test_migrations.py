"""Schema migrations: models and migrations agree, data survives, downgrade round-trips."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import inspect, text

from orgarchive.cli import cli
from orgarchive.domain import Snapshot, Source, Unit
from orgarchive.files.canonical import content_hash
from orgarchive.services import Archive
from orgarchive.store import migrate
from orgarchive.store.database import make_engine
from orgarchive.store.tables import metadata

TABLES = {"agencies", "snapshots", "units", "lineage_files", "lineage_events", "lineage_units",
          "derived_cache"}


def first_revision() -> str:
    script = ScriptDirectory.from_config(migrate._config())
    [base] = script.get_bases()
    return base


def test_the_head_every_command_checks_is_alembics_head() -> None:
    assert migrate.HEAD == migrate.head()


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
        assert differences == []
    finally:
        engine.dispose()


def test_downgrade_then_upgrade_round_trips(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
        assert TABLES <= set(inspect(engine).get_table_names())
        migrate.downgrade(engine, "base")
        assert migrate.current(engine) is None
        assert not TABLES & set(inspect(engine).get_table_names())
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        engine.dispose()


def _snapshot(as_of: date, n: int) -> Snapshot:
    units = tuple(
        Unit(key=f"u{i}", name=f"Unit {i}", acronym=None if i % 2 else f"U{i}",
             parent=None if i == 0 else "u0", aliases=None if i % 3 else ())
        for i in range(n)
    )
    return Snapshot(agency="ICE", as_of=as_of, units=units,
                    source=Source(title="t", note="written at the first revision"))


def test_upgrading_from_the_first_revision_keeps_every_record_and_hash(
    database_url: str,
) -> None:
    """Rows written with plain SQL in the first revision's own columns must
    come out of the newest schema unchanged and still match their hashes."""
    engine = make_engine(database_url)
    snapshots = [_snapshot(date(2008, 1, 1), 4), _snapshot(date(2010, 1, 1), 7)]
    try:
        migrate.upgrade(engine, first_revision())
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO agencies (id, code) VALUES (1, 'ICE')"))
            for sid, snap in enumerate(snapshots, start=1):
                conn.execute(text(
                    "INSERT INTO snapshots (id, agency_id, as_of, coverage, source_title,"
                    " source_note, content_hash, recorded_at, unit_count) VALUES"
                    " (:id, 1, :as_of, 'complete', 't', 'written at the first revision',"
                    " :hash, :at, :n)"),
                    {"id": sid, "as_of": snap.as_of, "hash": content_hash(snap),
                     "at": datetime(2020, 1, 1, tzinfo=UTC), "n": len(snap.units)})
                for pos, u in enumerate(snap.units):
                    conn.execute(text(
                        "INSERT INTO units (snapshot_id, position, key, name, acronym,"
                        " parent_key, aliases) VALUES (:s, :p, :k, :n, :a, :parent, :al)"),
                        {"s": sid, "p": pos, "k": u.key, "n": u.name, "a": u.acronym,
                         "parent": u.parent,
                         "al": None if u.aliases is None else json.dumps(list(u.aliases))})
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    archive = Archive.open(database_url)
    try:
        assert archive.verify().ok and archive.verify().checked == 2
        for sid, snap in enumerate(snapshots, start=1):
            stored = archive.get(sid)
            assert stored.snapshot == snap
            assert stored.info.content_hash == content_hash(snap)
            assert stored.info.recorded_at == datetime(2020, 1, 1, tzinfo=UTC)
    finally:
        archive.close()


def test_partial_snapshots_and_lineage_stored_at_the_first_revision_keep_their_meaning(
    database_url: str, tmp_path: Path,
) -> None:
    """Before revision 0002 a unit of a partial snapshot without a parent was at
    the top (SPEC §1 then). After the upgrade it still is, its hash still
    verifies, and so does a lineage file; the same file loaded again is
    already stored, while a file saying "unknown" (parent left out, under
    today's SPEC) is new content."""
    engine = make_engine(database_url)
    snap = Snapshot(agency="ICE", as_of=date(2009, 1, 1), coverage="partial",
                    units=(Unit("oi", "Office of Investigations"), Unit("oi-x", "X", parent="oi")))
    lineage_at_first = ('{"agency":"ICE","events":[["2010-06-09","renamed",["oi"],["hsi"],'
                        'null,null]]}')
    try:
        migrate.upgrade(engine, first_revision())
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO agencies (id, code) VALUES (1, 'ICE')"))
            conn.execute(text(
                "INSERT INTO snapshots (id, agency_id, as_of, coverage, content_hash, recorded_at,"
                " unit_count) VALUES (1, 1, '2009-01-01', 'partial', :hash, :at, 2)"),
                {"hash": content_hash(snap), "at": datetime(2020, 1, 1, tzinfo=UTC)})
            conn.execute(text(
                "INSERT INTO units (snapshot_id, position, key, name, parent_key) VALUES"
                " (1, 0, 'oi', 'Office of Investigations', NULL), (1, 1, 'oi-x', 'X', 'oi')"))
            conn.execute(text(
                "INSERT INTO lineage_files (id, agency_id, content_hash, recorded_at, event_count)"
                " VALUES (1, 1, :hash, :at, 1)"),
                {"hash": hashlib.sha256(lineage_at_first.encode()).hexdigest(),
                 "at": datetime(2020, 1, 1, tzinfo=UTC)})
            conn.execute(text(
                "INSERT INTO lineage_events (lineage_file_id, position, event_date, type,"
                " from_keys, to_keys) VALUES (1, 0, '2010-06-09', 'renamed', '[\"oi\"]',"
                " '[\"hsi\"]')"))
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    archive = Archive.open(database_url)
    try:
        report = archive.verify()
        assert report.ok and (report.checked, report.lineage_checked) == (1, 1)
        stored = archive.get(1).snapshot
        assert stored == snap and stored.units[0].parent_known
        same = tmp_path / "same.json"
        same.write_text(json.dumps({
            "format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2009-01-01",
            "coverage": "partial", "units": [
                {"key": "oi", "name": "Office of Investigations", "parent": None},
                {"key": "oi-x", "name": "X", "parent": "oi"}]}))
        assert [o.status for o in archive.load([same])] == ["already stored"]
        unknown = tmp_path / "unknown.json"
        unknown.write_text(same.read_text().replace(', "parent": null', ""))
        [outcome] = archive.load([unknown])
        assert outcome.status == "stored"
        assert not archive.get(outcome.snapshot_id or 0).snapshot.units[0].parent_known
    finally:
        archive.close()


def test_db_commands_report_and_change_the_revision(database_url: str) -> None:
    runner = CliRunner()
    head = migrate.head()
    result = runner.invoke(cli, ["--db", database_url, "db", "current"])
    if database_url.startswith("sqlite"):  # no file yet: said, and not created (issue 15)
        assert (result.exit_code, result.output) == (
            0, f"none (no database file) (behind; newest is {head})\n")
        assert not Path(database_url.removeprefix("sqlite:///")).exists()
    else:  # the server's database exists, without our schema
        assert (result.exit_code, result.output) == (0, "none (no schema) (behind; newest is "
                                                        f"{head})\n")
    result = runner.invoke(cli, ["--db", database_url, "db", "upgrade"])
    assert (result.exit_code, result.output) == (0, f"schema at revision {head}\n")
    result = runner.invoke(cli, ["--db", database_url, "db", "current"])
    assert (result.exit_code, result.output) == (0, f"{head} (up to date)\n")
    result = runner.invoke(cli, ["--db", database_url, "db", "downgrade", "base"])
    assert (result.exit_code, result.output) == (0, "schema at revision base (no schema)\n")
    result = runner.invoke(cli, ["--db", database_url, "db", "downgrade", "nonsense"])
    assert result.exit_code == 1 and result.output.startswith("Error: cannot downgrade to ")


def test_a_database_without_schema_names_the_fix(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as conn:  # an existing database, but not ours (yet)
        conn.execute(text("CREATE TABLE other (x INTEGER)"))
    engine.dispose()
    result = CliRunner().invoke(cli, ["--db", database_url, "list"])
    assert result.exit_code == 1
    shown = result.output.replace(database_url, "URL")
    assert shown == ("Error: database URL has no orgarchive schema: run `orgarchive db upgrade` "
                     "(or `orgarchive init` to also load the bundled snapshots)\n")


def test_a_schema_newer_than_the_program_is_refused(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dcafe'"))
    engine.dispose()
    result = CliRunner().invoke(cli, ["--db", database_url, "list"])
    assert result.exit_code == 1
    assert result.output.replace(database_url, "URL") == (
        "Error: database URL has schema revision f00dcafe, unknown to this orgarchive "
        f"(newest known: {migrate.head()}): upgrade orgarchive\n")


def test_a_missing_sqlite_file_is_not_created_by_reading(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "list"])
    assert result.exit_code == 1
    assert result.output == (f"Error: no database at sqlite:///{path}: run `orgarchive db "
                             "upgrade` (or `orgarchive init` to also load the bundled snapshots)\n")
    assert not path.exists()
