"""The SPARQL query whose JSON results ``kg import wikidata`` reads (``kg import wikidata --print-query Q…``).

kg never queries Wikidata itself: the user runs this query at https://query.wikidata.org and saves the
results as JSON (W3C SPARQL 1.1 Query Results JSON). The query is plain SPARQL 1.1 (labels through
``rdfs:label`` rather than WDQS's label service), one result row per statement × qualifier value ×
reference, deprecated statements left out.
"""

from __future__ import annotations

import re

from kg.errors import UsageError
from kg.schema.wikidata_codes import PROPERTIES

QID = re.compile(r"^Q[1-9][0-9]{0,11}$")
VARS = (
    "item", "itemLabel", "itemLabelZh", "itemIsHuman", "prop", "stmt", "rank", "value", "valueLabel",
    "valueLabelZh", "valueIsHuman", "proportion", "start", "startPrecision", "end", "endPrecision",
    "ref", "refURL", "statedIn", "statedInLabel",
)  # fmt: skip
REQUIRED = ("item", "prop", "stmt")

QUERY = """\
# kg import wikidata: who owns, founded, heads or sits on the board of the items below.
# Run at https://query.wikidata.org, download the results as JSON, then: kg import wikidata RESULTS.json --out DIR
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX pr: <http://www.wikidata.org/prop/reference/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?{vars} WHERE {{
  VALUES ?item {{ {items} }}{hint}
  VALUES ?prop {{ {props} }}
  ?prop wikibase:claim ?p ; wikibase:statementProperty ?ps .
  ?item ?p ?stmt . ?stmt wikibase:rank ?rank .
  FILTER(?rank != wikibase:DeprecatedRank)
  OPTIONAL {{ ?stmt ?ps ?value }}
  OPTIONAL {{ ?stmt pq:P1107 ?proportion }}
  OPTIONAL {{ ?stmt pqv:P580 ?startNode . ?startNode wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision }}
  OPTIONAL {{ ?stmt pqv:P582 ?endNode . ?endNode wikibase:timeValue ?end ; wikibase:timePrecision ?endPrecision }}
  OPTIONAL {{ ?stmt prov:wasDerivedFrom ?ref .
             OPTIONAL {{ ?ref pr:P854 ?refURL }}
             OPTIONAL {{ ?ref pr:P248 ?statedIn .
                        OPTIONAL {{ ?statedIn rdfs:label ?statedInLabel FILTER(LANG(?statedInLabel) = "en") }} }} }}
  OPTIONAL {{ ?item rdfs:label ?itemLabel FILTER(LANG(?itemLabel) = "en") }}
  OPTIONAL {{ ?item rdfs:label ?itemLabelZh FILTER(LANG(?itemLabelZh) = "zh") }}
  OPTIONAL {{ ?item wdt:P31 wd:Q5 . BIND(true AS ?itemIsHuman) }}
  OPTIONAL {{ ?value rdfs:label ?valueLabel FILTER(LANG(?valueLabel) = "en") }}
  OPTIONAL {{ ?value rdfs:label ?valueLabelZh FILTER(LANG(?valueLabelZh) = "zh") }}
  OPTIONAL {{ ?value wdt:P31 wd:Q5 . BIND(true AS ?valueIsHuman) }}
}}
ORDER BY ?stmt
"""


def query_text(qids: list[str]) -> str:
    """The query for the items ``qids`` (Q-ids such as Q95); without any, a query with an empty list to fill in."""
    bad = [q for q in qids if not QID.match(q)]
    if bad:
        raise UsageError(f"'{bad[0][:40]}' is not a Wikidata item id: give Q-ids such as Q95 (the item's page name)")
    items = " ".join(f"wd:{q}" for q in dict.fromkeys(qids))
    hint = "" if qids else "  # put the Q-ids of your companies here: wd:Q95 wd:Q312 …"
    props = " ".join(f"wd:{p}" for p in PROPERTIES)
    return QUERY.format(vars=" ?".join(VARS), items=items, hint=hint, props=props)
