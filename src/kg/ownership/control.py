"""``kg control`` as a pure function of an index: voting blocs, controlling shareholders, ultimate controllers.

A bloc is everything one controller controls — through stated control, acting-in-concert groups
and the pooled votes of what it already controls — grown to a fixpoint (:func:`grow`). Growth only
adds entities of a finite universe, each once, so it always ends (in at most as many rounds as
entities): there is no iteration cap to report. Who is on top of the chain is reasoned on the
strongly connected components of "controls" (:mod:`kg.ownership.loops`).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable

from kg.errors import UsageError
from kg.graph.dating import ASSERTED, UNSTATED_START
from kg.ownership.control_result import (
    Bloc,
    ControlNote,
    ControlReason,
    ControlResult,
    HolderRow,
    NoteKind,
    ReasonKind,
    Verdict,
)
from kg.ownership.holders import entity
from kg.ownership.index import Index
from kg.ownership.lookthrough import Solver, integrated_owners
from kg.ownership.loops import Condensation, condense, controllers_on_top
from kg.ownership.results import NotConverged, UnstatedDates
from kg.ownership.stake import ONE, ZERO, Assumption, Link, Stake

Passes = Callable[[float], bool]


def control(ix: Index, target: str, solver: Solver, *, threshold: float = 50.0) -> ControlResult:
    """Controlling shareholders and ultimate controllers of ``target``, with the reasoning."""
    ix.check(target)
    if not 0 < threshold <= 100:
        raise UsageError("--threshold must be a percentage between 0 and 100")
    t = threshold / 100
    strict = abs(threshold - 50) < 1e-9  # majority means more than half; other levels are "at least"

    def passes(x: float) -> bool:
        return x > t + 1e-12 if strict else x >= t - 1e-12

    universe = _control_ancestors(ix, target) | {target}
    reasons: dict[tuple[str, str], ControlReason] = {}
    # each bloc: what c controls (explicit control first, then votes, to a fixpoint); the target's own too
    blocs = {c: grow(ix, c, universe, passes, reasons) for c in sorted(universe)}
    holders = ix.vote_in.get(target, {})
    rows: list[tuple[tuple, dict]] = []
    for c, bloc in blocs.items():
        if c == target:
            continue
        votes = sum((link.stake for h, link in holders.items() if h in bloc), ZERO)
        explicit = target in bloc and not passes(votes.lo)
        if votes.hi <= 0 and not explicit:
            continue
        if passes(votes.lo) or explicit:
            verdict = Verdict.CONTROLS
        else:
            verdict = Verdict.MAY_CONTROL if passes(votes.hi) else Verdict.BELOW
        vehicles = tuple(sorted(h for h in holders if h in bloc and h != c))
        stated = any(h in bloc for h in holders)  # the bloc holds votes in the target (else control is only stated)
        shown = votes.capped().as_dict() if stated else None  # as shown (rounded): the order and the gap use it
        row = {
            "id": c,
            "votes": votes if stated else None,
            "control_stated": explicit,
            "verdict": verdict,
            "through": vehicles,
            "members": tuple(sorted(ix.members.get(c, ()))),
            "status": _bloc_status(ix, bloc & universe, target),  # its grip on what lies above the target
            "reasons": tuple(reasons[(c, v)] for v in [*vehicles, target] if (c, v) in reasons),
        }
        low, high = (shown["low"], shown["high"]) if shown else (0.0, 0.0)
        rows.append(((-low, -high, c), row))
    rows.sort(key=lambda r: r[0])
    # who controls whom at this threshold, reasoned on its strongly connected components (loops)
    cond = condense({c: (bloc & blocs.keys()) - {c} for c, bloc in blocs.items()})
    top = controllers_on_top(cond, target)
    controllers = [r["id"] for _, r in rows if r["verdict"] is Verdict.CONTROLS]
    direct = _controlling_shareholders(ix, target, controllers, blocs, passes, cond)
    misses: list[NotConverged] = []
    econ = integrated_owners(ix, target, solver, misses)
    direct_econ = ix.econ_in.get(target, {})
    out = []
    for (neg_low, _, _), r in rows:
        if r["members"]:  # a group's economic interest: the shares registered to its members
            e = sum((direct_econ[m].stake for m in r["members"] if m in direct_econ), ZERO)
        else:
            e = econ.get(r["id"], ZERO)
        e_high = e.capped().as_dict()["high"]
        gap = round(-neg_low - e_high, 6) if -neg_low > e_high else 0.0
        out.append(Bloc(label=ix.label(r["id"]), type=ix.type(r["id"]), economic=e, gap=gap, **r))
    mentioned = {n for b in out for why in b.reasons for n in (why.entity, why.by) if n}
    return ControlResult(
        entity(ix, target),
        ix.day.isoformat(),
        threshold,
        strict,
        ix.unknown,
        tuple(
            HolderRow(
                link, ix.label(h), tuple(sorted({cls for c in link.claims if (cls := c.data.get("share_class"))}))
            )
            for h, link in sorted(holders.items(), key=lambda kv: (-kv[1].stake.hi, kv[0]))
        ),
        tuple(out),
        tuple(direct),
        tuple(c for c in controllers if c in top.ultimate),
        tuple(tuple(loop) for loop in top.loops),
        _control_dates(ix, universe),
        _notes(holders),
        {n: ix.label(n) for n in mentioned},
        tuple(misses),
    )


def grow(
    ix: Index,
    c: str,
    universe: set[str],
    passes: Passes,
    reasons: dict[tuple[str, str], ControlReason] | None = None,
    exclude: frozenset[str] = frozenset(),
) -> set[str]:
    """Everything ``c`` controls (itself included): through stated control, acting-in-concert groups and
    the pooled votes of what it already controls, to a fixpoint; ``exclude`` are never counted.

    Each entity joins once and adds its votes to running tallies, so one call is linear in the
    links below ``c``. Stated control and concert links are followed first, then the entities of
    ``universe`` whose pooled votes pass join, in rounds.
    """
    reasons = {} if reasons is None else reasons
    vote_out = ix.votes_by_holder()
    lo: dict[str, float] = defaultdict(float)
    hi: dict[str, float] = defaultdict(float)
    grown, joined = {c}, [c]
    while joined:
        todo, counted = joined, set()
        while todo:  # stated control and acting in concert, to closure
            x = todo.pop()
            for y, kind, predicate in _stated_links(ix, x):
                if y not in grown and y not in exclude:
                    grown.add(y)
                    todo.append(y)
                    if (c, y) not in reasons:
                        reasons[(c, y)] = ControlReason(kind, y, by=x, predicate=predicate)
            for y, link in vote_out.get(x, ()):
                lo[y] += link.stake.lo
                hi[y] += link.stake.hi
                counted.add(y)
        joined = sorted(y for y in counted if y in universe and y not in grown and y not in exclude and passes(lo[y]))
        for y in joined:  # then votes
            grown.add(y)
            if (c, y) not in reasons:
                reasons[(c, y)] = ControlReason(ReasonKind.VOTES, y, votes=Stake(lo[y], hi[y]))
    return grown


def _stated_links(ix: Index, x: str):
    """(entity, reason kind, predicate) for what ``x`` controls by statement, and the members of its concert group."""
    for y, claims in sorted(ix.control_out.get(x, {}).items()):
        yield y, ReasonKind.STATED, claims[0].predicate
    for m in sorted(ix.members.get(x, ())):
        yield m, ReasonKind.CONCERT, ""


def _controlling_shareholders(
    ix: Index, target: str, ids: list[str], blocs: dict[str, set[str]], passes: Passes, cond: Condensation
) -> list[str]:
    """The controllers that control ``target`` not through another controller: the bottom of its chain.

    ``c`` holds through another controller ``d`` when it controls ``d`` — unless ``d`` is in c's own
    loop or in the target's (those control c or are controlled by the target back) — or when it no
    longer controls ``target`` with the other controllers outside its loop taken away from it. Of
    the members of one loop that remain, those holding votes in, or stated control of, the target
    directly are chosen.
    """
    comp, home = cond.component, cond.component.get(target)
    universe = set(blocs)

    def through_another(c: str) -> bool:
        others = [d for d in ids if comp.get(d) != comp.get(c)]
        if any(comp.get(d) != home and d in blocs[c] for d in others):
            return True
        return target not in grow(ix, c, universe, passes, exclude=frozenset(others))

    lowest = [c for c in ids if not through_another(c)]
    holders = ix.vote_in.get(target, {})

    def holds_directly(c: str) -> bool:
        return c in holders or target in ix.control_out.get(c, {}) or bool(ix.members.get(c, set()) & holders.keys())

    out = []
    for c in lowest:
        loop = [d for d in lowest if comp.get(d) == comp.get(c)]
        if holds_directly(c) or not any(holds_directly(d) for d in loop):
            out.append(c)
    return out


def _control_ancestors(ix: Index, target: str) -> set[str]:
    """Every entity with a chain of control, votes or concert membership down to ``target`` (target excluded)."""
    into = ix.control_into()
    seen, todo = set(), deque([target])
    while todo:
        for h in into.get(todo.popleft(), ()):
            if h not in seen and h != target:
                seen.add(h)
                todo.append(h)
    return seen


def _bloc_status(ix: Index, bloc: set[str], target: str) -> str:
    """unstated_start when the bloc's votes or its grip on its vehicles rest on a statement no source asserts
    on the day (held as of a later date, start not stated)."""
    votes = (link for h, link in ix.vote_in.get(target, {}).items() if h in bloc)
    grip = (
        Link(x, y, ONE, claims)
        for x in bloc
        for y, claims in ix.control_out.get(x, {}).items()
        if y in bloc or y == target
    )
    if any(link.status == UNSTATED_START for link in (*votes, *grip)) or any(
        ix.unstated_member(m, p) for p in bloc for m in ix.members.get(p, ()) if m in bloc
    ):
        return UNSTATED_START
    return ASSERTED


def _control_dates(ix: Index, up: set[str]) -> UnstatedDates:
    """The dates the unstated-start votes, control and concert statements among ``up`` (a target and
    everything above it) are stated as of."""
    links = [link for o in up for link in ix.vote_in.get(o, {}).values() if link.status == UNSTATED_START]
    links += [Link(x, y, ONE, claims) for x in up for y, claims in ix.control_out.get(x, {}).items() if y in up]
    links += [Link(m, p, ONE, claims) for (m, p), claims in ix.member_claims.items() if p in up]
    return UnstatedDates.of([link for link in links if link.status == UNSTATED_START])


def _notes(holders: dict[str, Link]) -> tuple[ControlNote, ...]:
    notes = []
    classes = {cls for link in holders.values() for c in link.claims if (cls := c.data.get("share_class"))}
    if len(classes) > 1 and not any(
        c.data.get("voting_share") is not None for link in holders.values() for c in link.claims
    ):
        notes.append(ControlNote(NoteKind.SHARE_CLASSES, classes=tuple(sorted(classes))))
    unknown = [h for h, link in holders.items() if link.assumed and link.assumption is not Assumption.USER]
    if unknown:
        notes.append(ControlNote(NoteKind.UNSTATED_VOTES, holders=len(unknown)))
    return tuple(notes)
