"""Word search over an agency's units, at any date or on one date.

A unit matches when every word of the query appears, ignoring case, in its
name, acronym or description (a word may match in one field and the next in
another). Across all dates the search looks through the distinct wordings
the archive holds (``Archive.unit_variants``: 500,000 stored unit rows of 50
snapshots fold to about 19,000), kept in memory per agency and topped up with
the snapshots stored since; on one date it looks through that date's
structure. Hits are grouped by unit key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain import Unit
from ..services import Archive
from ..store.repository import UnitVariant

SEARCH_FORMAT = "orgarchive.search/1"
FIELDS = ("name", "acronym", "description")
MAX_RESULTS = 200


@dataclass(frozen=True)
class Hit:
    key: str
    name: str  # as last seen among the matching wordings
    acronym: str | None
    kind: str | None
    names: tuple[str, ...]  # every matching name, latest first
    first: date | None  # first and last date a matching wording was seen (None: one date)
    last: date | None
    matched: tuple[str, ...]  # fields the words were found in


@dataclass(frozen=True)
class SearchResult:
    agency: str
    query: str
    words: tuple[str, ...]
    at: date | None
    snapshot: int | None  # the snapshot searched, on one date
    total: int
    hits: tuple[Hit, ...]  # the first MAX_RESULTS

    def document(self) -> dict[str, Any]:
        """``orgarchive.search/1``, documented in docs/serve.md."""
        return {
            "format": SEARCH_FORMAT,
            "agency": self.agency,
            "query": self.query,
            "words": list(self.words),
            "at": self.at.isoformat() if self.at else None,
            "snapshot": self.snapshot,
            "total": self.total,
            "results": [
                {
                    "key": h.key,
                    "name": h.name,
                    "acronym": h.acronym,
                    "kind": h.kind,
                    "names": list(h.names),
                    "first_seen": h.first.isoformat() if h.first else None,
                    "last_seen": h.last.isoformat() if h.last else None,
                    "matched": list(h.matched),
                }
                for h in self.hits
            ],
        }


def words_of(query: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(query.casefold().split()))


@dataclass(frozen=True)
class _Entry:
    variant: UnitVariant
    texts: tuple[str, str, str]  # name, acronym, description, case-folded
    joined: str


def _entry(variant: UnitVariant) -> _Entry:
    texts = (variant.name.casefold(), (variant.acronym or "").casefold(),
             (variant.description or "").casefold())
    return _Entry(variant, texts, "\n".join(texts))


def _matched(entry: _Entry, words: Sequence[str]) -> tuple[str, ...] | None:
    """The fields the words were found in, or None when some word is missing."""
    if not all(w in entry.joined for w in words):  # fast reject; "\n" is in no word
        return None
    fields = set()
    for word in words:
        found = [f for f, text in zip(FIELDS, entry.texts, strict=True) if word in text]
        if not found:
            return None
        fields.update(found)
    return tuple(f for f in FIELDS if f in fields)


class SearchIndex:
    """The distinct unit wordings of one agency's current snapshots."""

    def __init__(self, ids: Iterable[int], entries: list[_Entry]) -> None:
        self.ids = frozenset(ids)
        self.entries = entries

    def covers(self, ids: Sequence[int]) -> bool:
        return self.ids == frozenset(ids)

    @classmethod
    def build(
        cls, archive: Archive, ids: Sequence[int], previous: SearchIndex | None
    ) -> SearchIndex:
        """Read the variants of ``ids``; with a ``previous`` index of some of
        them (snapshots only added since), read the new snapshots alone."""
        if previous is None or not previous.ids <= frozenset(ids):
            return cls(ids, [_entry(v) for v in archive.unit_variants(ids)])
        merged = {e.variant[:5]: e.variant for e in previous.entries}
        for v in archive.unit_variants([i for i in ids if i not in previous.ids]):
            old = merged.get(v[:5])
            if old is not None:
                v = v._replace(first=min(old.first, v.first), last=max(old.last, v.last),
                               seen=old.seen + v.seen)
            merged[v[:5]] = v
        return cls(ids, [_entry(v) for v in merged.values()])

    def find(self, agency: str, query: str) -> SearchResult:
        words = words_of(query)
        found: dict[str, list[tuple[UnitVariant, tuple[str, ...]]]] = {}
        for entry in self.entries:
            fields = _matched(entry, words)
            if fields is not None:
                found.setdefault(entry.variant.key, []).append((entry.variant, fields))
        hits = [_hit(key, matches) for key, matches in found.items()]
        return _result(agency, query, words, None, None, hits)


def _hit(key: str, matches: list[tuple[UnitVariant, tuple[str, ...]]]) -> Hit:
    matches.sort(key=lambda m: (m[0].last, m[0].first), reverse=True)
    latest = matches[0][0]
    fields = {f for _, fs in matches for f in fs}
    return Hit(
        key=key, name=latest.name, acronym=latest.acronym, kind=latest.kind,
        names=tuple(dict.fromkeys(v.name for v, _ in matches)),
        first=min(v.first for v, _ in matches), last=max(v.last for v, _ in matches),
        matched=tuple(f for f in FIELDS if f in fields),
    )


def search_units(
    agency: str, query: str, units: Iterable[Unit], at: date, snapshot: int | None
) -> SearchResult:
    """The search on one date: through the units of that date's structure."""
    words = words_of(query)
    hits = []
    for unit in units:
        entry = _entry(UnitVariant(unit.key, unit.name, unit.acronym, unit.kind,
                                   unit.description, at, at, 1))
        fields = _matched(entry, words)
        if fields is not None:
            hits.append(Hit(unit.key, unit.name, unit.acronym, unit.kind, (unit.name,),
                            None, None, fields))
    return _result(agency, query, words, at, snapshot, hits)


def _rank(hit: Hit) -> tuple[int, int, str, str]:
    """Units whose name or acronym holds the words first, then the latest seen."""
    in_label = 0 if "description" not in hit.matched or len(hit.matched) > 1 else 1
    last = -(hit.last.toordinal()) if hit.last else 0
    return (in_label, last, hit.name.casefold(), hit.key)


def _result(
    agency: str, query: str, words: tuple[str, ...], at: date | None, snapshot: int | None,
    hits: list[Hit],
) -> SearchResult:
    hits.sort(key=_rank)
    return SearchResult(agency, query, words, at, snapshot, len(hits),
                        tuple(hits[:MAX_RESULTS]))
