"""Precision and recall of an extracted draft against a reviewed list of units.

The reviewed file is a SPEC §1 snapshot, or the lighter answer-key form
``units: [{name, acronym}]`` (YAML or JSON). Matching rule: a drafted unit
matches an expected unit when

* its normalised name, or one of its aliases normalised, equals the expected
  unit's normalised name (or one of its aliases), or
* both have an acronym and the normalised acronyms are equal.

Names are normalised by :func:`normalise_name` (case, punctuation,
parenthesised parts and the articles "the", "a", "an" ignored), acronyms by
:func:`normalise_acronym` (case and punctuation ignored). Pairs are formed one
to one, name matches first, in page order. Precision = matched / drafted,
recall = matched / expected, F1 their harmonic mean.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..domain import Unit
from ..errors import InputError
from ..files.read import read_snapshot
from ..files.yaml_read import YamlProblem, load_yaml
from .words import normalise_acronym, normalise_name


@dataclass(frozen=True, slots=True)
class Named:
    """The part of a unit that matching looks at."""

    name: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()

    def names(self) -> set[str]:
        return {normalise_name(n) for n in (self.name, *self.aliases)} - {""}

    def acronym_key(self) -> str | None:
        return normalise_acronym(self.acronym) or None if self.acronym else None

    def label(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


@dataclass(frozen=True, slots=True)
class Comparison:
    matched: tuple[tuple[Named, Named], ...]  # (drafted, expected)
    extras: tuple[Named, ...]  # drafted, matching nothing expected
    misses: tuple[Named, ...]  # expected, matched by nothing drafted

    @property
    def precision(self) -> float:
        drafted = len(self.matched) + len(self.extras)
        return len(self.matched) / drafted if drafted else 1.0

    @property
    def recall(self) -> float:
        expected = len(self.matched) + len(self.misses)
        return len(self.matched) / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "drafted": len(self.matched) + len(self.extras),
            "expected": len(self.matched) + len(self.misses),
            "matched": len(self.matched),
            "misses": [_plain(n) for n in self.misses],
            "extras": [_plain(n) for n in self.extras],
        }


def _plain(named: Named) -> dict[str, Any]:
    return {"name": named.name, "acronym": named.acronym}


def named_units(units: tuple[Unit, ...] | list[Unit]) -> list[Named]:
    return [Named(u.name, u.acronym, tuple(u.aliases or ())) for u in units]


def compare(drafted: list[Named], expected: list[Named]) -> Comparison:
    free_expected = list(range(len(expected)))
    pairs: dict[int, int] = {}  # drafted index -> expected index
    for by_name in (True, False):
        for d_index, found in enumerate(drafted):
            if d_index in pairs:
                continue
            for e_index in free_expected:
                if _matches(found, expected[e_index], by_name):
                    pairs[d_index] = e_index
                    free_expected.remove(e_index)
                    break
    matched = tuple((drafted[d], expected[e]) for d, e in sorted(pairs.items()))
    extras = tuple(u for i, u in enumerate(drafted) if i not in pairs)
    misses = tuple(expected[i] for i in free_expected)
    return Comparison(matched=matched, extras=extras, misses=misses)


def _matches(found: Named, expected: Named, by_name: bool) -> bool:
    if by_name:
        return bool(found.names() & expected.names())
    key = found.acronym_key()
    return key is not None and key == expected.acronym_key()


def read_expected(path: str) -> list[Named]:
    """Units of a reviewed snapshot file, or of an answer key ``units: [{name, acronym}]``."""
    return read_reviewed(path)[0]


def read_reviewed(path: str) -> tuple[list[Named], str | None]:
    """The units of a reviewed file and its agency (None for an answer key)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the file ({exc})") from None
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else load_yaml(text)
    except YamlProblem as exc:
        raise InputError(path, exc.problem, f"line {exc.line}" if exc.line else None) from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", f"line {exc.lineno}") from None
    if isinstance(data, dict) and "format" in data:
        snapshot = read_snapshot(path)
        return named_units(snapshot.units), snapshot.agency
    units = data.get("units") if isinstance(data, dict) else None
    if not isinstance(units, list):
        raise InputError(path, "expected a snapshot file or a 'units:' list of {name, acronym}")
    out: list[Named] = []
    for index, item in enumerate(units):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise InputError(path, "a unit needs a non-empty name", f"/units/{index}/name")
        acronym = item.get("acronym")
        aliases = item.get("aliases") or []
        if acronym is not None and not isinstance(acronym, str) or not isinstance(aliases, list):
            raise InputError(path, "acronym must be text and aliases a list", f"/units/{index}")
        out.append(Named(name, acronym, tuple(str(a) for a in aliases)))
    agency = data.get("agency")
    return out, agency if isinstance(agency, str) else None
