"""The words of a report's story, as plain text for every renderer to escape.

``record_text`` tells one net-change record (what changed, where it now
sits, when, on what evidence), ``chain_pieces`` one lineage chain,
``passing_text`` a unit that came and went. Markdown escapes the pieces,
the HTML template autoescapes them, the JSON keeps the structured form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import Change, LineageEvent, Unit
from ..structure.assemble import Structure
from ..structure.compare import Passing
from .chains import Chain, ChainStep
from .history import Change as When
from .history_render import when_text

UNKNOWN_PARENT = "unknown"


def label(unit: Unit) -> str:
    """``Name (ACR)`` on one line."""
    text = f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name
    return " ".join(text.split())


def source_text(event: LineageEvent | None) -> str:
    if event is None or event.source is None:
        return ""
    return " ".join(" ".join(x for x in (event.source.title, event.source.url) if x).split())


def _seen(items: Any) -> str:
    if not items:
        return ""
    parts = []
    for c in items:
        if "snapshot" in c:
            parts.append(f"#{c['snapshot']} {c['as_of']}")
        else:
            parts.append(f"lineage {c['as_of']}")
    return ", ".join(parts)


@dataclass(frozen=True)
class RecordText:
    types: str  # "renamed, moved"
    what: str  # "Old (O) → New (N)"
    where: str  # "under Homeland Security Investigations (HSI)", or ""
    when: str  # "2010-06-01", "between ...", or ""
    curated: bool
    note: str  # the curated event's note
    source: str  # the curated event's source: its title (else its address)
    source_url: str | None  # the source's address, when it has one
    seen: str  # "before: #2 2008-11-05; after: #3 2010-07-08"
    inferred: str  # facts taken from later sources, or presumed
    main: str  # the colour: first type


def _parent_label(structure: Structure, key: str | None, known: bool) -> str:
    if not known:
        return UNKNOWN_PARENT
    if key is None:
        return "the top level"
    found = structure.by_key().get(key)
    return label(found.unit) if found is not None else key


def record_text(change: Change, start: Structure, end: Structure) -> RecordText:
    before = " + ".join(label(u) for u in change.before)
    after = " + ".join(label(u) for u in change.after)
    what = before or after if not (before and after) else (
        before if before == after else f"{before} → {after}")
    where = ""
    if change.after and len(change.after) == 1:
        placed = end.by_key().get(change.after[0].key)
        if placed is not None and placed.parent_known and placed.unit.parent is not None:
            where = "under " + _parent_label(end, placed.unit.parent, True)
    if "moved" in change.types and change.before and change.after:
        old = start.by_key().get(change.before[0].key)
        new = end.by_key().get(change.after[0].key)
        was = _parent_label(start, old.unit.parent, old.parent_known) if old else UNKNOWN_PARENT
        if new is not None and new.parent_known and new.unit.parent is None:
            where = "to the top level"
        where = (where or "to a parent no source gives") + f" (was: {was})"
    ev = change.evidence
    seen = "; ".join(f"{side}: {text}" for side, text in (
        ("before", _seen(ev.get("seen_before"))), ("after", _seen(ev.get("seen_after")))) if text)
    inferred = "; ".join(
        f"{side}: {', '.join(ev[f'inferred_{side}'])}"
        for side in ("before", "after") if ev.get(f"inferred_{side}"))
    event = change.event
    return RecordText(
        types=", ".join(change.types),
        what=what,
        where=where,
        when=str(ev.get("effective", "")),
        curated=change.curated,
        note=" ".join((event.note or "").split()) if event else "",
        source=" ".join((event.source.title or event.source.url or "").split())
        if event is not None and event.source is not None else "",
        source_url=event.source.url if event is not None and event.source is not None else None,
        seen=seen,
        inferred=inferred,
        main=change.types[0],
    )


def passing_text(passing: Passing) -> tuple[str, str]:
    """(the unit, "added 2017-04-26 (curated), removed 2021-06-11 (curated)")."""
    span = passing.span
    began = span.began
    ended = span.ended
    start = (f"{began.kind} " if began else "first seen ") + (
        when_text(When(began.on, began.since, began.curated, began.event)) if began
        else str(span.start))
    end = ""
    if ended is not None:
        end = f"{ended.kind} " + when_text(When(ended.on, ended.since, ended.curated, ended.event))
    return label(passing.unit), ", ".join(x for x in (start, end) if x)


def step_text(step: ChainStep) -> tuple[str, str, str]:
    """(verb, text, when) of one chain step: the verb is our own words, the
    text comes from the data (renderers escape it)."""
    when = when_text(step.when)
    if step.kind == "start":
        return "", label(step.unit), f"as of {when}"
    if step.kind == "first seen":
        return "", label(step.unit), f"first seen {when}"
    if step.ending:
        if step.kind == "removed":
            return "removed", "", when
        return f"{step.kind} into", step.detail or label(step.unit), when
    if step.kind == "merged" and step.detail:
        return "formed by a merger of", f"{step.detail}: {label(step.unit)}", when
    if step.kind == "split" and step.detail:
        return "split from", f"{step.detail}: {label(step.unit)}", when
    if step.kind == "moved":
        return "moved", f"{label(step.unit)}, {step.detail}", when
    if step.kind in ("took in", "split off"):
        return step.kind, step.detail, when
    return step.kind, label(step.unit), when


def chain_pieces(chain: Chain) -> Sequence[tuple[str, str, str]]:
    """Each step of a chain as (verb, text, when)."""
    return [step_text(step) for step in chain.steps]
