"""Synthetic agencies: the words, names, descriptions and the first snapshot.

``make_snapshot(n, seed)`` builds a realistic agency: directorates over offices
over divisions over branches, programs and centers, with names such as
"Office of Border Intelligence Analysis", acronyms taken from the names, and
one to three sentences of description. ``synth.py`` reorganises such a
snapshot with known truth; this module makes it (and the names and
descriptions the reorganiser gives new units), checks a unit list as `load`
would, leaves descriptions out, and writes snapshot files.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from datetime import date, timedelta

from orgarchive.domain import Snapshot, Unit
from orgarchive.files.canonical import snapshot_dict

TOPICS = (
    "Border Intelligence Cyber Financial Fraud Narcotics Weapons Maritime Aviation Customs "
    "Immigration Detention Removal Asylum Refugee Visa Passport Trade Export Import Cargo "
    "Counterterrorism Counterintelligence Smuggling Trafficking Gang Firearms Explosives "
    "Forensic Laboratory Evidence Surveillance Tactical Emergency Disaster Continuity Privacy "
    "Records Information Technology Network Data Analytics Acquisition Procurement Contract "
    "Budget Finance Accounting Payroll Audit Compliance Ethics Integrity Inspection "
    "Investigative Legal Litigation Policy Planning Strategy Training Recruitment Workforce "
    "Personnel Benefits Health Safety Security Facilities Property Logistics Fleet Transportation "
    "Communications Outreach Legislative Community Victim Witness Juvenile Family Student "
    "Employment Worksite Benefit Identity Document Biometric Screening Vetting Targeting Liaison "
    "International Foreign Attache Regional Field Headquarters Operational Mission Readiness "
    "Performance Quality Standards Oversight Accountability Diversity Equal Civil Rights "
    "Language Medical Mental Claims Appeals Adjudication Enforcement Compliance Cultural Property "
    "Wildlife Intellectual Counterfeit Pharmaceutical Child Exploitation Human Rights Violators "
    "War Crimes Sanctions Threat Assessment Watchlist Fugitive Parole Probation Docket Bond"
).split()
FUNCTIONS = (
    "Analysis Operations Management Support Services Programs Coordination Enforcement "
    "Investigations Policy Affairs Planning Oversight Administration Development Response "
    "Integration Review Resources Systems Readiness Training Intelligence Compliance Liaison "
    "Protection Assistance Engineering Research Reporting"
).split()
_PLACE_WORDS = (
    "Atlanta Baltimore Boston Buffalo Chicago Dallas Denver Detroit El-Paso Houston Los-Angeles "
    "Miami Newark New-Orleans New-York Philadelphia Phoenix Salt-Lake-City San-Antonio San-Diego "
    "San-Francisco Seattle Saint-Paul Washington Harlingen Tucson Laredo Yuma Nogales Calexico "
    "Honolulu Anchorage San-Juan Guam Charlotte Nashville Memphis Louisville Kansas-City Omaha "
    "Portland Sacramento Albuquerque Oklahoma-City Tampa Orlando Jacksonville Norfolk Richmond "
    "Pittsburgh Cleveland Columbus Indianapolis Milwaukee Minneapolis Saint-Louis Birmingham "
    "Northeast Southeast Southwest Northwest Central Pacific Atlantic Gulf Caribbean Northern "
    "Southern Eastern Western Mid-Atlantic Great-Lakes Rocky-Mountain"
)
PLACES = tuple(p.replace("-", " ") for p in _PLACE_WORDS.split())
VERBS = (
    "Coordinates Directs Manages Oversees Supports Conducts Develops Provides Administers "
    "Leads Plans Evaluates Maintains Delivers Integrates Monitors Investigates Reviews "
    "Executes Advises"
).split()
OBJECTS = (
    "investigations", "operations", "policy guidance", "case management", "analytical products",
    "training programs", "technical assistance", "field activities", "partnerships",
    "interagency liaison", "oversight reviews", "resource allocation", "data collection",
    "threat assessments", "compliance inspections", "legal reviews", "procurement actions",
    "budget formulation", "workforce planning", "information sharing", "risk assessments",
    "security programs", "emergency response", "quality assurance", "performance reporting",
)
PURPOSES = (
    "across the agency", "for field offices nationwide", "in support of the mission",
    "with federal, state and local partners", "for senior leadership", "at ports of entry",
    "in coordination with headquarters", "to protect the public", "under applicable law",
    "with international counterparts", "for operational components", "in high-threat areas",
    "to improve accountability", "through standard procedures", "in priority regions",
)
KINDS_BY_DEPTH = (
    ("directorate",),
    ("office",),
    ("division",),
    ("branch", "program", "center"),
    ("unit", "section", "team"),
)
SMALL_WORDS = frozenset({"of", "and", "the", "for", "a", "an", "in", "on"})


def acronym_of(name: str) -> str:
    """Initials of a name's significant words: 'Office of Border Intelligence' -> 'OBI'."""
    return "".join(w[0].upper() for w in name.split() if w.lower() not in SMALL_WORDS)


def _topic_phrase(rng: random.Random) -> str:
    if rng.random() < 0.55:
        return rng.choice(TOPICS)
    a, b = rng.sample(TOPICS, 2)
    return f"{a} {b}" if rng.random() < 0.7 else f"{a} and {b}"


