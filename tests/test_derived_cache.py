"""The derived cache of an agency's threads: same answers, never stale, never in the way.

Every storage test runs on SQLite and PostgreSQL. "Computed" below means the
threads were worked out from the records (``threads_of``, the diff engine
over each consecutive pair); "read back" that the cache answered and
``threads_of`` was never called.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from orgarchive import cached_threads
from orgarchive.report.history import unit_history
from orgarchive.services import Archive
from orgarchive.store import derived_cache, migrate
from orgarchive.store.database import make_engine
from orgarchive.store.tables import DerivedRow
from orgarchive.structure import threads as threads_module
from orgarchive.structure.assemble import structure_at
from orgarchive.structure.threads import Threads, threads_of
from tests.storage_files import write_lineage, write_snapshot

D = date.fromisoformat


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time the threads are computed rather than read back."""
    calls: list[str] = []
    original = threads_module.threads_of

    def counting(*args: Any, **kwargs: Any) -> Threads:
        calls.append(args[0].agency)
        return original(*args, **kwargs)

    monkeypatch.setattr(threads_module, "threads_of", counting)
    return calls


@pytest.fixture
def ice(database_url: str) -> Iterator[Archive]:
    """The bundled ICE archive: five partial pages and the curated lineage."""
    archive = Archive.init(database_url)
    try:
        yield archive
    finally:
        archive.close()


def rows(archive: Archive) -> int:
    with archive.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(DerivedRow)).scalar_one()


def days(first: str, last: str, step: int = 1) -> list[date]:
    start, end = D(first), D(last)
    return [start + timedelta(days=n) for n in range(0, (end - start).days + 1, step)]


def uncached(archive: Archive, agency: str = "ICE") -> Threads:
    return threads_of(archive.record(agency))


# -- the same answers ------------------------------------------------------------------------

def test_ice_read_back_answers_as_computed_on_every_date(
    ice: Archive, computed: list[str]
) -> None:
    fresh = uncached(ice)
    assert rows(ice) == 0
    ice.followed("ICE")  # computed and stored
    assert computed == ["ICE"] and rows(ice) == 1
    back = ice.followed("ICE")  # read back
    assert computed == ["ICE"]
    assert back.by_key == fresh.by_key and back.groups == fresh.groups
    # Every day around each event and page (the bundled sources run 2003-2021).
    for day in days("2002-12-01", "2022-01-31", step=3):
        assert structure_at(back, day) == structure_at(fresh, day), day
    for unit in ("DRO", "ERO", "hsi", "oi", "FAMS", "VOICE", "Office of Investigations"):
        assert unit_history(back, unit) == unit_history(fresh, unit), unit
    # show --at (services.best_known) gives what it gave before the cache existed.
    for day in (D("2009-01-01"), D("2010-06-09"), D("2011-06-01"), D("2021-07-06")):
        assert ice.best_known(day, "ICE") == structure_at(fresh, day)
    assert computed == ["ICE"]


def _partial_chain(tmp_path: Path) -> list[Path]:
    """Three partial pages: a unit renamed under a new key that no event
    records (the engine's link: ops became field-ops), an office whose parent
    only a later page states, and a curated merge with a unit only the
    lineage names."""
    first = write_snapshot(tmp_path / "a.json", agency="XA", as_of="2001-01-01", coverage="partial",
                           units=[{"key": "top", "name": "Directorate"},
                                  {"key": "ops", "name": "Office of Field Operations",
                                   "parent": "top"},
                                  {"key": "ops-east", "name": "Eastern Field Office",
                                   "parent": "ops"},
                                  {"key": "legal", "name": "Legal Office"}])
    second = write_snapshot(tmp_path / "b.json", agency="XA", as_of="2003-01-01",
                            coverage="partial",
                            units=[{"key": "top", "name": "Directorate"},
                                   {"key": "field-ops",
                                    "name": "Office of Field Operations and Support",
                                    "acronym": "OFO", "parent": "top"},
                                   {"key": "ops-east", "name": "Eastern Field Office",
                                    "parent": "field-ops"},
                                   {"key": "legal", "name": "Legal Office", "parent": "top"}])
    third = write_snapshot(tmp_path / "c.json", agency="XA", as_of="2006-01-01",
                           coverage="partial",
                           units=[{"key": "top", "name": "Directorate"},
                                  {"key": "counsel", "name": "Office of the General Counsel",
                                   "parent": "top"}])
    lineage = write_lineage(tmp_path / "l.json", agency="XA", events=[
        {"date": "2004-05-01", "type": "merged", "from": ["legal", "ethics"], "to": ["counsel"],
         "note": "Legal and Ethics became the General Counsel."}],
        units=[{"key": "ethics", "name": "Ethics Office"}])
    return [first, second, third, lineage]


