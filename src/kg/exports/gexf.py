"""GEXF 1.2 (Gephi) of the NetworkX projection, written element by element to a binary file.

The bytes are exactly those networkx's ``GEXFWriter`` writes for the whole graph (kg's header, run
through :func:`kg.untrusted.xml_document`), but no tree of the whole graph is built: a first pass finds
each column's one type and the order in which networkx would number the attributes (they come first in
the document); a second writes one node or edge at a time, as the text networkx's writer and ElementTree
would give it (:mod:`kg.exports.xmltext`), without building an element for it. networkx still writes the
document around the elements (a one-node, one-edge shell).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from kg.exports.graphml import flat
from kg.exports.xmltext import attr
from kg.graph.rdfwrite import TextSink
from kg.schema.specs import Ontology
from kg.untrusted import xml_document

# Keys networkx's GEXF writer reads as GEXF structure, not as data: a statement's start/end would
# make the graph "dynamic" (spells); the rest never occur in the projection but must stay data.
_GEXF_RENAMED = {"start": "start_date", "end": "end_date"}
_GEXF_NODE_RESERVED = frozenset({"id", "pid", "viz", "parents", "spells", "slices"})
_GEXF_EDGE_RESERVED = frozenset({"id", "label", "weight", "type", "viz", "spells", "slices", "key", "networkx_key"})
_MARK = "kg-gexf-placeholder"
_STEP = "\n      "  # between the elements of <nodes> and of <edges>
_CHILD = "\n        "  # between the children of a node or edge
_VALUE = "\n          "  # between the <attvalue>s
_FLOAT_TEXT = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}


def write_gexf(G: nx.MultiDiGraph, fh: BinaryIO, ontology: Ontology | None = None) -> None:
    """GEXF 1.2 of ``G``, deterministic: nodes and edges sorted, edge ids the statement ids, no date in the
    header; colours from the ontology's classes and families.

    Each attribute has one GEXF type (a number column stated as 2 and as 0.5 is a float column), list
    attributes are joined with '|', a statement's start/end are ``start_date``/``end_date`` (GEXF would
    read ``start``/``end`` as time spells), and characters XML forbids become U+FFFD.
    """
    classes = ontology.classes if ontology else {}
    families = ontology.families if ontology else {}
    nodes = sorted(G.nodes, key=str)
    edges = sorted(G.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))

    def node_items() -> Iterator[tuple[Any, dict, Any]]:
        for n in nodes:
            attrs = G.nodes[n]
            spec = classes.get(attrs.get("type", ""))
            yield n, {"label": attrs.get("label", n), **_data(attrs, _GEXF_NODE_RESERVED, "label")}, spec

    def edge_items() -> Iterator[tuple[Any, dict, Any]]:
        for s, o, k in edges:
            attrs = G.edges[s, o, k]
            fam = families.get(attrs.get("family", ""))
            yield (s, o, k), {"id": k, "label": attrs.get("predicate", ""), **_data(attrs, _GEXF_EDGE_RESERVED)}, fam

    node_types, node_titles = _columns((d for _n, d, _c in node_items()), skip=("label",))
    edge_types, edge_titles = _columns((d for _e, d, _c in edge_items()), skip=("id", "label"), key="networkx_key")
    writer = _writer()
    graph = Element("graph", defaultedgetype="directed", mode="static", name="")
    writer.graph_element = graph
    for scope, types, titles in (("node", node_types, node_titles), ("edge", edge_types, edge_titles)):
        for title in titles:
            writer.get_attr_id(title, writer.xml_type[_target(types[title])], scope, {}, "static")
    # the document around the elements: networkx's own, with one placeholder node and edge (and their colour)
    shell = nx.MultiDiGraph()
    viz = any(_viz(getattr(classes.get(G.nodes[n].get("type", "")), "color", "")) for n in nodes) or any(
        _viz(getattr(families.get(G.edges[e].get("family", "")), "color", "")) for e in edges
    )
    if nodes:
        shell.add_node(_MARK, label=_MARK, **(_viz("#000000") if viz else {}))
    if edges:
        shell.add_edge(_MARK, _MARK, key=_MARK, id=_MARK)
    _add_elements(writer, shell, graph)
    writer.xml.append(graph)
    buf = io.BytesIO()
    writer.write(buf)
    text = buf.getvalue().decode("utf-8")
    out = TextSink(fh)
    rest = text
    for items, types, tag in ((node_items(), node_types, "node"), (edge_items(), edge_types, "edge")):
        if not (nodes if tag == "node" else edges):
            continue
        start = rest.index(f'<{tag} id="{_MARK}"' if tag == "node" else f'<{tag} source="{_MARK}"')
        end = rest.index(f"</{tag}>", start) + len(f"</{tag}>") if viz or tag == "edge" else rest.index(">", start) + 1
        out.write(_fixed(rest[:start]))
        ids = writer.attr[tag]["static"]  # column title → attribute id, all known from the header
        out.flush()
        batches = TextSink(fh, _fixed)
        for i, (what, data, spec) in enumerate(items):
            text = _element(tag, what, _typed(data, types), ids, spec.color if spec else "")
            batches.write(_STEP + text if i else text)
        batches.flush()
        rest = rest[end:]
    out.write(_fixed(rest.rstrip("\n")) + "\n")
    out.flush()


def _element(tag: str, what: Any, data: dict, ids: dict[str, str], color: str) -> str:
    """One node or edge as networkx's GEXF writer makes it and ElementTree writes it, indented at level 3."""
    if tag == "node":
        start = f'<node id="{attr(str(what))}" label="{attr(str(data.pop("label")))}"'
    else:
        s, o, k = what
        data.pop("id")
        label = attr(str(data.pop("label")))
        start = f'<edge source="{attr(str(s))}" target="{attr(str(o))}" id="{attr(str(k))}" label="{label}"'
        data["networkx_key"] = k
    children = []
    viz = _viz(color)
    if viz:
        c = viz["viz"]["color"]
        children.append(f'<viz:color r="{c["r"]}" g="{c["g"]}" b="{c["b"]}" a="{c["a"]}" />')
    if data:
        values = "".join(f'{_VALUE}<attvalue for="{ids[str(k)]}" value="{attr(_value(v))}" />' for k, v in data.items())
        children.append(f"<attvalues>{values}{_CHILD}</attvalues>")
    if not children:
        return start + " />"
    return f"{start}>{_CHILD}{_CHILD.join(children)}{_STEP}</{tag}>"


