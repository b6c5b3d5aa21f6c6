"""Values to plain JSON and back, tuples, dicts and dates kept apart.

The diff engine's evidence and field changes hold tuples, lists, dicts with
any keys, dates and numbers; JSON alone would turn tuples into lists. Here a
JSON object is always a tag: ``{"t": [...]}`` a tuple, ``{"d": [[k, v], ...]}``
a dict (any keys, order kept), ``{"D": ordinal}`` a date. Lists, strings,
numbers, booleans and None are themselves. Floats come back exactly (JSON
writes their shortest exact form).
"""

from __future__ import annotations

from datetime import date
from typing import Any


def to_plain(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, tuple):
        return {"t": [to_plain(v) for v in value]}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {"d": [[to_plain(k), to_plain(v)] for k, v in value.items()]}
    if isinstance(value, date):
        return {"D": value.toordinal()}
    raise TypeError(f"cannot keep a {type(value).__name__} in the derived cache")


def from_plain(value: Any) -> Any:
    if isinstance(value, list):
        return [from_plain(v) for v in value]
    if isinstance(value, dict):
        if "t" in value:
            return tuple(from_plain(v) for v in value["t"])
        if "d" in value:
            return {from_plain(k): from_plain(v) for k, v in value["d"]}
        return date.fromordinal(value["D"])
    return value
