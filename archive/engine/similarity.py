"""Similarity of two units' names, descriptions and acronyms, each in [0, 1].

Precomputed per unit once (``Features``) so scoring a candidate pair is a few
set operations and one rapidfuzz call.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..domain import Unit
from .normalize import core_name, expands, norm_acronym, norm_name, tokens
from .normalize import name_tokens as name_tokens_of


@dataclass(frozen=True, slots=True)
class Features:
    """What matching needs to know about one unit's text."""

    unit: Unit
    name: str  # normalised name
    name_tokens: frozenset[str]
    name_core: frozenset[str]  # name stems without kind words ("office", "division"...)
    name_core_text: str  # the name's words without stop and kind words, in order
    description: frozenset[str] | None  # significant words, None when unknown
    content: frozenset[str]  # name and description words together
    acronym: str | None  # normalised acronym
    aliases: frozenset[str]  # normalised aliases


def features(unit: Unit) -> Features:
    name_tokens = tokens(unit.name)
    description = tokens(unit.description) if unit.description is not None else None
    return Features(
        unit=unit,
        name=norm_name(unit.name),
        name_tokens=name_tokens,
        name_core=name_tokens_of(unit.name),
        name_core_text=core_name(unit.name),
        description=description,
        content=name_tokens | description if description is not None else name_tokens,
        acronym=norm_acronym(unit.acronym) or None if unit.acronym is not None else None,
        aliases=frozenset(norm_name(a) for a in unit.aliases or ()),
    )


# Character-level comparison looks at this many characters of each name at
# most: rapidfuzz's cost grows with the product of the lengths, and no real
# name is longer, so a 1 MB name costs what a 256-character one does.
COMPARE_CHARS = 256

# A name whose every core word is found in the other name ("Investigations" in
# "Homeland Security Investigations") scores this much.
NAME_CONTAINED = 0.85


def name_similarity(x: Features, y: Features) -> float:
    """Character-level similarity of the names' core words (generic words such
    as "office", "program", "of" and "the" left out, so "Office of X" and
    "X Program" are not similar for sharing them), word order ignored, or
    NAME_CONTAINED when one name's core words all occur in the other."""
    n = COMPARE_CHARS
    if x.name_core_text and y.name_core_text:
        ratio = float(fuzz.token_sort_ratio(x.name_core_text[:n], y.name_core_text[:n])) / 100.0
    else:  # a name made only of generic words ("Office of the Director")
        ratio = float(fuzz.token_sort_ratio(x.name[:n], y.name[:n])) / 100.0
    small, large = sorted((x.name_core, y.name_core), key=len)
    if small and small <= large:
        return max(ratio, NAME_CONTAINED)
    return ratio


def core_word_dice(x: Features, y: Features) -> float:
    """Share of core name words two names have in common (Dice): "Nogales
    Language Section" and "Compliance Language Section" share one of two."""
    if not x.name_core or not y.name_core:
        return 0.0
    return 2 * len(x.name_core & y.name_core) / (len(x.name_core) + len(y.name_core))


def jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    if not x and not y:
        return 1.0
    common = len(x & y)
    return common / (len(x) + len(y) - common)


# A description with fewer significant words than this is too short to
# contradict a match (see ``substantial``).
MIN_DESCRIPTION_WORDS = 8


def substantial(f: Features) -> bool:
    """Whether the unit has a real description (MIN_DESCRIPTION_WORDS words or more)."""
    return f.description is not None and len(f.description) >= MIN_DESCRIPTION_WORDS


def description_similarity(x: Features, y: Features) -> float | None:
    """Word overlap of the descriptions; None when either is unknown."""
    if x.description is None or y.description is None:
        return None
    return jaccard(x.description, y.description)


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of ``part``'s words found in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0


def acronym_evidence(x: Features, y: Features) -> str | None:
    """"same" when the acronyms agree, "expansion" when one stands for the other's name."""
    if x.acronym is not None and x.acronym == y.acronym:
        return "same"
    if (x.unit.acronym is not None and expands(x.unit.acronym, y.unit.name)) or (
        y.unit.acronym is not None and expands(y.unit.acronym, x.unit.name)
    ):
        return "expansion"
    return None
