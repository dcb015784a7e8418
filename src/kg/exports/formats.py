"""Serialise the graph (Turtle, N-Triples, JSON-LD, GraphML) deterministically, and
write files atomically: all outputs are rendered first, then each is written to a
temporary file beside its target and renamed into place, so a failed or
interrupted build leaves the previous outputs intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import networkx as nx

from kg.graph.rdfwrite import to_jsonld, to_ntriples, to_turtle  # noqa: F401 - re-exported serialisers
from kg.untrusted import xml_document


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """GraphML of the NetworkX projection; list attributes joined with '|'; characters XML forbids as U+FFFD."""
    H = nx.MultiDiGraph()
    for n, attrs in G.nodes(data=True):
        H.add_node(n, **_flat(attrs))
    for s, o, k, attrs in G.edges(keys=True, data=True):
        H.add_edge(s, o, key=k, **_flat(attrs))
    return xml_document(("\n".join(nx.generate_graphml(H, prettyprint=True)) + "\n").encode("utf-8"))


def _flat(attrs: dict) -> dict:
    out = {}
    for k, v in sorted(attrs.items()):
        if v is None:
            continue
        out[k] = "|".join(map(str, v)) if isinstance(v, (list, tuple)) else v
    return out


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
