"""A snapshot's organization as an indented text tree."""

from __future__ import annotations

from ..domain import Snapshot, Unit

INDENT = "  "
# Deeper levels are not indented further but marked with their level, so a
# chain of thousands of parents prints in linear, not quadratic, space.
MAX_INDENTED_LEVELS = 100


def indented(depth: int, text: str) -> str:
    """``text`` indented for ``depth`` levels below the top; from
    ``MAX_INDENTED_LEVELS`` down, indented that far and marked ``(level N)``."""
    if depth < MAX_INDENTED_LEVELS:
        return INDENT * depth + text
    return f"{INDENT * MAX_INDENTED_LEVELS}(level {depth + 1}) {text}"


def unit_label(unit: Unit) -> str:
    """Name, then acronym in parentheses and kind in brackets when known."""
    label: str = unit.name
    if unit.acronym:
        label += f" ({unit.acronym})"
    if unit.kind:
        label += f" [{unit.kind}]"
    return label


def render_tree(snapshot: Snapshot) -> list[str]:
    """One line per unit, children indented under their parent, in file order.

    A unit whose parent is unknown or not in the snapshot is a root. Parent
    cycles (which the file reader rejects) cannot make this loop forever.
    Written for 100,000 units: a stack of iterators over each unit's
    children, and the label built inline. Below ``MAX_INDENTED_LEVELS``
    levels a line keeps that indentation and starts with ``(level N)``.
    """
    units = snapshot.units
    keys = {u.key for u in units}
    children: dict[str | None, list[Unit]] = {}
    for unit in units:
        parent = unit.parent
        if parent not in keys or parent == unit.key:
            parent = None
        below = children.get(parent)
        if below is None:
            children[parent] = [unit]
        else:
            below.append(unit)
    lines: list[str] = []
    append = lines.append
    seen: set[str] = set()
    indents = [""]
    stack = [iter(children.get(None, ()))]
    while stack:
        for unit in stack[-1]:
            key = unit.key
            if key in seen:
                continue
            seen.add(key)
            label = unit.name
            if unit.acronym:
                label = f"{label} ({unit.acronym})"
            if unit.kind:
                label = f"{label} [{unit.kind}]"
            level = len(stack) - 1
            if level < MAX_INDENTED_LEVELS:
                append(indents[level] + label)
            else:
                append(f"{indents[-1]}(level {level + 1}) {label}")
            below = children.get(key)
            if below:
                if len(indents) <= len(stack) and len(indents) <= MAX_INDENTED_LEVELS:
                    indents.append(INDENT * len(stack))
                stack.append(iter(below))
                break
        else:
            stack.pop()
    if len(seen) < len(units):
        # Units caught in a cycle have no root above them: list them flat at the end.
        lines.extend(unit_label(u) for u in units if u.key not in seen)
    return lines
