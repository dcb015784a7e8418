"""How kg words what it cannot assert on a day: statements held as of a later date whose start no source states.

Shared by the ownership reports (owners, holdings, path, control) and ``kg show``; the
rule itself is :func:`kg.graph.dating.status_on`.
"""

from __future__ import annotations

MARK = "*"  # after a number that rests on such a statement


def held_as_of(stated) -> str:
    """'held as of 2026-01-07, start not stated' (or, with no date at all, 'start not stated, no date given')."""
    return f"held as of {stated}, start not stated" if stated else "start not stated, no date given"


def as_of_start_not_stated(stated) -> str:
    """'as of 2026-01-07, start not stated', for any statement (``kg show``)."""
    return f"as of {stated}, start not stated" if stated else "start not stated, no date given"


def footnote(info: dict, day: str, what: str) -> str:
    """The sentence under a table whose rows or totals are marked: which dates, and what kg does not know.

    ``info`` is a result's ``start_not_stated`` part (``stated_as_of`` dates, ``undated``); ``what``
    names the marked things ('3 owners and the totals').
    """
    dates = list(info.get("stated_as_of") or ())
    when = ", ".join(dates[:-1]) + " or " + dates[-1] if len(dates) > 1 else "".join(dates)
    if when:
        when = f"held as of {when}" + (" (some with no date at all)" if info.get("undated") else "")
    else:
        when = "no date given"
    return (
        f"{MARK} start not stated: {when}. {what[:1].upper() + what[1:]} rest on statements no source "
        f"makes for {day}: kg counts them, but does not know they held then."
    )
