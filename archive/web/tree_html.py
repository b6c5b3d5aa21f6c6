"""The structure as nested, collapsible lists: ``<details>`` opens and closes
without any script and answers the keyboard (Enter/Space on its summary).

Built as strings rather than through a template: 10,000 units take a few
milliseconds this way. Every value from the data goes through ``escape``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from markupsafe import Markup
from markupsafe import escape as _escape

from ..domain import Unit
from .structure import StructureView

_SPECIAL = re.compile("[&<>'\"]")  # what MarkupSafe's escape replaces

# Open every branch when the tree is this small; else only the first levels.
OPEN_ALL_UP_TO = 400
OPEN_DEPTH = 1


def escape(text: str) -> str:
    """HTML-escaped text, quotes included (MarkupSafe's C escaper; text with
    none of the five characters it replaces is returned as it is, sooner)."""
    if _SPECIAL.search(text) is None:
        return text
    return str(_escape(text))


def _label(unit: Unit, href: str, marks: str) -> str:
    text = f'<a href="{escape(href)}">{escape(unit.name)}</a>'
    if unit.acronym:
        text += f' <span class="acr">({escape(unit.acronym)})</span>'
    if unit.kind:
        text += f' <span class="kind">{escape(unit.kind)}</span>'
    return text + marks


def tree_html(view: StructureView, unit_href: Callable[[str], str]) -> tuple[Markup, Markup]:
    """The tree of units with a known place, and the list of units whose
    parent no source tells (empty when there are none)."""
    numbers = {c.ref: i for i, c in enumerate(view.citations, start=1)}
    common = view.common_cites
    shown: dict[tuple[str, ...], str] = {common: ""}  # most units share their citations

    def marks(key: str) -> str:
        refs = view.cites.get(key, ())
        found = shown.get(refs)
        if found is None:
            links = "".join(f'<a href="#{escape(r)}">{numbers[r]}</a>'
                            for r in refs if r in numbers)
            found = shown[refs] = f' <sup class="cite">{links}</sup>' if links else ""
        return found

    # A unit whose parent is unknown goes apart with what is known to sit under it.
    below: dict[str | None, list[str]] = {}
    for unit in view.units:
        below.setdefault(unit.parent, []).append(unit.key)
    apart_keys: set[str] = set()
    todo = [u.key for u in view.units if u.key in view.unknown_parent]
    while todo:
        key = todo.pop()
        if key not in apart_keys:
            apart_keys.add(key)
            todo.extend(below.get(key, ()))
    placed = [u for u in view.units if u.key not in apart_keys]
    apart = [u for u in view.units if u.key in apart_keys]
    open_depth = 99 if len(view.units) <= OPEN_ALL_UP_TO else OPEN_DEPTH

    def label(u: Unit) -> str:
        return _label(u, unit_href(u.key), marks(u.key))

    tree = _nested(placed, label, open_depth) if placed else ""
    rest = _nested(apart, label, open_depth, roots=view.unknown_parent) if apart else ""
    return Markup(tree), Markup(rest)  # noqa: S704


def _nested(units: Iterable[Unit], label: Callable[[Unit], str], open_depth: int,
            roots: frozenset[str] = frozenset()) -> str:
    """Depth-first, children in file order; a parent that is not among the units
    (or a unit naming itself, or one of ``roots``) puts the unit at the top.
    Cycles cannot loop."""
    units = list(units)
    keys = {u.key for u in units}
    children: dict[str | None, list[Unit]] = {}
    for unit in units:
        parent = (unit.parent if unit.parent in keys and unit.parent != unit.key
                  and unit.key not in roots else None)
        children.setdefault(parent, []).append(unit)
    out: list[str] = ['<ul class="org">']
    seen: set[str] = set()
    # Each frame: the iterator over a list of siblings and their depth.
    stack = [(iter(children.get(None, ())), 0)]
    while stack:
        siblings, depth = stack[-1]
        nxt = next(siblings, None)
        if nxt is None:
            stack.pop()
            if stack:
                out.append("</ul></details></li>")
            continue
        unit = nxt
        if unit.key in seen:
            continue
        seen.add(unit.key)
        below = [c for c in children.get(unit.key, ()) if c.key not in seen]
        ident = escape(unit.key)
        if not below:
            out.append(f'<li id="u-{ident}">{label(unit)}</li>')
            continue
        opened = " open" if depth < open_depth else ""
        out.append(f'<li id="u-{ident}"><details{opened}><summary>{label(unit)}'
                   f' <span class="count">{_count(len(below))}</span></summary><ul>')
        stack.append((iter(below), depth + 1))
    out.append("</ul>")
    rest = [u for u in units if u.key not in seen]  # caught in a parent cycle
    if rest:
        out.append('<ul class="org">')
        out.extend(f'<li id="u-{escape(u.key)}">{label(u)}</li>' for u in rest)
        out.append("</ul>")
    return "".join(out)


def _count(n: int) -> str:
    return f"{n} sub-unit{'s' if n != 1 else ''}"
