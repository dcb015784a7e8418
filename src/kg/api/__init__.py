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


def open(path: str | Path = "outputs/graph.kg") -> Graph:
    """Open a compiled graph (``kg build`` writes ``OUT/graph.kg``) without re-reading the CSVs.

    Raises :class:`~kg.errors.DataError` naming the path when it is not a readable compiled graph. The
    graph is used as it was built (the CLI's read commands also check it against the data folder and
    rebuild when a file changed; from Python, ``kg.build(data_dir)`` builds afresh).
    """
    from kg.compiled.graph import open_graph

    return Graph(open_graph(path))


__all__ = ["Graph", "build", "open"]
