"""Property-based fuzzing of `orgarchive load` (hypothesis), through the command line.

Documents are generated valid, then mutated: wrong types, missing fields, random
unicode, bad dates, unknown fields, parent cycles, dangling parents, duplicate
keys, nesting as ``children``; then written as JSON or as YAML (block style,
our own emitter). For every one the contract is exactly:

- exit 0, and the snapshot is stored (or was already) with the file's units; or
- exit 1, exactly one line on stderr, ``Error: FILE: ...``, nothing on stdout,
  and every row of every table unchanged;
- never any other exit code, and never an exception escaping as a traceback.

A document left valid must load; a mutation that breaks a SPEC rule must not.
One SQLite database serves all the examples of a test (that is the point: a
failed example must leave it exactly as the previous example left it).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from orgarchive.cli import cli
from tests.helpers.db_state import dump

EXAMPLES = 200
TOP_FIELDS = ("format", "agency", "agency_name", "as_of", "observed", "coverage", "source",
              "units")
UNIT_FIELDS = ("key", "name", "acronym", "kind", "parent", "description", "aliases", "children")
WORDS = ("Office", "of", "Investigations", "Detention", "Removal", "Operations", "Policy",
         "Intelligence", "Field", "Division", "Center", "Program", "the", "and", "Cyber",
         "Trade", "Homeland", "Security", "Financial", "Affairs")
KINDS = ("directorate", "office", "division", "program", "center", "unit")


@dataclass
class Case:
    doc: Any
    fmt: str  # "json" | "yaml"
    valid: bool | None  # True: must load; False: must be refused; None: either

    def units(self) -> list[dict[str, Any]]:
        """The units of a valid document, flattened from any ``children``."""
        out: list[dict[str, Any]] = []
        stack = list(reversed(self.doc["units"]))
        while stack:
            unit = stack.pop()
            out.append(unit)
            stack.extend(reversed(unit.get("children", [])))
        return out


# ----------------------------------------------------------------------------- generation

names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
keys = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}", fullmatch=True)


@st.composite
def valid_documents(draw: st.DrawFn) -> dict[str, Any]:
    unit_keys = draw(st.lists(keys, min_size=1, max_size=8, unique=True))
    units: list[dict[str, Any]] = []
    for i, key in enumerate(unit_keys):
        unit: dict[str, Any] = {"key": key, "name": draw(names)}
        if i and draw(st.booleans()):
            unit["parent"] = draw(st.sampled_from(unit_keys[:i]))  # earlier: never a cycle
        if draw(st.booleans()):
            unit["acronym"] = draw(st.from_regex(r"[A-Z]{2,6}", fullmatch=True))
        if draw(st.booleans()):
            unit["kind"] = draw(st.sampled_from(KINDS))
        if draw(st.booleans()):
            unit["description"] = draw(names) + "."
        if draw(st.booleans()):
            unit["aliases"] = draw(st.lists(names, max_size=2))
        units.append(unit)
    doc: dict[str, Any] = {
        "format": "orgarchive.snapshot/1",
        "agency": draw(st.from_regex(r"[A-Za-z0-9&._-]{1,10}", fullmatch=True)),
        "as_of": draw(st.dates(date(1900, 1, 1), date(2099, 12, 31))).isoformat(),
    }
    if draw(st.booleans()):
        doc["coverage"] = draw(st.sampled_from(["complete", "partial"]))
    if draw(st.booleans()):
        doc["source"] = {"title": draw(names), "url": "http://www.ice.gov/about/"}
    doc["units"] = units
    return doc


wrong_values = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                         st.lists(st.integers(), min_size=1, max_size=2),
                         st.dictionaries(st.sampled_from("ab"), st.integers(), min_size=1))
BAD_DATES = ("2008-02-30", "2008-13-01", "08-11-01", "2008/11/01", "yesterday", "2008-1-1",
             "20081101", "0000-01-01")


def nest_last(doc: dict[str, Any]) -> bool:
    """Move the last unit that has a parent into its parent's ``children`` (still valid)."""
    units = doc["units"]
    for i in range(len(units) - 1, -1, -1):
        parent = units[i].get("parent")
        if parent is not None and units[i].get("children") is None:
            unit = units.pop(i)
            del unit["parent"]
            holder = next(u for u in units if u["key"] == parent)
            holder.setdefault("children", []).append(unit)
            return True
    return False


