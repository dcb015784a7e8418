from decimal import Decimal

from rdflib import RDF, Literal, URIRef

import kg
from conftest import ROOT, SMALL
from kg.exports.formats import to_turtle
from kg.graph.build import build_rdf, project_networkx
from kg.ingest.dataset import read_dataset
from kg.schema.ontology import ENTITY_NS, KG, SOURCE_NS, load_ontology

PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"


def test_each_row_is_a_plain_triple_and_a_qualified_statement(small_graph):
    g = small_graph.rdf
    s, o = ENTITY_NS["vehicle_a"], ENTITY_NS["example_ai"]
    assert (s, KG.holdsSharesIn, o) in g
    stmts = [st for st in g.subjects(RDF.subject, s) if (st, RDF.object, o) in g]
    assert len(stmts) == 1
    st = stmts[0]
    assert (st, RDF.type, KG.Statement) in g
    assert g.value(st, KG.share).toPython() == Decimal("3.91")
    assert g.value(st, KG.shares).toPython() == 17217310
    assert g.value(st, URIRef(PROV)) == SOURCE_NS["filing-1"]
    assert str(g.value(st, KG.evidence)) == "17217310 shares"
    assert str(g.value(st, KG.sourceRow)) == "relations.csv:3"


def test_projection_carries_ontology_attributes(small_graph):
    G = small_graph.nx
    assert G.nodes["example_ai"]["type"] == "Company"
    assert G.nodes["example_ai"]["name_zh"] == "示例智能"
    assert G.nodes["example_ai"]["aliases"] == ("ExAI", "示例")
    edges = [d for _s, _o, d in G.edges("vehicle_a", data=True) if d["predicate"] == "holdsSharesIn"]
    assert edges == [
        {
            **edges[0],
            "share": 3.91,
            "shares": 17217310,
            "family": "ownership",
            "source": "filing-1",
            "start": "2026-01-08",
            "as_of": "2026-01-07",
            "confidence": "high",
            "basis": "stated",
        }
    ]
    rng = next(d for _s, _o, d in G.edges("founder_x", data=True) if d["predicate"] == "holdsSharesIn")
    assert (rng["share_min"], rng["share_max"]) == (0.1, 0.5) and "share" not in rng


def test_graph_loaded_from_turtle_projects_the_same(small_graph, tmp_path):
    path = tmp_path / "g.ttl"
    path.write_bytes(to_turtle(small_graph.rdf))
    again = kg.load_rdf(path)
    a, b = small_graph.nx, again.nx
    assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))
    assert again.search("示例")[0].id == "example_ai"


def test_subproperties_and_symmetric_relations_are_materialised(small):
    (small / "entities.csv").open("a", encoding="utf-8").write(
        "target_co,Company,Target Co,,,,,,,news-1,\npeer_co,Company,Peer Co,,,,,,,news-1,\n"
    )
    (small / "relations.csv").open("a", encoding="utf-8").write(
        "example_ai,acquired,target_co,news-1,94.98,,,,,,73004600,CNY,,2023-09,,,,high,,\n"
        "example_ai,peerOf,peer_co,news-1,,,,,,,,,,,,,inferred,medium,,\n"
    )
    g = kg.load(small)
    a, t, p = ENTITY_NS["example_ai"], ENTITY_NS["target_co"], ENTITY_NS["peer_co"]
    assert (a, KG.acquired, t) in g.rdf and (a, KG.holdsSharesIn, t) in g.rdf
    assert (a, KG.peerOf, p) in g.rdf and (p, KG.peerOf, a) in g.rdf
    # the statement keeps the direction the source gave, once
    assert g.nx.number_of_edges("example_ai", "peer_co") == 1 and g.nx.number_of_edges("peer_co", "example_ai") == 0


def test_low_confidence_rows_are_left_out_by_default(small):
    (small / "relations.csv").open("a", encoding="utf-8").write(
        "parent_co,holdsSharesIn,example_ai,news-1,40,,,,,,,,,,,,inferred,low,,\n"
    )
    default = kg.load(small)
    assert default.report["left_out"] == ["relations.csv:7"]
    assert default.nx.number_of_edges("parent_co", "example_ai") == 0
    everything = kg.load(small, min_confidence="low")
    assert everything.nx.number_of_edges("parent_co", "example_ai") == 1


def test_statement_ids_do_not_depend_on_row_order(small):
    first = set(kg.load(small).nx.edges(keys=True))
    lines = (small / "relations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (small / "relations.csv").write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
    assert set(kg.load(small).nx.edges(keys=True)) == first


def test_memory_and_oxigraph_stores_give_the_same_graph():
    onto = load_ontology(ROOT / "ontology")
    ds = read_dataset(SMALL, onto)
    ox, _ = build_rdf(ds, onto)
    mem, _ = build_rdf(ds, onto, store="Memory")

    def norm(g):
        return {
            (s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype and o.datatype.endswith("#string") else o)
            for s, p, o in g
        }

    assert norm(ox) == norm(mem)
    assert sorted(project_networkx(ox, onto).edges(keys=True)) == sorted(project_networkx(mem, onto).edges(keys=True))


def test_facts_become_dated_observations(small_graph):
    facts = small_graph.facts("示例智能")
    assert [(f["metric"], f["value"], f["unit"], f["period_start"]) for f in facts] == [
        ("net_profit", -144000000, "CNY", "2022-01-01"),
        ("revenue", 57000000, "CNY", "2022-01-01"),
    ]
    assert facts[1]["source_title"] == "示例新聞"
