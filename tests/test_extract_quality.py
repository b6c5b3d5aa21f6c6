"""Extraction quality on the five seed pages, measured against hand-written answer keys.

The keys (tests/extract_expected/<page stem>.yaml) were written from the pages
by the archivist, not from the extractor's output. Matching rule (see
orgarchive.extract.compare): a drafted unit matches an expected one when their
normalised names (or aliases) are equal, or their normalised acronyms are.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from orgarchive.extract.compare import compare, named_units, read_expected
from orgarchive.extract.draft import extract_file
from tests.conftest import REPO, SEEDS

KEYS = REPO / "tests" / "extract_expected"
PAGES = sorted(SEEDS.glob("*.txt"))


def test_every_seed_page_has_an_answer_key() -> None:
    assert len(PAGES) == 5
    assert sorted(p.stem for p in PAGES) == sorted(k.stem for k in KEYS.glob("*.yaml"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_precision_and_recall_at_least_0_9(page: Path) -> None:
    draft = extract_file(str(page), agency="ICE", as_of=date(2010, 1, 1))
    expected = read_expected(str(KEYS / f"{page.stem}.yaml"))
    result = compare(named_units(draft.snapshot.units), expected)
    report = f"misses={[n.label() for n in result.misses]} " \
        f"extras={[n.label() for n in result.extras]}"
    assert result.precision >= 0.9, report
    assert result.recall >= 0.9, report
