import json
import os
import re
import sys

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg
from conftest import ROOT, SMALL
from kg.cli.main import main
from kg.errors import UsageError
from kg.explorer.data import view_data
from kg.explorer.keys import _key
from kg.explorer.layout import PHYSICS_LIMIT
from kg.explorer.page import render_html
from kg.exports.formats import to_jsonld, write_atomically
from kg.graph.names import normalize

EVIL = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


def _embedded(html: str, var: str):
    m = re.search(rf"var {var} = (.*);\n", html)
    return json.loads(m.group(1))


def test_html_escapes_names_and_quotes_from_data(small):
    (small / "entities.csv").open("a", encoding="utf-8").write(
        f'evil,Company,"{EVIL}","{EVIL}","{EVIL}",,,,"{EVIL}",news-1,\n'
    )
    (small / "relations.csv").open("a", encoding="utf-8").write(
        f'evil,holdsSharesIn,example_ai,evil-src,1,,,,,,,,,,,,,high,"{EVIL}","{EVIL}"\n'
    )
    (small / "sources.csv").open("a", encoding="utf-8").write(
        f'evil-src,"{EVIL}","{EVIL}",2026-01-01,https://example.org/e,en,news,\n'
    )
    g = kg.load(small)
    html = render_html(g.nx, g.ontology, g.sources, title=EVIL)
    assert "<img" not in html and "</script><script>alert" not in html
    assert html.count("</script>") == 3  # vis-network, the data, the explorer — and nothing from the data
    nodes = _embedded(html, "nodeData")
    assert any(n["label"] == EVIL for n in nodes)  # shown as text, intact
    assert _embedded(html, "meta")["sources"]["evil-src"]["title"] == EVIL


def test_html_is_self_contained_and_counts_match(small_graph):
    html = render_html(small_graph.nx, small_graph.ontology, small_graph.sources)
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?https?:""", html)
    assert len(_embedded(html, "nodeData")) == small_graph.nx.number_of_nodes()
    assert len(_embedded(html, "edgeData")) == small_graph.nx.number_of_edges()
    assert "Content-Security-Policy" in html


def test_jsonld_round_trips(small_graph, tmp_path):
    path = tmp_path / "g.jsonld"
    path.write_bytes(to_jsonld(small_graph.rdf))
    again = kg.load_rdf(path)
    assert sorted(again.nx.edges(keys=True)) == sorted(small_graph.nx.edges(keys=True))


def test_failed_write_leaves_previous_outputs(tmp_path, monkeypatch):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"old a")
    b.write_bytes(b"old b")
    calls = {"n": 0}
    real = os.fsync

    def flaky(fd):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", flaky)
    with pytest.raises(OSError):
        write_atomically({a: b"new a", b: b"new b"})
    assert a.read_bytes() == b"old a" and b.read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


# -- the explorer page: data, determinism, options -------------------------------------------------


def _shuffled(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph built in another order (nodes, edges and attribute keys reversed)."""
    H = nx.MultiDiGraph()
    for n, a in reversed(list(G.nodes(data=True))):
        H.add_node(n, **dict(reversed(list(a.items()))))
    for s, o, k, d in reversed(list(G.edges(keys=True, data=True))):
        H.add_edge(s, o, key=k, **dict(reversed(list(d.items()))))
    return H


def test_same_data_gives_a_byte_identical_page(bundled):
    G, onto, src = bundled.nx, bundled.ontology, bundled.sources
    for options in ({}, {"focus": "zhipu"}, {"lang": "zh", "as_of": "2026-01-07", "families": ["ownership"]}):
        first = render_html(G, onto, src, **options)
        assert render_html(G, onto, src, **options) == first
        assert render_html(_shuffled(G), onto, dict(reversed(list(src.items()))), **options) == first


def test_search_keys_are_kg_names_keys_and_the_page_can_fold_traditional_chinese(bundled):
    data = view_data(bundled.nx, bundled.ontology, bundled.sources)
    for item in data["nodes"]:
        a = bundled.nx.nodes[item["id"]]
        names = [item["id"], a.get("label"), a.get("name_en"), a.get("name_zh"), *a.get("aliases", ())]
        assert set(item["keys"]) == {normalize(n) for n in names if n and normalize(n)}
    tencent = next(n for n in data["nodes"] if n["id"] == "tencent")
    assert "腾讯" in tencent["keys"]
    t2s = data["meta"]["t2s"]
    assert "".join(t2s.get(ch, ch) for ch in "騰訊智譜雲") == "腾讯智谱云"
    assert all(normalize(trad) == simp for trad, simp in t2s.items())  # the page folds exactly as kg.names does


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_is_kg_names_normalize(text):
    assert _key(text) == normalize(text)


