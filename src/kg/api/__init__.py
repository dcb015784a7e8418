"""kg's Python API: a graph whose questions answer as pandas DataFrames, and batch questions.

>>> import kg
>>> g = kg.build("data")                       # validate the dataset and build the graph in memory
>>> g.owners("智谱", as_of="2026-01-09").columns[:4].tolist()
['holder', 'holder_label', 'held', 'held_label']

:class:`~kg.api.graph.Graph` wraps a loaded graph; :mod:`~kg.api.frames` and :mod:`~kg.api.tables` make the
DataFrames; :mod:`~kg.api.batch` answers many entities in one process (``kg owners --input FILE``).
"""

from __future__ import annotations

from pathlib import Path

from kg.api.graph import Graph


def build(data_dir: str | Path = "data", **opts) -> Graph:
    """Validate the dataset in ``data_dir`` and build its graph in memory (``opts`` as :func:`kg.load`:
    ``min_confidence``, ``encoding``, ``ontology_dir``). Raises :class:`~kg.errors.DataError` with every problem."""
    from kg.graph.knowledge import load

    return Graph(load(data_dir, **opts))


# kg.open(path) -> Graph goes here when the compiled graph lands: Graph(kg.compiled.open_graph(path)).
# Graph depends only on the attributes both graphs share, so nothing else changes.

__all__ = ["Graph", "build"]
