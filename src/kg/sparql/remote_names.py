"""Entity names on a remote SPARQL endpoint, resolved by the same rules as a local graph.

``kg query --endpoint … --param company=智譜`` must find the entity ``zhipu`` just as the
local ``kg query`` does. A remote store cannot normalise names the way kg does (Unicode
NFKC, case folding, traditional → simplified Chinese), so the rule is:

1. a value that is an entity id the endpoint has a statement about is that entity;
2. otherwise every entity's labels and aliases are fetched (one query, at most
   ``MAX_NAMES`` rows) and resolved by :class:`kg.graph.names.NameIndex`, as locally.
"""

from __future__ import annotations

import json

from kg.errors import QueryError
from kg.graph.names import NameIndex
from kg.schema.ontology import ENTITY_NS, PREFIXES, load_ontology

MAX_NAMES = 1_000_000
ID_RE = r"^[a-z0-9][a-z0-9_.-]{0,127}$"


class RemoteNames:
    """A ``resolve(ref) -> id`` for :func:`kg.sparql.query.bind`, asking ``endpoint`` only when needed."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self._index: NameIndex | None = None

    def resolve(self, ref: str) -> str:
        import re

        if re.match(ID_RE, ref) and self._exists(ref):
            return ref
        return self.index().resolve(ref)

    def _exists(self, ident: str) -> bool:
        data = self._ask(f"ASK {{ {{ <{ENTITY_NS}{ident}> ?p ?o }} UNION {{ ?s ?p <{ENTITY_NS}{ident}> }} }}")
        return bool(data.get("boolean"))

    def index(self) -> NameIndex:
        if self._index is None:
            alias = next(str(c.property) for c in load_ontology().columns["entities"] if c.name == "aliases")
            rows = self._ask(
                f"SELECT ?e ?name WHERE {{ ?e <{PREFIXES['rdfs']}label>|<{alias}> ?name . "
                f'FILTER(STRSTARTS(STR(?e), "{ENTITY_NS}")) }} LIMIT {MAX_NAMES + 1}'
            )
            bindings = rows.get("results", {}).get("bindings", [])
            if len(bindings) > MAX_NAMES:
                raise QueryError(
                    f"{self.endpoint.query_url} has more than {MAX_NAMES} entity names; "
                    "give entity ids in --param, not names"
                )
            nodes: dict[str, dict] = {}
            for b in bindings:
                iri, name = b.get("e", {}).get("value", ""), b.get("name", {}).get("value", "")
                node = nodes.setdefault(iri[len(str(ENTITY_NS)) :], {"aliases": []})
                node["aliases"].append(name)
                node.setdefault("label", name)
            self._index = NameIndex(sorted(nodes.items()))
        return self._index

    def _ask(self, text: str) -> dict:
        data = self.endpoint.query(text)
        try:
            return json.loads(data)
        except ValueError:
            raise QueryError(f"{self.endpoint.query_url}: the endpoint's answer is not SPARQL JSON results") from None
