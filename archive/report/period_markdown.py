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
from .telling import chain_pieces, passing_text, record_text

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
    """One Markdown bullet telling a change record of a diff, with its evidence."""
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
        if change.event is not None:
            trust += f" ({change.event.date})"
    parts.append(trust)
    evidence = ", ".join(f"{md_escape(k)} {_fmt(v)}" for k, v in plain_evidence(change.evidence))
    if evidence:
        parts.append(f"evidence: {evidence}")
    return "- " + " — ".join(parts)


def net_line(report: Report, change: Change) -> str:
    """One bullet of the net change: what, where it now sits, when, and its sources
    (the curated event's, by title: its note is in the events table)."""
    t = record_text(change, report.net.start, report.net.end)
    head = f"- **{md_escape(t.types)}** {md_escape(t.what)}"
    if t.where:
        head += f", {md_escape(t.where)}"
    parts = [head]
    if t.when:
        when = t.when
        if t.curated:
            when += ", curated" + (f" ({md_link(t.source, t.source_url)})" if t.source else "")
        parts.append(when)
    if t.seen:
        parts.append(f"seen {md_escape(t.seen)}")
    return " — ".join(parts)


def summary_table(diffs: list[tuple[str, Diff]]) -> Iterator[str]:
    yield "| | " + " | ".join(SUMMARY_COLUMNS) + " |"
    yield "|---" * (len(SUMMARY_COLUMNS) + 1) + "|"
    for title, diff in diffs:
        counts = diff.summary()
        yield f"| {title} | " + " | ".join(str(counts[c]) for c in SUMMARY_COLUMNS) + " |"


def _side(diff: Diff) -> str:
    return (
        f"{diff.before.as_of} → {diff.after.as_of} "
        f"(snapshots {diff.before.id} → {diff.after.id}, "
        f"{diff.before.coverage} → {diff.after.coverage})"
    )


def chain_text(chain: Any) -> str:
    """A chain as ``A (A), 2008-11-05 → renamed: B (B), 2010-06-01 (curated) → ...``."""
    out = []
    for verb, text, when in chain_pieces(chain):
        piece = " ".join(x for x in (verb, md_escape(text) if text else "") if x)
        out.append(f"{piece}, {when}" if when else piece)
    return " → ".join(out)


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
    net = report.net
    yield f"# {md_escape(report.agency)}: organizational changes, {report.start} to {report.end}"
    yield ""
    if report.agency_name:
        yield f"{md_escape(report.agency_name)}."
    asked = f"{report.asked[0] or 'the first source'} to {report.asked[1] or 'the last source'}"
    yield (
        f"Period asked: {asked}. Told from {len(report.snapshots)} snapshot(s) and "
        f"{len(report.events)} curated event(s) dated in it; {len(report.chains)} lineage "
        f"chain(s), {len(report.steps)} step(s) between snapshots."
    )
    yield ""
    yield f"## Net change, {report.start} → {report.end}"
    yield ""
    yield (
        "The structure assembled from every source at each date, compared unit by unit. A unit "
        "first seen in the period with no recorded beginning counts as there from the start; "
        "a parent no source gives is never a move; wording, kinds and descriptions are not "
        "counted (the steps below show them)."
    )
    yield ""
    yield from summary_table([("net", net.diff)])
    yield ""
    yield from (net_line(report, c) for c in net.diff.changes)
    for passing in net.passing:
        unit, life = passing_text(passing)
        yield f"- **came and went** {md_escape(unit)} — {md_escape(life)}"
    if not net.diff.changes and not net.passing:
        yield "No change."
    if net.diff.unchanged:
        names = ", ".join(label(a) for _, a in net.diff.unchanged)
        yield f"- **unchanged** ({len(net.diff.unchanged)}): {names}"
    if net.diff.unobserved:
        names = ", ".join(label(u) for u in net.diff.unobserved)
        yield f"- **unobserved** in the period ({len(net.diff.unobserved)}): {names}"
    yield ""
    yield "## Lineage chains"
    yield ""
    yield from (f"- {chain_text(chain)}" for chain in report.chains)
    if not report.chains:
        yield "No unit was renamed, moved, added, removed, merged or split in this period."
    yield ""
    if report.steps:
        yield "## Changes step by step"
        yield ""
        yield "What the diff engine finds between each consecutive pair of snapshots."
        yield ""
        rows = [(f"{d.before.as_of} → {d.after.as_of}", d) for d in report.steps]
        yield from summary_table(rows)
        yield ""
        for diff in report.steps:
            yield f"### {_side(diff)}"
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
