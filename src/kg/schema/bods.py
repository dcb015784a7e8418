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


def check(onto: Ontology) -> None:
    """Raise :class:`OntologyError` when a kg name in these tables is not declared in ``onto``."""
    relations = {*INTEREST_RELATION.values(), UNSPECIFIED_INTEREST, INDIRECT_TOTAL}
    classes = {*ENTITY_CLASS.values(), *PERSON_CLASS.values(), UNSPECIFIED_CLASS}
    missing = sorted(r for r in relations if r not in onto.relations)
    missing += sorted(c for c in classes if c not in onto.classes)
    if missing:
        raise OntologyError(f"the BODS importer maps onto terms the ontology does not declare: {', '.join(missing)}")
