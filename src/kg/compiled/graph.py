"""Open a compiled graph: :func:`open_graph` returns a :class:`CompiledGraph`, usable wherever commands and
analytics take a :class:`~kg.graph.knowledge.KnowledgeGraph` (``.nx``, ``.ontology``, ``.sources``, ``.search``,
``.entity``, ``.statements``, ``.facts``, ``.resolve``; ``.rdf`` for SPARQL).

Lazy: opening reads only the manifest; the NetworkX projection is rebuilt from the entity and statement tables
(no RDF parsed) on first use, the name index from the names table (keys already computed), and the RDF graph is
loaded from ``graph.nt`` into an in-memory Oxigraph store only when a command needs SPARQL.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from pathlib import Path

import networkx
import networkx as nx

from kg.compiled.lookup import Lookup, decode_attrs, open_lookup
from kg.compiled.manifest import NTRIPLES, ONTOLOGY, REBUILD_HINT, bad, read_manifest
from kg.errors import DataError, OntologyError, Problem
from kg.graph.lookups import Lookups
from kg.graph.names import NameIndex
from kg.schema.specs import Ontology, from_snapshot

MAX_SNAPSHOT = 16 << 20  # bytes: the packaged ontology's snapshot is about 100 KB
DAMAGED = (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError)


def _ontology_of(path: Path, ontology_dir: str | Path | None) -> Ontology:
    """The ontology snapshot at ``path`` (a compiled graph's), or the Turtle of ``ontology_dir`` when given or no
    snapshot is there; DataError naming the file when the snapshot is damaged."""
    if ontology_dir is not None or not path.is_file():
        from kg.schema.ontology import load_ontology

        return load_ontology(ontology_dir)
    try:
        if path.stat().st_size > MAX_SNAPSHOT:
            raise ValueError("too large")
        return from_snapshot(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, OntologyError, RecursionError) as exc:
        raise bad(path, f"the ontology snapshot is damaged ({exc})") from None


class CompiledGraph(Lookups):
    """A knowledge graph answered from ``graph.kg/`` (see :func:`open_graph`)."""

    def __init__(self, directory: Path, manifest: dict, *, ontology_dir: str | Path | None = None):
        self.directory = directory
        self.manifest = manifest
        self.ontology_dir = ontology_dir
        self.dataset = None
        self.report = {"derived": manifest.get("derived") or {}, "min_confidence": manifest.get("min_confidence")}

    @functools.cached_property
    def ontology(self) -> Ontology:
        """The ontology the graph was built with (its snapshot: no rdflib), or that of ``ontology_dir`` when given."""
        return _ontology_of(self.directory / ONTOLOGY, self.ontology_dir)

    def _rows(self, name: str, columns: list[str]) -> list:
        """The rows of one table's ``columns`` (as Python lists); DataError naming the file when it is damaged."""
        path = self.directory / f"{name}.parquet"
        if not path.is_file():
            raise bad(path, "a table of the compiled graph is missing or not a regular file")
        from kg.compiled.tables import read_table

        try:
            table = read_table(path, columns)
            return [table.column(c).to_pylist() for c in columns]
        except DAMAGED as exc:
            raise bad(path, f"cannot read this table of the compiled graph ({type(exc).__name__})") from None
        except Exception as exc:  # pyarrow's own errors (ArrowInvalid …) for a truncated or foreign file
            raise bad(path, f"cannot read this table of the compiled graph ({type(exc).__name__})") from None

    def _decoded(self, name: str, columns: list[str], lists: bool = True) -> list[tuple]:
        data = self._rows(name, [*columns, "attrs"])
        try:
            return list(zip(*data[:-1], decode_attrs(data[-1], lists), strict=True))
        except DAMAGED:
            raise bad(self.directory / f"{name}.parquet", "a row's attributes are damaged") from None

    @functools.cached_property
    def nx(self) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph()
        G.add_nodes_from(self._decoded("entities", ["id"]))
        edges = self._decoded("statements", ["subject", "object", "key"], lists=False)  # no list-valued columns
        known = set(G)
        if any(s not in known or o not in known for s, o, _k, _a in edges):
            raise bad(self.directory / "statements.parquet", "a statement names an entity the graph does not have")
        G.add_edges_from(edges)
        return G

    @functools.cached_property
    def names(self) -> NameIndex:
        ids, names, keys = self._rows("names", ["id", "name", "key"])
        index = NameIndex(())
        for node_id, name, key in zip(ids, names, keys, strict=True):
            index.names.setdefault(node_id, []).append(name)
            if key:
                index.by_key.setdefault(key, set()).add(node_id)
        for node_id, attrs in self.nx.nodes(data=True):
            index.names.setdefault(node_id, [node_id])
            index.info[node_id] = (attrs.get("label") or node_id, attrs.get("type", ""))
        index.keys = sorted(index.by_key)
        return index

    @functools.cached_property
    def lookup(self) -> Lookup | None:
        """The indexed lookup file (:mod:`kg.compiled.lookup`), made from the tables if needed; None if it cannot be."""
        return open_lookup(self.directory, self._lookup_columns)

    def _lookup_columns(self, name: str, columns: list[str]) -> list:
        """The columns the lookup file is made of; an empty table has only its leading columns, so none are read."""
        tables = self.manifest.get("tables")
        entry = tables.get(name) if isinstance(tables, dict) else None
        if isinstance(entry, dict) and entry.get("rows") == 0:
            return [[] for _ in columns]
        return self._rows(name, columns)

    def size(self) -> int:
        """Entities and statements in the graph (from the manifest): what reading it whole costs."""
        counts = self.manifest.get("counts")
        values = [counts.get(k) for k in ("entities", "statements")] if isinstance(counts, dict) else []
        return sum(v for v in values if isinstance(v, int)) or 1

    def has_entity(self, node_id: str) -> bool:
        if "nx" not in self.__dict__ and self.lookup is not None:
            return self.lookup.has(node_id)
        return node_id in self.nx

    def name_keys(self) -> dict[str, str]:
        """name → its search key, from the names table (computed when the graph was built)."""
        _ids, names, keys = self._rows("names", ["id", "name", "key"])
        return {n: k for n, k in zip(names, keys, strict=True) if k}

    def resolve(self, ref: str) -> str:
        """As :meth:`NameIndex.resolve`: an entity id as it is, a name by its key, without building the name index
        unless the name is not exact (the index then gives the same candidates and messages as ever)."""
        if self.has_entity(ref):
            return ref
        if "names" not in self.__dict__ and self.lookup is not None:
            from kg.graph.names import normalize

            exact = self.lookup.ids_with_key(normalize(ref))
            if len(exact) == 1:
                return exact[0]
        return self.names.resolve(ref)

    def ownership_graph(self, *, up=(), down=(), nodes=()) -> networkx.MultiDiGraph | None:
        """The projection restricted to what the ownership answers about ``up``/``down`` need; None (read the whole
        projection) when the lookup file cannot be used or the whole projection is read already."""
        if "nx" in self.__dict__ or self.lookup is None:
            return None
        from kg.compiled.around import neighbourhood

        return neighbourhood(self.lookup, self._roles, up=up, down=down, nodes=nodes)

    @functools.cached_property
    def _roles(self) -> dict[str, frozenset[str]]:
        return {n: spec.ownership_roles for n, spec in self.ontology.relations.items() if spec.ownership_roles}

    def graph_around(self, node_id: str) -> networkx.MultiDiGraph:
        if "nx" in self.__dict__ or self.lookup is None:
            return self.nx
        from kg.compiled.around import around

        return around(self.lookup, node_id)

    def _facts_of(self, node_id: str) -> list[dict]:
        if "_observations" in self.__dict__ or self.lookup is None:
            return self._observations.get(node_id, [])
        return self.lookup.facts(node_id)

    @functools.cached_property
    def sources(self) -> dict[str, dict]:
        if self.lookup is not None:
            return self.lookup.sources()
        return {rec["id"]: rec for (rec,) in self._decoded("sources", [])}

    @functools.cached_property
    def _observations(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        for (rec,) in self._decoded("facts", []):
            out[str(rec.get("subject"))].append(rec)
        return out

    @functools.cached_property
    def rdf(self):
        """The canonical graph with its derived statements, loaded from ``graph.nt`` into Oxigraph (in memory)."""
        import pyoxigraph as ox

        from kg.graph.rdfread import new_graph

        path = self.directory / NTRIPLES
        if not path.is_file():
            raise bad(path, "the compiled graph's N-Triples are missing")
        store = ox.Store()
        try:
            with open(path, "rb") as fh:
                store.bulk_load(input=fh, format=ox.RdfFormat.N_TRIPLES)
        except (OSError, SyntaxError, ValueError) as exc:
            raise DataError([Problem(str(path), 0, 0, f"cannot load the N-Triples: {exc}", REBUILD_HINT)]) from None
        return new_graph(ox_store=store)

    @functools.cached_property
    def subjects(self) -> dict:
        """The RDF graph grouped by subject (loads the RDF graph)."""
        from kg.graph.rdfread import by_subject

        return by_subject(self.rdf)

    def query_store_dir(self) -> Path | None:
        """The compiled graph's SPARQL store on disk (:mod:`kg.compiled.querystore`), made if needed; None if it
        cannot be (a read-only folder, damaged N-Triples: the in-memory path then says what is wrong)."""
        from kg.compiled.querystore import ontology_key, query_store

        key = ontology_key(self.directory / ONTOLOGY, self.ontology_dir)

        def ontology_nt() -> bytes:
            from kg.graph.rdfwrite import to_ntriples

            return to_ntriples(self.ontology.graph)

        return query_store(self.directory, key, ontology_nt, self.report.get("derived") or {})

    def add_ntriples(self, lines: list[str]) -> None:
        """Add computed triples (the ontology, for SPARQL) to the RDF graph; the projection stays as it is."""
        import pyoxigraph as ox

        from kg.graph.rdfread import oxigraph_of

        self.nx  # noqa: B018 - the projection is of the compiled statements only, as for KnowledgeGraph
        store = oxigraph_of(self.rdf)
        assert store is not None  # always Oxigraph here
        store.load(input="".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        self.__dict__.pop("subjects", None)

    def __repr__(self) -> str:
        return f"<CompiledGraph {self.directory}: {self.manifest.get('counts')}>"


def open_graph(path: str | Path, *, ontology_dir: str | Path | None = None) -> CompiledGraph:
    """Open the compiled graph ``path`` (``outputs/graph.kg``) that ``kg build`` wrote.

    Reads the manifest only; raises :class:`~kg.errors.DataError` for a folder that is not one, of another format
    version, or damaged (when the damaged part is first read).

    >>> import tempfile, kg
    >>> from kg.compiled.write import write_compiled
    >>> folder = tempfile.mkdtemp()
    >>> _ = write_compiled(kg.load("tests/fixtures/small"), folder)   # kg build writes OUT/graph.kg
    >>> open_graph(folder).entity("示例")["id"]
    'example_ai'
    """
    directory = Path(path)
    return CompiledGraph(directory, read_manifest(directory), ontology_dir=ontology_dir)
