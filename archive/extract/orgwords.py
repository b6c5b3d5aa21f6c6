"""Organisational head nouns: what makes "Human Resources Division" or "Office of Policy"
name a unit ("IPR Center Report" does not: its head noun is "Report")."""

from __future__ import annotations

import re

# Head nouns of units (singular); a plural is read through _singular.
ORG_WORDS = frozenset(
    """office directorate division center centre program programme unit section branch bureau
    command service team group agency administration staff council committee board commission
    panel laboratory lab institute corps force secretariat operations department academy
    fleet desk cell headquarters region district chapter taskforce task-force
    directorate-general""".split()
)

def _singular(word: str) -> str:
    word = word.lower().strip(".,;:'’")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "operations", "affairs", "services")):
        return word[:-1]
    return word


def org_word(word: str) -> bool:
    lower = word.lower().strip(".,;:'’")
    return lower in ORG_WORDS or _singular(lower) in ORG_WORDS or lower == "services"


def org_head_at_start(name: str) -> bool:
    """"Office of Policy", "Division of New and Renewed Licenses", "Centers of Excellence"."""
    words = name.split()
    return len(words) >= 3 and org_word(words[0]) and words[1].lower() in ("of", "for", "on")


def org_head_at_end(name: str) -> bool:
    """"Human Resources Division", "Region I", "Talent Team", "NOAA Fisheries" (no)."""
    words = [w for w in re.sub(r"\([^()]*\)", " ", name).split() if w not in ("&",)]
    if not words:
        return False
    if org_word(words[-1]):
        return True
    # "Region I", "Region 5", "District 7": a unit word and a number
    return (
        len(words) >= 2
        and words[-2].lower() in ("region", "district", "area", "zone", "sector", "unit")
        and bool(re.fullmatch(r"[IVXLC]{1,6}|\d{1,3}[A-Z]?", words[-1]))
    )
