"""The lineage diagram of a report: units flowing across snapshots, as inline SVG.

Columns are the snapshots in date order, boxes the units, horizontal links
join a unit to itself in the next snapshot (renamed, moved or unchanged),
curves fan in for mergers and out for splits, a green dot marks an added
unit and a red cross a removed one. Every text and attribute value from the
data is escaped here (the SVG is handed to the template as safe markup).

Large reports stay readable: when there are more threads than ``max_rows``,
unchanged units are left out (each column says how many) and at most
``max_rows`` changed ones are drawn; the caller says so on the page.
Layout is linear in the number of units times snapshots.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

from .period import Report
from .threads import Sighting, Thread

# change type -> (stroke, fill); the legend and the CSS use the same colours.
PALETTE: dict[str, tuple[str, str]] = {
    "added": ("#2e7d32", "#e8f5e9"),
    "removed": ("#c62828", "#ffebee"),
    "renamed": ("#1565c0", "#e3f2fd"),
    "moved": ("#6a1b9a", "#f3e5f5"),
    "modified": ("#b26a00", "#fff3e0"),
    "merged": ("#00838f", "#e0f7fa"),
    "split": ("#ad1457", "#fce4ec"),
    "unchanged": ("#78909c", "#f5f7f8"),
}
PRIORITY = ("merged", "split", "renamed", "moved", "added", "modified")

COL_W, BOX_W, BOX_H, ROW_H = 222, 184, 26, 34
LEFT, TOP = 16, 64


@dataclass(frozen=True)
class Diagram:
    svg: str  # safe markup
    shown: int  # threads drawn
    changed: int  # threads with any change
    total: int  # all threads
    hidden_unchanged: int


def _q(value: object) -> str:
    return escape(str(value), quote=True)


def kind_of(sighting: Sighting, thread: Thread) -> str:
    for t in PRIORITY:
        if t in sighting.types:
            return t
    if sighting is thread.first and thread.origin in PALETTE:
        return thread.origin
    return "unchanged"


def _order(report: Report, threads: list[Thread]) -> list[Thread]:
    """Roots in (snapshot, file order), each followed by the threads it led to."""
    position: dict[int, dict[str, int]] = {}

    def pos(t: Thread) -> int:
        index = t.first.index
        if index not in position:
            units = report.snapshots[index].snapshot.units
            position[index] = {u.key: i for i, u in enumerate(units)}
        return position[index].get(t.first.unit.key, 0)

    wanted = {t.id for t in threads}
    roots = [t for t in threads if not any(p in wanted for p in t.predecessors)]
    roots.sort(key=lambda t: (t.first.index, pos(t)))
    out: list[Thread] = []
    done: set[int] = set()
    for root in roots:
        stack = [root]
        while stack:
            t = stack.pop()
            if t.id in done:
                continue
            done.add(t.id)
            out.append(t)
            nxt = [report.threads[s] for s in t.successors if s in wanted and s not in done]
            stack.extend(reversed(nxt))
    return out


def _rows(ordered: list[Thread]) -> dict[int, int]:
    """A row per thread; a successor takes its predecessor's row when it is free."""
    row_of: dict[int, int] = {}
    row_end: list[int] = []
    for t in ordered:
        row = None
        for p in t.predecessors:
            r = row_of.get(p)
            if r is not None and row_end[r] < t.first.index:
                row = r
                break
        if row is None:
            row = len(row_end)
            row_end.append(-1)
        row_of[t.id] = row
        row_end[row] = t.last.index
    return row_of


# A box holds about 23 columns of Latin text.
BOX_COLUMNS = 23


