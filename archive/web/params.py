"""Reading a request's query string: each bad value is a 400 that names it."""

from __future__ import annotations

import re
from datetime import date

from werkzeug.datastructures import MultiDict

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_QUERY = 200  # characters of a search
MAX_WORDS = 12


class BadRequest(Exception):
    """The request asks for something malformed: HTTP 400, with this message."""


def _shown(value: str, limit: int = 60) -> str:
    text = value if len(value) <= limit else value[:limit] + "…"
    return repr(text)


def optional_date(args: MultiDict[str, str], name: str) -> date | None:
    """``name=YYYY-MM-DD``, or None when it is absent or empty."""
    value = args.get(name, "").strip()
    if not value:
        return None
    if DATE_PATTERN.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise BadRequest(f"{name}: {_shown(value)} is not a date (YYYY-MM-DD)")


def period(args: MultiDict[str, str]) -> tuple[date | None, date | None]:
    start, end = optional_date(args, "from"), optional_date(args, "to")
    return start, end


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
