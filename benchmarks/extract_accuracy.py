"""Per-page precision, recall and parents right of `extract`, with the strict name rule.

    .venv/bin/python benchmarks/extract_accuracy.py [--set NAME]... [-v] [--json]

Sets: the real archived pages of ../shared/real/pages/ (keys in its expect.json),
the five seed pages of ../shared/seeds/ (keys tests/extract_expected/<stem>.yaml),
the layouts written for development (tests/extract_pages/layouts/, keys
tests/extract_expected/layouts.json) and three sets of held-out pages
(held_out/, held_out_2/, held_out_3/, keys held_out*.json), each keyed before the
changes that its first scoring prompted, to measure how the extractor does on
layouts it was not tuned on. Without --set: real, seeds and
layouts.

Scoring is `extract --compare`'s (orgarchive.extract.compare), the strict rule:
a drafted unit matches a key unit when its normalised name or an alias equals the
key unit's name or an alias (case, punctuation, articles and parenthesised parts
ignored), or both acronyms are equal; a long name that merely contains the key's
("Chief Financial OfficerTroy D. Edgar Chief Information Officer...") is no match.
Drafted units matching only a key's optional units count neither way. Parents
right: matched units whose drafted parent is the key's parent or one of its
parent_alt (top level: none, or the agency itself). CPU is the time of the draft
(read, parse, recognise) in this process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from orgarchive.errors import InputError
from orgarchive.extract.compare import Reviewed, answer_key, compare, named_units, read_reviewed
from orgarchive.extract.draft import extract_file

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
KEYS = REPO / "tests" / "extract_expected"
PAGES = REPO / "tests" / "extract_pages"
ICE = ("U.S. Immigration and Customs Enforcement", "Immigration and Customs Enforcement", "ICE")
SETS = ("real", "seeds", "layouts", "held_out", "held_out_2", "held_out_3")


@dataclass(frozen=True)
class Page:
    set: str
    path: Path
    agency: str
    as_of: date
    key: Reviewed


def load_set(name: str) -> list[Page]:
    """The pages of a set with their answer keys."""
    if name == "seeds":
        pages = []
        for page in sorted((SHARED / "seeds").glob("*.txt")):
            key = read_reviewed(str(KEYS / f"{page.stem}.yaml"))
            key = Reviewed(key.units, key.agency, key.optional, ICE)
            pages.append(Page(name, page, "ICE", date(2010, 1, 1), key))
        return pages
    folder, keys = {
        "real": (SHARED / "real" / "pages", SHARED / "real" / "pages" / "expect.json"),
        "layouts": (PAGES / "layouts", KEYS / "layouts.json"),
        "held_out": (PAGES / "held_out", KEYS / "held_out.json"),
        "held_out_2": (PAGES / "held_out_2", KEYS / "held_out_2.json"),
        "held_out_3": (PAGES / "held_out_3", KEYS / "held_out_3.json"),
    }[name]
    data: dict[str, Any] = json.loads(keys.read_text(encoding="utf-8"))
    return [
        Page(name, folder / stem, entry.get("agency", "X"),
             date.fromisoformat(entry.get("as_of", "2010-01-01")), answer_key(str(keys), entry))
        for stem, entry in data.items() if not stem.startswith("_")
    ]


def score(page: Page) -> dict[str, Any]:
    """Precision, recall, parents right and CPU seconds of the draft of PAGE."""
    started = time.process_time()
    failure = None
    try:
        units = list(extract_file(str(page.path), agency=page.agency,
                                  as_of=page.as_of).snapshot.units)
    except InputError as exc:
        units, failure = [], str(exc)
    seconds = time.process_time() - started
    result = compare(named_units(units), page.key.units, page.key.optional,
                     (*page.key.agency_names, page.agency))
    drafted = len(result.matched) + len(result.extras)
    return {
        "set": page.set, "page": page.path.name, "drafted": len(units),
        "key": len(page.key.units),
        "precision": result.precision if drafted else 0.0, "recall": result.recall,
        "parents": result.parents, "parents_right": result.parents_right,
        "matched": len(result.matched), "seconds": round(seconds, 4), "failure": failure,
        "missed": [m.label() for m in result.misses],
        "extra": [e.label() for e in result.extras],
        "wrong_parent": [f"{e.name}: {d.parent} (key: {e.parent})"
                         for d, e in result.wrong_parents],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", action="append", choices=SETS)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [score(page) for name in (args.set or SETS[:3]) for page in load_set(name)]
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        return
    print(f"{'set':9} {'page':34} {'P':>5} {'R':>5} {'parents':>8} {'drafted/key':>11} "
          f"{'CPU s':>6}")
    for row in rows:
        print(f"{row['set']:9} {row['page'][:34]:34} {row['precision']:5.2f} {row['recall']:5.2f} "
              f"{row['parents']:8.2f} {row['drafted']:5}/{row['key']:<5} {row['seconds']:6.3f}"
              + (f"  {row['failure']}" if row["failure"] else ""))
        if args.verbose:
            for what in ("missed", "extra", "wrong_parent"):
                for item in row[what]:
                    print(f"      {what}: {item}")
    low = [r for r in rows if min(r["precision"], r["recall"]) < 0.9 or r["parents"] < 0.85]
    slowest = max((r["seconds"] for r in rows), default=0.0)
    print(f"{len(rows)} pages, {len(low)} below target (P, R >= 0.90, parents >= 0.85); "
          f"slowest page {slowest:.3f} s CPU")


if __name__ == "__main__":
    main()
