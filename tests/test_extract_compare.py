"""The matching rule behind `extract --compare`, on small hand-made lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgarchive.errors import InputError
from orgarchive.extract.compare import Named, compare, read_expected


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
