"""Per-page precision, recall and parents right of `extract`, with the strict name rule.

    .venv/bin/python benchmarks/extract_accuracy.py [--set real|seeds|layouts|held_out]... [-v]

Sets: the real archived pages of ../shared/real/pages/ (keys in its expect.json),
the five seed pages of ../shared/seeds/ (keys tests/extract_expected/<stem>.yaml),
the layouts written for development (tests/extract_pages/layouts/, keys
tests/extract_expected/layouts.json) and the held-out pages (held_out/, scored
only to measure generalisation). Without --set: real, seeds and layouts.

Strict name rule: a drafted unit matches a key unit when its normalised name
equals the key unit's name or one of its aliases (case, punctuation, articles,
parenthesised parts, "and"/"&", "of" and "for" ignored), or both have an acronym
and the acronyms are equal (upper case). A long name that merely contains the
key's ("Chief Financial OfficerTroy D. Edgar Chief Information Officer...") is
not a match. Precision = drafted units matching a key unit or an optional one /
drafted; recall = key units matched / key units; parents right = matched key
units whose drafted parent is the key's parent or one of its parent_alt (null:
top level; a parent that is the agency itself counts as top level) / matched key
units. Time is the CPU time of the draft (reading, parsing, recognising).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from orgarchive.domain import Unit
from orgarchive.errors import InputError
from orgarchive.extract.draft import extract_file

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
KEYS = REPO / "tests" / "extract_expected"
PAGES = REPO / "tests" / "extract_pages"
_DROP = {"the", "a", "an", "of", "for", "and", "&"}


def norm(name: str | None) -> str:
    text = re.sub(r"\([^()]*\)", " ", (name or "").lower()).replace("’", "'")
    return " ".join(w for w in re.findall(r"[a-z0-9]+", text.replace("'", "")) if w not in _DROP)


@dataclass
class KeyUnit:
    name: str
    acronym: str | None
    aliases: list[str]
    parent: str | None
    parent_alt: list[str | None]

    def matches(self, unit: Unit) -> bool:
        names = {norm(self.name), *(norm(a) for a in self.aliases)} - {""}
        drafted = {norm(unit.name), *(norm(a) for a in unit.aliases or ())} - {""}
        if names & drafted:
            return True
        return bool(self.acronym and unit.acronym
                    and self.acronym.strip().upper() == unit.acronym.strip().upper())


@dataclass
class Page:
    set: str
    path: Path
    agency: str
    as_of: str
    agency_names: list[str]
    units: list[KeyUnit]
    optional: list[KeyUnit]


def _key_unit(raw: dict[str, Any]) -> KeyUnit:
    return KeyUnit(raw["name"], raw.get("acronym"), list(raw.get("aliases") or []),
                   raw.get("parent"), list(raw.get("parent_alt") or []))


def load_set(name: str) -> list[Page]:
    if name == "seeds":
        pages = []
        for page in sorted((SHARED / "seeds").glob("*.txt")):
            key = yaml.safe_load((KEYS / f"{page.stem}.yaml").read_text())
            pages.append(Page("seeds", page, "ICE", "2010-01-01",
                              ["U.S. Immigration and Customs Enforcement", "ICE"],
                              [_key_unit(u) for u in key["units"]], []))
        return pages
    folder, keys = {
        "real": (SHARED / "real" / "pages", SHARED / "real" / "pages" / "expect.json"),
        "layouts": (PAGES / "layouts", KEYS / "layouts.json"),
        "held_out": (PAGES / "held_out", KEYS / "held_out.json"),
    }[name]
    data = json.loads(keys.read_text(encoding="utf-8"))
    return [
        Page(name, folder / stem, entry.get("agency", "X"), entry.get("as_of", "2010-01-01"),
             entry.get("agency_names", []), [_key_unit(u) for u in entry["units"]],
             [KeyUnit(n, a, [], None, []) for n, a in entry.get("optional", [])])
        for stem, entry in data.items() if not stem.startswith("_")
    ]


def score(page: Page, verbose: bool) -> dict[str, Any]:
    started = time.process_time()
    try:
        units = list(extract_file(str(page.path), agency=page.agency,
                                  as_of=date.fromisoformat(page.as_of)).snapshot.units)
        failure = None
    except InputError as exc:
        units, failure = [], str(exc)
    seconds = time.process_time() - started
    by_key = {u.key: u for u in units}
    found = [k for k in page.units if any(k.matches(u) for u in units)]
    good = [u for u in units if any(k.matches(u) for k in page.units + page.optional)]
    agency = [KeyUnit(n, None, [], None, []) for n in page.agency_names]
    named = {k.name: k for k in page.units}
    right, wrong = 0, []
    for k in found:
        unit = next(u for u in units if k.matches(u))
        parent = by_key.get(unit.parent) if unit.parent else None
        if parent is not None and any(a.matches(parent) for a in agency):
            parent = None
        accepted = [k.parent, *k.parent_alt]
        ok = any((want is None and parent is None) or (
            want is not None and parent is not None
            and named.get(want, KeyUnit(want, None, [], None, [])).matches(parent))
            for want in accepted)
        right += ok
        if not ok:
            wrong.append(f"{k.name} -> {parent.name if parent else None} (want {k.parent})")
    row = {
        "set": page.set, "page": page.path.name, "drafted": len(units), "key": len(page.units),
        "precision": len(good) / len(units) if units else 0.0,
        "recall": len(found) / len(page.units) if page.units else 1.0,
        "parents": right / len(found) if found else 0.0, "parents_n": f"{right}/{len(found)}",
        "seconds": seconds, "failure": failure,
    }
    if verbose:
        row["missed"] = [k.name for k in page.units if k not in found]
        row["extra"] = [u.name for u in units if u not in good]
        row["wrong_parent"] = wrong
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", action="append", choices=["real", "seeds", "layouts", "held_out"])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [score(page, args.verbose) for name in (args.set or ["real", "seeds", "layouts"])
            for page in load_set(name)]
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        return
    print(f"{'set':9} {'page':34} {'P':>5} {'R':>5} {'parents':>8} {'units':>7} {'CPU s':>6}")
    for row in rows:
        print(f"{row['set']:9} {row['page'][:34]:34} {row['precision']:5.2f} {row['recall']:5.2f} "
              f"{row['parents']:8.2f} {row['drafted']:3}/{row['key']:<3} {row['seconds']:6.3f}"
              + (f"  {row['failure']}" if row["failure"] else ""))
        for what in ("missed", "extra", "wrong_parent"):
            for item in row.get(what, []):
                print(f"      {what}: {item}")
    low = [r for r in rows if min(r["precision"], r["recall"]) < 0.9 or r["parents"] < 0.85]
    print(f"{len(rows)} pages, {len(low)} below target (P, R >= 0.90, parents >= 0.85)")


if __name__ == "__main__":
    main()
