"""The SPEC §1 and §2 rules, checked over plain parsed data (dicts, lists, text).

Both readers (JSON and the hardened YAML reader) hand their data here. A broken
rule raises :class:`Problem` with the *path* of the offending value, e.g.
``("units", 3, "parent")``; the reader turns the path into a place (a line for
YAML, a JSON pointer for JSON) only then, so the common path stays a lean single
pass over the units.

Decisions the SPEC leaves open (documented in the README):
- explicit ``null`` is the same as leaving the field out (unknown);
- an empty or blank string in an optional field is an error ("leave the field
  out if unknown"); an empty ``aliases: []`` means "known to have none";
- nested ``children:`` lists are flattened in file order (a unit, then its
  children), each child's ``parent`` set to the enclosing unit; units nested
  more than ``MAX_UNIT_DEPTH`` levels deep are refused.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import get_close_matches
from typing import Any

from orgarchive.domain import (
    AGENCY_PATTERN,
    CHANGE_TYPES,
    KEY_PATTERN,
    LINEAGE_FORMAT,
    SNAPSHOT_FORMAT,
    Coverage,
    Lineage,
    LineageEvent,
    Snapshot,
    Source,
    Unit,
)

Path = tuple[str | int, ...]

# Levels of ``children:`` nesting accepted (real charts are under ten deep).
MAX_UNIT_DEPTH = 100

SNAPSHOT_FIELDS = (
    "format",
    "agency",
    "agency_name",
    "as_of",
    "observed",
    "coverage",
    "source",
    "units",
)
UNIT_FIELDS = ("key", "name", "acronym", "kind", "parent", "description", "aliases", "children")
SOURCE_FIELDS = ("title", "url", "archived_url", "note")
LINEAGE_FIELDS = ("format", "agency", "events")
EVENT_FIELDS = ("date", "type", "from", "to", "note", "source")

_SNAPSHOT_SET = frozenset(SNAPSHOT_FIELDS)
_UNIT_SET = frozenset(UNIT_FIELDS)
_SOURCE_SET = frozenset(SOURCE_FIELDS)
_LINEAGE_SET = frozenset(LINEAGE_FIELDS)
_EVENT_SET = frozenset(EVENT_FIELDS)

_key_ok = re.compile(KEY_PATTERN).match
_agency_ok = re.compile(AGENCY_PATTERN).match
_date_ok = re.compile(r"\d{4}-\d{2}-\d{2}").fullmatch
_unstorable = re.compile("[\x00\ud800-\udfff]").search

KEY_RULE = "lower-case letters, digits, '.', '_', '-', starting with a letter or digit"


class Problem(Exception):
    """A broken rule at ``path``; ``{at}`` in the message is replaced by ``related``'s place."""

    def __init__(self, message: str, path: Path, related: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.related = related


def show(value: Any) -> str:
    """A value as an error message quotes it: short and on one line."""
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 60 else text[:56] + "...'"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)[:60]


