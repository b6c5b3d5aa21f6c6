"""Extraction quality against hand-written answer keys, page by page.

The real archived pages of ../shared/real/pages/ (keys in its expect.json,
written from the pages by whoever gathered them), the five seed pages (keys in
tests/extract_expected/<stem>.yaml) and the development layouts of
tests/extract_pages/layouts/ (keys in tests/extract_expected/layouts.json,
written from each page before the extractor was run on it). None of the keys
was copied from the extractor's output. Matching is `extract --compare`'s strict
rule (orgarchive.extract.compare). Each page must reach precision and recall of
0.9 and parents right of 0.85, and draft in under a second of CPU.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from orgarchive.extract.compare import Reviewed, answer_key, compare, named_units, read_reviewed
from orgarchive.extract.draft import extract_file
from tests.conftest import REPO, SEEDS

KEYS = REPO / "tests" / "extract_expected"
REAL = REPO.parent / "shared" / "real" / "pages"
LAYOUTS = REPO / "tests" / "extract_pages" / "layouts"
ICE = ("U.S. Immigration and Customs Enforcement", "ICE")


def _keyed(folder: Path, keys: Path) -> list[tuple[Path, str, date, Reviewed]]:
    data = json.loads(keys.read_text(encoding="utf-8"))
    return [(folder / stem, entry["agency"], date.fromisoformat(entry["as_of"]),
             answer_key(str(keys), entry)) for stem, entry in data.items() if stem[0] != "_"]


def _seeds() -> list[tuple[Path, str, date, Reviewed]]:
    out = []
    for page in sorted(SEEDS.glob("*.txt")):
        key = read_reviewed(str(KEYS / f"{page.stem}.yaml"))
        out.append((page, "ICE", date(2010, 1, 1), Reviewed(key.units, None, (), ICE)))
    return out


PAGES = [*_keyed(REAL, REAL / "expect.json"), *_seeds(),
         *_keyed(LAYOUTS, KEYS / "layouts.json")]


def test_every_seed_page_has_an_answer_key() -> None:
    pages = sorted(SEEDS.glob("*.txt"))
    assert len(pages) == 5
    assert sorted(p.stem for p in pages) == sorted(k.stem for k in KEYS.glob("*.yaml"))


def test_the_sets_are_all_there() -> None:
    assert len(PAGES) >= 18
    assert all(page.exists() for page, *_ in PAGES)


@pytest.mark.parametrize(("page", "agency", "as_of", "key"), PAGES,
                         ids=[p.name for p, *_ in PAGES])
def test_precision_recall_and_parents(page: Path, agency: str, as_of: date,
                                      key: Reviewed) -> None:
    started = time.process_time()
    draft = extract_file(str(page), agency=agency, as_of=as_of)
    seconds = time.process_time() - started
    result = compare(named_units(draft.snapshot.units), key.units, key.optional,
                     (*key.agency_names, agency))
    report = (f"misses={[n.label() for n in result.misses]} "
              f"extras={[n.label() for n in result.extras]} "
              f"parents={[(e.name, d.parent, e.parent) for d, e in result.wrong_parents]}")
    assert result.precision >= 0.9, report
    assert result.recall >= 0.9, report
    assert result.parents >= 0.85, report
    assert seconds < 1.0
