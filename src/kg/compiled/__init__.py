"""The compiled graph (``OUT/graph.kg/``): what ``kg build`` leaves so that read commands answer without rebuilding.

Parquet tables (entities, names, statements, sources, facts, derived) readable by pandas or DuckDB without kg,
the N-Triples of the canonical graph for SPARQL, and a manifest saying what it was built from.
:func:`open_graph` opens one lazily; :func:`write_compiled` writes one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.compiled.graph import CompiledGraph, open_graph
    from kg.compiled.write import write_compiled

__all__ = ["CompiledGraph", "open_graph", "write_compiled"]


def __getattr__(name: str) -> Any:
    if name in ("CompiledGraph", "open_graph"):
        from kg.compiled import graph

        return getattr(graph, name)
    if name == "write_compiled":
        from kg.compiled.write import write_compiled

        return write_compiled
    raise AttributeError(f"module 'kg.compiled' has no attribute {name!r}")
