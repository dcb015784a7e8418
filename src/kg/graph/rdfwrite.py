"""Serialisers: a graph as canonical N-Triples, Turtle or JSON-LD (sorted, so the same graph always gives the
same bytes), and as an rdflib Memory-store copy for tools that want one."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import BinaryIO

from rdflib import BNode, Graph, Literal, URIRef

from kg.graph.rdfread import by_subject, triples
from kg.graph.rdfterms import LANG_STRING, RDF_TYPE, XSD, Compactor, Term, escape, nt_term
from kg.schema.ontology import PREFIXES


class TextSink:
    """UTF-8 text written to a binary file in batches: many small strings, few large writes."""

    LIMIT = 1 << 16  # characters held before a write

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.fh.write("".join(self.parts).encode("utf-8"))
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

    def term(t: Term) -> str:
        if t[0] == "I":
            return compact(t[1]) or f"<{t[1]}>"
        if t[0] == "L" and not t[3] and t[2] not in (XSD + "string", LANG_STRING):
            short = compact(t[2])
            return f'"{escape(t[1])}"^^{short or "<" + t[2] + ">"}'
        return nt_term(t)

    groups = subjects if subjects is not None else by_subject(g)
    out = TextSink(fh)
    out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())))
    for s in sorted(groups, key=lambda t: (t[0] != "I", t[1])):
        preds = groups[s]
        parts = []
        for p in sorted(preds, key=lambda p: (p != RDF_TYPE, p)):
            objs = sorted({term(o) for o in preds[p]})
            pname = "a" if p == RDF_TYPE else term(("I", p))
            parts.append(f"{pname} " + " ,\n        ".join(objs))
        out.write(f"\n{term(s)}\n    " + " ;\n    ".join(parts) + " .\n")
    out.flush()


def to_jsonld(g: Graph, prefixes: dict[str, str] = PREFIXES, subjects: dict | None = None) -> bytes:
    """JSON-LD as bytes (see :func:`write_jsonld`)."""
    return _as_bytes(lambda fh: write_jsonld(g, fh, prefixes, subjects))


def write_jsonld(g: Graph, fh: BinaryIO, prefixes: dict[str, str] = PREFIXES, subjects: dict | None = None) -> None:
    """Expanded-value JSON-LD with a prefix context: one node object per subject, all sorted, one node a line."""
    compact = Compactor(prefixes)

    def key(iri: str) -> str:
        return compact(iri) or iri

    def value(t: Term):
        if t[0] == "I":
            return {"@id": key(t[1])}
        if t[0] == "B":
            return {"@id": f"_:{t[1]}"}
        if t[3]:
            return {"@value": t[1], "@language": t[3]}
        if t[2] == XSD + "string":
            return {"@value": t[1]}
        return {"@value": t[1], "@type": key(t[2])}

    groups = subjects if subjects is not None else by_subject(g)
    order = sorted(((key(s[1]) if s[0] == "I" else f"_:{s[1]}", s) for s in groups), key=lambda pair: pair[0])

    def node_line(ident: str, s: Term) -> str:
        node: dict[str, object] = {"@id": ident}
        for p, objs in groups[s].items():
            if p == RDF_TYPE:
                node["@type"] = sorted(key(o[1]) for o in objs if o[0] == "I")
            else:
                vals = [value(o) for o in objs]
                node[key(p)] = sorted(vals, key=_value_order)
        return json.dumps(node, ensure_ascii=False, sort_keys=True)

    # one node a line: readable, diffable, and json's C encoder only runs without indent;
    # each node is built, encoded and written in turn, so neither a tree of dicts nor the text is held
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
    out = TextSink(fh)
    out.write(f'{{"@context": {context},\n"@graph": [\n')
    for i, (ident, s) in enumerate(order):
        out.write(",\n" + node_line(ident, s) if i else node_line(ident, s))
    out.write("\n]}\n")
    out.flush()


def _value_order(v: dict) -> tuple:
    return (v.get("@id", ""), v.get("@value", ""), v.get("@type", ""), v.get("@language", ""))


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
