"""The HTML report (and the HTML form of one diff): one self-contained page.

Jinja2 with autoescape renders templates/report.html.j2 and diff.html.j2;
the only markup not escaped by the template is the lineage SVG, which
lineage_svg.py escapes itself. No script, no external stylesheet, image or
font: the page works offline and prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..domain import CHANGE_TYPES, Change, Diff, Unit
from ..structure.assemble import PlacedUnit, Structure
from .changes import TOP_LEVEL, backwards_note
from .period import Report, plain_evidence
from .structure_render import citations
from .svg import PALETTE, render_lineage_svg
from .telling import chain_pieces, passing_text, record_text

MAX_CHANGES_PER_LIST = 400  # longer lists are cut on the page (the JSON has all)
MAX_TREE_UNITS = 600
SHORT_FIELDS = ("name", "acronym", "kind", "parent")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("orgarchive.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def label(unit: Unit) -> str:
    return f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name


def _fmt(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _field(name: str, value: Any) -> str:
    """A changed field's value; an absent parent means the top level, not unknown."""
    return TOP_LEVEL if name == "parent" and value is None else _fmt(value)


@dataclass(frozen=True)
class ChangeView:
    types: tuple[str, ...]
    main: str  # the colour: the first of merged, split, renamed, moved, added, removed, modified
    before: list[str]
    after: list[str]
    fields: list[tuple[str, str, str]]  # (field, old, new); long fields: ("", "")
    confidence: str
    curated: bool
    event_date: str | None
    event_note: str | None
    event_source: tuple[str, str | None] | None  # (title, url)
    evidence: list[tuple[str, str]]


def change_view(change: Change) -> ChangeView:
    order = ("merged", "split", "renamed", "moved", "added", "removed", "modified")
    main = next((t for t in order if t in change.types), "modified")
    fields = [
        (name, _field(name, f.old), _field(name, f.new)) if name in SHORT_FIELDS
        else (name, "", "")
        for name, f in change.fields.items()
    ]
    event = change.event
    source = None
    if event is not None and event.source is not None:
        source = (event.source.title or event.source.url or "source", _safe_url(event.source.url))
    when = event.date if event is not None else None
    return ChangeView(
        types=tuple(change.types),
        main=main,
        before=[label(u) for u in change.before],
        after=[label(u) for u in change.after],
        fields=fields,
        confidence=f"{change.confidence:.2f}",
        curated=change.curated,
        event_date=str(when) if when else None,
        event_note=event.note if event is not None else None,
        event_source=source,
        evidence=[(str(k), _fmt(v)) for k, v in plain_evidence(change.evidence)],
    )


def _safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links (no javascript: or data: URLs)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def structure_rows(
    structure: Structure, status: dict[int, str], limit: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(placed, apart): an assembled structure's units depth-first, each with its
    depth and net-change colour; ``apart`` holds the units whose parent is unknown."""

    def row(depth: int, placed: PlacedUnit) -> dict[str, Any]:
        unit = placed.unit
        return {
            "name": unit.name,
            "acronym": unit.acronym,
            "kind": unit.kind,
            "depth": min(depth, 12),
            "status": status.get(placed.thread, "unchanged") if placed.thread is not None
            else "unchanged",
            "cites": citations(placed),
        }

    placed, apart = structure.tree()
    rows = [row(d, p) for d, p in placed[:limit]]
    rest = max(limit - len(rows), 0)
    return rows, [row(d, p) for d, p in apart[:rest]]


def _cut(changes: tuple[Change, ...]) -> tuple[list[ChangeView], int]:
    shown = [change_view(c) for c in changes[:MAX_CHANGES_PER_LIST]]
    return shown, max(len(changes) - MAX_CHANGES_PER_LIST, 0)


def render_report_html(report: Report) -> str:
    return _environment().get_template("report.html.j2").render(report_context(report))


def report_context(report: Report) -> dict[str, Any]:
    """What report.html.j2 is rendered with (``orgarchive serve`` extends that page)."""
    diagram = render_lineage_svg(report)
    net = report.net
    steps = []
    for diff in report.steps:
        shown, cut = _cut(diff.changes)
        steps.append({"diff": diff, "summary": diff.summary(), "changes": shown, "cut": cut})
    records = list(net.diff.changes[:MAX_CHANGES_PER_LIST])
    status = dict(net.kinds)
    status.update({p.thread: "passing" for p in net.passing})
    tree_start = structure_rows(net.start, status, MAX_TREE_UNITS)
    tree_end = structure_rows(net.end, status, MAX_TREE_UNITS)
    summary = dict(net.diff.summary())
    summary["passing"] = len(net.passing)
    return {
        "report": report,
        "title": f"{report.agency}: organizational changes, {report.start} to {report.end}",
        "types": CHANGE_TYPES,
        "palette": PALETTE,
        "net_summary": summary,
        "net_records": [record_text(c, net.start, net.end) for c in records],
        "net_cut": max(len(net.diff.changes) - MAX_CHANGES_PER_LIST, 0),
        "passing": [passing_text(p) for p in net.passing],
        "unchanged": [label(a) for _, a in net.diff.unchanged],
        "unobserved": [label(u) for u in net.diff.unobserved],
        "steps": steps,
        "chains": [{"kind": c.kind, "steps": chain_pieces(c)} for c in report.chains],
        "diagram": Markup(diagram.svg),  # noqa: S704 - escaped in svg.py
        "diagram_info": diagram,
        "tree_start": tree_start,
        "tree_end": tree_end,
        "tree_limit": MAX_TREE_UNITS,
        "start_count": len(net.start.units),
        "end_count": len(net.end.units),
        "source_url": _safe_url,
        "version": __version__,
    }


def render_diff_html(diff: Diff, include_unchanged: bool = False) -> str:
    """``diff --format html``: the summary and the change list of one diff;
    with ``include_unchanged`` (``--all``) also the unchanged and the
    unobserved units (long lists cut like the change list)."""
    shown, cut = _cut(diff.changes)
    unchanged = [label(after) for _, after in diff.unchanged] if include_unchanged else []
    unobserved = [label(u) for u in diff.unobserved] if include_unchanged else []
    limit = MAX_CHANGES_PER_LIST
    context = {
        "unchanged": unchanged[:limit],
        "unchanged_cut": max(len(unchanged) - limit, 0),
        "unobserved": unobserved[:limit],
        "unobserved_cut": max(len(unobserved) - limit, 0),
        "diff": diff,
        "title": f"{diff.agency}: changes from {diff.before.as_of} to {diff.after.as_of}",
        "types": CHANGE_TYPES,
        "palette": PALETTE,
        "summary": diff.summary(),
        "backwards": backwards_note(diff) if diff.before.as_of > diff.after.as_of else None,
        "changes": shown,
        "cut": cut,
        "version": __version__,
    }
    return _environment().get_template("diff.html.j2").render(context)
