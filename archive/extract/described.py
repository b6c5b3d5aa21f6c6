"""Units named by a heading (or a short line, or a bold label) that a paragraph describes.

The layout of the seed pages: a heading followed by prose that describes it,
when the heading names an office, directorate, division, center, program,
unit or section, carries an acronym, or the prose calls it one ("This
division ...", "The ERO directorate ..."). Headings with none of these but
described among units ("Alternatives to Detention") are kept and flagged. A
line naming the unit's head between the heading and its text ("Assistant
Director: Mark Greer") is passed over. Every guess is written into the unit's
``notes`` for the reviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .blocks import Block, strip_read_more
from .found import Agency, FoundUnit
from .names import has_org_head, is_agency, is_class, is_furniture, is_law, strip_about
from .orgwords import org_word
from .people import is_position, split_person_line
from .words import (
    KIND_WORDS,
    acronym_fits,
    collapse,
    initials,
    kind_from_name,
    looks_like_acronym,
    normalise_name,
    sentences,
    words,
)

_NOT_A_NAME = re.compile(
    r"^(?:how|what|why|where|when|who|get|talk|learn|view|need|find|see|"
    r"report|contact|connect|follow|share|click|read|call|visit)\b",
    re.I,
)
_PAREN = re.compile(r"\(([^()\n]{1,200})\)")
_CAPS_TOKEN = re.compile(r"(?<![\w&-])[A-Z][A-Za-z0-9]*(?:[&-][A-Za-z0-9]+)*(?![\w&-])")
_CONTAINER = re.compile(r"\bwithin (?:the )?([^,:;]{2,80}?)\s*[:.]?$", re.I)
_KIND_ALTERNATION = "|".join(sorted(KIND_WORDS, key=len, reverse=True))
# "This division handles ...", "The center brings together ..." (a lower-case kind word).
_THIS_KIND = re.compile(rf"^(?:[Tt]his|The)\s+({_KIND_ALTERNATION})\b")
_UNITISH = re.compile(
    r"\b(?:programs?|initiatives?|operations?|units?|teams?|offices?|centers?|"
    r"divisions?|sections?|branch(?:es)?|directorates?|organi[sz]ations?|components?|"
    r"headquarters)\b",
    re.I,
)
# A described heading that its own text calls an initiative is none of the agency's units.
_INITIATIVE = re.compile(r"\b(?:this|the) (?:initiative|campaign|effort|project|operation)\b",
                         re.I)
_MAX_PHRASE_WORDS = 12
_JOINING = frozenset("of the and to for in on a an - & with".split())
# "NOAA Fisheries, also known as the National Marine Fisheries Service, manages ..."
_ALSO_KNOWN = re.compile(
    r"\b(?:also known as|also called|often called|sometimes called|known as|formerly(?: known as)?)"
    r"\s+(?:the\s+)?(?P<alias>[A-Z][\w&.'’-]*(?:\s+(?:of|and|for|the|&|[A-Z][\w&.'’-]*)){0,10})")
_MAX_PROSE_CHARS = 20_000  # of a unit's paragraph looked at; past that it is no description

Candidate = tuple[FoundUnit | None, str, bool]  # (unit or None, its prose, sure)


@dataclass
class Described:
    """Units the page describes under a heading, and what shapes the rest."""

    units: list[FoundUnit]
    container: str | None = None  # "The following leadership offices are located within ..."
    skipped: list[str] = field(default_factory=list)  # described headings judged not units
    skipped_blocks: set[int] = field(default_factory=set)
    skipped_units: list[FoundUnit] = field(default_factory=list)


def find_described(blocks: list[Block], agency: Agency) -> Described:
    own = set(agency.own)
    result = Described(units=[])
    # Headings followed by prose, in page order; None marks a described heading that
    # is not a unit (it separates runs of units), furniture is passed over.
    candidates: list[Candidate] = []
    container: tuple[int, str] | None = None
    read_before: dict[tuple[str, str | None], tuple[FoundUnit | None, bool]] = {}
    for index, block in enumerate(blocks):
        if block.kind == "prose":
            match = _CONTAINER.search(block.text) if block.text.endswith(":") else None
            if match and normalise_name(match.group(1)) not in own:
                container = (index, collapse(match.group(1)))
                result.container = block.text
            headless = _headless_entry(blocks, index, candidates)
            if headless is not None:
                headless.block = index
                candidates.append((headless, headless.prose, True))
            continue
        labelled = block.kind == "list" and block.label
        if block.kind not in ("heading", "line") and not labelled:
            continue
        if labelled:
            heading = Block("heading", block.label, block.line, 6)
            prose = strip_read_more(block.text[:_MAX_PROSE_CHARS]) \
                if len(block.text.split()) >= 6 else None
            prose_at = index
        else:
            heading = block
            prose_at = _prose_after(blocks, index)
            prose = (strip_read_more(blocks[prose_at].text[:_MAX_PROSE_CHARS])
                     if prose_at >= 0 else None)
        seen = read_before.get((heading.text, prose))
        if seen is not None:  # the same entry again (pages repeat blocks): read it once
            if seen[0] is not None or prose:
                candidates.append((seen[0], prose or "", seen[1]))
            continue
        unit = _read_heading(heading, prose, agency)
        if unit is None:
            read_before[(heading.text, prose)] = (None, False)
            if prose and not is_furniture(heading.text) \
                    and split_person_line(heading.text) is None and not is_position(heading.text):
                candidates.append((None, prose, False))  # a described heading that is no unit
            continue
        unit.block = index
        sure = _is_unit(unit, prose, own)
        read_before[(heading.text, prose)] = (unit, sure)
        if prose is None and not (sure and unit.acronym and kind_from_name(unit.name)):
            continue
        if prose is None:
            unit.notes.append("seen only as a heading, with no text describing it")
        else:
            unit.prose_block = prose_at
        candidates.append((unit, prose or "", sure))
        if container and index > container[0]:
            unit.stated_parent = container[1]

    for position, (unit, prose, sure) in enumerate(candidates):
        if unit is None:
            continue
        if not sure:
            neighbours = [
                candidates[p][2] for p in (position - 1, position + 1) if 0 <= p < len(candidates)
            ]
            about_agency = any(w.upper() in own or w in own for w in words(unit.name))
            # a run-in heading ("<b>External Affairs</b> – handles ...", a dt) or a labelled
            # item, as its neighbours are: the parallel shape says what it is
            run_in = blocks[unit.block].kind == "list" or (
                blocks[unit.block].kind == "heading" and blocks[unit.block].level == 0)
            if any(neighbours) and not about_agency and (
                    _sounds_like_unit(unit.name, prose) or run_in and _titled(unit.name)) \
                    and not _INITIATIVE.search(prose[:2000]):
                unit.notes.append(
                    "kept because the page describes it among units; check that it is a unit"
                )
            else:
                if prose:
                    result.skipped.append(unit.name)
                    result.skipped_blocks.add(unit.block)
                    result.skipped_units.append(unit)
                continue
        result.units.append(unit)
    return result


def _prose_after(blocks: list[Block], index: int) -> int:
    """The index of the paragraph that describes the heading at INDEX, or -1: the next
    block if it is prose, or the one after a line naming the unit's head."""
    for at in (index + 1, index + 2):
        if at >= len(blocks):
            return -1
        block = blocks[at]
        if block.kind == "prose":
            return at
        if at == index + 2 or block.kind not in ("line", "row", "heading"):
            return -1
        if block.kind == "row" and len(block.cells) == 2 and is_position(block.cells[0]):
            continue  # "Chief of Staff | Jenna Kaplow" turned into a row
        if split_person_line(block.text) is None:
            return -1
    return -1


