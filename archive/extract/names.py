"""What a short piece of page text names, judged before its context is looked at.

A heading, list item or table cell is a *unit* name when its head noun is an
organisational word ("Human Resources Division", "Office of Policy", "Border
Controls Team"), a *class* when it names a kind of unit in the plural ("Line
Offices", "Operational and Support Components"), a *position* or a *person*
(:mod:`people`), *furniture* (navigation, "Contact Us", "Last updated ..."),
the agency itself, a *sentence*, or else a plain *name* ("Disaster
Assistance", "Talent") that is a unit only where its context says so (a list
of units, an org chart, a table of offices: :mod:`structure`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .orgwords import org_head_at_end, org_head_at_start, org_word
from .people import is_position, is_vacancy, looks_like_person, split_person_line
from .words import ARTICLES, initials, looks_like_acronym, normalise_acronym, normalise_name

Judgement = Literal["unit", "name", "class", "position", "person", "furniture", "agency", "text"]

# Plural classes of units: a heading "Line Offices" introduces units, it is none.
CLASS_WORDS = frozenset(
    """offices divisions directorates branches sections units bureaus agencies components
    departments organizations organisations groups teams elements commands centers centres
    programs programmes chapters areas bodies functions""".split()
)
# Modifiers that make no unit of a class noun: "Staff Offices", "Four Operational Divisions".
_GENERIC = frozenset(
    """line staff field regional leadership other operational operating support supporting
    program programme headquarters hq our key main major corporate business mission
    administrative executive international domestic local district state area component
    associated related additional special subordinate agency departmental management
    primary core national central functional practice and & of the its their one two three
    four five six seven eight nine ten eleven twelve several various all within""".split()
)
_FURNITURE_NAMES = frozenset(
    normalise_name(t)
    for t in """How We Work|How It Works|Read More|Learn More|Contact Information|Contact Us|
    Contact|About Us|About|In Focus|Info Updates|Advanced Search|Related Information|
    Related Links|Related Content|Related|Quick Links|Resources|Further Reading|See Also|
    More Information|Talk to a Lawyer|Careers|Jobs|Partners|Address|Information Library|
    National Threat Advisory|Threat Advisory|Report Suspicious Activity|Site Map|Share|
    Follow Us|Connect With Us|Skip to main content|Menu|Search|Home|Overview|Leadership|
    Organization|Organisation|Structure|Our Structure|Our Organization|Our Organisation|
    Organizational Structure|Organisational Structure|Organization Structure|
    Organization Chart|Organizational Chart|Org Chart|Org Charts|What We Do|Who We Are|
    Locations|Where We Work|History|Mission|Our Mission|Priorities|Our Priorities|
    Corporate Information|Corporate Report|News|Press|Media|Events|Privacy Policy|Privacy|
    Accessibility|FOIA|Freedom of Information Act|Sign In|Log In|Subscribe|Print|Email|
    Here's how you know|Getting Started|Download Plug-in|Last Modified|Last Updated|
    Published|Top|Back to Top|Main Content|Footer|Breadcrumb|Feedback|Help|Sources of
    Information|Our Work|Our Organization Chart|Leadership and Structure|Documents|
    Publications|Reports|Budget|Strategy|Business Plan|Objectives|Table of Contents|Contents|
    Cover Page|Index|Glossary|Downloads|Attachments|Links|Website|Websites|Login|Log in|
    Sign up|Register""".split("|")
)
_FURNITURE_PATTERN = re.compile(
    r"\b(?:org(?:ani[sz]ation(?:al)?)? ?charts?|printable|pdf|\d+ ?kb|last (?:modified|updated|"
    r"reviewed)|page last|approved by|skip to|official website|official websites|"
    r"here's how|cookies?|javascript|copyright|all rights reserved|click here|"
    r"download|subscribe|newsletter|sign up|e-?mail us|phone|fax|tel\b|"
    r"https?://|www\.|(?<![A-Za-z])\.(?:gov|com|org)\b|@)",
    re.I,
)
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b|"
    r"\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{4}\b|"
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.I,
)
_ADDRESS = re.compile(r"\b[A-Z]{2},?\s+\d{5}(?:-\d{4})?$|\b[A-Z]{1,2}\d{1,2}[A-Z]? \d[A-Z]{2}$")
_NOT_A_NAME = re.compile(
    r"^(?:how|what|why|where|when|who|get|talk|learn|view|need|find|see|report|contact|"
    r"connect|follow|share|click|read|call|visit|download|print|subscribe|sign|log|return|"
    r"back|go|skip|explore|browse|discover|apply|join|register|submit|watch|check|"
    r"search|please|welcome|thank|we|our|you|your|this|these|those|it|they|there|here|"
    r"if|to|in|on|at|by|from|with|for|as|and|or|but|also|each|every|all|some|most|more|"
    r"published|updated|date|approved|posted|last|page|next|previous|related|"
    r"question|questions|faq|faqs)\b",
    re.I,
)
_NATIONAL = re.compile(r"^(?:the )?(?:u\.?s\.? |united states |us )", re.I)
# Head nouns of documents and page parts: "Functions Manual Cover Page", "Business Plan".
_DOCUMENTS = frozenset(
    """manual page pages report reports guide guidance handbook chart charts map maps
    directory form forms brochure newsletter website site portal pdf document documents
    contents index faq faqs factsheet sheet sheets biography biographies bio video videos
    photo photos image images logo""".split()
)
_DEPARTMENT = re.compile(r"^(?:the\s+)?(?:U\.?S\.?\s+|United States\s+)?(?:Department|Ministry)"
                         r"\s+(?:of|for)\b", re.I)
_PRONOUN = re.compile(r"^(?:we|our|you|your|this|these|those|it|they|there|here|if)\b", re.I)
_LAW = re.compile(r"^section \d|\b(?:act|acts|law|regulations?|statute|code|order)(?: of \d{4})?$|"
                  r"\bpublic law\b|\bact of \d{4}\b", re.I)
_PAREN = re.compile(r"\s*\(([^()]{0,300})\)")
_DASH = re.compile(r"\s+[–—-]+\s+|\s*[–—]\s*")
_ABOUT = re.compile(r"^about\s+(?:the\s+)?(?=[A-Z0-9])", re.I)
_MINOR = frozenset(
    "of the and for to in on at a an & de la du des et with within under by".split()
)


@lru_cache(maxsize=65536)
def has_org_head(name: str) -> bool:
    """Is the name's head noun an organisational word? ("IPR Center Report": no.)"""
    if org_head_at_start(name) or org_head_at_end(name):
        return True
    # "Homeland Security Investigations Office of Intelligence": a unit word then "of"
    words = name.split()
    return any(
        org_word(w) and i + 1 < len(words) and words[i + 1].lower() in ("of", "for")
        for i, w in enumerate(words[1:-1], start=1)
    )


