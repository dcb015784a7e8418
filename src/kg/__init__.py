"""kg — a sourced knowledge graph of the AI capital ecosystem.

>>> import kg
>>> g = kg.load("data")          # doctest: +SKIP
>>> g.rdf, g.nx                  # doctest: +SKIP
"""

from .errors import DataError, KGError, NotFound, OntologyError, Problem, QueryError, UsageError
from .graph import KnowledgeGraph, load, load_rdf

__version__ = "0.1.0"
__all__ = [
    "DataError",
    "KGError",
    "KnowledgeGraph",
    "NotFound",
    "OntologyError",
    "Problem",
    "QueryError",
    "UsageError",
    "__version__",
    "load",
    "load_rdf",
]
