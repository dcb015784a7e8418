"""Computed statements written back into the graph, so SPARQL can query look-through and control.

Each is a ``kg:DerivedStatement`` (never a ``kg:Statement``: the projection and
the analytics read only what sources assert) with the method, the date it was
computed for, and ``prov:wasDerivedFrom`` the asserted statements it used.
"""

from __future__ import annotations

import hashlib
from datetime import date

import networkx as nx

from kg.graph.dating import UNSTATED_START, Dating, first_day
from kg.graph.knowledge import KnowledgeGraph
from kg.graph.rdfterms import XSD, iri, lit, nt_term
from kg.nogc import paused_gc
from kg.ownership.engine import Ownership
from kg.ownership.stake import Stake
from kg.ownership.whole import integrated_all, used_below
from kg.ownership.whole_control import reach, strict, ultimate_all
from kg.ownership.wording import rule
from kg.schema.ontology import ENTITY_NS, KG, PREFIXES, STATEMENT_NS, Ontology
from kg.schema.vocab import LINK, LOOK_THROUGH_STAKE_IN, ULTIMATE_CONTROLLER_OF

RDF = PREFIXES["rdf"]
PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
LOOK_THROUGH_METHOD = (
    "integrated ownership N[i,j]/N[i,i], N = (I - W)^-1 (Vitali, Glattfelder & Battiston 2011); "
    "unstated stakes as the range given; bounds at both ends"
)
CONTROL_METHOD = "voting blocs through controlled vehicles, general partners and acting-in-concert groups"
THRESHOLDS = (50.0, 30.0)


def analysis_date(G: nx.MultiDiGraph, onto: Ontology, sources: dict | None = None) -> date | None:
    """The latest date any ownership statement starts, ends or (with no start) is stated as of: the date a build
    reports as of, the first on which every statement still holding is asserted by its source.

    Fixed by the data (not today's date), so the same data always gives the same outputs.
    """
    roles = {n for n, r in onto.relations.items() if r.ownership_roles - {LINK}}  # links carry no stake
    dating = Dating(G, sources)
    days = [
        day
        for _s, _o, d in G.edges(data=True)
        if d.get("predicate") in roles
        for v in (d.get("start") or dating.stated_as_of(d), d.get("end"))
        if v and (day := first_day(v)) is not None
    ]
    return max(days) if days else None


def _node(*parts: str) -> tuple:
    return iri(STATEMENT_NS + "derived-" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16])


def derived_ntriples(kg: KnowledgeGraph, day: date | None = None) -> tuple[list[str], dict]:
    """N-Triples lines of every look-through stake and ultimate controller, as of ``day``."""
    day = day or analysis_date(kg.nx, kg.ontology, kg.sources)
    with paused_gc():  # millions of small containers, no cycles
        return _derived(kg, day)


def _derived(kg: KnowledgeGraph, day: date | None) -> tuple[list[str], dict]:
    if day is None:
        return [], {"as_of": None, "look_through": 0, "controllers": 0}
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

    def add(s, p: str, o) -> None:
        lines.append(f"{nt_term(s)} <{p}> {nt_term(o)} .\n")

    # the predicate IRIs, looked up once (not once per statement)
    pred_iri = {p: str(KG[p]) for p in (LOOK_THROUGH_STAKE_IN, ULTIMATE_CONTROLLER_OF)}
    derived_type = iri(str(KG.DerivedStatement))
    share_min, share_max, share = str(KG.shareMin), str(KG.shareMax), str(KG.share)
    as_of, method_p, not_stated = str(KG.asOf), str(KG.method), str(KG.startNotStated)
    day_lit = lit(day.isoformat(), XSD + "date")

    def statement(node, holder: str, pred: str, target: str, stake: Stake | None, method: str, used: set[str]) -> None:
        s, o = iri(ENTITY_NS + holder), iri(ENTITY_NS + target)
        add(s, pred_iri[pred], o)
        add(node, RDF + "type", derived_type)
        add(node, RDF + "subject", s)
        add(node, RDF + "predicate", iri(pred_iri[pred]))
        add(node, RDF + "object", o)
        if stake is not None:  # None: control stated with no share (never written as 0%)
            add(node, share_min, lit(f"{stake.lo * 100:.6f}", XSD + "decimal"))
            add(node, share_max, lit(f"{stake.hi * 100:.6f}", XSD + "decimal"))
            if stake.exact:
                add(node, share, lit(f"{stake.lo * 100:.6f}", XSD + "decimal"))
        add(node, as_of, day_lit)
        add(node, method_p, lit(method))
        if used & unstated:  # it rests on a holding sources state only as of a later date
            add(node, not_stated, lit("true", XSD + "boolean"))
        for st in sorted(used):
            add(node, PROV_DERIVED, iri(STATEMENT_NS + st))

    n_look = n_ctrl = 0
    owners_of = integrated_all(own.index, own.solver)
    for target in sorted(own.econ_in):
        stakes = owners_of.get(target, {})
        for holder, used in used_below(own.index, target, set(stakes)):
            statement(
                _node("lookThrough", holder, target, day.isoformat()),
                holder,
                LOOK_THROUGH_STAKE_IN,
                target,
                stakes[holder],
                LOOK_THROUGH_METHOD,
                used,
            )
            n_look += 1
    graph = reach(own.index)  # the same at every threshold
    tops = {threshold: ultimate_all(own.index, threshold, graph) for threshold in THRESHOLDS}
    for target in sorted(own.vote_in):
        for threshold in THRESHOLDS:
            for bloc in tops[threshold].get(target, ()):
                cid = bloc.id
                node = _node("control", cid, target, day.isoformat(), str(threshold))
                holders = set(bloc.through) | {cid} | set(bloc.members)
                used = {
                    c.statement for h, link in own.vote_in.get(target, {}).items() if h in holders for c in link.claims
                }
                used |= {
                    c.statement for h in holders for c in own.control_out.get(h, {}).get(target, ())
                }  # stated control
                statement(
                    node,
                    cid,
                    ULTIMATE_CONTROLLER_OF,
                    target,
                    bloc.votes.capped() if bloc.votes is not None else None,
                    f"{CONTROL_METHOD}; control = {rule(strict(threshold))} {threshold:g}% of the votes",
                    used,
                )
                add(node, str(KG.threshold), lit(f"{threshold:g}", XSD + "decimal"))
                n_ctrl += 1
    return lines, {"as_of": day.isoformat(), "look_through": n_look, "controllers": n_ctrl}
