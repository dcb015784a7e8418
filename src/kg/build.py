"""Records → RDF (the canonical graph) and RDF → NetworkX projection.

Each relation row becomes a plain triple (``:s kg:p :o``) for simple queries and
a qualified :class:`kg:Statement` node carrying share, dates, source, evidence
and confidence. Each fact row becomes a :class:`kg:Observation`. The NetworkX
projection is computed from the RDF alone, so a graph loaded from Turtle gives
the same projection as one built from CSV.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from decimal import Decimal

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from .dataset import CONFIDENCE, Dataset, PartialDate, Record
from .ontology import ENTITY_NS, KG, OBSERVATION_NS, PREFIXES, SOURCE_NS, STATEMENT_NS, Ontology

PROV_DERIVED = URIRef(PREFIXES["prov"] + "wasDerivedFrom")
DEFAULT_MIN_CONFIDENCE = "low-medium"


def new_graph(store: str = "Oxigraph") -> Graph:
    """An empty rdflib Graph over Oxigraph (default) or rdflib's Memory store, prefixes bound."""
    g = Graph(store=store) if store != "Memory" else Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def confidence_rank(value: str | None) -> int:
    """Higher is surer; a missing grade counts as 'medium'."""
    return len(CONFIDENCE) - CONFIDENCE.index(value or "medium")


def _literal(kind: str, value, language: str | None = None) -> Literal:
    if isinstance(value, PartialDate):
        dtype = XSD.date if value.day else (XSD.gYearMonth if value.month else XSD.gYear)
        return Literal(value.text, datatype=dtype)
    if kind in ("percent", "decimal"):
        return Literal(value, datatype=XSD.decimal)
    if kind == "integer":
        return Literal(value, datatype=XSD.integer)
    if kind == "url":
        return Literal(value, datatype=XSD.anyURI)
    return Literal(value, lang=language) if language else Literal(value)


def _digest(rec: Record) -> str:
    """Stable id of a row: a hash of its content, so ids survive reordering of the file."""
    text = "\x1f".join(f"{k}={rec.values[k]}" for k in sorted(rec.values))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def build_rdf(ds: Dataset, onto: Ontology, *, min_confidence: str = DEFAULT_MIN_CONFIDENCE,
              store: str = "Oxigraph") -> tuple[Graph, dict]:
    """Turn a validated dataset into the canonical RDF graph.

    Returns the graph and a report dict (counts, statements left out for low confidence).
    """
    floor = confidence_rank(min_confidence)
    triples: list[tuple] = []
    add = triples.append
    cols = {f: {c.name: c for c in onto.columns[f]} for f in onto.columns}
    skipped: list[str] = []

    for rec in ds.sources:
        node = SOURCE_NS[str(rec.get("id"))]
        add((node, RDF.type, KG.Source))
        _add_columns(add, node, rec, cols["sources"], skip=("id",))
    for rec in ds.entities:
        node = ENTITY_NS[str(rec.get("id"))]
        add((node, RDF.type, onto.classes[str(rec.get("type"))].iri))
        add((node, KG.entityId, Literal(str(rec.get("id")))))
        _add_columns(add, node, rec, cols["entities"], skip=("id", "type", "source"))
        if rec.get("source"):
            add((node, PROV_DERIVED, SOURCE_NS[str(rec.get("source"))]))
    kept = 0
    for rec in ds.relations:
        if confidence_rank(rec.get("confidence")) < floor:
            skipped.append(rec.where)
            continue
        kept += 1
        spec = onto.relations[str(rec.get("predicate"))]
        s, o = ENTITY_NS[str(rec.get("subject"))], ENTITY_NS[str(rec.get("object"))]
        add((s, spec.iri, o))
        for sup in spec.super_properties:  # RDFS entailment of kg's own sub-properties
            add((s, sup, o))
        if spec.symmetric:
            add((o, spec.iri, s))
        node = STATEMENT_NS[_digest(rec)]
        add((node, RDF.type, KG.Statement))
        add((node, RDF.subject, s))
        add((node, RDF.predicate, spec.iri))
        add((node, RDF.object, o))
        add((node, PROV_DERIVED, SOURCE_NS[str(rec.get("source"))]))
        add((node, KG.sourceRow, Literal(f"relations.csv:{rec.line}")))
        _add_columns(add, node, rec, cols["relations"], skip=("subject", "predicate", "object", "source"))
    facts_kept = 0
    for rec in ds.facts:
        if confidence_rank(rec.get("confidence")) < floor:
            skipped.append(rec.where)
            continue
        facts_kept += 1
        node = OBSERVATION_NS[_digest(rec)]
        add((node, RDF.type, KG.Observation))
        add((node, KG.subject, ENTITY_NS[str(rec.get("subject"))]))
        add((node, KG.metric, onto.metrics[str(rec.get("metric"))].iri))
        add((node, PROV_DERIVED, SOURCE_NS[str(rec.get("source"))]))
        add((node, KG.sourceRow, Literal(f"facts.csv:{rec.line}")))
        _add_columns(add, node, rec, cols["facts"], skip=("subject", "metric", "source"))
    g = new_graph(store)
    g.addN((s, p, o, g) for s, p, o in triples)
    report = {
        "sources": len(ds.sources), "entities": len(ds.entities),
        "statements": kept, "observations": facts_kept,
        "left_out": skipped, "min_confidence": min_confidence, "triples": len(g),
    }
    return g, report


