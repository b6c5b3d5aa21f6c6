"""Reading a request's query string: each bad value is a 400 that names it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from werkzeug.datastructures import MultiDict

from ..dates import DATE_FORMS, parse_period

MAX_QUERY = 200  # characters of a search
MAX_WORDS = 12


class BadRequest(Exception):
    """The request asks for something malformed: HTTP 400, with this message."""


def _shown(value: str, limit: int = 60) -> str:
    text = value if len(value) <= limit else value[:limit] + "…"
    return repr(text)


def optional_date(args: MultiDict[str, str], name: str,
                  end: Literal["first", "last"] = "last") -> date | None:
    """``name=`` a date as the command line takes it (YYYY-MM-DD, YYYY-MM or
    YYYY; a month or a year at its ``end``), or None when absent or empty."""
    value = args.get(name, "").strip()
    if not value:
        return None
    if len(value) > len("YYYY-MM-DD"):
        raise BadRequest(f"{name}: {_shown(value)} is not a date ({DATE_FORMS})")
    try:
        period = parse_period(value)
    except ValueError as exc:
        raise BadRequest(f"{name}: {exc}") from None
    return period.first if end == "first" else period.last


def period(args: MultiDict[str, str]) -> tuple[date | None, date | None]:
    """A report's ``from`` (a month or year from its start) and ``to`` (to its end)."""
    return optional_date(args, "from", "first"), optional_date(args, "to", "last")


def points(args: MultiDict[str, str]) -> tuple[date | None, date | None]:
    """A diff's ``from`` and ``to``: points in time (a month or year at its end)."""
    return optional_date(args, "from"), optional_date(args, "to")


def ordered_period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise BadRequest(f"from ({start}) is after to ({end}): the period is empty")


def search_query(args: MultiDict[str, str]) -> str:
    """The ``q`` of a search: words, at most MAX_QUERY characters and MAX_WORDS words."""
    query = " ".join(args.get("q", "").split())
    if len(query) > MAX_QUERY:
        raise BadRequest(f"q: the search is {len(query)} characters long; "
                         f"at most {MAX_QUERY} are searched")
    if len(query.split()) > MAX_WORDS:
        raise BadRequest(f"q: the search has {len(query.split())} words; "
                         f"at most {MAX_WORDS} are searched")
    if any(ord(c) < 32 or ord(c) == 127 for c in query):
        raise BadRequest("q: the search holds control characters")
    return query
