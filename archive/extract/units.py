"""Recognising units in a page's blocks: names, acronyms, kinds, descriptions, parents.

A unit is a heading (or a short line standing alone) followed by prose that
describes it, when the heading names an office, directorate, division,
center, program, unit or section, carries an acronym, or the prose calls it
one ("This division ...", "The ERO directorate ..."). Headings with none of
these but described among units ("Alternatives to Detention") are kept and
flagged. Everything else, navigation, "Read More", "How We Work", contact and
link lists, advertisements, is page furniture and left out. Every guess is
written into the unit's ``notes`` for the reviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .blocks import Block, strip_read_more
from .words import (
    KIND_WORDS,
    acronym_fits,
    collapse,
    initials,
    kind_from_name,
    looks_like_acronym,
    normalise_acronym,
    normalise_name,
    sentences,
    words,
)

FURNITURE = frozenset(
    normalise_name(t)
    for t in (
        "How We Work",
        "How It Works",
        "Read More",
        "Learn More",
        "Contact Information",
        "Contact Us",
        "About Us",
        "In Focus",
        "Info Updates",
        "Advanced Search",
        "Related Information",
        "Related Links",
        "Talk to a Lawyer",
        "Careers",
        "Partners",
        "Address",
        "Information Library",
        "National Threat Advisory",
        "Threat Advisory",
        "Report Suspicious Activity",
        "Site Map",
        "Share",
        "Follow Us",
        "Connect With Us",
        "Skip to main content",
        "Menu",
        "Search",
        "Home",
        "Overview",
        "Leadership",
    )
)
_NOT_A_NAME = re.compile(
    r"^(?:how|what|why|where|when|who|get|talk|learn|view|need|find|see|"
    r"report|contact|connect|follow|share|click|read|call|visit)\b",
    re.I,
)
_LAW = re.compile(r"^section \d|\bact$", re.I)
_PAREN = re.compile(r"\(([^()\n]{1,200})\)")
_CAPS_TOKEN = re.compile(r"(?<![\w&-])[A-Z][A-Za-z0-9]*(?:[&-][A-Za-z0-9]+)*(?![\w&-])")
_CONTAINER = re.compile(r"\bwithin (?:the )?([^,:;]{2,80}?)\s*[:.]?$", re.I)
_RESPONSIBLE = re.compile(
    r"^(?:the )?(.{3,120}?) is responsible for (?:developing|implementing|managing|overseeing|"
    r"administering|operating|running|directing)\b",
    re.I,
)
_KIND_ALTERNATION = "|".join(sorted(KIND_WORDS, key=len, reverse=True))
# "This division handles ...", "The center brings together ..." (a lower-case kind word).
_THIS_KIND = re.compile(rf"^(?:[Tt]his|The)\s+({_KIND_ALTERNATION})\b")
_UNITISH = re.compile(
    r"\b(?:programs?|initiatives?|operations?|units?|teams?|offices?|centers?|"
    r"divisions?|sections?|branch(?:es)?|directorates?)\b",
    re.I,
)
_MAX_PHRASE_WORDS = 12
_MAX_PROSE_CHARS = 20_000  # of a unit's paragraph looked at; past that it is no description
_DESCRIBED = re.compile(r"\s*,?\s*(?:which|that|who)\b")


@dataclass
class FoundUnit:
    """A unit as the page shows it, before keys are chosen."""

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


class UnitIndex:
    """Units by normalised name and by normalised acronym: two units are the same
    when either agrees."""

    def __init__(self) -> None:
        self.by_name: dict[str, FoundUnit] = {}
        self.by_acronym: dict[str, FoundUnit] = {}

    def find(self, unit: FoundUnit) -> FoundUnit | None:
        hit = self.by_name.get(normalise_name(unit.name))
        if hit is None and unit.acronym:
            hit = self.by_acronym.get(normalise_acronym(unit.acronym))
        return hit

    def add(self, unit: FoundUnit) -> None:
        self.by_name.setdefault(normalise_name(unit.name), unit)
        if unit.acronym:
            self.by_acronym.setdefault(normalise_acronym(unit.acronym), unit)


@dataclass
class PageUnits:
    """What the finder read from a page: units, and the statements that shape the draft."""

    units: list[FoundUnit]
    index: UnitIndex = field(default_factory=UnitIndex)
    container: str | None = None  # "The following leadership offices are located within ..."
    skipped: list[str] = field(default_factory=list)  # described headings judged not units


def find_units(blocks: list[Block], agency: str, agency_name: str | None = None) -> PageUnits:
    own = {normalise_name(agency), normalise_acronym(agency)}
    if agency_name:
        own.add(normalise_name(agency_name))
    result = PageUnits(units=[])
    # Headings followed by prose, in page order; None marks a described heading that
    # is not a unit (it separates runs of units), furniture is passed over.
    candidates: list[tuple[FoundUnit | None, str, bool]] = []  # (unit, prose, sure)
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
                candidates.append((headless, headless.prose, True))
            continue
        if block.kind not in ("heading", "line"):
            continue
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        prose = (strip_read_more(after.text[:_MAX_PROSE_CHARS])
                 if after and after.kind == "prose" else None)
        seen = read_before.get((block.text, prose))
        if seen is not None:  # the same entry again (pages repeat blocks): read it once
            if seen[0] is not None or prose:
                candidates.append((seen[0], prose or "", seen[1]))
            continue
        unit = _read_heading(block, prose, own)
        if unit is None:
            read_before[(block.text, prose)] = (None, False)
            if prose and normalise_name(block.text) not in FURNITURE:
                candidates.append((None, prose, False))
            continue
        sure = _is_unit(unit, prose, own)
        read_before[(block.text, prose)] = (unit, sure)
        if prose is None and not (sure and unit.acronym and kind_from_name(unit.name)):
            continue
        if prose is None:
            unit.notes.append("seen only as a heading, with no text describing it")
        candidates.append((unit, prose or "", sure))
        if container and index > container[0]:
            unit.stated_parent = container[1]

    kept: list[FoundUnit] = []
    for position, (unit, prose, sure) in enumerate(candidates):
        if unit is None:
            continue
        if not sure:
            neighbours = [
                candidates[p][2] for p in (position - 1, position + 1) if 0 <= p < len(candidates)
            ]
            about_agency = any(w.upper() in own or w in own for w in words(unit.name))
            if any(neighbours) and not about_agency and _sounds_like_unit(unit.name, prose):
                unit.notes.append(
                    "kept because the page describes it among units; check that it is a unit"
                )
            else:
                if prose:
                    result.skipped.append(unit.name)
                continue
        kept.append(unit)
    result.units = _dedupe(kept, result.index)
    _assign_parents(result, own)
    return result


def _headless_entry(
    blocks: list[Block], index: int, candidates: list[tuple[FoundUnit | None, str, bool]]
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


def _read_heading(block: Block, prose: str | None, own: set[str]) -> FoundUnit | None:
    """Name and acronym from a heading, completed from the prose that follows."""
    text = collapse(block.text.rstrip(":").strip())
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
    key = normalise_name(name)
    if key in FURNITURE or key in own or _NOT_A_NAME.match(name) or _LAW.search(name):
        return None
    if acronym and normalise_acronym(acronym) in own:
        return None
    unit = FoundUnit(name=name, line=block.line, acronym=acronym)
    if prose:
        _complete_from_prose(unit, prose, whole is not None)
    unit.kind = kind_from_name(unit.name) or (_kind_from_prose(unit, prose) if prose else None)
    if unit.kind is None:
        unit.notes.append("kind not stated on the page")
    return unit


def _complete_from_prose(unit: FoundUnit, prose: str, spelled_out: bool) -> None:
    unit.prose = prose
    first = sentences(prose, 2)
    unit.description = _description(first)
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
                unit.name, unit.acronym = prefix, tokens[0]
                unit.notes.append(
                    f"name shortened to what {tokens[0]} stands for; the heading "
                    f"says {heading_name!r}"
                )
                return


def acronym_phrases(text: str) -> list[tuple[str, str]]:
    """Every "Name Phrase (ACR)" in TEXT whose initials spell ACR: the words before
    the parenthesis, as few as fit, widened to a leading "Office of" kind word."""
    return [(phrase, acronym) for phrase, acronym, _ in _acronym_phrases_at(text)]


def _acronym_phrases_at(text: str) -> list[tuple[str, str, int]]:
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
    if kind_from_name(unit.name) or unit.acronym:
        return True
    return prose is not None and unit.kind is not None


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


def _dedupe(units: list[FoundUnit], index: UnitIndex) -> list[FoundUnit]:
    """One unit per name or acronym: a later mention completes the first."""
    kept: list[FoundUnit] = []
    for unit in units:
        same = index.find(unit)
        if same is unit:
            continue
        if same is None:
            kept.append(unit)
            index.add(unit)
            continue
        same.acronym = same.acronym or unit.acronym
        same.kind = same.kind or unit.kind
        same.description = same.description or unit.description
        same.notes.append(
            f"also described at line {unit.line}"
            if unit.line
            else "also described further down the page"
        )
    return kept


def _same(a: FoundUnit, b: FoundUnit) -> bool:
    if normalise_name(a.name) == normalise_name(b.name):
        return True
    return bool(
        a.acronym and b.acronym and normalise_acronym(a.acronym) == normalise_acronym(b.acronym)
    )


def _add_described_children(result: PageUnits, own: set[str]) -> None:
    """Units a unit's text names and describes: "HSI-Intel also handles the National
    Incident Response Unit (NIRU), which assists ..." (named in passing: left out)."""
    ordered: list[FoundUnit] = []
    for unit in result.units:
        ordered.append(unit)
        for phrase, acronym, end in _acronym_phrases_at(unit.prose):
            if not kind_from_name(phrase) or not _DESCRIBED.match(unit.prose, end):
                continue
            probe = FoundUnit(name=phrase, acronym=acronym)
            if normalise_name(phrase) in own or result.index.find(probe) is not None:
                continue
            sentence = next((s for s in sentences(unit.prose) if phrase in s), phrase)
            probe.kind = kind_from_name(phrase)
            probe.parent = unit
            probe.description = sentence
            probe.notes.append(
                f"seen only in the text of {unit.name!r}; parent guessed from {sentence!r}"
            )
            result.index.add(probe)
            ordered.append(probe)
    result.units = ordered


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


