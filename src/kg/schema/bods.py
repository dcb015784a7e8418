"""The BODS 0.4 codelists mapped onto kg's vocabulary: the one place the BODS importer takes kg names from.

Beneficial Ownership Data Standard 0.4 (Open Ownership, `schema/codelists/*.csv` on branch 0.4.0) names
interests, entity types and person types in its own codes; kg's relations and classes are the ontology's.
The tables below say which kg term each BODS code becomes. :func:`check` holds them to the loaded
ontology (every name must be declared there), and the importer calls it before reading anything, so a
renamed relation fails loudly instead of writing rows kg cannot read.

Direction: every relation runs from the BODS ``interestedParty`` (kg subject) to the BODS ``subject``
(kg object), as kg's ownership relations do.
"""

from __future__ import annotations

import re

from kg.errors import OntologyError
from kg.schema.ontology import Ontology

# interestType (23 codes, closed) -> kg relation. The BODS code itself is kept in the row's `role`.
INTEREST_RELATION: dict[str, str] = {
    "shareholding": "holdsSharesIn",
    "votingRights": "holdsVotingRightsIn",
    "appointmentOfBoard": "appointsBoardOf",
    "otherInfluenceOrControl": "hasSignificantInfluenceOver",
    "seniorManagingOfficial": "seniorManagingOfficialOf",
    "settlor": "settlorOf",
    "trustee": "trusteeOf",
    "protector": "protectorOf",
    "beneficiaryOfLegalArrangement": "beneficiaryOf",
    "rightsToSurplusAssetsOnDissolution": "hasEconomicRightsIn",
    "rightsToProfitOrIncome": "hasEconomicRightsIn",
    "rightsGrantedByContract": "hasSignificantInfluenceOver",
    "conditionalRightsGrantedByContract": "hasSignificantInfluenceOver",
    "controlViaCompanyRulesOrArticles": "hasSignificantInfluenceOver",
    "controlByLegalFramework": "hasSignificantInfluenceOver",
    "boardMember": "directorOf",
    "boardChair": "chairOf",
    "unknownInterest": "hasUnspecifiedInterestIn",
    "unpublishedInterest": "hasUnspecifiedInterestIn",
    "enjoymentAndUseOfAssets": "hasEconomicRightsIn",
    "rightToProfitOrIncomeFromAssets": "hasEconomicRightsIn",
    "nominee": "nomineeOf",
    "nominator": "nominatorOf",
}
# A relationship, or an interest, that names no type: kg shows it and never computes with it.
UNSPECIFIED_INTEREST = "hasUnspecifiedInterestIn"
# directOrIndirect "indirect" on these codes is a stated total through other holders: kg keeps it as an
# aggregate interest, so the component hops (ordinary rows) are not counted twice in look-through.
INDIRECT_TOTAL_CODES = frozenset({"shareholding", "votingRights"})
INDIRECT_TOTAL = "aggregateInterestIn"

# entityType.type -> kg class (never narrower than BODS says: a registeredEntity is an Organization).
ENTITY_CLASS: dict[str, str] = {
    "registeredEntity": "Organization",
    "legalEntity": "Organization",
    "arrangement": "Organization",
    "state": "GovernmentBody",
    "stateBody": "GovernmentBody",
    "anonymousEntity": "UnspecifiedParty",
    "unknownEntity": "UnspecifiedParty",
}
# personType -> kg class.
PERSON_CLASS: dict[str, str] = {
    "knownPerson": "Person",
    "anonymousPerson": "UnspecifiedParty",
    "unknownPerson": "UnspecifiedParty",
}
UNSPECIFIED_CLASS = "UnspecifiedParty"  # an owner or controller the source does not name

# unspecifiedReason (7 codes): kept verbatim in entities.unspecified_reason.
UNSPECIFIED_REASONS = frozenset(
    {
        "noBeneficialOwners",
        "subjectUnableToConfirmOrIdentifyBeneficialOwner",
        "interestedPartyHasNotProvidedInformation",
        "subjectExemptFromDisclosure",
        "interestedPartyExemptFromDisclosure",
        "unknown",
        "informationUnknownToPublisher",
    }
)
DANGLING_REASON = "informationUnknownToPublisher"  # a record a relationship names but the input does not describe
DIRECT_OR_INDIRECT = frozenset({"direct", "indirect", "unknown"})
RELATIONSHIP = "relationship"
RECORD_TYPES = frozenset({"entity", "person", RELATIONSHIP})
RECORD_STATUSES = frozenset({"new", "updated", "closed"})


