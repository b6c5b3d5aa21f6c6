"""Small builders shared by the diff tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from orgarchive.domain import Change, Diff, Snapshot, Unit

BEFORE = date(2008, 1, 1)
AFTER = date(2012, 1, 1)


def u(key: str, name: str, **fields: Any) -> Unit:
    return Unit(key=key, name=name, **fields)


def snap(*units: Unit, as_of: date = BEFORE, coverage: str = "complete") -> Snapshot:
    return Snapshot(agency="X", as_of=as_of, units=units, coverage=coverage)  # type: ignore[arg-type]


def later(*units: Unit, coverage: str = "complete") -> Snapshot:
    return snap(*units, as_of=AFTER, coverage=coverage)


def keys(change: Change) -> tuple[list[str], list[str]]:
    return [x.key for x in change.before], [x.key for x in change.after]


def brief(diff: Diff) -> list[tuple[tuple[str, ...], list[str], list[str]]]:
    """Each record as (types, before keys, after keys), in the engine's order."""
    return [(c.types, *keys(c)) for c in diff.changes]


ROOT = u("root", "Agency", kind="agency")
