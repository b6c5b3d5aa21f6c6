"""Recognising a page's units: every recogniser, then one unit per name, then parents.

The recognisers read the page's blocks in their own ways: headings described
by prose (:mod:`described`), lists, org-chart lines and headings over units
(:mod:`structure`), table cells (:mod:`tables`), running text (:mod:`prose`),
and the page's own title when it names a unit (a page about one directorate).
Their finds are merged in page order, one unit per name or acronym (a later
mention completes the first), acronyms the text spells out are added, and
parents assigned (:mod:`parents`).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .blocks import Block
from .described import acronym_phrases, find_described
from .enumerations import states_make_up
from .found import Agency, FoundUnit, PageUnits, UnitIndex
from .names import clean_name, has_org_head, judge
from .outline import Outline, build_outline
from .parents import assign_parents
from .prose import prose_units
from .structure import heading_units, line_units, list_units
from .tables import table_units
from .words import kind_from_name, normalise_acronym, normalise_name, org_words_removed

_ABOUT = re.compile(r"^about\s+(?:the\s+)?", re.I)
_MAX_ACRONYM_BLOCKS = 2_000  # paragraphs searched for "Name (ACR)" spelled out
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


def find_units(blocks: list[Block], agency: str, agency_name: str | None = None) -> PageUnits:
    who = Agency.of(agency, agency_name)
    outline = build_outline(blocks)
    described = find_described(blocks, who)
    found: list[FoundUnit] = list(described.units)
    taken = {u.block for u in found}
    charted = line_units(blocks, outline, who)
    page_cue = states_make_up(blocks)
    for unit in [*list_units(blocks, outline, who, taken, page_cue), *charted,
                 *table_units(blocks, outline, who)]:
        if unit.sub != 0:
            found.append(unit)  # a unit a block names besides its own (a table's group)
        elif unit.block not in taken:
            found.append(unit)
            taken.add(unit.block)
    unit_blocks = {u.block for u in found if u.sub == 0}
    for unit in heading_units(blocks, outline, who, unit_blocks):
        if unit.block not in taken:
            found.append(unit)
            taken.add(unit.block)
    subject = _page_subject(blocks, who, {u.block for u in charted})
    if subject is not None:
        existing = next((u for u in found if u.block == subject.block and u.sub == 0), None)
        if existing is None:
            found.append(subject)
        else:
            subject = existing
    skipped = [(u.name, u.block) for u in described.skipped_units if u.block not in taken]
    early = UnitIndex()
    for unit in found:
        early.add(unit)
    _acronyms_from_text(blocks, found, early)
    known: dict[str, FoundUnit] = {}
    for unit in sorted(found, key=FoundUnit.place):
        known.setdefault(normalise_name(unit.name), unit)
        if unit.acronym:
            known.setdefault(unit.acronym.upper(), unit)
    prose = prose_units(blocks, who, known)
    found.extend(prose.units)
    for unit in _sections_stated(blocks, outline, prose.sections_of, described.skipped_units):
        found.append(unit)
        skipped = [(n, b) for n, b in skipped if b != unit.block]
    _parents_introduced(found, blocks, outline, prose.intro_parent)
    found.sort(key=FoundUnit.place)
    result = PageUnits(units=[], container=described.container,
                       skipped=[name for name, _ in skipped])
    result.units = _merge(found, result.index)
    if subject is not None:
        subject = result.index.find(subject)
    assign_parents(result, blocks, outline, who.own, subject)
    return result


def _sections_stated(blocks: list[Block], outline: Outline,
                     statements: list[tuple[int, FoundUnit | None, str]],
                     skipped: list[FoundUnit]) -> list[FoundUnit]:
    """Described headings judged no units, taken back when a statement before them
    says what they are: "The Office of Solutions is organized into product teams."
    followed by a section for each team (headings of one level, in the statement's
    section)."""
    taken: list[FoundUnit] = []
    for at, subject, noun in statements:
        if subject is None:
            continue  # the agency's own make-up: its sections may be mere categories
        section = outline.parent[at]
        for unit in skipped:
            block = blocks[unit.block] if 0 <= unit.block < len(blocks) else None
            if block is None or unit.block <= at or block.kind != "heading" or not block.level:
                continue
            if outline.parent[unit.block] != section and not (
                    section >= 0 and outline.parent[outline.parent[unit.block]] == section):
                continue
            if unit.parent is None and unit is not subject:
                unit.parent = subject
            unit.notes.append(f"kept because the page says it is made up of {noun}; check "
                              "that it is one of them")
            taken.append(unit)
    return taken


def _parents_introduced(units: list[FoundUnit], blocks: list[Block], outline: Outline,
                        introduced: dict[int, FoundUnit | None]) -> None:
    """The items at the top of a list that a sentence introduces ("Customer Compliance
    Group is made up of several directorates, including:") are that subject's."""
    for unit in units:
        if unit.parent is not None or unit.from_text or not 0 <= unit.block < len(blocks):
            continue
        intro = outline.intro[unit.block]
        parent = introduced.get(intro) if intro >= 0 else None
        above = outline.parent[unit.block]
        if parent is None or parent is unit or (above >= 0 and blocks[above].kind == "list"):
            continue
        unit.parent = parent
        unit.parent_note = f"parent from the text: {blocks[intro].text[:160]!r}"


def _merge(units: list[FoundUnit], index: UnitIndex) -> list[FoundUnit]:
    """One unit per name or acronym: a later mention completes the first, and whatever
    pointed at the later one as its parent points at the first."""
    kept: list[FoundUnit] = []
    replaced: dict[int, FoundUnit] = {}
    described_by = {u.prose_block: u for u in units if u.prose_block >= 0}
    for unit in units:
        same = index.find(unit)
        if same is None and unit.from_text:
            same = _alias_of(unit, described_by.get(unit.block))
        if same is unit:
            continue
        if same is None:
            kept.append(unit)
            index.add(unit)
            continue
        replaced[id(unit)] = same
        if unit.block >= 0 and unit.sub == 0 and not unit.from_text:
            same.also.append(unit.block)
        same.acronym = same.acronym or unit.acronym
        same.kind = same.kind or unit.kind
        same.description = same.description or unit.description
        if unit.parent is not None and same.parent is None and unit.parent is not same:
            same.parent, same.parent_note = unit.parent, unit.parent_note
        if unit.from_text:
            continue
        same.notes.append(
            f"also described at line {unit.line}" if unit.line
            else "also described further down the page"
        )
    for unit in kept:
        while unit.parent is not None and id(unit.parent) in replaced:
            unit.parent = replaced[id(unit.parent)]
        if unit.parent is unit:
            unit.parent = None
    return kept


def _alias_of(unit: FoundUnit, heading: FoundUnit | None) -> FoundUnit | None:
    """The unit a heading names, when its own paragraph names it more fully: "The IT
    Modernization Centers of Excellence seek ..." under "Centers of Excellence"."""
    if heading is None:
        return None
    name, other = normalise_name(unit.name), normalise_name(heading.name)
    if name.endswith(" " + other) or fuzz.ratio(name, other) >= 85:
        if has_org_head(unit.name) and not has_org_head(heading.name):
            # "### Operations" / "The Office of Operations includes:": the text's name
            heading.aliases.append(heading.name)
            heading.name, heading.kind = unit.name, heading.kind or unit.kind
            heading.notes = [n for n in heading.notes if n != "kind not stated on the page"]
        elif unit.name not in heading.aliases:
            heading.aliases.append(unit.name)
        return heading
    return None


def _acronyms_from_text(blocks: list[Block], units: list[FoundUnit], index: UnitIndex) -> None:
    """An acronym the text spells out for a unit that has none: "associate director of
    Refugee, Asylum and International Operations (RAIO)" for the "Refugee, Asylum and
    International Operations Directorate"."""
    wanted = {normalise_name(u.name): u for u in units if not u.acronym}
    wanted.update({org_words_removed(k): u for k, u in list(wanted.items())
                   if org_words_removed(k) and org_words_removed(k) not in wanted})
    if not wanted:
        return
    seen: set[str] = set()
    looked = 0
    for block in blocks:
        if block.kind != "prose" or "(" not in block.text or block.text in seen:
            continue
        seen.add(block.text)
        looked += 1
        if looked > _MAX_ACRONYM_BLOCKS:
            break
        for phrase, acronym in acronym_phrases(block.text[:20_000]):
            unit = wanted.get(normalise_name(phrase))
            taken = index.by_acronym.get(normalise_acronym(acronym))
            if unit is not None and not unit.acronym and (taken is None or taken is unit):
                unit.acronym = acronym
                if normalise_name(phrase) != normalise_name(unit.name):
                    unit.aliases.append(phrase)
                index.add(unit)


def _page_subject(blocks: list[Block], who: Agency, charted: set[int]) -> FoundUnit | None:
    """The unit the page is about, when its title names one: a page on one directorate
    ("Refugee, Asylum and International Operations Directorate", "About the Office of
    Research and Development"). The title is the page's first heading, or its first
    line when what follows is not another unit's line (an org chart's first box is no
    title)."""
    for i, block in enumerate(blocks[:40]):
        if block.kind in ("prose", "list", "row"):
            return None
        if block.kind == "meta" or block.kind == "link":
            continue
        if block.kind == "heading" and block.level > 2:
            return None
        text = _ABOUT.sub("", block.text)
        if block.kind == "heading":
            text = _TITLE_SPLIT.split(text)[0]
        cleaned = clean_name(text)
        verdict = judge(cleaned.name, own=who.own, code=who.code, acronym=cleaned.acronym)
        if verdict == "class" and block.kind == "heading" and cleaned.name.split()[-1].islower():
            # "Office of Solutions teams": the page is about the unit whose parts it lists
            cleaned = clean_name(cleaned.name.rsplit(" ", 1)[0])
            verdict = judge(cleaned.name, own=who.own, code=who.code, acronym=cleaned.acronym)
        if verdict in ("furniture", "agency", "person", "position"):
            continue
        if verdict != "unit" or i in charted:
            return None  # no title, or the first box of an org chart
        if block.kind in ("line", "heading") and block.level != 1 \
                and not _ABOUT.match(block.text) and _unit_follows(blocks, i, who):
            return None
        unit = FoundUnit(name=cleaned.name, line=block.line, acronym=cleaned.acronym, block=i)
        unit.kind = kind_from_name(unit.name)
        unit.notes.append("the page's title: the page is about it")
        return unit
    return None


def _unit_follows(blocks: list[Block], i: int, who: Agency) -> bool:
    """Is the line at I one entry among others rather than the page's title: followed
    by its own description (as each entry of the page is) or by another unit's line?
    A title is followed by a section heading ("Leadership") or a person's line."""
    if i + 1 >= len(blocks):
        return True
    block = blocks[i + 1]
    if block.kind == "prose":
        return True
    cleaned = clean_name(block.text)
    return judge(cleaned.name, own=who.own, code=who.code,
                 acronym=cleaned.acronym) in ("unit", "name")
