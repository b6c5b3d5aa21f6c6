"""Units that running text names, and the parents it states.

* A sentence that opens with a unit name and goes on to say what it does: "The
  Asylum Division manages ...", "..., and the Office of Science Information
  Management runs ...".
* An enumeration after a statement of make-up: "18F is organized into five
  chapters: Design, Engineering, ...", "ORD's centers are the Center for ...,
  the Center for ...", "There are also three supporting practice areas: ...";
  its subject is the items' parent (none when it is the agency itself).
* A statement that introduces what follows: "RAIO is made up of three
  divisions:" before three paragraphs about them, "It includes:" before a list.
* A stated relation: "Within the X, the Y Division prepares ...", "the Office of
  Delivery (where TTS Consulting is housed)".

"The directorate", "It" and "This office" stand for the unit last named.
Outside these shapes a name in the text is not taken: other agencies, laws and
programmes named in passing stay out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .enumerations import (
    ARE_CLASS,
    CLASS_MENTION,
    COUNTED,
    LEAD_IN,
    OPENER,
    count_of,
    make_up,
    split_items,
)
from .found import Agency, FoundUnit
from .names import CLASS_WORDS, has_org_head, is_agency, judge, looks_like_name, strip_article
from .orgwords import org_word
from .words import kind_from_name, looks_like_acronym, normalise_name, sentences

_RELATION_IN = re.compile(
    r"\((?:where|in which)\s+(?:the\s+)?(?P<child>[A-Z0-9][^()]{1,80}?)\s+(?:is|are)\s+"
    r"(?:housed|located|based|placed)\)"
)
_WITHIN = re.compile(
    r"^(?:Within|Under|Inside)\s+the\s+(?P<parent>[A-Z][^,]{2,100}?),\s+(?:the\s+)?"
    r"(?P<rest>.+)$"
)
_CLAUSE = re.compile(r"(?:^|,\s+and\s+|;\s+|,\s+while\s+)")
# Words that cannot follow a unit name that is a clause's subject.
_NOT_A_VERB = frozenset(
    """of for and or in on at to by with from as the a an its their this that which who whose
    where when while including such""".split()
)
_ANAPHORA = re.compile(r"^(?:the|this|that|its)\s+(?P<kind>[a-z]+)$|^(?:it|they)$", re.I)
_MINOR = frozenset("of and for the & on in to de".split())
_PLURAL_VERB = re.compile(r"\s+are\b")  # "A and B are ...": a list, read as an enumeration


@dataclass
class ProseFinds:
    units: list[FoundUnit] = field(default_factory=list)
    intro_parent: dict[int, FoundUnit | None] = field(default_factory=dict)  # block -> parent
    subject: FoundUnit | None = None  # the unit the page is about, if a statement names it
    # statements of make-up in a class of units with no list: (block, subject, class)
    sections_of: list[tuple[int, FoundUnit | None, str]] = field(default_factory=list)


@dataclass
class _State:
    last: FoundUnit | None = None  # the unit last named, for "the directorate" and "it"
    pending: FoundUnit | None = None  # parent of units that follow "X is made up of ...:"
    pending_left: int = 0
    pending_set: bool = False
    enumerated: FoundUnit | None = None  # subject of the last enumeration, for "There are also"


def prose_units(blocks: list[Block], agency: Agency, known: dict[str, FoundUnit]) -> ProseFinds:
    """KNOWN: units already found, by normalised name and acronym, so that a subject
    ("RAIO", "18F") names the unit the page has shown rather than a new one."""
    finds = ProseFinds()
    state = _State()
    read: set[str] = set()  # a paragraph repeated on the page is read once
    for index, block in enumerate(blocks):
        if block.kind == "heading" and block.level:
            state.pending_set = False
        if block.kind != "prose":
            if block.kind in ("heading", "line", "list", "row") and not block.label:
                hit = known.get(normalise_name(block.text))
                if hit is not None:
                    state.last = hit
            continue
        if block.text in read:
            continue
        read.add(block.text)
        for number, sentence in enumerate(sentences(block.text[:20_000], 12)):
            _read_sentence(sentence, number, index, block, agency, known, finds, state)
    return finds


def _read_sentence(sentence: str, number: int, index: int, block: Block, agency: Agency,
                   known: dict[str, FoundUnit], finds: ProseFinds, state: _State) -> None:
    sentence = sentence.strip()
    within = _WITHIN.match(sentence)
    if within:
        parent = _resolve(within.group("parent"), index, agency, known, finds, state)
        child = _subject_name(within.group("rest"))
        if child and parent is not None:
            unit = _named_unit(child, index, block, agency, known, finds, state, sentence)
            if unit is not None and unit is not parent and unit.parent is None:
                unit.parent = parent
                unit.parent_note = f"parent from the text: {sentence[:160]!r}"
        return
    for clause_at, clause in enumerate(_clauses(OPENER.sub("", sentence))):
        subject = _subject_name(clause)
        if subject and has_org_head(subject) and _verb_follows(clause, subject, clause_at) \
                and not all(org_word(w) for w in subject.split()) \
                and not (" and " in subject and _PLURAL_VERB.match(clause, clause.find(subject)
                                                                   + len(subject))):
            unit = _named_unit(subject, index, block, agency, known, finds, state, sentence)
            if unit is not None and clause_at == 0 and state.pending_set:
                _take_pending(unit, state)
    _enumeration(sentence, index, block, agency, known, finds, state)
    for match in _RELATION_IN.finditer(sentence):
        child = match.group("child").strip()
        before = sentence[: match.start()].rstrip()
        parent_name = _tail_name(before)
        if parent_name and looks_like_name(child):
            parent = _resolve(parent_name, index, agency, known, finds, state)
            unit = _named_unit(child, index, block, agency, known, finds, state, sentence,
                               any_name=True)
            if unit is not None and parent is not None and unit is not parent:
                unit.parent = unit.parent or parent
                unit.parent_note = f"parent from the text: {match.group(0)!r}"


def _verb_follows(clause: str, subject: str, clause_at: int) -> bool:
    """Is the name the clause's subject: followed by a lower-case word that can be a
    verb ("The Asylum Division manages"), not by a preposition? At the start of a
    sentence an aside between commas may come first ("The International Operations
    Division, with offices around the world, is ...")."""
    at = clause.find(subject)
    rest = clause[at + len(subject):] if at >= 0 else ""
    rest = re.sub(r"^\s*\([^()]{1,20}\)", "", rest)
    if clause_at == 0 and clause[:4].lower() == "the " and rest.startswith(","):
        rest = re.sub(r"^,[^,]{1,80},", "", rest)
    match = re.match(r"\s+([a-z][a-z'-]*)", rest)
    return match is not None and match.group(1) not in _NOT_A_VERB


def _take_pending(unit: FoundUnit, state: _State) -> None:
    if unit.parent is None and state.pending is not None and unit is not state.pending:
        unit.parent = state.pending
        unit.parent_note = f"parent guessed: the text says {state.pending.name!r} is made of these"
    if state.pending_left:
        state.pending_left -= 1
        if state.pending_left == 0:
            state.pending_set = False


def _clauses(sentence: str) -> list[str]:
    parts = _CLAUSE.split(sentence)
    return [p for p in parts if p]


def _subject_name(text: str) -> str | None:
    """The capitalised name a clause opens with, "The" left out, up to the first
    lower-case word that is not a joining word: "The Office of Science Advisor,
    Policy and Engagement coordinates ..." -> "Office of Science Advisor, Policy and
    Engagement"; an acronym in parentheses after it is kept: "... (OPP) is"."""
    tokens = text.split()
    if tokens and tokens[0].lower() == "the":
        tokens = tokens[1:]
    taken: list[str] = []
    for token in tokens[:16]:
        bare = token.rstrip(",")
        if bare[:1].isupper() or bare[:1].isdigit() or bare.lower() in _MINOR \
                or re.fullmatch(r"\([A-Za-z0-9&.-]{2,12}\)", bare):
            taken.append(token)
            if token.endswith(",") and not _continues(tokens, len(taken)):
                break
            continue
        break
    while taken and (taken[-1].rstrip(",").lower() in _MINOR):
        taken.pop()
    name = " ".join(taken).rstrip(",")
    return name if name and len(taken) < len(tokens) else None


def _continues(tokens: list[str], taken: int) -> bool:
    """After a comma, does the name go on ("Science Advisor, Policy and Engagement")?"""
    rest = tokens[taken:taken + 3]
    return len(rest) >= 2 and rest[0][:1].isupper() and rest[0].lower() not in ("the",) \
        and any(w.lower() in ("and", "&") for w in rest)


def _tail_name(text: str) -> str | None:
    """The capitalised name a text ends with: "... two branches, the Office of Delivery"."""
    words = text.split()
    taken: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (taken and word.lower() in _MINOR - {"the"}):
            taken.insert(0, word.strip(","))
            if word.endswith(","):
                break
            continue
        break
    while taken and taken[0].lower() in _MINOR:
        taken.pop(0)
    return " ".join(taken) or None


def _enumeration(sentence: str, index: int, block: Block, agency: Agency,
                 known: dict[str, FoundUnit], finds: ProseFinds, state: _State) -> None:
    listed = ARE_CLASS.match(OPENER.sub("", sentence))
    if listed and (" and " in listed.group("items") or "," in listed.group("items")):
        names = [name for _, name in split_items(listed.group("items"))]
        if len(names) >= 2 and all(names):
            for name in names:
                if name is not None:
                    _named_unit(name, index, block, agency, known, finds, state, sentence,
                                any_name=True)
            return
    subject_text, rest = make_up(sentence)
    if rest is None:
        return
    counted = COUNTED.match(rest)
    noun = counted.group("noun").lower() if counted else ""
    count = count_of(counted.group("count")) if counted else None
    items_text = counted.group("items") if counted and counted.group("sep") else ""
    if not re.search(rf"(?:{'|'.join(CLASS_WORDS)}|areas|practices|teams|groups)$", noun) \
            and count is None:
        # "is made up of the A, the B and the C": the list itself follows the verb
        items_text, noun = rest, ""
    if subject_text is None and (counted is None or counted.group("sep") != ":"):
        return  # "There are two programs currently used by ICE, the ...": in passing
    items_text = LEAD_IN.sub("", items_text.strip())
    introduces = not items_text.strip(" .:")
    if introduces and not (sentence.rstrip().endswith(":") or count):
        if subject_text is not None and CLASS_MENTION.search(noun):
            # "The Office of Solutions is organized into product teams.": the sections
            # after it may be those teams (read in units.py)
            finds.sections_of.append((index, _resolve(subject_text, index, agency, known,
                                                      finds, state), noun))
        return
    items = [] if introduces else split_items(items_text)
    good = [(item, name) for item, name in items if name is not None]
    if not introduces and (len(good) < 2 or len(good) * 10 < len(items) * 6):
        return
    if subject_text is None:
        parent = state.enumerated or state.last
    else:
        parent = _resolve(subject_text, index, agency, known, finds, state)
        if parent is not None:
            state.last = parent
    if introduces:
        state.pending = parent
        state.pending_left = count or 0
        state.pending_set = True
        finds.intro_parent[index] = parent
        return
    state.enumerated = parent
    for item, name in good:
        unit = _named_unit(name, index, block, agency, known, finds, state, sentence,
                           any_name=True)
        if unit is None:
            continue
        if parent is not None and unit is not parent and unit.parent is None:
            unit.parent = parent
            unit.parent_note = f"parent from the text: {sentence[:160]!r}"
        for match in _RELATION_IN.finditer(item):
            child = _named_unit(match.group("child").strip(), index, block, agency, known,
                                finds, state, sentence, any_name=True)
            if child is not None and child is not unit and child.parent is None:
                child.parent = unit
                child.parent_note = f"parent from the text: {match.group(0)!r}"
    state.last = parent or state.last
    if count is not None and count != len(good):
        for _, name in good:
            hit = known.get(normalise_name(name))
            if hit is not None and hit.from_text:
                hit.notes.append(f"the text counts {count} {noun} but lists {len(good)}; check")


def _resolve(text: str, index: int, agency: Agency, known: dict[str, FoundUnit],
             finds: ProseFinds, state: _State) -> FoundUnit | None:
    """The unit a subject stands for; None for the agency itself or what is no unit."""
    anaphora = _ANAPHORA.match(text.strip().rstrip(","))
    if anaphora and state.last is not None:
        kind = anaphora.group("kind")
        if kind is None or state.last.kind == kind or kind in state.last.name.lower():
            return state.last  # "The directorate consists of ...", "It includes ..."
    text = strip_article(text.strip()).rstrip(",")
    verbs = [w for w in text.split() if w[:1].islower() and w.lower() not in _MINOR]
    if (verbs or not looks_like_name(text)) and not _ANAPHORA.match(text):
        lead = _subject_name(text + " x")  # "The Chief Executive's Office supports ... and"
        if lead is None:
            return None
        text = lead
    first, _, rest = text.partition(" ")
    if rest and first.upper() == agency.code.upper() and has_org_head(rest):
        text = rest  # "ICE Office of Intelligence"
    if all(org_word(w) for w in text.split()):
        return None  # "Services include ...": a common noun
    anaphora = _ANAPHORA.match(text) or _ANAPHORA.match(f"the {text}")
    if anaphora and state.last is not None:
        kind = anaphora.group("kind") if anaphora.group(0).split()[0].lower() != "it" else None
        if kind is None or state.last.kind == kind or kind in state.last.name.lower():
            return state.last
    match = re.match(r"^(.*?)\s*\(([A-Za-z0-9&.-]{2,12})\)$", text)
    name, acronym = (match.group(1), match.group(2)) if match else (text, None)
    if is_agency(name, acronym, agency.own, agency.code):
        return None
    hit = known.get(normalise_name(name)) or known.get(normalise_name(acronym or ""))
    if hit is None and looks_like_acronym(name):
        hit = known.get(name.upper())
    if hit is not None:
        return hit
    if judge(name, own=agency.own, code=agency.code, acronym=acronym) not in ("unit", "name"):
        return None
    return _add(name, acronym, index, agency, known, finds, f"named in the text: {text!r}")


def _named_unit(name: str, index: int, block: Block, agency: Agency,
                known: dict[str, FoundUnit], finds: ProseFinds, state: _State, sentence: str,
                any_name: bool = False) -> FoundUnit | None:
    match = re.match(r"^(.*?)\s*\(([A-Za-z0-9&.-]{2,12})\)$", name.strip())
    bare, acronym = (match.group(1), match.group(2)) if match else (name.strip(), None)
    bare = strip_article(bare)
    first, _, rest = bare.partition(" ")
    if rest and first.upper() == agency.code.upper() and has_org_head(rest):
        bare = rest  # "ICE Office of Intelligence": the agency's Office of Intelligence
    if re.match(r"^(?:U\.S\.\s+)?(?:Department|Ministry)\s+(?:of|for)\b", bare):
        return None  # another government department
    hit = known.get(normalise_name(bare))
    if hit is None:
        verdict = judge(bare, own=agency.own, code=agency.code, acronym=acronym)
        if verdict != "unit" and not (any_name and verdict == "name"):
            return None
        hit = _add(bare, acronym, index, agency, known, finds, sentence)
        if hit.description is None and bare in sentence[: len(bare) + 8]:
            hit.description = sentence
    state.last = hit
    return hit


def _add(name: str, acronym: str | None, index: int, agency: Agency,
         known: dict[str, FoundUnit], finds: ProseFinds, why: str) -> FoundUnit:
    del agency
    unit = FoundUnit(name=name, acronym=acronym, block=index, sub=len(finds.units) + 1,
                     from_text=True)
    unit.kind = kind_from_name(name)
    unit.notes.append(f"seen only in the text: {why[:160]!r}" if not why.startswith("named")
                      else f"seen only in the text, {why}")
    finds.units.append(unit)
    known[normalise_name(name)] = unit
    if acronym:
        known[acronym.upper()] = unit
    return unit