def _headless_entry(
    blocks: list[Block], index: int, candidates: list[Candidate]
) -> FoundUnit | None:
    """A paragraph shaped like the entries before it (ending in "Read More") but
    whose heading this copy of the page lost: the unit is named by a capitalised
    word of its text built on a kind word ("... to four MegaCenters.")."""
    if index < 2 or blocks[index - 1].kind != "prose" or not candidates:
        return None
    previous, text = blocks[index - 1].text, blocks[index].text
    last = candidates[-1][0]
    if last is None or strip_read_more(previous) != last.prose:
        return None
    if strip_read_more(text) == text or strip_read_more(previous) == previous:
        return None
    prose = strip_read_more(text)
    for word in re.findall(r"[A-Za-z]+", prose[:2000]):
        stem = word[:-1] if word.endswith("s") else word
        kind = next(
            (KIND_WORDS[k] for k in KIND_WORDS if stem.lower().endswith(k) and len(stem) > len(k)),
            None,
        )
        if kind and word[0].isupper() and any(ch.isupper() for ch in word[1:]):
            unit = FoundUnit(
                name=word,
                line=blocks[index].line,
                kind=kind,
                prose=prose,
                description=_description(sentences(prose, 2)),
            )
            unit.notes.append("no heading in this copy of the page; name taken from the text")
            return unit
    return None


