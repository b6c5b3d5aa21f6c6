"""`verify` notices rows changed behind the archive's back, names the snapshot or
lineage file, exits 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from orgarchive.cli import cli
from orgarchive.store.database import make_engine
from tests.storage_files import BASE_UNITS, empty_archive, write_lineage, write_snapshot

EVENTS = [
    {"date": "2010-06-09", "type": "renamed", "from": ["oi"], "to": ["hsi"]},
    {"date": "2017-04-26", "type": "added", "to": ["voice"]},
]
NAMED = [{"key": "voice", "name": "Victims of Immigration Crime Engagement Office",
          "acronym": "VOICE"}]


@pytest.fixture
def loaded(database_url: str, tmp_path: Path) -> str:
    """A database holding two snapshots, 1 (2008) and 2 (2012), and lineage file 1."""
    archive = empty_archive(database_url)
    archive.load([write_snapshot(tmp_path / "a.json"),
                  write_snapshot(tmp_path / "b.json", as_of="2012-01-01", units=BASE_UNITS[:2]),
                  write_lineage(tmp_path / "l.json", events=EVENTS, units=NAMED)])
    archive.close()
    return database_url


def tamper(url: str, sql: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        assert conn.execute(text(sql)).rowcount == 1
    engine.dispose()


def run_verify(url: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", url, "verify"])
    return result.exit_code, result.stdout, result.stderr


def test_an_untouched_archive_verifies(loaded: str) -> None:
    assert run_verify(loaded) == (
        0, "2 snapshots and 1 lineage files checked: all match their content hash\n", "")


@pytest.mark.parametrize("sql", [
    "UPDATE units SET name = 'Office of Torture' WHERE snapshot_id = 1 AND key = 'dro'",
    "UPDATE units SET description = NULL WHERE snapshot_id = 1 AND key = 'dro'",
    "UPDATE units SET aliases = NULL WHERE snapshot_id = 1 AND key = 'oi-ht'",
    "UPDATE snapshots SET as_of = '2008-11-02' WHERE id = 1",
    "DELETE FROM units WHERE snapshot_id = 1 AND key = 'oi-ht'",
    "INSERT INTO units (snapshot_id, position, key, name) VALUES (1, 99, 'new', 'Smuggled In')",
], ids=["changed-name", "dropped-description", "aliases-made-unknown", "changed-date",
        "deleted-unit", "inserted-unit"])
def test_rows_altered_behind_the_archive_are_named(loaded: str, sql: str) -> None:
    tamper(loaded, sql)
    code, out, err = run_verify(loaded)
    assert code == 1
    assert out.startswith("snapshot 1 (ICE, as of 20") and "does not match its content hash" in out
    assert "snapshot 2" not in out
    assert err == "Error: 1 of 2 snapshots fail verification: 1\n"


def test_verify_json_lists_the_bad_snapshot(loaded: str) -> None:
    tamper(loaded, "DELETE FROM units WHERE snapshot_id = 2 AND key = 'oi'")
    result = CliRunner().invoke(cli, ["--db", loaded, "verify", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["checked"], data["ok"]) == (2, False)
    assert [b["snapshot"] for b in data["bad"]] == [2]
    assert "1 unit rows, recorded 2" in data["bad"][0]["problem"]


@pytest.mark.parametrize("sql", [
    "UPDATE lineage_events SET from_keys = '[\"opr\"]' WHERE position = 0",
    "UPDATE lineage_events SET event_date = '2009-06-09' WHERE position = 0",
    "DELETE FROM lineage_events WHERE position = 1",
    "INSERT INTO lineage_events (lineage_file_id, position, event_date, type, from_keys, to_keys)"
    " VALUES (1, 7, '2011-01-01', 'removed', '[\"opr\"]', '[]')",
    "UPDATE lineage_units SET name = 'Forged Office' WHERE position = 0",
], ids=["changed-keys", "changed-date", "deleted-event", "forged-event", "renamed-named-unit"])
def test_lineage_altered_behind_the_archive_is_named(loaded: str, sql: str) -> None:
    tamper(loaded, sql)
    code, out, err = run_verify(loaded)
    assert code == 1
    assert out.startswith("lineage file 1 (ICE) does not match its content hash: ")
    assert "snapshot" not in out
    assert err == "Error: 1 of 1 lineage files fail verification: 1\n"
