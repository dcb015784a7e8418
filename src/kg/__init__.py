"""kg — a sourced knowledge graph of the AI capital ecosystem.

>>> import kg
>>> g = kg.load("data")
>>> type(g.rdf).__name__, type(g.nx).__name__    # the canonical RDF graph and its NetworkX projection
('Graph', 'MultiDiGraph')
>>> g.nx.nodes["zhipu"]["label"]
'Zhipu AI'
"""

from kg.api import Graph, build
from kg.errors import DataError, KGError, NotFound, OntologyError, Problem, QueryError, UsageError
from kg.graph.knowledge import KnowledgeGraph, load, load_rdf

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
