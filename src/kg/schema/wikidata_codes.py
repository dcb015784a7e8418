"""Wikidata's properties mapped onto kg's vocabulary: the one place the Wikidata importer takes kg names from.

A Wikidata statement reads "item —property→ value". ``PROPERTIES`` gives, for each property kg imports,
the kg relation and whether the *value* is the kg subject (``P127`` owned by: the owner, the value, holds
shares in the item) or the item is (``P1830`` owner of: the item holds shares in the value).

``P749`` parent organization and its inverse ``P355`` has subsidiary become ``partOf`` (the unit is the
subject), not ``controls``: Wikidata uses them for every organisational hierarchy (a faculty and its
university, an agency and its ministry, a brand and its company), so they do not state control in the sense
kg's analytics count (``controls`` has the control role; ``partOf`` is shown, never counted). A stake or
control is stated by ``P127``/``P1830`` (with ``P1107`` proportion), which kg reads as ``holdsSharesIn``;
"owned by" without a proportion is a stake of unstated size (an empty share), as kg writes unstated stakes.

:func:`check_wikidata_codes` holds every kg name here against the loaded ontology, so a renamed relation
fails loudly at import time instead of writing rows ``kg validate`` would refuse.
"""

from __future__ import annotations

from kg.schema.specs import Ontology

# Wikidata property -> (kg relation, the value is the kg subject)
PROPERTIES: dict[str, tuple[str, bool]] = {
    "P127": ("holdsSharesIn", True),  # owned by
    "P1830": ("holdsSharesIn", False),  # owner of
    "P749": ("partOf", False),  # parent organization: the item is part of the value
    "P355": ("partOf", True),  # has subsidiary: the value is part of the item
    "P112": ("founderOf", True),  # founded by
    "P169": ("ceoOf", True),  # chief executive officer
    "P488": ("chairOf", True),  # chairperson
    "P3320": ("directorOf", True),  # board member
}
LABELS = {
    "P127": "owned by",
    "P1830": "owner of",
    "P749": "parent organization",
    "P355": "has subsidiary",
    "P112": "founded by",
    "P169": "chief executive officer",
    "P488": "chairperson",
    "P3320": "board member",
}
HUMAN_CLASS = "Person"  # an item the results say is an instance of human (Q5)
DEFAULT_CLASS = "Organization"  # any other item: never narrower than the data says
UNKNOWN_CLASS = "UnspecifiedParty"  # Wikidata's "unknown value"
UNKNOWN_REASON = "unknown"
SOURCE_KIND = "encyclopedia"  # a Wikidata statement without a reference is sourced to Wikidata itself
FILE_KIND = "dataset"  # the results file


def check_wikidata_codes(onto: Ontology) -> list[str]:
    """The kg names above that the ontology does not declare (empty when all are known)."""
    missing = [rel for rel, _ in PROPERTIES.values() if rel not in onto.relations]
    missing += [c for c in (HUMAN_CLASS, DEFAULT_CLASS, UNKNOWN_CLASS) if c not in onto.classes]
    return missing
