"""BODS 0.4 values turned into kg cell values: dates, share bands, identifiers, names, notes, evidence.

Each helper takes a BODS fragment and a ``bad(path, message, fix)`` callback for what it cannot read, so a
bad value becomes a located problem and the rest of the statement is still read. Nothing is invented: a
missing share stays blank, a missing date stays blank, names and identifiers are copied verbatim.

Shares (0.4): ``exact``, ``minimum``/``maximum`` (inclusive) and ``exclusiveMinimum``/``exclusiveMaximum``
(numbers: the bound itself is excluded) are all 0-100. Where both an inclusive and an exclusive lower
bound are given, the tighter one is the band's bound (both hold, as in JSON Schema); likewise the upper.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from decimal import Decimal

from kg.ingest.dates import partial_date
from kg.schema.vocab import SHARE, SHARE_MAX, SHARE_MAX_EXCLUSIVE, SHARE_MIN, SHARE_MIN_EXCLUSIVE

Bad = Callable[[str, str, str], None]  # bad(json pointer inside the statement, message, fix)
EVIDENCE_CHARS = 1000
NOTE_CHARS = 1000
DATE_FIX = "a date as YYYY-MM-DD (or a date-time such as 2019-09-11T11:17:23Z)"


def obj(value: object) -> dict:
    """``value`` when it is a JSON object, else an empty one (a missing or misshapen optional field)."""
    return value if isinstance(value, dict) else {}


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marked with an ellipsis where cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(value: object) -> bool:
    """True when ``value`` holds only what :func:`json.dumps` writes as :func:`compact` does (no Decimal)."""
    cls = value.__class__
    if cls is dict:
        return all(k.__class__ is str and _plain(v) for k, v in value.items())  # type: ignore[attr-defined]
    if cls is list:
        return all(_plain(v) for v in value)  # type: ignore[attr-defined]
    return cls in _SCALARS


_SCALARS = frozenset((str, int, float, bool, type(None)))


def compact(value: object) -> str:
    """Compact JSON of a parsed BODS fragment, numbers written as published (Decimal kept exact)."""
    if _plain(value):  # the same text, one call instead of one per value
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{compact(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(compact(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def evidence(value: object) -> str:
    return clip(compact(value), EVIDENCE_CHARS)


def date_of(value: object, path: str, bad: Bad) -> str | None:
    """A BODS date or date-time as kg's ``YYYY[-MM[-DD]]`` (the date part), or None (and a problem)."""
    if value is None:
        return None
    if not isinstance(value, str):
        bad(path, f"{path.rsplit('/', 1)[-1]} is {type(value).__name__}, not a date", DATE_FIX)
        return None
    text = value.split("T", 1)[0]
    try:
        partial_date(text)
    except ValueError:
        bad(path, f"{path.rsplit('/', 1)[-1]} '{clip(value, 40)}' is not a date", DATE_FIX)
        return None
    return text


def _percent(share: dict, key: str, path: str, bad: Bad) -> Decimal | None:
    value = share.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        bad(f"{path}/{key}", f"share {key} {clip(compact(value), 40)} is not a number", "a number from 0 to 100")
        return None
    number = Decimal(str(value))
    if not 0 <= number <= 100:
        bad(f"{path}/{key}", f"share {key} {number} is not between 0 and 100", "a percent from 0 to 100")
        return None
    return number


def _bound(inclusive: Decimal | None, exclusive: Decimal | None, lower: bool) -> tuple[Decimal | None, bool]:
    if inclusive is None or exclusive is None:
        return (exclusive, True) if exclusive is not None else (inclusive, False)
    if inclusive == exclusive:
        return exclusive, True
    tighter = max(inclusive, exclusive) if lower else min(inclusive, exclusive)
    return tighter, tighter == exclusive


