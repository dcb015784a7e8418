"""GEXF 1.3 with the timeline (``graph.dynamic.gexf``): Gephi's timeline shows each statement over its dates.

``graph.gexf`` stays networkx's static GEXF 1.2draft, byte for byte; this file is written beside it, one node or
edge at a time as text (no tree of the graph is built). The graph is ``mode="dynamic"`` with
``timeformat="date"``; an edge (one per statement, its id the statement id, its ``kind`` the relation) gets
``start``/``end`` from the statement's dates. kg's ``end`` is exclusive and GEXF 1.3 intervals are inclusive, so
``end`` is written as the day before. A partial date means its first day, as everywhere in kg
(:mod:`kg.graph.dating`): start ``2023-10`` → ``2023-10-01``; end ``2026-01`` (no longer held from January 2026)
→ ``2025-12-31``. A statement with neither start nor end is static: no interval, present all along. Nodes are
static. Shares and the other statement columns are attribute values; the stated dates are kept as text too
(``kg_start``, ``kg_end``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any, BinaryIO

import networkx as nx

from kg.exports.graphml import flat
from kg.exports.xmltext import attr, cdata
from kg.graph.dating import first_day
from kg.graph.rdfwrite import TextSink
from kg.schema.specs import Ontology
from kg.untrusted import xml_document

NS = "http://gexf.net/1.3"
DESCRIPTION = (
    "kg's knowledge graph with the timeline: each edge is one statement, present from its start to its end. "
    "kg's end is exclusive and GEXF intervals inclusive, so an edge ends the day before the statement's end. "
    "Partial dates mean their first day (start 2023-10 is 2023-10-01; end 2026-01 gives 2025-12-31). "
    "Statements with no start and no end have no interval. The dates as stated are in kg_start and kg_end."
)
_STRUCTURE = {"start": "kg_start", "end": "kg_end"}  # stated dates as text; the interval is the edge's own
_SKIP_EDGE = ("predicate",)  # the edge's label and kind
_TYPES = {bool: "boolean", int: "long", float: "double", Decimal: "double"}


def write_gexf_dynamic(G: nx.MultiDiGraph, fh: BinaryIO, ontology: Ontology | None = None) -> None:
    """GEXF 1.3 (dynamic, dates) of ``G``: nodes sorted, edges in the projection's order, deterministic bytes."""
    classes = ontology.classes if ontology else {}
    families = ontology.families if ontology else {}
    nodes = sorted(G.nodes, key=str)
    node_cols = _columns(_node_data(G.nodes[n]) for n in nodes)
    edge_cols = _columns(_edge_data(d) for _s, _o, d in G.edges(data=True))
    out = TextSink(fh, _fixed)
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gexf xmlns="{NS}" xmlns:viz="{NS}/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NS} {NS}/gexf.xsd" version="1.3">\n'
        f"  <meta>\n    <creator>kg</creator>\n    <description>{cdata(DESCRIPTION)}</description>\n  </meta>\n"
        '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n'
    )
    for scope, cols in (("node", node_cols), ("edge", edge_cols)):
        out.write(f'    <attributes class="{scope}" mode="static">\n')
        for i, (title, kind) in enumerate(cols.items()):
            out.write(f'      <attribute id="{i}" title="{attr(title)}" type="{kind}" />\n')
        out.write("    </attributes>\n")
    node_ids = {t: str(i) for i, t in enumerate(node_cols)}
    edge_ids = {t: str(i) for i, t in enumerate(edge_cols)}
    out.write(f'    <nodes count="{len(nodes)}">\n')
    for n in nodes:
        a = G.nodes[n]
        color = getattr(classes.get(a.get("type", "")), "color", "")
        head = f'<node id="{attr(str(n))}" label="{attr(str(a.get("label", n)))}"'
        out.write(_element("node", head, _node_data(a), node_ids, node_cols, color))
    out.write(f'    </nodes>\n    <edges count="{G.number_of_edges()}">\n')
    for s, o, k, d in G.edges(keys=True, data=True):
        pred = attr(str(d.get("predicate", "")))
        head = f'<edge id="{attr(str(k))}" source="{attr(str(s))}" target="{attr(str(o))}" label="{pred}" kind="{pred}"'
        head += _interval(d.get("start"), d.get("end"))
        color = getattr(families.get(d.get("family", "")), "color", "")
        out.write(_element("edge", head, _edge_data(d), edge_ids, edge_cols, color))
    out.write("    </edges>\n  </graph>\n</gexf>\n")
    out.flush()


def inclusive_end(end: Any) -> str | None:
    """kg's exclusive end as GEXF's inclusive one: the day before the first day it means."""
    day = first_day(end)
    return None if day is None else (day - timedelta(days=1)).isoformat()


def _interval(start: Any, end: Any) -> str:
    first = first_day(start)
    last = inclusive_end(end)
    text = f' start="{first.isoformat()}"' if first is not None else ""
    return text + (f' end="{last}"' if last is not None else "")


def _node_data(attrs: dict) -> dict:
    return {k: v for k, v in flat(attrs).items() if k != "label" and v is not None and v != ""}


def _edge_data(attrs: dict) -> dict:
    return {
        _STRUCTURE.get(k, k): v for k, v in flat(attrs).items() if k not in _SKIP_EDGE and v is not None and v != ""
    }


def _columns(rows: Iterator[dict]) -> dict[str, str]:
    """Each column's GEXF type, columns in the order first met: one type per column (mixed numbers: double;
    anything else mixed: string)."""
    seen: dict[str, set[str]] = {}
    for row in rows:
        for k, v in row.items():
            seen.setdefault(k, set()).add(_TYPES.get(type(v), "string"))
    return {
        k: next(iter(t)) if len(t) == 1 else ("double" if t <= {"long", "double"} else "string")
        for k, t in seen.items()
    }


def _text(v: Any, kind: str) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    if kind == "double" and isinstance(v, int | float | Decimal):
        return repr(float(v))
    return str(v)


def _element(tag: str, head: str, data: dict, ids: dict[str, str], cols: dict[str, str], color: str) -> str:
    children = []
    if data:
        values = "".join(
            f'\n          <attvalue for="{ids[k]}" value="{attr(_text(v, cols[k]))}" />' for k, v in data.items()
        )
        children.append(f"<attvalues>{values}\n        </attvalues>")
    if len(color) == 7 and color.startswith("#"):
        try:
            r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
            children.append(f'<viz:color r="{r}" g="{g}" b="{b}" />')
        except ValueError:
            pass
    if not children:
        return f"      {head} />\n"
    return f"      {head}>\n        " + "\n        ".join(children) + f"\n      </{tag}>\n"


def _fixed(chunk: str) -> str:
    return xml_document(chunk.encode("utf-8")).decode("utf-8")
