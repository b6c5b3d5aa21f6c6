"""Statements of make-up and their lists, read from a sentence.

"18F is organized into five chapters: Design, Engineering, ...", "Export
Administration is headed by ... and is made up of five offices: the ..., the
...", "ORD's centers are the ...", "There are also three practice areas: ...",
"X includes the A, the B and the C", "The directorate consists of the
following divisions:". Pure text functions; :mod:`prose` turns what they find
into units and parents.
"""

from __future__ import annotations

import re

from .blocks import Block
from .names import CLASS_WORDS, looks_like_name, strip_article
from .words import sentences

NUMBER = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
           r"a number of|a few|many|the following|multiple)")
NUMBERS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
MAKE_UP = re.compile(
    r"^(?P<subj>.{1,120}?)\s+(?:is|are|was|were)\s+(?:(?:now|currently|also)\s+)?"
    r"(?:organi[sz]ed|divided|grouped|structured|split|arranged)\s+(?:in)?to\s+(?P<rest>.+)$|"
    r"^(?P<subj2>.{1,120}?)\s+(?:is|are)\s+(?:made up|composed|comprised)\s+of\s+(?P<rest2>.+)$|"
    r"^(?P<subj3>.{1,120}?)\s+(?:consists?|consisted)\s+of\s+(?P<rest3>.+)$|"
    r"^(?P<subj4>.{1,120}?)\s+(?:comprises?|includes?|contains?|has|have|oversees)"
    r"(?:\s+|\s*:\s*)(?P<rest4>.*)$",
)
# "Border Force and HM Passport Office are operational commands that ..."
ARE_CLASS = re.compile(
    r"^(?P<items>[A-Z].{2,200}?)\s+are\s+(?:(?:the|our|its|their|both|all|two|three|four)\s+)?"
    r"(?:[a-z-]+\s+){0,3}?(?P<noun>" + "|".join(sorted(CLASS_WORDS, key=len, reverse=True))
    + r")\b"
)
OPENER = re.compile(r"^(?:for example|for instance|in addition|also|in particular|currently|"
                     r"today|at present|since \d{4}),?\s+", re.I)
FIRST_VERB = re.compile(r"\s+(?:is|are|was|were|has|have|had)\s+")
POSSESSIVE = re.compile(
    r"^(?P<subj>[A-Z0-9][\w&.-]*(?:\s[A-Z][\w&.-]*){0,6})['’]s?\s+(?P<noun>(?:[a-z-]+\s){0,2}"
    r"[a-z-]+s)\s+(?:are|include)\s+(?P<rest>.+)$"
)
THERE_ARE = re.compile(r"^There\s+(?:are|is)\s+(?:also\s+)?(?P<rest>.+)$")
COUNTED = re.compile(
    rf"^(?P<count>{NUMBER})?\s*(?P<noun>(?:[\w-]+\s){{0,3}}?[\w-]+)\s*(?P<sep>[:,—–-]|$)\s*"
    rf"(?P<items>.*)$",
    re.I,
)
# Words between a statement and its list: "several directorates, including: ..."
LEAD_IN = re.compile(r"^(?:including|such as|namely|as follows|for example|among them)\b\s*:?\s*",
                     re.I)
_PARENTHESIS = re.compile(r"\([^()]*\)")
CLASS_MENTION = re.compile(r"\b(?:" + "|".join(sorted(CLASS_WORDS, key=len, reverse=True))
                           + r")\b", re.I)


def states_make_up(blocks: list[Block]) -> int:
    """Where the page says what the agency or a unit is made of, in classes of units
    ("TTS is made up of several offices and programs"), or -1: the lists after it
    list units."""
    for index, block in enumerate(blocks):
        if block.kind != "prose":
            continue
        for sentence in sentences(block.text[:2000], 4):
            _, rest = make_up(sentence)
            if rest and CLASS_MENTION.search(rest[:120]):
                return index
    return -1


def make_up(sentence: str) -> tuple[str | None, str | None]:
    """(subject, what follows the verb) of a statement of make-up; (None, rest) for
    "There are also three practice areas: ..."."""
    text = OPENER.sub("", sentence.rstrip("."))
    possessive = POSSESSIVE.match(text)
    if possessive:
        return possessive.group("subj"), f"{possessive.group('noun')}: {possessive.group('rest')}"
    there = THERE_ARE.match(text)
    if there:
        return None, there.group("rest")
    match = MAKE_UP.match(text)
    if match is None:
        return None, None
    for subj, rest in (("subj", "rest"), ("subj2", "rest2"), ("subj3", "rest3"),
                       ("subj4", "rest4")):
        if match.group(subj):
            # "Export Administration is headed by ... and is made up of": the subject
            # ends at its first verb
            return FIRST_VERB.split(match.group(subj))[0], match.group(rest)
    return None, None


def count_of(word: str | None) -> int | None:
    if not word:
        return None
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def split_items(text: str) -> list[tuple[str, str | None]]:
    """Items of an enumeration and the unit name each gives (None for one that is not a
    name: "software developers"): split at commas, semicolons and a final "and"; when
    the items open with "the", only at ", the" and "and the" (names hold "and")."""
    text = text.strip().rstrip(".;:")
    text = re.split(r"\s+[—–]\s+|\.\s", text)[0]
    text = _PARENTHESIS.sub(_protect, text)  # never split inside parentheses
    if re.match(r"the\s+[A-Z]", text):
        parts = re.split(r",\s*(?:and\s+|or\s+)?(?=the\s+[A-Z])|\s+and\s+(?=the\s+[A-Z])", text)
    else:
        parts = re.split(r"\s*[,;]\s*(?:and\s+|or\s+)?|\s+and\s+(?=[A-Z])", text)
    out: list[tuple[str, str | None]] = []
    for part in parts:
        part = part.replace("\x00", ",").replace("\x01", " and ").strip()
        if not part:
            continue
        bare = strip_article(re.sub(r"\s*\([^()]*\)", "", part)).strip(" .")
        name = bare if bare and looks_like_name(bare) and len(bare.split()) <= 10 else None
        out.append((part, name))
    return out


def _protect(match: re.Match[str]) -> str:
    return match.group(0).replace(",", "\x00").replace(" and ", "\x01")


