"""A period report as Markdown (the default output of ``orgarchive report``).

Every value that comes from the data goes through ``md_escape``: a unit name
cannot break a table, start a link or smuggle HTML into a rendered page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..domain import CHANGE_TYPES, Change, Diff, LineageEvent, StoredSnapshot, Unit
from .changes import TOP_LEVEL
from .markdown_escape import md_escape, md_link
from .period import Report, plain_evidence
from .threads import Thread, event_date

SUMMARY_COLUMNS = (*CHANGE_TYPES, "unchanged", "unobserved")
SHORT_FIELDS = ("name", "acronym", "kind", "parent")


def label(unit: Unit) -> str:
    """``Name (ACR)``, escaped."""
    text = md_escape(unit.name)
    return f"{text} ({md_escape(unit.acronym)})" if unit.acronym else text


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(md_escape(v) for v in value) or "none"
    return md_escape(value) if value is not None else "unknown"


def change_line(change: Change) -> str:
    """One Markdown bullet telling a change record, with its evidence."""
    kinds = ", ".join(change.types)
    before = " + ".join(label(u) for u in change.before)
    after = " + ".join(label(u) for u in change.after)
    if not change.before:
        what = after
    elif not change.after:
        what = before
    elif before == after:
        what = before
    else:
        what = f"{before} → {after}"
    parts = [f"**{kinds}** {what}"]
    details = []
    for name, field in change.fields.items():
        if name in SHORT_FIELDS:
            old, new = (TOP_LEVEL if name == "parent" and v is None else _fmt(v)
                        for v in (field.old, field.new))
            details.append(f"{md_escape(name)}: {old} → {new}")
        else:
            details.append(f"{md_escape(name)} changed")
    if details:
        parts.append("; ".join(details))
    trust = f"confidence {change.confidence:.2f}"
    if change.curated:
        trust += ", curated"
        when = event_date(change)
        if when is not None:
            trust += f" ({when})"
    parts.append(trust)
    evidence = ", ".join(f"{md_escape(k)} {_fmt(v)}" for k, v in plain_evidence(change.evidence))
    if evidence:
        parts.append(f"evidence: {evidence}")
    return "- " + " — ".join(parts)


def summary_table(diffs: list[tuple[str, Diff]]) -> Iterator[str]:
    yield "| | " + " | ".join(SUMMARY_COLUMNS) + " |"
    yield "|---" * (len(SUMMARY_COLUMNS) + 1) + "|"
    for title, diff in diffs:
        counts = diff.summary()
        yield f"| {title} | " + " | ".join(str(counts[c]) for c in SUMMARY_COLUMNS) + " |"


def _side(report: Report, diff: Diff) -> str:
    return (
        f"{diff.before.as_of} → {diff.after.as_of} "
        f"(snapshots {diff.before.id} → {diff.after.id}, "
        f"{diff.before.coverage} → {diff.after.coverage})"
    )


def chain_text(report: Report, thread: Thread) -> str:
    """``Office of Investigations (OI), 2008-11-01 → merged into … , 2010-06-09``."""
    by_id = report.threads  # a thread's id is its position
    first = thread.first
    pieces: list[str] = []
    if thread.origin in ("merged", "split") and thread.predecessors:
        olds = " + ".join(label(by_id[p].last.unit) for p in thread.predecessors)
        pieces.append(f"{'merger of' if thread.origin == 'merged' else 'split from'} {olds}")
    if thread.origin == "added":
        pieces.append(f"added: {label(first.unit)}, {_when(report, first.index, first.change)}")
    else:
        pieces.append(f"{label(first.unit)}, {_when(report, first.index, first.change)}")
    for sighting in thread.stages()[1:]:
        types = [t for t in sighting.types if t in ("renamed", "moved", "merged", "split")]
        if not types:
            continue
        where = _parent_words(report, sighting.index, sighting.unit) if "moved" in types else ""
        pieces.append(
            f"{'/'.join(types)}: {label(sighting.unit)}{where}, "
            f"{_when(report, sighting.index, sighting.change)}"
        )
    if thread.end == "removed":
        pieces.append(f"removed by {_when(report, thread.last.index + 1, thread.end_change)}")
    elif thread.end in ("merged", "split") and thread.successors:
        news = " + ".join(label(by_id[n].first.unit) for n in thread.successors)
        verb = "merged into" if thread.end == "merged" else "split into"
        change = thread.end_change
        pieces.append(f"{verb} {news}, {_when(report, thread.last.index + 1, change)}")
    elif thread.end == "unobserved":
        pieces.append(f"last seen {report.as_of(thread.last.index)}")
    return " → ".join(pieces)


def _when(report: Report, index: int, change: Change | None) -> str:
    curated = event_date(change)
    if curated is not None:
        return f"{curated} (curated)"
    index = min(index, len(report.snapshots) - 1)
    return str(report.as_of(index))


def _parent_words(report: Report, index: int, unit: Unit) -> str:
    if unit.parent is None:
        return " (top level)"
    parent = report.unit(index, unit.parent)
    return f" (under {label(parent)})" if parent is not None else ""


def _source(stored: StoredSnapshot) -> str:
    source = stored.info.source
    if source is None:
        return "not recorded"
    text = md_link(source.title or source.url or "source", source.url)
    if source.archived_url:
        text += " · " + md_link("archived copy", source.archived_url)
    return text


def _event_row(event: LineageEvent) -> str:
    src = ""
    if event.source is not None:
        src = md_link(event.source.title or event.source.url or "source", event.source.url)
    return (
        f"| {event.date} | {event.type} | {md_escape(', '.join(event.from_keys)) or '—'} "
        f"| {md_escape(', '.join(event.to_keys)) or '—'} | {md_escape(event.note or '')} "
        f"| {src} |"
    )


def render_markdown(report: Report) -> str:
    return "\n".join(_lines(report)) + "\n"


def _lines(report: Report) -> Iterator[str]:
    first, last = report.snapshots[0].info, report.snapshots[-1].info
    title = md_escape(report.agency)
    yield f"# {title}: organizational changes, {first.as_of} to {last.as_of}"
    yield ""
    if report.agency_name:
        yield f"{md_escape(report.agency_name)}."
    asked = f"{report.start or 'the beginning'} to {report.end or 'the latest snapshot'}"
    yield (
        f"Period asked: {asked}. {len(report.snapshots)} snapshot(s) used, "
        f"{len(report.steps)} step(s), {len(report.chains)} lineage chain(s), "
        f"{len(report.events)} curated event(s)."
    )
    yield ""
    if report.net is not None:
        yield f"## Net change, {_side(report, report.net)}"
        yield ""
        yield from summary_table([("net", report.net)])
        yield ""
        yield from (change_line(c) for c in report.net.changes)
        if not report.net.changes:
            yield "No change."
        yield ""
    else:
        yield "Only one snapshot falls in this period: there is nothing to compare."
        yield ""
    yield "## Lineage chains"
    yield ""
    chains = report.chains
    yield from (f"- {chain_text(report, t)}" for t in chains)
    if not chains:
        yield "No unit was renamed, moved, merged or split in this period."
    yield ""
    if report.steps:
        yield "## Changes step by step"
        yield ""
        rows = [(f"{d.before.as_of} → {d.after.as_of}", d) for d in report.steps]
        yield from summary_table(rows)
        yield ""
        for diff in report.steps:
            yield f"### {_side(report, diff)}"
            yield ""
            yield from (change_line(c) for c in diff.changes)
            if not diff.changes:
                yield "No change."
            yield ""
    yield "## Curated lineage events"
    yield ""
    if report.events:
        yield "| date | type | from | to | note | source |"
        yield "|---|---|---|---|---|---|"
        yield from (_event_row(e) for e in report.events)
    else:
        yield "None in this period."
    yield ""
    yield "## Snapshots used"
    yield ""
    yield "| id | as of | observed | coverage | units | source |"
    yield "|---|---|---|---|---|---|"
    for stored in report.snapshots:
        info = stored.info
        yield (
            f"| {info.id} | {info.as_of} | {info.observed or '—'} | {info.coverage} "
            f"| {len(stored.snapshot.units)} | {_source(stored)} |"
        )
