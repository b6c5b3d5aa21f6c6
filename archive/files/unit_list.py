"""Reading a snapshot's ``units`` list into Units: flat or nested, then parents.

Every unit is checked by :func:`orgarchive.files.unit_check.unit_values`, the
one statement of the unit rules, and built with the fast constructor. A flat
list of units with unique keys (nearly every file) is read in one lean pass;
anything else (nested ``children:``, a repeated key) is read unit by unit,
so the first broken rule is named in file order.

In a partial snapshot a unit that leaves ``parent`` out has an unknown parent
(SPEC §1): its ``parent_known`` is False. ``parent: null`` says it is at the
top; in a complete snapshot leaving ``parent`` out says the same.

Nested ``children:`` are flattened in file order (a unit, then its children),
each child's ``parent`` set to the enclosing unit, with an explicit stack so
depth never touches the Python stack; more than ``MAX_UNIT_DEPTH`` levels is
refused. Parents and cycles are checked by ``unit_check.check_parents``.
"""

from __future__ import annotations

from typing import Any

from ..domain import Unit
from .fast_unit import make_unit
from .limits import MAX_UNIT_DEPTH
from .rules import Path, Problem, check_text
from .unit_check import FLAT_FIELDS, HasChildren, Loc, check_parents, unit_path, unit_values

__all__ = ["MAX_UNIT_DEPTH", "UnitList"]


def _unit(raw: Any, loc: Loc, enclosing: str | None, partial: bool) -> Unit:
    key, name, acronym, kind, parent, description, aliases, known = unit_values(
        raw, loc, enclosing, partial)
    return make_unit(key, name, acronym, kind, parent, description,
                     None if aliases is None else tuple(aliases), known)


def _check_storable(unit: Unit, loc: Loc) -> None:
    fields = (
        ("key", unit.key),
        ("name", unit.name),
        ("acronym", unit.acronym),
        ("kind", unit.kind),
        ("parent", unit.parent),
        ("description", unit.description),
    )
    for field, value in fields:
        if value is not None:
            check_text(value, unit_path(loc, field), multiline=field == "description")
    for j, alias in enumerate(unit.aliases or ()):
        check_text(alias, unit_path(loc, "aliases", j))


class UnitList:
    """The units of one snapshot, in file order, with where each came from."""

    def __init__(
        self, strict_text: bool, partial: bool = False, parents_in_file: bool = True
    ) -> None:
        self.strict_text = strict_text
        self.partial = partial
        # A lineage file's units may name a parent that only snapshots hold.
        self.parents_in_file = parents_in_file
        self.units: list[Unit] = []
        self.locs: list[Loc] = []
        self.index: dict[str, int] = {}

    def _duplicate(self, key: str, loc: Loc) -> None:
        raise Problem(
            f"duplicate unit key {key!r} (first at {{at}})",
            unit_path(loc, "key"),
            unit_path(self.locs[self.index[key]], "key"),
        )

    def _add(self, raw: Any, loc: Loc, enclosing: str | None) -> Unit:
        unit = _unit(raw, loc, enclosing, self.partial)
        if self.strict_text:
            _check_storable(unit, loc)
        if unit.key in self.index:
            self._duplicate(unit.key, loc)
        self.index[unit.key] = len(self.units)
        self.units.append(unit)
        self.locs.append(loc)
        return unit

    def read(self, raw_units: list[Any]) -> None:
        """Read every unit (and nested children), then check parents and cycles."""
        if not self._read_flat(raw_units):
            self._read_nested(raw_units)
        units = self.units
        check_parents([u.key for u in units], [u.parent for u in units], self.index,
                      self.locs, self.parents_in_file)

    def _read_flat(self, raw_units: list[Any]) -> bool:
        """The fast path: a flat list of valid units with unique keys, or False
        (nested children or a repeated key: the caller reads unit by unit)."""
        partial = self.partial
        units: list[Unit] = []
        append = units.append
        try:
            for n, raw in enumerate(raw_units):
                key, name, acronym, kind, parent, description, aliases, known = unit_values(
                    raw, n, None, partial, FLAT_FIELDS)
                append(make_unit(key, name, acronym, kind, parent, description,
                                 None if aliases is None else tuple(aliases), known))
        except HasChildren:
            return False
        index = {unit.key: n for n, unit in enumerate(units)}
        if len(index) != len(units):
            return False
        self.units = units
        self.index = index
        self.locs = list(range(len(units)))
        if self.strict_text:
            for n, unit in enumerate(self.units):
                _check_storable(unit, n)
        return True

    def _read_nested(self, raw_units: list[Any]) -> None:
        """Unit by unit, with children, stopping at the first broken rule."""
        self.units, self.locs, self.index = [], [], {}
        for i, raw in enumerate(raw_units):
            unit = self._add(raw, i, None)
            if raw.get("children") is not None:
                self._children(unit.key, raw["children"], ("units", i))

    def _children(self, key: str, kids: Any, path: Path) -> None:
        # An explicit stack of (enclosing key, its children, its path, next child index).
        stack: list[tuple[str, Any, Path, int]] = [(key, kids, path, 0)]
        while stack:
            owner, kids, base, j = stack[-1]
            if not isinstance(kids, list):
                raise Problem(
                    f"unit {owner!r}: children must be a list of units", (*base, "children")
                )
            if j >= len(kids):
                stack.pop()
                continue
            stack[-1] = (owner, kids, base, j + 1)
            child_path: Path = (*base, "children", j)
            child = self._add(kids[j], child_path, owner)
            grandkids = kids[j].get("children")
            if grandkids is not None:
                if len(stack) >= MAX_UNIT_DEPTH:
                    raise Problem(
                        f"units nested more than {MAX_UNIT_DEPTH} levels deep",
                        (*child_path, "children"),
                    )
                stack.append((child.key, grandkids, child_path, 0))
