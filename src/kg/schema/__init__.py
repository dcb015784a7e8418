"""The ontology as typed Python: the only place kg's vocabulary comes from (classes, families, relations, CSV columns, value kinds, confidence grades, bases, metrics)."""

from kg.schema.vocab import (
    BASIS,
    CONFIDENCE,
    CSV_FILES,
    DEFAULT_BASIS,
    DEFAULT_CONFIDENCE,
    DEFAULT_MIN_CONFIDENCE,
    FOCUS_FAMILIES,
    HOLDS_SHARES_IN,
    OWNERSHIP_ROLES,
    PREDICATES,
    REQUIRED_FILES,
    STAKE_COLUMNS,
    VALUE_KINDS,
    confidence_rank,
)

__all__ = [
    "BASIS",
    "CONFIDENCE",
    "CSV_FILES",
    "DEFAULT_BASIS",
    "DEFAULT_CONFIDENCE",
    "DEFAULT_MIN_CONFIDENCE",
    "FOCUS_FAMILIES",
    "HOLDS_SHARES_IN",
    "OWNERSHIP_ROLES",
    "PREDICATES",
    "REQUIRED_FILES",
    "STAKE_COLUMNS",
    "VALUE_KINDS",
    "confidence_rank",
]
