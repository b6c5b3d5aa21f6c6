"""People and positions in page text: who heads a unit is not a unit.

Organisation pages put a head's name and title next to each unit: a line
between a heading and its text ("Assistant Director: Mark Greer"), a table
cell ("Chief of Staff | John Gountanis, Acting"), a box of an org chart
("Deputy Administrator"), a suffix ("Human Resources Division, Assistant
Administrator"). This module tells positions and people from unit names, and
splits the cells of a table whose copy ran them together
("Chief Financial OfficerTroy D. Edgar").

A person's name alone cannot be told from a two-word unit name ("Lisa Hammond"
or "Human Resources"); it is recognised only where something else says it is
one: a title before it, an initial, an honorific, or a table cell run into it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .orgwords import org_head_at_end, org_head_at_start

# Head nouns of positions ("Deputy Administrator", "Chief Information Officer").
TITLE_HEADS = frozenset(
    """administrator administrators director directors secretary secretaries officer officers
    counsel commissioner commissioners advisor adviser advisors advisers ombudsman ombudsperson
    commandant chairman chairwoman chairperson chair president vice-president minister ministers
    treasurer comptroller marshal sheriff agent agents manager head judge judges inspector
    economist scientist engineer statistician actuary historian librarian architect
    registrar clerk spokesperson attorney superintendent deputy principal executive
    undersecretary under-secretary chief""".split()
)
# Words that may open a position's name ("Assistant Secretary for Policy").
TITLE_OPENERS = frozenset(
    """chief deputy assistant associate acting executive under vice principal senior special
    supervisory regional general permanent first second interim lead""".split()
)
_TITLE_WORDS = TITLE_HEADS | {"general"}
# "Inspector General", "Attorney General", "Surgeon General", "Director General".
_GENERAL_TITLES = re.compile(
    r"\b(?:inspector|attorney|solicitor|surgeon|director|secretary|postmaster|comptroller)"
    r"[ -]general$",
    re.I,
)
_HONORIFICS = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady hon rt rear adm admiral gen general lt col capt
    cmdr maj sgt rev""".split()
)
_SUFFIXES = frozenset("jr sr ii iii iv kc qc mp cbe obe mbe cb kcb dbe phd md esq".split())
_PERSON_TAIL = re.compile(r"\s*(?:,\s*|\()(?:acting|interim|(?:jr|sr)\.?)\)?\s*$", re.I)
_VACANCY = re.compile(r"^\(?\s*vacan(?:t|cy)\s*\)?$", re.I)
_NAME_TOKEN = re.compile(r"^[A-Z][a-zà-ÿ]*(?:[A-Z][a-zà-ÿ]+)?(?:['’-][A-Za-zà-ÿ]+)*\.?$")
_INITIAL = re.compile(r"^[A-Z]\.$")
# A cell run into the next: "PlansChad F. Wolf", "Secretary(vacancy)", "CommandantAdm. Karl".
_JOIN = re.compile(r"(?<=[a-z.)])(?=[A-Z(])")


def is_vacancy(text: str) -> bool:
    return bool(_VACANCY.match(text.strip()))


@lru_cache(maxsize=65536)
def looks_like_person(text: str, *, strict: bool = False) -> bool:
    """Two to five name tokens (initials, honorifics and suffixes allowed), no
    lower-case word, no title or unit word: "Jennifer B. Higgins", "Rear Adm.
    Brendan C. McPherson", "Brent Parsons, Acting". STRICT also wants an
    initial or an honorific, which a unit name never has."""
    text = _PERSON_TAIL.sub("", text.strip())
    tokens = text.replace(",", " ").split()
    if not 2 <= len(tokens) <= 6:
        return False
    names = 0
    marked = False
    for token in tokens:
        bare = token.rstrip(".").lower()
        if _INITIAL.match(token) or (len(token) == 1 and token.isupper()):
            marked = True
            continue
        if bare in _HONORIFICS:
            marked = True
            continue
        if bare in _SUFFIXES:
            continue
        if bare in {"de", "van", "von", "da", "del", "la", "le", "bin", "al"}:
            continue
        if not _NAME_TOKEN.match(token) or bare in TITLE_HEADS or bare in _UNIT_HINTS:
            return False
        names += 1
    return names >= 2 - (1 if marked else 0) and names >= 1 and (marked or not strict)


