import json
import os
import re

import pytest

import kg
from kg.export import to_jsonld, write_atomically
from kg.render import render_html

from conftest import SMALL

EVIL = '<img src=x onerror=alert(1)></script><script>alert(2)</script>'


def _embedded(html: str, var: str):
    m = re.search(rf"var {var} = (.*);\n", html)
    return json.loads(m.group(1))


def test_html_escapes_names_and_quotes_from_data(small):
    (small / "entities.csv").open("a", encoding="utf-8").write(f'evil,Company,"{EVIL}",,,,,,,news-1,\n')
    (small / "relations.csv").open("a", encoding="utf-8").write(
        f'evil,holdsSharesIn,example_ai,news-1,1,,,,,,,,,,,,,high,"{EVIL}",\n')
    g = kg.load(small)
    html = render_html(g.nx, g.ontology, g.sources)
    assert "<img" not in html and "</script><script>alert" not in html
    nodes = _embedded(html, "nodeData")
    assert any(n["label"] == EVIL for n in nodes)  # shown as text, intact


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