def test_a_partial_chain_read_back_answers_as_computed(
    database_url: str, tmp_path: Path, computed: list[str]
) -> None:
    archive = Archive.init(database_url, empty=True)
    try:
        archive.load(_partial_chain(tmp_path))
        fresh = uncached(archive, "XA")
        # The engine joined ops to field-ops: one unit under two keys.
        assert fresh.by_key["ops"] == fresh.by_key["field-ops"]
        archive.followed("XA")
        back = archive.followed("XA")
        assert computed == ["XA"]
        assert back.by_key == fresh.by_key
        for day in days("2000-12-30", "2006-01-03"):
            assert structure_at(back, day) == structure_at(fresh, day), day
        for unit in ("OFO", "legal", "ethics", "counsel"):
            assert unit_history(back, unit) == unit_history(fresh, unit)
        on = archive.best_known(D("2004-06-01"), "XA").by_key()
        assert sorted(on) == ["counsel", "field-ops", "ops-east", "top"]
        assert on["field-ops"].unit.name == "Office of Field Operations and Support"
    finally:
        archive.close()


# -- never stale -----------------------------------------------------------------------------

def test_a_new_snapshot_a_revision_or_a_lineage_file_is_not_answered_from_the_cache(
    database_url: str, tmp_path: Path, computed: list[str]
) -> None:
    archive = Archive.init(database_url, empty=True)
    try:
        first, second, third, lineage = _partial_chain(tmp_path)
        archive.load([first, second, third])
        archive.followed("XA")
        archive.followed("XA")
        assert len(computed) == 1

        archive.load([lineage])  # a lineage file: the merge now ends legal
        merged = archive.followed("XA")
        assert len(computed) == 2
        assert structure_at(merged, D("2005-01-01")).by_key().keys() == {
            "top", "field-ops", "ops-east", "counsel"}

        fourth = write_snapshot(tmp_path / "d.json", agency="XA", as_of="2008-01-01",
                                coverage="partial",
                                units=[{"key": "top", "name": "Directorate"},
                                       {"key": "audit", "name": "Audit Office", "parent": "top"}])
        archive.load([fourth])  # a new snapshot
        later = archive.followed("XA")
        assert len(computed) == 3 and "audit" in later.by_key

        [info] = [i for i in archive.list_snapshots("XA") if i.as_of == D("2008-01-01")]
        fixed = write_snapshot(tmp_path / "e.json", agency="XA", as_of="2008-01-01",
                               coverage="partial",
                               units=[{"key": "top", "name": "Directorate"},
                                      {"key": "audits", "name": "Audit Office",
                                       "parent": "top"}])
        archive.load([fixed], revises=info.id)  # a revision
        revised = archive.followed("XA")
        assert len(computed) == 4
        assert "audits" in revised.by_key and "audit" not in revised.by_key
        assert structure_at(revised, D("2008-06-01")) == structure_at(
            uncached(archive, "XA"), D("2008-06-01"))
    finally:
        archive.close()