def test_look_through_snapshots_on_every_ownership_date(bundled):
    own = view_data(bundled.nx, bundled.ontology, bundled.sources)["own"]
    assert own["bps"] == sorted(own["bps"]) and own["before"] < own["bps"][0]
    assert set(own["snaps"]) == {own["before"], *own["bps"]}
    latest = own["snaps"][own["bps"][-1]]
    lt = {(a, b): (lo, hi) for a, b, lo, hi in latest["lt"]}
    assert lt[("ant_group", "zhipu")] == (0.0, 3.66)
    links = {(h, o): (lo, hi, flag, sts) for h, o, lo, hi, flag, sts in latest["links"]}
    assert links[("ant_group", "shanghai_yunya")][:3] == (0.0, 100.0, 1)  # unstated: the whole range, flagged
    assert links[("shanghai_yunya", "zhipu")][:2] == (1.23, 1.23)
    assert all(bundled.nx.has_edge("ant_group", "shanghai_yunya", k) for k in links[("ant_group", "shanghai_yunya")][3])


def _bench_graph(n):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import graph
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return graph(n)


def test_a_large_graph_gets_a_computed_layout_and_no_physics():
    from kg.schema.ontology import load_ontology

    G = _bench_graph(PHYSICS_LIMIT + 500)
    onto = load_ontology()
    data = view_data(G, onto, {}, lookthrough=False)
    assert data["meta"]["big"] and not data["meta"]["physics"] and data["own"] is None
    xy = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(isinstance(v, int) for p in xy for v in p)
    assert len(set(xy)) == len(xy)  # no two entities on one spot
    assert view_data(G, onto, {}, lookthrough=False) == data
    focused = view_data(G, onto, {}, focus="co0", lookthrough=False)
    assert focused["meta"]["physics"] and "x" not in focused["nodes"][0]
    html = render_html(G, onto, {}, lookthrough=False)
    assert len(_embedded(html, "edgeData")) == G.number_of_edges()


def test_render_options_are_checked(small_graph):
    G, onto, src = small_graph.nx, small_graph.ontology, small_graph.sources
    for bad in (
        {"families": ["ownership", "bogus"]},
        {"as_of": "2026-13"},
        {"lang": "fr"},
        {"depth": -1},
        {"focus": "nobody"},
    ):
        with pytest.raises(UsageError):
            render_html(G, onto, src, **bad)


def test_kg_render(tmp_path, capsys):
    out = tmp_path / "x.html"
    assert main(["render", "--data", str(SMALL), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert "<title>kg · AI capital graph</title>" in html and len(_embedded(html, "nodeData")) == 5
    assert (
        main(
            [
                "render",
                "--data",
                str(SMALL),
                "--focus",
                "示例",
                "--depth",
                "1",
                "--family",
                "ownership,control",
                "--as-of",
                "2026-01-07",
                "--lang",
                "zh",
                "-o",
                "-",
            ]
        )
        == 0
    )
    page = capsys.readouterr().out
    meta = _embedded(page, "meta")
    assert (meta["focus"], meta["depth"], meta["familiesOn"], meta["asOf"], meta["lang"]) == (
        "example_ai",
        1,
        ["ownership", "control"],
        "2026-01-07",
        "zh",
    )
    assert main(["render", "--data", str(SMALL), "--family", "bogus", "-o", "-"]) == 2
    assert main(["render", "--data", str(SMALL), "--focus", "nobody", "-o", "-"]) == 1
    assert main(["render", "--data", str(SMALL), "--depth", "-1", "-o", "-"]) == 2


def test_build_writes_the_focused_view(tmp_path, capsys):
    assert main(["build", "--data", str(SMALL), "--out", str(tmp_path)]) == 0
    meta = _embedded((tmp_path / "focus.html").read_text(encoding="utf-8"), "meta")
    assert meta["focus"] == "example_ai" and meta["familiesOn"] == ["ownership", "control"]
    assert "focus.html" in capsys.readouterr().out


def test_a_compiled_graphs_name_keys_give_the_same_page(tmp_path):
    """kg render on a compiled graph hands the page the search keys its names table holds: the page is the same."""
    from kg.compiled.graph import open_graph

    g = open_graph(ROOT / "outputs" / "graph.kg")
    keys = g.name_keys()
    assert keys and all(keys[name] == _key(name) for name in list(keys)[:200])
    with_keys = render_html(g.nx, g.ontology, g.sources, keys=keys)
    assert with_keys == render_html(g.nx, g.ontology, g.sources)
    wrong = dict.fromkeys(keys, "zzz")  # the keys are used, not recomputed
    assert render_html(g.nx, g.ontology, g.sources, keys=wrong) != with_keys