def _unknown(
    mapping: dict[str, Any], allowed: frozenset[str], order: tuple[str, ...], path: Path, owner: str
) -> None:
    for name in mapping:
        if name not in allowed:
            hint = get_close_matches(str(name), order, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise Problem(f"{owner}unknown field {show(name)}{extra}", (*path, name))


def _text(value: Any, path: Path, what: str) -> str | None:
    """An optional text field: None if absent or null, else a non-blank string."""
    if value is None:
        return None
    if type(value) is not str:
        raise Problem(f"{what} must be text, not {show(value)}", path)
    if not value.strip():
        raise Problem(f"{what} is empty (leave the field out if unknown)", path)
    return value


def _date(value: Any, path: Path, what: str) -> date:
    if type(value) is date:
        return value
    if isinstance(value, str) and _date_ok(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Problem(f"{what}: {show(value)} is not a valid date (YYYY-MM-DD)", path)


def _agency(doc: dict[str, Any]) -> str:
    if "agency" not in doc or doc["agency"] is None:
        raise Problem("missing required field 'agency'", ("agency",))
    value = doc["agency"]
    if not isinstance(value, str) or not _agency_ok(value):
        raise Problem(
            f"agency: {show(value)} is not a valid agency code (letters, digits, & . _ -)",
            ("agency",),
        )
    return value


def _source(value: Any, path: Path, owner: str = "") -> Source | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Problem(f"{owner}source must be a mapping (title, url, archived_url, note)", path)
    _unknown(value, _SOURCE_SET, SOURCE_FIELDS, path, f"{owner}source: ")
    return Source(*(_text(value.get(f), (*path, f), f"{owner}source {f}") for f in SOURCE_FIELDS))


def check_text(value: str, path: Path) -> None:
    """Refuse characters no database can store (NUL, lone surrogates)."""
    if _unstorable(value):
        raise Problem(
            "text holds a NUL character or a lone surrogate, which cannot be stored", path
        )


def _unit_path(loc: int | Path, *rest: str | int) -> Path:
    base: Path = ("units", loc) if isinstance(loc, int) else loc
    return (*base, *rest)


def _read_unit(raw: Any, loc: int | Path, enclosing: str | None, strict_text: bool) -> Unit:
    if not isinstance(raw, dict):
        raise Problem(
            f"a unit must be a mapping with key and name, not {show(raw)}", _unit_path(loc)
        )
    key = raw.get("key")
    if type(key) is not str:
        if key is None:
            raise Problem("unit without a 'key'", _unit_path(loc, "key"))
        raise Problem(f"unit key must be text, not {show(key)}", _unit_path(loc, "key"))
    if not _key_ok(key):
        raise Problem(f"unit key {show(key)} is not valid ({KEY_RULE})", _unit_path(loc, "key"))
    if not _UNIT_SET.issuperset(raw):
        _unknown(raw, _UNIT_SET, UNIT_FIELDS, _unit_path(loc), f"unit {key!r}: ")
    name = raw.get("name")
    if type(name) is not str or not name.strip():
        what = (
            "missing required field 'name'"
            if name is None
            else (f"name must be non-empty text, not {show(name)}")
        )
        raise Problem(f"unit {key!r}: {what}", _unit_path(loc, "name"))
    acronym = raw.get("acronym")
    kind = raw.get("kind")
    parent = raw.get("parent")
    description = raw.get("description")
    aliases = raw.get("aliases")
    if acronym is not None:
        acronym = _text(acronym, _unit_path(loc, "acronym"), f"unit {key!r}: acronym")
    if kind is not None:
        kind = _text(kind, _unit_path(loc, "kind"), f"unit {key!r}: kind")
    if description is not None:
        description = _text(
            description, _unit_path(loc, "description"), f"unit {key!r}: description"
        )
    if parent is not None:
        if type(parent) is not str:
            raise Problem(
                f"unit {key!r}: parent must be a unit key, not {show(parent)}",
                _unit_path(loc, "parent"),
            )
        if enclosing is not None and parent != enclosing:
            raise Problem(
                f"unit {key!r}: parent {parent!r} differs from the enclosing unit {enclosing!r}",
                _unit_path(loc, "parent"),
            )
    elif enclosing is not None:
        parent = enclosing
    if aliases is not None:
        if not isinstance(aliases, list):
            raise Problem(
                f"unit {key!r}: aliases must be a list of names, not {show(aliases)}",
                _unit_path(loc, "aliases"),
            )
        for j, alias in enumerate(aliases):
            if type(alias) is not str or not alias.strip():
                raise Problem(
                    f"unit {key!r}: alias {show(alias)} must be non-empty text",
                    _unit_path(loc, "aliases", j),
                )
        aliases = tuple(aliases)
    if strict_text:
        for field_name, value in (
            ("key", key),
            ("name", name),
            ("acronym", acronym),
            ("kind", kind),
            ("parent", parent),
            ("description", description),
        ):
            if value is not None:
                check_text(value, _unit_path(loc, field_name))
        for j, alias in enumerate(aliases or ()):
            check_text(alias, _unit_path(loc, "aliases", j))
    return Unit(key, name, acronym, kind, parent, description, aliases)


class _UnitReader:
    """Reads the ``units`` list in one pass, flattening nested ``children``."""

    def __init__(self, strict_text: bool) -> None:
        self.strict_text = strict_text
        self.units: list[Unit] = []
        self.locs: list[int | Path] = []
        self.index: dict[str, int] = {}

    def add(self, raw: Any, loc: int | Path, enclosing: str | None) -> Unit:
        unit = _read_unit(raw, loc, enclosing, self.strict_text)
        first = self.index.get(unit.key)
        if first is not None:
            raise Problem(
                f"duplicate unit key {unit.key!r} (first at {{at}})",
                _unit_path(loc, "key"),
                _unit_path(self.locs[first], "key"),
            )
        self.index[unit.key] = len(self.units)
        self.units.append(unit)
        self.locs.append(loc)
        return unit

    def read(self, raw_units: list[Any]) -> None:
        for i, raw in enumerate(raw_units):
            unit = self.add(raw, i, None)
            if "children" in raw and raw["children"] is not None:
                self.children(unit.key, raw["children"], ("units", i))

    def children(self, key: str, kids: Any, path: Path) -> None:
        # An explicit stack: (enclosing key, its children, path of the enclosing unit, next index)
        stack: list[tuple[str, Any, Path, int]] = [(key, kids, path, 0)]
        while stack:
            owner, kids, base, j = stack[-1]
            if not isinstance(kids, list):
                raise Problem(
                    f"unit {owner!r}: children must be a list of units", (*base, "children")
                )
            if j >= len(kids):
                stack.pop()
                continue
            stack[-1] = (owner, kids, base, j + 1)
            child_path: Path = (*base, "children", j)
            child = self.add(kids[j], child_path, owner)
            grandkids = kids[j].get("children")
            if grandkids is not None:
                if len(stack) >= MAX_UNIT_DEPTH:
                    raise Problem(
                        f"units nested more than {MAX_UNIT_DEPTH} levels deep",
                        (*child_path, "children"),
                    )
                stack.append((child.key, grandkids, child_path, 0))

    def check_parents(self) -> None:
        index = self.index
        for unit, loc in zip(self.units, self.locs, strict=True):
            if unit.parent is not None and unit.parent not in index:
                raise Problem(
                    f"unit {unit.key!r}: parent {unit.parent!r} is not a unit in this file",
                    _unit_path(loc, "parent"),
                )
        done: set[str] = set()
        parent_of = {u.key: u.parent for u in self.units}
        for unit in self.units:
            key: str | None = unit.key
            chain: dict[str, int] = {}
            while key is not None and key not in done:
                if key in chain:
                    cycle = [*list(chain)[chain[key] :], key]
                    loc = self.locs[index[key]]
                    raise Problem("parent cycle: " + " -> ".join(cycle), _unit_path(loc, "parent"))
                chain[key] = len(chain)
                key = parent_of[key]
            done.update(chain)


def snapshot_from_data(doc: dict[str, Any], strict_text: bool = True) -> Snapshot:
    """Check a parsed ``orgarchive.snapshot/1`` document and build the Snapshot."""
    _unknown(doc, _SNAPSHOT_SET, SNAPSHOT_FIELDS, (), "")
    agency = _agency(doc)
    if doc.get("as_of") is None:
        raise Problem("missing required field 'as_of'", ("as_of",))
    as_of = _date(doc["as_of"], ("as_of",), "as_of")
    observed = doc.get("observed")
    if observed is not None:
        observed = _date(observed, ("observed",), "observed")
    coverage: Coverage = "complete"
    raw_coverage = doc.get("coverage")
    if raw_coverage is not None:
        if raw_coverage not in ("complete", "partial"):
            raise Problem(
                f"coverage: {show(raw_coverage)} must be complete or partial", ("coverage",)
            )
        coverage = raw_coverage
    agency_name = _text(doc.get("agency_name"), ("agency_name",), "agency_name")
    source = _source(doc.get("source"), ("source",))
    if strict_text:
        if agency_name is not None:
            check_text(agency_name, ("agency_name",))
        for f in SOURCE_FIELDS:
            value = getattr(source, f) if source is not None else None
            if value is not None:
                check_text(value, ("source", f))
    raw_units = doc.get("units")
    if not isinstance(raw_units, list) or not raw_units:
        what = (
            "missing required field 'units'"
            if raw_units is None
            else (f"units must be a non-empty list of units, not {show(raw_units)}")
        )
        raise Problem(what, ("units",))
    reader = _UnitReader(strict_text)
    reader.read(raw_units)
    reader.check_parents()
    return Snapshot(
        agency=agency,
        as_of=as_of,
        units=tuple(reader.units),
        agency_name=agency_name,
        observed=observed,
        coverage=coverage,
        source=source,
    )


# Counts of (from, to) keys each event type needs: (least, most), most None for "any".
Bounds = tuple[int, int | None]
_SHAPES: dict[str, tuple[Bounds, Bounds, str]] = {
    "renamed": ((1, 1), (1, 1), "one key in 'from' and one in 'to'"),
    "moved": ((1, 1), (1, 1), "one key in 'from' and one in 'to'"),
    "merged": ((2, None), (1, 1), "two or more keys in 'from' and one in 'to'"),
    "split": ((1, 1), (2, None), "one key in 'from' and two or more in 'to'"),
    "added": ((0, 0), (1, None), "no key in 'from' and one or more in 'to'"),
    "removed": ((1, None), (0, 0), "one or more keys in 'from' and none in 'to'"),
}


def _fits(count: int, bounds: Bounds) -> bool:
    least, most = bounds
    return count >= least and (most is None or count <= most)


def _keys(value: Any, path: Path, owner: str, field_name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise Problem(f"{owner}{field_name} must be a list of unit keys, not {show(value)}", path)
    seen: set[str] = set()
    for j, key in enumerate(value):
        if not isinstance(key, str) or not _key_ok(key):
            raise Problem(
                f"{owner}{field_name}: {show(key)} is not a valid unit key ({KEY_RULE})", (*path, j)
            )
        if key in seen:
            raise Problem(f"{owner}{field_name}: key {key!r} is listed twice", (*path, j))
        seen.add(key)
    return tuple(value)


def _event(raw: Any, i: int) -> LineageEvent:
    path: Path = ("events", i)
    owner = f"event {i + 1}: "
    if not isinstance(raw, dict):
        raise Problem(f"{owner}an event must be a mapping (date, type, from, to)", path)
    _unknown(raw, _EVENT_SET, EVENT_FIELDS, path, owner)
    if raw.get("date") is None:
        raise Problem(f"{owner}missing required field 'date'", (*path, "date"))
    when = _date(raw["date"], (*path, "date"), f"{owner}date")
    kind = raw.get("type")
    if kind not in _SHAPES:
        what = "missing required field 'type'" if kind is None else f"type {show(kind)}"
        raise Problem(f"{owner}{what} (one of {', '.join(_SHAPES)})", (*path, "type"))
    from_keys = _keys(raw.get("from"), (*path, "from"), owner, "from")
    to_keys = _keys(raw.get("to"), (*path, "to"), owner, "to")
    from_bounds, to_bounds, rule = _SHAPES[kind]
    if not (_fits(len(from_keys), from_bounds) and _fits(len(to_keys), to_bounds)):
        raise Problem(f"{owner}{kind} needs {rule} (got {len(from_keys)} and {len(to_keys)})", path)
    note = _text(raw.get("note"), (*path, "note"), f"{owner}note")
    source = _source(raw.get("source"), (*path, "source"), owner)
    for f, value in (("note", note), *((f, getattr(source, f, None)) for f in SOURCE_FIELDS)):
        if value is not None:
            check_text(value, (*path, f) if f == "note" else (*path, "source", f))
    assert kind in CHANGE_TYPES
    return LineageEvent(
        date=when, type=kind, from_keys=from_keys, to_keys=to_keys, note=note, source=source
    )


def lineage_from_data(doc: dict[str, Any]) -> Lineage:
    """Check a parsed ``orgarchive.lineage/1`` document and build the Lineage."""
    _unknown(doc, _LINEAGE_SET, LINEAGE_FIELDS, (), "")
    agency = _agency(doc)
    events = doc.get("events")
    if not isinstance(events, list):
        what = (
            "missing required field 'events'"
            if events is None
            else (f"events must be a list of events, not {show(events)}")
        )
        raise Problem(what, ("events",))
    return Lineage(agency=agency, events=tuple(_event(raw, i) for i, raw in enumerate(events)))


FORMATS = (SNAPSHOT_FORMAT, LINEAGE_FORMAT)


def document_from_data(doc: Any, strict_text: bool = True) -> Snapshot | Lineage:
    """Dispatch on the ``format`` tag and check the document."""
    expected = f"expected {SNAPSHOT_FORMAT} or {LINEAGE_FORMAT}"
    if not isinstance(doc, dict):
        raise Problem(f"the document must be a mapping with a 'format' field ({expected})", ())
    tag = doc.get("format")
    if tag is None:
        raise Problem(f"missing required field 'format' ({expected})", ("format",))
    if tag == SNAPSHOT_FORMAT:
        return snapshot_from_data(doc, strict_text)
    if tag == LINEAGE_FORMAT:
        return lineage_from_data(doc)
    raise Problem(f"format {show(tag)} is not supported ({expected})", ("format",))
