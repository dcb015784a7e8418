"""Serialisers: a graph as canonical N-Triples, Turtle or JSON-LD (sorted, so the same graph always gives the
same bytes), and as an rdflib Memory-store copy for tools that want one."""

from __future__ import annotations

import json

from rdflib import BNode, Graph, Literal, URIRef

from kg.graph.rdfread import by_subject, triples
from kg.graph.rdfterms import LANG_STRING, RDF_TYPE, XSD, Compactor, Term, escape, nt_term
from kg.schema.ontology import PREFIXES


def to_ntriples(g: Graph) -> bytes:
    """Canonical N-Triples: one triple a line, lines sorted, duplicates dropped."""
    lines = sorted({f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples(g)})
    return "".join(lines).encode("utf-8")


def to_turtle(g: Graph, prefixes: dict[str, str] = PREFIXES, subjects: dict | None = None) -> bytes:
    """Turtle grouped by subject; subjects, predicates and objects sorted."""
    compact = Compactor(prefixes)

    def term(t: Term) -> str:
        if t[0] == "I":
            return compact(t[1]) or f"<{t[1]}>"
        if t[0] == "L" and not t[3] and t[2] not in (XSD + "string", LANG_STRING):
            short = compact(t[2])
            return f'"{escape(t[1])}"^^{short or "<" + t[2] + ">"}'
        return nt_term(t)

    groups = subjects if subjects is not None else by_subject(g)
    out = [f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())]
    for s in sorted(groups, key=lambda t: (t[0] != "I", t[1])):
        preds = groups[s]
        parts = []
        for p in sorted(preds, key=lambda p: (p != RDF_TYPE, p)):
            objs = sorted({term(o) for o in preds[p]})
            pname = "a" if p == RDF_TYPE else term(("I", p))
            parts.append(f"{pname} " + " ,\n        ".join(objs))
        out.append(f"\n{term(s)}\n    " + " ;\n    ".join(parts) + " .\n")
    return "".join(out).encode("utf-8")


def to_jsonld(g: Graph, prefixes: dict[str, str] = PREFIXES, subjects: dict | None = None) -> bytes:
    """Expanded-value JSON-LD with a prefix context: one node object per subject, all sorted."""
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

    def node_line(ident: str, s: Term) -> bytes:
        node: dict[str, object] = {"@id": ident}
        for p, objs in groups[s].items():
            if p == RDF_TYPE:
                node["@type"] = sorted(key(o[1]) for o in objs if o[0] == "I")
            else:
                vals = [value(o) for o in objs]
                node[key(p)] = sorted(vals, key=_value_order)
        return json.dumps(node, ensure_ascii=False, sort_keys=True).encode("utf-8")

    # one node a line: readable, diffable, and json's C encoder only runs without indent;
    # each node is built and encoded in turn, so only the output is held, not a tree of dicts
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
    head = f'{{"@context": {context},\n"@graph": [\n'.encode()
    body = b",\n".join([node_line(ident, s) for ident, s in order])
    return head + body + b"\n]}\n"


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
