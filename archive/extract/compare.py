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
recall = matched / expected, F1 their harmonic mean. A drafted unit that
matches none of the expected units but one of the *optional* ones (an answer
key's doubtful items) counts neither way.

Parents: for each matched pair, the drafted unit's parent is right when it
matches (by the same rule) the expected unit's parent or one of its
``parent_alt``; both absent (top level) is right too, and a drafted parent that
is the agency itself (one of the key's ``agency_names``) counts as top level.
An answer key's unit without ``parent`` is at the top level.
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
    parent: str | None = None  # the parent unit's name; None: top level
    parent_alt: tuple[str | None, ...] = ()  # other parents a careful reader accepts

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
    wrong_parents: tuple[tuple[Named, Named], ...] = ()  # matched pairs whose parent differs

    @property
    def parents_right(self) -> int:
        return len(self.matched) - len(self.wrong_parents)

    @property
    def parents(self) -> float:
        return self.parents_right / len(self.matched) if self.matched else 1.0

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
            "parents_right": self.parents_right,
            "wrong_parents": [
                {"name": e.name, "parent": d.parent, "expected": e.parent}
                for d, e in self.wrong_parents
            ],
        }


def _plain(named: Named) -> dict[str, Any]:
    return {"name": named.name, "acronym": named.acronym}


def named_units(units: tuple[Unit, ...] | list[Unit]) -> list[Named]:
    names = {u.key: u.name for u in units}
    return [Named(u.name, u.acronym, tuple(u.aliases or ()),
                  names.get(u.parent) if u.parent else None) for u in units]


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A reviewed file: its units, agency (a snapshot's), optional units and the names
    of the agency itself (answer keys)."""

    units: list[Named]
    agency: str | None = None
    optional: tuple[Named, ...] = ()
    agency_names: tuple[str, ...] = ()


def compare(drafted: list[Named], expected: list[Named], optional: tuple[Named, ...] = (),
            agency_names: tuple[str, ...] = ()) -> Comparison:
    if optional:
        drafted = [d for d in drafted if any(_matches(d, e, True) or _matches(d, e, False)
                                             for e in expected)
                   or not any(_matches(d, o, True) or _matches(d, o, False) for o in optional)]
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
    wrong = tuple((d, e) for d, e in matched
                  if not _parent_right(d, e, drafted, expected, agency_names))
    return Comparison(matched=matched, extras=extras, misses=misses, wrong_parents=wrong)


def _parent_right(found: Named, want: Named, drafted: list[Named], expected: list[Named],
                  agency_names: tuple[str, ...]) -> bool:
    parent = _by_name(found.parent, drafted) if found.parent else None
    agency = [Named(n) for n in agency_names]
    if parent is not None and any(_same(parent, a) for a in agency):
        parent = None
    for accepted in (want.parent, *want.parent_alt):
        if accepted is None and parent is None:
            return True
        if accepted is not None and parent is not None and _same(
                parent, _by_name(accepted, expected) or Named(accepted)):
            return True
    return False


def _by_name(name: str, units: list[Named]) -> Named | None:
    """The unit NAME stands for: by a name or alias, else by acronym ("OO")."""
    key = normalise_name(name)
    hit = next((u for u in units if key in u.names()), None)
    if hit is None:
        acronym = normalise_acronym(name)
        hit = next((u for u in units if acronym and u.acronym_key() == acronym), None)
    return hit


def _same(a: Named, b: Named) -> bool:
    return _matches(a, b, True) or _matches(a, b, False)


def _matches(found: Named, expected: Named, by_name: bool) -> bool:
    if by_name:
        return bool(found.names() & expected.names())
    key = found.acronym_key()
    return key is not None and key == expected.acronym_key()


def read_expected(path: str) -> list[Named]:
    """Units of a reviewed snapshot file, or of an answer key ``units: [{name, acronym}]``."""
    return read_reviewed(path).units


def read_reviewed(path: str) -> Reviewed:
    """The units of a reviewed file, its agency (a snapshot's), and an answer key's
    optional units and agency names."""
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
        return Reviewed(named_units(snapshot.units), snapshot.agency,
                        agency_names=tuple(n for n in (snapshot.agency, snapshot.agency_name)
                                           if n))
    return answer_key(path, data)


def answer_key(path: str, data: Any) -> Reviewed:
    """An answer key ``{units: [{name, acronym, aliases, parent, parent_alt}], optional:
    [[name, acronym]], agency_names: [...]}`` already parsed; PATH names it in errors."""
    units = data.get("units") if isinstance(data, dict) else None
    if not isinstance(units, list):
        raise InputError(path, "expected a snapshot file or a 'units:' list of {name, acronym}")
    out = [_key_unit(path, item, f"/units/{index}") for index, item in enumerate(units)]
    optional = data.get("optional") or []
    names = data.get("agency_names") or []
    if not isinstance(optional, list) or not isinstance(names, list):
        raise InputError(path, "optional and agency_names must be lists")
    extra = tuple(_key_unit(path, _pair(item), f"/optional/{index}")
                  for index, item in enumerate(optional))
    agency = data.get("agency")
    return Reviewed(out, agency if isinstance(agency, str) else None, extra,
                    tuple(str(n) for n in names))


def _pair(item: Any) -> Any:
    """An optional unit as [name, acronym], a name, or a {name, acronym} mapping."""
    if isinstance(item, list) and item:
        return {"name": item[0], "acronym": item[1] if len(item) > 1 else None}
    return {"name": item} if isinstance(item, str) else item


def _key_unit(path: str, item: Any, where: str) -> Named:
    name = item.get("name") if isinstance(item, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise InputError(path, "a unit needs a non-empty name", f"{where}/name")
    acronym = item.get("acronym")
    aliases = item.get("aliases") or []
    parent = item.get("parent")
    alternatives = item.get("parent_alt") or []
    if acronym is not None and not isinstance(acronym, str) or not isinstance(aliases, list):
        raise InputError(path, "acronym must be text and aliases a list", where)
    if parent is not None and not isinstance(parent, str) or not isinstance(alternatives, list):
        raise InputError(path, "parent must be a name and parent_alt a list", where)
    return Named(name, acronym, tuple(str(a) for a in aliases), parent,
                 tuple(None if a is None else str(a) for a in alternatives))
