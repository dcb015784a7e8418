"""Records → RDF (the canonical graph) and RDF → NetworkX projection.

Each relation row becomes a plain triple (``:s kg:p :o``) for simple queries and
a qualified :class:`kg:Statement` node carrying share, dates, source, evidence
and confidence. Each fact row becomes a :class:`kg:Observation`. The NetworkX
projection is computed from the RDF alone, so a graph loaded from Turtle gives
the same projection as one built from CSV.
"""

from __future__ import annotations

import hashlib

import networkx as nx
from rdflib import RDF, RDFS, Graph

from kg.graph.merge import merge_nodes, split_same_as
from kg.graph.rdfread import NTriplesLoader, by_subject, triple_count
from kg.graph.rdfterms import XSD, Term, iri, lit, nt_term, python_value
from kg.ingest.dates import PartialDate
from kg.ingest.records import Dataset, Record
from kg.schema.ontology import ENTITY_NS, KG, OBSERVATION_NS, PREFIXES, SOURCE_NS, STATEMENT_NS, Ontology
from kg.schema.vocab import DEFAULT_MIN_CONFIDENCE, confidence_rank

PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
RDF_NS = str(RDF)


def _literal(kind: str, value, language: str | None = None) -> Term:
    if isinstance(value, PartialDate):
        dtype = "date" if value.day else ("gYearMonth" if value.month else "gYear")
        return lit(value.text, XSD + dtype)
    if kind in ("percent", "decimal"):
        return lit(str(value), XSD + "decimal")
    if kind == "integer":
        return lit(str(value), XSD + "integer")
    if kind == "boolean":
        return lit("true" if value else "false", XSD + "boolean")
    if kind == "url":
        return lit(value, XSD + "anyURI")
    return lit(value, language=language or "")


def _digest(rec: Record) -> str:
    """Stable id of a row: a hash of its content, so ids survive reordering of the file."""
    text = "\x1f".join(f"{k}={rec.values[k]}" for k in sorted(rec.values))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def build_rdf(
    ds: Dataset, onto: Ontology, *, min_confidence: str = DEFAULT_MIN_CONFIDENCE, store: str = "Oxigraph"
) -> tuple[Graph, dict]:
    """Turn a validated dataset into the canonical RDF graph.

    The triples are written as N-Triples text and bulk-loaded (Oxigraph parses
    far faster than rdflib adds terms one by one). Returns the graph and a report
    dict (counts, rows left out for low confidence).
    """
    floor = confidence_rank(min_confidence)
    loader = NTriplesLoader(store)
    emit = loader.add

    def add(s: Term, p: str, o: Term) -> None:
        emit(f"{nt_term(s)} <{p}> {nt_term(o)} .\n")

    cols = {f: {c.name: c for c in onto.columns[f]} for f in onto.columns}
    skipped: list[str] = []
    type_ = RDF_NS + "type"
    for rec in ds.sources:
        node = iri(SOURCE_NS + str(rec.get("id")))
        add(node, type_, iri(str(KG.Source)))
        _add_columns(add, node, rec, cols["sources"], skip=("id",))
    for rec in ds.entities:
        node = iri(ENTITY_NS + str(rec.get("id")))
        add(node, type_, iri(str(onto.classes[str(rec.get("type"))].iri)))
        add(node, str(KG.entityId), lit(str(rec.get("id"))))
        _add_columns(add, node, rec, cols["entities"], skip=("id", "type"))
    kept = 0
    for rec in ds.relations:
        if confidence_rank(rec.get("confidence")) < floor:
            skipped.append(rec.where)
            continue
        kept += 1
        spec = onto.relations[str(rec.get("predicate"))]
        s, o = iri(ENTITY_NS + str(rec.get("subject"))), iri(ENTITY_NS + str(rec.get("object")))
        add(s, str(spec.iri), o)
        for sup in spec.super_properties:  # RDFS entailment of kg's own sub-properties
            add(s, str(sup), o)
        if spec.symmetric:
            add(o, str(spec.iri), s)
        node = iri(STATEMENT_NS + _digest(rec))
        add(node, type_, iri(str(KG.Statement)))
        add(node, RDF_NS + "subject", s)
        add(node, RDF_NS + "predicate", iri(str(spec.iri)))
        add(node, RDF_NS + "object", o)
        add(node, str(KG.sourceRow), lit(f"relations.csv:{rec.line}"))
        _add_columns(add, node, rec, cols["relations"], skip=("subject", "predicate", "object"))
    facts_kept = 0
    for rec in ds.facts:
        if confidence_rank(rec.get("confidence")) < floor:
            skipped.append(rec.where)
            continue
        facts_kept += 1
        node = iri(OBSERVATION_NS + _digest(rec))
        add(node, type_, iri(str(KG.Observation)))
        add(node, str(KG.sourceRow), lit(f"facts.csv:{rec.line}"))
        _add_columns(add, node, rec, cols["facts"], skip=())
    g = loader.graph()
    report = {
        "sources": len(ds.sources),
        "entities": len(ds.entities),
        "statements": kept,
        "observations": facts_kept,
        "left_out": skipped,
        "min_confidence": min_confidence,
        "triples": triple_count(g),
    }
    return g, report


def _add_columns(add, node: Term, rec: Record, specs: dict, skip: tuple[str, ...]) -> None:
    for name, value in rec.values.items():
        if name in skip:
            continue
        spec = specs[name]
        prop = str(spec.property)
        if spec.kind == "text-list":
            assert isinstance(value, tuple)  # the validator reads a text-list cell into a tuple
            for item in value:
                add(node, prop, lit(item))
        elif spec.kind in ("entity", "source"):
            add(node, prop, iri((ENTITY_NS if spec.kind == "entity" else SOURCE_NS) + str(value)))
        elif spec.kind == "metric":
            add(node, prop, iri(str(KG) + str(value)))
        else:
            add(node, prop, _literal(spec.kind, value, spec.language))


