"""Word-level helpers for extraction: normalised names, acronyms, kinds, sentences.

Shared by the unit finder and the precision/recall comparison, so that both
read a name the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

ARTICLES = frozenset({"the", "a", "an"})
# Words left out when an acronym is formed from a name's initials.
MINOR_WORDS = frozenset({"of", "the", "and", "for", "to", "in", "on", "at", "a", "an", "&"})

# Kind words as they appear in unit names, mapped to the kind written in the draft.
KIND_WORDS = {
    "directorate": "directorate",
    "office": "office",
    "division": "division",
    "center": "center",
    "centre": "center",
    "program": "program",
    "programme": "program",
    "unit": "unit",
    "section": "section",
    "branch": "branch",
    "bureau": "bureau",
}
PLURAL_KIND_WORDS = frozenset(w + "s" for w in KIND_WORDS) | {"branches"}
# Further head nouns whose kind a draft names ("Border Controls Team" -> team); the
# text's "This division ..." is read with KIND_WORDS only.
NAME_KINDS = {
    **KIND_WORDS,
    "team": "team",
    "group": "group",
    "command": "command",
    "agency": "agency",
    "staff": "staff",
    "laboratory": "laboratory",
    "council": "council",
    "committee": "committee",
    "board": "board",
    "panel": "panel",
    "institute": "institute",
    "region": "region",
    "department": "department",
}

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_PARENS = re.compile(r"\([^()]{0,200}\)")
_ACRONYM_SHAPE = re.compile(r"^[A-Z0-9][A-Za-z0-9]*(?:[&./-][A-Za-z0-9]+)*$")
_SPACES = re.compile(r"\s+")
_CAPITAL = re.compile(r"[A-Z]")
_CAPITAL_OR_DIGIT = re.compile(r"[A-Z0-9]")
_ABBREVIATIONS = frozenset(
    {"u.s", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "no", "inc", "jr", "sr", "vs", "etc"}
)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=262144)
def normalise_name(name: str) -> str:
    """Lower case, parenthesised parts (acronyms) and punctuation dropped,
    articles dropped, white space collapsed: "The Office of the Principal Legal
    Advisor (OPLA)" -> "office of principal legal advisor"."""
    text = _PARENS.sub(" ", name).replace("&", " and ").replace("’", "'")
    kept = [w.lower().replace("'", "") for w in words(text)]
    return " ".join(w for w in kept if w not in ARTICLES)


@lru_cache(maxsize=65536)
def normalise_acronym(acronym: str) -> str:
    """Upper case, only letters, digits and '&': "HSI-Intel" -> "HSIINTEL"."""
    return "".join(ch for ch in acronym.upper() if ch.isalnum() or ch == "&")


@lru_cache(maxsize=65536)
def looks_like_acronym(text: str) -> bool:
    """ "OPLA", "M&A", "HSI-Intel", "C3", "ICE ACCESS": short, mostly capitals."""
    text = text.strip()
    if not text or len(text) > 16 or text.count(" ") > 1:
        return False
    parts = text.split(" ")
    marks = [len(_CAPITAL_OR_DIGIT.findall(part)) for part in parts]
    return (
        _CAPITAL.search(text) is not None
        and sum(marks) >= 2
        and all(_ACRONYM_SHAPE.match(part) for part in parts)
        # "ICE ACCESS" yes, "Deputy Director" no: each word has two capitals or digits
        and (len(parts) == 1 or min(marks) >= 2)
    )


def initials(name: str) -> str:
    """Initials of the significant words: "Office of the Principal Legal Advisor" -> "OPLA"."""
    return "".join(w[0].upper() for w in words(name) if w.lower() not in MINOR_WORDS)


def acronym_fits(acronym: str, name: str) -> bool:
    """Do the acronym's letters spell the name's initials (ignoring '&', '-', digits)?"""
    letters = "".join(ch for ch in acronym.upper() if ch.isalpha())
    if len(letters) < 2:
        return False
    if letters == initials(name):
        return True
    # "CoE" for "Centers of Excellence": a lower-case letter stands for a joining word
    return any(ch.islower() for ch in acronym) and letters == "".join(
        w[0].upper() for w in words(name))


@lru_cache(maxsize=65536)
def kind_from_name(name: str) -> str | None:
    """The last kind word in the name is its head noun: "Office of Intelligence
    Liaison Program" -> program; "Cyber Crimes Center" -> center."""
    found = None
    tokens = [w.lower() for w in words(name)]
    for i, token in enumerate(tokens):
        at_head = i == len(tokens) - 1 or (
            i == 0 and len(tokens) > 2 and tokens[1] in ("of", "for"))
        if at_head and token not in NAME_KINDS and token.endswith("s"):
            token = token[:-1]  # "National Continuity Programs", "Centers of Excellence"
        if token in NAME_KINDS and (token in KIND_WORDS or at_head):
            if token == "section" and i + 1 < len(tokens) and tokens[i + 1][:1].isdigit():
                continue  # "Section 287(g)" is a clause of a law
            if token == "department" and i + 1 < len(tokens) and tokens[i + 1] in ("of", "for"):
                continue  # "Department of ...": a government department named inside
            found = NAME_KINDS[token]
    return found


def org_words_removed(key: str) -> str:
    """A normalised name without a last kind word: "asylum division" -> "asylum"."""
    parts = key.split()
    if len(parts) >= 3 and parts[-1] in NAME_KINDS:
        return " ".join(parts[:-1])
    return ""


_SENTENCE_END = re.compile(r"[.!?](?= [A-Z\"“(])")


def sentences(text: str, limit: int = 0) -> list[str]:
    """Split prose into sentences at '.', '!' or '?' followed by a space and a
    capital, not after an abbreviation such as "U.S." or an initial. With LIMIT,
    stop after that many sentences (the rest is not looked at)."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        i = match.start()
        if text[i] == ".":
            word_start = text.rfind(" ", start, i) + 1
            word = text[word_start:i].lower().strip("(\"“")
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        out.append(text[start : i + 1].strip())
        start = i + 2
        if limit and len(out) >= limit:
            return out
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def slug(text: str) -> str:
    """A key for SPEC §1: lower case letters and digits joined by '-'."""
    text = re.sub(r"['’]", "", text.lower())
    out = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return out


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
