"""Hostile and broken files through the real command line, on SQLite and PostgreSQL.

Every bad file gives exactly one line on stderr, ``Error: FILE: PLACE: PROBLEM``,
exit code 1, no traceback, nothing on stdout, and leaves every row of every
table as it was. SQL fragments and markup in names are not errors: they are
stored and shown back verbatim.

(tests/test_hostile_input.py holds the file readers to the same cases in
process; this file proves the contract end to end, database included.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from orgarchive.cli import cli
from tests.helpers.db_state import dump
from tests.helpers.measure import run_orgarchive
from tests.storage_files import write_snapshot

HEAD = "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-11-01\n"
UNIT_A = "units:\n  - key: a\n"  # lines 4 and 5
BEFORE_BYTE = len(HEAD + UNIT_A + "    name: ")  # where line 6's value starts


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args])


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    """A database that already holds one snapshot, so "unchanged" means something."""
    assert run(database_url, "init", "--empty").exit_code == 0
    result = run(database_url, "load", str(write_snapshot(tmp_path / "base.json")))
    assert result.exit_code == 0, result.output
    return database_url


def assert_refused(
    url: str, result: Result, before: dict[str, Any], line: str | re.Pattern[str]
) -> None:
    """Exit 1, the one expected line on stderr (or one line matching a pattern),
    nothing else, no row changed."""
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    if isinstance(line, re.Pattern):
        assert re.fullmatch(r"Error: " + line.pattern + r"\n", result.stderr), result.stderr
    else:
        assert result.stderr == f"Error: {line}\n"
    assert dump(url) == before


def bomb_yaml(levels: int = 9) -> str:
    """The classic "billion laughs": 9 ** levels copies of "lol" once expanded."""
    lines = [HEAD.rstrip("\n"), 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", '
             '"lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    lines += ["units:", f"  - {{key: a, name: *l{levels - 1}}}"]
    return "\n".join(lines) + "\n"


def nested_children_yaml(depth: int) -> str:
    lines = [HEAD + "units:"]
    indent = "  "
    for i in range(depth):
        lines.append(f"{indent}- key: k{i}")
        lines.append(f"{indent}  name: Unit {i}")
        if i < depth - 1:
            lines.append(f"{indent}  children:")
        indent += "    "
    return "\n".join(lines) + "\n"


def nested_children_json(depth: int) -> str:
    """``depth`` units each the only child of the one before, without recursion."""
    opening = "".join(f'{{"key": "k{i}", "name": "Unit {i}", "children": [' for i in range(depth))
    body = opening[: -len(', "children": [')] + "}" + "]}" * (depth - 1)
    return ('{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-11-01", '
            f'"units": [{body}]}}')


# (file name, content, the expected stderr line after "Error: FILE: ")
CASES: list[tuple[str, bytes, str | re.Pattern[str]]] = [
    ("object-tag.yaml",
     (HEAD + "units:\n  - key: a\n"
      '    name: !!python/object/apply:os.system ["touch PWNED"]\n').encode(),
     "line 6: YAML tag '!!python/object/apply:os.system' is not allowed"),
    ("new-tag.yaml",
     (HEAD + "units:\n  - key: a\n    name: !!python/name:os.system ''\n").encode(),
     "line 6: YAML tag '!!python/name:os.system' is not allowed"),
    ("alias-bomb.yaml", bomb_yaml().encode(),
     "line 4: YAML anchors and aliases are not allowed (found anchor &l0)"),
    ("deep-children.yaml", nested_children_yaml(102).encode(),
     # the "children:" line of unit 100 (0-based), the list that goes one level too
     # deep: 4 header lines, then 3 lines a unit
     f"line {4 + 3 * 100 + 3}: units nested more than 100 levels deep"),
    # Which parser layer stops 100,000 levels depends on the PyYAML build; the
    # promise is the same: one line naming the file and line 4 (any wording).
    ("deep-flow.yaml", (HEAD + "units: " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
     re.compile(r"line 4: [^\n]+")),
    ("deep-flow-600.yaml", (HEAD + "units: " + "[" * 600 + "]" * 600 + "\n").encode(),
     "line 4: nested more than 512 levels deep"),
    ("invalid-utf8.yaml", (HEAD + UNIT_A + "    name: Caf\xe9\n").encode("latin-1"),
     f"line 6: not valid UTF-8 (byte {BEFORE_BYTE + 3})"),
    ("duplicate-key.yaml", (HEAD + "units:\n  - key: a\n    name: A\n    name: B\n").encode(),
     "line 7: duplicate field 'name' (first at line 6)"),
    ("duplicate-key.json",
     b'{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-11-01",'
     b' "units": [{"key": "a", "name": "A", "key": "b"}]}',
     "/units/0/key: duplicate field 'key'"),
    ("cycle.yaml",
     (HEAD + "units:\n  - {key: a, name: A, parent: c}\n  - {key: b, name: B, parent: a}\n"
      "  - {key: c, name: C, parent: b}\n").encode(),
     "line 5: parent cycle: a -> c -> b -> a"),
    ("self-parent.json",
     b'{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-11-01",'
     b' "units": [{"key": "a", "name": "A", "parent": "a"}]}',
     "/units/0/parent: parent cycle: a -> a"),
    ("lone-surrogate.json",
     b'{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-11-01",'
     b' "units": [{"key": "a", "name": "x\\ud800"}]}',
     "/units/0/name: text holds a NUL character or a lone surrogate, which cannot be stored"),
    ("nul.yaml", (HEAD + UNIT_A + "    name: A\x00B\n").encode(),
     f"line 6: not a text file (NUL byte at byte {BEFORE_BYTE + 1})"),
    ("path-agency.json",
     b'{"format": "orgarchive.snapshot/1", "agency": "../../etc", "as_of": "2008-11-01",'
     b' "units": [{"key": "a", "name": "A"}]}',
     "/agency: agency: '../../etc' is not a valid agency code (letters, digits, & . _ -)"),
]


@pytest.mark.parametrize(("name", "content", "line"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_file_is_one_line_exit_1_and_changes_nothing(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes,
    line: str | re.Pattern[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / name
    path.write_bytes(content)
    before = dump(db)
    expected = (re.compile(re.escape(f"{path}: ") + line.pattern) if isinstance(line, re.Pattern)
                else f"{path}: {line}")
    assert_refused(db, run(db, "load", str(path)), before, expected)
    assert not (tmp_path / "PWNED").exists()  # no YAML tag was ever constructed


# Terminal control characters in a name would drive the reader's terminal when
# `show` or `diff` prints it (ESC [2J clears the screen, ESC ]0; retitles the
# window), and a line break in a one-line field would forge lines in text
# output: both are refused on load (descriptions and notes may span lines).
CONTROL_CASES: list[tuple[str, bytes, str | re.Pattern[str]]] = [
    ("escape-sequence.json",
     b'{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-11-01",'
     b' "units": [{"key": "a", "name": "Office \\u001b[2J\\u001b[31mof Red"}]}',
     "/units/0/name: text holds the control character U+001B, which is not allowed"),
    ("escape-sequence.yaml", (HEAD + UNIT_A + '    name: "Office \\e]0;owned\\a"\n').encode(),
     "line 6: text holds the control character U+001B, which is not allowed"),
    ("c1-control.json",
     '{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-11-01",'
     ' "units": [{"key": "a", "name": "A", "acronym": "\u009b31m"}]}'.encode(),
     "/units/0/acronym: text holds the control character U+009B, which is not allowed"),
    ("newline-name.json",
     b'{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-11-01",'
     b' "units": [{"key": "a", "name": "A\\nOffice of Investigations (OI) [office]"}]}',
     "/units/0/name: text holds a line break, which only a description or a note may"),
    ("newline-alias.yaml", (HEAD + UNIT_A + '    name: A\n    aliases: ["B\\nC"]\n').encode(),
     "line 7: text holds a line break, which only a description or a note may"),
    # A right-to-left override shows "Office \u202eexe.txt" as "Office txt.exe".
    ("bidi-override.json",
     '{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-11-01",'
     ' "units": [{"key": "a", "name": "Office \u202eexe.txt"}]}'.encode(),
     "/units/0/name: text holds the bidirectional control U+202E, which could show it in "
     "another order than it is stored; it is not allowed"),
    ("bidi-isolate.yaml", (HEAD + UNIT_A + '    name: A\n    kind: "\\u2067x"\n').encode(),
     "line 7: text holds the bidirectional control U+2067, which could show it in another "
     "order than it is stored; it is not allowed"),
    ("bidi-escaped.json",
     b'{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-11-01",'
     b' "units": [{"key": "a", "name": "A", "description": "x\\u202Dy"}]}',
     "/units/0/description: text holds the bidirectional control U+202D, which could show it "
     "in another order than it is stored; it is not allowed"),
]


@pytest.mark.parametrize(("name", "content", "line"), CONTROL_CASES,
                         ids=[c[0] for c in CONTROL_CASES])
def test_terminal_control_characters_are_refused(
    db: str, tmp_path: Path, name: str, content: bytes, line: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = dump(db)
    assert_refused(db, run(db, "load", str(path)), before, f"{path}: {line}")


def test_a_json_file_nested_past_the_parser_limit_is_refused(db: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(nested_children_json(100_000), encoding="utf-8")
    before = dump(db)
    assert_refused(db, run(db, "load", str(path)), before,
                   f"{path}: invalid JSON: nested too deeply")


def test_json_children_past_the_unit_depth_limit_are_refused(db: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(nested_children_json(102), encoding="utf-8")
    before = dump(db)
    pointer = "/units/0" + "/children/0" * 100 + "/children"
    assert_refused(db, run(db, "load", str(path)), before,
                   f"{path}: {pointer}: units nested more than 100 levels deep")


def test_a_multi_file_load_whose_last_file_is_bad_writes_nothing(
    db: str, tmp_path: Path
) -> None:
    good = [write_snapshot(tmp_path / f"good{i}.json", as_of=f"201{i}-01-01") for i in range(3)]
    bad = tmp_path / "zz-bad.yaml"
    bad.write_text(HEAD + "units:\n  - {key: a, name: A, parent: nobody}\n", encoding="utf-8")
    before = dump(db)
    assert_refused(db, run(db, "load", *map(str, good), str(bad)), before,
                   f"{bad}: line 5: unit 'a': parent 'nobody' is not a unit in this file")
    # The same through a folder: the bad file sorts last.
    (tmp_path / "folder").mkdir()
    for file in (*good, bad):
        file.rename(tmp_path / "folder" / file.name)
    assert_refused(db, run(db, "load", str(tmp_path / "folder")), before,
                   f"{tmp_path / 'folder' / bad.name}: line 5: unit 'a': parent 'nobody' is "
                   "not a unit in this file")


HOSTILE_NAMES = {
    "sql": "'); DROP TABLE units; --",
    "script": "<script>alert(1)</script>",
    "bobby": "Robert'); --",
    "quotes": "Office of \"Quotes\" & 'Apostrophes' \\ backslash",
    "markdown": "**bold** | pipe | [link](javascript:alert(1)) `tick`",
    "template": "{{ 7*7 }} ${7*7} %(x)s {0}",
    "unicode": "Ｏｆｆｉｃｅ مكتب التحقيقات משרד Ω 你好 🚀",
}


def test_sql_and_markup_in_names_are_stored_and_shown_verbatim(db: str, tmp_path: Path) -> None:
    units: list[dict[str, Any]] = [{"key": "root", "name": "Root Office", "acronym": "R'; --"}]
    units += [{"key": key, "name": name, "parent": "root", "description": name,
               "aliases": [name]} for key, name in HOSTILE_NAMES.items()]
    path = write_snapshot(tmp_path / "hostile.json", as_of="2015-01-01", units=units,
                          source={"title": "'); DROP TABLE snapshots; --"})
    loaded = run(db, "load", str(path))
    assert (loaded.exit_code, loaded.stderr) == (0, "")
    assert loaded.stdout == (f"{path}: stored as snapshot 2 (ICE snapshot as of 2015-01-01, "
                             f"{len(units)} units)\n")

    shown = run(db, "show", "--snapshot", "2015-06-01", "--format", "json")
    assert (shown.exit_code, shown.stderr) == (0, "")
    data = json.loads(shown.stdout)
    by_key = {u["key"]: u for u in data["units"]}
    for key, name in HOSTILE_NAMES.items():
        assert (by_key[key]["name"], by_key[key]["description"], by_key[key]["aliases"]) == (
            name, name, [name])
    assert by_key["root"]["acronym"] == "R'; --"

    tree = run(db, "show", "--snapshot", "2015-06-01")
    assert (tree.exit_code, tree.stderr) == (0, "")
    for name in HOSTILE_NAMES.values():
        assert sum(name in line for line in tree.stdout.splitlines()) == 1, name

    # Every table is still there, and the earlier snapshot is untouched.
    tables = dump(db)
    assert {"agencies", "snapshots", "units"} <= set(tables)
    assert len(tables["snapshots"]) == 2
    assert run(db, "verify").exit_code == 0
    again = run(db, "show", "--snapshot", "2009-01-01", "--format", "json")
    assert [u["key"] for u in json.loads(again.stdout)["units"]] == ["dro", "oi", "oi-ht"]


def test_a_description_may_span_lines_and_keep_tabs(db: str, tmp_path: Path) -> None:
    path = tmp_path / "multi.yaml"
    path.write_text(HEAD.replace("2008-11-01", "2016-01-01") + UNIT_A
                    + "    name: Office\tA\n    description: |\n      Line one.\n"
                    "      Line two.\n", encoding="utf-8")
    loaded = run(db, "load", str(path))
    assert (loaded.exit_code, loaded.stderr) == (0, ""), loaded.output
    shown = json.loads(run(db, "show", "--snapshot", "2016-01-01", "--format", "json").stdout)
    assert shown["units"] == [{"key": "a", "name": "Office\tA",
                               "description": "Line one.\nLine two.\n"}]


# ----------------------------------------------------------------------------- cost


def test_the_alias_bomb_is_refused_within_2_s_and_200_mb(db: str, tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb_yaml(), encoding="utf-8")
    before = dump(db)
    child = run_orgarchive(tmp_path, "--db", db, "load", str(path))
    assert (child.code, child.stdout) == (1, "")
    assert child.stderr == (f"Error: {path}: line 4: YAML anchors and aliases are not allowed "
                            "(found anchor &l0)\n")
    # CPU time, not wall time: the whole run, interpreter start included, on a
    # machine other tests may be sharing.
    assert child.cpu_s < 2.0, child
    assert child.peak_mb < 200, child
    assert dump(db) == before
    print(f"\nalias bomb: {child.wall_s:.2f}s wall, {child.cpu_s:.2f}s CPU, "
          f"{child.peak_mb:.0f} MB peak")


def fifty_mb_units() -> list[dict[str, Any]]:
    """About 50 MB of units, in a tree seven wide; the last one names a missing parent."""
    text = ("Coordinates investigations and field activities with federal, state and local "
            "partners across the agency.")
    units: list[dict[str, Any]] = []
    size = 0
    while size < 50 * 2**20:
        i = len(units)
        unit = {"key": f"u{i}", "name": f"Office of Field Operations Number {i}",
                "acronym": f"OFO{i}", "kind": "office",
                "parent": None if i == 0 else f"u{(i - 1) // 7}", "description": text}
        units.append(unit)
        size += 240 + 2 * len(str(i))
    units[-1]["parent"] = "missing"
    return units


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_a_50_mb_file_with_an_error_at_its_end_is_refused(
    db: str, tmp_path: Path, suffix: str
) -> None:
    units = fifty_mb_units()
    path = tmp_path / f"big.{suffix}"
    if suffix == "json":
        write_snapshot(path, units=units)
        place = f"/units/{len(units) - 1}/parent"
    else:
        lines = [HEAD + "units:"]
        for u in units:
            lines += [f"  - key: {u['key']}", f"    name: {u['name']}",
                      f"    acronym: {u['acronym']}", f"    kind: {u['kind']}",
                      f"    parent: {u['parent'] or 'null'}",
                      f"    description: {u['description']}"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        place = f"line {4 + 6 * (len(units) - 1) + 5}"  # the last unit's parent line
    assert path.stat().st_size >= 50 * 10**6
    before = dump(db)
    child = run_orgarchive(tmp_path, "--db", db, "load", str(path))
    last = units[-1]["key"]
    assert (child.code, child.stdout) == (1, "")
    assert child.stderr == (f"Error: {path}: {place}: unit '{last}': parent 'missing' is not "
                            "a unit in this file\n")
    assert dump(db) == before
    assert child.peak_mb < 1024, child  # about eleven times the file, measured: keep it so
    print(f"\n50 MB {suffix} ({path.stat().st_size / 2**20:.0f} MiB, {len(units)} units): "
          f"{child.wall_s:.1f}s wall, {child.cpu_s:.1f}s CPU, {child.peak_mb:.0f} MB peak")
