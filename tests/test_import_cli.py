"""`orgarchive import`: review before storing (-o DIR), or store at once (--load).

The files written load unchanged; --load stores exactly those files, in one
transaction, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from orgarchive.cli import cli
from orgarchive.files.read import read_document
from orgarchive.imports.sources import import_congress, import_govuk
from tests.helpers.registries import CONGRESS_RAW, GOVUK_RAW, govuk_org, write_govuk


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("source", ["govuk", "congress"])
def test_written_files_read_back_as_imported(tmp_path: Path, source: str) -> None:
    if source == "govuk":
        result = import_govuk(GOVUK_RAW, date(2023, 12, 1))
        args = ["govuk", str(GOVUK_RAW), "--as-of", "2023-12-01"]
    else:
        result = import_congress(CONGRESS_RAW)
        args = ["congress", str(CONGRESS_RAW)]
    out = tmp_path / "out"
    shown = run("import", *args, "-o", str(out))
    assert (shown.exit_code, shown.stderr) == (0, ""), shown.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in result.files)
    for imported in result.files:
        assert read_document(out / imported.name) == imported.document, imported.name
    assert f"Review the files, then store them with: orgarchive load {out}" in shown.stdout


def test_review_then_load(tmp_path: Path) -> None:
    out = tmp_path / "ukgov"
    shown = run("import", "govuk", str(GOVUK_RAW), "--as-of", "2023-12-01", "-o", str(out))
    assert shown.stdout.splitlines()[:2] == [
        f"{out / 'ukgov-2023-12-01.yaml'}: written (UKGOV snapshot as of 2023-12-01, 647 units)",
        f"{out / 'ukgov-2023-12-01-lineage.yaml'}: written (UKGOV lineage, 108 events, "
        "539 named units)",
    ]
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert run("--db", db, "init", "--empty").exit_code == 0
    loaded = run("--db", db, "load", str(out))
    assert loaded.exit_code == 0, loaded.output
    assert "stored as snapshot 1 (UKGOV snapshot as of 2023-12-01, 647 units)" in loaded.stdout
    # --load stores the very same files: both are already there.
    again = run("--db", db, "import", "govuk", str(GOVUK_RAW), "--as-of", "2023-12-01", "--load")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[:2] == [
        "ukgov-2023-12-01.yaml: already stored (UKGOV snapshot as of 2023-12-01, 647 units)",
        "ukgov-2023-12-01-lineage.yaml: already stored (UKGOV lineage, 108 events, "
        "539 named units)",
    ]


def test_load_stores_everything_in_one_go(database_url: str) -> None:
    assert run("--db", database_url, "init", "--empty").exit_code == 0
    stored = run("--db", database_url, "import", "congress", str(CONGRESS_RAW), "--load")
    assert stored.exit_code == 0, stored.output
    lines = stored.stdout.splitlines()
    assert lines[0] == (
        "uscongress-093.yaml: stored as snapshot 1 (USCONGRESS snapshot as of 1973-01-03, "
        "45 units)")
    assert lines[14] == "uscongress-lineage.yaml: stored (USCONGRESS lineage, 220 events)"
    listed = json.loads(run("--db", database_url, "list", "--format", "json").stdout)
    assert [s["as_of"] for s in listed] == [f"{1973 + 2 * i}-01-03" for i in range(14)]


def test_nothing_is_stored_when_the_export_is_bad(database_url: str, tmp_path: Path) -> None:
    assert run("--db", database_url, "init", "--empty").exit_code == 0
    bad = write_govuk(tmp_path / "bad.json", [govuk_org("a", "A", parents=["b"]),
                                              govuk_org("b", "B", parents=["a"])])
    result = run("--db", database_url, "import", "govuk", str(bad), "--as-of", "2023-12-01",
                 "--load")
    assert result.exit_code == 1
    assert "parents form a cycle: a -> b -> a" in result.stderr
    assert json.loads(run("--db", database_url, "list", "--format", "json").stdout) == []


def test_a_reviewed_file_is_never_overwritten(tmp_path: Path) -> None:
    export = write_govuk(tmp_path / "export.json", [govuk_org("dept", "Department")])
    out = tmp_path / "out"
    args = ["import", "govuk", str(export), "--as-of", "2023-12-01", "-o", str(out)]
    assert run(*args).exit_code == 0
    again = run(*args)
    assert again.exit_code == 0
    assert again.stdout.startswith(f"{out / 'ukgov-2023-12-01.yaml'}: unchanged (")
    snapshot = out / "ukgov-2023-12-01.yaml"
    snapshot.write_text(snapshot.read_text() + "# reviewed\n", encoding="utf-8")
    (out / "ukgov-2023-12-01-lineage.yaml").unlink()
    refused = run(*args)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: {snapshot}: exists with other content; nothing was written (move it away, or "
        "choose another -o folder)\n")
    assert not (out / "ukgov-2023-12-01-lineage.yaml").exists()
    assert sorted(p.name for p in out.iterdir()) == ["ukgov-2023-12-01.yaml"]


def test_json_output(tmp_path: Path) -> None:
    export = write_govuk(tmp_path / "export.json", [
        govuk_org("dept", "Department"),
        govuk_org("old", "Old Body", status="closed", closed_status="no_longer_exists",
                  closed_at="2019-03-31T00:00:00.000+01:00"),
    ])
    out = tmp_path / "out"
    shown = run("import", "govuk", str(export), "--as-of", "2023-12-01", "-o", str(out),
                "--format", "json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["source"] == "govuk"
    assert [(f["file"], f["kind"], f["status"]) for f in data["files"]] == [
        (str(out / "ukgov-2023-12-01.yaml"), "snapshot", "written"),
        (str(out / "ukgov-2023-12-01-lineage.yaml"), "lineage", "written"),
    ]
    assert any("1 event from 1 dated closure" in n for n in data["notes"])


def test_the_same_export_gives_the_same_files(tmp_path: Path) -> None:
    """Stable output: two runs, two folders, identical bytes."""
    for name in ("one", "two"):
        assert run("import", "congress", str(CONGRESS_RAW), "-o", str(tmp_path / name)
                   ).exit_code == 0
    for path in sorted((tmp_path / "one").iterdir()):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


def test_readme_second_tour_shows_what_import_prints(tmp_path: Path) -> None:
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = ("$ orgarchive --db sqlite:///uk.db import govuk govuk-organisations.json "
               "--as-of 2023-12-01 --load\n")
    start = readme.index(command) + len(command)
    shown = readme[start:readme.index("note: ...", start)].splitlines()
    db = f"sqlite:///{tmp_path / 'uk.db'}"
    assert run("--db", db, "init", "--empty").exit_code == 0
    result = run("--db", db, "import", "govuk", str(GOVUK_RAW), "--as-of", "2023-12-01",
                 "--load")
    assert len(shown) == 2 and result.stdout.splitlines()[:2] == shown


def test_a_file_that_would_not_load_is_never_written(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The import reads each file back as `load` will before writing any; with
    its text cleaning switched off, a control character in a title is caught."""
    from orgarchive.imports import records

    monkeypatch.setattr(records, "clean", lambda text: text)
    export = write_govuk(tmp_path / "export.json", [govuk_org("dept", "Dept\x1b[31m")])
    out = tmp_path / "out"
    result = run("import", "govuk", str(export), "--as-of", "2023-12-01", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the import made ukgov-2023-12-01.yaml, which would "
                                    "not load (ukgov-2023-12-01.yaml: line ")
    assert "control character U+001B" in result.stderr
    assert not out.exists()
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert run("--db", db, "init", "--empty").exit_code == 0
    stored = run("--db", db, "import", "govuk", str(export), "--as-of", "2023-12-01", "--load")
    assert stored.exit_code == 1
    assert stored.stderr.startswith("Error: the import made ukgov-2023-12-01.yaml, which would "
                                    "not load (ukgov-2023-12-01.yaml: line ")
    assert "nothing was stored" in stored.stderr
    assert json.loads(run("--db", db, "list", "--format", "json").stdout) == []
