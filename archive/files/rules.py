"""Shared pieces of the file rules: field lists, the Problem exception, value checks.

A broken rule raises :class:`Problem` with the *path* of the offending value,
e.g. ``("units", 3, "parent")``; the reader turns the path into a place (a line
for YAML, a JSON pointer for JSON) only then, so checking stays cheap.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import get_close_matches
from typing import Any, TypeAlias

from ..domain import AGENCY_PATTERN, KEY_PATTERN, Source
from .limits import MAX_AGENCY, MAX_LINE, MAX_TEXT, MAX_URL, too_long

Path: TypeAlias = tuple[str | int, ...]

SNAPSHOT_FIELDS = (
    "format",
    "agency",
    "agency_name",
    "as_of",
    "observed",
    "coverage",
    "source",
    "units",
)
UNIT_FIELDS = ("key", "name", "acronym", "kind", "parent", "description", "aliases", "children")
SOURCE_FIELDS = ("title", "url", "archived_url", "note")
LINEAGE_FIELDS = ("format", "agency", "events", "units")
EVENT_FIELDS = ("date", "type", "from", "to", "note", "source")

SNAPSHOT_SET = frozenset(SNAPSHOT_FIELDS)
UNIT_SET = frozenset(UNIT_FIELDS)
SOURCE_SET = frozenset(SOURCE_FIELDS)
LINEAGE_SET = frozenset(LINEAGE_FIELDS)
EVENT_SET = frozenset(EVENT_FIELDS)

key_ok = re.compile(KEY_PATTERN).fullmatch
_agency_ok = re.compile(AGENCY_PATTERN).fullmatch
_date_ok = re.compile(r"\d{4}-\d{2}-\d{2}").fullmatch
unstorable = re.compile("[\x00\ud800-\udfff]").search
# Printed by `show` or `diff`, an ESC or CSI would drive the reader's terminal:
# C0 controls other than tab and line breaks, DEL and C1 are refused everywhere.
_control = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]").search
# A line break in a one-line field would forge lines in text output.
_line_break = re.compile("[\n\r\u2028\u2029]").search
# Bidirectional embeddings, overrides and isolates make a terminal show text
# in another order than it is stored ("Trojan source"): refused everywhere.
_bidi = re.compile("[\u202a-\u202e\u2066-\u2069]").search

KEY_RULE = "lower-case letters, digits, '.', '_', '-', starting with a letter or digit"


class Problem(Exception):
    """A broken rule at ``path``; ``{at}`` in the message is replaced by ``related``'s place."""

    def __init__(self, message: str, path: Path, related: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.related = related


def show(value: Any) -> str:
    """A value as an error message quotes it: short and on one line."""
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 60 else text[:56] + "..." + text[0]
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)[:60]


def unknown_field(
    mapping: dict[str, Any], allowed: frozenset[str], order: tuple[str, ...], path: Path, owner: str
) -> None:
    for name in mapping:
        if name not in allowed:
            hint = get_close_matches(str(name), order, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise Problem(f"{owner}unknown field {show(name)}{extra}", (*path, name))


def text_field(value: Any, path: Path, what: str, limit: int = MAX_LINE) -> str | None:
    """An optional text field: None if absent or null, else a non-blank string
    of at most ``limit`` characters."""
    if value is None:
        return None
    if type(value) is not str:
        raise Problem(f"{what} must be text, not {show(value)}", path)
    if not value or value.isspace():
        raise Problem(f"{what} is empty (leave the field out if unknown)", path)
    if len(value) > limit:
        raise Problem(too_long(what, value, limit), path)
    return value


# The longest text each source field may hold.
SOURCE_LIMITS = {"title": MAX_LINE, "url": MAX_URL, "archived_url": MAX_URL, "note": MAX_TEXT}


def date_field(value: Any, path: Path, what: str) -> date:
    if type(value) is date:
        return value
    if isinstance(value, str) and _date_ok(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Problem(f"{what}: {show(value)} is not a valid date (YYYY-MM-DD)", path)


def agency_field(doc: dict[str, Any]) -> str:
    if "agency" not in doc or doc["agency"] is None:
        raise Problem("missing required field 'agency'", ("agency",))
    value = doc["agency"]
    if isinstance(value, str) and len(value) > MAX_AGENCY:
        raise Problem("agency: " + too_long("the agency code", value, MAX_AGENCY), ("agency",))
    if not isinstance(value, str) or not _agency_ok(value):
        raise Problem(
            f"agency: {show(value)} is not a valid agency code (letters, digits, & . _ -)",
            ("agency",),
        )
    return value


def source_field(value: Any, path: Path, owner: str = "") -> Source | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Problem(f"{owner}source must be a mapping (title, url, archived_url, note)", path)
    unknown_field(value, SOURCE_SET, SOURCE_FIELDS, path, f"{owner}source: ")
    return Source(*(
        text_field(value.get(f), (*path, f), f"{owner}source {f}", SOURCE_LIMITS[f])
        for f in SOURCE_FIELDS
    ))


def check_text(value: str, path: Path, *, multiline: bool = False) -> None:
    """Refuse characters no database can store (NUL, lone surrogates), terminal
    control characters, bidirectional controls, and line breaks unless the
    field may span lines."""
    if unstorable(value):
        raise Problem(
            "text holds a NUL character or a lone surrogate, which cannot be stored", path
        )
    control = _control(value)
    if control is not None:
        code = ord(control.group())
        raise Problem(f"text holds the control character U+{code:04X}, which is not allowed", path)
    bidi = _bidi(value)
    if bidi is not None:
        code = ord(bidi.group())
        raise Problem(f"text holds the bidirectional control U+{code:04X}, which could show "
                      "it in another order than it is stored; it is not allowed", path)
    if not multiline and _line_break(value) is not None:
        raise Problem("text holds a line break, which only a description or a note may", path)
