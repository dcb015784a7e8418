"""Serialisers: a graph as canonical N-Triples, Turtle or JSON-LD (sorted, so the same graph always gives the
same bytes), and as an rdflib Memory-store copy for tools that want one."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import BinaryIO

from rdflib import BNode, Graph, Literal, URIRef

from kg.graph.rdfread import by_subject, triples
from kg.graph.rdfterms import LANG_STRING, RDF_TYPE, XSD, XSD_STRING, Compactor, Term, escape, nt_term
from kg.schema.ontology import PREFIXES


class TextSink:
    """UTF-8 text written to a binary file in batches: many small strings, few large writes.

    ``fix``, when given, is applied to each batch before it is written; it must give the same result for a batch
    as for its pieces one by one (the XML writers' fixes do when batches are cut between elements: they act on
    single characters, character references and line breaks, none of which spans two elements).
    """

    LIMIT = 1 << 16  # characters held before a write

    def __init__(self, fh: BinaryIO, fix: Callable[[str], str] | None = None):
        self.fh, self.fix = fh, fix
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            text = "".join(self.parts)
            self.fh.write((self.fix(text) if self.fix else text).encode("utf-8"))
            self.parts.clear()
            self.size = 0


def _as_bytes(write: Callable[[BinaryIO], None]) -> bytes:
    buf = io.BytesIO()
    write(buf)
    return buf.getvalue()


def to_ntriples(g: Graph, subjects: dict | None = None) -> bytes:
    """Canonical N-Triples as bytes (see :func:`write_ntriples`)."""
    return _as_bytes(lambda fh: write_ntriples(g, fh, subjects))


def write_ntriples(g: Graph, fh: BinaryIO, subjects: dict | None = None) -> None:
    """Canonical N-Triples: one triple a line, lines sorted, duplicates dropped; written subject by subject.

    Every line starts with its subject's term and a space (which no IRI or blank node label holds), so
    sorting the subjects by that prefix and each subject's lines in turn gives the whole file's sorted order.
    """
    groups = subjects if subjects is not None else by_subject(g)
    out = TextSink(fh)
    for head, s in sorted((f"{nt_term(s)} ", s) for s in groups):
        preds = groups[s]
        lines = {f"{head}{nt_term(('I', p))} {nt_term(o)} .\n" for p, objs in preds.items() for o in objs}
        out.write("".join(sorted(lines)))
    out.flush()


def to_turtle(g: Graph, prefixes: dict[str, str] = PREFIXES, subjects: dict | None = None) -> bytes:
    """Turtle as bytes (see :func:`write_turtle`)."""
    return _as_bytes(lambda fh: write_turtle(g, fh, prefixes, subjects))


def write_turtle(g: Graph, fh: BinaryIO, prefixes: dict[str, str] = PREFIXES, subjects: dict | None = None) -> None:
    """Turtle grouped by subject; subjects, predicates and objects sorted; written subject by subject."""
    compact = Compactor(prefixes)
    short = compact.cache  # IRI → prefixed name or None (no prefix fits): a hit skips the call
    plain = (XSD_STRING, LANG_STRING)  # literal datatypes Turtle writes without ^^

    def term(t: Term) -> str:
        if t[0] == "I":
            name = short.get(t[1], "")  # "": not met yet (a prefixed name is never empty)
            return (compact(t[1]) if name == "" else name) or f"<{t[1]}>"
        if t[0] == "L" and not t[3] and t[2] not in plain:
            dtype = compact(t[2])
            return f'"{escape(t[1])}"^^{dtype or "<" + t[2] + ">"}'
        return nt_term(t)

    groups = subjects if subjects is not None else by_subject(g)
    out = TextSink(fh)
    out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())))
    pred_names: dict[str, str] = {RDF_TYPE: "a"}  # predicate IRI → "a" or its prefixed name
    # IRIs first, then blank nodes, each sorted by value (terms are ("I", iri) or ("B", id))
    order = sorted(t for t in groups if t[0] == "I") + sorted(t for t in groups if t[0] != "I")
    for s in order:
        preds = groups[s]
        parts = []
        ps = sorted(preds)
        if RDF_TYPE in preds:  # rdf:type ("a") first
            ps.remove(RDF_TYPE)
            ps.insert(0, RDF_TYPE)
        for p in ps:
            objs = preds[p]
            pname = pred_names.get(p)
            if pname is None:
                pname = pred_names[p] = term(("I", p))
            if len(objs) == 1:
                parts.append(f"{pname} {term(objs[0])}")
            else:
                parts.append(f"{pname} " + " ,\n        ".join(sorted({term(o) for o in objs})))
        out.write(f"\n{term(s)}\n    " + " ;\n    ".join(parts) + " .\n")
    out.flush()


def to_jsonld(g: Graph, prefixes: dict[str, str] = PREFIXES, subjects: dict | None = None) -> bytes:
    """JSON-LD as bytes (see :func:`write_jsonld`)."""
    return _as_bytes(lambda fh: write_jsonld(g, fh, prefixes, subjects))


def write_jsonld(g: Graph, fh: BinaryIO, prefixes: dict[str, str] = PREFIXES, subjects: dict | None = None) -> None:
    """Expanded-value JSON-LD with a prefix context: one node object per subject, all sorted, one node a line."""
    compact = Compactor(prefixes)
    short = compact.cache  # IRI → prefixed name or None (no prefix fits): a hit skips the call
    enc = encode_basestring  # a str as json's encoder writes it (ensure_ascii=False)

    def key(iri: str) -> str:
        name = short.get(iri, "")  # "": not met yet (a prefixed name is never empty)
        return (compact(iri) if name == "" else name) or iri

    def value(t: Term) -> str:
        """The value object's JSON text, keys sorted, as json's encoder writes it."""
        if t[0] == "I":
            return f'{{"@id": {enc(key(t[1]))}}}'
        if t[0] == "B":
            return f'{{"@id": {enc("_:" + t[1])}}}'
        if t[3]:
            return f'{{"@language": {enc(t[3])}, "@value": {enc(t[1])}}}'
        if t[2] == XSD_STRING:
            return f'{{"@value": {enc(t[1])}}}'
        return f'{{"@type": {enc(key(t[2]))}, "@value": {enc(t[1])}}}'

    def value_order(t: Term) -> tuple[str, str, str, str]:
        """(@id, @value, @type, @language) of the value object, "" where it has none."""
        if t[0] == "I":
            return (key(t[1]), "", "", "")
        if t[0] == "B":
            return ("_:" + t[1], "", "", "")
        if t[3]:
            return ("", t[1], "", t[3])
        return ("", t[1], "", "") if t[2] == XSD_STRING else ("", t[1], key(t[2]), "")

    groups = subjects if subjects is not None else by_subject(g)
    order = sorted(((key(s[1]) if s[0] == "I" else f"_:{s[1]}", s) for s in groups), key=lambda pair: pair[0])

    def node_line(ident: str, s: Term) -> str:
        """The node object's JSON text: what ``json.dumps(node, ensure_ascii=False, sort_keys=True)`` gives for the
        node of dicts and lists, written directly (each string through json's own string encoder)."""
        node: dict[str, str] = {"@id": enc(ident)}  # key → its value's JSON text
        for p, objs in groups[s].items():
            if p == RDF_TYPE:
                node["@type"] = "[" + ", ".join([enc(k) for k in sorted(key(o[1]) for o in objs if o[0] == "I")]) + "]"
            elif len(objs) == 1:
                node[key(p)] = f"[{value(objs[0])}]"
            else:
                node[key(p)] = "[" + ", ".join([value(o) for o in sorted(objs, key=value_order)]) + "]"
        return "{" + ", ".join([f"{enc(k)}: {v}" for k, v in sorted(node.items())]) + "}"

    # one node a line: readable, diffable, and json's C encoder only runs without indent;
    # each node is built, encoded and written in turn, so neither a tree of dicts nor the text is held
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
    out = TextSink(fh)
    out.write(f'{{"@context": {context},\n"@graph": [\n')
    for i, (ident, s) in enumerate(order):
        out.write(",\n" + node_line(ident, s) if i else node_line(ident, s))
    out.write("\n]}\n")
    out.flush()


def to_rdflib_memory(g: Graph) -> Graph:
    """A copy in rdflib's Memory store, plain strings untyped (what pyshacl and rdflib tools expect)."""
    mem = Graph()
    for prefix, ns in PREFIXES.items():
        mem.bind(prefix, ns, override=True)

    def conv(t: Term):
        if t[0] == "I":
            return URIRef(t[1])
        if t[0] == "B":
            return BNode(t[1])
        if t[3]:
            return Literal(t[1], lang=t[3])
        if t[2] == XSD + "string":
            return Literal(t[1])
        return Literal(t[1], datatype=URIRef(t[2]))

    for s, p, o in triples(g):
        mem.add((conv(s), conv(p), conv(o)))
    return mem
