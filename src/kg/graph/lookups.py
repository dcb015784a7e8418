"""What every graph answers by entity — resolve, search, entity, statements, facts — over its NetworkX projection,
name index, sources and observations; shared by :class:`~kg.graph.knowledge.KnowledgeGraph` and the compiled graph
(:mod:`kg.compiled.graph`), and free of RDF so that a lookup on a compiled graph loads no RDF library for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.graph.merge import same_as_rows

if TYPE_CHECKING:
    import networkx
    import networkx as nx

    from kg.graph.names import Match, NameIndex


class Lookups:
    """Lookups by entity; the class using it provides ``nx``, ``names``, ``sources`` and ``_observations``."""

    if TYPE_CHECKING:

        @property
        def nx(self) -> nx.MultiDiGraph: ...
        @property
        def names(self) -> NameIndex: ...
        @property
        def sources(self) -> dict[str, dict]: ...
        @property
        def _observations(self) -> dict[str, list[dict]]: ...

    def graph_around(self, node_id: str) -> networkx.MultiDiGraph:
        """A graph holding ``node_id`` with every statement into and out of it (the whole projection here)."""
        return self.nx

    def _facts_of(self, node_id: str) -> list[dict]:
        return self._observations.get(node_id, [])

    # -- what a compiled graph does better (kg.compiled.graph); here: nothing, use the whole projection --
    def size(self) -> int:
        """Entities and statements: what reading the graph whole costs."""
        return self.nx.number_of_nodes() + self.nx.number_of_edges()

    def has_entity(self, node_id: str) -> bool:
        return node_id in self.nx

    def ownership_graph(self, *, up=(), down=(), nodes=()) -> networkx.MultiDiGraph | None:
        """The part of the projection an answer about ``up``/``down`` needs; None: read the whole projection."""
        return None

    def name_keys(self) -> dict[str, str] | None:
        """Names' search keys already computed (None: none are)."""
        return None

    def query_store_dir(self):
        """A SPARQL store on disk holding this graph (None: there is none; the graph is queried in memory)."""
        return None

    # -- lookups -------------------------------------------------------------
    def resolve(self, ref: str) -> str:
        """The id of the one entity ``ref`` names (id or any name); raises NotFound."""
        return self.names.resolve(ref)

    def search(self, text: str, limit: int = 20) -> list[Match]:
        """Entities matching ``text`` in any name or alias, in either Chinese script."""
        return self.names.search(text, limit=limit)

    def entity(self, ref: str) -> dict:
        """The attributes of one entity (``id`` included)."""
        node_id = self.resolve(ref)
        return {"id": node_id, **self.graph_around(node_id).nodes[node_id]}

    def statements(self, ref: str) -> list[dict]:
        """Every statement about one entity, outgoing then incoming, with its source."""
        node_id = self.resolve(ref)
        G = self.graph_around(node_id)
        out = []
        for direction, edges in (
            ("out", G.out_edges(node_id, keys=True, data=True)),
            ("in", G.in_edges(node_id, keys=True, data=True)),
        ):
            for s, o, _key, data in edges:
                other = o if direction == "out" else s
                row = {
                    "direction": direction,
                    "subject": s,
                    "predicate": data["predicate"],
                    "object": o,
                    "other": other,
                    "other_label": G.nodes[other].get("label", other),
                }
                row.update({k: v for k, v in data.items() if k not in ("predicate",)})
                src = self.sources.get(data.get("source", ""), {})
                row["source_title"] = src.get("title", "")
                row["source_url"] = src.get("url", "")
                out.append(row)
        out += same_as_rows(node_id, G.nodes[node_id])  # the merges into this node, with their evidence
        return out

    def facts(self, ref: str) -> list[dict]:
        """Measured values (observations) about one entity, sorted by metric and period."""
        rows = []
        for rec in self._facts_of(self.resolve(ref)):
            rows.append({**rec, "source_title": self.sources.get(str(rec.get("source", "")), {}).get("title", "")})
        rows.sort(
            key=lambda r: (
                str(r.get("metric")),
                str(r.get("period_start", "")),
                str(r.get("as_of", "")),
                str(r.get("source")),
            )
        )
        return rows
