"""One unit's lineage diagram, as inline SVG.

Left to right: the units it came from (merged or split off), each name it
carried from the date it took it, and the units it went into. Under the
names, a second lane shows each parent it sat under. Every text from the
data is escaped here; boxes of other units link to their own pages.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from markupsafe import Markup

from ..report.history import Link, UnitHistory
from ..report.history_render import when_text
from ..report.svg import PALETTE

BOX_W, BOX_H, GAP, PAD, LANE_GAP = 236, 52, 46, 14, 40
CHARS = 30  # of a name inside a box (12 px bold fills 216 px); the full text is in its title


def _q(value: object) -> str:
    return escape(str(value), quote=True)


def _cut(text: str, limit: int = CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _box(x: int, y: int, kind: str, lines: tuple[str, str], title: str,
         href: str | None = None) -> str:
    stroke, fill = PALETTE.get(kind, PALETTE["unchanged"])
    body = (
        f'<g class="box {_q(kind)}"><title>{_q(title)}</title>'
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        f'<text x="{x + 10}" y="{y + 21}" class="l1">{_q(_cut(lines[0]))}</text>'
        f'<text x="{x + 10}" y="{y + 40}" class="l2">{_q(_cut(lines[1], 38))}</text></g>'
    )
    return f'<a href="{_q(href)}">{body}</a>' if href else body


def _arrow(x1: int, y1: int, x2: int, y2: int, kind: str) -> str:
    stroke = PALETTE.get(kind, PALETTE["unchanged"])[0]
    mid = (x1 + x2) // 2
    return (f'<path d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2 - 6},{y2}" fill="none" '
            f'stroke="{stroke}" stroke-width="2" marker-end="url(#arrow)"/>')


def _label(name: str, acronym: str | None) -> str:
    return f"{name} ({acronym})" if acronym else name


def _link_lines(link: Link) -> tuple[str, str]:
    unit = link.unit
    return _label(unit.name, unit.acronym), f"{link.relation} {when_text(link.when)}"


def unit_svg(history: UnitHistory, unit_href: Callable[[str], str]) -> Markup:
    preds, succs = history.predecessors, history.successors
    names, parents = history.names, history.parents
    first_col = 1 if preds else 0
    columns = first_col + max(len(names), len(parents)) + (1 if succs else 0)
    stacked = max(len(preds), len(succs), 1)
    name_block = stacked * (BOX_H + 10) - 10
    lane_y = PAD + 18 + name_block + LANE_GAP
    width = PAD * 2 + columns * BOX_W + (columns - 1) * GAP
    height = lane_y + BOX_H + PAD
    mid = PAD + 18 + name_block // 2 - BOX_H // 2

    def col_x(col: int) -> int:
        return PAD + col * (BOX_W + GAP)

    current = _label(history.current.name, history.current.acronym)
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_q("Lineage of " + current)}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#616e7c"/></marker></defs>',
        f'<text x="{col_x(first_col)}" y="{PAD + 8}" class="lane">names</text>',
        f'<text x="{col_x(first_col)}" y="{lane_y - 8}" class="lane">parents</text>',
    ]

    def stack_y(i: int, n: int) -> int:
        top = PAD + 18 + (name_block - (n * (BOX_H + 10) - 10)) // 2
        return top + i * (BOX_H + 10)

    for i, link in enumerate(preds):
        y = stack_y(i, len(preds))
        parts.append(_box(col_x(0), y, link.relation, _link_lines(link),
                          _label(link.unit.name, link.unit.acronym), unit_href(link.unit.key)))
        parts.append(_arrow(col_x(0) + BOX_W, y + BOX_H // 2, col_x(first_col),
                            mid + BOX_H // 2, link.relation))
    began = history.life[0].began if history.life else "first seen"
    for i, entry in enumerate(names):
        x = col_x(first_col + i)
        kind = "renamed" if i else (began if began in PALETTE else "unchanged")
        text = _label(entry.name, entry.acronym) if entry.known else "(a name no source gives)"
        since = f"from {when_text(entry.start)}"
        parts.append(_box(x, mid, kind, (text, since), f"{text}, {since}"))
        if i:
            parts.append(_arrow(x - GAP, mid + BOX_H // 2, x, mid + BOX_H // 2, "renamed"))
    last_x = col_x(first_col + len(names) - 1) + BOX_W
    for i, link in enumerate(succs):
        y = stack_y(i, len(succs))
        x = col_x(columns - 1)
        parts.append(_box(x, y, link.relation, _link_lines(link),
                          _label(link.unit.name, link.unit.acronym), unit_href(link.unit.key)))
        parts.append(_arrow(last_x, mid + BOX_H // 2, x, y + BOX_H // 2, link.relation))
    for i, parent in enumerate(parents):
        x = col_x(first_col + i)
        if not parent.known:
            text = "unknown"
        elif parent.parent is None:
            text = "the top level"
        else:
            text = parent.parent_name or parent.parent
        href = unit_href(parent.parent) if parent.parent is not None else None
        since = f"from {when_text(parent.start)}"
        parts.append(_box(x, lane_y, "moved" if i else "unchanged", (text, since),
                          f"under {text}, {since}", href))
        if i:
            parts.append(_arrow(x - GAP, lane_y + BOX_H // 2, x, lane_y + BOX_H // 2, "moved"))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above
