"""One cell's text → a typed value, by the value kind its column declares in the ontology.

:func:`parse_cell` is the rule of every kind (CSV input); :func:`check_value` applies the same rules
to values from elsewhere (e.g. RDF literals), so both inputs refuse the same values with the same words.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from decimal import Decimal

from kg.errors import Problem
from kg.ingest.dates import NotADate, partial_date
from kg.ingest.hints import ascii_digits, clip, did_you_mean
from kg.ingest.records import ProblemLog
from kg.schema.specs import Ontology
from kg.schema.vocab import BASIS, CONFIDENCE
from kg.untrusted import (
    FORMULA_START,
)  # the one rule: CSV input refuses such cells, every CSV/TSV writer neutralises them

# Value kinds whose values recur across rows: one shared object per distinct value keeps
# the records at a small constant per row (ids, codes, grades and dates, not free text).
SHARED_KINDS = frozenset(
    (
        "id",
        "entity",
        "source",
        "class",
        "predicate",
        "metric",
        "basis",
        "confidence",
        "country",
        "currency",
        "lang",
        "date",
        "url",
    )
)
NUMERIC_KINDS = ("percent", "decimal", "integer", "date")
_CONTROL_NOT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f]")  # any ord(ch) < 32 but a line break
MAX_CELL = 4000  # characters; longer cells are almost always a paste accident
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,127}$")
LANG_RE = re.compile(r"^[a-zA-Z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
NUMBER_RE = re.compile(r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")  # plain decimals: no exponents, no separators
EXAMPLES = {
    "percent": "a number from 0 to 100 without '%', e.g. 3.91",
    "integer": "a whole number without separators, e.g. 17217310",
    "decimal": "a plain number without separators or units, e.g. 57000000",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2026-01-08",
    "url": "a full http:// or https:// address",
    "lang": "a language tag such as zh-Hant, zh-Hans or en",
    "country": "a two-letter ISO 3166 code such as CN, HK, US",
    "currency": "a three-letter ISO 4217 code such as CNY, HKD, USD",
    "boolean": "true or false",
    "basis": "one of " + ", ".join(BASIS),
    "confidence": "one of " + ", ".join(CONFIDENCE),
}
GRADES = {"basis": BASIS, "confidence": CONFIDENCE}
FORMULA_HINT = "rephrase it so it does not start with = + - @ (e.g. put a word first)"

Bad = Callable[..., None]  # bad(message, hint="") reports a problem at the cell


@functools.lru_cache(maxsize=1)
def _iso_codes() -> tuple[frozenset[str], frozenset[str]]:
    """ISO 3166-1 alpha-2 country codes and ISO 4217 currency codes (from pycountry)."""
    import pycountry

    return (frozenset(c.alpha_2 for c in pycountry.countries), frozenset(c.alpha_3 for c in pycountry.currencies))


def parse_cell(log: ProblemLog, kind: str, raw: str, where: tuple[str, int, int], column: str):
    """Parse one non-empty cell by its value kind; report to ``log`` and return None on a problem."""
    shown, line, col = where
    raw = raw.replace("\r\n", "\n")  # a line break inside a quoted cell of a Windows file
    value = raw.strip()

    def bad(message: str, hint: str = "") -> None:
        log.error(shown, line, col, message, hint or EXAMPLES.get(kind, ""))

    if len(raw) > MAX_CELL:
        bad(
            f"{column} is {len(raw)} characters long (at most {MAX_CELL})",
            "keep cells short; quote only the key sentence as evidence",
        )
        return None
    if kind in NUMERIC_KINDS and not value.isascii() and any(ch.isdecimal() for ch in value):
        bad(
            f"{column} '{clip(value)}' has non-ASCII digits",
            f"type the digits as ASCII 0-9: {ascii_digits(value)}",
        )
        return None
    parser = _PARSERS.get(kind)
    if parser is None:
        raise AssertionError(f"unhandled value kind {kind}")  # the ontology check prevents this
    return parser(kind, value, column, bad)


def _text(kind: str, value: str, column: str, bad: Bad):
    if value.startswith(FORMULA_START):
        bad(f"{column} '{clip(value)}' starts with '{value[0]}', which spreadsheets run as a formula", FORMULA_HINT)
        return None
    if _CONTROL_NOT_NEWLINE.search(value):
        bad(f"{column} contains a control character", "remove tabs and control characters from the cell")
        return None
    if kind == "text-list":
        items = tuple(dict.fromkeys(v.strip() for v in value.split("|") if v.strip()))
        for item in items:
            if item.startswith(FORMULA_START):
                bad(
                    f"{column} item '{clip(item)}' starts with '{item[0]}', which spreadsheets run as a formula",
                    FORMULA_HINT,
                )
                return None
        return items
    return value


def _id(kind: str, value: str, column: str, bad: Bad):
    if not ID_RE.match(value):
        bad(
            f"{column} '{clip(value)}' is not a valid id",
            "ids are lowercase letters, digits, '_', '-' and '.', starting with a letter or digit",
        )
        return None
    return value


def _name(kind: str, value: str, column: str, bad: Bad):
    """Classes, predicates and metrics: checked against the ontology with the rest of the row."""
    return value


def _number(kind: str, value: str, column: str, bad: Bad):
    if kind == "percent" and value.endswith("%"):
        bad(f"{column} '{value}' has a '%' sign")
        return None
    if "," in value:
        bad(f"{column} '{clip(value)}' contains a comma")
        return None
    if not NUMBER_RE.match(value):
        bad(f"{column} '{clip(value)}' is not a number")
        return None
    number = Decimal(value)
    if not math.isfinite(number):
        bad(f"{column} '{value}' is not a finite number")
        return None
    if kind == "percent" and not (0 <= number <= 100):
        bad(f"{column} '{value}' is not between 0 and 100")
        return None
    return number


def _integer(kind: str, value: str, column: str, bad: Bad):
    if not value.isdigit() or not value.isascii():
        what = "negative" if value.startswith("-") and value[1:].isdigit() else "a whole number"
        bad(f"{column} '{clip(value)}' is {'negative' if what == 'negative' else 'not ' + what}")
        return None
    return int(value)


def _date(kind: str, value: str, column: str, bad: Bad):
    try:
        return partial_date(value)
    except NotADate:
        bad(f"{column} '{clip(value)}' is not a date")
    except ValueError:
        bad(f"{column} '{value}' is not a real calendar date")
    return None


def _url(kind: str, value: str, column: str, bad: Bad):
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        bad(f"{column} '{clip(value)}' is not an http(s) URL")
        return None
    return value


def _lang(kind: str, value: str, column: str, bad: Bad):
    if not LANG_RE.match(value):
        bad(f"{column} '{clip(value)}' is not a language tag")
        return None
    return value


def _country(kind: str, value: str, column: str, bad: Bad):
    if not re.match(r"^[A-Z]{2}$", value):
        bad(f"{column} '{clip(value)}' is not a two-letter country code")
        return None
    if value not in _iso_codes()[0]:
        bad(f"{column} '{value}' is not an ISO 3166 country code")
        return None
    return value


def _currency(kind: str, value: str, column: str, bad: Bad):
    if not re.match(r"^[A-Z]{3}$", value):
        bad(f"{column} '{clip(value)}' is not a three-letter currency code")
        return None
    if value not in _iso_codes()[1]:
        bad(f"{column} '{value}' is not an ISO 4217 code")
        return None
    return value


def _boolean(kind: str, value: str, column: str, bad: Bad):
    if value in ("true", "false"):
        return value == "true"
    bad(f"{column} '{clip(value)}' is not true or false", f"write {column} as {EXAMPLES[kind]} (or leave it empty)")
    return None


def _grade(kind: str, value: str, column: str, bad: Bad):
    allowed = GRADES[kind]
    if value not in allowed:
        bad(
            f"{column} '{clip(value)}' is not one of {', '.join(allowed)}",
            did_you_mean(value, allowed) or EXAMPLES[kind],
        )
        return None
    return value


_PARSERS: dict[str, Callable[[str, str, str, Bad], object]] = {
    "text": _text,
    "text-list": _text,
    "id": _id,
    "entity": _id,
    "source": _id,
    "class": _name,
    "predicate": _name,
    "metric": _name,
    "percent": _number,
    "decimal": _number,
    "integer": _integer,
    "date": _date,
    "url": _url,
    "lang": _lang,
    "country": _country,
    "currency": _currency,
    "boolean": _boolean,
    "basis": _grade,
    "confidence": _grade,
}


def check_value(onto: Ontology, kind: str, raw: str, column: str, where: str = "") -> tuple[object, Problem | None]:
    """One value parsed by the CSV rules of its value kind, for inputs other than CSV (e.g. RDF literals).

    Returns ``(value, None)``, or ``(None, problem)`` with the problem the CSV validator would report.
    """
    log = ProblemLog()
    value = parse_cell(log, kind, raw, (where, 0, 0), column)
    return (None, log.problems[0]) if value is None else (value, None)
