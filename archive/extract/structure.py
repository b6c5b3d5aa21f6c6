"""Units that the page's structure names: list items, org-chart lines, headings over units.

A list is a list of units when its items name units ("Human Resources
Division"), or are capitalised names introduced as units ("The delivery
programmes are:", "oversees several operational teams", a list under a unit's
heading), and not sentences (objectives, priorities) nor, when it is all links,
navigation. A run of short lines is an org chart whose layout was lost when
enough of them name units. In both, the plain names among the units are units
too ("Disaster Assistance", "Talent"); positions ("Deputy Administrator") are
boxes that group units without being one. A heading or line over units is a
unit itself when it names one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .blocks import Block
from .found import Agency, FoundUnit
from .names import CLASS_WORDS, CleanName, Judgement, clean_name, judge
from .outline import Outline
from .words import kind_from_name, normalise_name

# Prose that introduces a list of units: "The delivery programmes are:", "It includes:".
_INTRO = re.compile(
    r"(?:\b(?:are|is|include|includes|including|comprises?|consists? of|made up of|"
    r"organi[sz]ed into|divided into|grouped into|as follows|following)\s*:?\s*$)|:\s*$",
    re.I,
)
_CLASS_MENTION = re.compile(
    r"\b(?:" + "|".join(sorted(CLASS_WORDS | {"teams", "functions", "services", "programmes"},
                                key=len, reverse=True)) + r")\b",
    re.I,
)
_SENTENCE_LIKE = frozenset({"text", "person"})
# An intro whose list is of other organisations: "Partners included:", "We work closely
# with the following agencies:", "Other federal agencies include:".
_PARTNERS = re.compile(
    r"(?:\bpartners?(?:\s+(?:include[sd]?|are|were|such as))?|\bstakeholders?(?:\s+include[sd]?)?"
    r"|\b(?:work|works|worked|working|partner|partners|partnering|collaborates?)\s+(?:closely\s+)?"
    r"with(?:\s+the\s+following(?:\s+\w+){0,2})?"
    r"|\bin\s+(?:cooperation|collaboration|conjunction)\s+with(?:\s+the\s+following(?:\s+\w+){0,2})?"
    r"|\bother\s+(?:\w+\s+){0,2}(?:agencies|departments|organi[sz]ations)(?:\s+include[sd]?)?"
    r"|\bmembers?(?:\s+(?:include[sd]?|are))?)\s*:?\s*$",
    re.I,
)


def items_judged(blocks: list[Block], indices: list[int], agency: Agency
                 ) -> list[tuple[int, CleanName, Judgement]]:
    out = []
    for i in indices:
        block = blocks[i]
        cleaned = clean_name(block.label or block.text)
        verdict = judge(cleaned.name, own=agency.own, code=agency.code, acronym=cleaned.acronym)
        if cleaned.head and verdict in ("name", "unit") and block.text.count(",") > 2 \
                and not block.label:
            verdict = "text"
        out.append((i, cleaned, verdict))
    return out


def runs(blocks: list[Block], outline: Outline, kinds: tuple[str, ...]) -> Iterator[list[int]]:
    """Consecutive blocks of these kinds, as the outline groups them."""
    current: list[int] = []
    for i, block in enumerate(blocks):
        same_run = bool(current) and outline.run_start[i] == outline.run_start[current[0]]
        if block.kind in kinds and same_run:
            current.append(i)
            continue
        if current:
            yield current
        current = [i] if block.kind in kinds else []
    if current:
        yield current


def list_units(blocks: list[Block], outline: Outline, agency: Agency,
               unit_blocks: set[int], page_cue: int = -1) -> list[FoundUnit]:
    """Units named by the items of lists of units. PAGE_CUE: the block where the page
    says what it is made of in classes of units ("TTS is made up of several offices
    and programs"), or -1."""
    found: list[FoundUnit] = []
    link_runs = [r for r in runs(blocks, outline, ("link",)) if len(r) >= 2]
    for indices in [*runs(blocks, outline, ("list",)), *link_runs]:
        judged = items_judged(blocks, indices, agency)
        after_cue = 0 <= page_cue < indices[0]
        if not _is_list_of_units(blocks, outline, indices, judged, agency, unit_blocks,
                                 after_cue):
            continue
        for i, cleaned, verdict in judged:
            if verdict in ("unit", "name"):
                found.append(_unit(blocks[i], i, cleaned, verdict, "listed"))
    return found


def _is_list_of_units(blocks: list[Block], outline: Outline, indices: list[int],
                      judged: list[tuple[int, CleanName, Judgement]], agency: Agency,
                      unit_blocks: set[int], page_cue: bool) -> bool:
    verdicts = [v for _, _, v in judged]
    if judged and normalise_name(judged[0][1].name) in ("home", "home page", "main"):
        return False  # a breadcrumb trail or a menu: "Home > About CBP > ..."
    count = len([v for v in verdicts if v != "furniture"])
    units, names = verdicts.count("unit"), verdicts.count("name")
    sentences = sum(v in _SENTENCE_LIKE for v in verdicts)
    if not count or sentences * 2 > count or units + names == 0:
        return False
    intro = _intro_text(blocks, outline.intro[indices[0]])
    if _PARTNERS.search(intro[-80:]):
        return False  # "Partners included:", "We work with:": other organisations
    cue = bool(intro and (_INTRO.search(intro) and _CLASS_MENTION.search(intro)
                          or re.search(r"\b(?:are|include|includes|including):\s*$", intro)))
    above = _container_verdict(blocks, outline, indices[0], agency, unit_blocks)
    if all(blocks[i].links or blocks[i].kind == "link" for i in indices):
        # a list of links is navigation unless a heading over it names a class of units
        return (above in ("class", "unit") or cue) and units * 2 >= count
    if units >= 2 and units * 10 >= count * 3:
        return True
    if (units + names) * 10 < count * 6:
        return False
    if above == "furniture":
        return False
    return cue or page_cue or above in ("unit", "class", "position") or units >= 1


def _intro_text(blocks: list[Block], at: int) -> str:
    if at < 0:
        return ""
    block = blocks[at]
    return block.text if block.kind in ("prose", "line", "heading") else ""


def _container_verdict(blocks: list[Block], outline: Outline, first: int, agency: Agency,
                       unit_blocks: set[int]) -> Judgement | None:
    above = outline.parent[first]
    if above < 0:
        return None
    if above in unit_blocks:
        return "unit"
    text = blocks[above].label or blocks[above].text
    return judge(clean_name(text).name, own=agency.own, code=agency.code)


def line_units(blocks: list[Block], outline: Outline, agency: Agency) -> list[FoundUnit]:
    """Units of runs of short lines that read as an org chart (FEMA's structure page
    with its layout lost): three or more lines name units, and they are at least
    two in five of the lines that name anything."""
    found: list[FoundUnit] = []
    for indices in runs(blocks, outline, ("line",)):
        if len(indices) < 3:
            continue
        judged = items_judged(blocks, indices, agency)
        verdicts = [v for _, _, v in judged]
        units = verdicts.count("unit")
        naming = sum(v in ("unit", "name", "position", "class", "person") for v in verdicts)
        if units < 3 or units * 5 < naming * 2:
            continue
        for i, cleaned, verdict in judged:
            if verdict in ("unit", "name"):
                unit = _unit(blocks[i], i, cleaned, verdict, "in an org chart")
                found.append(unit)
        _group_heads(blocks, indices, found)
    return found


def _group_heads(blocks: list[Block], indices: list[int], found: list[FoundUnit]) -> None:
    """In a group of lines (between blank lines) whose lines after the first all open
    with the same word the first does not ("Regional Operations", "Region I", "Region
    II", ...), the first line heads the others."""
    by_block = {u.block: u for u in found}
    group: list[int] = []
    for i in [*indices, -1]:
        if i >= 0 and (not group or not blocks[i].gap):
            group.append(i)
            continue
        members = [by_block[g] for g in group if g in by_block]
        if len(members) >= 3 and members[0].block == group[0]:
            first_words = {m.name.split()[0] for m in members[1:]}
            if len(first_words) == 1 and members[0].name.split()[0] not in first_words:
                for member in members[1:]:
                    if member.parent is None:
                        member.parent = members[0]
                        member.parent_note = (f"parent guessed: the line {members[0].name!r} "
                                              "heads this group of lines")
        group = [i] if i >= 0 else []


def heading_units(blocks: list[Block], outline: Outline, agency: Agency,
                  unit_blocks: set[int]) -> list[FoundUnit]:
    """Headings, lines and list items that hold units below them and name a unit
    themselves ("### Science" over its departments)."""
    holders: dict[int, int] = {}
    for child in unit_blocks:
        above = outline.parent[child] if 0 <= child < len(blocks) else -1
        if above >= 0 and above not in unit_blocks:
            holders[above] = holders.get(above, 0) + 1
    found: list[FoundUnit] = []
    for i in sorted(holders):
        block = blocks[i]
        if block.kind not in ("heading", "line", "list", "row"):
            continue
        cleaned = clean_name(block.label or (block.cells[0] if block.cells else block.text))
        verdict = judge(cleaned.name, own=agency.own, code=agency.code, acronym=cleaned.acronym)
        if verdict in ("unit", "name"):
            found.append(_unit(block, i, cleaned, verdict, "over units"))
    return found


def _unit(block: Block, index: int, cleaned: CleanName, verdict: Judgement, how: str
          ) -> FoundUnit:
    unit = FoundUnit(name=cleaned.name, line=block.line, acronym=cleaned.acronym, block=index)
    unit.kind = kind_from_name(cleaned.name)
    if block.label and block.text:
        unit.description = block.text
    elif cleaned.detail and len(cleaned.detail.split()) > 2:
        unit.description = cleaned.detail
    if cleaned.whole != cleaned.name and (cleaned.head or cleaned.detail):
        unit.notes.append(f"name cut from {cleaned.whole!r}")
    if verdict == "name":
        place = {"listed": "it is listed among units",
                 "in an org chart": "it stands among units in an org chart",
                 "over units": "units are listed under it"}[how]
        unit.notes.append(f"kept because {place}; check that it is a unit")
    if unit.kind is None:
        unit.notes.append("kind not stated on the page")
    return unit
