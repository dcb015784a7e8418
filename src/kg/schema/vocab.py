"""The vocabulary that is not declared per relation in the ontology, in one place.

Confidence grades and bases (the values of the ``confidence`` and ``basis`` columns), the stake
columns, the CSV files, the value kinds, the ownership roles, the order in which relation
families are listed, and the few predicate and family names code must name. Everything here is
checked against the loaded ontology by ``tests/test_vocabulary.py``: a constant that names no
ontology term fails it. Modules take these names from here instead of writing them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

# -- the CSV contract -----------------------------------------------------------------------------
CSV_FILES = ("sources", "entities", "relations", "facts")
REQUIRED_FILES = ("sources", "entities", "relations")  # facts.csv is optional

# How a cell is read (each column's kg:valueKind in ontology/kg.ttl is one of these).
VALUE_KINDS = frozenset(
    {
        "id",
        "class",
        "predicate",
        "metric",
        "entity",
        "source",
        "text",
        "text-list",
        "percent",
        "integer",
        "decimal",
        "date",
        "url",
        "lang",
        "country",
        "currency",
        "basis",
        "confidence",
        "boolean",
    }
)

# -- grades and bases ---------------------------------------------------------------------------
CONFIDENCE = ("high", "medium-high", "medium", "low-medium", "low")  # surest first
DEFAULT_CONFIDENCE = "medium"  # what a row without a grade counts as
DEFAULT_MIN_CONFIDENCE = "low-medium"  # kg leaves out rows graded below this unless told otherwise
BASIS = ("stated", "derived", "inferred")
DEFAULT_BASIS = "stated"  # what a row without a basis is

# -- stakes -------------------------------------------------------------------------------------
SHARE = "share"  # percent of the economic interest, exact
SHARE_MIN = "share_min"  # the low end of a stated range
SHARE_MAX = "share_max"  # the high end of a stated range
VOTING_SHARE = "voting_share"  # percent of the votes, where it differs from the share
SHARES = "shares"  # number of shares held
SHARE_MIN_EXCLUSIVE = "share_min_exclusive"  # the low end is excluded: "more than 25%"
SHARE_MAX_EXCLUSIVE = "share_max_exclusive"  # the high end is excluded: "less than 50%"
STAKE_COLUMNS = (
    SHARE,
    SHARE_MIN,
    SHARE_MAX,
    VOTING_SHARE,
    SHARES,
    SHARE_MIN_EXCLUSIVE,
    SHARE_MAX_EXCLUSIVE,
)  # only stake-bearing relations carry them

# -- ownership analytics --------------------------------------------------------------------------
# How a relation counts in the analytics (kg:ownershipRole in the ontology).
ECONOMIC = "economic"  # a share of the economic interest
VOTING = "voting"  # a share of the votes
CONTROL_ROLE = "control"  # control stated outright (no share needed)
CONCERT = "concert"  # acting in concert: the group's votes are pooled
AGGREGATE = "aggregate"  # a stated total of a group of holders, not one holding
LINK = "link"  # an interest of unknown kind or strength: a hop `kg path --track any` follows, never summed
OWNERSHIP_ROLES = frozenset({ECONOMIC, VOTING, CONTROL_ROLE, CONCERT, AGGREGATE, LINK})

# -- relation families ----------------------------------------------------------------------------
OWNERSHIP = "ownership"
CONTROL = "control"
# The order families are listed and drawn in is the ontology's (kg:order on each family: Ontology.family_order).
FOCUS_FAMILIES = (OWNERSHIP, CONTROL)  # shown first around a focused entity

# -- predicates code has to name --------------------------------------------------------------------
HOLDS_SHARES_IN = "holdsSharesIn"  # the direct shareholding
CONTROLS = "controls"
LOOK_THROUGH_STAKE_IN = "lookThroughStakeIn"  # derived by kg
ULTIMATE_CONTROLLER_OF = "ultimateControllerOf"  # derived by kg
SAME_AS = "sameAs"  # the two records are one party (a shared identifier): the projection merges them
POSSIBLY_SAME_AS = "possiblySameAs"  # a proposal (names alike): never merged
# classes the analytics name: a natural person (a beneficial owner is one), a party a source does not name
PERSON = "Person"
UNSPECIFIED_PARTY = "UnspecifiedParty"
PREDICATES = (HOLDS_SHARES_IN, CONTROLS, LOOK_THROUGH_STAKE_IN, ULTIMATE_CONTROLLER_OF, SAME_AS, POSSIBLY_SAME_AS)


def confidence_rank(value: str | None) -> int:
    """Higher is surer; a missing grade counts as :data:`DEFAULT_CONFIDENCE`.

    >>> confidence_rank("high") > confidence_rank(None) > confidence_rank("low")
    True
    """
    return len(CONFIDENCE) - CONFIDENCE.index(value or DEFAULT_CONFIDENCE)