# Words that never occur in a person's name but often in unit names.
_UNIT_HINTS = frozenset(
    """office division directorate center centre program programme unit section branch bureau
    command service services team group agency administration staff council committee board
    commission panel laboratory institute corps force secretariat operations department
    affairs management policy planning security national federal international public
    regional region field support resources affairs information technology science
    intelligence enforcement investigations analysis engagement strategy plans budget
    finance legal compliance communications digital data health safety""".split()
)


@lru_cache(maxsize=65536)
def is_position(name: str) -> bool:
    """A post rather than a unit: "Deputy Administrator", "Chief of Staff", "Inspector
    General", "Secretary of Labor", "Executive Assistant Director – Operations Group",
    "Special Agent in Charge". A name opening with a unit word ("Office of the Chief
    Financial Officer") or ending in one ("Executive Equal Opportunity Staff") is not."""
    # a box: "Executive Assistant Director – Operations Group", "..., Human Resources Branch"
    text = re.split(r"\s+[–—-]\s+|,\s+", name.strip(), maxsplit=1)[0]
    words = text.replace(",", " ").split()
    if not words:
        return False
    if org_head_at_start(text):
        return False
    lower = [w.lower().strip(".:") for w in words]
    if _GENERAL_TITLES.search(text):
        return True
    if "agent" in lower or "agents" in lower:
        return True
    if lower[0] in TITLE_HEADS | TITLE_OPENERS:
        # "Chief of Staff", "Director of Operations", "Deputy Director for Operations"
        rest = lower[1:]
        cut = next((i for i, w in enumerate(rest) if w in ("of", "for", "to")), len(rest))
        head = [lower[0], *rest[:cut]]
        if all(w in TITLE_HEADS | TITLE_OPENERS | _TITLE_MODIFIERS for w in head) and any(
            w in TITLE_HEADS for w in head
        ):
            return True
    if org_head_at_end(text):
        return False
    if lower[0] == "chief" and len(lower) <= 4 and "of" not in lower:
        return True  # "Chief Inspector", "Chief Veterinary Officer", "Chief Economist"
    return lower[-1] in TITLE_HEADS and lower[-1] not in ("head",)


# Words that may stand inside a position's name before its head noun.
_TITLE_MODIFIERS = frozenset(
    """financial information operating technology privacy data digital human capital
    procurement acquisition security medical legal science scientific learning diversity
    counterintelligence intelligence operations administrative""".split()
)


@lru_cache(maxsize=65536)
def split_official(line: str) -> tuple[str, str] | None:
    """(unit or position, official) of a table row whose cells ran together:
    "Strategy, Policy, and PlansChad F. Wolf" -> ("Strategy, Policy, and Plans",
    "Chad F. Wolf"); "Deputy Secretary(vacancy)" -> ("Deputy Secretary", "(vacancy)").
    None unless the left part has two words or more and the right part is a
    person's name or a vacancy."""
    for match in _JOIN.finditer(line):
        at = match.start()
        left, right = line[:at].strip(), line[at:].strip()
        if len(left.split()) < 2 or not left[-1:].isalpha() and left[-1:] != ")":
            continue
        if is_vacancy(right) or looks_like_person(right):
            return left, right
    return None


@lru_cache(maxsize=65536)
def split_person_line(text: str) -> tuple[str, str] | None:
    """(title, person) of a line naming a unit's head: "Assistant Director Lisa Hammond",
    "Director: Tim Goobic", "Acting Executive Assistant Commissioner Diane Sabatino",
    "Jane Doherty, Regional Administrator", "ICE Director, John Morton". None otherwise."""
    text = " ".join(text.split())
    if not _TITLE_WORDS.intersection(text.lower().replace(",", " ").replace(":", " ").split()):
        return None
    if ":" in text:
        title, _, person = text.partition(":")
        if is_position(title) and (looks_like_person(person) or is_vacancy(person)):
            return title.strip(), person.strip()
    if "," in text:
        first, _, second = text.partition(",")
        if looks_like_person(first) and is_position(second):
            return second.strip(), first.strip()
        if is_position(first) and looks_like_person(second):
            return first.strip(), second.strip()
        if first.split()[-1:] and first.split()[-1].lower() in TITLE_HEADS \
                and looks_like_person(second):
            return first.strip(), second.strip()  # "ICE Director, John Morton"
    words = text.split()
    for cut in range(len(words) - 2, 0, -1):
        title, person = " ".join(words[:cut]), " ".join(words[cut:])
        if is_position(title) and words[cut - 1].lower() in TITLE_HEADS \
                and looks_like_person(person):
            return title, person
    return None