def _columns(char: str) -> int:
    """How many columns a character takes: 2 for wide East Asian characters
    (CJK, full-width forms), 0 for combining marks and zero-width characters,
    else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(text: str, columns: int) -> str:
    """``text`` if it fits in ``columns``, else as much as fits followed by "…"."""
    used = 0
    keep = 0  # characters that fit in columns - 1, leaving room for the ellipsis
    for i, char in enumerate(text):
        used += _columns(char)
        if used > columns:
            return text[:keep].rstrip() + "…"
        if used <= columns - 1:
            keep = i + 1
    return text


def _label(sighting: Sighting) -> str:
    """The box text, escaped: the acronym in bold, then as much name as fits,
    measured in columns (a CJK character takes two), not in characters."""
    unit = sighting.unit
    acronym = fit(unit.acronym or "", 12)
    room = BOX_COLUMNS - (sum(map(_columns, acronym)) + 1 if acronym else 0)
    name = fit(unit.name, max(room, 2))
    if not acronym:
        return _q(name)
    return f'<tspan class="acr">{_q(acronym)}</tspan> {_q(name)}'


def render_lineage_svg(report: Report, max_rows: int = 60) -> Diagram:
    threads = list(report.threads)
    changed = [t for t in threads if t.changed]
    hidden = 0
    if len(threads) > max_rows:
        hidden = len(threads) - len(changed)
        threads = changed
    ordered = _order(report, threads)[:max_rows]
    row_of = _rows(ordered)
    shown = {t.id for t in ordered}
    cols = len(report.snapshots)
    rows = max(row_of.values(), default=-1) + 1
    width = LEFT * 2 + cols * COL_W - (COL_W - BOX_W)
    height = TOP + rows * ROW_H + (40 if hidden else 16)

    def x(index: int) -> int:
        return LEFT + index * COL_W

    def y(thread: Thread) -> int:
        return TOP + row_of[thread.id] * ROW_H

    out: list[str] = [
        f'<svg id="lineage" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Lineage of {_q(report.agency)} units across {cols} snapshots">',
        f"<title>Lineage of {_q(report.agency)} units across {cols} snapshots</title>",
    ]
    for i, stored in enumerate(report.snapshots):
        info = stored.info
        cls = "col partial" if info.coverage == "partial" else "col"
        out.append(
            f'<rect class="{cls}" x="{x(i) - 8}" y="{TOP - 44}" width="{BOX_W + 16}" '
            f'height="{height - TOP + 36}" rx="8"/>'
            f'<text class="colhead" x="{x(i) + BOX_W / 2}" y="{TOP - 26}">{_q(info.as_of)}</text>'
            f'<text class="colsub" x="{x(i) + BOX_W / 2}" y="{TOP - 12}">'
            f"snapshot {_q(info.id)} · {_q(info.coverage)}</text>"
        )
    links: list[str] = []
    boxes: list[str] = []
    for t in ordered:
        ty = y(t) + BOX_H / 2
        prev: Sighting | None = None
        for s in t.sightings:
            if prev is not None:
                dash = ' stroke-dasharray="4 4"' if s.index > prev.index + 1 else ""
                kind = kind_of(s, t)
                links.append(
                    f'<line class="link {kind}" x1="{x(prev.index) + BOX_W}" y1="{ty}" '
                    f'x2="{x(s.index)}" y2="{ty}"{dash}/>'
                )
            prev = s
        for p in t.predecessors:
            if p in shown:
                old = report.threads[p]
                kind = "merged" if t.links[p][0].types.count("merged") else "split"
                x1, y1 = x(old.last.index) + BOX_W, y(old) + BOX_H / 2
                x2 = x(t.first.index)
                mid = (x1 + x2) / 2
                links.append(
                    f'<path class="link {kind}" d="M{x1},{y1} C{mid},{y1} {mid},{ty} {x2},{ty}"/>'
                )
        for s in t.sightings:
            kind = kind_of(s, t)
            tip = f"{s.unit.name}" + (f" ({s.unit.acronym})" if s.unit.acronym else "")
            tip += f" · key {s.unit.key} · {report.as_of(s.index)}"
            if s.types:
                tip += " · " + ", ".join(s.types)
            boxes.append(
                f'<g class="unit {kind}"><title>{_q(tip)}</title>'
                f'<rect x="{x(s.index)}" y="{y(t)}" width="{BOX_W}" height="{BOX_H}" rx="5"/>'
                f'<text x="{x(s.index) + 8}" y="{y(t) + 17}">{_label(s)}</text></g>'
            )
        if t.origin == "added":
            boxes.append(f'<circle class="mark added" cx="{x(t.first.index)}" cy="{ty}" r="5"/>')
        if t.end == "removed":
            cx = x(t.last.index) + BOX_W + 10
            boxes.append(
                f'<path class="mark removed" d="M{cx - 5},{ty - 5} L{cx + 5},{ty + 5} '
                f'M{cx - 5},{ty + 5} L{cx + 5},{ty - 5}"/>'
            )
    out.extend(links)
    out.extend(boxes)
    if hidden:
        out.append(
            f'<text class="colsub" x="{LEFT}" y="{height - 14}" text-anchor="start">'
            f"{_q(hidden)} unchanged unit(s) not drawn; {_q(len(ordered))} of "
            f"{_q(len(changed))} changed unit(s) shown.</text>"
        )
    out.append("</svg>")
    return Diagram("".join(out), len(ordered), len(changed), len(report.threads), hidden)
