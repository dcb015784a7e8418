"""Check a built graph with SHACL and explain violations in words.

The shapes are ``ontology/shapes.ttl`` (what a graph must hold: a statement's parts, a source, labels)
plus shapes generated here from the schema, so they cannot drift from it: the domain and range of every
relation (:func:`relation_shapes`) and the value rules of the statement columns (:func:`value_shapes`:
percentages, counts, confidence grades and bases, from the column specs and :mod:`kg.schema.vocab`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from kg.errors import Problem
from kg.graph.build import local_id
from kg.graph.rdfread import OX_FORMATS
from kg.graph.rdfterms import XSD
from kg.graph.rdfwrite import to_rdflib_memory
from kg.schema.ontology import KG, Ontology, default_ontology_dir
from kg.schema.vocab import BASIS, CONFIDENCE

SH = Namespace("http://www.w3.org/ns/shacl#")


def relation_shapes(onto: Ontology) -> Graph:
    """Core SHACL shapes for the domain and range of every relation, generated from the ontology.

    Core constraints (sh:class on sh:targetSubjectsOf / sh:targetObjectsOf) run in
    one pass; the SPARQL-based equivalent ran one query per statement.
    """
    shapes = Graph()
    for rel in onto.relations.values():
        for role, target, cls in (
            ("subject", SH.targetSubjectsOf, rel.domain),
            ("object", SH.targetObjectsOf, rel.range),
        ):
            shape = KG[f"shape_{rel.name}_{role}"]
            shapes.add((shape, RDF.type, SH.NodeShape))
            shapes.add((shape, target, URIRef(rel.iri)))
            shapes.add((shape, SH["class"], URIRef(onto.classes[cls].iri)))
            shapes.add((shape, SH.message, Literal(f"the {role} of {rel.name} must be {_a(cls)} {cls}")))
    return shapes


# The value kinds a statement's columns are checked for, and the CSV file whose columns a class carries.
GRADES = {"basis": BASIS, "confidence": CONFIDENCE}
VALUE_TARGETS = (("relations", KG.Statement),)


def value_shapes(onto: Ontology) -> Graph:
    """SHACL property shapes for the value rules of the statement columns, generated from the column specs.

    A percent column holds one decimal from 0 to 100, an integer column one whole number not below 0,
    a basis or confidence column one of :data:`~kg.schema.vocab.BASIS` / :data:`~kg.schema.vocab.CONFIDENCE`.
    """
    shapes = Graph()
    for file, target in VALUE_TARGETS:
        shape = KG[f"shape_{file}_values"]
        shapes.add((shape, RDF.type, SH.NodeShape))
        shapes.add((shape, SH.targetClass, target))
        for col in onto.columns[file]:
            rules = _value_rules(shapes, col.kind, col.name)
            if rules is None:
                continue
            prop = BNode()
            shapes.add((shape, SH.property, prop))
            shapes.add((prop, SH.path, URIRef(col.property)))
            shapes.add((prop, SH.maxCount, Literal(1)))
            for p, o in rules:
                shapes.add((prop, p, o))
    return shapes


def _value_rules(shapes: Graph, kind: str, name: str) -> list | None:
    if kind == "percent":
        return [
            (SH.datatype, URIRef(XSD + "decimal")),
            (SH.minInclusive, Literal(0)),
            (SH.maxInclusive, Literal(100)),
            (SH.message, Literal(f"{name} must be one number between 0 and 100")),
        ]
    if kind == "integer":
        return [
            (SH.datatype, URIRef(XSD + "integer")),
            (SH.minInclusive, Literal(0)),
            (SH.message, Literal(f"{name} must be one whole number, not negative")),
        ]
    if kind == "boolean":
        return [(SH.datatype, URIRef(XSD + "boolean")), (SH.message, Literal(f"{name} must be true or false"))]
    if kind in GRADES:
        values = GRADES[kind]
        head = BNode()
        Collection(shapes, head, [Literal(v) for v in values])
        return [(SH["in"], head), (SH.message, Literal(f"{name} must be {_or_list(values)}"))]
    return None


def _or_list(words) -> str:
    """'a, b or c'."""
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def validate_graph(g: Graph, onto: Ontology, where: str, shapes_path: Path | None = None) -> list[Problem]:
    """SHACL-validate ``g`` (with the ontology mixed in for subclass reasoning).

    Each violation becomes a :class:`Problem` at the CSV row the node came from
    (``kg:sourceRow``) when known, else at ``where``.
    """
    import pyshacl  # imported lazily: it is slow to import and only validation needs it

    shapes = Graph().parse(shapes_path or default_ontology_dir() / "shapes.ttl", format="turtle")
    shapes += relation_shapes(onto)
    shapes += value_shapes(onto)
    data = to_rdflib_memory(g)
    data += onto.graph  # the ontology gives subclasses, domains, ranges, metrics
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    problems = []
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        message = str(report.value(result, SH.resultMessage) or "violates a shape")
        row = data.value(focus, KG.sourceRow) if focus is not None else None
        path, line = where, 0
        if row is not None:
            file, _, num = str(row).rpartition(":")
            path = where if Path(where).suffix.lower() in OX_FORMATS else str(Path(where) / file)
            line = int(num) if num.isascii() and num.isdigit() else 0  # "²".isdigit() is True; int("²") fails
        problems.append(Problem(path, line, 0, f"{local_id(focus)}: {message} (SHACL)"))
    return sorted(set(problems))
