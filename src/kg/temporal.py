"""Dates as sources give them (year, month or day precision) and statement validity."""
from __future__ import annotations

import functools
from datetime import date


def first_day(value) -> date | None:
    """The first day a partial date ('2025', '2025-05', '2025-05-01') can mean."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return _parse(str(value))


@functools.lru_cache(maxsize=4096)  # a dataset has few distinct dates and many statements
def _parse(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def valid_on(statement: dict, day: date) -> bool:
    """True when ``start <= day < end`` (end exclusive; missing bounds are open)."""
    start, end = first_day(statement.get("start")), first_day(statement.get("end"))
    return (start is None or start <= day) and (end is None or day < end)
