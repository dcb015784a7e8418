"""GLEIF's codelists mapped onto kg's vocabulary: the one place the GLEIF importer takes kg names from.

GLEIF Level 2 relationship types (RR-CDF ``RelationshipType``), entity categories (LEI-CDF
``EntityCategory``), validation sources and reporting-exception categories are foreign codes; the kg
relation, class and confidence names they become are written here, in ``kg.schema``, and
:func:`check_gleif_codes` holds every one of them against the loaded ontology, so a renamed relation
fails loudly at import time instead of writing rows ``kg validate`` would refuse.

Direction: GLEIF's StartNode is the child and EndNode the parent. ``PARENT_FIRST`` relations take
the parent as kg subject (the parent consolidates / manages the child); the others read as their
name says with the child as subject (a sub-fund ``subFundOf`` its umbrella, a feeder ``feederFundOf``
its master, a branch ``branchOf`` its head office).
"""

from __future__ import annotations

from kg.schema.specs import Ontology
from kg.schema.vocab import CONFIDENCE

# RelationshipType -> (kg relation, subject is the parent (EndNode))
RELATIONSHIP_TYPES: dict[str, tuple[str, bool]] = {
    "IS_DIRECTLY_CONSOLIDATED_BY": ("consolidates", True),
    "IS_ULTIMATELY_CONSOLIDATED_BY": ("ultimatelyConsolidates", True),
    "IS_FUND-MANAGED_BY": ("managesFund", True),
    "IS_SUBFUND_OF": ("subFundOf", False),
    "IS_FEEDER_TO": ("feederFundOf", False),
    "IS_INTERNATIONAL_BRANCH_OF": ("branchOf", False),
}
DIRECT = "IS_DIRECTLY_CONSOLIDATED_BY"
ULTIMATE = "IS_ULTIMATELY_CONSOLIDATED_BY"

# RepEx ExceptionCategory -> the relationship type the withheld parent would have had
EXCEPTION_CATEGORIES: dict[str, str] = {
    "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT": DIRECT,
    "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT": ULTIMATE,
}

# ExceptionReason codes that say there is no corporate parent to report; every other reason
# (NON_PUBLIC, NO_LEI, and the deprecated BINDING_LEGAL_COMMITMENTS, LEGAL_OBSTACLES, DISCLOSURE_DETRIMENTAL,
# DETRIMENT_NOT_EXCLUDED, CONSENT_NOT_OBTAINED) says a parent exists but is withheld.
NO_PARENT_REASONS = frozenset({"NATURAL_PERSONS", "NO_KNOWN_PERSON", "NON_CONSOLIDATING"})

# ValidationSources (XML/CSV) or corroborationLevel (API) -> confidence grade
VALIDATION_CONFIDENCE: dict[str, str] = {
    "FULLY_CORROBORATED": "high",
    "PARTIALLY_CORROBORATED": "medium-high",
    "ENTITY_SUPPLIED_ONLY": "medium",
}

# EntityCategory -> kg class (never narrower than GLEIF states); anything else is an Organization
ENTITY_CLASS: dict[str, str] = {"FUND": "Fund", "RESIDENT_GOVERNMENT_ENTITY": "GovernmentBody"}
DEFAULT_CLASS = "Organization"
UNSPECIFIED_CLASS = "UnspecifiedParty"  # a parent the LEI system does not name (a reporting exception)


def check_gleif_codes(onto: Ontology) -> list[str]:
    """The kg names above that the ontology does not declare (empty when all are known)."""
    missing = [rel for rel, _ in RELATIONSHIP_TYPES.values() if rel not in onto.relations]
    missing += [c for c in (*ENTITY_CLASS.values(), DEFAULT_CLASS, UNSPECIFIED_CLASS) if c not in onto.classes]
    missing += [g for g in VALIDATION_CONFIDENCE.values() if g not in CONFIDENCE]
    return missing
