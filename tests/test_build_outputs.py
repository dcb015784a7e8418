"""kg build --outputs (choice, unknown names, size limits), streamed writers (same bytes as the whole-tree
writers), and the progress bar (on a terminal only)."""

from __future__ import annotations

import dataclasses
import io

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

import kg.exports.registry as registry
from conftest import SMALL
from kg.cli.main import main
from kg.exports.formats import to_gexf, to_graphml
from kg.exports.gexf import _as_text, _viz
from kg.exports.gexf import _data as _gexf_data
from kg.exports.graphml import flat, write_graphml
from kg.exports.progress import Stages
from kg.graph.rdfread import triples
from kg.graph.rdfterms import nt_term
from kg.graph.rdfwrite import to_jsonld, to_ntriples, to_turtle, write_jsonld, write_ntriples, write_turtle
from kg.schema.ontology import Ontology
from kg.untrusted import xml_document


def _build(tmp_path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["build", "--data", str(SMALL), "--out", str(tmp_path / "out"), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_outputs_chooses_by_file_or_short_name(tmp_path, capsys):
    code, out, _err = _build(tmp_path, capsys, "--outputs", "ttl,summary.md")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "graph.kg",
        "graph.ttl",
        "summary.md",
    ]  # the compiled graph is always written
    assert "kg: wrote 2 files" in out and "graph.html" not in out
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "`graph.ttl`" in summary and "`graph.html`" not in summary


def test_outputs_all_writes_every_registered_file(tmp_path, capsys):
    code, _out, _err = _build(tmp_path, capsys, "--outputs", "all")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(registry.entry_names())


def test_unknown_output_is_a_usage_error_naming_the_valid_ones(tmp_path, capsys):
    code, out, err = _build(tmp_path, capsys, "--outputs", "ttl,graph.pdf")
    assert code == 2 and out == ""
    assert "'graph.pdf'" in err and "graph.ttl (ttl)" in err and "summary.md (summary)" in err and "all" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_outputs_too_big_for_the_graph_are_skipped_with_a_line_saying_how_to_force(tmp_path, capsys, monkeypatch):
    small = tuple(
        dataclasses.replace(f, max_entities=3) if f.file in ("graph.html", "graph.jsonld") else f
        for f in registry.FORMATS
    )
    monkeypatch.setattr(registry, "FORMATS", small)
    code, out, _err = _build(tmp_path, capsys)
    assert code == 0
    skipped = [line for line in out.splitlines() if line.startswith("kg: skipped")]
    assert [line.split()[2] for line in skipped] == ["graph.jsonld:", "graph.html:"]
    assert all("5 entities is over 3," in line and "--outputs all" in line for line in skipped)
    assert "--outputs html," in skipped[1]
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert "graph.html" not in written and "graph.jsonld" not in written and "graph.ttl" in written
    assert "open " not in out  # no graph.html to open
    code, out, _err = _build(tmp_path, capsys, "--outputs", "html")  # named: written whatever the size
    assert code == 0 and "skipped" not in out and (tmp_path / "out" / "graph.html").exists()


def test_outputs_not_chosen_are_not_carried_over_but_other_files_are(tmp_path, capsys):
    assert _build(tmp_path, capsys)[0] == 0
    (tmp_path / "out" / "page.html").write_text("from kg render", encoding="utf-8")
    assert _build(tmp_path, capsys, "--outputs", "ttl")[0] == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.kg", "graph.ttl", "page.html"]


def test_default_build_prints_no_progress_when_stderr_is_not_a_terminal(tmp_path, capsys):
    code, _out, err = _build(tmp_path, capsys)
    assert code == 0 and err == ""


def test_progress_shows_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Tty()
    monkeypatch.setattr("sys.stderr", shown)
    monkeypatch.setattr("sys.__stderr__", shown)
    stages = Stages(2)
    with stages.step("writing graph.ttl"):
        pass
    stages.close()
    assert "kg: writing graph.ttl" in shown.getvalue()


# -- streamed writers: the same bytes as whole-document writers ---------------------------------------------


def test_streamed_rdf_writers_match_their_bytes_helpers(small_graph, tmp_path):
    for write, whole in ((write_turtle, to_turtle), (write_jsonld, to_jsonld), (write_ntriples, to_ntriples)):
        path = tmp_path / "f"
        with open(path, "wb") as fh:
            write(small_graph.rdf, fh)
        assert path.read_bytes() == whole(small_graph.rdf)


def test_ntriples_are_the_sorted_distinct_lines(small_graph):
    lines = sorted({f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples(small_graph.rdf)})
    assert to_ntriples(small_graph.rdf) == "".join(lines).encode("utf-8")


def _graphml_whole_tree(G: nx.MultiDiGraph) -> bytes:
    """The GraphML writer before it streamed: networkx builds the whole tree."""
    H = nx.MultiDiGraph()
    for n, attrs in G.nodes(data=True):
        H.add_node(n, **flat(attrs))
    for s, o, k, attrs in G.edges(keys=True, data=True):
        H.add_edge(s, o, key=k, **flat(attrs))
    return xml_document(("\n".join(nx.generate_graphml(H, prettyprint=True)) + "\n").encode("utf-8"))


def test_streamed_graphml_is_networkx_graphml_byte_for_byte(small_graph, hostile):
    G = nx.MultiDiGraph()
    G.add_node("a", label="Ünïcode 智谱", n=2, tags=["x", "y"])
    G.add_node("b", label="breaks\r\nand\u2028separators\x0b\x01", n=0.5, flag=True)
    G.add_node("lonely")
    G.add_edge("a", "b", key="s1", share=3.5, note="a & <b>")
    G.add_edge("a", "b", key="s2", share=4, note=None)
    for graph in (G, small_graph.nx, hostile.nx, nx.MultiDiGraph()):
        assert to_graphml(graph) == _graphml_whole_tree(graph)
        buf = io.BytesIO()
        write_graphml(graph, buf)
        assert buf.getvalue() == _graphml_whole_tree(graph)


# -- GEXF: streamed, byte for byte what networkx writes for the whole tree ---------------------------------

# Keys networkx's GEXF writer reads as GEXF structure, not as data: a statement's start/end would
# make the graph "dynamic" (spells); the rest never occur in the projection but must stay data.
_GEXF_RENAMED = {"start": "start_date", "end": "end_date"}
_GEXF_NODE_RESERVED = frozenset({"id", "pid", "viz", "parents", "spells", "slices"})
_GEXF_EDGE_RESERVED = frozenset({"id", "label", "weight", "type", "viz", "spells", "slices", "key", "networkx_key"})


def _gexf_whole_tree(G: nx.MultiDiGraph, ontology: Ontology | None = None) -> bytes:
    """The GEXF writer before it streamed: networkx builds the whole tree (same rules)."""
    nodes = [
        (n, _gexf_data(attrs, _GEXF_NODE_RESERVED, skip="label"))
        for n, attrs in sorted(G.nodes(data=True), key=lambda na: str(na[0]))
    ]
    edges = [
        (s, o, k, _gexf_data(attrs, _GEXF_EDGE_RESERVED))
        for s, o, k, attrs in sorted(G.edges(keys=True, data=True), key=_edge_key)
    ]
    _one_type_per_column([d for _n, d in nodes])
    _one_type_per_column([d for _s, _o, _k, d in edges])
    H = nx.MultiDiGraph()
    classes = ontology.classes if ontology else {}
    families = ontology.families if ontology else {}
    for n, data in nodes:
        spec = classes.get(G.nodes[n].get("type", ""))
        H.add_node(n, label=G.nodes[n].get("label", n), **data, **_viz(spec.color if spec else ""))
    for s, o, k, data in edges:
        attrs = G.edges[s, o, k]
        fam = families.get(attrs.get("family", ""))
        H.add_edge(s, o, key=k, id=k, label=attrs.get("predicate", ""), **data, **_viz(fam.color if fam else ""))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:  # networkx stamps today's date and its version: the same graph must give the same bytes
        meta.attrib.pop("lastmodifieddate", None)
        for creator in meta.iter("creator"):
            creator.text = "kg"
    writer.add_graph(H)
    buf = io.BytesIO()
    writer.write(buf)
    return xml_document(buf.getvalue().rstrip(b"\n") + b"\n")


def _edge_key(edge: tuple) -> tuple[str, str, str]:
    s, o, k, _attrs = edge
    return str(s), str(o), str(k)


def _one_type_per_column(rows: list[dict]) -> None:
    """Make every value of a column one type (GEXF declares a type per column): int and float give
    float, anything else mixed gives str. One pass to see the types, one to convert the few that differ."""
    types: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            types.setdefault(k, set()).add(type(v))
    target = {}
    for k, seen in types.items():
        if len(seen) > 1:
            target[k] = float if seen <= {int, float} else str
    if not target:
        return
    for row in rows:
        for k, to in target.items():
            v = row.get(k)
            if v is not None and type(v) is not to:
                row[k] = to(v) if to is float else _as_text(v)


def test_streamed_gexf_is_networkx_gexf_byte_for_byte(small_graph, hostile):
    G = nx.MultiDiGraph()
    G.add_node("a", label="Ünïcode 智谱", type="Company", n=2, tags=["x", "y"], start="2020")
    G.add_node("b", label="breaks\r\nand\x01", n=0.5, flag=True, id="clash")
    G.add_node("c", n="text", flag=1)
    G.add_edge("a", "b", key="s1", share=3.5, note="a & <b>", predicate="holdsSharesIn", family="ownership")
    G.add_edge("a", "b", key="s2", share=4, weight=2, key_="k", end="2021")
    no_edges = nx.MultiDiGraph()
    no_edges.add_node("alone", label="x")
    for graph, onto in (
        (G, small_graph.ontology),
        (G, None),
        (small_graph.nx, small_graph.ontology),
        (hostile.nx, hostile.ontology),
        (no_edges, None),
        (nx.MultiDiGraph(), None),
    ):
        assert to_gexf(graph, onto) == _gexf_whole_tree(graph, onto)
