"""Serialise the graph (Turtle, N-Triples, JSON-LD, GraphML, GEXF) deterministically, and
write files atomically: all outputs are rendered first, then each is written to a
temporary file beside its target and renamed into place, so a failed or
interrupted build leaves the previous outputs intact.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from kg.exports.graphml import flat as _flat
from kg.exports.graphml import write_graphml
from kg.graph.rdfwrite import to_jsonld, to_ntriples, to_turtle  # noqa: F401 - re-exported serialisers
from kg.schema.ontology import Ontology
from kg.untrusted import xml_document


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """GraphML of the NetworkX projection as bytes (see :func:`kg.exports.graphml.write_graphml`)."""
    buf = io.BytesIO()
    write_graphml(G, buf)
    return buf.getvalue()


# Keys networkx's GEXF writer reads as GEXF structure, not as data: a statement's start/end would
# make the graph "dynamic" (spells); the rest never occur in the projection but must stay data.
_GEXF_RENAMED = {"start": "start_date", "end": "end_date"}
_GEXF_NODE_RESERVED = frozenset({"id", "pid", "viz", "parents", "spells", "slices"})
_GEXF_EDGE_RESERVED = frozenset({"id", "label", "weight", "type", "viz", "spells", "slices", "key", "networkx_key"})


def to_gexf(G: nx.MultiDiGraph, ontology: Ontology | None = None) -> bytes:
    """GEXF 1.2 (Gephi) of the NetworkX projection, deterministic: nodes and edges sorted, edge ids
    the statement ids, no date in the header; colours from the ontology's classes and families.

    Each attribute has one GEXF type (a number column stated as 2 and as 0.5 is a float column), list
    attributes are joined with '|', a statement's start/end are ``start_date``/``end_date`` (GEXF would
    read ``start``/``end`` as time spells), and characters XML forbids become U+FFFD.
    """
    nodes = [
        (n, _gexf_data(attrs, _GEXF_NODE_RESERVED, skip="label"))
        for n, attrs in sorted(G.nodes(data=True), key=lambda na: str(na[0]))
    ]
    edges = [
        (s, o, k, _gexf_data(attrs, _GEXF_EDGE_RESERVED))
        for s, o, k, attrs in sorted(G.edges(keys=True, data=True), key=_edge_key)
    ]
    _one_type_per_column([d for _n, d in nodes])
    _one_type_per_column([d for _s, _o, _k, d in edges])
    H = nx.MultiDiGraph()
    classes = ontology.classes if ontology else {}
    families = ontology.families if ontology else {}
    for n, data in nodes:
        spec = classes.get(G.nodes[n].get("type", ""))
        H.add_node(n, label=G.nodes[n].get("label", n), **data, **_viz(spec.color if spec else ""))
    for s, o, k, data in edges:
        attrs = G.edges[s, o, k]
        fam = families.get(attrs.get("family", ""))
        H.add_edge(s, o, key=k, id=k, label=attrs.get("predicate", ""), **data, **_viz(fam.color if fam else ""))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:  # networkx stamps today's date and its version: the same graph must give the same bytes
        meta.attrib.pop("lastmodifieddate", None)
        for creator in meta.iter("creator"):
            creator.text = "kg"
    writer.add_graph(H)
    buf = io.BytesIO()
    writer.write(buf)
    return xml_document(buf.getvalue().rstrip(b"\n") + b"\n")


def write_gexf(G: nx.MultiDiGraph, fh: BinaryIO, ontology: Ontology | None = None) -> None:
    """:func:`to_gexf` into a binary file (networkx builds the whole GEXF tree first: not yet streamed)."""
    fh.write(to_gexf(G, ontology))


def _edge_key(edge: tuple) -> tuple[str, str, str]:
    s, o, k, _attrs = edge
    return str(s), str(o), str(k)


def _gexf_data(attrs: dict, reserved: frozenset[str], skip: str = "") -> dict:
    """Attributes as GEXF data columns: flat, and none under a name the GEXF writer reads as structure."""
    out = {}
    for k, v in _flat(attrs).items():
        if k == skip:
            continue
        name = _GEXF_RENAMED.get(k) or (f"kg_{k}" if k in reserved else k)
        out[name] = v
    return out


def _one_type_per_column(rows: list[dict]) -> None:
    """Make every value of a column one type (GEXF declares a type per column): int and float give
    float, anything else mixed gives str. One pass to see the types, one to convert the few that differ."""
    types: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            types.setdefault(k, set()).add(type(v))
    target = {}
    for k, seen in types.items():
        if len(seen) > 1:
            target[k] = float if seen <= {int, float} else str
    if not target:
        return
    for row in rows:
        for k, to in target.items():
            v = row.get(k)
            if v is not None and type(v) is not to:
                row[k] = to(v) if to is float else _as_text(v)


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


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file or none: temp files first, then renames."""
    temps: list[tuple[str, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append((tmp, target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
        for tmp, target in temps:
            os.replace(tmp, target)
        temps = []
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
