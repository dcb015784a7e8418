"""Positions for a large whole-graph view, computed in Python so the page needs no physics.

Above :data:`PHYSICS_LIMIT` entities on screen vis-network's physics is too slow to settle; the page
then draws at the positions computed here in O(n log n): one cluster per type on a ring, each a
sunflower spiral with the best-connected entities at its centre. Deterministic.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

PHYSICS_LIMIT = 1000  # nodes on screen; above, positions are computed here and physics is off


def place(G: nx.MultiDiGraph, ids: list[str], nodes: list[dict]) -> None:
    """Give each node item of a large graph its ``x`` and ``y`` (``nodes`` in the order of ``ids``)."""
    succ, pred = G._succ, G._pred
    degree = {n: len(succ[n]) + len(pred[n]) for n in ids}  # distinct neighbours: enough to order a spiral
    for item, (x, y) in zip(nodes, layout(ids, [n["kind"] for n in nodes], degree), strict=True):
        item["x"], item["y"] = x, y


def layout(ids: list[str], kinds: list[str], degree: dict) -> list[tuple[int, int]]:
    """Positions for a large graph, O(n log n): one cluster per type on a ring, each a sunflower spiral.

    Within a cluster the best-connected nodes sit at the centre (spiral order by degree, then id);
    clusters are discs whose area grows with their node count. Deterministic.
    """
    spacing = 28.0
    golden = math.pi * (3 - math.sqrt(5))
    groups: dict[str, list[int]] = defaultdict(list)
    for i, kind in enumerate(kinds):
        groups[kind].append(i)
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    radius = {k: spacing * math.sqrt(len(groups[k])) + spacing for k in order}
    gap = spacing * 6
    total = sum(2 * radius[k] + gap for k in order)
    ring = total / (2 * math.pi) if len(order) > 1 else 0.0
    pos: list[tuple[int, int]] = [(0, 0)] * len(ids)
    along = 0.0
    for k in order:
        along += radius[k] + gap / 2
        angle = 2 * math.pi * along / total
        cx, cy = ring * math.cos(angle), ring * math.sin(angle)
        along += radius[k] + gap / 2
        members = sorted(groups[k], key=lambda i: (-degree[ids[i]], ids[i]))
        for rank, i in enumerate(members):
            r = spacing * math.sqrt(rank + 0.5)
            t = rank * golden
            pos[i] = (round(cx + r * math.cos(t)), round(cy + r * math.sin(t)))
    return pos
