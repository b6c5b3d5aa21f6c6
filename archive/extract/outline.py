"""The page's outline: for each block, the block it sits under.

A heading sits under the nearest heading of a higher level; a list item under
the item one level up, or, at the top of its list, under the line or heading
that introduces the list; a table row under the table's group row ("Office of
the Secretary" spanning the table) or under the line before the table; a short
line under the line above it with less indentation; anything else under its
section's heading. Parents of units are read from this outline (a unit's parent
is the nearest block above it that is a unit), so hierarchy comes from heading
levels, list nesting, table grouping and indentation alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import Block


@dataclass(frozen=True)
class Outline:
    parent: tuple[int, ...]  # block index -> the block it sits under, -1 for none
    intro: tuple[int, ...]  # list item or row -> the block just before its list or table, or -1
    run_start: tuple[int, ...]  # list item, row or line -> first block of its run


def build_outline(blocks: list[Block]) -> Outline:
    count = len(blocks)
    parent = [-1] * count
    intro = [-1] * count
    run_start = list(range(count))
    headings: list[tuple[int, int]] = []  # (level, index)
    items: list[tuple[int, int]] = []  # (depth, index) of the current list
    lines: list[tuple[int, int]] = []  # (indentation, index) of the current run of lines
    group = -1  # the current table's group row
    anchor = -1  # the block a new list or table sits under
    for i, block in enumerate(blocks):
        section = headings[-1][1] if headings else -1
        previous = blocks[i - 1] if i else None
        kind = block.kind
        if kind == "heading" and block.level:
            while headings and headings[-1][0] >= block.level:
                headings.pop()
            parent[i] = headings[-1][1] if headings else -1
            headings.append((block.level, i))
            items.clear()
            lines.clear()
            continue
        if kind == "list":
            if previous is None or previous.kind != "list":
                items.clear()
                anchor = _anchor(blocks, i, section)
                intro_at = i - 1
            else:
                run_start[i] = run_start[i - 1]
                intro_at = intro[i - 1]
            intro[i] = intro_at
            while items and items[-1][0] >= block.depth:
                items.pop()
            parent[i] = items[-1][1] if items else anchor
            items.append((block.depth, i))
            continue
        if kind == "row":
            if previous is None or previous.kind != "row":
                group = -1
                anchor = _anchor(blocks, i, section)
                intro[i] = i - 1
            else:
                run_start[i] = run_start[i - 1]
                intro[i] = intro[i - 1]
            filled = [c for c in block.cells if c]
            if len(filled) <= 1 and not block.head:
                parent[i] = anchor
                group = i
            else:
                parent[i] = anchor if block.head or group < 0 else group
            continue
        if kind == "line":
            if previous is not None and previous.kind == "line":
                run_start[i] = run_start[i - 1]
            else:
                lines.clear()
            while lines and lines[-1][0] >= block.depth:
                lines.pop()
            parent[i] = lines[-1][1] if lines else section
            lines.append((block.depth, i))
            continue
        if kind == "link":  # a run of link lines: a list of links, introduced as a list is
            if previous is not None and previous.kind == "link":
                run_start[i] = run_start[i - 1]
                intro[i] = intro[i - 1]
            else:
                intro[i] = i - 1
        parent[i] = section
    return Outline(parent=tuple(parent), intro=tuple(intro), run_start=tuple(run_start))


def _anchor(blocks: list[Block], i: int, section: int) -> int:
    """What a list or table starting at I sits under: the short line or heading just
    before it, else its section's heading."""
    if i and blocks[i - 1].kind in ("line", "heading"):
        return i - 1
    return section
