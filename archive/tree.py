"""A snapshot's organization as an indented text tree."""

from __future__ import annotations

from orgarchive.domain import Snapshot, Unit

INDENT = "  "


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
    """
    keys = {u.key for u in snapshot.units}
    children: dict[str | None, list[Unit]] = {}
    for unit in snapshot.units:
        parent = unit.parent if unit.parent in keys and unit.parent != unit.key else None
        children.setdefault(parent, []).append(unit)
    lines: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[Unit, int]] = [(u, 0) for u in reversed(children.get(None, ()))]
    while stack:
        unit, depth = stack.pop()
        if unit.key in seen:
            continue
        seen.add(unit.key)
        lines.append(INDENT * depth + unit_label(unit))
        below = children.get(unit.key)
        if below:
            stack.extend([(c, depth + 1) for c in reversed(below)])
    if len(seen) < len(snapshot.units):
        # Units caught in a cycle have no root above them: list them flat at the end.
        lines.extend(unit_label(u) for u in snapshot.units if u.key not in seen)
    return lines
