"""Dates as people write them: a day, a month or a year.

``2010-06-09`` is one day, ``2010-06`` the whole of June 2010, ``2010`` the
whole year. A ``Period`` keeps both ends, and each command takes the end it
needs: a point in time (``show --at``, a date in ``diff``) is the *last* day
("the structure in 2010" is the one that stood at its end), the start of a
period (``report --from``) the first day, its end (``--to``) the last day.

``parse_period`` raises ``ValueError`` with a message a person can act on;
the command line and the web server turn it into their own usage error.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"

_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class Period:
    """The span a written date stands for, both ends included."""

    first: date
    last: date
    text: str  # as written (stripped)

    @property
    def is_day(self) -> bool:
        return self.first == self.last


def parse_period(text: str) -> Period:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as the span of days it names."""
    written = text.strip()
    match = _FORM.match(written)
    if match is None:
        raise ValueError(f"{text!r} is not a date ({DATE_FORMS})")
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    try:
        if month_text is None:
            return Period(date(year, 1, 1), date(year, 12, 31), written)
        month = int(month_text)
        if day_text is None:
            last_day = calendar.monthrange(year, month)[1]
            return Period(date(year, month, 1), date(year, month, last_day), written)
        day = date(year, month, int(day_text))
    except ValueError:  # month 13, day 31 of a short month, year 0
        raise ValueError(f"{text!r} is not a date ({DATE_FORMS}): no such day") from None
    return Period(day, day, written)


def is_year(text: str) -> bool:
    """Exactly four digits: a year, even where a number could be an id."""
    written = text.strip()
    return len(written) == 4 and written.isdigit()
