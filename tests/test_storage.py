"""Storing and reading snapshots through the Archive facade, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from orgarchive.domain import Unit
from orgarchive.errors import AmbiguousError, InputError, NotFoundError, OrgArchiveError
from orgarchive.files.canonical import content_hash
from orgarchive.files.read import read_document
from orgarchive.services import Archive
from tests.storage_files import BASE_UNITS, empty_archive, write_lineage, write_snapshot


@pytest.fixture
def archive(database_url: str) -> Archive:
    arch = empty_archive(database_url)
    yield arch
    arch.close()


def test_a_stored_snapshot_reads_back_equal_with_its_hash(archive: Archive, tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "a.json", observed="2008-11-20", coverage="partial",
                          agency_name="U.S. ICE", source={"title": "Ops", "url": "http://x"})
    [outcome] = archive.load([path])
    assert (outcome.status, outcome.kind, outcome.unit_count) == ("stored", "snapshot", 3)
    stored = archive.get(outcome.snapshot_id or 0)
    original = read_document(path)
    assert stored.snapshot == original
    assert stored.info.content_hash == content_hash(original)
    assert stored.info.unit_count == 3 and stored.info.coverage == "partial"
    assert stored.info.observed == date(2008, 11, 20)
    assert stored.info.is_current and stored.info.revises is None


def test_absent_optional_fields_are_null_and_known_empty_aliases_are_not(
    archive: Archive, tmp_path: Path
) -> None:
    [outcome] = archive.load([write_snapshot(tmp_path / "a.json")])
    with archive.engine.connect() as conn:
        snap = conn.execute(text(
            "SELECT observed, agency_name, source_title, source_url, source_archived_url,"
            " source_note FROM snapshots WHERE id = :i"), {"i": outcome.snapshot_id}).one()
        units = dict(conn.execute(text(
            "SELECT key, aliases FROM units WHERE snapshot_id = :i"),
            {"i": outcome.snapshot_id}).all())
        oi = conn.execute(text("SELECT acronym, kind, parent_key, description FROM units "
                               "WHERE key = 'oi-ht'")).one()
    assert tuple(snap) == (None,) * 6
    assert units == {"dro": None, "oi": None, "oi-ht": "[]"}
    assert tuple(oi) == (None, None, "oi", None)
    unit = archive.get(outcome.snapshot_id or 0).snapshot.unit_map()
    assert unit["oi-ht"].aliases == () and unit["dro"].aliases is None


def test_same_content_again_is_a_no_op_naming_the_stored_snapshot(
    archive: Archive, tmp_path: Path
) -> None:
    first = write_snapshot(tmp_path / "a.json")
    # Same content, other unit order and layout: still the same snapshot.
    second = write_snapshot(tmp_path / "b.json", units=list(reversed(BASE_UNITS)))
    [stored] = archive.load([first])
    [again] = archive.load([second])
    assert again.status == "already stored" and again.snapshot_id == stored.snapshot_id
    assert len(archive.list_snapshots()) == 1


def test_one_invalid_file_stores_nothing(archive: Archive, tmp_path: Path) -> None:
    good = write_snapshot(tmp_path / "a.json")
    bad = write_snapshot(tmp_path / "b.json", as_of="2010-01-01",
                         units=[{"key": "x", "name": "X", "parent": "nowhere"}])
    with pytest.raises(InputError):
        archive.load([good, bad])
    assert archive.list_snapshots() == []
    assert archive.agencies() == []


def test_a_failure_while_storing_rolls_back_earlier_files(
    archive: Archive, tmp_path: Path
) -> None:
    good = write_snapshot(tmp_path / "a.json")
    other = write_snapshot(tmp_path / "b.json", as_of="2011-01-01")
    with pytest.raises(NotFoundError):  # --revises names a snapshot that does not exist
        archive.load([good], revises=99)
    with pytest.raises(OrgArchiveError, match="exactly one snapshot file"):
        archive.load([good, other], revises=1)
    assert archive.list_snapshots() == []


def test_dry_run_validates_without_storing(archive: Archive, tmp_path: Path) -> None:
    [outcome] = archive.load([write_snapshot(tmp_path / "a.json")], dry_run=True)
    assert outcome.status == "valid" and outcome.snapshot_id is None
    assert archive.list_snapshots() == []


def test_a_revision_supersedes_and_the_old_stays_readable(
    archive: Archive, tmp_path: Path
) -> None:
    [old] = archive.load([write_snapshot(tmp_path / "a.json")])
    fixed_units = [dict(BASE_UNITS[0], name="Office of Detention and Removal")] + BASE_UNITS[1:]
    [new] = archive.load([write_snapshot(tmp_path / "b.json", units=fixed_units)],
                         revises=old.snapshot_id)
    assert new.status == "stored" and new.snapshot_id != old.snapshot_id
    old_back = archive.get(old.snapshot_id or 0)
    assert old_back.info.superseded_by == new.snapshot_id and not old_back.info.is_current
    assert old_back.snapshot.unit_map()["dro"].name == "Office of Detention and Removal Operations"
    in_effect = archive.resolve(date(2009, 1, 1))
    assert in_effect.info.id == new.snapshot_id and in_effect.info.revises == old.snapshot_id
    assert [i.id for i in archive.list_snapshots(include_superseded=False)] == [new.snapshot_id]
    # A revised snapshot cannot be revised a second time: the chain has no forks.
    third = write_snapshot(tmp_path / "c.json", units=BASE_UNITS[:2])
    with pytest.raises(OrgArchiveError) as err:
        archive.load([third], revises=old.snapshot_id)
    assert str(err.value) == (f"snapshot {old.snapshot_id} is already revised by snapshot "
                              f"{new.snapshot_id}: revise {new.snapshot_id} instead")


def test_revising_with_another_agency_is_refused(archive: Archive, tmp_path: Path) -> None:
    [old] = archive.load([write_snapshot(tmp_path / "a.json")])
    other = write_snapshot(tmp_path / "b.json", agency="CBP")
    with pytest.raises(OrgArchiveError, match="is of agency ICE; the file is of agency CBP"):
        archive.load([other], revises=old.snapshot_id)


def test_date_resolution_follows_the_spec(archive: Archive, tmp_path: Path) -> None:
    ids = {}
    for name, as_of, coverage, units in [
        ("early", "2008-01-01", "complete", BASE_UNITS),
        ("partial", "2009-06-01", "partial", BASE_UNITS[:1]),
        ("complete", "2009-06-01", "complete", BASE_UNITS[:2]),
        ("late-a", "2010-06-01", "partial", BASE_UNITS[:1]),
        ("late-b", "2010-06-01", "partial", BASE_UNITS[1:2]),
    ]:
        path = write_snapshot(tmp_path / f"{name}.json", as_of=as_of, coverage=coverage,
                              units=units)
        [outcome] = archive.load([path])
        ids[name] = outcome.snapshot_id

    def on(day: str) -> int:
        return archive.resolve(date.fromisoformat(day)).info.id

    assert on("2008-01-01") == ids["early"]  # as_of on the date itself counts
    assert on("2009-05-31") == ids["early"]
    assert on("2009-06-01") == ids["complete"]  # tie: the complete one wins
    assert on("2010-06-01") == ids["late-b"]  # tie, both partial: the one stored last
    assert on("2030-01-01") == ids["late-b"]
    with pytest.raises(NotFoundError) as err:
        archive.resolve(date(2007, 12, 31))
    assert str(err.value) == ("no ICE snapshot in effect on 2007-12-31: "
                              "the first is as of 2008-01-01")
    assert archive.resolve(ids["partial"] or 0).info.id == ids["partial"]


def test_agency_default_and_choice(archive: Archive, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="holds no snapshots"):
        archive.default_agency(None)
    archive.load([write_snapshot(tmp_path / "a.json")])
    assert archive.default_agency(None) == "ICE"
    archive.load([write_snapshot(tmp_path / "b.json", agency="CBP")])
    with pytest.raises(AmbiguousError) as err:
        archive.resolve(date(2009, 1, 1))
    assert err.value.candidates == ["CBP", "ICE"]
    assert archive.resolve(date(2009, 1, 1), "CBP").info.agency == "CBP"
    with pytest.raises(NotFoundError) as missing:
        archive.resolve(date(2009, 1, 1), "FBI")
    assert str(missing.value) == "no agency 'FBI' in the archive (held: CBP, ICE)"


def test_lineage_files_load_once_and_feed_events(archive: Archive, tmp_path: Path) -> None:
    path = write_lineage(tmp_path / "lineage.json")
    [first] = archive.load([path])
    [again] = archive.load([path])
    assert (first.kind, first.status, first.event_count) == ("lineage", "stored", 1)
    assert again.status == "already stored"
    [event] = archive.lineage_events("ICE")
    assert (event.date, event.type, event.from_keys, event.to_keys) == (
        date(2010, 6, 9), "renamed", ("oi",), ("hsi",))
    assert event.source is not None and event.source.title == "ICE-HISTORY"
    assert event.note == "OI became HSI."


def test_units_named_by_lineage_files_are_stored_and_read_back(
    archive: Archive, tmp_path: Path
) -> None:
    named = [{"key": "voice", "name": "VOICE Office", "acronym": "VOICE", "parent": "ope"},
             {"key": "amo", "name": "Office of Air and Marine Operations", "aliases": []}]
    archive.load([write_lineage(tmp_path / "l.json", units=named)])
    assert archive.lineage_units("ICE") == [
        Unit("voice", "VOICE Office", acronym="VOICE", parent="ope"),
        Unit("amo", "Office of Air and Marine Operations", aliases=(), parent_known=False),
    ]
    # the same events naming other units are another file's content
    [again] = archive.load([write_lineage(tmp_path / "m.json", units=named[:1])])
    assert again.status == "stored"
    assert archive.verify().ok


def test_a_folder_loads_as_one_transaction(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_snapshot(folder / "a.json")
    write_snapshot(folder / "b.json", as_of="2012-01-01", units=BASE_UNITS[:1])
    write_lineage(folder / "c.json")
    outcomes = archive.load([folder])
    assert [(o.kind, o.status) for o in outcomes] == [
        ("snapshot", "stored"), ("snapshot", "stored"), ("lineage", "stored")]
    assert len(archive.list_snapshots()) == 2


def test_a_snapshot_read_like_another_shares_exactly_its_identical_units(
    archive: Archive, tmp_path: Path
) -> None:
    """``get(id, like=other)`` (what ``diff`` does): a unit identical to one of
    the other snapshot's, key and every field, is that very Unit; a unit that
    differs in any one field (a NULL against a value included) is read as it
    is; the snapshot equals the one read alone, whichever way round."""
    base = {"key": "k", "name": "Name", "acronym": "N", "kind": "office", "parent": "root",
            "description": "Does things.", "aliases": ["Old Name"]}
    edits = [("name", "Other"), ("acronym", None), ("acronym", "M"), ("kind", None),
             ("kind", "team"), ("parent", "other-root"), ("parent", None),
             ("description", None), ("description", "Does things"), ("aliases", None),
             ("aliases", []), ("aliases", ["Old  Name"])]
    before = [{"key": "root", "name": "Root"}, {"key": "other-root", "name": "Other Root"}]
    after = list(before)
    for i, (field, value) in enumerate(edits):
        before.append({**base, "key": f"u{i}"})
        unit = {**base, "key": f"u{i}"}
        if value is None:
            del unit[field]
        else:
            unit[field] = value
        after.append(unit)
    before += [{**base, "key": "same"}, {**base, "key": "gone"}]
    after += [{**base, "key": "new"}, {**base, "key": "same"}]  # another order
    partial = [dict(u) for u in after]
    for u in partial:
        u.pop("parent", None)
    paths = [write_snapshot(tmp_path / "a.json", units=before),
             write_snapshot(tmp_path / "b.json", as_of="2009-01-01", units=after),
             write_snapshot(tmp_path / "c.json", as_of="2010-01-01", units=partial,
                            coverage="partial")]
    ids = [o.snapshot_id or 0 for o in archive.load(paths)]
    for x, y in ((ids[0], ids[1]), (ids[1], ids[0]), (ids[0], ids[2]), (ids[2], ids[2])):
        old = archive.get(x)
        new = archive.get(y, like=old)
        assert new == archive.get(y)
        old_units = old.snapshot.unit_map()
        for unit in new.snapshot.units:
            twin = old_units.get(unit.key)
            assert (twin is unit) == (twin == unit), (x, y, unit.key)
        # the partial snapshot leaves every parent unknown: nothing is alike but itself
        shares = x == y or ids[2] not in (x, y)
        assert any(old_units.get(u.key) is u for u in new.snapshot.units) == shares


def test_a_diff_reads_its_unchanged_units_once(archive: Archive, tmp_path: Path) -> None:
    """`Archive.diff` reads the later side against the earlier: an unchanged
    pair is one Unit object (the speed and memory of a 100k diff rest on it)."""
    after = [dict(u) for u in BASE_UNITS]
    after[0]["name"] = "Enforcement and Removal Operations"
    paths = [write_snapshot(tmp_path / "a.json"),
             write_snapshot(tmp_path / "b.json", as_of="2009-01-01", units=after)]
    first, second = (o.snapshot_id or 0 for o in archive.load(paths))
    for x, y in ((first, second), (second, first)):
        diff = archive.diff(x, y)
        assert [(b.key, a.key) for b, a in diff.unchanged] == [("oi", "oi"), ("oi-ht", "oi-ht")]
        assert all(b is a for b, a in diff.unchanged)
        assert [c.types for c in diff.changes] == [("renamed",)]