def share_columns(share: object, path: str, bad: Bad) -> dict:
    """The stake columns of a BODS ``share`` object (empty when it gives none, or is bad)."""
    if share is None:
        return {}
    if not isinstance(share, dict):
        bad(path, f"share is {type(share).__name__}, not an object", 'an object such as {"exact": 25}')
        return {}
    exact = _percent(share, "exact", path, bad)
    lo, lo_ex = _bound(
        _percent(share, "minimum", path, bad), _percent(share, "exclusiveMinimum", path, bad), lower=True
    )
    hi, hi_ex = _bound(
        _percent(share, "maximum", path, bad), _percent(share, "exclusiveMaximum", path, bad), lower=False
    )
    if lo is not None and hi is not None and (lo > hi or (lo == hi and (lo_ex or hi_ex))):
        bad(path, f"share minimum {lo} is not below its maximum {hi}", "the lower bound must be below the upper")
        return {}
    if exact is not None and ((lo is not None and exact < lo) or (hi is not None and exact > hi)):
        bad(path, f"share exact {exact} lies outside its band {lo}..{hi}", "give an exact share inside the band")
        return {}
    cols: dict = {}
    if exact is not None:
        cols[SHARE] = exact
    if lo is not None:
        cols[SHARE_MIN] = lo
        if lo_ex:
            cols[SHARE_MIN_EXCLUSIVE] = True
    if hi is not None:
        cols[SHARE_MAX] = hi
        if hi_ex:
            cols[SHARE_MAX_EXCLUSIVE] = True
    return cols


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def country_of(jurisdiction: object) -> str | None:
    """The jurisdiction's code when it is an ISO 3166-1 alpha-2 country code (``US-DE`` is not)."""
    if isinstance(jurisdiction, dict):
        code = jurisdiction.get("code")
        if isinstance(code, str) and code in _countries():
            return code
    return None


def identifiers(items: object, path: str, bad: Bad) -> list[str]:
    """``SCHEME:ID`` for each BODS identifier (``schemeName`` where there is no ``scheme``), verbatim."""
    out: list[str] = []
    if items is None:
        return out
    if not isinstance(items, list):
        bad(path, "identifiers is not a list", 'a list of {"scheme": ..., "id": ...} objects')
        return out
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            bad(f"{path}/{i}", "an identifier is not an object", "an object with id and scheme (or schemeName)")
            continue
        ident, scheme = item.get("id"), item.get("scheme") or item.get("schemeName")
        if isinstance(ident, str) and isinstance(scheme, str) and ident.strip() and scheme.strip():
            out.append(f"{scheme.strip()}:{ident.strip()}")
        elif isinstance(item.get("uri"), str) and not ident:
            out.append(f"uri:{item['uri']}")
    return out


def listing_identifiers(listing: object) -> list[str]:
    """Tickers (``MIC:TICKER``, the MIC where given) and security ids (``isin:...``) of a publicListing."""
    out: list[str] = []
    if not isinstance(listing, dict) or not isinstance(listing.get("securitiesListings"), list):
        return out
    for entry in listing["securitiesListings"]:
        security = entry.get("security") if isinstance(entry, dict) else None
        if not isinstance(security, dict):
            continue
        mic = entry.get("marketIdentifierCode") or entry.get("operatingMarketIdentifierCode")
        ticker = security.get("ticker")
        if isinstance(ticker, str) and ticker:
            out.append(f"{mic if isinstance(mic, str) and mic else 'ticker'}:{ticker}")
        scheme, ident = security.get("idScheme"), security.get("id")
        if isinstance(scheme, str) and isinstance(ident, str) and scheme and ident:
            out.append(f"{scheme}:{ident}")
    return out


def person_names(names: object) -> tuple[str | None, list[str]]:
    """The name to show (the first legal name, else the first) and every other full name, verbatim."""
    full = [
        (n.get("type"), n["fullName"])
        for n in (names if isinstance(names, list) else [])
        if isinstance(n, dict) and isinstance(n.get("fullName"), str) and n["fullName"].strip()
    ]
    if not full:
        return None, []
    chosen = next((name for kind, name in full if kind == "legal"), full[0][1])
    return chosen, unique(name for _, name in full if name != chosen)


def unique(items) -> list[str]:
    return list(dict.fromkeys(i for i in items if isinstance(i, str) and i.strip()))


def annotation_notes(annotations: object) -> list[str]:
    """Each annotation as a short note: motivation, target, description, url (clipped)."""
    out = []
    for a in annotations if isinstance(annotations, list) else []:
        if not isinstance(a, dict):
            continue
        head = " ".join(str(a[k]) for k in ("motivation", "statementPointerTarget") if isinstance(a.get(k), str))
        body = " ".join(str(a[k]) for k in ("description", "url") if isinstance(a.get(k), str))
        out.append(clip(f"annotation ({head}): {body}", 300))
    return out


def note(parts: list[str]) -> str | None:
    text = "; ".join(p for p in parts if p)
    return clip(text, NOTE_CHARS) if text else None
