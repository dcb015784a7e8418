"""GraphML of the NetworkX projection, written element by element to a binary file.

The bytes are exactly those of networkx's ``generate_graphml`` (pretty-printed, lines joined with
``\\n``) run through :func:`kg.untrusted.xml_document`, but no tree of the whole graph is built: one
pass finds the attribute keys (they come first in the document), a second writes each node and edge as the
text ElementTree would give it (:mod:`kg.exports.xmltext`), without building an element for it.
"""

from __future__ import annotations

from typing import BinaryIO
from xml.etree.ElementTree import Element, SubElement

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from kg.exports.xmltext import ascii_refs, attr, cdata
from kg.graph.rdfwrite import TextSink
from kg.untrusted import xml_document

_MARK = "kg-graphml-placeholder"
_STEP = "\n    "  # between the elements of <graph>
_DATA = "\n      "  # between the data of a node or edge


def flat(attrs: dict) -> dict:
    """Attributes without None, lists and tuples joined with '|', sorted by name."""
    out = {}
    for k, v in sorted(attrs.items()):
        if v is None:
            continue
        out[k] = "|".join(map(str, v)) if isinstance(v, (list, tuple)) else v
    return out


def _items(G: nx.MultiDiGraph):
    """(scope, start tag, flat data) of every node, then every edge, in networkx's order."""
    for n, attrs in G.nodes(data=True):
        yield "node", f'<node id="{attr(str(n))}"', flat(attrs)
    for s, o, k, attrs in G.edges(keys=True, data=True):
        yield "edge", f'<edge source="{attr(str(s))}" target="{attr(str(o))}" id="{attr(str(k))}"', flat(attrs)


def _data(G: nx.MultiDiGraph):
    """(scope, flat data) of every node, then every edge, in networkx's order."""
    for _n, attrs in G.nodes(data=True):
        yield "node", flat(attrs)
    for _s, _o, attrs in G.edges(data=True):
        yield "edge", flat(attrs)


def write_graphml(G: nx.MultiDiGraph, fh: BinaryIO) -> None:
    """GraphML of ``G``; list attributes joined with '|'; characters XML forbids as U+FFFD."""
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    if G.number_of_nodes() == 0:
        fh.write(_document("\n".join(nx.generate_graphml(nx.MultiDiGraph(), prettyprint=True))))
        return
    seen: dict[tuple[str, type, str], None] = {}  # pass 1: (name, value type, scope) in the order first met
    for scope, attrs in _data(G):
        for k, v in attrs.items():
            seen[(k, type(v), scope)] = None
    for k, kind, scope in seen:  # the keys, created in the order networkx creates them
        writer.add_data(str(k), kind, "", scope)
    graph = Element("graph", edgedefault="directed")
    SubElement(graph, "node", id=_MARK)
    writer.xml.append(graph)
    head, tail = str(writer).split(f'<node id="{_MARK}" />')
    out = TextSink(fh)
    out.write(_text(head))
    # pass 2: each element's text as ElementTree writes it (US-ASCII, the rest as character references)
    out.flush()
    batches = TextSink(fh, lambda chunk: _text(ascii_refs(chunk)))
    keyed: dict[tuple[str, type, str], str] = {}  # (name, value type, scope) → key id
    for i, (scope, start, data) in enumerate(_items(G)):
        parts = [_STEP, start] if i else [start]
        if data:
            parts.append(">")
            for k, v in data.items():
                key = keyed.get((k, type(v), scope))
                if key is None:
                    key = keyed[(k, type(v), scope)] = writer.keys[(str(k), writer.get_xml_type(type(v)), scope)]
                text = str(v)
                parts.append(
                    f'{_DATA}<data key="{key}">{cdata(text)}</data>' if text else f'{_DATA}<data key="{key}" />'
                )
            parts.append(f"{_STEP}</{scope}>")
        else:
            parts.append(" />")
        batches.write("".join(parts))
    batches.flush()
    out.write(_text(tail, last=True))
    out.flush()


def _text(chunk: str, last: bool = False) -> str:
    """What ``"\\n".join(text.splitlines()) + "\\n"`` and :func:`xml_document` make of this part of the document."""
    joined = "\n".join(chunk.splitlines())
    if last or chunk.endswith(("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")):
        joined += "\n"
    return xml_document(joined.encode("utf-8")).decode("utf-8")


def _document(text: str) -> bytes:
    return xml_document((text + "\n").encode("utf-8"))
