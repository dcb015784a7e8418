"""The HTML view of the graph: a self-contained pyvis / vis-network page.

Node and edge lists are built directly (pyvis's add_node/add_edge loop is
quadratic) and embedded as JSON with ``<``, ``>`` and ``&`` escaped, so names
and quotes from data can never break out of the script. Tooltips are plain text
(vis-network sets string titles as text, not HTML). vis-network is inlined from
the pyvis package: the page makes no network requests.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from .ontology import Ontology

PHYSICS_LIMIT = 1000


def _pyvis_templates() -> str:
    import pyvis

    return str(Path(pyvis.__file__).parent / "templates")


def _env() -> Environment:
    own = str(resources.files("kg") / "templates")
    return Environment(loader=ChoiceLoader([FileSystemLoader(own), FileSystemLoader(_pyvis_templates())]),
                       autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


def _share_text(d: dict) -> str:
    if d.get("share") is not None:
        return f"{d['share']}%"
    lo, hi = d.get("share_min"), d.get("share_max")
    if lo is not None or hi is not None:
        return f"{lo if lo is not None else '?'}–{hi if hi is not None else '?'}%"
    return ""


def _node_title(n: str, a: dict, onto: Ontology) -> str:
    cls = onto.classes.get(a.get("type", ""))
    lines = [a.get("label", n)]
    if a.get("name_zh") and a.get("name_zh") != lines[0]:
        lines.append(a["name_zh"])
    lines.append(f"{cls.label_en if cls else a.get('type', '')} · id {n}")
    if a.get("aliases"):
        lines.append("aka " + ", ".join(a["aliases"][:6]))
    return "\n".join(lines)


def _edge_title(s: str, o: str, d: dict, G: nx.MultiDiGraph, onto: Ontology, sources: dict) -> str:
    rel = onto.relations.get(d["predicate"])
    lines = [f"{G.nodes[s].get('label', s)} — {rel.label_en if rel else d['predicate']} — {G.nodes[o].get('label', o)}"]
    detail = [x for x in (_share_text(d), f"{d['shares']:,} shares" if d.get("shares") else "", d.get("role", "")) if x]
    if detail:
        lines.append(", ".join(map(str, detail)))
    dates = [f"{k.replace('_', ' ')} {d[k]}" for k in ("start", "end", "as_of") if d.get(k)]
    if dates:
        lines.append("; ".join(dates))
    src = sources.get(d.get("source", ""), {})
    lines.append(f"source: {src.get('title', d.get('source', ''))}" + (f" ({d['confidence']})" if d.get("confidence") else ""))
    if d.get("evidence"):
        lines.append(f"“{d['evidence']}”")
    return "\n".join(lines)


def network_data(G: nx.MultiDiGraph, onto: Ontology, sources: dict) -> tuple[list[dict], list[dict]]:
    """vis-network node and edge dicts, in a stable order."""
    nodes = []
    for n in sorted(G.nodes):
        a = G.nodes[n]
        cls = onto.classes.get(a.get("type", ""))
        nodes.append({"id": n, "label": a.get("label", n), "title": _node_title(n, a, onto),
                      "kind": a.get("type", ""), "color": cls.color if cls else "#cccccc",
                      "shape": cls.shape if cls else "dot", "name_zh": a.get("name_zh", ""),
                      "value": 1 + G.degree(n)})
    edges = []
    for s, o, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        fam = onto.families.get(d.get("family", ""))
        share = d.get("share")
        edges.append({"id": k, "from": s, "to": o, "label": _share_text(d), "title": _edge_title(s, o, d, G, onto, sources),
                      "arrows": "to", "dashes": bool(fam and fam.edge_style != "solid"),
                      "color": fam.color if fam else "#999999", "family": d.get("family", ""),
                      "width": 1 + (min(float(share), 100.0) / 10 if share is not None else 0)})
    return nodes, edges


def _script_json(value) -> str:
    """JSON safe to embed inside <script>: no '<', '>' or '&' can close the tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
               .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_html(G: nx.MultiDiGraph, onto: Ontology, sources: dict, title: str = "kg graph") -> str:
    """The whole-graph HTML page as a string (deterministic for the same graph)."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes, net.edges = network_data(G, onto, sources)
    physics = len(net.nodes) <= PHYSICS_LIMIT
    options = {
        "layout": {"randomSeed": 7, "improvedLayout": len(net.nodes) <= 100},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based", "stabilization": {"iterations": 300},
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"font": {"size": 14}, "scaling": {"min": 8, "max": 40}},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "continuous"}},
    }
    net.options = options
    nodes, edges, _heading, _h, _w, options_json = net.get_network_data()
    present = sorted({n["kind"] for n in nodes})
    legend = [{"label": onto.classes[c].label_en, "label_zh": onto.classes[c].label_zh, "color": onto.classes[c].color}
              for c in present if c in onto.classes]
    families = sorted({e["family"] for e in edges})
    fam_legend = [{"label": onto.families[f].label_en, "color": onto.families[f].color,
                   "style": onto.families[f].edge_style} for f in families if f in onto.families]
    return _env().get_template("graph.html").render(
        title=title, nodes_json=_script_json(nodes), edges_json=_script_json(edges),
        options_json=_script_json(json.loads(options_json)), legend=legend, families=fam_legend,
        n_nodes=len(nodes), n_edges=len(edges))
