"""A fast way to build many :class:`Unit` objects, for the loops that read 100,000 of them.

The frozen dataclass constructor pays one ``object.__setattr__`` per field;
filling a new object through its slot setters is about twice as fast. It
checks nothing, exactly like the constructor. Used by the file reader
(``make_unit``) and by the store when it reads unit rows (``UNIT_SETTERS``).
"""

from __future__ import annotations

from ..domain import Unit

# The slot setters of Unit, in field order.
UNIT_FIELD_ORDER = (
    "key", "name", "acronym", "kind", "parent", "description", "aliases", "parent_known",
)
UNIT_SETTERS = tuple(Unit.__dict__[name].__set__ for name in UNIT_FIELD_ORDER)


def make_unit(
    key: str,
    name: str,
    acronym: str | None,
    kind: str | None,
    parent: str | None,
    description: str | None,
    aliases: tuple[str, ...] | None,
    parent_known: bool = True,
) -> Unit:
    """``Unit(key, name, ...)`` with every field given, about twice as fast."""
    unit = object.__new__(Unit)
    (set_key, set_name, set_acronym, set_kind, set_parent, set_description, set_aliases,
     set_known) = UNIT_SETTERS
    set_key(unit, key)
    set_name(unit, name)
    set_acronym(unit, acronym)
    set_kind(unit, kind)
    set_parent(unit, parent)
    set_description(unit, description)
    set_aliases(unit, aliases)
    set_known(unit, parent_known)
    return unit
