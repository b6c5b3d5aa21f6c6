"""What an import gives back: the files to write or load, and what the reader should know."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..domain import Lineage, Snapshot
from ..engine.normalize import norm_acronym, norm_name


@dataclass(frozen=True)
class ImportedFile:
    """One snapshot or lineage file of an import, under the name it is written as."""

    name: str
    document: Snapshot | Lineage
    comments: tuple[str, ...] = ()  # written as ``# ...`` lines at the top of the file


@dataclass(frozen=True)
class ImportResult:
    """Every file an export gives, and notes on the choices made for this export."""

    source: str
    files: tuple[ImportedFile, ...]
    notes: tuple[str, ...] = ()


def acronym_of(abbreviation: str | None, name: str) -> str | None:
    """The registry's abbreviation as an acronym, left out when it only repeats
    the name (after SPEC §3 normalisation: "The Charity Commission" has no
    acronym "Charity Commission")."""
    if abbreviation is None:
        return None
    if norm_name(abbreviation) == norm_name(name) or norm_acronym(abbreviation) == norm_acronym(
        name
    ):
        return None
    return abbreviation


def find_cycle(parents: Mapping[str, str | None]) -> list[str] | None:
    """The first parent cycle (in key order) as ``[a, b, ..., a]``, or None.

    Parents outside ``parents`` end a walk. Each key is visited once.
    """
    done: set[str] = set()
    for start in sorted(parents):
        walk: list[str] = []
        on_walk: dict[str, int] = {}
        key: str | None = start
        while key is not None and key in parents and key not in done:
            if key in on_walk:
                return [*walk[on_walk[key]:], key]
            on_walk[key] = len(walk)
            walk.append(key)
            key = parents[key]
        done.update(walk)
    return None


def plural(n: int, word: str, words: str | None = None) -> str:
    """"1 event", "2 events"."""
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 101st, 112th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
