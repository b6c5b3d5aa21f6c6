"""Text normalisation for matching, classification and look-ups (SPEC §3).

The one place the rule lives; the rest of orgarchive calls it.

Text is read in Unicode compatibility form (NFKC: "Ｏffice" is "Office", and
the composed and decomposed "é" are one letter), case-folded ("Straße" is
"strasse"), and cut into *words*: runs of letters, combining marks and digits
of any script ("Отдел кадров" is two words). Everything else (punctuation,
white space, symbols) only separates words; "&" reads as "and".

Two names are the *same wording* when they agree after ``norm_name``: case,
white space, punctuation and the articles "the", "a", "an" are ignored.
``tokens`` gives the significant words used for blocking and similarity;
``expands`` tells whether an acronym stands for a name.

Costs are bounded whatever the input: every function here is linear in the
length of its text, and the character-level comparison in ``similarity``
looks only at the first ``COMPARE_CHARS`` characters of a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ARTICLES = frozenset({"the", "a", "an"})
# Words too common in unit names and descriptions to say anything about identity.
STOP_WORDS = ARTICLES | frozenset(
    {
        "of",
        "and",
        "for",
        "in",
        "on",
        "to",
        "at",
        "by",
        "with",
        "its",
        "is",
        "are",
        "as",
        "or",
        "from",
        "that",
        "this",
        "which",
        "be",
        "all",
    }
)
# Generic leading words an acronym often leaves out ("DRO" for "Office of DRO").
GENERIC_WORDS = frozenset({"office", "directorate", "division", "u", "s"})

_ASCII_WORD = re.compile(r"[0-9a-z]+")
_WORD_CATEGORIES = frozenset("LMN")  # letters, combining marks, numbers


def _fold(text: str) -> str:
    """NFKC, then case folding (for ASCII text: lower case)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _split(folded: str) -> list[str]:
    """Words of folded text: runs of letters, marks and digits of any script."""
    if folded.isascii():
        return _ASCII_WORD.findall(folded)
    category = unicodedata.category
    out: list[str] = []
    word: list[str] = []
    for ch in folded:
        if (ch.isascii() and ch.isalnum()) or (not ch.isascii()
                                              and category(ch)[0] in _WORD_CATEGORIES):
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """Folded words of ``text``, punctuation dropped, "&" read as "and"."""
    return tuple(_split(_fold(text).replace("&", " and ")))


def norm_name(name: str) -> str:
    """A name with case, white space, punctuation and articles ignored."""
    return " ".join(w for w in words(name) if w not in ARTICLES)


def norm_acronym(acronym: str) -> str:
    """An acronym with case, white space and punctuation ignored ("M&A" == "ma")."""
    return "".join(_split(_fold(acronym)))


def search_form(text: str) -> str:
    """Text as a look-up compares it: folded as above, white space collapsed, but
    punctuation kept ("Ｏffice  of X" finds "office of x")."""
    return " ".join(_fold(text).split())


# Words naming a kind of unit: they say little about which unit it is.
KIND_WORDS = frozenset(
    {"office", "offices", "directorate", "directorates", "division", "divisions", "unit",
     "units", "section", "sections", "branch", "branches", "program", "programs", "center",
     "centers", "team", "teams"}
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ives", "ive", "ies", "es", "s",
             "ed", "al")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem, so "investigations", "investigating" and "investigative" agree."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# Similarity looks at this many words of a text at most (a description's
# first 400 words say what it is about; no real name is that long), so the
# cost of comparing two units is bounded whatever their length.
FEATURE_WORDS = 400


def tokens(text: str) -> frozenset[str]:
    """The stems of the significant words of ``text`` (its first FEATURE_WORDS)."""
    return frozenset(stem(w) for w in words(text)[:FEATURE_WORDS] if w not in STOP_WORDS)


def name_tokens(name: str) -> frozenset[str]:
    """Stems of a name's words that are neither stop words nor kind words."""
    return frozenset(stem(w) for w in words(name)[:FEATURE_WORDS]
                     if w not in STOP_WORDS and w not in KIND_WORDS)


@lru_cache(maxsize=65536)
def core_name(name: str) -> str:
    """A name's words without stop words and kind words, in their order
    ("Office of Investigations" -> "investigations")."""
    return " ".join(w for w in words(name)[:FEATURE_WORDS]
                    if w not in STOP_WORDS and w not in KIND_WORDS)


@lru_cache(maxsize=65536)
def _initials(name: str) -> frozenset[str]:
    significant = [w for w in words(name)[:FEATURE_WORDS] if w not in STOP_WORDS]
    out = {"".join(w[0] for w in significant)}
    trimmed = [w for w in significant if w not in GENERIC_WORDS]
    out.add("".join(w[0] for w in trimmed))
    return frozenset(out)


def expands(acronym: str, name: str) -> bool:
    """Whether ``acronym`` is the initials of ``name`` ("DRO" ~ "Office of
    Detention and Removal Operations")."""
    return spells(norm_acronym(acronym), name)


def spells(acronym: str, name: str) -> bool:
    """``expands`` for an acronym already normalised (``norm_acronym``)."""
    return len(acronym) >= 2 and acronym in _initials(name)


def local_name(name: str, parent_name: str, parent_acronym: str | None) -> str | None:
    """A name read without its parent's acronym (given, or its initials) or
    name in front ("HSI Intelligence" under "Homeland Security
    Investigations" is "intelligence", "Homeland Security Investigations
    Office of Intelligence" is "office of intelligence"), in ``norm_name``
    form; None when it starts
    with neither (a parent's name counts when it has two significant words or
    more), or when what is left has no word other than stop and kind words."""
    w = [x for x in words(name) if x not in ARTICLES]
    rest: list[str] | None = None
    acronym = norm_acronym(parent_acronym) if parent_acronym else ""
    if len(w) > 1 and (w[0] == acronym or spells(w[0], parent_name)):
        rest = w[1:]
        if rest[0] == "s" and len(rest) > 1:  # "Defra's Science Advisory Council"
            rest = rest[1:]
    else:
        # (a one-word parent name in front is as often chance: "Commerce,
        # Trade, and Hazardous Materials" under the Commerce committee)
        prefix = [x for x in words(parent_name) if x not in ARTICLES]
        if (sum(x not in STOP_WORDS for x in prefix) >= 2 and len(w) > len(prefix)
                and w[:len(prefix)] == prefix):
            rest = w[len(prefix):]
    if rest is None or all(x in STOP_WORDS or x in KIND_WORDS for x in rest):
        return None
    return " ".join(rest)


_SENTENCE_END = re.compile(r"[.;!?](?:\s+|$)")
MIN_SENTENCE_WORDS = 4


def sentences(text: str) -> frozenset[str]:
    """Normalised sentences of a description with at least MIN_SENTENCE_WORDS words."""
    out = set()
    for part in _SENTENCE_END.split(text):
        norm = norm_name(part)
        if norm.count(" ") + 1 >= MIN_SENTENCE_WORDS:
            out.add(norm)
    return frozenset(out)
