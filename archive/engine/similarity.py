"""What two units' texts have in common: names, acronyms and descriptions.

Each unit's text is read once into ``Features``; comparing a pair is then a
few set operations and at most one rapidfuzz call on bounded strings. Word
rarity comes from an ``Idf`` table of the snapshots being compared, so that
sharing "Waste" says more than sharing "Committee".
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ..domain import Unit
from .normalize import core_name, norm_acronym, norm_name, spells, tokens
from .normalize import name_tokens as name_tokens_of


@dataclass(frozen=True, slots=True)
class Features:
    """What comparing needs to know about one unit's text."""

    unit: Unit
    name: str  # normalised name
    squashed: str  # normalised name without spaces ("sea fish" -> "seafish")
    name_tokens: frozenset[str]  # stems of the name's significant words
    name_core: frozenset[str]  # ... without kind words ("office", "division"...)
    name_core_text: str  # the name's words without stop and kind words, in order
    description: frozenset[str] | None  # significant words, None when unknown
    content: frozenset[str]  # name and description words together
    acronym: str | None  # normalised acronym
    aliases: frozenset[str]  # normalised aliases


# Each side's Features by unit key (before, after): one diff's stages (matching,
# reorganisations, kinship) share them, so each unit's text is read once.
FeatureCache = tuple[dict[str, Features], dict[str, Features]]


def features(unit: Unit) -> Features:
    name_tokens, description, content = _words_of(unit.name, unit.description)
    name, squashed, name_core, name_core_text = _name_forms(unit.name)
    acronym = unit.acronym
    aliases = unit.aliases
    return Features(
        unit,
        name,
        squashed,
        name_tokens,
        name_core,
        name_core_text,
        description,
        content,
        _acronym_form(acronym) if acronym is not None else None,
        _alias_forms(aliases) if aliases else _NO_ALIASES,
    )


# The parts of Features that follow from a unit's text alone, kept by text: the
# same wording recurs in both snapshots of a diff (every unit that kept it) and
# from one diff to the next, so each is read once (as normalize's caches do).
_TEXTS = 65536
_NO_ALIASES: frozenset[str] = frozenset()


@lru_cache(maxsize=_TEXTS)
def _words_of(name: str, description: str | None) -> tuple[
        frozenset[str], frozenset[str] | None, frozenset[str]]:
    """A unit's name tokens, description tokens (None when unknown) and both together."""
    name_tokens = _name_words(name)
    if description is None:
        return name_tokens, None, name_tokens
    words = tokens(description)
    return name_tokens, words, name_tokens | words


@lru_cache(maxsize=_TEXTS)
def _name_words(name: str) -> frozenset[str]:
    return tokens(name)


def name_words(unit: Unit) -> frozenset[str]:
    """``features(unit).name_tokens`` alone."""
    return _name_words(unit.name)


def words_of(unit: Unit) -> tuple[frozenset[str], frozenset[str]]:
    """``features(unit)``'s name_tokens and content (name and description
    words) alone, for the many units only compared by their words."""
    got = _words_of(unit.name, unit.description)
    return got[0], got[2]


def name_forms(unit: Unit) -> tuple[str, frozenset[str]]:
    """``features(unit)``'s name and name_core alone."""
    got = _name_forms(unit.name)
    return got[0], got[2]


@lru_cache(maxsize=_TEXTS)
def _name_forms(name: str) -> tuple[str, str, frozenset[str], str]:
    norm = norm_name(name)
    return norm, norm.replace(" ", ""), name_tokens_of(name), core_name(name)


@lru_cache(maxsize=_TEXTS)
def _acronym_form(acronym: str) -> str | None:
    return norm_acronym(acronym) or None


def _alias_forms(aliases: Iterable[str]) -> frozenset[str]:
    return frozenset(norm_name(a) for a in aliases)


# Character-level comparison looks at this many characters of each name at
# most: rapidfuzz's cost grows with the product of the lengths, and no real
# name is longer, so a 1 MB name costs what a 256-character one does.
COMPARE_CHARS = 256


def name_similarity(x: Features, y: Features) -> float:
    """Character-level similarity of the names' core words (generic words such
    as "office", "program", "of" and "the" left out, so "Office of X" and
    "X Program" are alike and "Office of X" and "Office of Y" are not), word
    order ignored."""
    n = COMPARE_CHARS
    if x.name_core_text and y.name_core_text:
        return float(fuzz.token_sort_ratio(x.name_core_text[:n], y.name_core_text[:n])) / 100.0
    # a name made only of generic words ("Office of the Director")
    return float(fuzz.token_sort_ratio(x.name[:n], y.name[:n])) / 100.0


