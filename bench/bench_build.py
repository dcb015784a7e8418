"""Benchmark `kg build`'s stages against the obvious rdflib / pyvis way, in the same run.

    python bench/bench_build.py                 # 10k entities
    python bench/bench_build.py --sizes 10000 100000

Each figure is reported with its baseline and the ratio baseline / kg (higher is
better for kg). Baselines:

* build:   rdflib's Memory store, one ``Graph.add`` per triple (the textbook way);
* project: the same projection read through rdflib's API from the Memory store;
* turtle:  rdflib's Turtle serializer on the Memory graph;
* html:    pyvis ``add_node`` / ``add_edge`` in a loop (quadratic: it checks
           membership in lists), on the first ``--html-cap`` nodes only when larger.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import kg  # noqa: E402
from generate import generate  # noqa: E402
from kg.explorer.baseline import network_data  # noqa: E402
from kg.explorer.page import render_html  # noqa: E402
from kg.graph.build import build_rdf, project_networkx  # noqa: E402
from kg.graph.rdfwrite import to_turtle  # noqa: E402
from kg.ingest.dataset import read_dataset  # noqa: E402
from kg.schema.ontology import load_ontology  # noqa: E402


def timed(fn, *args, **kwargs):
    gc.collect()
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def baseline_build(ds, onto):
    """rdflib Memory store, one add per triple: the same triples kg writes."""
    from rdflib import Graph, Literal, URIRef

    g_ox, _ = build_rdf(ds, onto)  # the triples to add (not timed)
    triples = [(URIRef(s), URIRef(p), o if isinstance(o, Literal) else URIRef(o)) for s, p, o in g_ox]

    def run():
        g = Graph()
        for t in triples:
            g.add(t)
        return g

    return timed(run)


def baseline_project(mem, onto):
    """The projection through rdflib's API: statements by type, then g.value per qualifier."""
    import networkx as nx
    from rdflib import RDF

    from kg.schema.ontology import KG

    def run():
        G = nx.MultiDiGraph()
        props = [
            (c.property, c.name) for c in onto.columns["relations"] if c.name not in ("subject", "predicate", "object")
        ]
        for st in mem.subjects(RDF.type, KG.Statement):
            s, o = mem.value(st, RDF.subject), mem.value(st, RDF.object)
            attrs = {name: mem.value(st, prop) for prop, name in props}
            G.add_edge(str(s), str(o), key=str(st), **{k: v for k, v in attrs.items() if v is not None})
        return G

    return timed(run)


def baseline_html(G, onto, cap):
    """pyvis add_node/add_edge loop on (at most) the first ``cap`` nodes."""
    from pyvis.network import Network

    nodes, edges = network_data(G, onto, {})
    keep = {n["id"] for n in nodes[:cap]}
    nodes = [n for n in nodes if n["id"] in keep]
    edges = [e for e in edges if e["from"] in keep and e["to"] in keep]

    def run():
        net = Network(directed=True)
        for n in nodes:
            net.add_node(n["id"], label=n["label"], title=n["title"], color=n["color"], shape=n["shape"])
        for e in edges:
            net.add_edge(e["from"], e["to"], title=e["title"], label=e["label"])
        return net.generate_html()

    return timed(run), len(nodes)


def bench(size: int, html_cap: int) -> dict:
    onto = load_ontology()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "eco"
        counts = generate(size, data)
        ds, t_read = timed(read_dataset, data, onto)
        (g, _report), t_build = timed(build_rdf, ds, onto)
        mem, t_build_base = baseline_build(ds, onto)
        G, t_proj = timed(project_networkx, g, onto)
        _, t_proj_base = baseline_project(mem, onto)
        _, t_ttl = timed(to_turtle, g)
        _, t_ttl_base = timed(mem.serialize, format="turtle")
        _, t_html = timed(render_html, G, onto, {})
        sub = G.subgraph(sorted(G.nodes)[:html_cap]).copy() if G.number_of_nodes() > html_cap else G
        _, t_html_same = timed(render_html, sub, onto, {})
        (_, t_html_base), n_base = baseline_html(G, onto, html_cap)
        _g2, t_e2e = timed(kg.load, data)
    row = {
        "entities": counts["entities"],
        "statements": counts["relations"],
        "triples": len(g),
        "read+validate_s": round(t_read, 3),
        "build_s": round(t_build, 3),
        "build_baseline_s": round(t_build_base, 3),
        "build_ratio": round(t_build_base / t_build, 1),
        "project_s": round(t_proj, 3),
        "project_baseline_s": round(t_proj_base, 3),
        "project_ratio": round(t_proj_base / t_proj, 1),
        "turtle_s": round(t_ttl, 3),
        "turtle_baseline_s": round(t_ttl_base, 3),
        "turtle_ratio": round(t_ttl_base / t_ttl, 1),
        "html_full_s": round(t_html, 3),
        "html_nodes_compared": n_base,
        "html_same_nodes_s": round(t_html_same, 3),
        "html_baseline_s": round(t_html_base, 3),
        "html_ratio": round(t_html_base / t_html_same, 1),
        "load_end_to_end_s": round(t_e2e, 3),
    }
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    ap.add_argument("--html-cap", type=int, default=5_000, help="nodes given to the quadratic pyvis baseline")
    ap.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    args = ap.parse_args()
    rows = [bench(n, args.html_cap) for n in args.sizes]
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    for r in rows:
        print(f"\n== {r['entities']:,} entities, {r['statements']:,} statements, {r['triples']:,} triples")
        print(f"read + validate CSV      {r['read+validate_s']:8.3f} s")
        for name in ("build", "project", "turtle"):
            print(
                f"{name:<24} {r[name + '_s']:8.3f} s   baseline {r[name + '_baseline_s']:8.3f} s   ratio {r[name + '_ratio']:6.1f}x"
            )
        print(
            f"html ({r['html_nodes_compared']:,} nodes)        {r['html_same_nodes_s']:8.3f} s   baseline {r['html_baseline_s']:8.3f} s   ratio {r['html_ratio']:6.1f}x"
        )
        print(f"html (all nodes)         {r['html_full_s']:8.3f} s")
        print(f"kg.load end to end       {r['load_end_to_end_s']:8.3f} s")


if __name__ == "__main__":
    main()
