"""A unit's history as plain text (for people) and as JSON ``orgarchive.report.history/1``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ..files.canonical import unit_dict
from .history import Link, Span, UnitHistory
from .one_line import one_line
from .period_json import event_entry

HISTORY_FORMAT = "orgarchive.report.history/1"

ORIGIN_WORDS = {
    "start": "present in the first snapshot",
    "added": "added",
    "merged": "formed by a merger",
    "split": "formed by a split",
    "first seen": "first seen after a partial snapshot",
}
END_WORDS = {
    "present": "still present in the latest snapshot",
    "removed": "removed",
    "merged": "merged into another unit",
    "split": "split into other units",
    "unobserved": "not shown by the latest snapshots (partial coverage)",
}

Style = Callable[[str], str]


def _name(value: tuple[str, str | None]) -> str:
    name, acronym = value
    return f"{name} ({acronym})" if acronym else name


def _parent(value: tuple[str, str | None] | None) -> str:
    if value is None:
        return "(top level)"
    key, label = value
    return f"{label} [{key}]" if label else f"[{key}] (not in that snapshot)"


def _span(span: Span) -> str:
    text = str(span.first) if span.first == span.last else f"{span.first} – {span.last}"
    return text.ljust(23)


def _link(link: Link) -> str:
    curated = " (curated)" if link.curated else ""
    unit = link.unit
    name = f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name
    return f"{link.relation} {link.date}{curated}: {name} [{unit.key}]"


def render_text(history: UnitHistory, bold: Style = lambda s: s) -> str:
    return "\n".join(_text_lines(history, bold)) + "\n"


def _text_lines(h: UnitHistory, bold: Style) -> Iterator[str]:
    latest = h.names[-1].value
    yield bold(f"{_name(latest)}") + f" — {h.agency} unit {', '.join(h.keys)}"
    yield (
        f"Seen in {h.snapshot_count} snapshot(s): first {h.first_seen.as_of} "
        f"(snapshot {h.first_seen.id}), last {h.last_seen.as_of} (snapshot {h.last_seen.id})."
    )
    yield f"Began: {ORIGIN_WORDS.get(h.origin, h.origin)}. Ended: {END_WORDS.get(h.end, h.end)}."
    yield ""
    yield bold("Names")
    yield from (f"  {_span(s)}  {_name(s.value)}" for s in h.names)
    yield bold("Parents")
    yield from (f"  {_span(s)}  {_parent(s.value)}" for s in h.parents)
    yield bold("Predecessors")
    yield from (f"  {_link(x)}" for x in h.predecessors)
    if not h.predecessors:
        yield "  none"
    yield bold("Successors")
    yield from (f"  {_link(x)}" for x in h.successors)
    if not h.successors:
        yield "  none"
    yield bold("Curated events")
    for e in h.events:
        src = ""
        if e.source is not None:
            said = " ".join(x for x in (e.source.title, e.source.url) if x)
            src = f" (source: {one_line(said)})"
        moves = f"{', '.join(e.from_keys) or '—'} → {', '.join(e.to_keys) or '—'}"
        yield f"  {e.date} {e.type} {moves}: {one_line(e.note or '')}{src}".rstrip()
    if not h.events:
        yield "  none"


def history_document(h: UnitHistory) -> dict[str, Any]:
    def span(s: Span, value: Any) -> dict[str, Any]:
        return {"first": s.first.isoformat(), "last": s.last.isoformat(), **value}

    def link(x: Link) -> dict[str, Any]:
        return {
            "relation": x.relation,
            "date": x.date.isoformat(),
            "curated": x.curated,
            "unit": unit_dict(x.unit),
        }

    return {
        "format": HISTORY_FORMAT,
        "agency": h.agency,
        "query": h.query,
        "keys": list(h.keys),
        "first_seen": {"snapshot": h.first_seen.id, "as_of": h.first_seen.as_of.isoformat()},
        "last_seen": {"snapshot": h.last_seen.id, "as_of": h.last_seen.as_of.isoformat()},
        "snapshot_count": h.snapshot_count,
        "origin": h.origin,
        "end": h.end,
        "names": [span(s, {"name": s.value[0], "acronym": s.value[1]}) for s in h.names],
        "parents": [
            span(s, {"parent": s.value[0] if s.value else None, "parent_name": _pname(s)})
            for s in h.parents
        ],
        "predecessors": [link(x) for x in h.predecessors],
        "successors": [link(x) for x in h.successors],
        "events": [event_entry(e) for e in h.events],
    }


def _pname(s: Span) -> str | None:
    return s.value[1] if s.value else None


def render_json(h: UnitHistory) -> str:
    return json.dumps(history_document(h), indent=2, ensure_ascii=False) + "\n"
