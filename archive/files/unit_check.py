"""The unit rules of SPEC §1, written once: one unit's fields, then the parents.

:func:`unit_values` is the hot loop of loading a large file. It checks one
parsed unit mapping with plain, written-out tests and returns its values; a
broken rule raises :class:`Problem` naming it, built only then (the message
helpers below are never called for a valid unit). Both ways a unit is read
use it: :mod:`orgarchive.files.unit_list` (building Units, nested children)
and :mod:`orgarchive.files.prepared` (rows straight from a flat JSON list).

:func:`check_parents` is the one check of the parent links: every parent a
unit of the file, no cycle, no unit more than ``MAX_UNIT_DEPTH`` levels below
the top (the limit of nested ``children:`` too). It is linear and never recurses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

from .limits import (
    LIMITS_DOC,
    MAX_ALIASES,
    MAX_KEY,
    MAX_LINE,
    MAX_TEXT,
    MAX_UNIT_DEPTH,
    too_long,
)
from .rules import KEY_RULE, UNIT_FIELDS, UNIT_SET, Path, Problem, key_ok, show, unknown_field

# The unit fields of a flat list: no ``children``.
FLAT_FIELDS = UNIT_SET - {"children"}

# A unit's place: its index in the top-level list, or the full path when nested.
Loc: TypeAlias = int | Path

# What unit_values returns: key, name, acronym, kind, parent, description,
# aliases (the file's list, or None), and whether the parent is known.
UnitValues: TypeAlias = tuple[
    str, str, str | None, str | None, str | None, str | None, list[str] | None, bool
]


def unit_path(loc: Loc, *rest: str | int) -> Path:
    base: Path = ("units", loc) if isinstance(loc, int) else loc
    return (*base, *rest)


def unit_values(
    raw: Any, loc: Loc, enclosing: str | None, partial: bool, fields: frozenset[str] = UNIT_SET
) -> UnitValues:
    """The values of one unit mapping if every rule holds; else a Problem.

    ``enclosing`` is the unit a nested child sits in (its parent). In a
    ``partial`` snapshot a unit that leaves ``parent`` out has an unknown
    parent. A unit with ``children`` raises :class:`HasChildren` when
    ``fields`` leaves them out (``FLAT_FIELDS``: the caller then reads the
    list unit by unit); else the caller reads the children.
    """
    if type(raw) is not dict and not isinstance(raw, dict):
        raise Problem(f"a unit must be a mapping with key and name, not {show(raw)}",
                      unit_path(loc))
    get = raw.get
    key = get("key")
    if type(key) is not str or key_ok(key) is None or len(key) > MAX_KEY:
        raise _bad_key(key, loc)
    if not fields.issuperset(raw):
        _unknown(raw, key, loc, fields)
    name = get("name")
    if type(name) is not str or name == "" or name.isspace() or len(name) > MAX_LINE:
        raise _badMAX_TEXT(key, "name", name, loc, MAX_LINE, required=True)
    acronym = get("acronym")
    if acronym is not None and (type(acronym) is not str or acronym == ""
                                or acronym.isspace() or len(acronym) > MAX_LINE):
        raise _badMAX_TEXT(key, "acronym", acronym, loc, MAX_LINE)
    kind = get("kind")
    if kind is not None and (type(kind) is not str or kind == "" or kind.isspace()
                             or len(kind) > MAX_LINE):
        raise _badMAX_TEXT(key, "kind", kind, loc, MAX_LINE)
    description = get("description")
    if description is not None and (type(description) is not str or description == ""
                                    or description.isspace() or len(description) > MAX_TEXT):
        raise _badMAX_TEXT(key, "description", description, loc, MAX_TEXT)
    parent = get("parent")
    if parent is None:
        known = enclosing is not None or not partial or "parent" in raw
        parent = enclosing
    elif type(parent) is not str or len(parent) > MAX_KEY or (
        enclosing is not None and parent != enclosing
    ):
        raise _bad_parent(key, parent, loc, enclosing)
    else:
        known = True
    aliases = get("aliases")
    if aliases is not None and (
        not isinstance(aliases, list) or len(aliases) > MAX_ALIASES or not all(
            type(alias) is str and alias != "" and not alias.isspace() and len(alias) <= MAX_LINE
            for alias in aliases)
    ):
        raise _badMAX_ALIASES(key, aliases, loc)
    return key, name, acronym, kind, parent, description, aliases, known


class HasChildren(Exception):  # noqa: N818 - a signal, not an error
    """A unit of a list read as flat holds ``children``: read it unit by unit."""


def _unknown(raw: dict[str, Any], key: str, loc: Loc, fields: frozenset[str]) -> None:
    unknown_field(raw, UNIT_SET, UNIT_FIELDS, unit_path(loc), f"unit {key!r}: ")
    if "children" not in fields:
        raise HasChildren


def _bad_key(key: Any, loc: Loc) -> Problem:
    path = unit_path(loc, "key")
    if key is None:
        return Problem("unit without a 'key'", path)
    if type(key) is not str:
        return Problem(f"unit key must be text, not {show(key)}", path)
    if len(key) > MAX_KEY:
        return Problem(f"unit key {show(key)}: " + too_long("the key", key, MAX_KEY), path)
    return Problem(f"unit key {show(key)} is not valid ({KEY_RULE})", path)


def _badMAX_TEXT(key: str, field: str, value: Any, loc: Loc, limit: int,
              required: bool = False) -> Problem:
    owner = f"unit {key!r}: "
    path = unit_path(loc, field)
    if value is None and required:
        return Problem(f"{owner}missing required field {field!r}", path)
    if type(value) is str and len(value) > limit:
        return Problem(owner + too_long(field, value, limit), path)
    if required:
        return Problem(f"{owner}{field} must be non-empty text, not {show(value)}", path)
    if type(value) is not str:
        return Problem(f"{owner}{field} must be text, not {show(value)}", path)
    return Problem(f"{owner}{field} is empty (leave the field out if unknown)", path)


def _bad_parent(key: str, parent: Any, loc: Loc, enclosing: str | None) -> Problem:
    owner = f"unit {key!r}: "
    path = unit_path(loc, "parent")
    if type(parent) is not str:
        return Problem(f"{owner}parent must be a unit key, not {show(parent)}", path)
    if len(parent) > MAX_KEY:
        return Problem(owner + too_long("parent", parent, MAX_KEY), path)
    return Problem(f"{owner}parent {show(parent)} differs from the enclosing unit {enclosing!r}",
                   path)


def _badMAX_ALIASES(key: str, aliases: Any, loc: Loc) -> Problem:
    owner = f"unit {key!r}: "
    if not isinstance(aliases, list):
        return Problem(f"{owner}aliases must be a list of names, not {show(aliases)}",
                       unit_path(loc, "aliases"))
    if len(aliases) > MAX_ALIASES:
        return Problem(f"{owner}{len(aliases):,} aliases, over the limit of {MAX_ALIASES} "
                       f"({LIMITS_DOC})",
                       unit_path(loc, "aliases"))
    for j, alias in enumerate(aliases):
        if type(alias) is str and len(alias) > MAX_LINE:
            return Problem(owner + too_long("alias", alias, MAX_LINE),
                           unit_path(loc, "aliases", j))
        if type(alias) is not str or alias == "" or alias.isspace():
            return Problem(f"{owner}alias {show(alias)} must be non-empty text",
                           unit_path(loc, "aliases", j))
    raise AssertionError("unreachable: every alias is fine")  # pragma: no cover


def check_parents(keys: Sequence[str], parent_keys: Sequence[str | None],
                  index: dict[str, int], locs: Sequence[Loc] | None,
                  parents_in_file: bool = True) -> None:
    """Every parent is a unit of the file (unless ``parents_in_file`` is False:
    then a parent outside it is left alone), no parent chain loops, and no unit
    sits more than ``MAX_UNIT_DEPTH`` levels below the top. ``locs`` places
    each unit for the message (None: unit n is at ``units/n``)."""

    def where(n: int) -> Loc:
        return n if locs is None else locs[n]

    # Each unit's parent as an index: -1 for none (or outside the file), -2
    # for a key that must be in the file and is not.
    get = index.get
    outside = -2 if parents_in_file else -1
    parents = [-1 if p is None else get(p, outside) for p in parent_keys]
    if -2 in parents:
        n = parents.index(-2)
        raise Problem(f"unit {keys[n]!r}: parent {show(parent_keys[n])} is not a unit in this file",
                      unit_path(where(n), "parent"))
    # Each unit's depth is 1 + its levels below the top (0: not known yet).
    # A parent listed before its child (nearly always) gives the child's
    # depth at once; otherwise walk up to a unit whose depth is known,
    # meeting a unit of the current walk being a cycle, and fill the depths
    # in on the way back. Every unit is walked once: linear.
    deepest = MAX_UNIT_DEPTH + 1
    depth = [0] * len(parents)
    on_walk = [-1] * len(parents)
    for start, parent in enumerate(parents):
        if depth[start]:
            continue
        if parent < 0:
            depth[start] = 1
            continue
        above = depth[parent]
        if above:
            if above == deepest:
                raise _too_deep(keys[start], above, where(start))
            depth[start] = above + 1
            continue
        walk = []
        n = start
        while n >= 0 and not depth[n]:
            if on_walk[n] == start:
                raise _cycle(keys, parents, n, where(n))
            on_walk[n] = start
            walk.append(n)
            n = parents[n]
        below = depth[n] if n >= 0 else 0
        for m in reversed(walk):
            if below == deepest:
                raise _too_deep(keys[m], below, where(m))
            below += 1
            depth[m] = below


def _too_deep(key: str, parent_depth: int, loc: Loc) -> Problem:
    return Problem(f"unit {key!r} sits {parent_depth} levels below the top (through its "
                   f"parents), over the limit of {MAX_UNIT_DEPTH} ({LIMITS_DOC})",
                   unit_path(loc, "parent"))


def _cycle(keys: Sequence[str], parents: list[int], n: int, loc: Loc) -> Problem:
    cycle = [keys[n]]
    step = parents[n]
    while step != n:
        cycle.append(keys[step])
        step = parents[step]
    cycle.append(keys[n])
    return Problem("parent cycle: " + " -> ".join(cycle), unit_path(loc, "parent"))
