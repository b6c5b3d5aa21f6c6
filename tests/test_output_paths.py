"""Security of outputs: files go exactly where `-o` says, and data cannot inject markup.

The archive below holds units named like paths (``../../etc/x``, an absolute
``/tmp/...`` name), markup, SQL, a CSV formula, and source titles with slashes.
- `report -o` and `extract -o` create exactly the one file given (relative,
  nested, with ``..``, absolute) and nothing else anywhere under the test's
  folder; no name from the data is ever used as a path.
- Every output format shows the hostile names safely: JSON, CSV and YAML give
  them back verbatim when parsed; text outputs print them verbatim; Markdown and
  HTML escape them (no live ``<script>``, link or table cell break).

CSV values are written verbatim, formula-looking ones included: the CSV is a
data export for programs, and prefixing ``=`` with a quote (the usual
"formula injection" guard) would change the values such programs read back.
Whoever opens it in a spreadsheet should import it as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from ruamel.yaml import YAML

from orgarchive.cli import cli
from tests.storage_files import write_snapshot

ABSOLUTE = f"/tmp/orgarchive-evil-{uuid.uuid4().hex}"
PATHLIKE = "../../etc/x"
SCRIPT = "<script>alert(1)</script> | **x** [a](http://evil)"
FORMULA = '=HYPERLINK("http://evil","click")'
SQL = "'); DROP TABLE units; --"
COMMA = 'Office, "Quoted" & Co'
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args)


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    """Two ICE snapshots whose hostile units are renamed, moved, removed and added."""
    assert run(["--db", database_url, "init", "--empty"]).exit_code == 0
    before = [
        {"key": "dro", "name": "Office of Detention and Removal Operations", "acronym": "DRO",
         "kind": "office"},
        {"key": "oi", "name": "Office of Investigations", "acronym": "OI", "kind": "office"},
        {"key": "pathlike", "name": PATHLIKE, "acronym": "../X", "parent": "oi"},
        {"key": "script", "name": SCRIPT, "parent": "dro", "description": SCRIPT},
        {"key": "formula", "name": FORMULA, "parent": "oi"},
        {"key": "absolute", "name": ABSOLUTE, "parent": "oi"},
        {"key": "comma", "name": COMMA, "parent": "dro"},
    ]
    after = [
        {"key": "dro", "name": "Enforcement and Removal Operations", "acronym": "ERO",
         "kind": "office"},
        {"key": "oi", "name": "Office of Investigations", "acronym": "OI", "kind": "office"},
        {"key": "pathlike", "name": PATHLIKE + "/y", "acronym": "../X", "parent": "oi"},
        {"key": "script", "name": SCRIPT, "parent": "oi", "description": SCRIPT},
        {"key": "absolute", "name": ABSOLUTE, "parent": "oi"},
        {"key": "comma", "name": COMMA, "parent": "dro"},
        {"key": "sql", "name": SQL, "parent": "dro"},
    ]
    files = tmp_path / "inputs"
    files.mkdir()
    for name, as_of, units in (("a.json", "2008-11-01", before), ("b.json", "2012-03-01", after)):
        path = write_snapshot(files / name, as_of=as_of, units=units,
                              source={"title": f"ICE / {PATHLIKE} / {ABSOLUTE}",
                                      "url": "http://www.ice.gov/about/../../etc"})
        loaded = run(["--db", database_url, "load", str(path)])
        assert loaded.exit_code == 0, loaded.output
    return database_url


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("archive.db")}


def assert_only_new_file(root: Path, before: set[Path], expected: Path) -> None:
    assert files_under(root) - before == {expected.resolve()}
    assert not Path(ABSOLUTE).exists() and not Path(ABSOLUTE + "/y").exists()


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
@pytest.mark.parametrize("given", ["out.txt", "sub/out.txt", "../up/out.txt", "ABS"])
def test_report_writes_exactly_the_path_given(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, given: str
) -> None:
    work = tmp_path / "work" / "a" / "b"
    (work / "sub").mkdir(parents=True)
    (work.parent / "up").mkdir()
    monkeypatch.chdir(work)
    target = str(tmp_path / "abs-out.txt") if given == "ABS" else given
    before = files_under(tmp_path)
    result = run(["--db", db, "report", "--format", fmt, "-o", target])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert_only_new_file(tmp_path, before, work / target)
    written = (work / target).read_text(encoding="utf-8")
    assert "Enforcement and Removal Operations" in written
    assert PATHLIKE not in result.stdout  # the report went to the file, not to stdout


def test_extract_writes_exactly_the_path_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><head><title>ICE {PATHLIKE} / Offices</title></head><body>"
        f"<h2>Office of {PATHLIKE} Operations (OEX)</h2><p>Does {ABSOLUTE} things.</p>"
        f"<h2>Office of {ABSOLUTE}</h2><p>Handles {SQL} matters.</p>"
        "<h2>Office of &lt;script&gt;alert(1)&lt;/script&gt; Affairs</h2></body></html>",
        encoding="utf-8")
    work = tmp_path / "work" / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    before = files_under(tmp_path)
    result = run(["extract", str(page), "--agency", "ICE", "--as-of", "2010-01-01",
                  "-o", "../draft.yaml"])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert_only_new_file(tmp_path, before, work.parent / "draft.yaml")
    draft = YAML(typ="safe", pure=True).load((work.parent / "draft.yaml").read_text("utf-8"))
    assert f"Office of {PATHLIKE} Operations" in [u["name"] for u in draft["units"]]
    # Writing again replaces the file in place and leaves no temporary file behind.
    before = files_under(tmp_path)
    again = run(["extract", str(page), "--agency", "ICE", "--as-of", "2010-01-01",
                 "-o", "../draft.yaml"])
    assert again.exit_code == 0
    assert files_under(tmp_path) == before


def names_in(value: object) -> set[str]:
    """Every "name" value anywhere in parsed JSON or YAML."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("name"), str):
                found.add(item["name"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def output(db: str, *args: str) -> str:
    result = run(["--db", db, *args])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def test_machine_readable_outputs_give_hostile_names_back_verbatim(db: str) -> None:
    diff = json.loads(output(db, "diff", "2008-11-01", "2012-03-01", "--format", "json"))
    assert {PATHLIKE, PATHLIKE + "/y", SCRIPT, FORMULA, SQL} <= names_in(diff["changes"])
    report = json.loads(output(db, "report", "--format", "json"))
    assert {PATHLIKE, SCRIPT, FORMULA, SQL} <= names_in(report)
    shown = YAML(typ="safe", pure=True).load(
        output(db, "show", "--snapshot", "1", "--format", "yaml"))
    assert {PATHLIKE, SCRIPT, FORMULA, ABSOLUTE, COMMA} <= names_in(shown)
    history = json.loads(output(db, "history", "script", "--format", "json"))
    assert SCRIPT in json.dumps(history, ensure_ascii=False)

    rows = list(csv.reader(io.StringIO(output(db, "diff", "1", "2", "--format", "csv"))))
    cells = {cell for row in rows for cell in row}
    assert {PATHLIKE, PATHLIKE + "/y", FORMULA, SQL} <= cells  # verbatim, formula included
    assert len({len(row) for row in rows}) == 1  # the comma and quotes split no row


def test_text_outputs_print_hostile_names_verbatim(db: str) -> None:
    tree = output(db, "show", "--snapshot", "2008-11-01")
    assert f"source: ICE / {PATHLIKE} / {ABSOLUTE}" in tree
    unit_lines = [line for line in tree.splitlines() if not line.startswith("source: ")]
    for name in (PATHLIKE, SCRIPT, FORMULA, ABSOLUTE, COMMA):
        assert sum(name in line for line in unit_lines) == 1, name
    text = output(db, "diff", "2008-11-01", "2012-03-01")
    for name in (PATHLIKE, PATHLIKE + "/y", FORMULA, SQL):
        assert name in text, name
    assert SCRIPT in output(db, "history", "script")


def table_rows_keep_their_cells(text: str) -> None:
    """Each Markdown table's rows have as many unescaped pipes as its header."""
    counts: list[int] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            counts.append(len(re.findall(r"(?<!\\)\|", line)))
        elif counts:
            assert len(set(counts)) == 1, counts
            counts = []


def test_markdown_outputs_escape_hostile_names(db: str) -> None:
    for args in (["diff", "1", "2", "--format", "markdown"], ["report", "--format", "markdown"]):
        text = output(db, *args)
        # No raw "<" (an HTML tag), no live emphasis or link: each is escaped,
        # as an entity or with a backslash, both shown as text by CommonMark.
        # The one "<" allowed opens a link destination of a plain http(s) URL.
        unlinked = re.sub(r"\]\(<https?://[^\s<>()]+>\)", "](URL)", text)
        assert re.search(r"(?<!\\)<", unlinked) is None, args
        assert ESCAPED_SCRIPT in text or r"\<script\>alert" in text, args
        assert "**x**" not in text and "[a](" not in text and r"\[a\]" in text, args
        table_rows_keep_their_cells(text)


def test_html_outputs_escape_hostile_names(db: str) -> None:
    for args in (["diff", "1", "2", "--format", "html"], ["report", "--format", "html"]):
        page = output(db, *args)
        assert "<script" not in page, args  # neither the data's nor any of our own
        assert ESCAPED_SCRIPT in page, args
        assert 'href="http://evil"' not in page and "javascript:" not in page
