"""The whole-graph analytics behind the derived statements give the per-entity answers.

``kg.ownership.whole`` (every look-through stake from one pass) and ``kg.ownership.whole_control``
(every ultimate controller from one propagation) against ``Ownership.owners`` and
``Ownership.control`` for every entity, on random graphs with cycles, cross-holdings, ranges and
unknown stakes, concert parties, stated control and dates; and the derived N-Triples against the
per-entity loop ``kg build`` used before (kept here as the reference).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from kg.graph.dating import UNSTATED_START
from kg.graph.rdfterms import XSD, iri, lit, nt_term
from kg.ownership import derived
from kg.ownership.derived import THRESHOLDS, analysis_date, derived_ntriples
from kg.ownership.engine import Ownership
from kg.ownership.whole import integrated_all
from kg.ownership.whole_control import ultimate_all
from kg.ownership.wording import rule
from kg.schema.ontology import ENTITY_NS, KG, STATEMENT_NS, load_ontology
from kg.schema.vocab import LOOK_THROUGH_STAKE_IN, ULTIMATE_CONTROLLER_OF
from test_ownership import graph

ONTO = load_ontology(ROOT / "ontology")
DAYS = ["2025-01-01", "2025-06-01", "2026-01-01", "2026-06-01"]


@st.composite
def ecosystems(draw):
    """Edges (holder, held, predicate, attrs) over up to 8 entities: every kind the analytics read."""
    n = draw(st.integers(2, 8))
    nodes = [f"n{i}" for i in range(n)]
    pair = st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)).filter(lambda p: p[0] != p[1])
    edges = []
    for s, o in draw(st.lists(pair, min_size=1, max_size=16)):
        kind = draw(st.sampled_from(["hold", "hold", "hold", "range", "unknown", "controls", "gp", "concert"]))
        a: dict = {}
        if kind == "hold":
            a["share"] = draw(st.sampled_from([5, 10, 20, 25, 30, 40, 50, 51, 60, 100]))
            if draw(st.booleans()):
                a["voting_share"] = draw(st.sampled_from([10, 30, 50, 70]))
        elif kind == "range":
            lo = draw(st.sampled_from([0, 10, 20, 30, 45]))
            a["share_min"], a["share_max"] = lo, lo + draw(st.sampled_from([5, 20, 40]))
        elif kind == "controls" and draw(st.booleans()):
            a["share"] = draw(st.sampled_from([30, 51, 100]))
        when = draw(st.sampled_from(["", "start", "end", "as_of"]))
        if when:
            a[when] = draw(st.sampled_from(DAYS))
        a["confidence"] = draw(st.sampled_from(["high", "medium"]))
        predicate = {
            "controls": "controls",
            "gp": "generalPartnerOf",
            "concert": "memberOfConcertParty",
        }.get(kind, "holdsSharesIn")
        edges.append((s, o, predicate, a))
    return edges, draw(st.sampled_from(DAYS))


def _ownership(edges, day) -> Ownership:
    return Ownership(graph(edges), ONTO, as_of=day)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ecosystems())
def test_whole_graph_look_through_equals_owners_for_every_entity(case):
    edges, day = case
    own = _ownership(edges, day)
    whole = integrated_all(own.index, own.solver)
    for target in own.G:
        rows = {r.id: r.integrated for r in own.owners(target).owners}
        got = whole.get(target, {})
        assert set(got) == set(rows), target
        for holder, stake in rows.items():
            assert got[holder].lo == pytest.approx(stake.lo, abs=1e-9), (holder, target)
            assert got[holder].hi == pytest.approx(stake.hi, abs=1e-9), (holder, target)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ecosystems())
def test_whole_graph_ultimate_controllers_equal_control_for_every_entity(case):
    edges, day = case
    own = _ownership(edges, day)
    for threshold in THRESHOLDS:
        whole = ultimate_all(own.index, threshold)
        for target in own.G:
            res = own.control(target, threshold=threshold)
            got = whole.get(target, [])
            assert [u.id for u in got] == list(res.ultimate_controllers), (target, threshold)
            blocs = {b.id: b for b in res.blocs}
            for u in got:
                b = blocs[u.id]
                assert u.through == b.through and u.members == b.members
                assert (u.votes is None) == (b.votes is None)
                if u.votes is not None:
                    assert u.votes.lo == pytest.approx(b.votes.lo, abs=1e-12)
                    assert u.votes.hi == pytest.approx(b.votes.hi, abs=1e-12)


def per_entity_ntriples(kg, day) -> list[str]:
    """The derived N-Triples as ``kg build`` wrote them before issue 12: per-entity calls in a loop (the reference)."""
    own = Ownership(kg.nx, kg.ontology, as_of=day, sources=kg.sources)
    unstated = {
        c.statement
        for links in (own.econ_out, own.vote_in)
        for held in links.values()
        for link in held.values()
        for c in link.claims
        if c.status == UNSTATED_START
    }
    lines: list[str] = []

    def add(s, p, o):
        lines.append(f"{nt_term(s)} <{p}> {nt_term(o)} .\n")

    def statement(node, holder, pred, target, stake, method, used):
        s, o = iri(ENTITY_NS + holder), iri(ENTITY_NS + target)
        add(s, str(KG[pred]), o)
        add(node, derived.RDF + "type", iri(str(KG.DerivedStatement)))
        add(node, derived.RDF + "subject", s)
        add(node, derived.RDF + "predicate", iri(str(KG[pred])))
        add(node, derived.RDF + "object", o)
        if stake is not None:
            add(node, str(KG.shareMin), lit(f"{stake.lo * 100:.6f}", XSD + "decimal"))
            add(node, str(KG.shareMax), lit(f"{stake.hi * 100:.6f}", XSD + "decimal"))
            if stake.exact:
                add(node, str(KG.share), lit(f"{stake.lo * 100:.6f}", XSD + "decimal"))
        add(node, str(KG.asOf), lit(day.isoformat(), XSD + "date"))
        add(node, str(KG.method), lit(method))
        if used & unstated:
            add(node, str(KG.startNotStated), lit("true", XSD + "boolean"))
        for st_ in sorted(used):
            add(node, derived.PROV_DERIVED, iri(STATEMENT_NS + st_))

    for target in sorted(own.econ_in):
        stakes = own.integrated_owners(target)
        nodes = set(stakes) | {target}
        for holder in sorted(stakes):
            seen, todo, used = {holder}, [holder], set()
            while todo:
                for o, link in own.econ_out.get(todo.pop(), {}).items():
                    if o in nodes:
                        used.update(c.statement for c in link.claims)
                        if o not in seen:
                            seen.add(o)
                            todo.append(o)
            node = derived._node("lookThrough", holder, target, day.isoformat())
            statement(node, holder, LOOK_THROUGH_STAKE_IN, target, stakes[holder], derived.LOOK_THROUGH_METHOD, used)
    for target in sorted(own.vote_in):
        for threshold in THRESHOLDS:
            res = own.control(target, threshold=threshold)
            for cid in res.ultimate_controllers:
                bloc = next(b for b in res.blocs if b.id == cid)
                node = derived._node("control", cid, target, day.isoformat(), str(threshold))
                holders = set(bloc.through) | {cid} | set(bloc.members)
                used = {
                    c.statement for h, link in own.vote_in.get(target, {}).items() if h in holders for c in link.claims
                }
                used |= {c.statement for h in holders for c in own.control_out.get(h, {}).get(target, ())}
                votes = bloc.votes.capped() if bloc.votes is not None else None
                method = f"{derived.CONTROL_METHOD}; control = {rule(res.strict)} {threshold:g}% of the votes"
                statement(node, cid, ULTIMATE_CONTROLLER_OF, target, votes, method, used)
                add(node, str(KG.threshold), lit(f"{threshold:g}", XSD + "decimal"))
    return lines


def test_bundled_derived_ntriples_equal_the_per_entity_loop(bundled):
    day = analysis_date(bundled.nx, bundled.ontology, bundled.sources)
    lines, info = derived_ntriples(bundled, day)
    assert info["look_through"] > 100 and info["controllers"] > 3
    assert lines == per_entity_ntriples(bundled, day)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ecosystems())
def test_random_derived_ntriples_equal_the_per_entity_loop(case):
    edges, day = case
    kg = SimpleNamespace(nx=graph(edges), ontology=ONTO, sources={})
    as_of = analysis_date(kg.nx, ONTO) or Ownership(kg.nx, ONTO, as_of=day).day
    lines, _ = derived_ntriples(kg, as_of)
    assert lines == per_entity_ntriples(kg, as_of)
