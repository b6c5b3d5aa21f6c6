"""Each unit's parent, from what the page states and how it is laid out.

In order of precedence: a parent the text states ("RAIO is made up of three
divisions:", "Within the Center for ..., the ... Division", a group of rows);
a statement that the units after it are within one unit ("The following
leadership offices are located within the Director's Office:"); the page's
outline (heading levels, list nesting, table grouping, indentation: the nearest
block above the unit that is a unit; positions and plural classes in between
group units without being their parent); what a unit's text says
("The Office of ... (DRO) is responsible for developing ... programs", a text
about another office); a name that begins another's ("HSI-Intel" under HSI);
and, for what is left, the unit the page is about. Every guess is noted.

Parents are looked up through dictionaries and a memo over the outline, so a
page of N units costs about N steps, not N x N.
"""

from __future__ import annotations

import re

from .blocks import Block
from .described import acronym_phrases, acronym_phrases_at
from .found import FoundUnit, PageUnits
from .outline import Outline
from .words import kind_from_name, normalise_acronym, normalise_name, sentences

_RESPONSIBLE = re.compile(
    r"^(?:the )?(.{3,120}?) is responsible for (?:developing|implementing|managing|overseeing|"
    r"administering|operating|running|directing)\b",
    re.I,
)
_DESCRIBED = re.compile(r"\s*,?\s*(?:which|that|who)\b")


def add_described_children(result: PageUnits, own: frozenset[str]) -> None:
    """Units a unit's text names and describes: "HSI-Intel also handles the National
    Incident Response Unit (NIRU), which assists ..." (named in passing: left out)."""
    ordered: list[FoundUnit] = []
    for unit in result.units:
        ordered.append(unit)
        if not unit.prose:
            continue
        for phrase, acronym, end in acronym_phrases_at(unit.prose):
            if not kind_from_name(phrase) or not _DESCRIBED.match(unit.prose, end):
                continue
            probe = FoundUnit(name=phrase, acronym=acronym, block=unit.block, sub=unit.sub + 1)
            if normalise_name(phrase) in own or result.index.find(probe) is not None:
                continue
            sentence = next((s for s in sentences(unit.prose) if phrase in s), phrase)
            probe.kind = kind_from_name(phrase)
            probe.parent = unit
            probe.description = sentence
            probe.from_text = True
            probe.notes.append(
                f"seen only in the text of {unit.name!r}; parent guessed from {sentence!r}"
            )
            result.index.add(probe)
            ordered.append(probe)
    result.units = ordered


def assign_parents(result: PageUnits, blocks: list[Block], outline: Outline,
                   own: frozenset[str], subject: FoundUnit | None) -> None:
    add_described_children(result, own)
    units = result.units
    by_name: dict[str, FoundUnit] = {}
    by_acronym: dict[str, FoundUnit] = {}
    for order, unit in enumerate(units):
        unit.order = order
        by_name.setdefault(normalise_name(unit.name), unit)
        if unit.acronym:
            by_acronym.setdefault(unit.acronym.upper(), unit)
    nearest = _nearest_units(blocks, outline, units)
    for unit in list(units):
        if unit.parent is not None:
            if unit.parent_note:
                unit.notes.append(unit.parent_note)
            continue
        if unit.stated_parent:
            unit.parent = _unit_named(result, unit.stated_parent, None, note=result.container)
            continue
        above = _structural(unit, blocks, nearest)
        if above is not None and above is not unit:
            unit.parent = above
            continue
        if _from_what_it_says(result, unit, own) or _from_name(unit, by_name, by_acronym):
            continue
        if subject is not None and unit is not subject and unit.order > subject.order:
            unit.parent = subject
            unit.notes.append(f"parent guessed: the page is about {subject.name!r}")


def _nearest_units(blocks: list[Block], outline: Outline, units: list[FoundUnit]
                   ) -> list[FoundUnit | None]:
    """For each block, the nearest block above it in the outline that names a unit."""
    named: dict[int, FoundUnit] = {}
    for unit in units:
        if unit.block >= 0 and unit.sub == 0 and not unit.from_text:
            named.setdefault(unit.block, unit)
        for block in unit.also:
            named.setdefault(block, unit)
    nearest: list[FoundUnit | None] = [None] * len(blocks)
    for i in range(len(blocks)):
        above = outline.parent[i]
        if above >= 0:
            nearest[i] = named.get(above) or nearest[above]
    return nearest