def _read_heading(block: Block, prose: str | None, agency: Agency) -> FoundUnit | None:
    """Name and acronym from a heading, completed from the prose that follows."""
    text = strip_about(collapse(block.text.rstrip(":").strip()))
    if not text or text.endswith("?") or len(words(text)) > 14:
        return None
    name, acronym = text, None
    whole = re.fullmatch(r"\(([^()]{3,200})\)", text)
    if whole:  # a heading that is only the spelled-out form: "(Agreements of ... Security)"
        name = whole.group(1)
    else:
        for match in _PAREN.finditer(text):
            if looks_like_acronym(match.group(1)):
                acronym = match.group(1).strip()
                name = collapse(text[: match.start()] + " " + text[match.end() :])
                break
    if not words(name):
        return None
    if is_furniture(name) or _NOT_A_NAME.match(name) or is_law(name) or is_class(name):
        return None
    if is_agency(name, acronym, agency.own, agency.code) or is_position(name):
        return None
    if split_person_line(text) is not None:
        return None
    unit = FoundUnit(name=name, line=block.line, acronym=acronym)
    if prose:
        _complete_from_prose(unit, prose, whole is not None)
    unit.kind = kind_from_name(unit.name) or unit.kind or (
        _kind_from_prose(unit, prose) if prose else None)
    if unit.kind is None:
        unit.notes.append("kind not stated on the page")
    return unit


def _complete_from_prose(unit: FoundUnit, prose: str, spelled_out: bool) -> None:
    unit.prose = prose
    first = sentences(prose, 2)
    unit.description = _description(first)
    known_as = _ALSO_KNOWN.search(first[0][:400]) if first else None
    if known_as:
        alias = known_as.group("alias").rstrip(" .,")
        while alias.split()[-1:] and alias.split()[-1].lower() in _JOINING:
            alias = alias.rsplit(" ", 1)[0]
        if alias and normalise_name(alias) != normalise_name(unit.name):
            unit.aliases.append(alias)
            unit.kind = unit.kind or kind_from_name(alias)
    if unit.acronym:
        return
    heading_name = unit.name
    for phrase, acronym in acronym_phrases(prose):
        if normalise_name(phrase) == normalise_name(heading_name):
            unit.acronym = acronym
            return
        if fuzz.ratio(normalise_name(phrase), normalise_name(heading_name)) >= 85:
            unit.acronym, unit.name = acronym, phrase
            unit.aliases.append(heading_name)
            unit.notes.append(f"name taken from the text; the heading says {heading_name!r}")
            return
    tokens = _CAPS_TOKEN.findall(prose[:2000])
    for token in tokens:
        if sum(ch.isupper() for ch in token) >= 2 and acronym_fits(token, heading_name):
            unit.acronym = token
            if spelled_out and 0 < prose.find(token) < 20:
                lead = prose[: prose.find(token) + len(token)]
                if looks_like_acronym(lead):
                    unit.aliases.append(lead)
            return
    if tokens and prose.startswith(tokens[0]) and sum(ch.isupper() for ch in tokens[0]) >= 2:
        # "Federal Protective Service Basic Service Charge ..." followed by "FPS supports ..."
        name_words = heading_name.split()
        for end in range(len(name_words) - 1, 1, -1):
            prefix = " ".join(name_words[:end])
            if acronym_fits(tokens[0], prefix):
                if all(org_word(w) for w in name_words[end:]):
                    unit.acronym = tokens[0]  # "FDNS" for the "... Security Directorate"
                    return
                unit.name, unit.acronym = prefix, tokens[0]
                unit.notes.append(
                    f"name shortened to what {tokens[0]} stands for; the heading "
                    f"says {heading_name!r}"
                )
                return