@lru_cache(maxsize=65536)
def is_class(name: str) -> bool:
    """A plural kind of unit with only generic modifiers: "Line Offices", "Operational
    and Support Components", "Four Operational Divisions Within ICE", "Other Offices"."""
    words = re.sub(r"\([^()]*\)", " ", name).replace(",", " ").split()
    if len(words) >= 2 and words[-1] in CLASS_WORDS and words[-2][:1].isupper():
        return True  # "Office of Solutions teams": the teams of a unit, in lower case
    if "within" in (w.lower() for w in words):
        words = words[: [w.lower() for w in words].index("within")]
    if not words or words[-1].lower() not in CLASS_WORDS:
        return False
    return all(w.lower() in _GENERIC or w.lower() in CLASS_WORDS or w.isdigit()
               for w in words[:-1])


@lru_cache(maxsize=65536)
def is_furniture(name: str) -> bool:
    key = normalise_name(name)
    if not key or key in _FURNITURE_NAMES:
        return True
    if key.split()[-1] in _DOCUMENTS and not has_org_head(name):
        return True  # "Functions Manual Cover Page", "Organization Chart (PDF)"
    if key.startswith("about ") and not has_org_head(name):
        return True  # "About CBP", "About us"
    return bool(_FURNITURE_PATTERN.search(name) or _DATE.search(name) or _ADDRESS.search(name))


@lru_cache(maxsize=65536)
def is_law(name: str) -> bool:
    """ "Section 287(g) ...", "... Act of 2002", "Public Law 107-296"; a name whose head is
    a unit word is none ("Office of Nuclear Reactor Regulation")."""
    return bool(_LAW.search(name.strip())) and not has_org_head(name)


@lru_cache(maxsize=65536)
def is_agency(name: str, acronym: str | None, own: frozenset[str], code: str) -> bool:
    """The agency itself: its code or name, a name whose initials spell the code
    ("Drug Enforcement Administration" for DEA, "U.S. Marshals Service" for USMS), or
    the code followed only by a unit word or "organization" ("ICE Operations")."""
    key = normalise_name(name)
    if key in own or (acronym and normalise_acronym(acronym) in own):
        return True
    bare = _NATIONAL.sub("", name.strip())
    upper = code.upper()
    for form in (bare, name.strip()):
        if len(upper) >= 2 and form[:1].upper() == upper[0]:
            tokens = re.findall(r"[A-Za-z0-9]+", form)
            every = "".join(w[0] for w in tokens).upper()
            whole = "".join(w if w.isupper() else w[0] for w in tokens
                            if w.lower() not in ("of", "the", "and", "for")).upper()
            if upper in (initials(form), every, whole):
                return True
    words = name.replace("’", "'").split()
    if words and normalise_acronym(words[0].removesuffix("'s")) == normalise_acronym(code):
        rest = [w.lower() for w in words[1:]]
        generic = {"organization", "organisation", "organizational", "organisational", "structure",
                   "operations", "overview", "headquarters", "offices", "components", "agency"}
        return not rest or all(w in generic for w in rest) or words[0].endswith("'s")
    return False


