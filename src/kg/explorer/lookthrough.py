"""The explorer's look-through snapshots: for each date the ownership structure changes, the economic
links (with the statements behind them) and every look-through stake, from kg.ownership, so the page
shows exact stakes without summing paths itself."""

from __future__ import annotations

import weakref
from datetime import date, timedelta

import networkx as nx

from kg.graph.dating import UNSTATED_START
from kg.schema.specs import Ontology

LOOKTHROUGH_LIMIT = 5000  # nodes; above, the page sums the paths it finds instead of precomputed stakes
MAX_SNAPSHOTS = 24  # ownership dates with their own precomputed look-through


def _pct(x: float) -> float:
    return round(x * 100, 6) + 0.0


def snapshot(own) -> dict:
    """The economic links (with the statements behind them) and every look-through stake, for one date.

    A link is ``[holder, held, low, high, flag, statement ids]`` and a stake ``[holder, held, low, high]``;
    ``ul`` and ``ult`` index the links and stakes that rest on a holding whose start no source states
    (held only as of a later date: see kg.graph.dating).
    """
    links, ul = [], []
    for holder in sorted(own.econ_out):
        for held, link in sorted(own.econ_out[holder].items()):
            flag = 1 if link.assumed else (2 if link.conflict else 0)
            links.append(
                [holder, held, _pct(link.stake.lo), _pct(link.stake.hi), flag, sorted(c.statement for c in link.claims)]
            )
            if link.status == UNSTATED_START:
                ul.append(len(links) - 1)
    stakes: dict[tuple[str, str], list[float]] = {}
    resting: set[tuple[str, str]] = set()
    if links:
        for end, col in (("hi", 1), ("lo", 0)):
            nodes, U = own.integrated_matrix(end)
            if end == "hi":
                resting = _resting_on_unstated(own, nodes, U)
            U = U.tocoo()
            for i, j, v in zip(U.row.tolist(), U.col.tolist(), U.data.tolist(), strict=True):
                stakes.setdefault((nodes[i], nodes[j]), [0.0, 0.0])[col] = _pct(v)
    lt = [[a, b, lo, hi] for (a, b), (lo, hi) in sorted(stakes.items())]
    return {"links": links, "lt": lt, "ul": ul, "ult": [i for i, r in enumerate(lt) if (r[0], r[1]) in resting]}


def _resting_on_unstated(own, nodes: list[str], U) -> set[tuple[str, str]]:
    """The pairs (i, j) whose look-through stake uses a link no source asserts on the day: i reaches the link's
    holder and its held entity reaches j. Reachability is the pattern of the upper-end stakes ``U``, so this is
    one sparse product R·F·R, not a walk per pair."""
    import numpy as np
    import scipy.sparse as sp

    ix = {n: i for i, n in enumerate(nodes)}
    flagged = [
        (ix[link.holder], ix[link.held])
        for held in own.econ_out.values()
        for link in held.values()
        if link.status == UNSTATED_START
    ]
    if not flagged:
        return set()
    n = len(nodes)
    R = ((U != 0) + sp.identity(n, dtype=bool, format="csr")).astype(np.int64)
    F = sp.csr_matrix((np.ones(len(flagged), dtype=np.int64), tuple(np.array(flagged).T)), shape=(n, n))
    T = ((R @ F).astype(bool).astype(np.int64) @ R).tocoo()  # counts of at most n: no overflow
    return {(nodes[i], nodes[j]) for i, j in zip(T.row.tolist(), T.col.tolist(), strict=True) if i != j}


_MADE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph → {question: snapshots}, while it lives


def snapshots(G: nx.MultiDiGraph, onto: Ontology, sources: dict, as_of: str | None, own_dates: list[str]) -> dict:
    """Look-through snapshots: one per interval between the dates where ownership statements start or end.

    Made once per graph and question: ``kg build`` writes two pages of the same graph (graph.html, focus.html),
    whose snapshots are the same.
    """
    key = (id(onto), id(sources), len(sources), G.number_of_nodes(), G.number_of_edges(), as_of, tuple(own_dates))
    made = _MADE.setdefault(G, {})
    if key not in made:
        made.clear()  # one question kept per graph: the graph may have changed since
        made[key] = _snapshots(G, onto, sources, as_of, own_dates)
    return made[key]


def _snapshots(G: nx.MultiDiGraph, onto: Ontology, sources: dict, as_of: str | None, own_dates: list[str]) -> dict:
    from kg.ownership.engine import Ownership

    if not own_dates or len(own_dates) > MAX_SNAPSHOTS:
        key = as_of or "any"
        return {
            "bps": [],
            "before": key,
            "only": bool(own_dates),
            "asOf": as_of,
            "snaps": {key: snapshot(Ownership(G, onto, as_of=as_of, sources=sources))},
        }
    before = (date.fromisoformat(own_dates[0]) - timedelta(days=1)).isoformat()
    snaps = {day: snapshot(Ownership(G, onto, as_of=day, sources=sources)) for day in [before, *own_dates]}
    return {"bps": own_dates, "before": before, "only": False, "asOf": as_of, "snaps": snaps}