def _value(v: Any) -> str:
    """An attribute value's text as networkx writes it: booleans in lower case, infinities and NaN as GEXF's."""
    if isinstance(v, bool):
        return str(v).lower()
    text = str(v)
    if type(v) is float:
        return _FLOAT_TEXT.get(text, text)
    return text


def _writer() -> GEXFWriter:
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:  # networkx stamps today's date and its version: the same graph must give the same bytes
        meta.attrib.pop("lastmodifieddate", None)
        for creator in meta.iter("creator"):
            creator.text = "kg"
    return writer


def _add_elements(writer: GEXFWriter, G: nx.MultiDiGraph, parent: Element, tag: str = "") -> Element:
    """networkx's elements for ``G`` under ``parent`` (attribute ids already known); the one ``tag`` element."""
    if tag != "edge":
        writer.add_nodes(G, parent)
    if tag != "node":
        writer.add_edges(G, parent)
    return parent[0][0] if tag else parent


def _columns(rows, skip: tuple[str, ...], key: str = "") -> tuple[dict[str, set[type]], list[str]]:
    """Each data column's value types, and the columns in the order networkx first meets them."""
    types: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            if k not in skip:
                types.setdefault(k, set()).add(type(v))
        if key and key not in types:
            types[key] = {str}
    return types, list(types)


def _target(seen: set[type]) -> type:
    """A column's one type: int and float give float, anything else mixed gives str."""
    if len(seen) == 1:
        return next(iter(seen))
    return float if seen <= {int, float} else str


def _typed(row: dict, types: dict[str, set[type]]) -> dict:
    for k, v in row.items():
        seen = types.get(k)
        if seen is not None and len(seen) > 1 and v is not None:
            to = _target(seen)
            if type(v) is not to:
                row[k] = to(v) if to is float else _as_text(v)
    return row


def _data(attrs: dict, reserved: frozenset[str], skip: str = "") -> dict:
    """Attributes as GEXF data columns: flat, and none under a name the GEXF writer reads as structure."""
    out = {}
    for k, v in flat(attrs).items():
        if k == skip:
            continue
        name = _GEXF_RENAMED.get(k) or (f"kg_{k}" if k in reserved else k)
        out[name] = v
    return out


def _as_text(v) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


def _viz(color: str) -> dict:
    """networkx's viz attribute for a '#rrggbb' colour (nothing for any other text)."""
    if len(color) != 7 or not color.startswith("#"):
        return {}
    try:
        r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        return {}
    return {"viz": {"color": {"r": r, "g": g, "b": b, "a": 1.0}}}


def _fixed(chunk: str) -> str:
    return xml_document(chunk.encode("utf-8")).decode("utf-8")
