"""Read Turtle into an rdflib Graph with pyoxigraph's parser (about 3× faster than rdflib's own for the ontology),
so that opening a compiled graph does not spend most of its time parsing ``ontology/*.ttl``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term(t):
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    dtype = t.datatype.value
    return Literal(t.value) if dtype == XSD_STRING else Literal(t.value, datatype=URIRef(dtype))


def parse_turtle_into(g: Graph, path: Path) -> None:
    """Add the triples of the Turtle file ``path`` to ``g``; raises SyntaxError or OSError when it cannot."""
    with open(path, "rb") as fh:
        quads = ox.parse(fh, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        g.addN((_term(q.subject), _term(q.predicate), _term(q.object), g) for q in quads)
