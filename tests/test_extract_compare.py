"""The matching rule behind `extract --compare`, on small hand-made lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgarchive.errors import InputError
from orgarchive.extract.compare import Named, compare, read_expected, read_reviewed


def test_names_match_ignoring_case_articles_punctuation_and_parenthesised_acronyms() -> None:
    result = compare([Named("office of the Principal Legal Advisor (OPLA)")],
                     [Named("Office of Principal Legal Advisor")])
    assert (result.precision, result.recall) == (1.0, 1.0)


def test_acronym_alone_matches_and_alias_names_match() -> None:
    drafted = [Named("Enforcement and Removal", "DRO"),
               Named("Identity and Benefit Fraud Unit", None, ("Identify and Benefit Fraud",))]
    expected = [Named("Detention and Removal Operations", "dro"),
                Named("Identify and Benefit Fraud")]
    assert len(compare(drafted, expected).matched) == 2


def test_pairs_are_one_to_one_and_figures_follow() -> None:
    drafted = [Named("Office of Policy"), Named("Office of Policy"), Named("Read More")]
    expected = [Named("Office of Policy"), Named("Office of Intelligence")]
    result = compare(drafted, expected)
    assert len(result.matched) == 1
    assert [n.name for n in result.extras] == ["Office of Policy", "Read More"]
    assert [n.name for n in result.misses] == ["Office of Intelligence"]
    assert result.precision == pytest.approx(1 / 3)
    assert result.recall == pytest.approx(1 / 2)
    assert result.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_absent_acronyms_never_match_each_other() -> None:
    assert compare([Named("Office of A")], [Named("Office of B")]).matched == ()


def test_answer_key_without_a_name_is_a_one_line_error(tmp_path: Path) -> None:
    key = tmp_path / "key.yaml"
    key.write_text("units:\n  - {name: Office of A}\n  - {acronym: OB}\n")
    with pytest.raises(InputError) as caught:
        read_expected(str(key))
    assert str(caught.value) == f"{key}: /units/1/name: a unit needs a non-empty name"


def test_parents_match_by_name_or_acronym_and_the_agency_is_the_top_level() -> None:
    drafted = [Named("Office of Operations", None, (), "Drug Enforcement Administration"),
               Named("Talent", None, (), "Office of Operations (OO)"),
               Named("Business", None, (), "Office of Acquisition"),
               Named("Outreach", None, (), None)]
    expected = [Named("Office of Operations", "OO"),
                Named("Talent", None, (), "OO"),
                Named("Business", None, (), "Office of Operations"),
                Named("Outreach", None, (), "Office of Operations", (None,))]
    result = compare(drafted, expected, agency_names=("Drug Enforcement Administration",))
    # Office of Operations: the agency counts as the top level; Talent: its parent's
    # acronym; Business: wrong office; Outreach: top level is an accepted alternative.
    assert [e.name for _, e in result.wrong_parents] == ["Business"]
    assert result.parents_right == 3


def test_optional_units_count_neither_way() -> None:
    drafted = [Named("Office of Policy"), Named("Deputy Administrator"), Named("Read More")]
    result = compare(drafted, [Named("Office of Policy")],
                     optional=(Named("Deputy Administrator"),))
    assert [n.name for n in result.extras] == ["Read More"]
    assert result.precision == pytest.approx(1 / 2)


def test_answer_key_parents_optional_units_and_agency_names(tmp_path: Path) -> None:
    key = tmp_path / "key.json"
    key.write_text('{"agency": "DEA", "agency_names": ["Drug Enforcement Administration"], '
                   '"units": [{"name": "Operations Division", "parent": null, '
                   '"parent_alt": ["Deputy Administrator"]}], '
                   '"optional": [["Deputy Administrator", null]]}')
    reviewed = read_reviewed(str(key))
    assert reviewed.units == [Named("Operations Division", None, (), None,
                                    ("Deputy Administrator",))]
    assert reviewed.optional == (Named("Deputy Administrator"),)
    assert reviewed.agency == "DEA"
    assert reviewed.agency_names == ("Drug Enforcement Administration",)
