"""``kg owners`` and ``kg holdings`` as pure functions of an index: look-through stakes, chains and coverage."""

from __future__ import annotations

from collections import deque

import networkx as nx

from kg.graph.dating import ASSERTED, UNSTATED_START
from kg.ownership.index import Index
from kg.ownership.lookthrough import Solver, integrated_holdings, integrated_owners, reach, subgraph
from kg.ownership.loops import condense, controllers_on_top
from kg.ownership.paths import path_counts, path_proofs
from kg.ownership.results import EntityRef, HoldingsResult, NotConverged, OwnersResult, StakeRow, UnstatedDates
from kg.ownership.stake import ZERO, Link, Stake


def entity(ix: Index, node: str) -> EntityRef:
    """id, label and, where known, the founding date (before it, nothing holds or is held)."""
    founded = ix.dating.founded(node)
    return EntityRef(node, ix.label(node), str(founded) if founded else None)


def owners(
    ix: Index,
    target: str,
    solver: Solver,
    *,
    direct_only: bool = False,
    min_share: float = 0.0,
    explain: bool = False,
    max_paths: int = 20,
) -> OwnersResult:
    """Every owner of ``target`` with its direct and integrated stake, paths and proof."""
    ix.check(target)
    misses: list[NotConverged] = []
    stakes = integrated_owners(ix, target, solver, misses)
    direct = ix.econ_in.get(target, {})
    sub = subgraph(ix, set(stakes) | {target})
    top = controllers_on_top(condense(nx.to_dict_of_lists(sub)), target)  # owners nobody owns; closed loops
    ultimate_top = set(top.ultimate)
    counts = path_counts(sub, target, downward=False)
    flagged = unstated_links(ix, sub)
    resting = closure({link.holder for link in flagged}, sub.predecessors)  # owners whose chains use one
    rows = []
    for i, st in stakes.items():
        if direct_only and i not in direct:
            continue
        if st.hi * 100 < min_share:
            continue
        proof = tuple(path_proofs(ix, i, target, sub=sub, limit=max_paths)) if explain else None
        rows.append(
            StakeRow(
                i,
                ix.label(i),
                ix.type(i),
                direct[i].stake if i in direct else None,
                st,
                counts.get(i, 0),
                UNSTATED_START if i in resting else ASSERTED,
                ultimate=i in ultimate_top,
                proof=proof,
            )
        )
    rows.sort(key=_row_order)
    direct_cov = sum((link.stake for link in direct.values()), ZERO)
    ult_cov = sum((stakes[i] for i in ultimate_top), ZERO)
    return OwnersResult(
        entity(ix, target),
        ix.day.isoformat(),
        ix.unknown,
        len(stakes) - len(rows),
        tuple((h, o, s) for (h, o), s in sorted(ix.assume.items())),
        direct_cov.capped(),
        ult_cov.capped(),
        tuple(sorted({m for loop in top.loops for m in loop})),
        tuple(rows),
        tuple(
            (c, ix.label(c.holder))
            for c in sorted(ix.aggregates.get(target, []), key=lambda c: (c.holder, c.statement))
        ),
        tuple(link for link in direct.values() if link.conflict),
        any(link.status == UNSTATED_START for link in direct.values()),
        bool(ultimate_top & resting),
        UnstatedDates.of(flagged),
        tuple(misses),
    )


def holdings(
    ix: Index, source: str, solver: Solver, *, min_share: float = 0.0, explain: bool = False, max_paths: int = 20
) -> HoldingsResult:
    """What ``source`` holds directly and through its vehicles, with look-through stakes."""
    ix.check(source)
    nodes = reach(source, ix.econ_out) | {source}
    sub = subgraph(ix, nodes)
    sub.remove_edges_from([(h, source) for h in list(sub.predecessors(source))])  # first passage from source
    misses: list[NotConverged] = []
    lo = integrated_holdings(ix, sub, source, "lo", solver, misses)
    hi = integrated_holdings(ix, sub, source, "hi", solver, misses)
    found = [(j, lo[j], hi[j]) for j in sorted(lo) if j != source]
    direct = ix.econ_out.get(source, {})
    counts = path_counts(sub, source, downward=True)
    flagged = unstated_links(ix, sub)
    resting = closure({link.held for link in flagged}, sub.successors)  # holdings reached through one
    rows = []
    for j, j_lo, j_hi in found:
        st = Stake(j_lo, j_hi).capped()
        if st.hi * 100 < min_share:
            continue
        proof = tuple(path_proofs(ix, source, j, sub=sub, limit=max_paths)) if explain else None
        rows.append(
            StakeRow(
                j,
                ix.label(j),
                ix.type(j),
                direct[j].stake if j in direct else None,
                st,
                counts.get(j, 0),
                UNSTATED_START if j in resting else ASSERTED,
                via=tuple(sorted(k for k in sub.predecessors(j) if k != source)),
                proof=proof,
            )
        )
    rows.sort(key=_row_order)
    return HoldingsResult(
        entity(ix, source),
        ix.day.isoformat(),
        ix.unknown,
        tuple(rows),
        len(found) - len(rows),
        UnstatedDates.of(flagged),
        tuple((c, ix.label(c.held)) for cl in ix.aggregates.values() for c in cl if c.holder == source),
        tuple(misses),
    )


def _row_order(r: StakeRow) -> tuple:
    """Largest look-through first (as shown: rounded), then by id."""
    return (-round(r.integrated.lo * 100, 6), -round(r.integrated.hi * 100, 6), r.id)


def unstated_links(ix: Index, sub: nx.DiGraph) -> list[Link]:
    """The economic links of ``sub`` that no source asserts on the day (held as of a later date, start not stated)."""
    pairs = ix.unstated_pairs
    return [ix.econ_out[h][o] for h, o in sub.edges if (h, o) in pairs] if pairs else []


def closure(starts: set[str], step) -> set[str]:
    """``starts`` and every node reached from them by ``step`` (a successors or predecessors function), in O(edges)."""
    seen, todo = set(starts), deque(starts)
    while todo:
        for n in step(todo.popleft()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen
