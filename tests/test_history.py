"""A unit's history over hand-written diffs (tests/report_samples.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from orgarchive.errors import AmbiguousError, NotFoundError
from orgarchive.report.history import UnitHistory, build_history
from orgarchive.report.history_render import history_document, render_text
from tests.report_samples import ALL, MERGER, fake_diff


def history(query: str) -> UnitHistory:
    return build_history(ALL, [MERGER], fake_diff, agency="ICE", query=query)


def test_an_acronym_from_an_old_era_finds_the_renamed_unit() -> None:
    h = history("dro")
    assert h.keys == ("dro", "ero")
    assert [(s.value, s.first, s.last) for s in h.names] == [
        (
            ("Office of Detention and Removal Operations", "DRO"),
            date(2008, 11, 1),
            date(2008, 11, 1),
        ),
        (("Enforcement and Removal Operations", "ERO"), date(2010, 12, 1), date(2010, 12, 1)),
    ]
    assert (h.first_seen.id, h.last_seen.id) == (1, 2)
    assert h.end == "unobserved"  # the 2013 snapshot is partial


def test_name_lookup_ignores_case_and_spacing() -> None:
    assert history("  enforcement AND removal operations ").keys == ("dro", "ero")


def test_parents_over_time() -> None:
    h = history("Office of Policy")
    assert [(s.value, s.first) for s in h.parents] == [
        (None, date(2008, 11, 1)),
        (("ma", "Management and Administration (M&A)"), date(2010, 12, 1)),
    ]


def test_predecessors_of_a_merger_and_successor_of_a_merged_unit() -> None:
    hsi = history("HSI")
    assert [(p.relation, p.date, p.unit.key, p.curated) for p in hsi.predecessors] == [
        ("merged", date(2010, 6, 9), "oi", True),
        ("merged", date(2010, 6, 9), "intel", True),
        ("merged", date(2010, 6, 9), "oia", True),
    ]
    assert hsi.origin == "merged" and hsi.events == (MERGER,)
    oi = history("Office of Investigations")
    assert [(s.relation, s.unit.key) for s in oi.successors] == [("merged", "hsi")]
    assert oi.end == "merged"


def test_a_unit_seen_again_after_a_partial_snapshot_keeps_its_history() -> None:
    h = history("OSLTC")
    assert h.keys == ("oslc",) and h.snapshot_count == 3 and h.end == "present"


def test_an_ambiguous_name_lists_candidates_instead_of_guessing() -> None:
    with pytest.raises(AmbiguousError) as caught:
        history("office of intelligence")
    assert caught.value.candidates == [
        "intel = Office of Intelligence, 2008-11-01 to 2008-11-01",
        "hsi-intel = Office of Intelligence, 2010-12-01 to 2010-12-01",
    ]
    assert str(caught.value).startswith(
        "'office of intelligence' fits 2 units of ICE; name one by key"
    )
    assert history("hsi-intel").keys == ("hsi-intel",)  # a key settles it


def test_an_unknown_unit_is_not_found() -> None:
    with pytest.raises(NotFoundError, match="no unit of ICE has the key, acronym or name 'CBP'"):
        history("CBP")


def test_text_and_json_forms() -> None:
    h = history("ERO")
    text = render_text(h)
    assert text.splitlines()[0] == "Enforcement and Removal Operations (ERO) — ICE unit dro, ero"
    assert "  2008-11-01               Office of Detention and Removal Operations (DRO)" in text
    doc = json.loads(json.dumps(history_document(h)))
    assert doc["format"] == "orgarchive.report.history/1"
    assert doc["names"][1] == {
        "first": "2010-12-01",
        "last": "2010-12-01",
        "name": "Enforcement and Removal Operations",
        "acronym": "ERO",
    }
