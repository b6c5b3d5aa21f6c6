"""The SPEC §1 and §2 document rules, checked over plain parsed data.

Both readers (JSON, and the hardened YAML reader) hand their data here and get
a :class:`Snapshot` or :class:`Lineage` back, or a :class:`Problem` naming the
path of the first broken rule. Shared checks live in :mod:`orgarchive.files.rules`,
the units list in :mod:`orgarchive.files.unit_list`.

Decisions the SPEC leaves open (documented in docs/files.md):
- explicit ``null`` is the same as leaving the field out (unknown), except
  for ``parent`` in a partial snapshot, where ``parent: null`` says "at the
  top" and leaving it out says "unknown" (SPEC §1);
- an empty or blank string in an optional field is an error ("leave the field
  out if unknown"); an empty ``aliases: []`` means "known to have none";
- a lineage event may leave out ``from`` or ``to`` when it is empty;
- a lineage file may name units in an optional ``units:`` list (SPEC §1 unit
  fields), so that a unit no snapshot shows can be found by its name.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from ..domain import (
    LINEAGE_FORMAT,
    SNAPSHOT_FORMAT,
    ChangeType,
    Coverage,
    Lineage,
    LineageEvent,
    Snapshot,
    Unit,
)
from .limits import LIMITS_DOC, MAX_EVENTS, MAX_KEY, MAX_TEXT
from .lineage_check import check_contradictions
from .rules import (
    EVENT_FIELDS,
    EVENT_SET,
    KEY_RULE,
    LINEAGE_FIELDS,
    LINEAGE_SET,
    SNAPSHOT_FIELDS,
    SNAPSHOT_SET,
    SOURCE_FIELDS,
    Path,
    Problem,
    agency_field,
    check_text,
    date_field,
    key_ok,
    show,
    source_field,
    text_field,
    unknown_field,
)
from .unit_list import UnitList


def snapshot_from_data(doc: dict[str, Any], strict_text: bool = True) -> Snapshot:
    """Check a parsed ``orgarchive.snapshot/1`` document and build the Snapshot."""
    header = snapshot_header(doc, strict_text)
    raw_units = doc.get("units")
    if not isinstance(raw_units, list) or not raw_units:
        what = (
            "missing required field 'units'"
            if raw_units is None
            else (f"units must be a non-empty list of units, not {show(raw_units)}")
        )
        raise Problem(what, ("units",))
    reader = UnitList(strict_text, partial=header.coverage == "partial")
    reader.read(raw_units)
    return replace(header, units=tuple(reader.units))


def snapshot_header(doc: dict[str, Any], strict_text: bool = True) -> Snapshot:
    """Check everything of a snapshot document but its units: a Snapshot with ``units=()``."""
    unknown_field(doc, SNAPSHOT_SET, SNAPSHOT_FIELDS, (), "")
    agency = agency_field(doc)
    if doc.get("as_of") is None:
        raise Problem("missing required field 'as_of'", ("as_of",))
    as_of = date_field(doc["as_of"], ("as_of",), "as_of")
    observed = doc.get("observed")
    if observed is not None:
        observed = date_field(observed, ("observed",), "observed")
        if observed < as_of:
            raise Problem(
                f"observed {observed.isoformat()} is before as_of {as_of.isoformat()}: a source "
                "seen before a date cannot show the structure in effect on it (dates swapped?)",
                ("observed",))
    coverage: Coverage = "complete"
    raw_coverage = doc.get("coverage")
    if raw_coverage is not None:
        if raw_coverage not in ("complete", "partial"):
            raise Problem(
                f"coverage: {show(raw_coverage)} must be complete or partial", ("coverage",)
            )
        coverage = raw_coverage
    agency_name = text_field(doc.get("agency_name"), ("agency_name",), "agency_name")
    source = source_field(doc.get("source"), ("source",))
    if strict_text:
        if agency_name is not None:
            check_text(agency_name, ("agency_name",))
        for f in SOURCE_FIELDS:
            value = getattr(source, f) if source is not None else None
            if value is not None:
                check_text(value, ("source", f), multiline=f == "note")
    return Snapshot(
        agency=agency,
        as_of=as_of,
        units=(),
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
        if not isinstance(key, str) or not key_ok(key) or len(key) > MAX_KEY:
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
    unknown_field(raw, EVENT_SET, EVENT_FIELDS, path, owner)
    if raw.get("date") is None:
        raise Problem(f"{owner}missing required field 'date'", (*path, "date"))
    when = date_field(raw["date"], (*path, "date"), f"{owner}date")
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in _SHAPES:
        types = ", ".join(_SHAPES)
        what = (
            f"missing required field 'type' ({types})"
            if kind is None
            else f"type {show(kind)} is not one of {types}"
        )
        raise Problem(f"{owner}{what}", (*path, "type"))
    from_keys = _keys(raw.get("from"), (*path, "from"), owner, "from")
    to_keys = _keys(raw.get("to"), (*path, "to"), owner, "to")
    from_bounds, to_bounds, rule = _SHAPES[kind]
    if not (_fits(len(from_keys), from_bounds) and _fits(len(to_keys), to_bounds)):
        raise Problem(f"{owner}{kind} needs {rule} (got {len(from_keys)} and {len(to_keys)})", path)
    note = text_field(raw.get("note"), (*path, "note"), f"{owner}note", MAX_TEXT)
    source = source_field(raw.get("source"), (*path, "source"), owner)
    for f, value in (("note", note), *((f, getattr(source, f, None)) for f in SOURCE_FIELDS)):
        if value is not None:
            check_text(value, (*path, f) if f == "note" else (*path, "source", f),
                       multiline=f == "note")
    return LineageEvent(
        date=when, type=cast(ChangeType, kind), from_keys=from_keys, to_keys=to_keys,
        note=note, source=source,
    )


def lineage_from_data(doc: dict[str, Any]) -> Lineage:
    """Check a parsed ``orgarchive.lineage/1`` document and build the Lineage."""
    unknown_field(doc, LINEAGE_SET, LINEAGE_FIELDS, (), "")
    agency = agency_field(doc)
    events = doc.get("events")
    if not isinstance(events, list):
        what = (
            "missing required field 'events'"
            if events is None
            else (f"events must be a list of events, not {show(events)}")
        )
        raise Problem(what, ("events",))
    if len(events) > MAX_EVENTS:
        raise Problem(f"{len(events):,} events, over the limit of {MAX_EVENTS:,} a file "
                      f"({LIMITS_DOC}): split the file", ("events",))
    checked = tuple(_event(raw, i) for i, raw in enumerate(events))
    check_contradictions(checked)
    return Lineage(agency=agency, events=checked, units=_lineage_units(doc.get("units")))


def _lineage_units(raw_units: Any) -> tuple[Unit, ...]:
    """The optional ``units:`` list of a lineage file: SPEC §1 units whose
    ``parent`` may be any key (it may sit in a snapshot), unknown when left out."""
    if raw_units is None:
        return ()
    if not isinstance(raw_units, list):
        raise Problem(f"units must be a list of units, not {show(raw_units)}", ("units",))
    reader = UnitList(strict_text=True, partial=True, parents_in_file=False)
    reader.read(raw_units)
    return tuple(reader.units)


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
