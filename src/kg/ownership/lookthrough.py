"""Look-through (integrated) stakes: the walk sums of Vitali, Glattfelder & Battiston (2011).

With ``W[i, k]`` the fraction of k that i holds directly and ``N = (I - W)^-1``, the stake of i
in j is ``N[i, j] / N[i, i]``. It is computed per query on the subgraph that matters (the owners
above j: :func:`integrated_owners`; the holdings below i: :func:`integrated_holdings`), component by
component in topological order, solving only inside cross-holding cycles (:func:`fixpoint`), for
the lower and the upper end of every range; or for every pair at once (:func:`integrated_matrix`).

A solve that stops at its iteration cap without converging is recorded as a
:class:`~kg.ownership.results.NotConverged` in the ``misses`` list the caller passes, never silently.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kg.ownership.index import Index
from kg.ownership.results import IntegratedMatrix, NotConverged, Solve
from kg.ownership.stake import Link, Stake


@dataclass(frozen=True, slots=True)
class Solver:
    """The limits of the iterative solves (the defaults are what the analytics always used)."""

    max_iterations: int = 10_000  # a cross-holding component solved by iteration
    direct_limit: int = 400  # components up to this size are solved exactly with numpy instead
    tolerance: float = 1e-13
    max_length: int = 500  # integrated_matrix: the longest walks summed


def reach(start: str, links: dict[str, dict[str, Link]]) -> set[str]:
    """Breadth-first closure of ``start`` over ``links`` (``start`` itself excluded)."""
    seen, todo = set(), deque([start])
    while todo:
        for n in links.get(todo.popleft(), {}):
            if n not in seen and n != start:
                seen.add(n)
                todo.append(n)
    return seen


def subgraph(ix: Index, nodes: set[str]) -> nx.DiGraph:
    """The economic links among ``nodes``."""
    sub = nx.DiGraph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from((h, o) for o in nodes for h in ix.econ_in.get(o, {}) if h in nodes)
    return sub


def dot(pairs: Iterable[tuple[float, float]]) -> float:
    """Σ weight × value, where a zero weight contributes nothing (even against an infinite value)."""
    return sum(w * v for w, v in pairs if w)


def _w(ix: Index, holder: str, held: str, end: str) -> float:
    link = ix.econ_out[holder][held]
    return link.stake.lo if end == "lo" else link.stake.hi


def integrated_owners(
    ix: Index, target: str, solver: Solver, misses: list[NotConverged] | None = None
) -> dict[str, Stake]:
    """holder → its integrated stake in ``target``, for every entity above it."""
    nodes = reach(target, ix.econ_in) | {target}
    sub = subgraph(ix, nodes)
    misses = [] if misses is None else misses
    lo = _column(ix, sub, target, "lo", solver, misses)
    hi = _column(ix, sub, target, "hi", solver, misses)
    return {i: Stake(lo[i], hi[i]).capped() for i in nodes if i != target}


def _column(
    ix: Index, sub: nx.DiGraph, target: str, end: str, solver: Solver, misses: list[NotConverged]
) -> dict[str, float]:
    """First-passage walk sums from every node of ``sub`` down to ``target`` (one end of the ranges).

    ``walks[i]`` is N[i, target]; an owner inside a cross-holding cycle gets
    N[i, target] / N[i, i], computed as the walks that do not come back to i.
    """
    walks: dict[str, float] = {}
    first: dict[str, float] = {}
    cond = nx.condensation(sub)
    for c in reversed(list(nx.topological_sort(cond))):  # the held side before its holders
        members = set(cond.nodes[c]["members"])
        if len(members) == 1:
            i = next(iter(members))
            if not sub.has_edge(i, i):
                walks[i] = 1.0 if i == target else dot((_w(ix, i, k, end), walks[k]) for k in sub.successors(i))
                continue
        walks.update(_cycle_solve(ix, sub, members, walks, target, end, None, solver, misses))
        for i in members - {target}:
            without = (
                _cycle_solve(ix, sub, members - {i}, walks, target, end, i, solver, misses) if len(members) > 1 else {}
            )
            first[i] = dot((_w(ix, i, k, end), without.get(k, walks.get(k, 0.0))) for k in sub.successors(i) if k != i)
    return {i: first.get(i, v) for i, v in walks.items()}


def _cycle_solve(
    ix: Index,
    sub: nx.DiGraph,
    members: set[str],
    known: dict,
    target: str,
    end: str,
    exclude: str | None,
    solver: Solver,
    misses: list[NotConverged],
) -> dict[str, float]:
    """Walk sums inside one cross-holding component, the values below it fixed."""
    base, inner = {}, {}
    for i in members:
        b = 1.0 if i == target else 0.0
        b += dot((_w(ix, i, k, end), known.get(k, 0.0)) for k in sub.successors(i) if k not in members and k != exclude)
        base[i] = b
        inner[i] = [(k, _w(ix, i, k, end)) for k in sub.successors(i) if k in members]
    return fixpoint(base, inner, end, solver, misses)


def integrated_holdings(
    ix: Index, sub: nx.DiGraph, source: str, end: str, solver: Solver, misses: list[NotConverged]
) -> dict[str, float]:
    """Walk sums from ``source`` down to every node of ``sub`` (source's in-edges already removed)."""
    y: dict[str, float] = {}
    cond = nx.condensation(sub)
    for c in nx.topological_sort(cond):  # holders before held
        members = cond.nodes[c]["members"]
        if len(members) == 1 and not sub.has_edge(next(iter(members)), next(iter(members))):
            j = next(iter(members))
            y[j] = 1.0 if j == source else dot((_w(ix, k, j, end), y[k]) for k in sub.predecessors(j))
            continue
        base = {j: dot((_w(ix, k, j, end), y[k]) for k in sub.predecessors(j) if k not in members) for j in members}
        inner = {j: [(k, _w(ix, k, j, end)) for k in sub.predecessors(j) if k in members] for j in members}
        y.update(fixpoint(base, inner, end, solver, misses))
    return y


def fixpoint(
    base: dict[str, float],
    inner: dict[str, list[tuple[str, float]]],
    end: str,
    solver: Solver,
    misses: list[NotConverged],
) -> dict[str, float]:
    """Solve v = base + W v inside one strongly connected component (a cross-holding cycle).

    Small components (the usual case) are solved directly, v = (I - W)^-1 base, which is exact
    however close the cycle is to 100%; a singular or non-positive system means the walk series
    diverges (cycles of 100%), which at the upper end is infinite (capped at 1 later). Large
    components iterate from 0: any truncation is still a lower bound. Iterating up to
    ``solver.max_iterations`` without converging is recorded in ``misses``.
    """
    order = list(base)
    if len(order) <= solver.direct_limit:
        import numpy as np

        pos = {n: i for i, n in enumerate(order)}
        A = np.eye(len(order))
        for i in order:
            for k, w in inner[i]:
                A[pos[i], pos[k]] -= w
        b = np.array([base[i] for i in order])
        try:
            x = np.linalg.solve(A, b)
            ok = bool(np.all(np.isfinite(x)) and np.all(x >= -1e-12) and np.linalg.cond(A) < 1e12)
        except np.linalg.LinAlgError:
            ok = False
        if ok:
            return {i: max(0.0, float(x[pos[i]])) for i in order}
        if end == "hi":
            return {i: float("inf") for i in order}
    v = dict.fromkeys(base, 0.0)
    converged = diverged = False
    for _ in range(solver.max_iterations):
        new = {i: base[i] + dot((w, v[k]) for k, w in inner[i]) for i in base}
        delta = max(abs(new[i] - v[i]) for i in base)
        v = new
        if delta < solver.tolerance:
            converged = True
            break
        if max(v.values()) > 1e9:
            diverged = True  # the series runs off: a cycle of 100%, not a failure to converge
            break
    if not converged and not diverged:
        misses.append(NotConverged(Solve.CYCLE, end, tuple(sorted(order)), solver.max_iterations))
    if end == "hi" and not converged:
        return {i: float("inf") for i in base}
    return v


def integrated_matrix(ix: Index, end: str, solver: Solver, *, prune: float = 1e-12) -> IntegratedMatrix:
    """Every integrated stake at once, as a sparse matrix: ``U[i, j]`` i's stake in j.

    ``S = W + W^2 + ...`` by sparse products of walk lengths (dropping walks worth less
    than ``prune``), then each row of an owner inside a cycle is divided by ``N[i, i] = 1 + S[i, i]``.
    Walks are summed up to ``solver.max_length`` links; at the upper end a series still running then
    is reported as 1, the most a stake can be, and the result says it did not converge.
    """
    import numpy as np
    import scipy.sparse as sp

    nodes, rows, cols, lo, hi = _arrays(ix)
    vals = lo if end == "lo" else hi
    n = len(nodes)
    W = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    W.eliminate_zeros()
    S = W.copy()
    P = W
    running = False
    for _ in range(solver.max_length):
        P = P @ W
        if prune:
            P.data[P.data < prune] = 0
            P.eliminate_zeros()
        if P.nnz == 0:
            break
        S = S + P
    else:
        running = True
    U = sp.diags(1.0 / (1.0 + S.diagonal())) @ S
    if running and end == "hi":  # series not finished (cycles near 100%): those stakes are bounded by 1 only
        U = U.maximum(sp.csr_matrix((np.ones(P.nnz), P.nonzero()), shape=(n, n)))
    U.setdiag(0)
    U.eliminate_zeros()
    U.data = np.minimum(U.data, 1.0)
    miss = NotConverged(Solve.WALKS, end, (), solver.max_length) if running else None
    return IntegratedMatrix(nodes, U.tocsr(), miss)


def _arrays(ix: Index):
    """The economic links as index arrays (built once per index; both ends of the ranges share them)."""
    if ix.coo is None:
        import numpy as np

        nodes = sorted(set(ix.econ_out) | set(ix.econ_in))
        pos = {n: i for i, n in enumerate(nodes)}
        links = [link for held in ix.econ_out.values() for link in held.values()]
        rows = np.fromiter((pos[link.holder] for link in links), dtype=np.int64, count=len(links))
        cols = np.fromiter((pos[link.held] for link in links), dtype=np.int64, count=len(links))
        lo = np.fromiter((link.stake.lo for link in links), dtype=np.float64, count=len(links))
        hi = np.fromiter((link.stake.hi for link in links), dtype=np.float64, count=len(links))
        ix.coo = (nodes, rows, cols, lo, hi)
    return ix.coo
