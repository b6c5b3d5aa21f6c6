"""Canonical form and content hash of snapshots and lineage files.

The canonical form of a snapshot is the flat SPEC §1 document as compact JSON
with sorted keys, units sorted by key, and unknown (None) optional fields left
out, so two files that say the same thing (YAML or JSON, nested or flat, any
unit order) hash the same. ``verify`` recomputes the hash from stored rows, so
the form must be reproducible from the domain object alone.

Parents: a unit at the top is written without ``parent`` (as every snapshot
stored before unknown parents existed was), and a unit whose parent is
unknown (SPEC §1: left out in a partial snapshot) is written with
``"parent_known": false``. So a partial page that says a unit is at the top
and one that does not say where it sits hash differently, and the hash of
every snapshot stored earlier is unchanged. This is the one place the form
departs from a SPEC file; :func:`snapshot_dict` gives the file form.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

import orjson

from ..domain import SNAPSHOT_FORMAT, Lineage, Snapshot, Source, Unit


def _source_dict(source: Source) -> dict[str, Any]:
    fields = {
        "title": source.title,
        "url": source.url,
        "archived_url": source.archived_url,
        "note": source.note,
    }
    return {k: v for k, v in fields.items() if v is not None}


def unit_dict(unit: Unit, partial: bool = False, *, canonical: bool = False) -> dict[str, Any]:
    """A unit as a flat mapping, unknown fields left out: the one unit serialiser.

    As a SPEC §1 file says it (the default): in a ``partial`` snapshot a unit
    known to be at the top says ``"parent": null`` (leaving it out would mean
    "unknown" there). In the ``canonical`` form that is hashed: a unit at the
    top has no ``parent`` and an unknown parent is ``"parent_known": false``
    (module docstring).
    """
    out: dict[str, Any] = {"key": unit.key, "name": unit.name}
    if unit.acronym is not None:
        out["acronym"] = unit.acronym
    if unit.kind is not None:
        out["kind"] = unit.kind
    if unit.parent is not None:
        out["parent"] = unit.parent
    elif not unit.parent_known:
        if canonical:
            out["parent_known"] = False
    elif partial and not canonical:
        out["parent"] = None
    if unit.description is not None:
        out["description"] = unit.description
    if unit.aliases is not None:
        out["aliases"] = list(unit.aliases)
    return out


def snapshot_dict(snapshot: Snapshot) -> dict[str, Any]:
    """A snapshot as a flat SPEC §1 document (units in key order), as a file says it."""
    out: dict[str, Any] = {
        "format": SNAPSHOT_FORMAT,
        "agency": snapshot.agency,
        "as_of": snapshot.as_of.isoformat(),
        "coverage": snapshot.coverage,
    }
    if snapshot.agency_name is not None:
        out["agency_name"] = snapshot.agency_name
    if snapshot.observed is not None:
        out["observed"] = snapshot.observed.isoformat()
    if snapshot.source is not None:
        src = _source_dict(snapshot.source)
        if src:
            out["source"] = src
    partial = snapshot.coverage == "partial"
    out["units"] = [unit_dict(u, partial) for u in sorted(snapshot.units, key=lambda u: u.key)]
    return out


def _unit_key(unit: Unit) -> str:
    key: str = unit.key
    return key


def _canonical_units(units: tuple[Unit, ...]) -> list[dict[str, Any]]:
    return [unit_dict(u, canonical=True) for u in sorted(units, key=_unit_key)]


def canonical_bytes(snapshot: Snapshot) -> bytes:
    """The canonical form: ``snapshot_dict`` as compact JSON, keys sorted, UTF-8,
    each unit in its canonical form."""
    return canonical_bytes_of(replace(snapshot, units=()), _canonical_units(snapshot.units))


def canonical_bytes_of(header: Snapshot, sorted_units: list[dict[str, Any]]) -> bytes:
    """The canonical form of ``header`` (its units ignored) holding ``sorted_units``.

    ``sorted_units`` are the units' canonical mappings in key order: what
    ``unit_dict(unit, canonical=True)`` gives for each. The load path passes a
    file's own unit mappings here when they are already in that form.
    """
    head = snapshot_dict(replace(header, units=()))
    head["units"] = sorted_units
    return _dump(head)


def _dump(doc: dict[str, Any]) -> bytes:
    """Compact JSON, keys sorted, UTF-8: the one writer of every canonical form.

    Speed (a 100,000-unit snapshot is hashed on every load): orjson, whose
    output for these mappings (text, lists, null, nothing else) is byte for
    byte what ``json.dumps(..., sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`` gives, 3-4 times faster (tests/test_canonical_form.py
    checks the equality on generated snapshots with every kind of character).
    Text orjson refuses (a lone surrogate) goes through ``json``.
    """
    try:
        return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return json.dumps(doc, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False).encode("utf-8")


def hash_of(header: Snapshot, sorted_units: list[dict[str, Any]]) -> str:
    """SHA-256 (hex) of ``canonical_bytes_of(header, sorted_units)``: the one
    hashing route, for a snapshot's Units and for a file's own mappings alike."""
    return hashlib.sha256(canonical_bytes_of(header, sorted_units)).hexdigest()


def content_hash(snapshot: Snapshot) -> str:
    """SHA-256 (hex) of the canonical form."""
    return hash_of(replace(snapshot, units=()), _canonical_units(snapshot.units))


def lineage_bytes(lineage: Lineage) -> bytes:
    """The canonical form of a lineage file: independent of event order,
    unit order and layout; unknown fields left out of named units."""

    def source(src: Source | None) -> list[str | None] | None:
        return None if src is None else [src.title, src.url, src.archived_url, src.note]

    events = sorted(
        [e.date.isoformat(), e.type, list(e.from_keys), list(e.to_keys), e.note, source(e.source)]
        for e in lineage.events
    )
    doc: dict[str, Any] = {"agency": lineage.agency, "events": events}
    if lineage.units:  # a lineage without named units keeps the hash it had before they existed
        doc["units"] = _canonical_units(lineage.units)
    return _dump(doc)


def lineage_hash(lineage: Lineage) -> str:
    """SHA-256 (hex) of a lineage file's canonical form."""
    return hashlib.sha256(lineage_bytes(lineage)).hexdigest()
