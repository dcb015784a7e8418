"""Who is on top of a chain of control when the chain has loops: strongly connected components.

A pure function of a control relation — ``edges[x]`` = the entities x controls (at some
threshold; directly or transitively, either works) — with no knowledge of shares or graphs:

* :func:`condense` finds the strongly connected components (entities that control each other,
  directly or through others: a cross-holding loop) and the edges between them, which form a DAG.
* :func:`controllers_on_top` answers, for one target, who is on top of its chain of control:
  an entity is an *ultimate controller* of Y only if nobody controls it — in particular neither Y
  nor anyone in Y's chain of control — so it is a component of one entity with no edge into it.
  A component of several entities with no edge into it is a *loop* that controls Y with nobody
  above it: none of its members is an ultimate controller, and Y is "controlled by the loop".
  Y's own component never supplies an ultimate controller (its members are controlled by Y).

Tarjan's algorithm (iterative: no recursion limit on hostile input) is O(V + E); the walk up the
condensation is O(the part of it above Y). The answers do not depend on the order of ``edges``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Condensation:
    """The components of a directed graph and the DAG between them.

    ``component[n]`` is n's component index; ``members[c]`` its sorted members; ``above[c]`` the
    components with an edge into c (``cyclic[c]``: c is a loop — several members, or one that
    controls itself).
    """

    component: dict[str, int]
    members: list[tuple[str, ...]]
    above: list[frozenset[int]]
    cyclic: list[bool]


@dataclass(frozen=True, slots=True)
class OnTop:
    """The top of one target's chain of control: ultimate controllers and controlling loops (sorted)."""

    ultimate: list[str]
    loops: list[list[str]]


def condense(edges: Mapping[str, Iterable[str]]) -> Condensation:
    """Strongly connected components of ``edges`` (x → each entity x controls), in one O(V + E) pass."""
    succ: dict[str, list[str]] = {}
    for x in sorted(edges):
        succ.setdefault(x, [])
        for y in sorted(set(edges[x])):
            succ[x].append(y)
            succ.setdefault(y, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    comps: list[list[str]] = []
    for root in sorted(succ):
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        n = stack.pop()
                        on_stack.discard(n)
                        comp.append(n)
                        if n == node:
                            break
                    comps.append(comp)
    comps.sort(key=min)  # numbered by their smallest member: independent of the input's order
    component = {n: i for i, comp in enumerate(comps) for n in comp}
    above: list[set[int]] = [set() for _ in comps]
    cyclic = [len(comp) > 1 for comp in comps]
    for x, ys in succ.items():
        for y in ys:
            cx, cy = component[x], component[y]
            if cx != cy:
                above[cy].add(cx)
            elif x == y:
                cyclic[cx] = True
    return Condensation(component, [tuple(sorted(c)) for c in comps], [frozenset(a) for a in above], cyclic)


def controllers_on_top(cond: Condensation, target: str) -> OnTop:
    """The ultimate controllers of ``target`` and the loops that control it with nobody above them.

    Walks up the condensation from ``target``'s component; every component reached with no edge
    into it is a top: one entity (not a loop) is an ultimate controller, a loop is reported whole.
    ``target``'s own component counts as a top only when it is a loop (``target`` controls itself
    through others) with nobody above it.
    """
    if target not in cond.component:
        return OnTop([], [])
    start = cond.component[target]
    seen, todo, tops = {start}, [start], []
    while todo:
        c = todo.pop()
        if not cond.above[c] and (c != start or cond.cyclic[c]):
            tops.append(c)
        for a in cond.above[c]:
            if a not in seen:
                seen.add(a)
                todo.append(a)
    ultimate = sorted(cond.members[c][0] for c in tops if not cond.cyclic[c])
    loops = sorted(list(cond.members[c]) for c in tops if cond.cyclic[c])
    return OnTop(ultimate, loops)
