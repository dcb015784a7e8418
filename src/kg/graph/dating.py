"""Dates as sources give them (year, month or day precision) and what a statement says on a day.

:func:`status_on` is the one rule deciding whether kg presents a statement on a day
(the explorer's ``statusOn`` in ``kg/explorer/templates/js/10-dating.js`` mirrors it, and a
test checks both agree):

* ``ended``: the day is on or after its ``end`` (end exclusive).
* ``not_yet``: the day is before its ``start``; or before the founding of its subject or
  object (an entity that did not exist yet holds nothing and is held by no one); or,
  for a statement with no ``start``, before the first day a source states it (its
  ``as_of``, else its source's ``published`` date) when no founding date says since
  when it could have been true.
* ``asserted``: a source says it holds that day — on or after its ``start``, or, with no
  ``start``, on or after the day a source states it.
* ``unstated_start``: no ``start``, the day is before the first day a source states it
  but on or after a known founding of its entities, so it may have held: kg reports it
  as "held as of D, start not stated", never as held that day. A statement with no
  date at all (no start, no as_of, no published source) is ``unstated_start`` too.

Partial dates mean their first day ('2019-06' → 2019-06-01), for starts, stated dates
and foundings alike.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date

ASSERTED = "asserted"
UNSTATED_START = "unstated_start"
NOT_YET = "not_yet"
ENDED = "ended"
PRESENT = frozenset((ASSERTED, UNSTATED_START))  # the statuses on which kg reports (and counts) a statement


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
    """True when ``start <= day < end`` (end exclusive; missing bounds are open).

    The bare interval, for checks on the stated dates alone (share totals); what kg
    presents on a day is :func:`status_on`.
    """
    start, end = first_day(statement.get("start")), first_day(statement.get("end"))
    return (start is None or start <= day) and (end is None or day < end)


def stated_as_of(statement: dict, published=None):
    """The date a source states a statement: its ``as_of``, else its source's ``published`` date (raw text)."""
    return statement.get("as_of") or published or None


def status_on(statement: dict, day: date, *, published=None, founded: Iterable = ()) -> str:
    """What ``statement`` says on ``day``: ``asserted``, ``unstated_start``, ``not_yet`` or ``ended``.

    ``published``: its source's publication date; ``founded``: the founding dates of its
    subject and object (None where unknown). The rule is in this module's docstring.
    """
    births = [d for d in map(first_day, founded) if d is not None]
    return _decide(
        day,
        first_day(statement.get("end")),
        first_day(statement.get("start")),
        first_day(stated_as_of(statement, published)),
        max(births) if births else None,
    )


def _decide(day: date, end: date | None, start: date | None, stated: date | None, born: date | None) -> str:
    """The rule of this module's docstring on parsed dates (``born``: the later founding of the two entities)."""
    if end is not None and day >= end:
        return ENDED
    if born is not None and day < born:
        return NOT_YET
    if start is not None:
        return ASSERTED if start <= day else NOT_YET
    if stated is None:
        return UNSTATED_START
    if stated <= day:
        return ASSERTED
    return UNSTATED_START if born is not None else NOT_YET


class Dating:
    """:func:`status_on` for the statements of one graph: the founding dates of its entities and the
    publication dates of its sources, looked up once.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("co", founded="2019-06"); G.add_node("fund")
    >>> Dating(G, {"filing": {"published": "2026-01-07"}}).status("fund", "co", {"source": "filing"}, date(2020, 1, 1))
    'unstated_start'
    """

    def __init__(self, G, sources: Mapping[str, dict] | None = None):
        self._founded = {n: f for n, f in G.nodes(data="founded") if _is_day(f)}
        self._born = {n: first_day(f) for n, f in self._founded.items()}  # parsed once: status runs per statement
        self._published = {sid: s["published"] for sid, s in (sources or {}).items() if _is_day(s.get("published"))}

    def published(self, statement: dict):
        source = statement.get("source")
        return self._published.get(source) if source is not None else None

    def founded(self, node: str):
        return self._founded.get(node)

    def status(self, subject: str, obj: str, statement: dict, day: date) -> str:
        """:func:`status_on` for one statement of the graph (called once per statement: kept lean)."""
        born, other = self._born.get(subject), self._born.get(obj)
        if born is None or (other is not None and other > born):
            born = other
        stated = statement.get("as_of") or self.published(statement)
        return _decide(day, first_day(statement.get("end")), first_day(statement.get("start")), first_day(stated), born)

    def stated_as_of(self, statement: dict):
        """The date a source states ``statement`` (raw text), None when no date is known."""
        return stated_as_of(statement, self.published(statement))


def _is_day(value) -> bool:
    """A date kg can place on a calendar (a graph read from RDF is not validated like the CSV files)."""
    try:
        return first_day(value) is not None
    except (TypeError, ValueError):
        return False