def _assign_parents(result: PageUnits, own: set[str]) -> None:
    _add_described_children(result, own)
    units = result.units
    by_name: dict[str, FoundUnit] = {}
    by_acronym: dict[str, FoundUnit] = {}
    for order, unit in enumerate(units):
        unit.order = order
        by_name.setdefault(normalise_name(unit.name), unit)
        if unit.acronym:
            by_acronym.setdefault(unit.acronym.upper(), unit)
    for unit in list(units):
        if unit.parent is not None:
            continue
        if unit.stated_parent:
            unit.parent = _unit_named(result, unit.stated_parent, None, note=result.container)
            continue
        if unit.description:
            match = _RESPONSIBLE.match(unit.description)
            if match:
                phrases = acronym_phrases(match.group(0))
                if phrases:
                    phrase, acronym = phrases[0]
                    if (
                        not _same(unit, FoundUnit(phrase, acronym=acronym))
                        and normalise_name(phrase) not in own
                    ):
                        unit.parent = _unit_named(
                            result, phrase, acronym, note=match.group(0) + " ..."
                        )
                        unit.notes.append(f"parent guessed from {match.group(0) + ' ...'!r}")
                        continue
        subject = _subject(sentences(unit.prose, 1)[0]) if unit.prose else None
        first = sentences(unit.prose, 1)[0] if unit.prose else ""
        if (
            subject
            and kind_from_name(subject)
            and unit.name not in first  # a sentence about the unit itself names no parent
            and normalise_name(unit.name).startswith(normalise_name(subject) + " ")
        ):
            unit.parent = _unit_named(result, subject, None, note=first)
            unit.notes.append(f"parent guessed: the text says what the {subject} does: {first!r}")
            continue
        other = _named_by_prefix(unit, by_name, by_acronym)
        if other is not None:
            unit.parent = other
            unit.notes.append(f"parent guessed from the name: it begins with {other.name!r}")


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
    probe = FoundUnit(name=name, acronym=acronym)
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
