"""Reading a snapshot's ``units`` list: one lean pass, then parents and cycles.

Each unit first goes through :func:`_quick`, which only answers "is this unit
fine?" with plain type checks and builds the :class:`Unit`. Only when it says
no does :func:`_explain` walk the unit again to name the first broken rule, so
a 100,000-unit file costs little more than building its units.

In a partial snapshot a unit that leaves ``parent`` out has an unknown parent
(SPEC §1): its ``parent_known`` is False. ``parent: null`` says it is at the
top; in a complete snapshot leaving ``parent`` out says the same.

Nested ``children:`` are flattened in file order (a unit, then its children),
each child's ``parent`` set to the enclosing unit, with an explicit stack so
depth never touches the Python stack; more than ``MAX_UNIT_DEPTH`` levels is
refused. Parent cycles are found iteratively too.
"""

from __future__ import annotations

from typing import Any, TypeAlias, cast

from ..domain import Unit
from .fast_unit import make_unit
from .rules import (
    KEY_RULE,
    UNIT_FIELDS,
    UNIT_SET,
    Path,
    Problem,
    check_text,
    key_ok,
    show,
    text_field,
    unknown_field,
)

# Levels of ``children:`` nesting accepted (real charts are under ten deep).
MAX_UNIT_DEPTH = 100

# The unit fields without ``children``: what the fast path for flat lists accepts.
FLAT_UNIT_SET = UNIT_SET - {"children"}

# A unit's place: its index in the top-level list, or the full path when nested.
Loc: TypeAlias = int | Path


def _unit_path(loc: Loc, *rest: str | int) -> Path:
    base: Path = ("units", loc) if isinstance(loc, int) else loc
    return (*base, *rest)


def _blank(value: str) -> bool:
    return not value or value.isspace()


def _quick(
    raw: Any, enclosing: str | None, allowed: frozenset[str] = UNIT_SET, partial: bool = False
) -> Unit | None:
    """The unit if every rule holds and its fields are all ``allowed``, else None.

    This is the hot loop of loading a large file: plain type checks, written
    out. When it says None, :func:`_explain` says why (or the caller handles
    the ``children`` that ``allowed`` left out).
    """
    if type(raw) is not dict and not isinstance(raw, dict):
        return None
    get = raw.get
    key = get("key")
    name = get("name")
    acronym = get("acronym")
    kind = get("kind")
    parent = get("parent")
    description = get("description")
    aliases = get("aliases")
    if not (allowed.issuperset(raw) and fields_ok(key, name, acronym, kind, description)):
        return None
    if parent is None:
        parent = enclosing
    elif type(parent) is not str or (enclosing is not None and parent != enclosing):
        return None
    if aliases is not None:
        if not aliases_ok(aliases):
            return None
        aliases = tuple(aliases)
    # fields_ok() checked key and name are text.
    known = not partial or parent is not None or "parent" in raw
    return make_unit(
        cast(str, key), cast(str, name), acronym, kind, parent, description, aliases, known
    )


def fields_ok(key: Any, name: Any, acronym: Any, kind: Any, description: Any) -> bool:
    """The plain checks of a unit's key and text fields (the load hot path's rules;
    :func:`_explain` says which one failed)."""
    # Written out, not through _blank(): this runs once per unit of a large load.
    return (
        type(key) is str
        and key_ok(key) is not None
        and type(name) is str
        and name != ""
        and not name.isspace()
        and (acronym is None or (type(acronym) is str and acronym != "" and not acronym.isspace()))
        and (kind is None or (type(kind) is str and kind != "" and not kind.isspace()))
        and (
            description is None
            or (type(description) is str and description != "" and not description.isspace())
        )
    )


def aliases_ok(aliases: Any) -> bool:
    """A list of non-blank strings."""
    return isinstance(aliases, list) and all(
        type(alias) is str and not _blank(alias) for alias in aliases
    )