def make_name(rng: random.Random, kind: str) -> str:
    """A realistic name for a unit of ``kind``."""
    topic, function = _topic_phrase(rng), rng.choice(FUNCTIONS)
    place = rng.choice(PLACES)
    if kind == "directorate":
        return f"{topic} {function}" if rng.random() < 0.6 else f"{topic} {function} Directorate"
    if kind == "office":
        return f"Office of {topic} {function}" if rng.random() < 0.7 else f"{place} Field Office"
    if kind == "division":
        return f"{topic} {function} Division"
    if kind == "program":
        return f"{topic} {function} Program"
    if kind == "center":
        return f"{place} {topic} Center" if rng.random() < 0.6 else f"National {topic} Center"
    suffix = kind.capitalize()
    return f"{place} {topic} {suffix}" if rng.random() < 0.5 else f"{topic} {function} {suffix}"


def make_description(rng: random.Random, name: str) -> str:
    """One to three sentences, the first echoing the name's subject."""
    words = [w for w in name.split() if w.lower() not in SMALL_WORDS][:3]
    subject = " ".join(words).lower()
    sentences = [f"{rng.choice(VERBS)} {subject} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}."]
    for _ in range(rng.randint(0, 2)):
        topic = rng.choice(TOPICS).lower()
        sentences.append(
            f"{rng.choice(VERBS)} {topic} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}."
        )
    return " ".join(sentences)


class _Namer:
    """Unique keys and (mostly) unique names for one synthetic agency."""

    def __init__(self, rng: random.Random, units: tuple[Unit, ...] = ()) -> None:
        self.rng = rng
        self.names: set[str] = {u.name for u in units}
        self.keys: set[str] = {u.key for u in units}

    def name(self, kind: str) -> str:
        for _ in range(6):
            candidate = make_name(self.rng, kind)
            if candidate not in self.names:
                break
        self.names.add(candidate)
        return candidate

    def key(self, acronym: str) -> str:
        base = re.sub(r"[^a-z0-9]", "", acronym.lower()) or "u"
        start = self.rng.randint(100, 999) if base in self.keys else 0
        for n in range(start, start + len(self.keys) + 2):
            candidate = base if n == 0 else f"{base}-{n}"
            if candidate not in self.keys:
                self.keys.add(candidate)
                return candidate
        raise AssertionError("unreachable")

    def unit(self, kind: str, parent: str | None) -> Unit:
        name = self.name(kind)
        acronym = acronym_of(name)
        return Unit(
            key=self.key(acronym),
            name=name,
            acronym=acronym,
            kind=kind,
            parent=parent,
            description=make_description(self.rng, name),
            aliases=None,
        )


def make_snapshot(n_units: int, seed: int, agency: str = "SYN") -> Snapshot:
    """A complete snapshot of ``n_units`` units in a tree about six levels deep."""
    rng = random.Random(seed)
    namer = _Namer(rng)
    units: list[Unit] = []
    queue: list[tuple[str, int]] = []  # (key, depth), breadth first
    for _ in range(min(n_units, max(1, min(8, n_units // 5)))):
        u = namer.unit("directorate", None)
        units.append(u)
        queue.append((u.key, 0))
    head = 0
    while len(units) < n_units:
        parent, depth = queue[head]
        head += 1
        kinds = KINDS_BY_DEPTH[min(depth + 1, len(KINDS_BY_DEPTH) - 1)]
        for _ in range(rng.randint(3, 9)):
            if len(units) >= n_units:
                break
            u = namer.unit(rng.choice(kinds), parent)
            units.append(u)
            queue.append((u.key, depth + 1))
    return Snapshot(
        agency=agency,
        as_of=date(2020, 1, 1) + timedelta(days=seed % 365),
        units=tuple(units),
        agency_name="Synthetic Agency",
    )


def check_tree(units: list[Unit]) -> None:
    """The rules ``load`` enforces on a unit list: unique keys, every parent
    names a unit, no cycles. A generator bug fails here, not in a user's load."""
    by_key = {u.key: u for u in units}
    if len(by_key) != len(units):
        raise AssertionError("synth: duplicate unit keys")
    state: dict[str, int] = {}  # 1 = on the current path, 2 = reaches a root
    for u in units:
        path: list[str] = []
        cur: str | None = u.key
        while cur is not None and state.get(cur) != 2:
            if state.get(cur) == 1:
                raise AssertionError(f"synth: parent cycle through {cur}")
            if cur not in by_key:
                raise AssertionError(f"synth: parent {cur} names no unit")
            state[cur] = 1
            path.append(cur)
            cur = by_key[cur].parent
        for k in path:
            state[k] = 2


def _fields(u: Unit) -> dict[str, object]:
    return {"key": u.key, "name": u.name, "acronym": u.acronym, "kind": u.kind,
            "parent": u.parent, "description": u.description, "aliases": u.aliases}


def undescribe(snapshot: Snapshot, share: float) -> Snapshot:
    """The snapshot with the descriptions of about ``share`` of its units left
    out (chosen by key, so a unit keeping its key is undescribed on both sides:
    sources that say nothing of a unit usually say nothing of it again)."""
    if share <= 0:
        return snapshot
    cut = round(share * 1000)
    units = tuple(
        Unit(**{**_fields(u), "description": None})
        if zlib.crc32(u.key.encode()) % 1000 < cut else u
        for u in snapshot.units
    )
    return Snapshot(agency=snapshot.agency, as_of=snapshot.as_of, units=units,
                    agency_name=snapshot.agency_name, coverage=snapshot.coverage)


def _write(snapshot: Snapshot, path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(snapshot_dict(snapshot), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