def test_new_code_is_not_answered_by_an_older_codes_payload(
    ice: Archive, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ice.followed("ICE")
    monkeypatch.setattr(cached_threads, "code_version", lambda: "another engine")
    ice.followed("ICE")
    assert computed == ["ICE", "ICE"] and rows(ice) == 2  # one payload per version


@pytest.mark.parametrize("changed", ["engine/weights.json", "engine/matching.py",
                                     "structure/timeline.py", "domain.py"])
def test_the_code_version_digests_the_engine_and_structure_sources(
    changed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(cached_threads.__file__).resolve().parent
    assert (root / changed).is_file()
    cached_threads.code_version.cache_clear()
    before = cached_threads.code_version()
    cached_threads.code_version.cache_clear()
    assert cached_threads.code_version() == before  # the same files, the same digest
    read = Path.read_bytes

    def edited(path: Path) -> bytes:
        return read(path) + (b" " if path == root / changed else b"")

    monkeypatch.setattr(Path, "read_bytes", edited)
    cached_threads.code_version.cache_clear()
    try:
        assert cached_threads.code_version() != before  # one byte more: another version
    finally:
        monkeypatch.undo()
        cached_threads.code_version.cache_clear()


@pytest.mark.parametrize("damaged", [
    b"not a payload",
    zlib.compress((7).to_bytes(8, "little") + b"[1,2,3]"),  # JSON, but not the layout
    zlib.compress((2).to_bytes(8, "little") + b"{}"),
])
def test_a_damaged_payload_is_computed_again_and_replaced(
    ice: Archive, computed: list[str], damaged: bytes
) -> None:
    fresh = ice.followed("ICE")
    with ice.engine.begin() as conn:
        conn.execute(update(DerivedRow).values(payload=damaged))
    again = ice.followed("ICE")
    assert len(computed) == 2
    assert structure_at(again, D("2011-01-01")) == structure_at(fresh, D("2011-01-01"))
    ice.followed("ICE")
    assert len(computed) == 2  # the good payload replaced the damaged one


# -- never in the way ------------------------------------------------------------------------

def test_the_cache_is_no_record_verify_neither_counts_nor_checks_it(ice: Archive) -> None:
    before = ice.verify()
    ice.followed("ICE")
    with ice.engine.begin() as conn:
        conn.execute(update(DerivedRow).values(payload=b"damaged"))
    after = ice.verify()
    assert after.ok and (after.checked, after.lineage_checked) == (
        before.checked, before.lineage_checked)
    assert derived_cache.clear(ice.engine) == 1
    assert ice.best_known(D("2011-01-01"), "ICE").units  # deleting it lost nothing


def test_a_database_locked_by_another_writer_still_answers(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    archive = Archive.init(f"sqlite:///{path}")
    try:
        holder = sqlite3.connect(path, timeout=0)
        holder.execute("BEGIN IMMEDIATE")  # a load in progress elsewhere
        try:
            expected = structure_at(uncached(archive), D("2011-01-01"))
            assert archive.best_known(D("2011-01-01"), "ICE") == expected
            assert rows(archive) == 0  # not written, and not waited for
        finally:
            holder.rollback()
            holder.close()
    finally:
        archive.close()


def _reopened_read_only(path: Path, computed: list[str], *, cached: bool) -> tuple[Archive, Any]:
    """The bundled archive at ``path`` (its cache filled while it could be
    written when ``cached``), opened again read-only, with the structure on
    2011-01-01 worked out without the cache; ``computed`` emptied."""
    archive = Archive.init(f"sqlite:///{path}")
    if cached:
        archive.followed("ICE")
    expected = structure_at(uncached(archive), D("2011-01-01"))
    archive.close()
    computed.clear()
    return Archive(_read_only_engine(path)), expected


def test_a_read_only_archive_answers_from_its_cache(tmp_path: Path, computed: list[str]) -> None:
    opened, expected = _reopened_read_only(tmp_path / "a.db", computed, cached=True)
    try:
        assert opened.best_known(D("2011-01-01"), "ICE") == expected
        assert computed == []  # read back
    finally:
        opened.close()


def _read_only_engine(path: Path) -> Any:
    """The file opened with the driver's read-only mode (tests run as root, to
    whom every file is writable; the read-only mount itself is tested in
    test_honest_failures_system)."""
    from sqlalchemy import create_engine

    return create_engine("sqlite://", creator=lambda: sqlite3.connect(
        f"file:{path}?mode=ro", uri=True, check_same_thread=False))


def test_a_read_only_archive_with_no_cache_computes_and_writes_nothing(
    tmp_path: Path, computed: list[str]
) -> None:
    opened, expected = _reopened_read_only(tmp_path / "a.db", computed, cached=False)
    try:
        assert opened.best_known(D("2011-01-01"), "ICE") == expected
        assert opened.best_known(D("2011-01-01"), "ICE") == expected
        assert computed == ["ICE", "ICE"] and rows(opened) == 0
    finally:
        opened.close()


# -- the migration ---------------------------------------------------------------------------

def test_migration_0003_upgrades_a_database_holding_data(database_url: str) -> None:
    archive = Archive.init(database_url)  # the bundled ICE archive, at the newest revision
    before = archive.list_snapshots()
    expected = archive.best_known(D("2011-01-01"), "ICE")
    archive.close()
    engine = make_engine(database_url)
    try:
        migrate.downgrade(engine, "0002")  # as it stood before the cache existed
        assert migrate.current(engine) == "0002"
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head() == "0003"
    finally:
        engine.dispose()
    archive = Archive.open(database_url)
    try:
        assert archive.list_snapshots() == before and archive.verify().ok
        assert rows(archive) == 0  # an empty cache, filled on first use
        assert archive.best_known(D("2011-01-01"), "ICE") == expected
        assert rows(archive) == 1
    finally:
        archive.close()


def test_history_and_show_print_the_same_read_back(
    database_url: str, computed: list[str]
) -> None:
    from click.testing import CliRunner

    from orgarchive.cli import cli

    Archive.init(database_url).close()
    runner = CliRunner()
    outputs = []
    for _ in range(2):
        for command in (["history", "DRO"], ["show", "--at", "2011-06-01"],
                        ["history", "VOICE", "--format", "json"]):
            result = runner.invoke(cli, ["--db", database_url, *command])
            assert result.exit_code == 0, result.output
            outputs.append(result.output)
    assert outputs[:3] == outputs[3:]
    assert computed == ["ICE"]  # the first history worked them out; the rest read them back
    assert "ERO" in outputs[0] and "2011-06-01" in outputs[1]
