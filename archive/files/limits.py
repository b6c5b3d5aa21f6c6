"""The published limits of snapshot and lineage files and of one load.

docs/files.md ("Limits") gives the reason for each. Every one is checked on
load as a file error (``FILE: PLACE: PROBLEM``), the same on every database
engine, so an archive can always move from SQLite to PostgreSQL: the
engines' own limits (PostgreSQL's 64-character agency column) are never
reached.
"""

from __future__ import annotations

# Characters (code points) of a text field.
MAX_AGENCY = 64  # the agency code: the agencies table's column is 64 characters
MAX_KEY = 200  # a unit key, a parent, an event's from/to keys
MAX_LINE = 500  # a one-line field: name, alias, acronym, kind, agency_name, source title
MAX_URL = 2_000  # a source's url and archived_url
MAX_TEXT = 20_000  # a field that may span lines: description, note

# Counts.
MAX_ALIASES = 100  # aliases of one unit
MAX_UNIT_DEPTH = 100  # levels below the top, by parent links or by nested children
MAX_EVENTS = 10_000  # events of one lineage file
MAX_FILE_BYTES = 64 * 1024 * 1024  # one file
MAX_LOAD_BYTES = 128 * 1024 * 1024  # all the files of one load together
MAX_LOAD_UNITS = 200_000  # units of all the files of one load together (lineage units too)

LIMITS_DOC = "docs/files.md, Limits"


def too_long(what: str, value: str, limit: int) -> str:
    """The message for a text field over its limit."""
    return (f"{what} is {len(value):,} characters long, over the limit of {limit:,} "
            f"({LIMITS_DOC})")
