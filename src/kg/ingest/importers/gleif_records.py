"""GLEIF records in one shape, whatever form they were read from (XML, CSV, API JSON, lei-rdf).

Each reader (``gleif_xml``, ``gleif_csv``, ``gleif_json``) turns its form into these plain records
with the values copied verbatim; ``gleif_rows`` turns them into kg rows. Keeping one shape is what
makes the same records give the same rows in every form. Also here: the ISO 17442 LEI check and the
date cut (GLEIF dates are ISO 8601 date-times; kg keeps the calendar date as published).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LEI_RE = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$")


@dataclass(frozen=True)
class Where:
    """Where a record was read: file, line and column (0 when the form has none), or a JSON pointer."""

    file: str
    line: int = 0
    column: int = 0
    pointer: str = ""

    def text(self) -> str:
        if self.pointer:
            return f"{self.file}#{self.pointer}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Name:
    text: str
    lang: str = ""
    type: str = ""  # OtherEntityName/@type, e.g. TRADING_OR_OPERATING_NAME; "" for the legal name


@dataclass
class LeiRecord:
    """One LEI-CDF ``LEIRecord``."""

    lei: str
    where: Where
    legal_name: Name | None = None
    other_names: list[Name] = field(default_factory=list)  # other and transliterated names, in order
    jurisdiction: str = ""
    category: str = ""
    sub_category: str = ""
    legal_form: str = ""
    entity_status: str = ""
    registration_status: str = ""
    ra_id: str = ""  # RegistrationAuthorityID (or OtherRegistrationAuthorityID)
    ra_entity_id: str = ""
    creation_date: str = ""
    validation_sources: str = ""
    last_update: str = ""


@dataclass
class Period:
    start: str
    end: str
    type: str


@dataclass
class RelRecord:
    """One RR-CDF ``RelationshipRecord``: StartNode is the child, EndNode the parent."""

    child: str
    parent: str
    type: str
    where: Where
    child_type: str = "LEI"
    parent_type: str = "LEI"
    status: str = ""
    periods: list[Period] = field(default_factory=list)
    qualifiers: list[tuple[str, str]] = field(default_factory=list)  # (dimension, category)
    quantifiers: list[tuple[str, str, str]] = field(default_factory=list)  # (method, amount, units)
    registration_status: str = ""
    validation_sources: str = ""
    validation_documents: str = ""
    last_update: str = ""

    @property
    def ref(self) -> str:
        """The record's id in kg: ``start LEI|end LEI|type`` (GLEIF's own key of a relationship)."""
        return f"{self.child}|{self.parent}|{self.type}"


@dataclass
class ExceptionRecord:
    """One RepEx ``Exception``: the entity ``lei`` does not report a parent of ``category``."""

    lei: str
    category: str
    where: Where
    reasons: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


@dataclass
class Header:
    """What a file says about itself: which GLEIF file it is and when it was published."""

    kind: str  # "lei", "rr" or "repex"
    form: str  # "xml", "csv", "json", "lei-rdf"
    published: str = ""  # the content / golden-copy publication date, YYYY-MM-DD


def lei_problem(lei: str) -> str:
    """Why ``lei`` is not a valid ISO 17442 LEI ('' when it is)."""
    if len(lei) != 20:
        return f"LEI {lei[:40]!r} has {len(lei)} characters (an LEI has 20)"
    if not LEI_RE.match(lei):
        return f"LEI {lei!r} has characters other than A-Z and 0-9, or letters in its two check digits"
    if int("".join(str(int(c, 36)) for c in lei)) % 97 != 1:
        return f"LEI {lei!r} fails the ISO 17442 check digits (mod 97)"
    return ""


def with_check_digits(base18: str) -> str:
    """The LEI made of an 18-character prefix and its ISO 17442 check digits (for tests and bench)."""
    n = int("".join(str(int(c, 36)) for c in base18.upper() + "00"))
    return f"{base18.upper()}{98 - n % 97:02d}"


def gleif_date(value: str) -> str:
    """The calendar date of a GLEIF date-time, as published (``2017-10-02T19:50:30Z`` -> ``2017-10-02``)."""
    m = DATE_RE.match(value.strip())
    return m.group(1) if m else ""
