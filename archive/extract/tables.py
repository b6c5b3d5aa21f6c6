"""Units named by the cells of a table: a leadership table (office | official), a
list of components (mission area | agency | acronym), a government manual's
flattened table whose cells ran together and were split again.

The column of names is the one its header calls office, agency, unit,
component, organisation, name...; without a header, the first whose cells
read as unit names. A column of people (or vacancies) is passed over, a column
of acronyms gives each unit its acronym, and a column left of the names whose
value repeats down the rows groups them ("Research, Education, and Economics"
over three agencies). A row of one cell spanning the table ("Office of the
Secretary") groups the rows below it.
"""

from __future__ import annotations

import re

from .blocks import Block
from .found import Agency, FoundUnit
from .names import Judgement, clean_name, judge
from .outline import Outline
from .people import is_vacancy, looks_like_person
from .structure import runs
from .words import acronym_fits, kind_from_name, looks_like_acronym

_NAME_HEADER = re.compile(
    r"\b(?:office|agency|agencies|unit|component|organi[sz]ation|division|bureau|name|"
    r"directorate|department|branch|team|body|bodies|program|programme|center|centre|"
    r"service|section)s?\b",
    re.I,
)
_ACRONYM_HEADER = re.compile(r"\b(?:acronym|abbreviation|abbrev|initials)\b", re.I)
_PEOPLE_HEADER = re.compile(r"\b(?:official|head|name of|director|leader|contact|person|"
                            r"incumbent|holder|chief|people|staff)\b", re.I)


def table_units(blocks: list[Block], outline: Outline, agency: Agency) -> list[FoundUnit]:
    found: list[FoundUnit] = []
    for indices in runs(blocks, outline, ("row",)):
        units = _one_table(blocks, indices, agency)
        if units:
            units.extend(_group_rows(blocks, outline, indices, agency))
        found.extend(units)
    return found


def _group_rows(blocks: list[Block], outline: Outline, indices: list[int], agency: Agency
                ) -> list[FoundUnit]:
    """A row of one cell spanning the table, or the line the table sits under, that
    names a unit ("Office of the Secretary"): a unit, whether or not units follow it."""
    found: list[FoundUnit] = []
    groups = [i for i in indices if not blocks[i].head
              and sum(bool(c) for c in blocks[i].cells) == 1]
    anchor = outline.parent[indices[0]]
    if anchor >= 0 and blocks[anchor].kind in ("line", "heading") and anchor not in groups:
        groups.insert(0, anchor)
    for i in groups:
        block = blocks[i]
        text = next((c for c in block.cells if c), block.text)
        cleaned = clean_name(text)
        if judge(cleaned.name, own=agency.own, code=agency.code,
                 acronym=cleaned.acronym) == "unit":
            unit = FoundUnit(name=cleaned.name, line=block.line, acronym=cleaned.acronym, block=i)
            unit.kind = kind_from_name(unit.name)
            found.append(unit)
    return found


def _one_table(blocks: list[Block], indices: list[int], agency: Agency) -> list[FoundUnit]:
    header = next((blocks[i].cells for i in indices if blocks[i].head), ())
    data = [i for i in indices if not blocks[i].head and sum(bool(c) for c in blocks[i].cells) > 1]
    if not data:
        return []
    width = max(len(blocks[i].cells) for i in data)
    columns = [[_cell(blocks[i], c) for i in data] for c in range(width)]
    people = {c for c, cells in enumerate(columns) if _people(cells)
              or c < len(header) and _PEOPLE_HEADER.search(header[c])
              and not _NAME_HEADER.search(header[c])}
    acronyms = {c for c, cells in enumerate(columns) if c not in people and (
        c < len(header) and _ACRONYM_HEADER.search(header[c])
        or _share(cells, looks_like_acronym) >= 0.6)}
    verdicts = [[_verdict(cell, agency) for cell in cells] for cells in columns]
    if not header and not people and not acronyms:
        grid = _grid(blocks, data, columns, verdicts)
        if grid:
            return grid
    name_col = _name_column(header, columns, verdicts, people | acronyms)
    if name_col is None:
        return []
    group_col = next((c for c in range(name_col) if c not in people | acronyms
                      and _repeats(columns[c])), None)
    found: list[FoundUnit] = []
    groups: dict[str, FoundUnit] = {}
    for row, i in enumerate(data):
        block = blocks[i]
        cleaned = clean_name(columns[name_col][row])
        verdict = verdicts[name_col][row]
        if verdict not in ("unit", "name"):
            continue
        unit = FoundUnit(name=cleaned.name, line=block.line, acronym=cleaned.acronym, block=i)
        for c in acronyms:
            value = columns[c][row].strip()
            if value and (acronym_fits(value, cleaned.name) or looks_like_acronym(value)):
                unit.acronym = unit.acronym or value
        unit.kind = kind_from_name(unit.name)
        if cleaned.whole != cleaned.name and cleaned.head:
            unit.notes.append(f"name cut from {cleaned.whole!r}")
        if verdict == "name":
            unit.notes.append("kept because it names a row of a table of units; check that it "
                              "is a unit")
        if unit.kind is None:
            unit.notes.append("kind not stated on the page")
        if group_col is not None:
            unit.parent = _group(groups, columns[group_col][row], block, i, agency, found)
        found.append(unit)
    return found


