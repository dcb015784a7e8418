"""kg — a sourced knowledge graph of the AI capital ecosystem.

>>> import kg
>>> g = kg.load("data")
>>> type(g.rdf).__name__, type(g.nx).__name__    # the canonical RDF graph and its NetworkX projection
('Graph', 'MultiDiGraph')
>>> g.nx.nodes["zhipu"]["label"]
'Zhipu AI'
"""

from typing import TYPE_CHECKING

from kg.errors import DataError, KGError, NotFound, OntologyError, Problem, QueryError, UsageError
from kg.graph.knowledge import KnowledgeGraph, load, load_rdf

if TYPE_CHECKING:
    from kg.api import Graph, build


def __getattr__(name: str):
    """``kg.Graph`` and ``kg.build`` (the Python API, :mod:`kg.api`) are imported on first use, so that
    the CLI's start-up does not pay for them."""
    if name in ("Graph", "build"):
        import kg.api

        return getattr(kg.api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__version__ = "0.1.0"
__all__ = [
    "DataError",
    "Graph",
    "KGError",
    "KnowledgeGraph",
    "NotFound",
    "OntologyError",
    "Problem",
    "QueryError",
    "UsageError",
    "__version__",
    "build",
    "load",
    "load_rdf",
]
