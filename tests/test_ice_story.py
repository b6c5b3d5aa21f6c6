"""The bundled ICE archive tells the true story (issue 3, point 6).

The 2008 snapshot is the ICE Operations page archived 2008-11-05 (seed 000)
and the 2021 one the ICE Overview page updated 2021-07-06 (seed 001). Both
pages list only part of ICE, so both snapshots are ``partial``: units a page
does not show are unobserved, and only curated events can say a unit was
removed or added.
"""

from __future__ import annotations

import pytest

from orgarchive.domain import Diff, Lineage, Snapshot
from orgarchive.engine.diff import diff_snapshots
from orgarchive.files.read import read_document
from tests.conftest import REPO

BUNDLED = REPO / "snapshots"


def _read_snapshot(name: str) -> Snapshot:
    doc = read_document(BUNDLED / name)
    assert isinstance(doc, Snapshot)
    return doc


@pytest.fixture(scope="module")
def sides() -> tuple[Snapshot, Snapshot]:
    return (_read_snapshot("ice-2008-11-05-operations.yaml"),
            _read_snapshot("ice-2021-07-06-overview.yaml"))


@pytest.fixture(scope="module")
def lineage() -> Lineage:
    doc = read_document(BUNDLED / "ice-lineage.yaml")
    assert isinstance(doc, Lineage)
    return doc


def _by_types(d: Diff) -> dict[tuple[str, ...], set[tuple[tuple[str, ...], tuple[str, ...]]]]:
    out: dict[tuple[str, ...], set[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for c in d.changes:
        out.setdefault(c.types, set()).add(
            (tuple(u.key for u in c.before), tuple(u.key for u in c.after)))
    return out


def _opla_and_opr_kept(d: Diff) -> None:
    # OPLA and OPR keep their keys on both pages: matched to themselves, never
    # renamed, moved or removed. Each may be `modified`: the 2021 page describes
    # them in new words, calls OPLA a directorate, and writes "Office of *the*
    # Principal Legal Advisor" (an article only: wording, not a rename).
    for key in ("opla", "opr"):
        records = [c for c in d.changes if key in {u.key for u in (*c.before, *c.after)}]
        pairs = [(b.key, a.key) for b, a in d.unchanged]
        if records:
            [c] = records
            assert c.types == ("modified",)
            assert [u.key for u in c.before] == [key] == [u.key for u in c.after]
        else:
            assert (key, key) in pairs


def test_2008_to_2021_with_the_bundled_lineage(
    sides: tuple[Snapshot, Snapshot], lineage: Lineage
) -> None:
    d = diff_snapshots(*sides, lineage.events)
    found = _by_types(d)
    # The pages word OI/HSI and DRO/ERO differently (HSI, ERO became directorates),
    # hence `modified` next to `renamed`.
    assert found[("renamed", "modified")] == {(("oi",), ("hsi",)), (("dro",), ("ero",))}
    assert found[("removed",)] == {(("fps",), ())}
    assert found[("added",)] == {((), ("ma",))}
    for c in d.changes:
        if c.types[0] in ("renamed", "removed", "added"):
            assert c.curated and c.confidence == 1.0
    _opla_and_opr_kept(d)
    # Nothing else is claimed: the rest of the 2008 page is outside the 2021 page.
    assert sorted(found) == [("added",), ("modified",), ("removed",), ("renamed", "modified")]
    assert {u.key for u in d.unobserved} == {"ocr", "intel", "oia", "policy"}


def test_engine_alone_claims_no_false_rename_between_two_partial_pages(
    sides: tuple[Snapshot, Snapshot]
) -> None:
    # Without the lineage the pages alone show OI -> HSI (every core word of
    # "Investigations" kept, the only such pair) well enough to claim it; it is
    # true (CRS R44269). Whatever else is claimed must be true too, and nothing
    # is added or removed between two partial pages.
    d = diff_snapshots(*sides)
    renames = {(tuple(u.key for u in c.before), tuple(u.key for u in c.after))
               for c in d.changes if "renamed" in c.types}
    assert renames <= {(("oi",), ("hsi",)), (("dro",), ("ero",))}
    _opla_and_opr_kept(d)
    assert d.summary()["removed"] == d.summary()["added"] == 0
