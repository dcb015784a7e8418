"""kg — a sourced knowledge graph of the AI capital ecosystem.

>>> import kg
>>> g = kg.load("data")
>>> type(g.rdf).__name__, type(g.nx).__name__    # the canonical RDF graph and its NetworkX projection
('Graph', 'MultiDiGraph')
>>> g.nx.nodes["zhipu"]["label"]
'Zhipu AI'

The public names are imported on first use (PEP 562), so ``import kg`` stays cheap: rdflib, NetworkX and the
rest load only when a graph is built or opened.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import Graph, build, open
    from kg.compiled.graph import open_graph
    from kg.errors import DataError, KGError, NotFound, OntologyError, Problem, QueryError, UsageError
    from kg.graph.knowledge import KnowledgeGraph, load, load_rdf
    from kg.ingest.combine import combine
    from kg.ingest.importers.registry import import_register

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
    "combine",
    "import_register",
    "load",
    "load_rdf",
    "open",
    "open_graph",
]

_WHERE = {
    "DataError": "kg.errors",
    "KGError": "kg.errors",
    "NotFound": "kg.errors",
    "OntologyError": "kg.errors",
    "Problem": "kg.errors",
    "QueryError": "kg.errors",
    "UsageError": "kg.errors",
    "KnowledgeGraph": "kg.graph.knowledge",
    "load": "kg.graph.knowledge",
    "load_rdf": "kg.graph.knowledge",
    "open_graph": "kg.compiled.graph",
    "Graph": "kg.api",
    "build": "kg.api",
    "open": "kg.api",
    "import_register": "kg.ingest.importers.registry",
    "combine": "kg.ingest.combine",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
