"""Lineage events that contradict each other are refused, naming both.

Curated events outrank the diff engine, so two that cannot both be true would
tell a wrong story (``a → b`` and ``b → a`` on one day read as a rename of a
unit into itself). The rules, documented in docs/files.md:

1. **One day, one fate.** An event *makes* a key (in ``to`` only), *ends* it
   (in ``from`` only) or *keeps* it (on both sides: a rename that keeps its
   key, a merger into one of the merged units). The events of one day have no
   order among them, so on one date two events may not both make a key, nor
   both end it, and an event that ends a key shares the day with no other
   event about it (``a → b`` and ``b → a``, or ``a → b`` then ``b → c``: write
   one event, or give each its date). A key made and kept the same day (a
   new office formed by a split that absorbs another on the same day) has one
   order only, and is fine.
2. **A life in order.** Across dates, a key that an event makes may not be
   made again until an event ends it, and a key an event has ended may not
   be ended or kept again until an event makes it anew. Before its first
   event a key's state is unknown, so nothing is assumed; an event that keeps
   a key (a merger into it) says it existed then, not since when, so it does
   not count as making it (GOV.UK dates the Stabilisation Unit's merger into
   the FCDO a day before the FCDO was formed).

Events equal in date, type and keys are one fact cited twice, not a
contradiction. :func:`check_contradictions` works on one file's events and,
at load, on a file's events together with those already stored for the
agency (only contradictions involving the new file are reported).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..domain import LineageEvent
from .rules import Problem


@dataclass(frozen=True)
class Contradiction:
    """Two events that cannot both be true: ``new`` (index in the checked file)
    and ``other`` (index in that file, or None: an event stored earlier),
    with ``why`` in words that name both."""

    new: int
    other: int | None
    other_event: LineageEvent
    why: str

    def problem(self) -> Problem:
        return Problem(self.message(), ("events", self.new))

    def message(self) -> str:
        other = "an event already stored" if self.other is None else f"event {self.other + 1}"
        return (f"event {self.new + 1} contradicts {other} "
                f"({describe(self.other_event)}): {self.why}")


def describe(event: LineageEvent) -> str:
    keys = f"{', '.join(event.from_keys) or '—'} → {', '.join(event.to_keys) or '—'}"
    return f"{event.date.isoformat()} {event.type} {keys}"


def check_contradictions(events: Sequence[LineageEvent],
                         stored: Sequence[LineageEvent] = ()) -> None:
    """Raise the Problem of the first contradiction involving ``events``
    (a file's, in file order), checked also against ``stored`` ones."""
    found = first_contradiction(events, stored)
    if found is not None:
        raise found.problem()


def first_contradiction(events: Sequence[LineageEvent],
                        stored: Sequence[LineageEvent] = ()) -> Contradiction | None:
    # Every distinct fact once: (date, type, from, to) -> (event, index in the file or None).
    facts: dict[tuple[object, ...], tuple[LineageEvent, int | None]] = {}
    for event in stored:
        facts.setdefault(_fact(event), (event, None))
    for i, event in enumerate(events):
        facts.setdefault(_fact(event), (event, i))  # a fact stored already stays the stored one
    ordered = sorted(facts.values(), key=lambda item: (item[0].date, _order(item[1])))
    return _same_day(ordered) or _life_order(ordered)


def _fact(event: LineageEvent) -> tuple[object, ...]:
    return (event.date, event.type, event.from_keys, event.to_keys)


def _order(index: int | None) -> int:
    return -1 if index is None else index


Item = tuple[LineageEvent, int | None]


def _name(item: Item) -> str:
    return "the stored event" if item[1] is None else f"event {item[1] + 1}"


def _finding(first: Item, second: Item, why: Callable[[str, str], str]) -> Contradiction | None:
    """The contradiction between ``first`` and ``second`` (in date, then file
    order), told at ``second`` when it is the file's, else at ``first``; None
    when both were stored before. ``why(first name, second name)`` says it."""
    if second[1] is not None:
        new, other = second, first
    elif first[1] is not None:
        new, other = first, second
    else:
        return None
    assert new[1] is not None
    return Contradiction(new[1], other[1], other[0], why(_name(first), _name(second)))


# What an event does to a key: makes it (in ``to`` only), ends it (in ``from``
# only) or keeps it (on both sides: a rename keeping its key, a merger into it).
MADE, ENDED, KEPT = "made", "ended", "kept"


def _roles(event: LineageEvent) -> dict[str, str]:
    before, after = set(event.from_keys), set(event.to_keys)
    roles = {key: ENDED for key in before - after}
    roles.update({key: MADE for key in after - before})
    roles.update({key: KEPT for key in before & after})
    return roles


def _days(ordered: list[Item]) -> list[list[Item]]:
    days: list[list[Item]] = []
    for item in ordered:
        if days and days[-1][0][0].date == item[0].date:
            days[-1].append(item)
        else:
            days.append([item])
    return days


def _same_day(ordered: list[Item]) -> Contradiction | None:
    """Rule 1: on one day a key is made by one event at most and ended by one
    at most, and an event that ends it shares the day with no other event
    about it (a unit made and merged into on one day is fine: one order only)."""
    for day in _days(ordered):
        seen: dict[str, tuple[str, Item]] = {}
        when = day[0][0].date
        for item in day:
            for key, role in _roles(item[0]).items():
                earlier = seen.get(key)
                if earlier is None:
                    seen[key] = (role, item)
                    continue
                why = _clash(key, earlier[0], role, when)
                if why is not None:
                    found = _finding(earlier[1], item, why)
                    if found is not None:
                        return found
                if role != KEPT:
                    seen[key] = (role, item)
    return None


def _clash(key: str, one: str, other: str, day: object) -> Callable[[str, str], str] | None:
    if one == other == MADE:
        return lambda a, b: f"{a} and {b} both make {key!r} on {day}"
    if one == other == ENDED:
        return lambda a, b: f"{a} and {b} both end {key!r} on {day}"
    if {one, other} <= {KEPT, MADE}:
        return None  # changed twice, or made and merged into the same day: one order only
    return lambda a, b: (f"{a} {_verb(one)} {key!r} and {b} {_verb(other)} it on the same day "
                         f"{day}, and the events of one day have no order: write them as one "
                         "event, or give each its date")


def _verb(role: str) -> str:
    return {MADE: "makes", ENDED: "ends", KEPT: "changes"}[role]


def _out_of_order(key: str, role: str, alive: bool, then: object, now: object
                  ) -> Callable[[str, str], str] | None:
    if role == MADE and alive:
        return lambda a, b: (f"{a} makes {key!r} on {then} and {b} makes it again on {now}, "
                             "with no event ending it in between")
    if role != MADE and not alive:
        return lambda a, b: (f"{a} ends {key!r} on {then} and {b} {_verb(role)} it on {now}, "
                             "with no event making it anew in between")
    return None


def _life_order(ordered: list[Item]) -> Contradiction | None:
    """Rule 2: across days, a key is made only when not alive, and changed or
    ended only when not ended (as far as earlier events tell)."""
    state: dict[str, tuple[bool, Item]] = {}  # key -> (alive?, the event that said so)
    for day in _days(ordered):
        net: dict[str, tuple[str, Item]] = {}  # the day's role of each key
        for item in day:
            for key, role in _roles(item[0]).items():
                if key not in net or role != KEPT:
                    net[key] = (role, item)
        for key, (role, item) in net.items():
            known = state.get(key)
            if known is not None:
                alive, said = known
                why = _out_of_order(key, role, alive, said[0].date, item[0].date)
                if why is not None:
                    found = _finding(said, item, why)
                    if found is not None:
                        return found
            if role == ENDED:
                state[key] = (False, item)
            elif role == MADE:
                state[key] = (True, item)
    return None
