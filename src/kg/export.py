"""Serialise the graph (Turtle, N-Triples, JSON-LD, GraphML) deterministically, and
write files atomically: all outputs are rendered first, then each is written to a
temporary file beside its target and renamed into place, so a failed or
interrupted build leaves the previous outputs intact.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import networkx as nx
from rdflib import XSD, Graph, Literal

from .ontology import PREFIXES


def to_memory(g: Graph, into: Graph | None = None) -> Graph:
    """Copy a graph into rdflib's Memory store, with plain strings untyped.

    Oxigraph returns plain literals typed xsd:string; rdflib compares "x" and
    "x"^^xsd:string as different terms, so SHACL's sh:in and Turtle output want
    them plain.
    """
    mem = into if into is not None else Graph()
    for prefix, ns in PREFIXES.items():
        mem.bind(prefix, ns, override=True)
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        mem.add((s, p, o))
    return mem


def to_turtle(g: Graph) -> bytes:
    """Turtle with kg's prefixes; rdflib's serializer sorts subjects and predicates."""
    mem = to_memory(g)  # rdflib's serializer reads faster from its own store than through a plugin
    return mem.serialize(format="turtle").encode("utf-8")


def to_ntriples(g: Graph) -> bytes:
    """Canonical N-Triples: one triple a line, lines sorted."""
    lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in g})
    return "".join(lines).encode("utf-8")


def _canonical(value):
    if isinstance(value, dict):
        return {k: _canonical(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_jsonld(g: Graph) -> bytes:
    """JSON-LD with a context of kg's prefixes; nodes and values sorted."""
    context = {k: v for k, v in sorted(PREFIXES.items())}
    data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    graph = data.get("@graph", [data] if "@id" in data else [])
    doc = {"@context": context, "@graph": _canonical([{k: v for k, v in node.items() if k != "@context"} for node in graph])}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """GraphML of the NetworkX projection; list attributes joined with '|'."""
    H = nx.MultiDiGraph()
    for n, attrs in G.nodes(data=True):
        H.add_node(n, **_flat(attrs))
    for s, o, k, attrs in G.edges(keys=True, data=True):
        H.add_edge(s, o, key=k, **_flat(attrs))
    return ("\n".join(nx.generate_graphml(H, prettyprint=True)) + "\n").encode("utf-8")


def _flat(attrs: dict) -> dict:
    out = {}
    for k, v in sorted(attrs.items()):
        if v is None:
            continue
        out[k] = "|".join(map(str, v)) if isinstance(v, (list, tuple)) else v
    return out


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file or none: temp files first, then renames."""
    temps: list[tuple[str, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append((tmp, target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
        for tmp, target in temps:
            os.replace(tmp, target)
        temps = []
    finally:
        for tmp, _ in temps:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