@st.composite
def cases(draw: st.DrawFn) -> Case:
    doc = draw(valid_documents())
    fmt = draw(st.sampled_from(["json", "yaml"]))
    valid: bool | None = True
    units = doc["units"]
    for _ in range(draw(st.integers(0, 3))):
        if valid is False:
            # a later change could mend what broke it (a wrong-typed agency
            # overwritten by a good one): one breakage per document
            break
        unit = draw(st.sampled_from(units)) if units else None
        kind = draw(st.sampled_from([
            "nest", "drop-top", "drop-unit", "wrong-type", "unicode", "bad-date",
            "unknown-field", "cycle", "dangling", "duplicate", "no-units"]))
        if kind == "nest":
            if valid is True:  # only a document still valid has parents to follow
                nest_last(doc)
            continue
        if kind == "drop-top":
            doc.pop(draw(st.sampled_from(["format", "agency", "as_of", "units"])), None)
            refused = True
        elif kind == "drop-unit" and unit is not None:
            unit.pop(draw(st.sampled_from(["key", "name"])), None)
            refused = True
        elif kind == "wrong-type":
            field = draw(st.sampled_from(["agency", "as_of", "name", "key", "acronym", "parent"]))
            target = doc if field in ("agency", "as_of") else unit
            if target is None:
                continue
            target[field] = draw(wrong_values)
            refused = fmt == "json" or isinstance(target[field], (list, dict))
        elif kind == "unicode":
            field = draw(st.sampled_from(["agency", "name", "key", "description", "acronym"]))
            target = doc if field == "agency" else unit
            if target is None:
                continue
            target[field] = draw(st.text(max_size=12))
            valid = None if valid is not False else False
            continue
        elif kind == "bad-date":
            doc["as_of"] = draw(st.sampled_from(BAD_DATES))
            refused = True
        elif kind == "unknown-field":
            name = draw(st.from_regex(r"[a-z_]{1,10}", fullmatch=True))
            if name in TOP_FIELDS or name in UNIT_FIELDS:
                continue
            target = doc if unit is None or draw(st.booleans()) else unit
            target[name] = draw(names)
            refused = True
        elif kind == "cycle" and len(units) >= 1:
            first, second = draw(st.sampled_from(units)), draw(st.sampled_from(units))
            if "key" not in first or "key" not in second or "children" in first:
                continue
            if "children" in second:
                continue
            first["parent"], second["parent"] = second["key"], first["key"]
            refused = True
        elif kind == "dangling" and unit is not None and "children" not in unit:
            unit["parent"] = "no-such-unit-" + draw(keys)
            refused = True
        elif kind == "duplicate" and units:
            twin = dict(draw(st.sampled_from(units)))
            twin.pop("children", None)
            units.append(twin)
            refused = True
        elif kind == "no-units":
            doc["units"] = []
            refused = True
        else:
            continue
        valid = False if refused else (None if valid is not False else False)
    return Case(doc, fmt, valid)


# ----------------------------------------------------------------------------- YAML emitter


def yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z][A-Za-z ]*[A-Za-z.]|\d{4}-\d\d-\d\d",
                                               value) and value not in ("null", "Null", "NULL"):
        return value  # plain style for ordinary words and dates, as people write them
    return json.dumps(value, ensure_ascii=False)  # JSON escapes are YAML double-quoted ones


