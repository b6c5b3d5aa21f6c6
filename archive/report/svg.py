"""The lineage diagram of a report: each unit's life across the period, as inline SVG.

One row per unit, grouped by how the net change tells it. On the left, in
full, what the unit was called at the start and at the end ("Office of
Investigations (OI) → Homeland Security Investigations (HSI)"); on the
right a time line from the period's start to its end, with a vertical line
at each snapshot. A unit's bar runs over the time it was alive in the
period, in the colour of its net change; a dot marks each snapshot that
shows it, a diamond each curated event naming it, a tick each change of
name, a green disc a beginning and a red cross an end.

The colours agree with the summary: each net-change record is one
``<g class="record TYPE">`` (a merger's units share one), so the records of
each colour are exactly the summary's count of that type; units that came
and went inside the period are ``passing``, units with no net change
``unchanged``. Labels are never cut: the label column is as wide as the
widest label (measured in character widths, wide East Asian characters
counting double), and printing scales the whole drawing to the page.

Large reports stay readable: when there are more units than ``max_rows``,
unchanged units are left out and at most ``max_rows`` others are drawn; the
page says so. Every text and attribute value from the data is escaped here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape

from ..domain import Change
from ..structure.threads import Thread
from .period import Report
from .telling import label, passing_text

# change type -> (stroke, fill); the legend and the CSS use the same colours.
PALETTE: dict[str, tuple[str, str]] = {
    "added": ("#2e7d32", "#e8f5e9"),
    "removed": ("#c62828", "#ffebee"),
    "renamed": ("#1565c0", "#e3f2fd"),
    "moved": ("#6a1b9a", "#f3e5f5"),
    "modified": ("#b26a00", "#fff3e0"),
    "merged": ("#00838f", "#e0f7fa"),
    "split": ("#ad1457", "#fce4ec"),
    "passing": ("#5d4037", "#efebe9"),
    "unchanged": ("#78909c", "#f5f7f8"),
    "unobserved": ("#b0bec5", "#fafbfc"),
}
ORDER = ("removed", "added", "renamed", "moved", "merged", "split", "modified", "passing",
         "unchanged", "unobserved")

FONT_PX = 12
# Advances of 12 px sans-serif characters, in ems, a little over what the
# widest common faces (DejaVu Sans, Verdana) give: labels are never cut, and a
# generous column only costs blank space (printing scales the whole drawing).
NARROW, WIDE = frozenset("fijlrtI!|.,:;'`()[]{}-/ "), frozenset("mwMW@%")
ROW_H, BAR_H, TOP, LEFT, GAP, TIME_W = 24, 10, 58, 12, 16, 620


@dataclass(frozen=True)
class Diagram:
    svg: str  # safe markup
    shown: int  # units drawn
    changed: int  # units with a net change or a passing life
    total: int  # units in the period
    hidden_unchanged: int


def _q(value: object) -> str:
    return escape(str(value), quote=True)


def _em(ch: str) -> float:
    if ch in NARROW:
        return 0.4
    if ch in WIDE or unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.05
    if ch.isupper() or ch.isdigit():
        return 0.8
    return 0.66


def text_width(text: str) -> float:
    """Pixels a label needs at FONT_PX (an upper bound: see the advances above)."""
    return sum(_em(ch) for ch in text) * FONT_PX


@dataclass
class _Row:
    thread: Thread
    kind: str
    text: str
    record: int | None  # index of the net record it belongs to


def _rows(report: Report) -> list[_Row]:
    threads = report.threads
    record_of: dict[int, int] = {}
    by_key_start = {p.unit.key: p.thread for p in report.net.start.units}
    by_key_end = {p.unit.key: p.thread for p in report.net.end.units}
    records: list[Change] = list(report.net.diff.changes)
    for i, change in enumerate(records):
        for u in change.before:
            tid = by_key_start.get(u.key)
            if tid is not None:
                record_of[tid] = i
        for u in change.after:
            tid = by_key_end.get(u.key)
            if tid is not None:
                record_of[tid] = i
    start = {p.thread: p.unit for p in report.net.start.units}
    end = {p.thread: p.unit for p in report.net.end.units}
    rows: list[_Row] = []
    for tid, i in record_of.items():
        if tid is None:
            continue
        old, new = start.get(tid), end.get(tid)
        if old is not None and new is not None and label(old) != label(new):
            text = f"{label(old)} → {label(new)}"
        else:
            either = new if new is not None else old
            assert either is not None  # a record's unit is at one end at least
            text = label(either)
        rows.append(_Row(threads[tid], records[i].types[0], text, i))
    for passing in report.net.passing:
        rows.append(_Row(threads[passing.thread], "passing", passing_text(passing)[0], None))
    unobserved = {id(u) for u in report.net.diff.unobserved}
    for tid, unit in end.items():
        if tid is not None and tid not in record_of and tid in start:
            kind = "unobserved" if id(unit) in unobserved else "unchanged"
            rows.append(_Row(threads[tid], kind, label(unit), None))
    rows.sort(key=lambda r: (ORDER.index(r.kind), r.record if r.record is not None else -1,
                             r.thread.id))
    return rows


def render_lineage_svg(report: Report, max_rows: int = 60) -> Diagram:
    rows = _rows(report)
    total = len(rows)
    changed = [r for r in rows if r.kind not in ("unchanged", "unobserved")]
    hidden = 0
    if len(rows) > max_rows:
        hidden = total - len(changed)
        rows = changed[:max_rows]
    start, end = report.start, report.end
    span_days = max((end - start).days, 1)
    label_w = max([text_width(r.text) for r in rows] + [160.0]) + GAP
    x0 = LEFT + label_w
    width = int(x0 + TIME_W + LEFT + 40)
    height = TOP + len(rows) * ROW_H + (40 if hidden else 24)

    def x(day: date) -> float:
        offset = min(max((day - start).days, 0), span_days)
        return round(x0 + offset / span_days * TIME_W, 1)

    out: list[str] = [
        f'<svg id="lineage" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Lineage of {_q(report.agency)} units, {start} to {end}">',
        f"<title>Lineage of {_q(report.agency)} units, {start} to {end}</title>",
        f'<text class="axis" x="{x0}" y="16" text-anchor="start">{start}</text>',
        f'<text class="axis" x="{x0 + TIME_W}" y="16" text-anchor="end">{end}</text>',
    ]
    for stored in report.snapshots:
        info = stored.info
        if not start <= info.as_of <= end:
            continue
        sx = x(info.as_of)
        cls = "snap partial" if info.coverage == "partial" else "snap"
        out.append(
            f'<g class="{cls}"><title>snapshot {_q(info.id)}, {_q(info.as_of)}, '
            f"{_q(info.coverage)}</title>"
            f'<line x1="{sx}" y1="{TOP - 22}" x2="{sx}" y2="{height - 12}"/>'
            f'<text class="axis" x="{sx}" y="{TOP - 28}">#{_q(info.id)}</text></g>'
        )
    groups: dict[tuple[str, int], list[str]] = {}
    kinds: dict[tuple[str, int], str] = {}
    for n, row in enumerate(rows):
        key = ("record", row.record) if row.record is not None else ("row", n)
        groups.setdefault(key, []).append(_row_svg(report, row, n, x))
        kinds[key] = row.kind
    for key, parts in groups.items():
        kind = kinds[key]
        cls = f"unit {kind}" if kind in ("passing", "unchanged", "unobserved") else f"record {kind}"
        out.append(f'<g class="{cls}">' + "".join(parts) + "</g>")
    if hidden:
        out.append(
            f'<text class="axis" x="{LEFT}" y="{height - 14}" text-anchor="start">'
            f"{_q(hidden)} unchanged unit(s) not drawn; {_q(len(rows))} of "
            f"{_q(len(changed))} changed unit(s) shown.</text>"
        )
    out.append("</svg>")
    return Diagram("".join(out), len(rows), len(changed), total, hidden)


def _row_svg(report: Report, row: _Row, n: int, x: Callable[[date], float]) -> str:
    threads = report.threads
    tl = threads.timeline(row.thread)
    start, end = report.start, report.end
    y = TOP + n * ROW_H
    mid = y + ROW_H / 2
    parts = [f'<text class="name" x="{LEFT}" y="{mid + 4}">{_q(row.text)}</text>']
    tip = [row.text, row.kind]
    for span in tl.spans:
        first = max(span.start, start)
        last = min(span.end, end) if span.end is not None else end
        if first > end or (span.end is not None and span.end <= start) or last < first:
            continue
        parts.append(
            f'<rect class="bar" x="{x(first)}" y="{mid - BAR_H / 2}" '
            f'width="{max(x(last) - x(first), 2)}" height="{BAR_H}" rx="3"/>')
        if span.began is not None and start < span.start <= end:
            parts.append(f'<circle class="mark added" cx="{x(span.start)}" cy="{mid}" r="5"/>')
            tip.append(f"{span.began.kind} {span.start}")
        if span.ended is not None and span.end is not None and start < span.end <= end:
            cx = x(span.end)
            parts.append(
                f'<path class="mark removed" d="M{cx - 5},{mid - 5} L{cx + 5},{mid + 5} '
                f'M{cx - 5},{mid + 5} L{cx + 5},{mid - 5}"/>')
            tip.append(f"{span.ended.kind} {span.end}")
    for era in tl.all_names():
        if start < era.start <= end and (era.event is not None or era.since is not None):
            ex = x(era.start)
            parts.append(f'<line class="tick" x1="{ex}" y1="{mid - 8}" x2="{ex}" y2="{mid + 8}"/>')
            tip.append(f"renamed {era.start}")
    for day in sorted({s.when for s in row.thread.sightings if start <= s.when <= end}):
        parts.append(f'<circle class="seen" cx="{x(day)}" cy="{mid}" r="3"/>')
    for event in row.thread.events:
        if start <= event.date <= end:
            ex = x(event.date)
            parts.append(f'<path class="event" d="M{ex},{mid - 6} L{ex + 5},{mid} L{ex},{mid + 6} '
                         f'L{ex - 5},{mid} Z"/>')
            tip.append(f"{event.type} {event.date} (curated)")
    return f"<g class=\"row\"><title>{_q(' · '.join(tip))}</title>" + "".join(parts) + "</g>"
