"""A unit's history as plain text (for people) and as JSON ``orgarchive.report.history/2``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..files.canonical import unit_dict
from ..structure.assemble import Citation
from .history import Change, LifeEntry, Link, NameEntry, ParentEntry, UnitHistory
from .one_line import one_line
from .period_json import event_entry

HISTORY_FORMAT = "orgarchive.report.history/2"

BEGAN_WORDS = {
    "added": "added",
    "merged": "formed by a merger",
    "split": "formed by a split",
    "first seen": "first seen (its beginning is not recorded)",
}
ENDED_WORDS = {"removed": "removed", "merged": "merged into another unit",
               "split": "split into other units"}

Style = Callable[[str], str]


def _label(name: str, acronym: str | None) -> str:
    return one_line(f"{name} ({acronym})" if acronym else name)


def when_text(change: Change | None) -> str:
    """``2010-06-01 (curated)``, or ``between 2010-07-08 and 2021-07-06``."""
    if change is None:
        return ""
    if change.since is not None:
        return f"between {change.since} and {change.on}"
    return f"{change.on} (curated)" if change.curated else str(change.on)


def cited(c: Citation) -> str:
    """``2013-02-14 #4`` for a snapshot, ``2010-06-01 lineage`` for a lineage file."""
    return f"{c.when} #{c.snapshot.id}" if c.snapshot is not None else f"{c.when} lineage"


def seen_text(seen: Sequence[Citation]) -> str:
    if not seen:
        return "no source shows it"
    if len(seen) <= 3:
        return "seen " + ", ".join(cited(c) for c in seen)
    return f"seen {cited(seen[0])} … {cited(seen[-1])} ({len(seen)} sources)"


def render_text(history: UnitHistory, bold: Style = lambda s: s) -> str:
    return "\n".join(_text_lines(history, bold)) + "\n"


def _life_line(entry: LifeEntry) -> str:
    return "  " + life_text(entry)


def life_text(entry: LifeEntry) -> str:
    """One stretch of a unit's life: how it began, and how it ended or when last seen."""
    began = BEGAN_WORDS.get(entry.began, entry.began)
    if entry.began_change is not None:
        began += f" {when_text(entry.began_change)}"
    else:
        began += f", {entry.start}"
    if entry.ended is None:
        last = f", last seen {entry.last_seen}" if entry.last_seen else ""
        return f"{began}; no end recorded{last}"
    return f"{began}; {ENDED_WORDS.get(entry.ended, entry.ended)} {when_text(entry.ended_change)}"


def _from(entry: NameEntry | ParentEntry) -> str:
    later = " (as a later source gives it)" if entry.carried_back else ""
    return f"{when_text(entry.start)}{later}"


def _name_line(entry: NameEntry) -> Iterator[str]:
    start = _from(entry)
    if not entry.known:
        yield f"  {start}: a name no source gives"
        return
    yield f"  {start}: {_label(entry.name, entry.acronym)} — {seen_text(entry.seen)}"
    for name, acronym, seen in entry.variants:
        yield f"      also written {_label(name, acronym)} — {seen_text(seen)}"


def _parent_line(entry: ParentEntry) -> str:
    start = _from(entry)
    if not entry.known:
        return f"  {start}: unknown (no source says where it sits)"
    if entry.parent is None:
        where = "the top of the agency"
    else:
        where = one_line(f"{entry.parent_name} [{entry.parent}]")
    return f"  {start}: {where} — {seen_text(entry.seen)}"


def _link(link: Link) -> str:
    unit = link.unit
    label = _label(unit.name, unit.acronym)
    return f"  {link.relation} {when_text(link.when)}: {label} [{unit.key}]"


def _text_lines(h: UnitHistory, bold: Style) -> Iterator[str]:
    title = bold(_label(h.current.name, h.current.acronym))
    yield f"{title} — {h.agency} unit {', '.join(h.keys)}"
    if h.snapshots:
        first, last = h.snapshots[0], h.snapshots[-1]
        yield (f"Seen in {len(h.snapshots)} snapshot(s), first {first.as_of} (#{first.id}), "
               f"last {last.as_of} (#{last.id}); named by {len(h.events)} curated event(s).")
    else:
        yield f"Shown by no snapshot; named by {len(h.events)} curated event(s)."
    yield ""
    yield bold("Life")
    yield from (_life_line(e) for e in h.life)
    yield bold("Names")
    for entry in h.names:
        yield from _name_line(entry)
    yield bold("Parents")
    yield from (_parent_line(e) for e in h.parents)
    if not h.parents:
        yield "  unknown (no source says where it sits)"
    yield bold("Predecessors")
    yield from (_link(x) for x in h.predecessors)
    if not h.predecessors:
        yield "  none"
    yield bold("Successors")
    yield from (_link(x) for x in h.successors)
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
    yield bold("Snapshots showing it")
    for info in h.snapshots:
        title = info.source.title if info.source and info.source.title else "no title"
        yield f"  #{info.id} {info.as_of} {info.coverage}: {one_line(title)}"
    if not h.snapshots:
        yield "  none"


def citation_entry(c: Citation) -> dict[str, Any]:
    if c.snapshot is not None:
        return {"as_of": c.when.isoformat(), "snapshot": c.snapshot.id}
    assert c.event is not None
    return {"as_of": c.when.isoformat(), "lineage_event": {
        "date": c.event.date.isoformat(), "type": c.event.type}}


def change_entry(c: Change | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"on": c.on.isoformat(), "after": c.since.isoformat() if c.since else None,
            "curated": c.curated}


def history_document(h: UnitHistory) -> dict[str, Any]:
    def life(e: LifeEntry) -> dict[str, Any]:
        return {"from": e.start.isoformat(), "began": e.began,
                "began_at": change_entry(e.began_change),
                "to": e.end.isoformat() if e.end else None, "ended": e.ended,
                "ended_at": change_entry(e.ended_change),
                "last_seen": e.last_seen.isoformat() if e.last_seen else None}

    def name(e: NameEntry) -> dict[str, Any]:
        return {"from": change_entry(e.start), "carried_back": e.carried_back, "known": e.known,
                "name": e.name if e.known else None, "acronym": e.acronym,
                "seen": [citation_entry(c) for c in e.seen],
                "variants": [{"name": n, "acronym": a, "seen": [citation_entry(c) for c in s]}
                             for n, a, s in e.variants]}

    def parent(e: ParentEntry) -> dict[str, Any]:
        return {"from": change_entry(e.start), "carried_back": e.carried_back,
                "known": e.known, "parent": e.parent,
                "parent_name": e.parent_name, "seen": [citation_entry(c) for c in e.seen]}

    def link(x: Link) -> dict[str, Any]:
        return {"relation": x.relation, "at": change_entry(x.when), "unit": unit_dict(x.unit)}

    return {
        "format": HISTORY_FORMAT,
        "agency": h.agency,
        "query": h.query,
        "keys": list(h.keys),
        "current": unit_dict(h.current),
        "life": [life(e) for e in h.life],
        "names": [name(e) for e in h.names],
        "parents": [parent(e) for e in h.parents],
        "predecessors": [link(x) for x in h.predecessors],
        "successors": [link(x) for x in h.successors],
        "events": [event_entry(e) for e in h.events],
        "snapshots": [{"snapshot": i.id, "as_of": i.as_of.isoformat(), "coverage": i.coverage,
                       "title": i.source.title if i.source else None} for i in h.snapshots],
    }


def render_json(h: UnitHistory) -> str:
    return json.dumps(history_document(h), indent=2, ensure_ascii=False) + "\n"
