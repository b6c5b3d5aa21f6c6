"""Failures are honest: one clear line, exit 1, nothing written, never a traceback.

Issue 15, "Failures that are not honest": ids and times too large for the
database or for Python's dates, very long paths and file names, an empty
``--db``, asking about a database that does not exist, revisions that would
record nothing, and output files pointed at the archive itself. Where storage
is involved the test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from orgarchive.cli import cli
from tests.conftest import SEEDS
from tests.helpers.db_state import dump
from tests.storage_files import BASE_UNITS, write_snapshot

HUGE = "9223372036854775808"  # 2**63: past SQLite's INTEGER
HUGER = "99999999999999999999"


def run(url: str | None, *args: str) -> Result:
    return CliRunner().invoke(cli, [*(["--db", url] if url is not None else []), *args])


def one_line(result: Result, expected: str | None = None, *, code: int = 1) -> str:
    """The command failed cleanly: exit ``code``, no traceback, one line on stderr."""
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    if expected is not None:
        assert lines[0] == f"Error: {expected}"
    return lines[0]


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    assert run(database_url, "init", "--empty").exit_code == 0
    loaded = run(database_url, "load", str(write_snapshot(tmp_path / "a.json")))
    assert loaded.exit_code == 0, loaded.output
    return database_url


# -- ids and times out of range ------------------------------------------------

@pytest.mark.parametrize("ident", [HUGE, HUGER, "2147483648", "0"])
def test_an_id_too_large_for_the_database_is_no_snapshot(db: str, ident: str) -> None:
    one_line(run(db, "show", "--snapshot", ident), f"no snapshot {int(ident)} in the archive")
    one_line(run(db, "diff", "1", ident), f"no snapshot {int(ident)} in the archive")


def test_revising_an_id_too_large_is_no_snapshot(db: str, tmp_path: Path) -> None:
    fixed = write_snapshot(tmp_path / "fixed.json", units=BASE_UNITS[:2])
    before = dump(db)
    for ident in (HUGER, HUGE, "-1"):
        one_line(run(db, "load", "--revises", ident, str(fixed)),
                 f"no snapshot {int(ident)} to revise")
    assert dump(db) == before


def test_thousands_of_digits_are_a_usage_error_at_once(db: str) -> None:
    result = run(db, "show", "--snapshot", "9" * 5000)
    assert result.exit_code == 2 and "ids have at most 10 digits" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_known_on_at_the_edges_of_time(db: str, when: str) -> None:
    result = run(db, "show", "--snapshot", "2009-01-01", "--known-on", when)
    if when.startswith("9999"):  # after everything: the archive as it stands
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("ICE on 2009-01-01: snapshot 1,")
    else:  # before everything: nothing was recorded yet
        one_line(result, "no ICE snapshot in effect on 2009-01-01 was recorded by "
                         "0001-01-01T00:00:00+00:00")


# -- paths -----------------------------------------------------------------------

def test_a_5000_character_database_path(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / ('x' * 5000)}.db"
    for args in (("list",), ("init",), ("db", "upgrade"), ("db", "current")):
        line = one_line(run(url, *args))
        assert "File name too long" in line and len(line) < 400, line
    assert list(tmp_path.iterdir()) == []


def test_a_300_character_file_name(db: str, tmp_path: Path) -> None:
    long_name = str(tmp_path / ("f" * 300))
    before = dump(db)
    line = one_line(run(db, "load", long_name + ".json"))
    assert line.endswith(".json: File name too long"), line
    line = one_line(run(db, "report", "-o", long_name + ".md"))
    assert line.endswith(".md: cannot write: File name too long"), line
    line = one_line(run(None, "extract", str(tmp_path / "missing.html"), "--agency", "ICE",
                        "--as-of", "2009-01-01", "-o", long_name + ".yaml"))
    assert dump(db) == before


# -- which database ---------------------------------------------------------------

def test_an_empty_db_url_is_refused_not_the_default(tmp_path: Path) -> None:
    one_line(run("", "list"),
             "the database URL is empty: give one, or leave --db out for the default archive")
    assert not (Path(click.get_app_dir("orgarchive")) / "archive.db").exists()


@pytest.mark.parametrize("args", [("db", "current"), ("db", "downgrade", "base"), ("verify",),
                                  ("list",)])
def test_asking_about_a_missing_sqlite_file_does_not_create_it(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    missing = tmp_path / "nothing-here.db"
    result = run(f"sqlite:///{missing}", *args)
    if args == ("db", "current"):
        from orgarchive.store import migrate

        assert (result.exit_code, result.output) == (
            0, f"none (no database file) (behind; newest is {migrate.head()})\n")
    else:
        line = one_line(result)
        assert f"no database at sqlite:///{missing}" in line
    assert not missing.exists() and list(tmp_path.iterdir()) == []


# -- revisions that would record nothing --------------------------------------------

def test_a_revision_whose_content_is_another_snapshot_is_refused(
    db: str, tmp_path: Path
) -> None:
    second = write_snapshot(tmp_path / "b.json", as_of="2010-01-01", units=BASE_UNITS[:2])
    assert run(db, "load", str(second)).exit_code == 0  # snapshot 2
    before = dump(db)
    one_line(run(db, "load", "--revises", "2", str(tmp_path / "a.json")),
             "--revises 2: the file's content is already stored as snapshot 1 (as of "
             "2008-11-01), so it cannot be recorded as a revision of snapshot 2; nothing was "
             "stored")
    one_line(run(db, "load", "--revises", "1", str(tmp_path / "a.json")),
             "--revises 1: the file is the same as snapshot 1; there is nothing to correct, "
             "nothing was stored")
    assert dump(db) == before


def test_loading_the_same_revision_twice_is_a_no_op(db: str, tmp_path: Path) -> None:
    fixed = write_snapshot(tmp_path / "fixed.json", units=BASE_UNITS[:2])
    assert run(db, "load", "--revises", "1", str(fixed)).exit_code == 0
    again = run(db, "load", "--revises", "1", str(fixed))
    assert (again.exit_code, again.stdout) == (0, f"{fixed}: already stored as snapshot 2\n")


def test_a_dry_run_checks_the_revision_too(db: str, tmp_path: Path) -> None:
    fixed = write_snapshot(tmp_path / "fixed.json", units=BASE_UNITS[:2])
    one_line(run(db, "load", "--dry-run", "--revises", "999", str(fixed)),
             "no snapshot 999 to revise")
    other = write_snapshot(tmp_path / "other.json", agency="CBP", units=BASE_UNITS[:2])
    one_line(run(db, "load", "--dry-run", "--revises", "1", str(other)),
             "snapshot 1 is of agency ICE; the file is of agency CBP")
    one_line(run(db, "load", "--dry-run", "--revises", "1", str(tmp_path / "a.json")))
    valid = run(db, "load", "--dry-run", "--revises", "1", str(fixed))
    assert valid.exit_code == 0 and valid.stdout.startswith(f"{fixed}: valid (")


# -- output files ----------------------------------------------------------------------

def _sqlite_db(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "archive.db"
    url = f"sqlite:///{path}"
    assert run(url, "init", "--empty").exit_code == 0
    assert run(url, "load", str(write_snapshot(tmp_path / "a.json"))).exit_code == 0
    return url, path


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_report_and_extract_refuse_to_overwrite_the_archive(tmp_path: Path, suffix: str) -> None:
    url, path = _sqlite_db(tmp_path)
    before = path.read_bytes()
    target = str(path) + suffix
    refusal = (f"{target}: is the archive's own database file ({path}); writing there would "
               "destroy the archive: choose another file")
    one_line(run(url, "report", "-o", target), refusal)
    page = str(SEEDS / "004_c5f81af945d778a7.txt")
    one_line(run(url, "extract", page, "--agency", "ICE", "--as-of", "2009-01-01", "-o", target),
             refusal)
    assert path.read_bytes() == before
    assert run(url, "verify").exit_code == 0


def test_the_default_archive_is_protected_too(tmp_path: Path) -> None:
    assert run(None, "list").exit_code == 0  # first use makes and fills it
    default = Path(click.get_app_dir("orgarchive")) / "archive.db"
    link = tmp_path / "link.html"
    link.symlink_to(default)
    line = one_line(run(None, "report", "--format", "html", "-o", str(link)))
    assert "is the archive's own database file" in line
    assert run(None, "verify").exit_code == 0


def test_output_replaces_a_file_whole_and_keeps_its_permissions(
    db: str, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    result = run(db, "report", "--format", "json", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert json.loads(target.read_text(encoding="utf-8"))["agency"] == "ICE"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temporary file


def test_output_to_a_folder_or_an_empty_name(db: str, tmp_path: Path) -> None:
    one_line(run(db, "report", "-o", str(tmp_path)),
             f"{tmp_path}: is a folder; give a file name")
    one_line(run(db, "report", "-o", ""), "-o: the output file name is empty")


def test_diff_html_with_all_lists_the_unchanged_units(db: str, tmp_path: Path) -> None:
    later = write_snapshot(tmp_path / "b.json", as_of="2010-01-01",
                           units=[*BASE_UNITS, {"key": "new", "name": "New Office"}])
    assert run(db, "load", str(later)).exit_code == 0
    plain = run(db, "diff", "1", "2", "--format", "html").stdout
    full = run(db, "diff", "1", "2", "--format", "html", "--all").stdout
    assert "Unchanged (3)" not in plain
    assert "Unchanged (3)" in full
    for name in ("Office of Detention and Removal Operations (DRO)",
                 "Office of Investigations (OI)", "Human Trafficking Unit"):
        assert f"<li>{name}</li>" in full


# -- line breaks in descriptions and notes ----------------------------------------------

FORGED = "\nRemoved (1)\n  Office of Nothing [none]\r\nAdded (1)\u2028  Ghost [ghost]"


def test_line_breaks_in_notes_and_descriptions_cannot_forge_lines(
    db: str, tmp_path: Path
) -> None:
    from tests.storage_files import write_lineage

    units = [dict(u) for u in BASE_UNITS]
    units[0]["description"] = "Removes removable aliens." + FORGED
    units[1] = {"key": "hsi", "name": "Homeland Security Investigations", "acronym": "HSI",
                "kind": "office"}
    units[2] = {**units[2], "parent": "hsi"}
    later = write_snapshot(tmp_path / "b.json", as_of="2011-01-01", units=units)
    lineage = write_lineage(tmp_path / "l.json", events=[
        {"date": "2010-06-09", "type": "renamed", "from": ["oi"], "to": ["hsi"],
         "note": "OI became HSI." + FORGED, "source": {"title": "ICE-HISTORY"}}])
    assert run(db, "load", str(later), str(lineage)).exit_code == 0
    diff = run(db, "diff", "1", "2")
    history = run(db, "history", "hsi")
    assert diff.exit_code == 0 and history.exit_code == 0, diff.output + history.output
    for text in (diff.stdout, history.stdout):
        lines = text.splitlines()
        assert not any(line.lstrip().startswith(("Removed", "Added", "Office of Nothing",
                                                 "Ghost")) for line in lines), text
        assert "\u2028" not in text and "\r" not in text
    assert "OI became HSI. ⏎ Removed (1) ⏎   Office of Nothing [none] ⏎ Added (1) ⏎   Ghost" \
        in diff.stdout
    assert "OI became HSI. ⏎ Removed (1)" in history.stdout
    assert "description: Removes removable aliens. → Removes removable aliens. ⏎ Removed" \
        in diff.stdout


# -- wide text in the lineage diagram ------------------------------------------------------

def test_svg_labels_are_whole_and_their_column_fits_wide_text() -> None:
    """Issue 15 point 17 said labels were cut by characters, so wide text
    overflowed; the diagram now cuts no label (issue 9: names are not cut short)
    and makes its label column as wide as the widest label, a CJK or full-width
    character counting about twice a Latin one (the browser test measures it)."""
    from datetime import date

    from orgarchive.domain import Diff, Snapshot, SnapshotRef, Unit
    from orgarchive.report.period import build_report
    from orgarchive.report.svg import render_lineage_svg
    from orgarchive.structure.record import AgencyRecord
    from orgarchive.structure.threads import threads_of
    from tests.report_samples import stored

    wide = Unit("cjk", "美国移民及海关执法局国土安全调查处调查办公室")  # 22 wide characters
    full = Unit("full", "Ｏｆｆｉｃｅ ｏｆ Ｉｎｖｅｓｔｉｇａｔｉｏｎｓ", acronym="ＯＩ")
    latin = Unit("latin", "Office of Detention and Removal Operations")
    widths = {}
    for unit in (wide, full, latin):
        before = stored(1, Snapshot("ICE", date(2020, 1, 1), (unit,)))
        after = stored(2, Snapshot("ICE", date(2021, 1, 1), (unit,)))
        step = Diff("ICE", SnapshotRef.of(before.snapshot, 1), SnapshotRef.of(after.snapshot, 2),
                    (), unchanged=((unit, unit),))
        record = AgencyRecord.of("ICE", [before, after])
        svg = render_lineage_svg(build_report(threads_of(record, diff=lambda a, b, d=step: d))).svg
        names = re.findall(r'<text class="name"[^>]*>(.*?)</text>', svg)
        assert len(names) == 1 and "…" not in names[0], names
        bar = re.search(r'<rect class="bar" x="([0-9.]+)"', svg)
        assert bar is not None
        widths[unit.key] = float(bar.group(1))
    # Each wide character is given at least a whole em (12 px) of room, where a
    # count of characters would give it about half.
    assert widths["cjk"] >= 12 + 22 * 12
    assert widths["full"] >= 12 + 27 * 12  # 25 full-width letters, "ＯＩ" and brackets


def test_extract_drops_bidirectional_controls_so_its_draft_loads(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><h2>Office of Investi&#x202e;gations (OI)</h2>"
                    "<p>The Office of Investigations investigates crimes\u202e and more.</p>"
                    "<h2>Office of Detention and Removal Operations (DRO)</h2>"
                    "<p>DRO removes removable aliens.</p></body></html>", encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    made = run(None, "extract", str(page), "--agency", "ICE", "--as-of", "2009-01-01",
               "-o", str(draft))
    assert made.exit_code == 0, made.output
    assert "\u202e" not in draft.read_text(encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'a.db'}"
    assert run(url, "init", "--empty").exit_code == 0
    assert run(url, "load", str(draft)).exit_code == 0
