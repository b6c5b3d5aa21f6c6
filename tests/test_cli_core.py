"""The core commands as a user sees them: load, list, show, init, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from orgarchive.cli import cli
from orgarchive.domain import Snapshot
from orgarchive.files.bundled import bundled_paths
from orgarchive.files.read import read_document
from tests.storage_files import BASE_UNITS, write_lineage, write_snapshot


def run(url: str | None, *args: str) -> Result:
    prefix = ["--db", url] if url else []
    return CliRunner().invoke(cli, [*prefix, *args])


@pytest.fixture
def db(database_url: str) -> str:
    result = run(database_url, "init", "--empty")
    assert result.exit_code == 0, result.output
    return database_url


def test_load_says_what_it_stored_and_what_was_already_there(db: str, tmp_path: Path) -> None:
    a = write_snapshot(tmp_path / "a.json", source={"title": "ICE Operations"})
    lineage = write_lineage(tmp_path / "l.json")
    result = run(db, "load", str(a), str(lineage))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{a}: stored as snapshot 1 (ICE snapshot as of 2008-11-01, 3 units)\n"
        f"{lineage}: stored (ICE lineage, 1 event)\n"
    )
    again = run(db, "load", str(a), str(lineage))
    assert again.exit_code == 0
    assert again.stdout == (f"{a}: already stored as snapshot 1\n"
                            f"{lineage}: already stored (ICE lineage, 1 event)\n")


def test_an_invalid_file_names_file_and_place_and_stores_nothing(db: str, tmp_path: Path) -> None:
    good = write_snapshot(tmp_path / "good.json")
    bad = write_snapshot(tmp_path / "bad.json", units=[{"key": "a", "name": "A", "parent": "zz"}])
    result = run(db, "load", str(good), str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"Error: {bad}: /units/0/parent: unit 'a': parent 'zz' "
                             "is not a unit in this file\n")
    listed = run(db, "list", "--format", "json")
    assert (listed.exit_code, json.loads(listed.stdout)) == (0, [])


def test_dry_run_checks_and_stores_nothing(db: str, tmp_path: Path) -> None:
    a = write_snapshot(tmp_path / "a.json")
    result = run(db, "load", "--dry-run", str(a))
    assert result.exit_code == 0
    assert result.stdout == (f"{a}: valid (ICE snapshot as of 2008-11-01, 3 units)\n"
                             "dry run: nothing stored\n")
    assert json.loads(run(db, "list", "--format", "json").stdout) == []


def test_list_shows_revisions_and_their_status(db: str, tmp_path: Path) -> None:
    run(db, "load", str(write_snapshot(tmp_path / "a.json", source={"title": "Ops page"})))
    fixed = write_snapshot(tmp_path / "b.json", units=BASE_UNITS[:2], observed="2009-01-02")
    result = run(db, "load", "--revises", "1", str(fixed))
    assert result.stdout == (
        f"{fixed}: stored as snapshot 2 (ICE snapshot as of 2008-11-01, 2 units)\n")
    listed = json.loads(run(db, "list", "--format", "json").stdout)
    assert [(r["id"], r["current"], r["superseded_by"], r["revises"], r["units"],
             r["source_title"], r["observed"]) for r in listed] == [
        (1, False, 2, None, 3, "Ops page", None),
        (2, True, None, 1, 2, None, "2009-01-02"),
    ]
    table = run(db, "list").stdout.splitlines()
    assert table[0].split() == ["ID", "AGENCY", "AS", "OF", "OBSERVED", "COVERAGE", "UNITS",
                                "STATUS", "REVISES", "RECORDED", "SOURCE"]
    assert table[1].split()[:9] == ["1", "ICE", "2008-11-01", "-", "complete", "3",
                                    "superseded", "by", "2"]
    assert table[1].endswith("Ops page")
    assert table[2].split()[:7] == ["2", "ICE", "2008-11-01", "2009-01-02", "complete", "2",
                                    "current"]


def test_show_tree_says_which_snapshot_and_indents_children(db: str, tmp_path: Path) -> None:
    run(db, "load", str(write_snapshot(tmp_path / "a.json", coverage="partial",
                                       source={"title": "Ops", "url": "http://x"})))
    result = run(db, "show", "--snapshot", "2009-01-01")
    assert result.exit_code == 0
    assert result.stdout == (
        "ICE on 2009-01-01: snapshot 1, as of 2008-11-01, partial coverage: the source shows "
        "only part of the agency, 3 units\n"
        "source: Ops — http://x\n"
        "\n"
        "Office of Detention and Removal Operations (DRO) [office]\n"
        "Office of Investigations (OI) [office]\n"
        "  Human Trafficking Unit\n"
    )


def test_show_json_and_yaml_give_the_snapshot_back(db: str, tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "a.json")
    run(db, "load", str(path))
    shown = json.loads(run(db, "show", "--snapshot", "2008-11-01", "--format", "json").stdout)
    assert shown["snapshot"] == 1
    del shown["snapshot"]
    (tmp_path / "back.json").write_text(json.dumps(shown))
    assert read_document(tmp_path / "back.json") == read_document(path)
    yaml_out = run(db, "show", "--snapshot", "1", "--format", "yaml")
    assert yaml_out.exit_code == 0
    assert yaml_out.stdout.startswith("# ICE: snapshot 1, as of 2008-11-01, complete coverage")
    (tmp_path / "back.yaml").write_text(yaml_out.stdout)
    assert read_document(tmp_path / "back.yaml") == read_document(path)


def test_show_before_the_first_snapshot_is_a_clear_error(db: str, tmp_path: Path) -> None:
    run(db, "load", str(write_snapshot(tmp_path / "a.json")))
    result = run(db, "show", "--snapshot", "2001-01-01")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Error: no ICE snapshot in effect on 2001-01-01: "
                             "the first is as of 2008-11-01\n")
    result = run(db, "show", "--at", "2001-01-01")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Error: no source places any ICE unit on 2001-01-01: "
                             "the first is dated 2008-11-01\n")


def test_show_needs_agency_when_several_are_held(db: str, tmp_path: Path) -> None:
    run(db, "load", str(write_snapshot(tmp_path / "a.json")),
        str(write_snapshot(tmp_path / "b.json", agency="CBP")))
    result = run(db, "show", "--at", "2009-01-01")
    assert (result.exit_code, result.stderr) == (
        1, "Error: the archive holds several agencies (CBP, ICE): choose one with --agency\n")
    assert run(db, "show", "--at", "2009-01-01", "--agency", "CBP").exit_code == 0


@pytest.mark.parametrize(("value", "why"), [("2009-02-30", ": no such day"), ("yesterday", ""),
                                            ("2009-1-1", "")])
def test_show_with_a_malformed_date_is_a_usage_error(value: str, why: str,
                                                     tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path / 'x.db'}", "show", "--at", value)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '--at': {value!r} is not a date "
                                  f"(YYYY-MM-DD, YYYY-MM or YYYY){why}\n")


def test_revises_with_several_files_is_refused(db: str, tmp_path: Path) -> None:
    a = write_snapshot(tmp_path / "a.json")
    b = write_snapshot(tmp_path / "b.json", as_of="2012-01-01")
    result = run(db, "load", "--revises", "1", str(a), str(b))
    assert (result.exit_code, result.stderr) == (
        1, "Error: --revises takes exactly one snapshot file; got 2 files\n")


@pytest.mark.parametrize(("url", "message"), [
    ("nonsense", "Error: not a database URL: 'nonsense'\n"),
    ("foo://host/db", "Error: no database driver for 'foo' in foo://host/db\n"),
])
def test_a_bad_database_url_is_one_line(url: str, message: str) -> None:
    result = run(url, "list")
    assert (result.exit_code, result.stderr) == (1, message)


def test_an_unreachable_server_is_one_line() -> None:
    result = run("postgresql+psycopg://postgres@127.0.0.1:1/x", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: database postgresql+psycopg://postgres@127.0.0.1:1/x: connection failed")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def _bundled_snapshot_count() -> int:
    return sum(isinstance(read_document(p), Snapshot) for p in bundled_paths())


def test_init_loads_the_bundled_snapshots_once(database_url: str) -> None:
    expected = _bundled_snapshot_count()
    assert expected > 0
    first = run(database_url, "init")
    assert first.exit_code == 0, first.output
    assert first.stdout.endswith(f" is ready: {expected} snapshots stored\n")
    assert run(database_url, "init").stdout == first.stdout  # idempotent
    assert len(json.loads(run(database_url, "list", "--format", "json").stdout)) == expected


def test_the_default_database_is_created_and_filled_on_first_use(tmp_path: Path) -> None:
    result = run(None, "show", "--at", "2009-01-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ICE on 2009-01-01: best-known structure, assembled from ")
    assert (Path(click.get_app_dir("orgarchive")) / "archive.db").is_file()
    listed = json.loads(run(None, "list", "--format", "json").stdout)
    assert len(listed) == _bundled_snapshot_count()
    assert run(None, "verify").exit_code == 0


def test_a_default_database_made_empty_stays_empty_until_init() -> None:
    assert run(None, "init", "--empty").exit_code == 0
    result = run(None, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert run(None, "init").exit_code == 0
    listed = json.loads(run(None, "list", "--format", "json").stdout)
    assert len(listed) == _bundled_snapshot_count()


def test_the_environment_variable_names_the_database(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(db, "load", str(write_snapshot(tmp_path / "a.json")))
    monkeypatch.setenv("ORGARCHIVE_DATABASE_URL", db)
    listed = json.loads(run(None, "list", "--format", "json").stdout)
    assert [r["id"] for r in listed] == [1]
