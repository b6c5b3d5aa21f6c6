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
from ..domain import CHANGE_TYPES, Change, Diff, Snapshot, Unit
from .changes import TOP_LEVEL
from .period import Report, plain_evidence
from .svg import PALETTE, render_lineage_svg
from .threads import Thread, event_date

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
    when = event_date(change)
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


def tree_rows(snapshot: Snapshot, status: dict[str, str], limit: int) -> list[dict[str, Any]]:
    """Units depth-first under their parents, with their depth and net-change colour."""
    keys = {u.key for u in snapshot.units}
    children: dict[str | None, list[Unit]] = {}
    for u in snapshot.units:
        parent = u.parent if u.parent in keys and u.parent != u.key else None
        children.setdefault(parent, []).append(u)
    rows: list[dict[str, Any]] = []
    stack = [(u, 0) for u in reversed(children.get(None, []))]
    seen: set[str] = set()
    while stack and len(rows) < limit:
        unit, depth = stack.pop()
        if unit.key in seen:
            continue
        seen.add(unit.key)
        rows.append(
            {
                "name": unit.name,
                "acronym": unit.acronym,
                "kind": unit.kind,
                "depth": min(depth, 12),
                "status": status.get(unit.key, "unchanged"),
            }
        )
        stack.extend((c, depth + 1) for c in reversed(children.get(unit.key, [])))
    return rows


def _status(diff: Diff | None, side: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if diff is None:
        return out
    for change in diff.changes:
        view = change_view(change)
        for u in change.before if side == "before" else change.after:
            out[u.key] = view.main
    return out


def _chain_view(report: Report, thread: Thread) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    if thread.origin in ("merged", "split"):
        olds = [label(report.threads[p].last.unit) for p in thread.predecessors]
        steps.append({"kind": thread.origin, "text": " + ".join(olds), "when": "", "verb": ""})
    for s in thread.stages():
        types = [t for t in s.types if t in ("renamed", "moved", "merged", "split", "added")]
        if s is not thread.first and not types:
            continue
        when = event_date(s.change)
        kind = types[0] if types else ("added" if thread.origin == "added" else "unchanged")
        steps.append(
            {
                "kind": kind,
                "verb": ", ".join(types),
                "text": label(s.unit),
                "when": f"{when} (curated)" if when else str(report.as_of(s.index)),
            }
        )
    end = thread.end
    if end == "removed":
        steps.append({"kind": "removed", "verb": "removed", "text": "", "when": ""})
    elif end in ("merged", "split") and thread.successors:
        news = [label(report.threads[n].first.unit) for n in thread.successors]
        steps.append({"kind": end, "verb": f"{end} into", "text": " + ".join(news), "when": ""})
    return {"steps": steps, "end": end}


def _cut(changes: tuple[Change, ...]) -> tuple[list[ChangeView], int]:
    shown = [change_view(c) for c in changes[:MAX_CHANGES_PER_LIST]]
    return shown, max(len(changes) - MAX_CHANGES_PER_LIST, 0)


def render_report_html(report: Report) -> str:
    return _environment().get_template("report.html.j2").render(report_context(report))


def report_context(report: Report) -> dict[str, Any]:
    """What report.html.j2 is rendered with (``orgarchive serve`` extends that page)."""
    diagram = render_lineage_svg(report)
    first, last = report.snapshots[0], report.snapshots[-1]
    steps = []
    for diff in report.steps:
        shown, cut = _cut(diff.changes)
        steps.append({"diff": diff, "summary": diff.summary(), "changes": shown, "cut": cut})
    net_changes, net_cut = _cut(report.net.changes) if report.net else ([], 0)
    return {
        "report": report,
        "title": f"{report.agency}: organizational changes, "
        f"{first.info.as_of} to {last.info.as_of}",
        "types": CHANGE_TYPES,
        "palette": PALETTE,
        "net_summary": report.net.summary() if report.net else None,
        "net_changes": net_changes,
        "net_cut": net_cut,
        "steps": steps,
        "chains": [_chain_view(report, t) for t in report.chains],
        "diagram": Markup(diagram.svg),  # noqa: S704 - escaped in lineage_svg
        "diagram_info": diagram,
        "tree_start": tree_rows(first.snapshot, _status(report.net, "before"), MAX_TREE_UNITS),
        "tree_end": tree_rows(last.snapshot, _status(report.net, "after"), MAX_TREE_UNITS),
        "tree_limit": MAX_TREE_UNITS,
        "first": first,
        "last": last,
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
        "changes": shown,
        "cut": cut,
        "version": __version__,
    }
    return _environment().get_template("diff.html.j2").render(context)
