"""Graphs and reading them: new Oxigraph-backed graphs, loading N-Triples and RDF files, and iterating triples.

Graphs are rdflib ``Graph`` objects, by default over an Oxigraph store in its default graph. Reading
goes straight to pyoxigraph when the graph is Oxigraph-backed (rdflib term objects are the slow part at
scale) and falls back to rdflib's API otherwise. Terms are the plain tuples of :mod:`kg.graph.rdfterms`.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import DataError, Problem
from kg.graph.rdfterms import LANG_STRING, XSD, Term
from kg.nogc import paused_gc
from kg.schema.ontology import PREFIXES


def oxigraph_of(g: Graph) -> ox.Store | None:
    """The pyoxigraph store behind an oxrdflib graph, or None for other stores."""
    inner = getattr(g.store, "_inner", None)
    return inner if isinstance(inner, ox.Store) else None


def new_graph(store: str = "Oxigraph", ox_store: ox.Store | None = None) -> Graph:
    """An empty graph (Oxigraph store, default graph) with kg's prefixes bound."""
    if store == "Memory":
        g = Graph()
    else:
        from oxrdflib import OxigraphStore

        g = Graph(store=OxigraphStore(store=ox_store or ox.Store()), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def graph_from_ntriples(lines: Iterable[str], store: str = "Oxigraph") -> Graph:
    """A graph holding the given N-Triples lines (each ending in ' .\\n')."""
    data = "".join(lines).encode("utf-8")
    if store == "Memory":
        g = new_graph("Memory")
        g.parse(data=data, format="nt")
        return g
    ox_store = ox.Store()
    ox_store.load(input=data, format=ox.RdfFormat.N_TRIPLES)
    return new_graph(ox_store=ox_store)


class NTriplesLoader:
    """Collects N-Triples lines and loads them into a new graph in bounded chunks.

    Memory stays at one chunk of text, not the whole graph's N-Triples three times over
    (list of lines, joined text, encoded bytes). Chunks end at line ends, so each is a
    complete N-Triples document (kg writes no blank nodes).
    """

    CHUNK = 50_000  # lines

    def __init__(self, store: str = "Oxigraph"):
        self.lines: list[str] = []
        self._ox = None if store == "Memory" else ox.Store()

    def add(self, line: str) -> None:
        self.lines.append(line)
        if self._ox is not None and len(self.lines) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if self._ox is not None and self.lines:
            self._ox.load(input="".join(self.lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            self.lines.clear()

    def graph(self) -> Graph:
        if self._ox is None:
            return graph_from_ntriples(self.lines, "Memory")
        self.flush()
        return new_graph(ox_store=self._ox)


def triple_count(g: Graph) -> int:
    """Number of triples (Oxigraph counts natively; rdflib's len() on it runs a SPARQL COUNT)."""
    store = oxigraph_of(g)
    return len(store) if store is not None else len(g)


OX_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


def load_file(path: Path, shown: str | None = None) -> Graph:
    """Parse an RDF file into a new Oxigraph-backed graph (Oxigraph's parsers; quads merged into the default graph).

    The bytes are read and screened by :mod:`kg.graph.rdfsafe` first (size, file kind, XML entities, JSON
    depth, remote contexts). Raises :class:`~kg.errors.DataError` naming the file and position.
    """
    from kg.graph.rdfsafe import check_json, check_xml_prolog, read_bytes

    shown = shown or str(path)
    fmt = OX_FORMATS[path.suffix.lower()]
    data = read_bytes(path, shown)
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml_prolog(data, shown)
    elif fmt == ox.RdfFormat.JSON_LD:
        check_json(data, shown)
    ox_store = ox.Store()
    try:
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            quads = ox.parse(input=data, format=fmt)
            ox_store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
        else:
            ox_store.bulk_load(input=data, format=fmt)
    except SyntaxError as exc:
        raise DataError(
            [
                Problem(
                    shown,
                    int(exc.lineno or 0),
                    int(exc.offset or 0),
                    f"not valid RDF: {str(exc).splitlines()[0]}",
                    "fix the syntax at that position",
                )
            ]
        ) from None
    except MemoryError as exc:  # Oxigraph caps one token (a literal, an IRI) at 16 MiB of buffer
        if "buffer" not in str(exc):
            raise
        raise DataError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    "a literal or IRI is longer than the 16 MiB kg's RDF parser reads",
                    "keep long texts in the source document; quote only the key sentence",
                )
            ]
        ) from None
    except (OSError, ValueError) as exc:
        raise DataError(
            [Problem(shown, 0, 0, f"cannot read it as RDF: {str(exc).splitlines()[0] if str(exc) else exc}")]
        ) from None
    return new_graph(ox_store=ox_store)


