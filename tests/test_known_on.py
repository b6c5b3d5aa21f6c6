"""What the archive knew at a given time (SPEC §4: each snapshot records when
it was stored): `show --at DATE --known-on WHEN` leaves out snapshots and
revisions recorded later."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from orgarchive.cli import cli
from orgarchive.services import Archive

HEAD = "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-11-05\nunits:\n"


def _write(path: Path, units: str) -> Path:
    path.write_text(HEAD + units, encoding="utf-8")
    return path


def test_a_date_resolves_as_the_archive_stood_at_a_time(database_url: str, tmp_path: Path) -> None:
    first = _write(tmp_path / "a.yaml", "  - {key: oi, name: Office of Investigations}\n")
    fixed = _write(tmp_path / "b.yaml",
                   "  - {key: oi, name: Office of Investigations, acronym: OI}\n")
    archive = Archive.init(database_url, empty=True)
    try:
        [one] = archive.load([first])
        assert one.snapshot_id is not None
        [two] = archive.load([fixed], revises=one.snapshot_id)
        assert two.snapshot_id is not None
        stored_1 = archive.get(one.snapshot_id).info.recorded_at
        stored_2 = archive.get(two.snapshot_id).info.recorded_at
        assert stored_1 < stored_2
        on = datetime(2009, 1, 1).date()

        assert archive.resolve(on).info.id == two.snapshot_id  # today: the revision
        assert archive.resolve(on, known_at=stored_2).info.id == two.snapshot_id
        assert archive.resolve(on, known_at=stored_1).info.id == one.snapshot_id  # before it
        between = stored_1 + (stored_2 - stored_1) / 2
        assert archive.resolve(on, known_at=between).info.id == one.snapshot_id
    finally:
        archive.close()

    runner = CliRunner()
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    result = runner.invoke(cli, ["--db", database_url, "show", "--snapshot", "2009-01-01",
                                 "--known-on", yesterday])
    assert result.exit_code == 1
    assert result.output == (f"Error: no ICE snapshot in effect on 2009-01-01 was recorded by "
                             f"{yesterday}T23:59:59+00:00\n")
    today = datetime.now(UTC).date().isoformat()
    result = runner.invoke(cli, ["--db", database_url, "show", "--snapshot", "2009-01-01",
                                 "--known-on", today, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["snapshot"] == two.snapshot_id


def test_known_on_wants_a_date_or_a_time(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", db, "show", "--snapshot", "2009-01-01",
                                 "--known-on", "May"])
    assert result.exit_code == 2
    assert "'May' is not a date (YYYY-MM-DD) or a time" in result.output