def yaml_lines(value: Any, indent: str) -> Iterator[str]:
    """Block-style YAML for ``value`` (a mapping or list), each line starting at ``indent``."""
    if isinstance(value, dict):
        for k, v in value.items():
            head = f"{indent}{yaml_scalar(k)}:"
            if isinstance(v, (dict, list)) and v:
                yield head
                yield from yaml_lines(v, indent + "  ")
            else:
                yield f"{head} {flow(v)}"
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = list(yaml_lines(item, indent + "  "))
                yield f"{indent}- {inner[0].lstrip()}"
                yield from inner[1:]
            else:
                yield f"{indent}- {flow(item)}"


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{}" if not value else "{" + ", ".join(
            f"{yaml_scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return yaml_scalar(value)


def serialise(case: Case) -> bytes:
    if case.fmt == "json":
        text = json.dumps(case.doc, ensure_ascii=False, indent=1)
    else:
        text = "\n".join(yaml_lines(case.doc, "")) + "\n"
    return text.encode("utf-8", errors="surrogatepass")  # a lone surrogate stays hostile


# ----------------------------------------------------------------------------- the contract


@pytest.fixture(scope="module")
def shared_db() -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'fuzz.db'}"
        assert CliRunner().invoke(cli, ["--db", url, "init", "--empty"]).exit_code == 0
        yield url, Path(folder)


def load(url: str, path: Path) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "load", str(path)])


def check_contract(url: str, path: Path, result: Result, before: dict[str, Any]) -> int | None:
    """The exit-0-or-exit-1 contract; the stored snapshot's id on success."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"escaped exception: {result.exception!r}")
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    if result.exit_code == 1:
        assert result.stdout == ""
        assert result.stderr.startswith(f"Error: {path}: "), result.stderr
        assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
        assert dump(url) == before
        return None
    assert result.stderr == ""
    found = re.fullmatch(rf"{re.escape(str(path))}: (?:stored as|already stored as) snapshot "
                         r"(\d+)(?: \(.*\))?\n", result.stdout)
    assert found, result.stdout
    return int(found.group(1))


def stored_units(url: str, snapshot_id: int) -> list[dict[str, Any]]:
    shown = CliRunner().invoke(cli, ["--db", url, "show", "--snapshot", str(snapshot_id),
                                     "--format", "json"])
    assert shown.exit_code == 0, shown.output
    units: list[dict[str, Any]] = json.loads(shown.stdout)["units"]
    return units


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=cases())
def test_load_of_generated_documents_keeps_the_contract(
    shared_db: tuple[str, Path], case: Case
) -> None:
    url, folder = shared_db
    path = folder / f"doc.{case.fmt}"
    path.write_bytes(serialise(case))
    before = dump(url)
    result = load(url, path)
    snapshot_id = check_contract(url, path, result, before)
    event(f"{case.fmt}, expected {case.valid}: exit {result.exit_code}")
    if case.valid is True:
        assert snapshot_id is not None, result.stderr
        expected = {(u["key"], u["name"], u.get("parent")) for u in case.units()}
        units = stored_units(url, snapshot_id)
        # A unit nested in "children" gets its holder as parent.
        holders = {c["key"]: u["key"] for u in case.units() for c in u.get("children", [])}
        expected = {(k, n, p if p is not None else holders.get(k)) for k, n, p in expected}
        assert {(u["key"], u["name"], u.get("parent")) for u in units} == expected
    elif case.valid is False:
        assert snapshot_id is None, f"accepted a broken document: {case.doc!r}"


@st.composite
def text_mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid document's text with characters inserted, deleted or replaced."""
    case = draw(cases())
    data = bytearray(serialise(case))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        what = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.one_of(
            st.sampled_from([b":", b"-", b"\n", b" ", b"\t", b"{", b"[", b'"', b"'", b"&a",
                             b"*a", b"!!python/object:os.system", b"#", b"\xff", b"\x00",
                             b"\\u0000", b"\\ud800"]),
            st.binary(min_size=1, max_size=3)))
        if what == "insert":
            data[at:at] = piece
        elif what == "delete":
            del data[at:at + len(piece)]
        else:
            data[at:at + len(piece)] = piece
    return case.fmt, bytes(data)


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated=text_mutations())
def test_load_of_mutated_text_keeps_the_contract(
    shared_db: tuple[str, Path], mutated: tuple[str, bytes]
) -> None:
    url, folder = shared_db
    fmt, data = mutated
    path = folder / f"text.{fmt}"
    path.write_bytes(data)
    before = dump(url)
    result = load(url, path)
    check_contract(url, path, result, before)
    event(f"{fmt}: exit {result.exit_code}")
