"""Serialise the graph (Turtle, N-Triples, JSON-LD, GraphML, GEXF) deterministically as bytes, and
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

import networkx as nx

from kg.exports.gexf import write_gexf
from kg.exports.graphml import write_graphml
from kg.graph.rdfwrite import to_jsonld, to_ntriples, to_turtle  # noqa: F401 - re-exported serialisers
from kg.schema.specs import Ontology


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """GraphML of the NetworkX projection as bytes (see :func:`kg.exports.graphml.write_graphml`)."""
    buf = io.BytesIO()
    write_graphml(G, buf)
    return buf.getvalue()


def to_gexf(G: nx.MultiDiGraph, ontology: Ontology | None = None) -> bytes:
    """GEXF 1.2 (Gephi) of the NetworkX projection as bytes (see :func:`kg.exports.gexf.write_gexf`)."""
    buf = io.BytesIO()
    write_gexf(G, buf, ontology)
    return buf.getvalue()


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