def _grid(blocks: list[Block], data: list[int], columns: list[list[str]],
          verdicts: list[list[Judgement]]) -> list[FoundUnit]:
    """An org chart drawn as a table, a box a cell: when two columns or more read as
    unit names (half their cells name something, one at least a unit), every cell
    that names a unit or a plain name is one, row by row."""
    named = [c for c, cells in enumerate(verdicts)
             if sum(v in ("unit", "name", "position") for v in cells) * 2 >= len(cells)
             and "unit" in cells]
    if len(named) < 2:
        return []
    found: list[FoundUnit] = []
    for row, i in enumerate(data):
        for c in named:
            if verdicts[c][row] not in ("unit", "name"):
                continue
            cleaned = clean_name(columns[c][row])
            unit = FoundUnit(name=cleaned.name, line=blocks[i].line, acronym=cleaned.acronym,
                             block=i, sub=c)
            unit.kind = kind_from_name(unit.name)
            unit.notes.append("a box of an org chart drawn as a table; check its parent")
            if verdicts[c][row] == "name":
                unit.notes.append("kept because it stands among units; check that it is a unit")
            found.append(unit)
    return found


def _group(groups: dict[str, FoundUnit], value: str, block: Block, i: int, agency: Agency,
           found: list[FoundUnit]) -> FoundUnit | None:
    value = value.strip()
    if not value:
        return None
    if value not in groups:
        if _verdict(value, agency) not in ("unit", "name"):
            return None
        group = FoundUnit(name=clean_name(value).name, line=block.line, block=i, sub=-1)
        group.kind = kind_from_name(group.name)
        group.notes.append("a group of rows in a table; check that it is a unit")
        if group.kind is None:
            group.notes.append("kind not stated on the page")
        groups[value] = group
        found.append(group)
    return groups[value]


def _cell(block: Block, column: int) -> str:
    return block.cells[column] if column < len(block.cells) else ""


def _is_person(cell: str) -> bool:
    return is_vacancy(cell) or looks_like_person(cell)


def _surely_person(cell: str) -> bool:
    return is_vacancy(cell) or looks_like_person(cell, strict=True) or bool(
        re.search(r",\s*(?:acting|interim)$", cell, re.I))


def _people(cells: list[str]) -> bool:
    """A column of officials: half its cells read as people's names, one at least
    surely (an initial, an honorific, "Acting", a vacancy), and no name repeated
    down the rows as a grouping column's is."""
    return (_share(cells, _is_person) >= 0.5 and any(_surely_person(c) for c in cells)
            and not _repeats(cells))


def _share(cells: list[str], test: object) -> float:
    filled = [c for c in cells if c.strip()]
    if not filled or not callable(test):
        return 0.0
    return sum(1 for c in filled if test(c)) / len(filled)


def _verdict(cell: str, agency: Agency) -> Judgement:
    cleaned = clean_name(cell)
    return judge(cleaned.name, own=agency.own, code=agency.code, acronym=cleaned.acronym)


def _name_column(header: tuple[str, ...], columns: list[list[str]],
                 verdicts: list[list[Judgement]], skip: set[int]) -> int | None:
    for c, title in enumerate(header):
        if c < len(columns) and c not in skip and _NAME_HEADER.search(title):
            # the last such column: "Mission area | Agency" names agencies
            later = [d for d in range(c + 1, min(len(header), len(columns)))
                     if d not in skip and _NAME_HEADER.search(header[d])]
            return later[-1] if later else c
    best, best_score = None, 0.0
    for c, cells in enumerate(verdicts):
        if c in skip:
            continue
        naming = sum(v in ("unit", "name", "position") for v in cells)
        score = naming / max(1, len(cells))
        if score >= 0.5 and score > best_score:
            best, best_score = c, score
    return best


def _repeats(cells: list[str]) -> bool:
    """Does a value stand over several consecutive rows (a grouping column)?"""
    values = [c.strip() for c in cells]
    return len(values) >= 3 and len(set(values)) < len(values) and all(values)
