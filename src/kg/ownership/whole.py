"""Every look-through stake at once, for the derived statements: one pass over the whole economic graph.

``N = (I - W)^-1`` row by row, held side first: outside cross-holding cycles ``N[i] = e_i + Σ_k W[i, k] N[k]``;
a cycle (a strongly connected component, :mod:`kg.ownership.loops`) is solved once for all the columns
below it, ``N_C = (I - W_CC)^-1 (E_C + W_C,out N_out)``, and its members' stakes are ``N[i, j] / N[i, i]``
(the walks that do not come back to i). Both ends of the ranges go together. Each row holds only
the entities below it, so the cost is that of the answer (the number of holder–target pairs), not
of one solve per target.

The values are those of :func:`kg.ownership.lookthrough.integrated_owners`. A cycle it would not solve
directly (larger than ``solver.direct_limit``, singular, ill-conditioned, or diverging at either end:
it then iterates, or reports 100%) is left to that per-target function, for the targets below that
cycle only, so the answers stay the same there too.

:func:`used_below` gives each stake's ``prov:wasDerivedFrom`` set: the statements on the links
between holder and target.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from kg.ownership.index import Index
from kg.ownership.lookthrough import Solver, integrated_owners
from kg.ownership.loops import condense
from kg.ownership.stake import Stake

Row = dict[str, tuple[float, float]]  # column → (N at the low end, N at the high end)
NAN = (math.nan, math.nan)


def integrated_all(ix: Index, solver: Solver) -> dict[str, dict[str, Stake]]:
    """target → {holder → its integrated stake in target}, for every entity with an owner."""
    rows = _rows(ix, solver)
    cols: dict[str, dict[str, Stake]] = {}
    redo: set[str] = set()
    for i, row in rows.items():
        dlo, dhi = row[i]
        for j, (lo, hi) in row.items():
            if j == i:
                continue
            if lo != lo or hi != hi:  # NaN: below a cycle left to the per-target solve
                redo.add(j)
                continue
            if dlo != 1.0 or dhi != 1.0:  # i in a cycle: the walks that do not return to i
                lo, hi = max(0.0, lo / dlo), max(0.0, hi / dhi)
            cols.setdefault(j, {})[i] = Stake(min(lo, 1.0), min(hi, 1.0))
    for j in sorted(redo):
        cols[j] = integrated_owners(ix, j, solver)
    return cols


def _rows(ix: Index, solver: Solver) -> dict[str, Row]:
    """N row by row for every entity on an economic link, components in topological order (held first)."""
    out = ix.econ_out
    cond = condense({h: held.keys() for h, held in out.items()})
    below: list[set[int]] = [set() for _ in cond.members]
    for c, above in enumerate(cond.above):
        for a in above:
            below[a].add(c)
    waiting = [len(b) for b in below]
    ready = [c for c, n in enumerate(waiting) if n == 0]
    rows: dict[str, Row] = {}
    while ready:
        c = ready.pop()
        members = cond.members[c]
        if cond.cyclic[c]:
            rows.update(_cycle_rows(ix, members, rows, solver))
        else:
            i = members[0]
            rows[i] = _row(i, out.get(i, {}), rows)
        for a in cond.above[c]:
            waiting[a] -= 1
            if waiting[a] == 0:
                ready.append(a)
    return rows


def _row(i: str, held: dict, rows: dict[str, Row]) -> Row:
    """N[i] = e_i + Σ_k W[i, k] N[k] (i in no cycle)."""
    acc: Row = {i: (1.0, 1.0)}
    for k, link in held.items():
        wl, wh = link.stake.lo, link.stake.hi
        for j, (lo, hi) in rows[k].items():
            cur = acc.get(j)
            if cur is None:
                acc[j] = (wl * lo if wl else 0.0, wh * hi if wh else 0.0)
            else:
                acc[j] = (cur[0] + wl * lo if wl else cur[0], cur[1] + wh * hi if wh else cur[1])
    return acc


def _cycle_rows(ix: Index, members: tuple[str, ...], rows: dict[str, Row], solver: Solver) -> dict[str, Row]:
    """The rows of one cross-holding cycle, solved once for every column below it (NaN where left to redo)."""
    import numpy as np

    pos = {m: p for p, m in enumerate(members)}
    outside = {m: {k: link for k, link in ix.econ_out.get(m, {}).items() if k not in pos} for m in members}
    cols = list(members) + sorted({j for m in members for k in outside[m] for j in rows[k]} - set(members))
    if len(members) > solver.direct_limit:
        return {m: dict.fromkeys(cols, NAN) for m in members}
    cpos = {j: p for p, j in enumerate(cols)}
    n = len(members)
    ends = []
    for end in (0, 1):
        A = np.eye(n)
        B = np.zeros((n, len(cols)))
        for m in members:
            r = pos[m]
            B[r, r] = 1.0
            for k, link in ix.econ_out.get(m, {}).items():
                w = link.stake.lo if end == 0 else link.stake.hi
                if k in pos:
                    A[r, pos[k]] -= w
                elif w:
                    for j, v in rows[k].items():
                        B[r, cpos[j]] += w * v[end]
        X = _solve(A, B)
        if X is None:
            return {m: dict.fromkeys(cols, NAN) for m in members}
        ends.append(X)
    lo, hi = ends
    return {
        m: {j: (max(0.0, float(lo[pos[m], q])), max(0.0, float(hi[pos[m], q]))) for q, j in enumerate(cols)}
        for m in members
    }


def _solve(A, B):
    """X = A^-1 B when the per-target solve would take the direct path for every column, and for every member
    taken out (its first-passage solve), else None."""
    import numpy as np

    if not np.all(np.isfinite(B)):
        return None
    try:
        X = np.linalg.solve(A, B)
    except np.linalg.LinAlgError:
        return None
    if not (np.all(np.isfinite(X)) and np.all(X >= -1e-12) and np.linalg.cond(A) < 1e12):
        return None
    W = np.eye(len(A)) - A
    if len(A) > 1 and max(abs(np.linalg.eigvals(W))) >= 1 - 1e-9:
        return None  # the walk series would not converge: left to the per-target solve
    for r in range(len(A)):
        keep = [q for q in range(len(A)) if q != r]
        if keep and np.linalg.cond(A[np.ix_(keep, keep)]) >= 1e12:
            return None
    return X


def used_below(ix: Index, target: str, holders: set[str]) -> Iterator[tuple[str, set[str]]]:
    """(holder, the statement ids on the economic links from holder down to ``target``), holders sorted.

    The links among ``holders`` and ``target`` are gathered once; each holder's set is a walk
    down them, so the cost is the size of the answer.
    """
    nodes = holders | {target}
    down: dict[str, list[tuple[str, list[str]]]] = {}
    for o in nodes:
        for h, link in ix.econ_in.get(o, {}).items():
            if h in nodes:
                down.setdefault(h, []).append((o, [c.statement for c in link.claims]))
    for holder in sorted(holders):
        seen, todo = {holder}, [holder]
        used: set[str] = set()
        while todo:
            for o, statements in down.get(todo.pop(), ()):
                used.update(statements)
                if o not in seen:
                    seen.add(o)
                    todo.append(o)
        yield holder, used
