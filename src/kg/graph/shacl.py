"""Check a built graph against ``ontology/shapes.ttl`` and explain violations in words."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace

from kg.errors import Problem
from kg.graph.build import local_id
from kg.graph.rdfread import OX_FORMATS
from kg.graph.rdfwrite import to_rdflib_memory
from kg.schema.ontology import KG, Ontology, default_ontology_dir

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
            shapes.add((shape, target, rel.iri))
            shapes.add((shape, SH["class"], onto.classes[cls].iri))
            shapes.add((shape, SH.message, Literal(f"the {role} of {rel.name} must be {_a(cls)} {cls}")))
    return shapes


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
