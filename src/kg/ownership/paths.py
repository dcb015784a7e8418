"""Ownership and control chains: proofs as a lazy generator with a cutoff, ``kg path``, and chain counts.

:func:`iter_paths` yields the chains from one entity down to another shortest first and stops at
``max_hops``; the callers take as many as they show. :func:`path_counts` counts every chain to or
from an anchor at once, in O(edges).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice, pairwise

import networkx as nx

from kg.errors import UsageError
from kg.graph.dating import ASSERTED, UNSTATED_START
from kg.ownership.index import Index
from kg.ownership.lookthrough import reach, subgraph
from kg.ownership.results import EntityRef, PathProof, PathsResult, UnstatedDates
from kg.ownership.stake import ONE, ZERO, Assumption, Link, Stake


def iter_paths(ix: Index, sub: nx.DiGraph, links: dict[str, dict[str, Link]], source: str, target: str, max_hops: int):
    """The chains of ``sub`` from ``source`` to ``target``, shortest first, as :class:`PathProof`; lazily.

    Ends (and returns True) at the first chain longer than ``max_hops``; returns False when there are no more.
    """
    if source not in sub or target not in sub:
        return False
    try:
        for path in nx.shortest_simple_paths(sub, source, target):
            if len(path) - 1 > max_hops:
                return True
            yield _proof(ix, path, links)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        pass
    return False


def path_proofs(
    ix: Index, source: str, target: str, *, sub: nx.DiGraph | None = None, limit: int = 20, max_hops: int = 8
) -> Iterator[PathProof]:
    """The economic chains from ``source`` down to ``target``, shortest first: at most ``limit`` of ``max_hops``."""
    sub = sub if sub is not None else subgraph(ix, reach(source, ix.econ_out) | {source})
    return islice(iter_paths(ix, sub, ix.econ_out, source, target, max_hops), limit)


def _proof(ix: Index, path: list[str], links: dict[str, dict[str, Link]]) -> PathProof:
    hops, product, status = [], ONE, ASSERTED
    for a, b in pairwise(path):
        link = links[a][b]
        if link.status == UNSTATED_START:
            status = UNSTATED_START
        product = product * link.stake
        hops.append(link)
    return PathProof(tuple(path), tuple(hops), product, status, {n: ix.label(n) for n in path}, ix.sources)


def paths(ix: Index, source: str, target: str, *, track: str = "economic", max_hops: int = 6, max_paths: int = 50):
    """Every ownership / control chain from ``source`` down to ``target``, shortest first, bounded."""
    ix.check(source)
    ix.check(target)
    if source == target:
        raise UsageError("FROM and TO are the same entity; a path needs two")
    links = track_links(ix, track)
    sub = nx.DiGraph()
    sub.add_edges_from((a, b) for a, bs in links.items() for b in bs)
    found: list[PathProof] = []
    gen = iter_paths(ix, sub, links, source, target, max_hops)
    truncated = False
    while True:
        try:
            proof = next(gen)
        except StopIteration as stop:
            truncated = bool(stop.value)
            break
        if len(found) == max_paths:
            truncated = True
            break
        found.append(proof)
    # the sum of the products as shown (rounded), as the JSON has always added them up
    total = sum((Stake(d["low"] / 100, d["high"] / 100) for d in (p.stake.as_dict() for p in found)), ZERO)
    unstated = [link for p in found for link in p.links if link.status == UNSTATED_START]
    return PathsResult(
        EntityRef(source, ix.label(source)),
        EntityRef(target, ix.label(target)),
        ix.day.isoformat(),
        track,
        max_hops,
        tuple(found),
        total,
        truncated,
        UnstatedDates.of(unstated),
    )


def track_links(ix: Index, track: str) -> dict[str, dict[str, Link]]:
    """holder → held → link on one track: economic, control (control, concert and votes) or any (both, and the
    interests of unknown kind)."""
    if track == "economic":
        return ix.econ_out
    links: dict[str, dict[str, Link]] = defaultdict(dict)
    for h, controlled in ix.control_out.items():
        for o, claims in controlled.items():
            links[h][o] = Link(h, o, ONE, claims, Assumption.CONTROL)
    for party, members in ix.members.items():
        for m in members:
            links[m][party] = Link(m, party, ONE, [], Assumption.CONCERT, unstated=ix.unstated_member(m, party))
    for o, holders in ix.vote_in.items():
        for h, link in holders.items():
            if o not in links[h]:
                links[h][o] = link
    if track == "any":
        for h, held in ix.econ_out.items():
            for o, link in held.items():
                links[h].setdefault(o, link)
        for h, linked in ix.links_out.items():
            for o, claims in linked.items():
                links[h].setdefault(o, Link(h, o, ix.unknown, claims, Assumption.LINK))
    elif track != "control":
        raise UsageError(f"unknown track '{track}'; use economic, control or any")
    return links


def path_counts(sub: nx.DiGraph, anchor: str, *, downward: bool, cap: int = 10**9) -> dict[str, int]:
    """Number of ownership chains between ``anchor`` and every node of ``sub``, all at once, in O(edges).

    ``downward``: chains from ``anchor`` to each node; else from each node to ``anchor``.
    A chain never passes through ``anchor`` on its way, so the links back into it (downward) or
    out of it (upward) are left out first. Counting simple paths through the cross-holding cycles
    that remain is #P-hard, so it is bounded from below, on the DAG of their components: from any
    member of a cycle each of the cycle's exits is reached by at least one chain inside it, so
    every member counts the chains through every exit. That is exact for a pair holding each other
    and never 0 for a node that has a chain. The stakes themselves include every walk around the cycles.
    """
    if anchor not in sub:
        return {}
    # Downward, count from each node up to the anchor: one direction to reason about.
    view = sub.reverse(copy=False) if downward else sub
    try:  # the common case, no cross-holding: one pass in topological order, nothing copied
        order = list(nx.topological_sort(view))
    except nx.NetworkXUnfeasible:
        return path_counts_cyclic(view, anchor, cap)
    count: dict[str, int] = {}
    for n in reversed(order):  # successors (nearer the anchor) first
        count[n] = 1 if n == anchor else min(cap, sum(count[k] for k in view.successors(n)))
    return count


def path_counts_cyclic(view: nx.DiGraph, anchor: str, cap: int) -> dict[str, int]:
    """:func:`path_counts` on a graph with cycles, counting toward ``anchor`` along ``view``'s edges.

    Nothing is copied but the anchor's own cycle: a chain ends at the anchor, so its edges out
    of it are dropped there before that cycle is split into components again.
    """
    comps = list(nx.strongly_connected_components(view))
    mine = next(i for i, c in enumerate(comps) if anchor in c)
    if len(comps[mine]) > 1:
        inner = view.subgraph(comps[mine]).copy()
        inner.remove_edges_from(list(inner.out_edges(anchor)))
        comps[mine : mine + 1] = list(nx.strongly_connected_components(inner))
    where = {n: i for i, c in enumerate(comps) for n in c}
    dag = nx.DiGraph()  # the components, only to order them
    dag.add_nodes_from(range(len(comps)))
    dag.add_edges_from((where[a], where[b]) for a, b in view.edges if a != anchor and where[a] != where[b])
    count: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(dag))):  # components nearer the anchor first
        if anchor in comps[c]:
            count[c] = 1
            continue
        exits = (k for n in comps[c] for k in view.successors(n) if where[k] != c)
        count[c] = min(cap, sum(count[where[k]] for k in exits))
    return {n: count[where[n]] for n in view}
