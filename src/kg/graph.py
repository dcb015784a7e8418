"""The :class:`KnowledgeGraph` — what ``kg.load`` returns and the CLI wraps."""
from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef

from .build import DEFAULT_MIN_CONFIDENCE, _group, _py, build_rdf, local_id, new_graph, project_networkx
from .dataset import Dataset, read_dataset
from .errors import DataError, NotFound, Problem
from .names import Match, NameIndex
from .ontology import ENTITY_NS, KG, PREFIXES, Ontology, load_ontology


class KnowledgeGraph:
    """A built knowledge graph: the canonical RDF graph plus derived views.

    >>> import kg
    >>> g = kg.load("data")                        # doctest: +SKIP
    >>> g.entity("智譜")["id"]                      # doctest: +SKIP
    'zhipu'
    """

    def __init__(self, rdf: Graph, ontology: Ontology, *, dataset: Dataset | None = None,
                 report: dict | None = None):
        self.rdf = rdf
        self.ontology = ontology
        self.dataset = dataset
        self.report = report or {}

    # -- derived views (computed once) --------------------------------------
    @functools.cached_property
    def nx(self) -> nx.MultiDiGraph:
        """NetworkX MultiDiGraph projection: entities → nodes, statements → edges."""
        return project_networkx(self.rdf, self.ontology)

    @functools.cached_property
    def names(self) -> NameIndex:
        return NameIndex(self.nx.nodes(data=True))

    @functools.cached_property
    def sources(self) -> dict[str, dict]:
        """Source id → its attributes (title, publisher, published, url ...)."""
        cols = {c.property: c.name for c in self.ontology.columns["sources"]}
        out = {}
        for src, attrs in _group(self.rdf, "SELECT ?s ?p ?o WHERE { ?s a kg:Source ; ?p ?o }").items():
            rec = {"id": local_id(src)}
            for prop, values in attrs.items():
                if prop in cols:
                    rec[cols[prop]] = _py(sorted(values, key=str)[0])
            out[rec["id"]] = rec
        return dict(sorted(out.items()))

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
        return {"id": node_id, **self.nx.nodes[node_id]}

    def statements(self, ref: str) -> list[dict]:
        """Every statement about one entity, outgoing then incoming, with its source."""
        node_id = self.resolve(ref)
        out = []
        for direction, edges in (("out", self.nx.out_edges(node_id, keys=True, data=True)),
                                 ("in", self.nx.in_edges(node_id, keys=True, data=True))):
            for s, o, _key, data in edges:
                other = o if direction == "out" else s
                row = {"direction": direction, "subject": s, "predicate": data["predicate"], "object": o,
                       "other": other, "other_label": self.nx.nodes[other].get("label", other)}
                row.update({k: v for k, v in data.items() if k not in ("predicate",)})
                src = self.sources.get(data.get("source", ""), {})
                row["source_title"] = src.get("title", "")
                row["source_url"] = src.get("url", "")
                out.append(row)
        return out

    def facts(self, ref: str) -> list[dict]:
        """Measured values (observations) about one entity, sorted by metric and period."""
        node_id = self.resolve(ref)
        iri = self.nx.nodes[node_id]["iri"]
        cols = {c.property: c.name for c in self.ontology.columns["facts"] if c.name != "subject"}
        cols[KG.sourceRow] = "source_row"
        q = "SELECT ?obs ?p ?o ?e WHERE { ?obs kg:subject ?e ; ?p ?o }"  # oxrdflib needs bound vars projected
        rows = []
        for obs, attrs in _grouped_for(self.rdf, q, URIRef(iri)).items():
            rec = {}
            for prop, values in attrs.items():
                if prop in cols:
                    rec[cols[prop]] = _py(sorted(values, key=str)[0])
            src = self.sources.get(rec.get("source", ""), {})
            rec["source_title"] = src.get("title", "")
            rows.append(rec)
        rows.sort(key=lambda r: (str(r.get("metric")), str(r.get("period_start", "")), str(r.get("as_of", "")),
                                 str(r.get("source"))))
        return rows

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.nx.number_of_nodes()} entities, {self.nx.number_of_edges()} statements, {len(self.rdf)} triples>"


def _grouped_for(g: Graph, query: str, entity) -> dict:
    groups: dict = defaultdict(lambda: defaultdict(list))
    for row in g.query(query, initNs=PREFIXES, initBindings={"e": entity}):
        groups[row[0]][row[1]].append(row[2])
    return groups


def load(data: str | Path = "data", *, ontology_dir: str | Path | None = None,
         min_confidence: str = DEFAULT_MIN_CONFIDENCE, store: str = "Oxigraph") -> KnowledgeGraph:
    """Validate a dataset directory and build its knowledge graph.

    Raises :class:`~kg.errors.DataError` with every problem when the data is invalid.
    """
    onto = load_ontology(ontology_dir)
    ds = read_dataset(data, onto)
    rdf, report = build_rdf(ds, onto, min_confidence=min_confidence, store=store)
    return KnowledgeGraph(rdf, onto, dataset=ds, report=report)


RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
               ".rdf": "xml", ".xml": "xml", ".nq": "nquads", ".trig": "trig"}


def load_rdf(path: str | Path, *, ontology_dir: str | Path | None = None, store: str = "Oxigraph") -> KnowledgeGraph:
    """Load a graph kg (or anyone following the ontology) wrote as RDF: Turtle, N-Triples, JSON-LD …"""
    path = Path(path)
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataError([Problem(str(path), 0, 0, f"unknown RDF file extension '{path.suffix}'",
                                 "use .ttl, .nt, .jsonld, .rdf, .nq or .trig")])
    g = new_graph(store)
    try:
        g.parse(path, format=fmt)
    except FileNotFoundError:
        raise DataError([Problem(str(path), 0, 0, "file does not exist")]) from None
    except Exception as exc:  # parsers raise many exception types
        line = getattr(exc, "lines", None) or getattr(exc, "line", 0) or 0
        raise DataError([Problem(str(path), int(line) if str(line).isdigit() else 0, 0,
                                 f"not valid {fmt}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")]) from None
    return KnowledgeGraph(g, load_ontology(ontology_dir))


__all__ = ["KnowledgeGraph", "load", "load_rdf", "ENTITY_NS"]