def _from_ox(t) -> Term:
    if isinstance(t, ox.NamedNode):
        return ("I", t.value)
    if isinstance(t, ox.BlankNode):
        return ("B", t.value)
    return ("L", t.value, t.datatype.value, t.language or "")


def _from_rdflib(t) -> Term:
    if isinstance(t, URIRef):
        return ("I", str(t))
    if isinstance(t, BNode):
        return ("B", str(t))
    lang = t.language or ""
    dtype = str(t.datatype) if t.datatype else (LANG_STRING if lang else XSD + "string")
    return ("L", str(t), dtype, lang)


def triples(g: Graph) -> Iterator[tuple[Term, Term, Term]]:
    """Every triple of ``g`` as plain tuples (fast path for Oxigraph)."""
    store = oxigraph_of(g)
    if store is not None:
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield _from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)
        return
    for s, p, o in g:
        yield _from_rdflib(s), _from_rdflib(p), _from_rdflib(o)


def by_subject(g: Graph) -> dict[Term, dict[str, list[Term]]]:
    """subject → predicate IRI → objects, for the whole graph in one pass.

    The Oxigraph path is written out inline: at a million triples, every
    function call and isinstance per term shows; the cyclic collector is paused (:mod:`kg.nogc`).
    """
    with paused_gc():
        return _by_subject(g)


def _by_subject(g: Graph) -> dict[Term, dict[str, list[Term]]]:
    out: dict[Term, dict[str, list[Term]]] = {}
    store = oxigraph_of(g)
    if store is None:
        for s, p, o in triples(g):
            out.setdefault(s, {}).setdefault(p[1], []).append(o)
        return out
    named, blank = ox.NamedNode, ox.BlankNode
    # One object per distinct term: predicates, datatypes, classes, sources and values
    # such as "stated" or "high" recur on every statement; sharing them keeps the index
    # at a small constant per triple instead of fresh strings and tuples for each.
    terms: dict = {}
    shared = terms.setdefault
    for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        # Any: the term kinds are told apart by class identity below (no isinstance in this loop), which mypy cannot narrow
        subj: Any = q.subject
        obj: Any = q.object
        key = ("I", subj.value) if subj.__class__ is named else ("B", subj.value)
        key = shared(key, key)
        oc = obj.__class__
        val: tuple
        if oc is named:
            val = ("I", obj.value)
        elif oc is blank:
            val = ("B", obj.value)
        else:
            dtype = obj.datatype.value
            val = ("L", obj.value, shared(dtype, dtype), obj.language or "")
        val = shared(val, val)
        pred = q.predicate.value
        pred = shared(pred, pred)
        preds = out.get(key)
        if preds is None:
            preds = out[key] = {}
        objs = preds.get(pred)
        if objs is None:
            preds[pred] = [val]
        else:
            objs.append(val)
    return out


class LinesReader(io.RawIOBase):
    """A binary file reading the UTF-8 of ``lines`` (strings) one after another: a parser streams them without the
    whole text ever being joined into one string and one bytes copy (at 100k entities the derived statements are
    about 0.5 GB of N-Triples)."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            chunk = list(itertools.islice(self._lines, 4096))
            if not chunk:
                return 0
            self._pending = "".join(chunk).encode("utf-8")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n
