"""The part of a compiled graph that one question needs, as a NetworkX graph: :func:`neighbourhood`.

An ownership answer about X depends only on what lies above X (its owners, their owners …) or below it, and on
every holder of each company on the way (an unstated stake is capped by what the others hold). So a lookup reads,
from the indexed lookup file (:mod:`kg.compiled.lookup`), only:

* **up** from X: every statement into X; then, for each subject reached through a relation with an ownership
  role, the same again; and the acting-in-concert statements out of each entity reached (a party reaches what
  its members hold);
* **down** from X: every statement out of X through a relation with an ownership role, then the same from each
  entity reached, and every statement into each entity reached (its other holders, not followed further).

The graph is built with the entities and statements in the compiled graph's own order, so it is the whole
graph's projection restricted to these entities and statements: the analytics iterate it in the same order and
give the same answers, to the last digit (``tests/test_compiled_around.py`` compares every entity's owners,
holdings and control on random graphs). Cost: the size of the part read, not of the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from kg.compiled.lookup import Lookup, decode_attrs
from kg.schema.vocab import CONCERT


def neighbourhood(
    lookup: Lookup,
    roles: Mapping[str, frozenset[str]],
    *,
    up: Iterable[str] = (),
    down: Iterable[str] = (),
    nodes: Iterable[str] = (),
) -> nx.MultiDiGraph:
    """The projection restricted to what lies above ``up``, below ``down``, and the entities ``nodes``."""
    concert = frozenset(n for n, r in roles.items() if CONCERT in r)
    edges: dict[int, tuple] = {}
    seen = set(up) | set(down) | set(nodes)
    frontier = sorted(set(up))
    reached_up = set(frontier)
    while frontier:
        fresh: set[str] = set()
        for row in lookup.edges_into(frontier):
            edges[row[0]] = row
            if row[4] in roles and row[1] not in reached_up:
                fresh.add(row[1])
        for row in lookup.edges_from(frontier, concert):
            edges[row[0]] = row
            if row[2] not in reached_up:
                fresh.add(row[2])
        reached_up |= fresh
        frontier = sorted(fresh)
    frontier = sorted(set(down))
    reached_down = set(frontier)
    while frontier:
        fresh = set()
        for row in lookup.edges_from(frontier):
            edges[row[0]] = row
            if row[4] in roles and row[2] not in reached_down:
                fresh.add(row[2])
        reached_down |= fresh
        frontier = sorted(fresh)
    for row in lookup.edges_into(reached_down - set(down)):  # the other holders of what is held
        edges[row[0]] = row
    for row in edges.values():
        seen.add(row[1])
        seen.add(row[2])
    G = nx.MultiDiGraph()
    found = sorted(lookup.nodes(seen))
    G.add_nodes_from(zip([r[1] for r in found], decode_attrs([r[2] for r in found], lists=True), strict=True))
    ordered = [edges[n] for n in sorted(edges)]
    attrs = decode_attrs([r[5] for r in ordered], lists=False)
    G.add_edges_from((r[1], r[2], r[3], a) for r, a in zip(ordered, attrs, strict=True))
    return G


def around(lookup: Lookup, node: str) -> nx.MultiDiGraph:
    """``node`` with every statement into and out of it, and the entities at their other ends."""
    rows = {r[0]: r for r in (*lookup.edges_into([node]), *lookup.edges_from([node]))}
    seen = {node} | {r[1] for r in rows.values()} | {r[2] for r in rows.values()}
    G = nx.MultiDiGraph()
    found = sorted(lookup.nodes(seen))
    G.add_nodes_from(zip([r[1] for r in found], decode_attrs([r[2] for r in found], lists=True), strict=True))
    ordered = [rows[n] for n in sorted(rows)]
    G.add_edges_from(
        (r[1], r[2], r[3], a) for r, a in zip(ordered, decode_attrs([r[5] for r in ordered], lists=False), strict=True)
    )
    return G
