"""Dates and snapshot references on the command line, for every command alike.

A date is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (``orgarchive.dates``);
each option says which end of a month or a year it takes: a point in time
(``--at``, a date in ``diff``) its end, ``--from`` its start, ``--to`` its end.
A snapshot reference is an id (``3``, or ``#3``) or a date; four digits are
a year, never an id (``diff 2008 2021`` compares the ends of those years;
write ``#2008`` for snapshot 2008).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import click

from orgarchive.dates import DATE_FORMS, is_year, parse_period

if TYPE_CHECKING:
    _DateBase = click.ParamType[date, Any]
    _SpecBase = click.ParamType[int | date, Any]
else:  # click before 8.2 has no generic ParamType
    _DateBase = click.ParamType
    _SpecBase = click.ParamType

class DateType(_DateBase):
    """A date in any of the three forms, taken at its ``end`` ("first" or "last")."""

    name = "DATE"

    def __init__(self, end: Literal["first", "last"]) -> None:
        self.end = end

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, date):
            return value
        try:
            period = parse_period(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        return period.first if self.end == "first" else period.last


class SnapshotSpecType(_SpecBase):
    """A snapshot id (``3`` or ``#3``) or a date (a month or a year at its end)."""

    name = "ID|DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int | date):
            return value
        text = str(value).strip()
        number = text[1:] if text.startswith("#") else text
        if number.isascii() and number.isdigit() and (text.startswith("#") or not is_year(text)):
            if len(number) > 20:  # int() of thousands of digits is slow, then refused
                self.fail(f"{number[:20]}… is not a snapshot id: ids have at most 10 digits",
                          param, ctx)
            return int(number)  # one the archive does not hold is "no snapshot N"
        try:
            return parse_period(text).last
        except ValueError:
            self.fail(f"{value!r} is neither a snapshot id nor a date ({DATE_FORMS})", param, ctx)


AT_DATE = DateType("last")
FROM_DATE = DateType("first")
TO_DATE = DateType("last")
SNAPSHOT_SPEC = SnapshotSpecType()