def _explain(raw: Any, loc: Loc, enclosing: str | None) -> Problem:
    """The first rule ``raw`` breaks, as a Problem at its path."""
    if not isinstance(raw, dict):
        return Problem(
            f"a unit must be a mapping with key and name, not {show(raw)}", _unit_path(loc)
        )
    key = raw.get("key")
    if key is None:
        return Problem("unit without a 'key'", _unit_path(loc, "key"))
    if type(key) is not str:
        return Problem(f"unit key must be text, not {show(key)}", _unit_path(loc, "key"))
    if not key_ok(key):
        return Problem(f"unit key {show(key)} is not valid ({KEY_RULE})", _unit_path(loc, "key"))
    owner = f"unit {key!r}: "
    try:
        unknown_field(raw, UNIT_SET, UNIT_FIELDS, _unit_path(loc), owner)
        name = raw.get("name")
        if name is None:
            return Problem(f"{owner}missing required field 'name'", _unit_path(loc, "name"))
        if type(name) is not str or _blank(name):
            return Problem(
                f"{owner}name must be non-empty text, not {show(name)}", _unit_path(loc, "name")
            )
        for field in ("acronym", "kind", "description"):
            text_field(raw.get(field), _unit_path(loc, field), f"{owner}{field}")
        parent = raw.get("parent")
        if parent is not None and type(parent) is not str:
            return Problem(
                f"{owner}parent must be a unit key, not {show(parent)}", _unit_path(loc, "parent")
            )
        if parent is not None and enclosing is not None and parent != enclosing:
            return Problem(
                f"{owner}parent {show(parent)} differs from the enclosing unit {enclosing!r}",
                _unit_path(loc, "parent"),
            )
        aliases = raw.get("aliases")
        if aliases is not None and not isinstance(aliases, list):
            return Problem(
                f"{owner}aliases must be a list of names, not {show(aliases)}",
                _unit_path(loc, "aliases"),
            )
        for j, alias in enumerate(aliases or ()):
            if type(alias) is not str or _blank(alias):
                return Problem(
                    f"{owner}alias {show(alias)} must be non-empty text",
                    _unit_path(loc, "aliases", j),
                )
    except Problem as problem:
        return problem
    return Problem(f"{owner}not a valid unit", _unit_path(loc))  # pragma: no cover


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
            check_text(value, _unit_path(loc, field), multiline=field == "description")
    for j, alias in enumerate(unit.aliases or ()):
        check_text(alias, _unit_path(loc, "aliases", j))


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
            _unit_path(loc, "key"),
            _unit_path(self.locs[self.index[key]], "key"),
        )

    def _add(self, raw: Any, loc: Loc, enclosing: str | None) -> Unit:
        unit = _quick(raw, enclosing, UNIT_SET, self.partial)
        if unit is None:
            raise _explain(raw, loc, enclosing)
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
        self._check_parents()

    def _read_flat(self, raw_units: list[Any]) -> bool:
        """The fast path: a flat list of valid units with unique keys, or False."""
        flat = FLAT_UNIT_SET
        partial = self.partial
        maybe = [_quick(raw, None, flat, partial) for raw in raw_units]
        for unit in maybe:
            if unit is None:
                return False
        units = cast(list[Unit], maybe)
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

    def _check_parents(self) -> None:
        index = self.index
        units = self.units
        # Each unit's parent as an index into ``units``: -1 for none, -2 for a
        # key that is not in the file.
        get = index.get
        outside = -2 if self.parents_in_file else -1
        parents = [-1 if u.parent is None else get(u.parent, outside) for u in units]
        if -2 in parents:
            n = parents.index(-2)
            unit = units[n]
            raise Problem(
                f"unit {unit.key!r}: parent {show(unit.parent)} is not a unit in this file",
                _unit_path(self.locs[n], "parent"),
            )
        # Walk up from each unit, marking units with the number of the walk
        # that reached them first; meeting a unit marked by the current walk
        # is a cycle. Every unit is marked once, so this is linear.
        walk_of = [-1] * len(units)
        for walk in range(len(units)):
            n = walk
            while n >= 0 and walk_of[n] < 0:
                walk_of[n] = walk
                n = parents[n]
            if n >= 0 and walk_of[n] == walk:
                cycle = [units[n].key]
                step = parents[n]
                while step != n:
                    cycle.append(units[step].key)
                    step = parents[step]
                cycle.append(units[n].key)
                raise Problem(
                    "parent cycle: " + " -> ".join(cycle), _unit_path(self.locs[n], "parent")
                )