def _structural(unit: FoundUnit, blocks: list[Block], nearest: list[FoundUnit | None]
                 ) -> FoundUnit | None:
    """The nearest unit above in the outline. An entry made of a plain line and its
    paragraph (the seed pages' layout) under a heading that is itself such an entry is
    its peer, not its child: the page mixes heading styles."""
    if unit.block < 0 or unit.block >= len(nearest):
        return None
    above = nearest[unit.block]
    if above is not None and unit.prose_block >= 0 and blocks[unit.block].kind == "line" \
            and above.prose_block >= 0:
        return None
    return above


def _from_what_it_says(result: PageUnits, unit: FoundUnit, own: frozenset[str]) -> bool:
    """A parent guessed from the unit's text: "The Office of ... (DRO) is responsible
    for developing ... programs", or a text about what another office does."""
    if unit.description:
        match = _RESPONSIBLE.match(unit.description)
        if match:
            phrases = acronym_phrases(match.group(0))
            if phrases:
                phrase, acronym = phrases[0]
                if not _same(unit, FoundUnit(phrase, acronym=acronym)) \
                        and normalise_name(phrase) not in own:
                    unit.parent = _unit_named(result, phrase, acronym,
                                              note=match.group(0) + " ...")
                    unit.notes.append(f"parent guessed from {match.group(0) + ' ...'!r}")
                    return True
    first = sentences(unit.prose, 1)[0] if unit.prose else ""
    subject = _subject(first) if first else None
    if (
        subject
        and kind_from_name(subject)
        and unit.name not in first  # a sentence about the unit itself names no parent
        and normalise_name(unit.name).startswith(normalise_name(subject) + " ")
    ):
        unit.parent = _unit_named(result, subject, None, note=first)
        unit.notes.append(f"parent guessed: the text says what the {subject} does: {first!r}")
        return True
    return False


def _from_name(unit: FoundUnit, by_name: dict[str, FoundUnit],
               by_acronym: dict[str, FoundUnit]) -> bool:
    other = _named_by_prefix(unit, by_name, by_acronym)
    if other is None:
        return False
    unit.parent = other
    unit.notes.append(f"parent guessed from the name: it begins with {other.name!r}")
    return True


def _same(a: FoundUnit, b: FoundUnit) -> bool:
    if normalise_name(a.name) == normalise_name(b.name):
        return True
    return bool(
        a.acronym and b.acronym and normalise_acronym(a.acronym) == normalise_acronym(b.acronym)
    )


def _subject(sentence: str) -> str | None:
    """The capitalised name a sentence opens with: "The Office of Intelligence collects"."""
    tokens = sentence.split()
    if len(tokens) < 3 or tokens[0] != "The":
        return None
    taken: list[str] = []
    for token in tokens[1:]:
        if token[:1].isupper() or token in ("of", "and", "for", "the", "&"):
            taken.append(token)
        else:
            break
    while taken and not taken[-1][:1].isupper():
        taken.pop()
    return " ".join(taken) or None


def _named_by_prefix(
    unit: FoundUnit, by_name: dict[str, FoundUnit], by_acronym: dict[str, FoundUnit]
) -> FoundUnit | None:
    """The first unit (in page order) whose name begins UNIT's name, or whose acronym
    followed by '-' begins UNIT's acronym ("HSI-Intel" -> HSI). Looked up by prefix,
    so that a page of N units costs N lookups, not N x N comparisons."""
    found: list[FoundUnit] = []
    name_words = normalise_name(unit.name).split()
    for end in range(1, len(name_words)):
        hit = by_name.get(" ".join(name_words[:end]))
        if hit is not None and hit is not unit:
            found.append(hit)
    if unit.acronym:
        upper = unit.acronym.upper()
        for at, char in enumerate(upper):
            hit = by_acronym.get(upper[:at]) if char == "-" else None
            if hit is not None and hit is not unit:
                found.append(hit)
    return min(found, key=lambda u: u.order) if found else None


def _unit_named(result: PageUnits, name: str, acronym: str | None, note: str | None) -> FoundUnit:
    """The unit of that name or acronym, added (and flagged) if the page only mentions it."""
    probe = FoundUnit(name=name, acronym=acronym, from_text=True)
    existing = result.index.find(probe)
    if existing is not None:
        return existing
    possessive = re.fullmatch(r"(.+?)['’]s (Office|Division|Directorate)", name)
    if possessive:  # "Director's Office" is also called the "Office of the Director"
        probe.aliases.append(f"{possessive.group(2)} of the {possessive.group(1)}")
    probe.kind = kind_from_name(name)
    probe.notes.append(f"seen only in the text, as the parent of other units: {note!r}")
    result.units.append(probe)
    result.index.add(probe)
    return probe
