"""The units a page shows, as the recognisers find them, before keys are chosen."""

from __future__ import annotations

from dataclasses import dataclass, field

from .words import normalise_acronym, normalise_name


@dataclass
class FoundUnit:
    """A unit as the page shows it. ``block`` is the index of the block that names it
    (-1 when only the text mentions it), ``sub`` its place among units named by the
    same block; together they give page order."""

    name: str
    line: int = 0
    acronym: str | None = None
    kind: str | None = None
    description: str | None = None
    parent: FoundUnit | None = None
    aliases: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stated_parent: str | None = None  # a parent named by a statement such as "within the X:"
    prose: str = ""  # the paragraph that describes the unit
    order: int = 0  # place in page order, once parents are assigned
    block: int = -1
    sub: int = 0
    from_text: bool = False  # named only in running text (no heading, item or cell of its own)
    parent_note: str | None = None  # why the parent was set, if a reviewer should check it
    prose_block: int = -1  # the paragraph that describes it, when a heading names it
    also: list[int] = field(default_factory=list)  # other blocks that name it

    def place(self) -> tuple[int, int]:
        return (self.block, self.sub)


class UnitIndex:
    """Units by normalised name and by normalised acronym: two units are the same
    when either agrees."""

    def __init__(self) -> None:
        self.by_name: dict[str, FoundUnit] = {}
        self.by_acronym: dict[str, FoundUnit] = {}

    def find(self, unit: FoundUnit) -> FoundUnit | None:
        hit = None
        for name in (unit.name, *unit.aliases):
            hit = self.by_name.get(normalise_name(name))
            if hit is not None:
                return hit
        if unit.acronym:
            hit = self.by_acronym.get(normalise_acronym(unit.acronym))
        return hit

    def find_name(self, name: str) -> FoundUnit | None:
        return self.by_name.get(normalise_name(name)) or self.by_acronym.get(
            normalise_acronym(name) if name.strip() and " " not in name.strip() else ""
        )

    def add(self, unit: FoundUnit) -> None:
        for name in (unit.name, *unit.aliases):
            key = normalise_name(name)
            if key:
                self.by_name.setdefault(key, unit)
        if unit.acronym:
            self.by_acronym.setdefault(normalise_acronym(unit.acronym), unit)


@dataclass
class PageUnits:
    """What the finder read from a page: units, and the statements that shape the draft."""

    units: list[FoundUnit]
    index: UnitIndex = field(default_factory=UnitIndex)
    container: str | None = None  # "The following leadership offices are located within ..."
    skipped: list[str] = field(default_factory=list)  # described headings judged not units


@dataclass(frozen=True)
class Agency:
    """The agency the page is about: its code, and every form of its name to leave out."""

    code: str
    own: frozenset[str]

    @classmethod
    def of(cls, code: str, name: str | None) -> Agency:
        own = {normalise_name(code), normalise_acronym(code)}
        if name:
            own.add(normalise_name(name))
        return cls(code=code, own=frozenset(own - {""}))
