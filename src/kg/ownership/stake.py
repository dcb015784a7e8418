"""The numbers the ownership analytics read: stakes (exact or ranges), the claims behind a link, links.

A :class:`Link` says why its stake is a number nobody stated as an :class:`Assumption` (an enum,
never a sentence): the words are the report layer's (:mod:`kg.ownership.wording`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kg.errors import UsageError
from kg.graph.dating import ASSERTED, UNSTATED_START
from kg.schema.vocab import CONFIDENCE


@dataclass(frozen=True, slots=True)
class Stake:
    """A fraction of a company (0..1) known exactly (lo == hi) or as a range."""

    lo: float
    hi: float

    @property
    def exact(self) -> bool:
        return abs(self.hi - self.lo) <= 1e-12

    def __add__(self, other: Stake) -> Stake:
        return Stake(self.lo + other.lo, self.hi + other.hi)

    def __mul__(self, other: Stake) -> Stake:
        return Stake(self.lo * other.lo, self.hi * other.hi)

    def capped(self) -> Stake:
        return Stake(min(self.lo, 1.0), min(self.hi, 1.0))

    def pct(self, digits: int = 4) -> str:
        lo, hi = round(self.lo * 100, digits), round(self.hi * 100, digits)
        return f"{lo:g}%" if self.exact else f"{lo:g}–{hi:g}%"

    def as_dict(self) -> dict:
        return {"low": round(self.lo * 100, 6), "high": round(self.hi * 100, 6), "exact": self.exact}


ZERO = Stake(0.0, 0.0)
ONE = Stake(1.0, 1.0)
_RANK = {grade: len(CONFIDENCE) - i for i, grade in enumerate(CONFIDENCE)}
_CLAIM_KEYS = (
    "share",
    "share_min",
    "share_max",
    "shares",
    "share_class",
    "voting_share",
    "start",
    "end",
    "as_of",
    "basis",
    "confidence",
    "evidence",
)


class Assumption(Enum):
    """Why a link's stake is not a number a source stated."""

    NONE = "none"  # stated by the best-graded sources
    USER = "user"  # the caller's --assume
    UNSTATED = "unstated"  # no share stated: the unknown range
    UNSTATED_CAPPED = "unstated_capped"  # no share stated: the unknown range, capped by the other holders' stakes
    CONTROL = "control"  # control passes whole (the control track)
    CONCERT = "concert"  # acting in concert: votes pooled (the control track)
    LINK = "link"  # an interest of unknown kind: followed by paths (track any), its size unknown


@dataclass(slots=True)
class Claim:
    """One statement as the analytics read it."""

    statement: str
    predicate: str
    holder: str
    held: str
    stake: Stake | None  # economic share stated by the source (None: not stated)
    votes: Stake | None  # voting_share, else share
    data: dict  # the edge's attributes (source, dates, evidence ...)
    status: str = ASSERTED  # on the day asked: asserted, or unstated_start (held as of a later date, start not stated)
    stated: str | None = None  # for unstated_start: the date a source states it (None: no date at all)

    @property
    def rank(self) -> int:
        return _RANK[self.data.get("confidence") or "medium"]

    def as_dict(self, sources: dict | None = None) -> dict:
        d = self.data
        out = {"statement": self.statement, "predicate": self.predicate, "source": d.get("source", "")}
        if sources is not None:
            out["source_title"] = sources.get(d.get("source", ""), {}).get("title", "")
        for key in _CLAIM_KEYS:
            if d.get(key) is not None:
                out[key] = d[key]
        out["status"] = self.status
        if self.status == UNSTATED_START:
            out["stated_as_of"] = self.stated
        return out


@dataclass(slots=True)
class Link:
    """One holder→held pair on one track: the claims about it, combined into one stake."""

    holder: str
    held: str
    stake: Stake
    claims: list[Claim]
    assumption: Assumption = Assumption.NONE  # why the stake is a range nobody stated
    conflict: bool = False  # the best sources disagree (the stake is their hull)
    unstated: bool = False  # held only as of a later date, for a link with no claims of its own (acting in concert)
    others: float = 0.0  # UNSTATED_CAPPED: the stakes stated for the other holders (their lows), which cap this one

    @property
    def assumed(self) -> bool:
        """The stake is an assumption (the user's, or a range nobody stated), not a stated number."""
        return self.assumption is not Assumption.NONE

    @property
    def status(self) -> str:
        """unstated_start when no claim behind the link is asserted on the day (only held as of a later date)."""
        if self.unstated or (self.claims and all(c.status == UNSTATED_START for c in self.claims)):
            return UNSTATED_START
        return ASSERTED

    def as_dict(self, sources: dict | None = None) -> dict:
        from kg.ownership.wording import assumed_text

        out: dict = {
            "holder": self.holder,
            "held": self.held,
            "stake": self.stake.as_dict(),
            "status": self.status,
            "claims": [c.as_dict(sources) for c in self.claims],
        }
        if self.assumed:
            out["assumed"] = assumed_text(self)
        if self.conflict:
            out["conflict"] = True
        return out


def interval(d: dict, exact_key: str = "share") -> Stake | None:
    """The stake an edge's attributes state: ``exact_key`` exactly, else (for shares) the stated range."""
    if d.get(exact_key) is not None:
        v = float(d[exact_key]) / 100
        return Stake(v, v)
    if exact_key == "share" and (d.get("share_min") is not None or d.get("share_max") is not None):
        return Stake(
            float(d.get("share_min") or 0) / 100, float(d["share_max"] if d.get("share_max") is not None else 100) / 100
        )
    return None


def parse_assumption(item: str) -> tuple[str, str, str]:
    """``--assume``'s 'HOLDER:HELD=PCT' or 'HOLDER:HELD=LOW-HIGH' → (holder, held, the range text).

    >>> parse_assumption("tencent:zhipu=2-5")
    ('tencent', 'zhipu', '2-5')
    """
    pair, sep, rng = item.partition("=")
    holder, colon, held = pair.partition(":")
    if not sep or not colon:
        raise UsageError(f"--assume '{item}' should look like HOLDER:HELD=PCT or HOLDER:HELD=LOW-HIGH")
    return holder, held, rng


def parse_range(text: str) -> Stake:
    """'100' → exactly 100%; '20-60' or '20..60' → 20–60%."""
    t = text.strip().rstrip("%").replace("..", "-").replace("–", "-")
    try:
        if "-" in t.lstrip("-"):
            lo, hi = (float(x) for x in t.split("-", 1))
        else:
            lo = hi = float(t)
    except ValueError:
        raise UsageError(f"'{text}' is not a percentage or a range like 20-60") from None
    if not (0 <= lo <= hi <= 100):
        raise UsageError(f"'{text}' must be percentages with 0 <= low <= high <= 100")
    return Stake(lo / 100, hi / 100)