@lru_cache(maxsize=65536)
def looks_like_name(text: str) -> bool:
    """Capitalised like a proper name, short, not a sentence: "Disaster Assistance",
    "18F", "GOV.UK", "Digital, Data and Technology", "Wealthy and Mid-sized Business
    Compliance"; not "provide simpler, clearer access to ...", not "Twenty-four
    international offices"."""
    text = text.strip()
    if not text or len(text) > 120 or text[-1:] in ".;!?" and not text.endswith(".UK"):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if _NOT_A_NAME.match(text) and (_PRONOUN.match(text) or not org_head_at_end(text)):
        return False  # "Contact Us", "Learn More"; but "Contact Centers" is a unit
    words = [w.strip(",()") for w in text.split()]
    words = [w for w in words if w]
    if len(words) > 12 or words[-1].lower() in _MINOR or text.endswith(","):
        return False
    lower = [w for w in words[1:] if w[:1].islower() and w.lower() not in _MINOR]
    if len(lower) > max(0, (len(words) - 1) // 4):
        return False
    return not (words[0][:1].isdigit() and len(words) > 1 and words[1][:1].islower())


@dataclass(frozen=True, slots=True)
class CleanName:
    """A candidate name with what was cut from it."""

    name: str
    acronym: str | None = None
    detail: str | None = None  # a long parenthesis or a dash's description: description text
    head: str | None = None  # a position or person cut off: "Assistant Administrator"
    whole: str = ""  # the text as the page gives it


@lru_cache(maxsize=65536)
def clean_name(text: str) -> CleanName:
    """Cut a list item, cell or line down to the name it gives: "Human Resources
    Division, Assistant Administrator" -> "Human Resources Division"; "Cyber Division
    (Assistant Director: Alan Price)" -> "Cyber Division"; "Office of Management / Chief
    Financial Officer" -> "Office of Management"; "Identity Assurance (IDA)" -> acronym
    IDA; "Region I (Connecticut, Maine, ...)" -> "Region I", the states as detail."""
    whole = " ".join(text.split()).strip()
    name = whole.rstrip(":").strip()
    name = strip_about(name)
    acronym = detail = head = None
    for match in list(_PAREN.finditer(name)):
        inner = match.group(1).strip()
        if looks_like_acronym(inner) or _spelled_acronym(inner):
            acronym = acronym or inner
        elif ":" in inner or is_position(inner) or is_vacancy(inner) \
                or looks_like_person(inner, strict=True):
            head = head or inner
        elif re.fullmatch(r"\d+|[a-z ]+", inner):
            pass  # "(25)", "(acting)"
        else:
            detail = detail or inner
        name = name.replace(match.group(0), " ", 1)
    name = " ".join(name.split())
    label, colon, rest = name.partition(": ")
    if colon and rest and looks_like_name(label) and not looks_like_name(rest):
        name, detail = label, detail or rest  # "Office of X: responsible for ..."
    parts = _DASH.split(name, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        if is_position(parts[0]):
            head = head or name  # a position box: "Executive Assistant Director – Operations"
        elif looks_like_name(parts[0]) and (not looks_like_name(parts[1]) or is_position(parts[1])
                                             or split_person_line(parts[1]) is not None):
            name, detail = parts[0], detail or parts[1]
    for separator in (" / ", ", ", "; "):
        if separator in name:
            left, _, right = name.rpartition(separator)
            if left and (is_position(right) or looks_like_person(right, strict=True)
                         or is_vacancy(right)) and not is_position(left):
                name, head = left, head or right
    return CleanName(name=name.strip(" ,;:–—-"), acronym=acronym, detail=detail, head=head,
                     whole=whole)


def strip_about(name: str) -> str:
    """ "About the Office of Research and Development" -> "Office of Research and Development"."""
    about = _ABOUT.match(name)
    if about and has_org_head(name[about.end():]):
        return name[about.end():]
    return name


def _spelled_acronym(text: str) -> bool:
    """ "DE and D": an acronym written with a lower-case joining word."""
    parts = text.split()
    return 2 <= len(parts) <= 4 and all(p.isupper() or p in ("and", "&", "of") for p in parts) \
        and sum(p.isupper() for p in parts) >= 2


@lru_cache(maxsize=65536)
def judge(name: str, *, own: frozenset[str], code: str, acronym: str | None = None) -> Judgement:
    """What NAME is, before its context: see the module's docstring."""
    text = name.strip()
    if not text:
        return "text"
    if is_furniture(text):
        return "furniture"
    if is_agency(text, acronym, own, code) or _DEPARTMENT.match(text):
        return "agency"  # the agency itself, or a government department
    if is_law(text):
        return "text"
    if text[:1].isupper() and is_class(text):
        return "class"  # "Office of Solutions teams", "Line Offices"
    if not looks_like_name(text):
        if looks_like_acronym(text):
            return "name"
        return "text"
    if split_person_line(text) is not None or looks_like_person(text, strict=True):
        return "person"
    if text.isupper() and len(text) > 5 and not has_org_head(text) and " " in text:
        return "text"  # "TABLE OF CONTENTS", "OVERVIEW": a section's label
    if is_position(text):
        return "position"
    if is_class(text):
        return "class"
    if has_org_head(text) or acronym:
        return "unit"
    return "name"


def strip_article(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in ARTICLES:
        words = words[1:]
    return " ".join(words)