# ---------------------------------------------------------------------------
# RDF -> NetworkX
# ---------------------------------------------------------------------------

_NAMESPACES = tuple(str(ns) for ns in (ENTITY_NS, SOURCE_NS, STATEMENT_NS, OBSERVATION_NS, KG))


def local_id(value) -> str:
    """The short id of an entity, source or statement IRI (kg's own or a foreign one)."""
    s = str(value)
    if s.startswith("https://w3id.org/ai-capital-kg/"):
        for ns in _NAMESPACES:
            if s.startswith(ns):
                return s[len(ns) :]
    return s


def value_of(t: Term):
    """A term as the value kg shows: local ids for IRIs, numbers for numeric literals."""
    return local_id(t[1]) if t[0] != "L" else python_value(t)


def column_properties(onto: Ontology, file: str, skip: tuple[str, ...] = ()) -> dict[str, tuple[str, str]]:
    """RDF property IRI → (column name, value kind), from the CSV contract."""
    return {str(c.property): (c.name, c.kind) for c in onto.columns[file] if c.name not in skip}


def record_of(preds: dict[str, list[Term]], props: dict[str, tuple[str, str]]) -> dict:
    """The column values of one statement, entity, source or observation node."""
    rec = {}
    for prop, objs in preds.items():
        spec = props.get(prop)
        if spec is None:
            continue
        name, kind = spec
        if len(objs) == 1:
            v = value_of(objs[0])
            rec[name] = (v,) if kind == "text-list" else v
        else:  # several values: a stable order whatever the store returned
            vals = sorted((value_of(o) for o in objs), key=lambda v: (str(type(v)), v))
            rec[name] = tuple(vals) if kind == "text-list" else vals[0]
    return rec


def project_networkx(g: Graph, onto: Ontology, subjects: dict | None = None) -> nx.MultiDiGraph:
    """The NetworkX view of the RDF graph: entities as nodes, statements as edges.

    Node attributes: ``type``, ``name_en``, ``name_zh``, ``label``, ``aliases`` and the
    entity columns. Edge key: the statement id; edge attributes: ``predicate``,
    ``family``, the qualifier columns (``share``, ``shares`` ...), ``source``. Entities joined by ``sameAs``
    statements are one node (:mod:`kg.graph.merge`).
    """
    subjects = subjects if subjects is not None else by_subject(g)
    G = nx.MultiDiGraph()
    class_by_iri = {str(c.iri): c.name for c in onto.classes.values()}
    rel_by_iri = {str(r.iri): r for r in onto.relations.values()}
    eprops = column_properties(onto, "entities", skip=("id", "type", "name_en", "name_zh"))
    sprops = column_properties(onto, "relations", skip=("subject", "predicate", "object"))
    sprops[str(KG.sourceRow)] = ("source_row", "text")
    rdf_type, label = str(RDF.type), str(RDFS.label)
    statement_class = str(KG.Statement)
    nodes, statements = [], []
    for s, preds in subjects.items():
        types = [class_by_iri[t[1]] for t in preds.get(rdf_type, ()) if t[1] in class_by_iri]
        if types:
            nodes.append((s, preds, types))
        elif any(t[1] == statement_class for t in preds.get(rdf_type, ())):
            statements.append((s, preds))
    for s, preds, types in sorted(nodes, key=lambda n: n[0][1]):
        names = {"en": "", "zh": ""}
        for lab in sorted(preds.get(label, ()), key=lambda t: t[1]):
            lang = (lab[3] or "en")[:2]
            if lang in names and not names[lang]:
                names[lang] = lab[1]
        node = {
            "iri": s[1],
            "type": _most_specific(sorted(types), onto),
            "name_en": names["en"],
            "name_zh": names["zh"],
            "label": names["en"] or names["zh"] or local_id(s[1]),
        }
        node.update(record_of(preds, eprops))
        node.setdefault("aliases", ())
        G.add_node(local_id(s[1]), **node)
    edges = []
    for st, preds in statements:
        pred = preds.get(RDF_NS + "predicate", [("I", "")])[0][1]
        spec = rel_by_iri.get(pred)
        if spec is None:
            continue  # a predicate outside the ontology: kept in RDF, not projected
        subj, obj = preds[RDF_NS + "subject"][0][1], preds[RDF_NS + "object"][0][1]
        s_id, o_id = local_id(subj), local_id(obj)
        edge = {"predicate": spec.name, "family": spec.family, "statement": local_id(st[1])}
        edge.update(record_of(preds, sprops))
        for node_id, node_iri in ((s_id, subj), (o_id, obj)):
            if node_id not in G:
                G.add_node(node_id, iri=node_iri, type="", name_en="", name_zh="", label=node_id, aliases=())
        edges.append((s_id, o_id, edge["statement"], edge))
    same, edges = split_same_as(edges)
    if same:  # records that are one party: one node (kg.graph.merge)
        edges = merge_nodes(G, same, edges)
    edges.sort(key=lambda e: (e[0], e[3]["predicate"], e[1], e[2]))
    G.add_edges_from(edges)
    return G


def _most_specific(types: list[str], onto: Ontology) -> str:
    """Among several asserted classes, the one no other is a subclass of."""
    best = [t for t in types if not any(o != t and onto.is_subclass(o, t) for o in types)]
    return best[0] if best else ""
