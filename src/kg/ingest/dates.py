"""The one date type and parser of kg: the CSV's dates and every ``--as-of`` option read dates here.

A date is given to year, month or day precision (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, ASCII digits),
as sources give them; :func:`partial_date` refuses anything else, and days that are not on the calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# ASCII digits only: \d would also match full-width and other scripts' digits, which make invalid xsd literals
DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date given to year, month or day precision (as sources give them)."""

    text: str
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.text


class NotADate(ValueError):
    """The text is not YYYY, YYYY-MM or YYYY-MM-DD (a ValueError without this class: not a real calendar date)."""


def partial_date(text: str) -> PartialDate:
    """The one date parser for data and options: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', ASCII digits, a real day.

    >>> partial_date("2019-06").first_day
    datetime.date(2019, 6, 1)
    """
    m = DATE_RE.match(text)
    if not m:
        raise NotADate(text)
    y, mo, d = m.groups()
    year, month, day = int(y), int(mo) if mo else None, int(d) if d else None
    date(year, month or 1, day or 1)  # ValueError for 2025-13-01 or 2025-02-30
    return PartialDate(text, year, month, day)