def contained(x: Features, y: Features) -> bool:
    """Whether every core word of one name is in the other ("Investigations" in
    "Homeland Security Investigations")."""
    small, large = x.name_core, y.name_core
    if len(large) < len(small):  # (the order sorted() by length gives)
        small, large = large, small
    return bool(small) and small <= large


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


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of ``part``'s words found in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0


# A description with fewer significant words than this is too short to say
# whether two units are alike (see ``substantial``).
MIN_DESCRIPTION_WORDS = 8


def substantial(f: Features) -> bool:
    """Whether the unit has a real description (MIN_DESCRIPTION_WORDS words or more)."""
    return f.description is not None and len(f.description) >= MIN_DESCRIPTION_WORDS


def description_similarity(x: Features, y: Features) -> float | None:
    """Word overlap of the descriptions; None when either is unknown."""
    if x.description is None or y.description is None:
        return None
    return jaccard(x.description, y.description)


def acronym_relation(x: Features, y: Features) -> str | None:
    """How the acronyms and names relate: "same" acronym; "expansion" (one's
    acronym spells the other's name: "DRO" ~ "Detention and Removal
    Operations"); "name" (one's acronym is the other's name: "Seafish" ~ "Sea
    Fish Industry Authority" with acronym "Seafish"); "differs" (both known,
    none of these); None when there is nothing to compare, or when each
    acronym spells its own name (DRO/ERO: the acronym only followed the name)."""
    xa, ya = x.acronym, y.acronym  # the normalised acronyms, None when there is none
    if xa is None:
        if ya is None:
            return None  # (13,000 pairs a round: the common case first)
        if spells(ya, x.unit.name):
            return "expansion"
        return "name" if ya == x.squashed else None
    if xa == ya:
        return "same"
    if spells(xa, y.unit.name) or (ya is not None and spells(ya, x.unit.name)):
        return "expansion"
    if xa == y.squashed or (ya is not None and ya == x.squashed):
        return "name"
    if ya is not None:
        if spells(xa, x.unit.name) and spells(ya, y.unit.name):
            return None  # each acronym spells its own name: it changed with the name
        return "differs"
    return None


# The rarity table reads at most this many units of each side: enough to know
# which words are common, whatever the size of the snapshots.
IDF_SAMPLE = 2000


class _Weights(dict[str, float]):
    """An Idf's word weights, each worked out on first look-up (from the
    table's counts, not the Idf itself: no reference cycle)."""

    def __init__(self, df: Counter[str], size: int) -> None:
        super().__init__()
        self.df, self.size, self.unseen = df, size, math.log(size + 1.0)

    def __missing__(self, token: str) -> float:
        d = self.df.get(token)
        w = self[token] = self.unseen if not d else math.log((self.size + 1.0) / d)
        return w


class Idf:
    """How rare each name word is among the units of two snapshots (inverse
    document frequency), read from a deterministic sample of the units."""

    def __init__(self, sides: Iterable[Iterable[Unit]], counts: Iterable[int]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for units, size in zip(sides, counts, strict=True):
            step = max(1, math.ceil(size / IDF_SAMPLE))
            crc32 = zlib.crc32  # the sample is picked among 100,000 units: one comprehension
            sample = units if step == 1 else [
                u for u in units if not crc32(u.key.encode("utf-8", "replace")) % step]
            for u in sample:
                n += 1
                df.update(tokens(u.name))
        self.size = n
        self.df = df
        self.unseen = math.log(n + 1.0)
        self._weights = _Weights(df, n)  # each word's weight, worked out once

    def weight(self, token: str) -> float:
        return self._weights[token]

    def overlap(self, x: frozenset[str], y: frozenset[str]) -> tuple[float, float]:
        """Rarity-weighted share of two word sets in common: of both together
        (Jaccard) and of the smaller (so "Interior" is all in "Interior and
        Related Agencies"); (0, 0) when they share nothing."""
        common = x & y
        if not common:
            return 0.0, 0.0
        # fsum: the exact sum, whatever order the sets give their words in (a
        # plain sum follows the string hashes and moves the last digit, SPEC §3)
        w, fsum = self._weights.__getitem__, math.fsum  # (weight, without a Python call)
        shared = fsum(map(w, common))
        only_x = fsum(map(w, x - y))
        only_y = fsum(map(w, y - x))
        total = shared + only_x + only_y
        smaller = shared + min(only_x, only_y)
        return (shared / total if total > 0 else 0.0,
                shared / smaller if smaller > 0 else 0.0)
