"""The GEXF and GraphML writers format each element's text themselves (kg.exports.xmltext): hostile names and
values must come out exactly as ElementTree/networkx write them for the whole tree, and parse."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.exports.formats import to_gexf, to_graphml
from kg.exports.gexf import write_gexf
from kg.exports.graphml import write_graphml
from kg.exports.xmltext import attr, cdata
from kg.graph.rdfwrite import TextSink
from test_build_outputs import _gexf_whole_tree, _graphml_whole_tree

HOSTILE = [
    "plain",
    "",
    "a & b <c> \"quoted\" 'single'",
    "]]> end of CDATA ]]>",
    "tab\tnew\nline\rcr\r\nboth",
    "controls \x00\x01\x08\x0b\x0c\x1b\x7f\x85 and separators \u2028\u2029",
    "智谱华章 北京智譜 한국어 日本語",
    "astral 😀 𝔘 and noncharacters \ufffe\uffff",
    "&#1; &#x1F; &amp; &#65; already escaped?",
    "<script>alert(1)</script>",
    "trailing break\n",
    "\r",
]


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for i, name in enumerate(HOSTILE):
        G.add_node(name or f"empty{i}", label=name, type="Company", note=name, n=i, ratio=i / 3, flag=i % 2 == 0)
    names = list(G.nodes)
    for i, name in enumerate(HOSTILE):
        s, o = names[i], names[(i + 1) % len(names)]
        G.add_edge(s, o, key=f"st{i} {name}", predicate=name, family="ownership", note=name, share=i * 1.5)
    G.add_node("inf", label="numbers", x=float("inf"), y=float("-inf"), z=float("nan"))
    G.add_node("bare")
    return G


def test_escapes_are_elementtrees():
    for text in filter(None, HOSTILE):
        element = ET.Element("e", v=text)
        element.text = text
        assert ET.tostring(element, encoding="unicode") == f'<e v="{attr(text)}">{cdata(text)}</e>'


def test_gexf_of_hostile_names_is_networkx_byte_for_byte_and_parses(small_graph):
    G = _graph()
    for onto in (small_graph.ontology, None):
        data = to_gexf(G, onto)
        assert data == _gexf_whole_tree(G, onto)
        root = ET.fromstring(data)
        labels = [n.get("label") for n in root.iter("{http://www.gexf.net/1.2draft}node")]
        assert "智谱华章 北京智譜 한국어 日本語" in labels and "]]> end of CDATA ]]>" in labels
        assert "tab\tnew\nline\rcr\r\nboth" in labels  # attribute values keep their breaks as references
        nx.read_gexf(io.BytesIO(data))


def test_graphml_of_hostile_names_is_networkx_byte_for_byte_and_parses():
    G = _graph()
    data = to_graphml(G)
    assert data == _graphml_whole_tree(G)
    root = ET.fromstring(data)
    texts = [d.text or "" for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]
    assert "]]> end of CDATA ]]>" in texts and "<script>alert(1)</script>" in texts
    nx.read_graphml(io.BytesIO(data))


@pytest.mark.parametrize("limit", [1, 7, 1 << 16])
def test_batching_does_not_change_the_bytes(monkeypatch, limit):
    G = _graph()
    whole_gexf, whole_graphml = to_gexf(G), to_graphml(G)
    monkeypatch.setattr(TextSink, "LIMIT", limit)
    for write, whole in ((write_gexf, whole_gexf), (write_graphml, whole_graphml)):
        buf = io.BytesIO()
        write(G, buf)
        assert buf.getvalue() == whole
