"""graph.dynamic.gexf: GEXF 1.3 with the timeline, each dated statement an interval with an inclusive end the day
before kg's exclusive one; undated ones static; deterministic; graph.gexf unchanged beside it.

The GEXF 1.3 XSD (gephi/gexf specs/1.3) is not checked here: no XSD validator is a dependency of kg. The
structure the XSD asks for (root version 1.3, meta then graph, attributes then nodes then edges, dates as
xs:date) is checked with ElementTree below."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import networkx as nx

from kg.exports.formats import to_gexf
from kg.exports.gexf_dynamic import inclusive_end, write_gexf_dynamic
from kg.graph.dating import first_day

NS = "{http://gexf.net/1.3}"


def _gexf(g) -> bytes:
    buf = io.BytesIO()
    write_gexf_dynamic(g.nx, buf, g.ontology)
    return buf.getvalue()


def test_inclusive_end_is_the_day_before():
    assert inclusive_end("2026-01-08") == "2026-01-07"
    assert inclusive_end("2026-01") == "2025-12-31"  # a partial date means its first day
    assert inclusive_end("2026") == "2025-12-31"
    assert inclusive_end("") is None and inclusive_end(None) is None


def test_structure_and_intervals(bundled):
    data = _gexf(bundled)
    root = ET.fromstring(data)
    assert root.tag == f"{NS}gexf" and root.get("version") == "1.3"
    assert [c.tag for c in root] == [f"{NS}meta", f"{NS}graph"]
    graph = root.find(f"{NS}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    assert [c.tag for c in graph] == [f"{NS}attributes", f"{NS}attributes", f"{NS}nodes", f"{NS}edges"]
    edges = {e.get("id"): e for e in graph.iter(f"{NS}edge")}
    assert sorted(edges) == sorted(k for _s, _o, k in bundled.nx.edges(keys=True))
    assert {n.get("id") for n in graph.iter(f"{NS}node")} == set(bundled.nx.nodes)
    titles = {a.get("id"): a.get("title") for a in graph.findall(f"{NS}attributes[@class='edge']/{NS}attribute")}
    dated = 0
    for s, o, k, a in bundled.nx.edges(keys=True, data=True):
        e = edges[k]
        assert (e.get("source"), e.get("target"), e.get("kind")) == (s, o, a["predicate"])
        start, end = a.get("start"), a.get("end")
        if start or end:
            dated += 1
        assert e.get("start") == (first_day(start).isoformat() if start else None)
        want_end = (first_day(end) - timedelta(days=1)).isoformat() if end else None
        assert e.get("end") == want_end
        for v in (e.get("start"), e.get("end")):
            assert v is None or (re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) and date.fromisoformat(v))
        values = {titles[v.get("for")]: v.get("value") for v in e.iter(f"{NS}attvalue")}
        if a.get("share") is not None:
            assert float(values["share"]) == float(a["share"])
        assert values.get("kg_end") == end and values.get("kg_start") == start  # the stated dates, as text
    assert dated > 0


def test_deterministic_and_graph_gexf_unchanged(bundled):
    assert _gexf(bundled) == _gexf(bundled)
    static = to_gexf(bundled.nx, bundled.ontology)  # graph.gexf: still networkx's static GEXF 1.2draft
    assert b'xmlns="http://www.gexf.net/1.2draft"' in static and b'mode="static"' in static and b"start=" not in static


def test_hostile_names_stay_well_formed(small_graph):
    G = small_graph.nx.copy()
    n = sorted(G.nodes)[0]
    G.nodes[n]["label"] = 'A "quoted" <b>&amp; \x01bad\ufffe'
    buf = io.BytesIO()
    write_gexf_dynamic(G, buf, small_graph.ontology)
    root = ET.fromstring(buf.getvalue())
    labels = [x.get("label") for x in root.iter(f"{NS}node")]
    assert 'A "quoted" <b>&amp; \ufffdbad\ufffd' in labels


def test_networkx_reads_it(bundled):
    back = nx.read_gexf(io.BytesIO(_gexf(bundled)))
    assert back.number_of_edges() == bundled.nx.number_of_edges()
