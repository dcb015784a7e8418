"""The share-totals check: warn where the stated stakes in one company add up to more than 100%."""

from __future__ import annotations

import heapq
from datetime import date
from decimal import Decimal

from kg.ingest.reader import Reader
from kg.ingest.records import Dataset, Record, display_path
from kg.schema.vocab import ECONOMIC


def check_share_totals(reader: Reader, ds: Dataset) -> None:
    """Warn where the stated direct stakes in one company add up to more than 100% on some date.

    Each holder counts once per date (its largest stated share, so two sources for the
    same holding are not added); stated aggregates are not holdings and do not count.
    The dates looked at are the starts and ends of the company's holdings; a sweep over
    them keeps the running total, so N holdings take O(N log N), not O(N²).
    """
    roles = {n for n, r in reader.onto.relations.items() if ECONOMIC in r.ownership_roles and r.stake_bearing}
    by_company: dict[str, list[Record]] = {}
    for rec in ds.relations:
        if rec.get("predicate") in roles and (rec.get("share") is not None or rec.get("share_min") is not None):
            by_company.setdefault(str(rec.get("object")), []).append(rec)
    shown = display_path(ds.directory / "relations.csv")
    for company, recs in sorted(by_company.items()):
        worst = worst_share_total(recs)
        if worst:
            total, day, rows = worst
            lines = ", ".join(str(r.line) for r in rows[:12]) + (" …" if len(rows) > 12 else "")
            when = f" on {day.isoformat()}" if day else ""
            reader.warn(
                shown,
                rows[0].line,
                0,
                f"stated stakes in '{company}' add up to {total:g}%{when} (rows {lines})",
                "check for a holding counted twice, a wrong share, or missing start/end dates",
            )


def _low(rec: Record):
    """The share a holding is at least: its exact share, else the low end of its range."""
    return rec.get("share") if rec.get("share") is not None else rec.get("share_min")


def _bounds(rec: Record) -> tuple[date | None, date | None]:
    start, end = rec.get("start"), rec.get("end")
    return (start.first_day if start is not None else None, end.first_day if end is not None else None)


def worst_share_total(recs: list[Record]):
    """(total, day, best rows) of the date on which the holders' largest shares add up most, if over 100.

    Days are the distinct starts and ends (the first such day wins a tie); with no dates at
    all, every holding counts at once (day None). A holding is valid on day d when
    ``start <= d < end``. Per holder a max-heap with lazy deletion gives its largest
    valid share; the running total changes only when a holder's largest share does.
    """
    events: dict[date, tuple[list[int], list[int]]] = {}
    always: list[int] = []
    for i, rec in enumerate(recs):
        start, end = _bounds(rec)
        for day in (start, end):
            if day is not None:
                events.setdefault(day, ([], []))
        if start is None:
            always.append(i)
        else:
            events[start][0].append(i)
        if end is not None:
            events[end][1].append(i)
    heaps: dict[str, list] = {}
    removed: dict[str, dict] = {}
    best: dict[str, Decimal] = {}  # holder -> its largest valid share (as counted in total)
    total = Decimal(0)
    active = [False] * len(recs)

    def top(holder: str):
        heap, gone = heaps[holder], removed.setdefault(holder, {})
        while heap and gone.get(heap[0]):
            gone[heap[0]] -= 1
            heapq.heappop(heap)
        return -heap[0] if heap else None

    def update(holder: str) -> None:
        nonlocal total
        new = top(holder)
        old = best.pop(holder, None)
        total += (new or 0) - (old or 0)
        if new is not None:
            best[holder] = new

    def add(i: int) -> None:
        holder = str(recs[i].get("subject"))
        active[i] = True
        heapq.heappush(heaps.setdefault(holder, []), -_low(recs[i]))
        update(holder)

    def remove(i: int) -> None:
        holder = str(recs[i].get("subject"))
        active[i] = False
        gone = removed.setdefault(holder, {})
        gone[-_low(recs[i])] = gone.get(-_low(recs[i]), 0) + 1
        update(holder)

    for i in always:
        add(i)
    worst: tuple[Decimal, date | None] | None = None
    if not events and total > 100:
        worst = (total, None)
    for day in sorted(events):
        starts, ends = events[day]
        for i in ends:
            if active[i]:
                remove(i)
        for i in starts:
            end = _bounds(recs[i])[1]
            if end is None or day < end:
                add(i)
        if total > 100 and (worst is None or total > worst[0]):
            worst = (total, day)
    if worst is None:
        return None
    total, day = worst
    chosen: dict[str, Record] = {}
    for rec in recs:  # the rows behind the total: per holder the first with its largest share
        start, end = _bounds(rec)
        if day is not None and not ((start is None or start <= day) and (end is None or day < end)):
            continue
        cur = chosen.get(str(rec.get("subject")))
        if cur is None or _low(rec) > _low(cur):
            chosen[str(rec.get("subject"))] = rec
    return total, day, sorted(chosen.values(), key=lambda r: r.line)
