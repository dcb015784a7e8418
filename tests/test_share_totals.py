"""The share-total check (a sweep over start/end events) agrees with the plain per-day recount."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from kg.ingest.dates import PartialDate
from kg.ingest.records import Record
from kg.ingest.shares import worst_share_total


def brute_force(recs):
    """The check as it was written first: recount every holder on every event day (O(N²))."""

    def low(r):
        return r.get("share") if r.get("share") is not None else r.get("share_min")

    def valid(r, day):
        s, e = r.get("start"), r.get("end")
        return (s is None or s.first_day <= day) and (e is None or day < e.first_day)

    days = sorted({d.first_day for r in recs for d in (r.get("start"), r.get("end")) if d is not None}) or [None]
    worst = None
    for day in days:
        best = {}
        for r in (r for r in recs if day is None or valid(r, day)):
            cur = best.get(r.get("subject"))
            if cur is None or low(r) > low(cur):
                best[r.get("subject")] = r
        total = sum(low(r) for r in best.values())
        if total > 100 and (worst is None or total > worst[0]):
            worst = (total, day, sorted(best.values(), key=lambda r: r.line))
    return worst


def pdate(d: date, rng: random.Random) -> PartialDate:
    precision = rng.choice(("day", "day", "month", "year"))
    if precision == "year":
        return PartialDate(str(d.year), d.year)
    if precision == "month":
        return PartialDate(f"{d.year}-{d.month:02d}", d.year, d.month)
    return PartialDate(d.isoformat(), d.year, d.month, d.day)


def random_holdings(rng: random.Random, n: int) -> list[Record]:
    recs = []
    for line in range(2, n + 2):
        values = {"subject": f"h{rng.randrange(max(1, n // 2))}", "object": "c"}
        share = Decimal(rng.choice((5, 10, 20, 30, 40, 55, 60))) + Decimal(rng.randrange(100)) / 100
        values["share" if rng.random() < 0.7 else "share_min"] = share
        if rng.random() < 0.7:
            values["start"] = pdate(date(2020 + rng.randrange(4), 1 + rng.randrange(12), 1 + rng.randrange(28)), rng)
        if rng.random() < 0.5:
            values["end"] = pdate(date(2021 + rng.randrange(4), 1 + rng.randrange(12), 1 + rng.randrange(28)), rng)
        recs.append(Record("relations", line, values))
    return recs


@pytest.mark.parametrize("seed", range(150))
def test_sweep_matches_recount(seed):
    rng = random.Random(seed)
    recs = random_holdings(rng, rng.randrange(1, 14))
    want = brute_force(recs)
    got = worst_share_total(recs)
    if want is None:
        assert got is None
    else:
        assert got is not None
        assert (got[0], got[1], [r.line for r in got[2]]) == (want[0], want[1], [r.line for r in want[2]])


def test_undated_holdings_count_at_once():
    recs = [
        Record("relations", 2, {"subject": "a", "share": Decimal(60)}),
        Record("relations", 3, {"subject": "b", "share_min": Decimal(41)}),
        Record("relations", 4, {"subject": "a", "share": Decimal(50)}),
    ]
    assert worst_share_total(recs) == (Decimal(101), None, [recs[0], recs[1]])


def test_consecutive_holdings_do_not_add_up():
    """A holding that ends on the day the next starts (end is exclusive) is not counted twice."""
    d = PartialDate
    recs = [
        Record("relations", 2, {"subject": "a", "share": Decimal(60), "end": d("2021-01-01", 2021, 1, 1)}),
        Record("relations", 3, {"subject": "b", "share": Decimal(60), "start": d("2021-01-01", 2021, 1, 1)}),
    ]
    assert worst_share_total(recs) is None


def test_many_dated_holdings_of_one_company():
    """4,000 holders, each 0.03% for a month in a rolling window: the sum never passes 100%."""
    d0 = date(2000, 1, 1).toordinal()
    recs = []
    for i in range(4000):
        s, e = date.fromordinal(d0 + i), date.fromordinal(d0 + i + 30)
        recs.append(
            Record(
                "relations",
                i + 2,
                {
                    "subject": f"h{i}",
                    "share": Decimal("0.03"),
                    "start": PartialDate(s.isoformat(), s.year, s.month, s.day),
                    "end": PartialDate(e.isoformat(), e.year, e.month, e.day),
                },
            )
        )
    assert worst_share_total(recs) is None
    recs.append(Record("relations", 9999, {"subject": "big", "share": Decimal("99.5")}))
    total, day, rows = worst_share_total(recs)
    assert total == Decimal("100.40") and day == date(2000, 1, 30) and len(rows) == 31
