"""The :class:`KnowledgeGraph` — what ``kg.load`` returns and the CLI wraps."""

from __future__ import annotations

import functools
import io
from collections import defaultdict
from pathlib import Path

import networkx as nx
from rdflib import RDF, Graph

from kg.errors import DataError, Problem
from kg.graph.build import build_rdf, column_properties, local_id, project_networkx, record_of
from kg.graph.lookups import Lookups
from kg.graph.names import NameIndex
from kg.graph.rdfcheck import check_graph
from kg.graph.rdfread import OX_FORMATS, by_subject, load_file, triple_count
from kg.ingest.dataset import read_dataset
from kg.ingest.records import Dataset
from kg.schema.ontology import ENTITY_NS, KG, Ontology, load_ontology
from kg.schema.vocab import DEFAULT_MIN_CONFIDENCE

MAX_RDF_BYTES = 512 * 1024 * 1024  # as for the CSV files; read with a bounded read whatever stat says


class KnowledgeGraph(Lookups):
    """A built knowledge graph: the canonical RDF graph plus derived views.

    >>> import kg
    >>> g = kg.load("data")
    >>> g.entity("智譜")["id"]                      # any name, in either Chinese script
    'zhipu'
    """

    def __init__(self, rdf: Graph, ontology: Ontology, *, dataset: Dataset | None = None, report: dict | None = None):
        self.rdf = rdf
        self.ontology = ontology
        self.dataset = dataset
        self.report = report or {}

    # -- derived views (computed once) --------------------------------------
    @functools.cached_property
    def subjects(self) -> dict:
        """The RDF graph grouped by subject (one pass; shared by the projection and the writers)."""
        return by_subject(self.rdf)

    @functools.cached_property
    def nx(self) -> nx.MultiDiGraph:
        """NetworkX MultiDiGraph projection: entities → nodes, statements → edges."""
        return project_networkx(self.rdf, self.ontology, self.subjects)

    @functools.cached_property
    def names(self) -> NameIndex:
        return NameIndex(self.nx.nodes(data=True))

    @functools.cached_property
    def sources(self) -> dict[str, dict]:
        """Source id → its attributes (title, publisher, published, url ...)."""
        props = column_properties(self.ontology, "sources")
        source_class = str(KG.Source)
        out = {}
        for s, preds in self.subjects.items():
            if any(t[1] == source_class for t in preds.get(str(RDF.type), ())):
                out[local_id(s[1])] = {"id": local_id(s[1]), **record_of(preds, props)}
        return dict(sorted(out.items()))

    @functools.cached_property
    def _observations(self) -> dict[str, list[dict]]:
        props = column_properties(self.ontology, "facts")
        props[str(KG.sourceRow)] = ("source_row", "text")
        obs_class = str(KG.Observation)
        out: dict[str, list[dict]] = defaultdict(list)
        for preds in self.subjects.values():
            if any(t[1] == obs_class for t in preds.get(str(RDF.type), ())):
                rec = record_of(preds, props)
                out[str(rec.get("subject"))].append(rec)
        return out

    def add_ntriples(self, lines: list[str]) -> None:
        """Add computed triples (e.g. derived statements). The projection, read before, is kept as it is."""
        self.nx  # noqa: B018 - make sure the projection is of the asserted graph only
        from kg.graph.rdfread import LinesReader, graph_from_ntriples, oxigraph_of

        store = oxigraph_of(self.rdf)
        if store is not None:
            import pyoxigraph as ox

            reader = io.BufferedReader(LinesReader(lines), buffer_size=1 << 20)  # streamed: never joined
            store.load(input=reader, format=ox.RdfFormat.N_TRIPLES)
        else:
            self.rdf += graph_from_ntriples(lines, store="Memory")
        self.__dict__.pop("subjects", None)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.nx.number_of_nodes()} entities, {self.nx.number_of_edges()} statements, {triple_count(self.rdf)} triples>"


def load(
    data: str | Path = "data",
    *,
    ontology_dir: str | Path | None = None,
    min_confidence: str = DEFAULT_MIN_CONFIDENCE,
    store: str = "Oxigraph",
    encoding: str | None = None,
) -> KnowledgeGraph:
    """Validate a dataset directory and build its knowledge graph.

    Raises :class:`~kg.errors.DataError` with every problem when the data is invalid.
    ``encoding`` names the CSV files' encoding when it is not UTF-8 (e.g. ``gb18030``).
    """
    onto = load_ontology(ontology_dir)
    ds = read_dataset(data, onto, encoding=encoding)
    rdf, report = build_rdf(ds, onto, min_confidence=min_confidence, store=store)
    return KnowledgeGraph(rdf, onto, dataset=ds, report=report)


def load_rdf(path: str | Path, *, ontology_dir: str | Path | None = None, check: bool = True) -> KnowledgeGraph:
    """Load a graph kg (or anyone following the ontology) wrote as RDF: Turtle, N-Triples, JSON-LD, RDF/XML …

    The file is read defensively (:mod:`kg.graph.rdfsafe`) and its content checked as strictly as CSV
    (:mod:`kg.graph.rdfcheck`); raises :class:`~kg.errors.DataError` with every problem found.
    ``check=False`` skips the content check (never the defensive read), for a graph you trust
    as much as one from ``--store`` or ``--endpoint``, which are not checked either.
    """
    path = Path(path)
    if path.suffix.lower() not in OX_FORMATS:
        raise DataError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    f"unknown RDF file extension '{path.suffix}'",
                    "use .ttl, .nt, .nq, .trig, .jsonld or .rdf",
                )
            ]
        )
    shown = str(path)
    kg = KnowledgeGraph(load_file(path, shown), load_ontology(ontology_dir))
    problems = check_graph(kg.subjects, kg.ontology, shown) if check else []
    if problems:
        raise DataError(problems)
    return kg


__all__ = ["ENTITY_NS", "KnowledgeGraph", "load", "load_rdf"]
