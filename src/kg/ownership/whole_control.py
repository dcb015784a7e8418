"""Every ultimate controller at one threshold at once, for the derived statements: one propagation.

``z`` controls ``t`` (``t`` is in z's bloc, :func:`kg.ownership.control.grow`) when z, or something z
controls, states control of t or is t's acting-in-concert group, or when the votes in t held by z and
by what z controls pass the threshold. That is local to t given the controllers of t's holders, so
the controllers of every entity come from one pass over the strongly connected components of "who
reaches whom by votes, stated control or concert" (:mod:`kg.ownership.loops`) in topological order,
holders first, memoised; inside a component (a voting cross-holding) the same rule is applied until
nothing changes, the least fixpoint, as ``grow`` reaches it.

An ultimate controller of t is a controller nobody else controls: a member of a closed loop is
controlled by the others, so it is nobody's ultimate controller, as in :func:`kg.ownership.control.control`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.ownership.index import Index
from kg.ownership.loops import Condensation, condense
from kg.ownership.stake import ZERO, Stake


@dataclass(frozen=True, slots=True)
class UltimateControl:
    """One ultimate controller of one target, as :func:`kg.ownership.control.control` reports its bloc."""

    id: str
    votes: Stake | None  # the bloc's votes in the target (None: control stated, no votes held)
    through: tuple[str, ...]  # the target's voting holders it controls (itself excluded)
    members: tuple[str, ...]  # its acting-in-concert members


def strict(threshold: float) -> bool:
    """Majority means more than half; other levels are "at least"."""
    return abs(threshold - 50) < 1e-9


@dataclass(frozen=True, slots=True)
class Reach:
    """Who reaches whom by stated control, concert or votes (the same at every threshold), and its components."""

    stated: dict[str, set[str]]  # held → who states control of it, or is its acting-in-concert group
    cond: Condensation


def reach(ix: Index) -> Reach:
    """The graph the propagation runs over, built once per index."""
    stated: dict[str, set[str]] = defaultdict(set)
    for s, held in ix.control_out.items():
        for o in held:
            if o != s:
                stated[o].add(s)
    for party, group in ix.members.items():
        for m in group:
            if m != party:
                stated[m].add(party)
    edges: dict[str, set[str]] = defaultdict(set)
    for o, by in stated.items():
        for s in by:
            edges[s].add(o)
    for o, voters in ix.vote_in.items():
        for h in voters:
            edges[h].add(o)
    return Reach(dict(stated), condense(edges))


def controllers_all(ix: Index, threshold: float, graph: Reach | None = None) -> dict[str, set[str]]:
    """entity → everything else that controls it at ``threshold`` (percent), for every entity controlled."""
    t = threshold / 100
    if strict(threshold):

        def passes(x: float) -> bool:
            return x > t + 1e-12
    else:

        def passes(x: float) -> bool:
            return x >= t - 1e-12

    graph = graph or reach(ix)
    stated, cond = graph.stated, graph.cond
    ctrl: dict[str, set[str]] = {}
    empty: set[str] = set()

    def rule(x: str) -> set[str]:
        res: set[str] = set()
        for s in stated.get(x, ()):
            res.add(s)
            res |= ctrl.get(s, empty)
        acc: dict[str, float] = defaultdict(float)
        for h, link in ix.vote_in.get(x, {}).items():
            lo = link.stake.lo
            acc[h] += lo
            for z in ctrl.get(h, empty):
                acc[z] += lo
        res.update(z for z, v in acc.items() if passes(v))
        res.discard(x)
        return res

    waiting = [0] * len(cond.members)
    below: list[list[int]] = [[] for _ in cond.members]
    for c, above in enumerate(cond.above):
        waiting[c] = len(above)
        for a in above:
            below[a].append(c)
    ready = [c for c, n in enumerate(waiting) if n == 0]
    while ready:
        c = ready.pop()
        members = cond.members[c]
        if not cond.cyclic[c]:
            ctrl[members[0]] = rule(members[0])
        else:  # least fixpoint inside the component: the sets only grow
            for m in members:
                ctrl[m] = set()
            changed = True
            while changed:
                changed = False
                for m in members:
                    new = rule(m)
                    if new != ctrl[m]:
                        ctrl[m] = new
                        changed = True
        for b in below[c]:
            waiting[b] -= 1
            if waiting[b] == 0:
                ready.append(b)
    return {x: cs for x, cs in ctrl.items() if cs}


def ultimate_all(ix: Index, threshold: float, graph: Reach | None = None) -> dict[str, list[UltimateControl]]:
    """target → its ultimate controllers at ``threshold``, for every entity controlled, in the order
    :func:`kg.ownership.control.control` lists them (most votes first, as shown, then by id)."""
    ctrl = controllers_all(ix, threshold, graph)
    out: dict[str, list[UltimateControl]] = {}
    for target in sorted(ctrl):
        tops = [c for c in ctrl[target] if c not in ctrl]
        if not tops:
            continue
        holders = ix.vote_in.get(target, {})
        found = []
        for c in tops:
            inside = [h for h in holders if h == c or c in ctrl.get(h, ())]
            votes = sum((holders[h].stake for h in inside), ZERO) if inside else None
            shown = votes.capped().as_dict() if votes is not None else {"low": 0.0, "high": 0.0}
            row = UltimateControl(
                c, votes, tuple(sorted(h for h in inside if h != c)), tuple(sorted(ix.members.get(c, ())))
            )
            found.append(((-shown["low"], -shown["high"], c), row))
        out[target] = [row for _, row in sorted(found, key=lambda f: f[0])]
    return out
