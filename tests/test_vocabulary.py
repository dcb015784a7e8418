"""The vocabulary in kg.schema.vocab names only terms of the ontology, and the SHACL shapes agree with the schema."""

from __future__ import annotations

import re

import pytest
from rdflib import RDFS, Graph
from rdflib.collection import Collection

from kg.graph.rdfread import new_graph
from kg.graph.shacl import SH, validate_graph, value_shapes
from kg.schema import vocab
from kg.schema.ontology import KG, default_ontology_dir, load_ontology


@pytest.fixture(scope="module")
def onto():
    return load_ontology()


def _kinds(onto, file):
    return {c.name: c.kind for c in onto.columns[file]}


def test_predicate_constants_name_relations(onto):
    for name in vocab.PREDICATES:
        assert name in onto.relations, f"kg.schema.vocab names '{name}', which is no relation of the ontology"
    assert onto.relations[vocab.HOLDS_SHARES_IN].stake_bearing


def test_family_order_names_exactly_the_families(onto):
    order = onto.family_order()
    assert sorted(order) == sorted(onto.families)
    assert len({onto.families[f].order for f in order}) == len(order), "two families share a kg:order"
    assert list(vocab.FOCUS_FAMILIES) == order[: len(vocab.FOCUS_FAMILIES)]


def test_csv_files_and_value_kinds_agree_with_the_columns(onto):
    assert tuple(onto.columns) == vocab.CSV_FILES
    assert set(vocab.REQUIRED_FILES) <= set(vocab.CSV_FILES)
    used = {c.kind for cols in onto.columns.values() for c in cols}
    assert used <= vocab.VALUE_KINDS
    assert {"basis", "confidence"} <= used


def test_stake_columns_are_relation_columns_of_a_stake_kind(onto):
    kinds = _kinds(onto, "relations")
    for name in vocab.STAKE_COLUMNS:
        wanted = (
            ("boolean",) if name in (vocab.SHARE_MIN_EXCLUSIVE, vocab.SHARE_MAX_EXCLUSIVE) else ("percent", "integer")
        )
        assert kinds.get(name) in wanted, f"stake column {name} is {kinds.get(name)!r}"
    assert kinds[vocab.SHARES] == "integer"


def test_grades_and_bases(onto):
    for file in ("relations", "facts"):
        kinds = _kinds(onto, file)
        assert kinds["basis"] == "basis" and kinds["confidence"] == "confidence"
    assert vocab.DEFAULT_CONFIDENCE in vocab.CONFIDENCE
    assert vocab.DEFAULT_MIN_CONFIDENCE in vocab.CONFIDENCE
    assert vocab.BASIS[0] == vocab.DEFAULT_BASIS
    assert len(set(vocab.CONFIDENCE)) == len(vocab.CONFIDENCE) == 5
    # the ontology's comment on the columns lists the same grades, in the same order
    for prop, values in ((KG.basis, vocab.BASIS), (KG.confidence, vocab.CONFIDENCE)):
        words = re.findall(r"[a-z-]+", str(onto.graph.value(prop, RDFS.comment)))
        found = [w for w in words if w in values]
        assert tuple(dict.fromkeys(found)) == values, (prop, words)


def test_ownership_roles_cover_the_relations(onto):
    used = {role for r in onto.relations.values() for role in r.ownership_roles}
    assert used <= vocab.OWNERSHIP_ROLES


def test_confidence_rank_orders_the_grades():
    ranks = [vocab.confidence_rank(g) for g in vocab.CONFIDENCE]
    assert ranks == sorted(ranks, reverse=True)
    assert vocab.confidence_rank(None) == vocab.confidence_rank(vocab.DEFAULT_CONFIDENCE)


# -- SHACL ----------------------------------------------------------------------------------------


def _rules(onto):
    """path name -> {rule: value} of the generated value shapes."""
    g = value_shapes(onto)
    out = {}
    for prop in g.objects(None, SH.property):
        path = str(g.value(prop, SH.path)).rpartition("#")[2]
        rules = {}
        for p, o in g.predicate_objects(prop):
            if p == SH["in"]:
                rules["in"] = tuple(str(v) for v in Collection(g, o))
            elif p != SH.path:
                rules[str(p).rpartition("#")[2]] = o.toPython()
        out[path] = rules
    return out


def test_value_shapes_come_from_the_column_specs(onto):
    rules = _rules(onto)
    kinds = {str(c.property).rpartition("#")[2]: c for c in onto.columns["relations"]}
    percent = [p for p, c in kinds.items() if c.kind == "percent"]
    assert percent and all(rules[p]["minInclusive"] == 0 and rules[p]["maxInclusive"] == 100 for p in percent)
    assert rules["shares"]["minInclusive"] == 0
    assert rules["confidence"]["in"] == vocab.CONFIDENCE
    assert rules["basis"]["in"] == vocab.BASIS
    assert rules["confidence"]["message"] == "confidence must be high, medium-high, medium, low-medium or low"
    assert rules["votingShare"]["message"] == "voting_share must be one number between 0 and 100"


def test_shapes_ttl_does_not_restate_generated_rules(onto):
    hand = Graph().parse(default_ontology_dir() / "shapes.ttl", format="turtle")
    generated = {str(c.property) for c in onto.columns["relations"] if c.kind in ("percent", "integer", "basis")}
    generated |= {str(c.property) for c in onto.columns["relations"] if c.kind == "confidence"}
    statement_props = [
        p for shape in hand.subjects(SH.targetClass, KG.Statement) for p in hand.objects(shape, SH.property)
    ]
    for prop in statement_props:
        path = str(hand.value(prop, SH.path))
        restated = {SH["in"], SH.datatype, SH.minInclusive, SH.maxInclusive} & set(hand.predicates(prop))
        assert not (path in generated and restated), f"shapes.ttl restates the value rule of {path}"
    assert not list(hand.subject_objects(SH["in"])), "grades belong to kg.schema.vocab, not shapes.ttl"


TTL = """@prefix kg: <https://w3id.org/ai-capital-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<urn:a> a kg:Company ; rdfs:label "A" .
<urn:b> a kg:Person ; rdfs:label "B" .
<urn:s> a kg:Source ; dcterms:title "S" .
<urn:st> a kg:Statement ; rdf:subject <urn:b> ; rdf:predicate kg:holdsSharesIn ; rdf:object <urn:a> ;
    prov:wasDerivedFrom <urn:s> ; VALUES .
"""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ("kg:share 120.0", "share must be one number between 0 and 100"),
        ("kg:votingShare -1.0", "voting_share must be one number between 0 and 100"),
        ("kg:shares -5", "shares must be one whole number, not negative"),
        ('kg:confidence "sure"', "confidence must be high, medium-high, medium, low-medium or low"),
        ('kg:basis "guessed"', "basis must be stated, derived or inferred"),
        ("kg:share 3.0", None),
    ],
)
def test_generated_value_shapes_catch_bad_values(onto, tmp_path, values, message):
    g = new_graph("Memory")
    g.parse(data=TTL.replace("VALUES", values), format="turtle")
    problems = validate_graph(g, onto, "x.ttl")
    if message is None:
        assert problems == []
    else:
        assert [p.message for p in problems] == [f"st: {message} (SHACL)"] or any(
            p.message.endswith(f"{message} (SHACL)") for p in problems
        ), problems