def _add_columns(add, node, rec: Record, specs: dict, skip: tuple[str, ...]) -> None:
    for name, value in rec.values.items():
        if name in skip:
            continue
        spec = specs[name]
        if spec.kind == "text-list":
            for item in value:
                add((node, spec.property, Literal(item)))
        elif spec.kind in ("entity", "source"):
            ns = ENTITY_NS if spec.kind == "entity" else SOURCE_NS
            add((node, spec.property, ns[str(value)]))
        else:
            add((node, spec.property, _literal(spec.kind, value, spec.language)))


# ---------------------------------------------------------------------------
# RDF -> NetworkX
# ---------------------------------------------------------------------------

def local_id(iri) -> str:
    """The short id of an entity, source or statement IRI (kg's own or a foreign one)."""
    s = str(iri)
    for ns in (ENTITY_NS, SOURCE_NS, STATEMENT_NS, OBSERVATION_NS, KG):
        if s.startswith(str(ns)):
            return s[len(str(ns)):]
    return s


def _py(value):
    if isinstance(value, Literal):
        v = value.toPython()
        if isinstance(v, Decimal):
            return float(v) if v != v.to_integral_value() else (int(v) if abs(v) < 2**53 else float(v))
        if isinstance(v, Literal) or not isinstance(v, (int, float, str)):
            return str(value)  # e.g. xsd:gYear, which rdflib leaves as a Literal
        return v
    return local_id(value)


def _group(g: Graph, query: str) -> dict:
    groups: dict = defaultdict(lambda: defaultdict(list))
    for row in g.query(query, initNs=PREFIXES):
        groups[row[0]][row[1]].append(row[2])
    return groups


def statement_properties(onto: Ontology) -> dict[URIRef, tuple[str, str]]:
    """RDF property → (attribute name, value kind) for statement qualifiers, from the CSV contract."""
    props = {c.property: (c.name, c.kind) for c in onto.columns["relations"]
             if c.name not in ("subject", "predicate", "object")}
    props[KG.sourceRow] = ("source_row", "text")
    return props


def entity_properties(onto: Ontology) -> dict[URIRef, tuple[str, str]]:
    props = {}
    for c in onto.columns["entities"]:
        if c.name in ("id", "type", "name_en", "name_zh"):
            continue
        props[c.property] = (c.name, c.kind)
    return props


def project_networkx(g: Graph, onto: Ontology) -> nx.MultiDiGraph:
    """The NetworkX view of the RDF graph: entities as nodes, statements as edges.

    Node attributes: ``type``, ``name_en``, ``name_zh``, ``label``, ``aliases`` and the
    entity columns. Edge key: the statement id; edge attributes: ``predicate``,
    ``family``, the qualifier columns (``share``, ``shares`` ...), ``source``.
    """
    G = nx.MultiDiGraph()
    class_by_iri = {c.iri: c.name for c in onto.classes.values()}
    rel_by_iri = {r.iri: r for r in onto.relations.values()}
    eprops = entity_properties(onto)
    values = " ".join(f"<{c.iri}>" for c in onto.classes.values())
    ents = _group(g, f"SELECT DISTINCT ?e ?p ?o WHERE {{ VALUES ?t {{ {values} }} ?e a ?t . ?e ?p ?o }}")
    for e in sorted(ents, key=str):
        attrs = ents[e]
        types = sorted(class_by_iri[t] for t in attrs.get(RDF.type, []) if t in class_by_iri)
        names = {"en": "", "zh": ""}
        for lab in sorted(attrs.get(RDFS.label, []), key=str):
            lang = (lab.language or "en")[:2]
            if lang in names and not names[lang]:
                names[lang] = str(lab)
        node = {"iri": str(e), "type": _most_specific(types, onto), "name_en": names["en"], "name_zh": names["zh"],
                "label": names["en"] or names["zh"] or local_id(e)}
        for prop, values in attrs.items():
            if prop in eprops:
                name, kind = eprops[prop]
                vals = sorted(_py(v) for v in values)
                node[name] = tuple(vals) if kind == "text-list" else vals[0]
        node.setdefault("aliases", ())
        G.add_node(local_id(e), **node)
    sprops = statement_properties(onto)
    stmts = _group(g, "SELECT ?st ?p ?o WHERE { ?st a kg:Statement ; ?p ?o }")
    edges = []
    for st, attrs in stmts.items():
        pred = attrs.get(RDF.predicate, [None])[0]
        spec = rel_by_iri.get(pred)
        if spec is None:
            continue  # a predicate outside the ontology: kept in RDF, not projected
        s, o = local_id(attrs[RDF.subject][0]), local_id(attrs[RDF.object][0])
        edge = {"predicate": spec.name, "family": spec.family, "statement": local_id(st)}
        for prop, values in attrs.items():
            if prop in sprops:
                edge[sprops[prop][0]] = _py(sorted(values, key=str)[0])
        for node_id in (s, o):
            if node_id not in G:
                G.add_node(node_id, iri=str(attrs[RDF.subject][0] if node_id == s else attrs[RDF.object][0]),
                           type="", name_en="", name_zh="", label=node_id, aliases=())
        edges.append((s, o, edge["statement"], edge))
    edges.sort(key=lambda e: (e[0], e[3]["predicate"], e[1], e[2]))
    G.add_edges_from(edges)
    return G


def _most_specific(types: list[str], onto: Ontology) -> str:
    """Among several asserted classes, the one no other is a subclass of."""
    best = [t for t in types if not any(o != t and onto.is_subclass(o, t) for o in types)]
    return best[0] if best else ""
