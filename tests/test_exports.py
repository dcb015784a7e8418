"""The registry of output formats drives `kg build`, summary.md and the README; GEXF through it; summary's holders."""

from __future__ import annotations

import io
import re

import networkx as nx

from conftest import ROOT, SMALL
from kg.cli.main import main
from kg.exports.formats import to_gexf
from kg.exports.registry import DIRECTORIES, FORMATS, file_names, listing
from kg.exports.summary import holding_relations, summary_markdown
from kg.schema.ontology import load_ontology

README_TABLE_INTRO = "`kg build` writes to `outputs/`:"


def readme_outputs_table() -> list[tuple[str, str]]:
    """(file, what) rows of the README's table of outputs."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(README_TABLE_INTRO) + 1
    rows = []
    for line in lines[start:]:
        if not line.strip() and rows:
            break
        m = re.fullmatch(r"\| `([^`]+)` \| (.+) \|", line)
        if m:
            rows.append((m.group(1), m.group(2)))
    return rows


def test_readme_outputs_table_is_the_registry():
    want = listing() + [(f"{d.name}/", d.description) for d in DIRECTORIES]
    rows = "\n".join(f"| `{file}` | {what} |" for file, what in want)
    assert readme_outputs_table() == want, f"the README's outputs table should read:\n{rows}"


def test_registry_entries_are_complete_and_unique():
    assert len(set(file_names())) == len(FORMATS)
    for f in FORMATS:
        assert f.file and f.description and "/" in f.media_type and "\n" not in f.description
    assert [f.file for f in FORMATS if f.rdf] == ["graph.ttl", "graph.jsonld"]


def test_every_rdf_output_reads_back(tmp_path, capsys):
    assert main(["build", "--data", str(SMALL), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    for f in FORMATS:
        if f.rdf:
            assert main(["validate", "--rdf", str(tmp_path / f.file)]) == 0, f.file


def test_summary_lists_every_output(small_graph):
    md = summary_markdown(small_graph, listing())
    files = md.split("## Files written", 1)[1]
    assert re.findall(r"^\| `([^`]+)` \| (.+) \|$", files, re.M) == listing()


# -- GEXF --------------------------------------------------------------------------------------


def test_gexf_reads_back_with_networkx(small_graph):
    G = small_graph.nx
    back = nx.read_gexf(io.BytesIO(to_gexf(G, small_graph.ontology)))
    assert sorted(back.nodes) == sorted(G.nodes)
    assert back.number_of_edges() == G.number_of_edges()
    for n, attrs in G.nodes(data=True):
        assert back.nodes[n]["label"] == attrs["label"] and back.nodes[n]["type"] == attrs["type"]
        assert "viz" in back.nodes[n]  # coloured by class
    for s, o, k, attrs in G.edges(keys=True, data=True):
        got = back.edges[s, o, k]
        assert got["id"] == k == attrs["statement"]
        assert got["label"] == got["predicate"] == attrs["predicate"]
        assert got["source"] == attrs["source"]
        assert got.get("share") == attrs.get("share")
        assert got.get("start_date") == attrs.get("start")


def test_gexf_is_deterministic_sorted_and_undated(small_graph):
    data = to_gexf(small_graph.nx, small_graph.ontology)
    assert data == to_gexf(small_graph.nx, small_graph.ontology)
    text = data.decode("utf-8")
    assert "lastmodifieddate" not in text and "NetworkX" not in text and "<creator>kg</creator>" in text
    ids = re.findall(r'<node id="([^"]+)"', text)
    assert ids == sorted(ids) == sorted(small_graph.nx.nodes)
    assert 'mode="static"' in text and "timeformat" not in text  # start/end are data, not GEXF time spells


def test_gexf_gives_a_number_column_one_type():
    G = nx.MultiDiGraph()
    G.add_node("a", label="A", type="Company", aliases=("x", "y"))
    G.add_node("b", label="B", type="Company", founded=None)
    G.add_edge("a", "b", key="s1", predicate="holdsSharesIn", share=2)
    G.add_edge("a", "b", key="s2", predicate="holdsSharesIn", share=0.5, start="2024")
    back = nx.read_gexf(io.BytesIO(to_gexf(G)))
    assert back.edges["a", "b", "s1"]["share"] == 2.0 and back.edges["a", "b", "s2"]["share"] == 0.5
    assert back.nodes["a"]["aliases"] == "x|y" and "founded" not in back.nodes["b"]
    assert back.edges["a", "b", "s2"]["start_date"] == "2024"


def test_kg_build_writes_gexf(tmp_path, capsys):
    assert main(["build", "--data", str(SMALL), "--out", str(tmp_path)]) == 0
    assert "graph.gexf" in capsys.readouterr().out
    back = nx.read_gexf(tmp_path / "graph.gexf")
    assert back.number_of_nodes() > 0 and back.number_of_edges() > 0


# -- summary.md: every relation that states a holding ------------------------------------------


def test_holding_relations_come_from_the_ontology():
    onto = load_ontology()
    rels = holding_relations(onto)
    assert {
        "holdsSharesIn",
        "limitedPartnerOf",
        "controls",
        "investsThrough",
        "acquired",
        "beneficiaryOf",
        "hasEconomicRightsIn",
        "feederFundOf",
    } == rels
    assert all(not onto.relations[r].derived_only for r in rels)


def test_summary_lists_holders_by_every_holding_relation(small, tmp_path, capsys):
    with (small / "entities.csv").open("a", encoding="utf-8") as fh:
        fh.write("lp_fund,Fund,LP Fund,有限合伙基金,,,CN,,,news-1,\n")
    with (small / "relations.csv").open("a", encoding="utf-8") as fh:
        fh.write("lp_fund,limitedPartnerOf,example_ai,filing-1,2.5,,,,,,,,,2026-01-08,,,stated,high,,\n")
    assert main(["build", "--data", str(small), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    md = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    holders = md.split("## Largest direct holders", 1)[1].split("##", 1)[0]
    assert "| LP Fund (`lp_fund`) | 2.5 |" in holders
    assert "| Vehicle A (`vehicle_a`) | 3.91 |" in holders
