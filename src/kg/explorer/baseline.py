"""The explorer's data in the old dict-per-item form, as a pyvis ``add_node`` / ``add_edge`` loop is fed:
kept for the pyvis baselines in ``bench/`` (the page itself uses :mod:`kg.explorer.data`)."""

from __future__ import annotations

import networkx as nx

from kg.explorer.data import edges_sorted
from kg.schema.specs import Ontology


def _share_text(d: dict) -> str:
    if d.get("share") is not None:
        return f"{d['share']}%"
    lo, hi = d.get("share_min"), d.get("share_max")
    if lo is not None or hi is not None:
        return f"{lo if lo is not None else '?'}–{hi if hi is not None else '?'}%"
    return ""


def network_data(G: nx.MultiDiGraph, onto: Ontology, sources: dict) -> tuple[list[dict], list[dict]]:
    """vis-network node and edge dicts with tooltips, in a stable order (what a pyvis loop would be fed)."""
    nodes = []
    for n in sorted(G.nodes):
        a = G.nodes[n]
        cls = onto.classes.get(a.get("type", ""))
        nodes.append(
            {
                "id": n,
                "label": a.get("label", n),
                "title": f"{a.get('label', n)}\n{a.get('type', '')} · id {n}",
                "kind": a.get("type", ""),
                "color": cls.color if cls else "#cccccc",
                "shape": cls.shape if cls else "dot",
                "value": 1 + G.degree(n),
            }
        )
    edges = []
    for s, o, k, d in edges_sorted(G, [n["id"] for n in nodes]):
        rel = onto.relations.get(d.get("predicate", ""))
        fam = onto.families.get(rel.family if rel else "")
        src = sources.get(d.get("source", ""), {})
        edges.append(
            {
                "id": k,
                "from": s,
                "to": o,
                "label": _share_text(d),
                "title": f"{s} — {rel.label_en if rel else d.get('predicate')} — {o}\nsource: {src.get('title', d.get('source', ''))}",
                "arrows": "to",
                "dashes": bool(fam and fam.edge_style != "solid"),
                "color": fam.color if fam else "#999999",
                "family": rel.family if rel else "",
            }
        )
    return nodes, edges
