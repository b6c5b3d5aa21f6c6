"""Which key each sitting of a committee or subcommittee gets, and where a thomas_id was reused.

The file's identity is the thomas_id: one id, one body, whatever it was
called. congress-legislators warns that some ids were reused for an
unrelated subcommittee; calling those renames would be a false curated
claim. Between two consecutive sittings of one id whose names differ, the
id is read as **reused** (a new body, with a key of its own) when the file
itself shows it:

- the id was absent from at least one Congress its parent sat in, and the
  two names share no significant word ("Preparedness" in the 99th, then
  "Acquisition and Technology" from the 104th), or
- the old name is carried, in the later Congress, by another id under the
  same parent, or the new name was carried by another id in the earlier one
  (the body was renumbered and its old id given to another).

Anything else is the same body: a different name is a rename, even when
the names share no word ("Public Assistance and Unemployment Compensation"
became "Human Resources"), because the source says so. The later body of a
reused id is keyed ``<key>.<first Congress>`` (``ssas-18.104``), which is as
stable as the file: importing a longer file gives the same keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..engine.normalize import STOP_WORDS, norm_name, words
from .congress import Body
from .result import ordinal


@dataclass(frozen=True)
class Reuse:
    """A reused id: the body that had it, the Congress the new one starts, why."""

    body: Body
    congress: int
    key: str
    reason: str


def _significant(name: str) -> set[str]:
    return {w for w in words(name) if w not in STOP_WORDS}


class KeyPlan:
    """The key of every (body, Congress) sitting, and the reuses found."""

    def __init__(self, committees: list[Body], congresses: Iterable[int]) -> None:
        self.all_congresses = sorted(set(congresses))
        self._keys: dict[tuple[int, int], str] = {}  # (id(body), Congress) -> key
        self.reuses: list[Reuse] = []
        by_chamber: dict[str, list[Body]] = defaultdict(list)
        for committee in committees:
            by_chamber[committee.chamber].append(committee)
        for chamber in sorted(by_chamber):
            self._plan(by_chamber[chamber], None)
        for committee in committees:
            self._plan(committee.subcommittees, committee)

    def key(self, body: Body, congress: int) -> str:
        return self._keys[(id(body), congress)]

    def _base(self, body: Body, congress: int) -> str:
        if body.parent is None:
            return body.thomas_id.lower()
        return f"{self.key(body.parent, congress)}-{body.thomas_id.lower()}"

    def _plan(self, siblings: list[Body], parent: Body | None) -> None:
        held: dict[int, dict[str, Body]] = defaultdict(dict)  # Congress -> name -> body
        for body in siblings:
            for number, name in body.names.items():
                held[number].setdefault(norm_name(name), body)
        parent_sat = set(parent.names) if parent is not None else set(self.all_congresses)
        for body in siblings:
            sittings = body.sittings
            starts = [sittings[0]]
            found: list[tuple[int, str]] = []
            for before, after in zip(sittings, sittings[1:], strict=False):
                reason = _reused(body, before, after, held, parent_sat)
                if reason is not None:
                    starts.append(after)
                    found.append((after, reason))
            for number in sittings:
                start = max(s for s in starts if s <= number)
                base = self._base(body, number)
                self._keys[(id(body), number)] = base if start == starts[0] else f"{base}.{start}"
            self.reuses.extend(Reuse(body, c, self.key(body, c), why) for c, why in found)


def _reused(body: Body, before: int, after: int, held: dict[int, dict[str, Body]],
            parent_sat: set[int]) -> str | None:
    """Why the id's sitting in ``after`` is another body than in ``before``, or None."""
    old, new = body.names[before], body.names[after]
    if norm_name(old) == norm_name(new):
        return None
    gap = any(before < c < after for c in parent_sat)
    if gap and not (_significant(old) & _significant(new)):
        return (f"absent between the {ordinal(before)} and {ordinal(after)} Congress, then back "
                f"under an unrelated name ({old!r}, then {new!r})")
    other = held[after].get(norm_name(old))
    if other is not None and other is not body:
        return f"its name {old!r} passed to id {other.full_id} in the {ordinal(after)} Congress"
    other = held[before].get(norm_name(new))
    if other is not None and other is not body:
        return f"its new name {new!r} was id {other.full_id}'s in the {ordinal(before)} Congress"
    return None
