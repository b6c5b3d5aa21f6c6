"""``orgarchive extract``: draft a snapshot from an archived web page.

The page is read and its format detected (:mod:`extract_input`), cut into
blocks (:mod:`extract_blocks`, :mod:`extract_html`), its units recognised
(:mod:`extract_units`); this module chooses keys and coverage and builds a
:class:`Snapshot` plus the YAML comments that tell a reviewer what was guessed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date

from ..domain import Coverage, Snapshot, Source, Unit
from ..errors import InputError
from .blocks import Block, text_blocks
from .found import FoundUnit, PageUnits
from .html import html_blocks
from .names import is_furniture
from .page_input import Page, read_page
from .units import find_units
from .words import sentences, slug

_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_COMPOSED = r"(?:is|are) (?:composed|made up) of|consists of|comprises|is organized into"


@dataclass(frozen=True, slots=True)
class Draft:
    """A drafted snapshot and the comments a reviewer should read."""

    snapshot: Snapshot
    unit_comments: dict[str, list[str]] = field(default_factory=dict)
    header_comments: list[str] = field(default_factory=list)
    page_format: str = "text"


def extract_file(
    path: str,
    *,
    agency: str,
    as_of: date,
    observed: date | None = None,
    url: str | None = None,
    agency_name: str | None = None,
) -> Draft:
    """Draft a snapshot from the page at PATH; InputError if none can be drafted."""
    page = read_page(path)
    blocks, title = page_blocks(page)
    found = find_units(blocks, agency, agency_name)
    if not found.units:
        raise InputError(
            path,
            "no units found: the page names no office, directorate, division, branch, "
            "center, program or other unit of the agency",
        )
    coverage, coverage_reason = propose_coverage(blocks, found, agency, title)
    units, comments = _to_units(found.units)
    source = Source(
        title=title,
        url=url,
        note=f"Machine draft by orgarchive extract from {os.path.basename(path)}; "
        "to be reviewed before loading.",
    )
    snapshot = Snapshot(
        agency=agency,
        as_of=as_of,
        units=tuple(units),
        agency_name=agency_name,
        observed=observed,
        coverage=coverage,
        source=source,
    )
    header = [
        f"Machine draft from {os.path.basename(path)} ({page.format}); review before loading.",
        f"Found {len(units)} units. Lines marked below are guesses to check.",
        f"coverage: {coverage}, because {coverage_reason}",
    ]
    if found.skipped:
        header.append(
            "Described on the page but not taken as units: "
            + "; ".join(found.skipped[:20])
            + (" ..." if len(found.skipped) > 20 else "")
        )
    return Draft(
        snapshot=snapshot, unit_comments=comments, header_comments=header, page_format=page.format
    )


def page_blocks(page: Page) -> tuple[list[Block], str | None]:
    """The page's blocks and its title, whatever its format."""
    if page.format == "html":
        parsed: tuple[list[Block], str | None] = html_blocks(page.text)
        return parsed
    blocks = text_blocks(page.text, markdown=page.format == "markdown")
    return blocks, _text_title(blocks)


def _text_title(blocks: list[Block]) -> str | None:
    """The front matter's title, else the first heading or line that introduces prose
    and is not page furniture."""
    for block in blocks[:1]:
        if block.kind == "meta":
            return block.text
    for here, after in zip(blocks, blocks[1:], strict=False):
        if (
            here.kind in ("heading", "line")
            and after.kind == "prose"
            and not here.text.endswith(":")
            and not is_furniture(here.text)
        ):
            title: str = here.text
            return title
    for block in blocks[:8]:  # a page of lines only (an org chart): its first real line
        if block.kind in ("heading", "line") and not is_furniture(block.text):
            first: str = block.text
            return first
    return None


def propose_coverage(
    blocks: list[Block], found: PageUnits, agency: str, title: str | None
) -> tuple[Coverage, str]:
    """``complete`` only when the page says it shows the agency's whole make-up;
    a page of some offices (or of everything within one office) is partial."""
    if found.container:
        return "partial", f"the page lists only what is within one unit: {found.container!r}"
    if title and re.search(r"\bleadership\b", title, re.I):
        return "partial", f"the page is about leadership offices only (title {title!r})"
    # "The ICE organization is composed of ...", "The agency consists of ..."
    subject = rf"^(?:the )?(?:{re.escape(agency)} )?(?:organization|agency|{re.escape(agency)}) "
    composition = re.compile(subject + rf"(?:{_COMPOSED})\b", re.I)
    for block in blocks:
        if block.kind != "prose":
            continue
        for sentence in sentences(block.text):
            if composition.match(sentence):
                return "complete", f"the page states the agency's make-up: {sentence!r}"
    return "partial", "the page does not say that it shows the whole agency"


def _break_cycles(found: list[FoundUnit]) -> None:
    """Guessed parents could in principle chain back to a unit itself; drop the link
    that closes such a loop (SPEC §1 forbids cycles) and say so."""
    for unit in found:
        seen = {id(unit)}
        current = unit
        while current.parent is not None:
            if id(current.parent) in seen:
                current.notes.append(f"parent {current.parent.name!r} dropped: it would "
                                     "make a cycle")
                current.parent = None
                break
            seen.add(id(current.parent))
            current = current.parent


def _parents_first(found: list[FoundUnit]) -> list[FoundUnit]:
    """Page order, except that a unit added from the text comes just before the
    first unit it is the parent of, where a reviewer looks for it."""
    late = {id(u) for u in found if (u.line == 0 and u.description is None) or u.from_text}
    placed: set[int] = set()
    ordered: list[FoundUnit] = []
    for unit in found:
        parent = unit.parent
        if parent is not None and id(parent) in late and id(parent) not in placed:
            ordered.append(parent)
            placed.add(id(parent))
        if id(unit) not in placed:
            ordered.append(unit)
            placed.add(id(unit))
    return ordered


def _to_units(found: list[FoundUnit]) -> tuple[list[Unit], dict[str, list[str]]]:
    _break_cycles(found)
    found = _parents_first(found)
    keys: dict[int, str] = {}
    used: set[str] = set()
    for unit in found:
        keys[id(unit)] = _unique_key(unit, used)
    units: list[Unit] = []
    comments: dict[str, list[str]] = {}
    for unit in found:
        key = keys[id(unit)]
        parent = keys.get(id(unit.parent)) if unit.parent is not None else None
        aliases = tuple(a for a in dict.fromkeys(unit.aliases) if a != unit.name)
        units.append(
            Unit(
                key=key,
                name=unit.name,
                acronym=unit.acronym,
                kind=unit.kind,
                parent=parent,
                description=unit.description,
                aliases=aliases or None,
            )
        )
        if unit.notes:
            comments[key] = list(unit.notes)
    return units, comments


def _unique_key(unit: FoundUnit, used: set[str]) -> str:
    candidates = [slug(unit.acronym)] if unit.acronym else []
    candidates.append(slug(unit.name))
    base = next((c for c in candidates if c and _KEY.match(c)), "unit")
    key, n = base, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    used.add(key)
    return key
