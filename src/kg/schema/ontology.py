"""Load the ontology (``ontology/*.ttl``), check it, and expose it as plain specs (:mod:`kg.schema.specs`).

The ontology is the single source of truth for entity classes, relations,
relation families, the CSV contract and metrics. Nothing here does I/O at
import time; :func:`load_ontology` reads and caches.
"""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.errors import OntologyError
from kg.schema.specs import (
    ClassSpec,
    ColumnSpec,
    FamilySpec,
    MetricSpec,
    Ontology,
    RelationSpec,
    check_ontology,
    default_ontology_dir,
)
from kg.schema.turtle import parse_turtle_into
from kg.schema.vocab import CSV_FILES

KG = Namespace("https://w3id.org/ai-capital-kg/ontology#")
ENTITY_NS = Namespace("https://w3id.org/ai-capital-kg/id/")
SOURCE_NS = Namespace("https://w3id.org/ai-capital-kg/source/")
STATEMENT_NS = Namespace("https://w3id.org/ai-capital-kg/statement/")
OBSERVATION_NS = Namespace("https://w3id.org/ai-capital-kg/observation/")

PREFIXES = {
    "kg": str(KG),
    "kgr": str(ENTITY_NS),
    "kgsrc": str(SOURCE_NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
}


def _text(g: Graph, s, p, lang: str | None = None) -> str:
    for o in g.objects(s, p):
        if isinstance(o, Literal) and (lang is None or (o.language or "").startswith(lang)):
            return str(o)
    return ""


def _local(iri) -> str:
    s = str(iri)
    return s[len(str(KG)) :] if s.startswith(str(KG)) else s


@functools.lru_cache(maxsize=8)
def load_ontology(directory: str | Path | None = None) -> Ontology:
    """Read every ``*.ttl`` in the ontology directory except SHACL shapes, then check it."""
    directory = Path(directory) if directory else default_ontology_dir()
    g = Graph()
    files = sorted(p for p in directory.glob("*.ttl") if p.name != "shapes.ttl")
    if not files:
        raise OntologyError(f"{directory}: no ontology files (*.ttl) found")
    for path in files:
        try:
            parse_turtle_into(g, path)
        except Exception as exc:  # the parser raises several types on syntax errors
            raise OntologyError(f"{path}: cannot parse the ontology: {exc}") from None
    onto = Ontology(directory=str(directory), _graph=g)
    _read_classes(g, onto)
    _read_families(g, onto)
    _read_relations(g, onto)
    _read_columns(g, onto)
    _read_metrics(g, onto)
    check_ontology(onto)
    return onto


def _iris(nodes) -> list[URIRef]:
    """The IRIs among ``nodes`` (blank nodes and literals cannot name a term), sorted."""
    return sorted(n for n in nodes if isinstance(n, URIRef))


def _is_true(node) -> bool:
    return isinstance(node, Literal) and node.toPython() is True


def _labels(g: Graph, s) -> tuple[str, str]:
    return _text(g, s, RDFS.label, "en"), _text(g, s, RDFS.label, "zh")


def _read_classes(g: Graph, onto: Ontology) -> None:
    for s in _iris(g.subjects(KG.shape, None)):
        name = _local(s)
        parents = tuple(sorted(_local(p) for p in g.objects(s, RDFS.subClassOf) if str(p).startswith(str(KG))))
        en, zh = _labels(g, s)
        onto.classes[name] = ClassSpec(
            name, s, en, zh, _text(g, s, RDFS.comment), parents, _text(g, s, KG.color), _text(g, s, KG.shape)
        )


def _read_families(g: Graph, onto: Ontology) -> None:
    for s in _iris(g.subjects(RDF.type, KG.RelationFamily)):
        en, zh = _labels(g, s)
        order = g.value(s, KG.order)
        onto.families[_local(s)] = FamilySpec(
            _local(s),
            s,
            en,
            zh,
            _text(g, s, KG.edgeStyle),
            _text(g, s, KG.color),
            int(str(order)) if order is not None else 999,
        )


def _read_relations(g: Graph, onto: Ontology) -> None:
    for s in _iris(g.subjects(KG.family, None)):
        name = _local(s)
        en, zh = _labels(g, s)
        dom, rng, fam = g.value(s, RDFS.domain), g.value(s, RDFS.range), g.value(s, KG.family)
        supers = tuple(p for p in _iris(g.objects(s, RDFS.subPropertyOf)) if str(p).startswith(str(KG)))
        onto.relations[name] = RelationSpec(
            name,
            s,
            en,
            zh,
            _text(g, s, RDFS.comment),
            _local(fam) if fam else "",
            _local(dom) if dom else "",
            _local(rng) if rng else "",
            _is_true(g.value(s, KG.stakeBearing)),
            (s, RDF.type, OWL.SymmetricProperty) in g,
            supers,
            frozenset(str(o) for o in g.objects(s, KG.ownershipRole)),
            _is_true(g.value(s, KG.derivedOnly)),
        )


def _read_columns(g: Graph, onto: Ontology) -> None:
    cols: dict[str, list[ColumnSpec]] = {f: [] for f in CSV_FILES}
    for s in g.subjects(RDF.type, KG.CsvColumn):
        file, name = _text(g, s, KG.csvFile), _text(g, s, KG.csvName)
        order = g.value(s, KG.csvOrder)
        req = g.value(s, KG.required)
        lang = g.value(s, KG.language)
        prop = g.value(s, KG.property)
        if file not in cols:
            raise OntologyError(f"column {_local(s)}: kg:csvFile '{file}' is not one of {', '.join(CSV_FILES)}")
        if not isinstance(prop, URIRef):
            raise OntologyError(f"ontology column {file}.{name} has no kg:property")
        cols[file].append(
            ColumnSpec(
                file,
                name,
                int(str(order)) if order is not None else 999,
                prop,
                _text(g, s, KG.valueKind),
                str(req).lower() if req is not None else "false",
                str(lang) if lang is not None else None,
                _text(g, s, RDFS.label, "en"),
            )
        )
    for file in cols:
        cols[file].sort(key=lambda c: (c.order, c.name))
    onto.columns = cols


def _read_metrics(g: Graph, onto: Ontology) -> None:
    for s in _iris(g.subjects(RDF.type, KG.Metric)):
        en, zh = _labels(g, s)
        onto.metrics[_local(s)] = MetricSpec(_local(s), s, en, zh, _text(g, s, KG.unit), _text(g, s, RDFS.comment))


__all__ = [
    "ClassSpec",
    "ColumnSpec",
    "FamilySpec",
    "MetricSpec",
    "Ontology",
    "RelationSpec",
    "default_ontology_dir",
    "load_ontology",
]
