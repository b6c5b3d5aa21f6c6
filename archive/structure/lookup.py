"""Finding a unit the way people ask for it.

A query names a thread by any key, acronym, name or alias the unit ever had
(in any source, the lineage's units included), or by a part of a name: whole
words in their order ("Investigations" finds "Office of Investigations").
Text is compared as ``engine.normalize.search_form`` folds it (case, Unicode
forms, white space). The most exact kind of match wins: a key, then a whole
acronym, name or alias, then a part of a name. Several units at that level
raise ``AmbiguousError`` listing each with the key that names it alone and
its dates; none raises ``NotFoundError`` with the closest labels.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date

from ..domain import Unit
from ..engine.normalize import search_form, words
from ..errors import AmbiguousError, NotFoundError
from .assemble import key_at
from .threads import Thread, Threads


def _labels(unit: Unit) -> Iterator[str]:
    yield unit.name
    if unit.acronym:
        yield unit.acronym
    yield from unit.aliases or ()


def _thread_labels(threads: Threads, thread: Thread) -> set[str]:
    found = thread.cache.get("labels")
    if found is None:
        found = {search_form(x) for s in thread.sightings for x in _labels(s.unit)}
        thread.cache["labels"] = found
    return found


def _contains(name_words: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    n = len(wanted)
    return any(name_words[i:i + n] == wanted for i in range(len(name_words) - n + 1))


def matches(threads: Threads, query: str) -> list[Thread]:
    """The threads ``query`` names at the most exact level that names any."""
    text = query.strip()
    for key in (text, text.lower()):
        if key in threads.by_key:
            return [threads[threads.by_key[key]]]
    wanted = search_form(text)
    exact = [t for t in threads if wanted in _thread_labels(threads, t)]
    if exact:
        return exact
    wanted_words = words(text)
    if not wanted_words:
        return []
    partial = []
    for thread in threads:
        names = {s.unit.name for s in thread.sightings}
        names.update(a for s in thread.sightings for a in s.unit.aliases or ())
        if any(_contains(words(n), wanted_words) for n in names):
            partial.append(thread)
    return partial


def evidence_range(threads: Threads, thread: Thread) -> tuple[date | None, date | None]:
    """The first and last date any source or event says something of the unit."""
    days = [s.when for s in thread.sightings] + [e.date for e in thread.events]
    return (min(days), max(days)) if days else (None, None)


def describe(threads: Threads, thread: Thread) -> str:
    """``key = Name (ACR), first – last``: how a candidate is listed."""
    first, last = evidence_range(threads, thread)
    when = last or date.max
    key = key_at(thread, when)
    latest = next((s.unit for s in reversed(thread.sightings)), None)
    label = key if latest is None else (
        f"{latest.name} ({latest.acronym})" if latest.acronym else latest.name)
    span = "" if first is None else (f", {first}" if first == last else f", {first} to {last}")
    return f"{key} = {label}{span}"


def find_unit(threads: Threads, query: str) -> Thread:
    """The one thread ``query`` names; NotFoundError or AmbiguousError otherwise."""
    agency = threads.record.agency
    found = matches(threads, query)
    if len(found) == 1:
        return found[0]
    if found:
        candidates = [describe(threads, t) for t in found]
        raise AmbiguousError(
            f"{query!r} fits {len(found)} units of {agency}; name one by key: "
            + "; ".join(candidates),
            candidates,
        )
    message = f"no unit of {agency} has the key, acronym or name {query!r}"
    close = closest(threads, query)
    if close:
        message += "; the closest: " + ", ".join(repr(c) for c in close)
    raise NotFoundError(message)


def closest(threads: Threads, query: str, n: int = 3) -> list[str]:
    """Up to ``n`` keys, acronyms or names most like ``query`` (none if nothing is close)."""
    shown: dict[str, str] = {}
    for thread in threads:
        for key in thread.keys:
            shown.setdefault(key, key)
        for s in thread.sightings:
            for label in _labels(s.unit):
                shown.setdefault(search_form(label), label)
    picked = difflib.get_close_matches(search_form(query), list(shown), n=n, cutoff=0.6)
    return [shown[p] for p in picked]