def acronym_phrases(text: str) -> list[tuple[str, str]]:
    """Every "Name Phrase (ACR)" in TEXT whose initials spell ACR: the words before
    the parenthesis, as few as fit, widened to a leading "Office of" kind word."""
    return [(phrase, acronym) for phrase, acronym, _ in acronym_phrases_at(text)]


def acronym_phrases_at(text: str) -> list[tuple[str, str, int]]:
    """As :func:`acronym_phrases`, with where each closing parenthesis ends."""
    found: list[tuple[str, str, int]] = []
    for match in _PAREN.finditer(text):
        acronym = match.group(1).strip()
        if not looks_like_acronym(acronym):
            continue
        before = text[max(0, match.start() - 300) : match.start()].split()[-_MAX_PHRASE_WORDS:]
        best = None
        for start in range(len(before) - 1, -1, -1):
            word = before[start].strip(',;:"“”')
            if not word[:1].isupper():
                continue
            phrase = " ".join(w.strip(',;:"“”') for w in before[start:])
            if acronym_fits(acronym, phrase):
                best = start
            elif (
                best is not None
                and len(initials(phrase)) > len("".join(c for c in acronym if c.isalpha())) + 1
            ):
                break
        if best is None:
            continue
        if (
            best >= 2
            and before[best - 1].lower() in ("of", "for")
            and before[best - 2].lower() in KIND_WORDS
            and before[best - 2][:1].isupper()
        ):
            best -= 2
        phrase = " ".join(w.strip(',;:"“”') for w in before[best:])
        found.append((phrase, acronym, match.end()))
    return found


def _kind_from_prose(unit: FoundUnit, prose: str) -> str | None:
    for sentence in sentences(prose, 2):
        match = _THIS_KIND.match(sentence)
        if match:
            return str(KIND_WORDS[match.group(1).lower()])
        if unit.acronym:
            stated = re.search(
                rf"\bthe {re.escape(unit.acronym)} ({_KIND_ALTERNATION})\b", sentence, re.I
            )
            if stated:
                return str(KIND_WORDS[stated.group(1).lower()])
    return None


def _is_unit(unit: FoundUnit, prose: str | None, own: set[str]) -> bool:
    if normalise_name(unit.name) in own:
        return False
    if kind_from_name(unit.name) or unit.acronym or any(has_org_head(a) for a in unit.aliases):
        return True  # a unit word in the name, an acronym, or "also known as the ... Service"
    return prose is not None and unit.kind is not None


def _titled(name: str) -> bool:
    """Every significant word capitalised, as a unit's name is."""
    significant = [w for w in name.split() if w.lower() not in _JOINING]
    return bool(significant) and all(w[:1].isupper() or w[:1].isdigit() for w in significant)


def _sounds_like_unit(name: str, prose: str) -> bool:
    """A title-case name whose first sentences speak of a program, office, initiative..."""
    significant = [
        w
        for w in name.split()
        if w.lower() not in ("of", "the", "and", "to", "for", "in", "on", "a", "an", "-")
    ]
    if not significant or not all(w[:1].isupper() or w[:1].isdigit() for w in significant):
        return False
    return bool(_UNITISH.search(" ".join(sentences(prose, 2))))


def _description(first: list[str]) -> str | None:
    if not first:
        return None
    text = first[0]
    if len(text) < 100 and len(first) > 1:
        text = f"{text} {first[1]}"
    return text


