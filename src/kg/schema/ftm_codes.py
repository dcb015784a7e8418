"""FollowTheMoney's schemata mapped onto kg's vocabulary: the one place the FtM importer and exporter take kg names from.

FtM (the ``followthemoney`` package, OpenSanctions / Aleph) describes parties as schemata (Person, Company,
Organization, PublicBody, LegalEntity) and links as interval schemata whose edge runs from a source property
to a target property of the package's own model (Ownership owner → asset, Directorship director →
organization, Employment employee → employer, Membership member → organization, Control controller →
controlled, UnknownLink subject → object). kg reads the edge's source as the kg subject, its target as the object.

An FtM ``Control`` says neither how nor how much: it becomes ``hasSignificantInfluenceOver`` (shown, never
counted for control) unless kg wrote it. What kg writes carries its own names in ``summary`` ("kg:<name>",
:data:`KG_MARK`), so kg's classes and relations come back exactly; the mark is honoured only for names the
ontology declares (:func:`marked`). :func:`check_ftm_codes` holds every name here against the ontology.
"""

from __future__ import annotations

from kg.schema.specs import Ontology

KG_MARK = "kg:"

# FtM party schema -> kg class, most specific first (never narrower than FtM states)
PARTY_CLASS: tuple[tuple[str, str], ...] = (
    ("Person", "Person"),
    ("PublicBody", "GovernmentBody"),
    ("Company", "Company"),
    ("Organization", "Organization"),
    ("LegalEntity", "Organization"),
)
# FtM link schema -> the kg relation it states when kg did not write it
LINK_RELATION: dict[str, str] = {
    "Ownership": "holdsSharesIn",
    "Directorship": "directorOf",
    "Employment": "employedBy",
    "Membership": "memberOf",
    "UnknownLink": "hasUnspecifiedInterestIn",
    "Control": "hasSignificantInfluenceOver",
}
NO_RELATION = frozenset({"Family"})  # people's kinship: kg has no relation for it (a warning, not an error)

# kg -> FtM (the export): classes, then relations by name, then by family
CLASS_SCHEMA: dict[str, str] = {
    "Person": "Person",
    "Company": "Company",
    "GovernmentBody": "PublicBody",
    "UnspecifiedParty": "LegalEntity",
}
AGENT = "Agent"  # every other kind of agent (fund, firm, university, concert party …) goes out as an Organization
AGENT_SCHEMA = "Organization"
RELATION_SCHEMA: dict[str, str] = {
    "directorOf": "Directorship",
    "chairOf": "Directorship",
    "ceoOf": "Directorship",
    "executiveOf": "Directorship",
    "chiefScientistOf": "Directorship",
    "employedBy": "Employment",
    "memberOf": "Membership",
}
STAKE_SCHEMA, CONTROL_SCHEMA = "Ownership", "Control"
ANALYSED_FAMILIES = frozenset({"ownership", "control"})


def marked(summary: str, onto: Ontology) -> str | None:
    """The kg class or relation a ``summary`` "kg:<name>; …" names, when the ontology declares it."""
    if not summary.startswith(KG_MARK):
        return None
    name = summary[len(KG_MARK) :].split(";", 1)[0].strip()
    if name in onto.classes:
        return name
    spec = onto.relations.get(name)
    return name if spec is not None and not spec.derived_only else None


def export_schema(relation: str, onto: Ontology) -> str | None:
    """The FtM schema a kg relation goes out as, or None when FtM has none for it.

    Ownership and control relations, and any relation kg's analytics read: an FtM Ownership when the
    relation may carry a share (only Ownership has ``percentage``), else an FtM Control; kg's own
    relation name goes in ``summary``. Derived relations (kg's computations) never go out.
    """
    spec = onto.relations.get(relation)
    if spec is None or spec.derived_only:
        return None
    if relation in RELATION_SCHEMA:
        return RELATION_SCHEMA[relation]
    if spec.family in ANALYSED_FAMILIES or spec.ownership_roles:
        return STAKE_SCHEMA if spec.stake_bearing else CONTROL_SCHEMA
    return None


def check_ftm_codes(onto: Ontology) -> list[str]:
    """The kg names above that the ontology does not declare (empty when all are known)."""
    missing = [c for _, c in PARTY_CLASS if c not in onto.classes]
    missing += [c for c in (*CLASS_SCHEMA, AGENT) if c not in onto.classes]
    missing += [r for r in (*LINK_RELATION.values(), *RELATION_SCHEMA) if r not in onto.relations]
    missing += [f for f in ANALYSED_FAMILIES if f not in onto.families]
    return missing