# -- export (kg -> BODS): the tables above read backwards, plus kg's own relations and classes ---------------
# A kg relation BODS has no interest type for, written as the nearest BODS type with the kg name in the
# interest's ``details`` ("kg:<relation>; ..."): the importer reads it back only for these exact pairs.
KG_INTEREST: dict[str, str] = {
    "controls": "otherInfluenceOrControl",
    "controllingShareholderOf": "otherInfluenceOrControl",
    "generalPartnerOf": "otherInfluenceOrControl",
    "managesFund": "otherInfluenceOrControl",
    "consolidates": "otherInfluenceOrControl",
    "ultimatelyConsolidates": "otherInfluenceOrControl",
    "memberOfConcertParty": "otherInfluenceOrControl",
    "investsThrough": "shareholding",
    "acquired": "shareholding",
    "limitedPartnerOf": "rightsToProfitOrIncome",
    "feederFundOf": "rightsToProfitOrIncome",
}
KG_MARK = "kg:"  # details "kg:<relation>; ..." or entityType.details "kg:<Class>"
# kg class -> BODS entityType (the codelist's descriptions: a Company is registered; a concert party is an
# arrangement; a government body a state body); any other organisation is a legalEntity, the type that
# claims no register. The kg class goes to entityType.details and reads back only as a subclass of the
# class the BODS type gives.
CLASS_ENTITY_TYPE: dict[str, str] = {
    "Company": "registeredEntity",
    "ConcertParty": "arrangement",
    "GovernmentBody": "stateBody",
}
DEFAULT_ENTITY_TYPE = "legalEntity"
PERSON_CLASS_EXPORT = "Person"
AS_OF_NOTE = "as_of"  # details "...; as_of 2024-07" (a partial date) or "as_of not stated", read back by the importer
AS_OF_UNSTATED = "as_of not stated"
LOOK_THROUGH = "lookThroughStakeIn"  # kg's computed stake: exported as an indirect shareholding, never re-imported
INDIRECT_CODE = "shareholding"


def export_interest(relation: str, role: str | None) -> str | None:
    """The BODS interest type a kg relation is exported as (its own BODS code when it came from BODS).

    ``""`` for an unspecified interest with no BODS code: the source published no type, nor does kg's export."""
    if relation == UNSPECIFIED_INTEREST:
        return role if role and role in INTEREST_RELATION else ""
    if role and (
        INTEREST_RELATION.get(role) == relation or (relation == INDIRECT_TOTAL and role in INDIRECT_TOTAL_CODES)
    ):
        return role
    if relation == INDIRECT_TOTAL:
        return INDIRECT_CODE
    for code, rel in INTEREST_RELATION.items():
        if rel == relation:
            return code
    return KG_INTEREST.get(relation)


def refined_relation(code: str, details: object) -> str | None:
    """The kg relation named in an interest's ``details`` by kg's export, when it is one kg writes for ``code``
    (an unspecified interest for any code, or none: kg writes the code the source gave, if any)."""
    if not isinstance(details, str) or not details.startswith(KG_MARK):
        return None
    name = details[len(KG_MARK) :].split(";", 1)[0].strip()
    if (
        name in (LOOK_THROUGH, UNSPECIFIED_INTEREST)
        or KG_INTEREST.get(name) == code
        or INTEREST_RELATION.get(code) == name
    ):
        return name
    return None


def refined_class(entity_type: object, details: object, onto: Ontology) -> str | None:
    """The kg class named in ``entityType.details`` by kg's export, when kg writes that class as ``entity_type``."""
    if not isinstance(details, str) or not details.startswith(KG_MARK):
        return None
    name = details[len(KG_MARK) :].strip()
    if name not in onto.classes or name in (PERSON_CLASS_EXPORT, UNSPECIFIED_CLASS):
        return None
    return name if CLASS_ENTITY_TYPE.get(name, DEFAULT_ENTITY_TYPE) == entity_type else None


def partial_dates(details: str) -> dict[str, str | None]:
    """The dates kg's export could not write as BODS dates, from its ``details``: start, end, as_of."""
    out: dict[str, str | None] = {}
    for part in details.split("; ")[1:4]:
        key, _, value = part.partition(" ")
        if part == AS_OF_UNSTATED:
            out[AS_OF_NOTE] = None
        elif key in ("start", "end", AS_OF_NOTE) and re.fullmatch(r"\d{4}(-\d{2})?", value):
            out[key] = value
    return out


def check(onto: Ontology) -> None:
    """Raise :class:`OntologyError` when a kg name in these tables is not declared in ``onto``."""
    relations = {*INTEREST_RELATION.values(), UNSPECIFIED_INTEREST, INDIRECT_TOTAL, *KG_INTEREST, LOOK_THROUGH}
    classes = {*ENTITY_CLASS.values(), *PERSON_CLASS.values(), UNSPECIFIED_CLASS, *CLASS_ENTITY_TYPE}
    missing = sorted(r for r in relations if r not in onto.relations)
    missing += sorted(c for c in classes if c not in onto.classes)
    if missing:
        raise OntologyError(f"the BODS tables name terms the ontology does not declare: {', '.join(missing)}")
