"""Typed ownership results: enums and ids rather than strings, the assumed flag, non-convergence reported,
and ``as_dict()`` equal to what the CLI prints."""

import io
import json

import kg
from conftest import ROOT
from kg.cli.main import main
from kg.ownership.control_result import ControlReason, NoteKind, ReasonKind, Verdict
from kg.ownership.engine import Ownership
from kg.ownership.lookthrough import Solver
from kg.ownership.report import print_holdings, print_owners
from kg.ownership.results import NotConverged, Solve, StakeRow
from kg.ownership.stake import Assumption, Stake
from test_ownership import graph, hold, own

ONTO = kg.load(ROOT / "data").ontology
CYCLE = [hold("x", "a", 50), hold("a", "b", 60), hold("b", "a", 30), hold("b", "t", 80)]


def test_rows_and_verdicts_are_typed():
    res = own([hold("p", "t", 60), hold("q", "t", 40)]).owners("t")
    assert all(isinstance(r, StakeRow) for r in res.owners)
    assert res.owners[0].id == "p" and res.owners[0].integrated == Stake(0.6, 0.6)
    ctl = own([("parent", "vehicle", "controls", {}), hold("vehicle", "t", 60)]).control("t")
    bloc = next(b for b in ctl.blocs if b.id == "parent")
    assert bloc.verdict is Verdict.CONTROLS and ctl["blocs"][0]["verdict"] == "controls"
    assert all(isinstance(r, ControlReason) for r in bloc.reasons)
    assert [r.kind for r in bloc.reasons] == [ReasonKind.STATED, ReasonKind.VOTES]
    assert bloc.reasons[1].votes == Stake(0.6, 0.6) and bloc.reasons[1].entity == "t"
    assert ctl["blocs"][0]["reasons"] == ["PARENT controls VEHICLE", "holds 60% of the votes of T"]


def test_the_assumed_flag_is_an_enum_not_a_message():
    edges = [hold("other", "t", 90), ("parent", "vehicle", "controls", {}), hold("vehicle", "t")]
    o = own(edges)
    link = o.econ_in["t"]["vehicle"]
    assert link.assumption is Assumption.UNSTATED_CAPPED and link.assumed
    assert link.stake.lo == 0 and abs(link.stake.hi - 0.1) < 1e-12 and abs(link.others - 0.9) < 1e-12
    assert o.econ_in["t"]["other"].assumption is Assumption.NONE and not o.econ_in["t"]["other"].assumed
    assert o.econ_in["vehicle"]["parent"].assumption is Assumption.UNSTATED
    user = own(edges, assume={("parent", "vehicle"): Stake(1, 1)})
    assert user.econ_in["vehicle"]["parent"].assumption is Assumption.USER
    assert user.econ_in["vehicle"]["parent"].as_dict()["assumed"] == "assumed by the user (--assume)"
    # a user's assumption is not an unstated vote: no note about unstated holders
    votes = [hold("other", "t", 90), hold("vehicle", "t")]
    assert [(n.kind, n.holders) for n in own(votes).control("t").notes] == [(NoteKind.UNSTATED_VOTES, 1)]
    assert own(votes, assume={("vehicle", "t"): Stake(0.05, 0.05)}).control("t")["notes"] == []


def test_non_convergence_is_reported_not_silent():
    capped = Ownership(graph(CYCLE), ONTO, as_of="2026-01-09", solver=Solver(max_iterations=3, direct_limit=0))
    res = capped.owners("t")
    assert res.not_converged and all(isinstance(m, NotConverged) for m in res.not_converged)
    assert {m.solve for m in res.not_converged} == {Solve.CYCLE}
    assert res.not_converged[0].iterations == 3
    assert res["not_converged"][0]["members"] == ["a", "b"]
    out = io.StringIO()
    print_owners(res, out)
    assert "did not converge within 3 iterations in the cross-holding cycle {a, b}" in out.getvalue()
    held = capped.holdings("x")
    assert held.not_converged and "not_converged" in held
    out = io.StringIO()
    print_holdings(held, out)
    assert "did not converge" in out.getvalue()
    assert capped.control("t").not_converged
    # with the default limits the same graph converges, and the key is absent (outputs unchanged)
    exact = own(CYCLE)
    assert exact.owners("t").not_converged == () and "not_converged" not in exact.owners("t")
    iterated = Ownership(graph(CYCLE), ONTO, as_of="2026-01-09", solver=Solver(direct_limit=0))
    assert iterated.owners("t").not_converged == ()
    assert iterated.owners("t")["owners"] == exact.owners("t")["owners"]


def test_integrated_matrix_says_when_the_walk_series_was_cut():
    short = Ownership(graph(CYCLE), ONTO, as_of="2026-01-09", solver=Solver(max_length=2))
    m = short.integrated_matrix("hi")
    assert not m.converged and m.not_converged.solve is Solve.WALKS
    nodes, U = own(CYCLE).integrated_matrix("lo")  # unpacks as before
    assert own(CYCLE).integrated_matrix("lo").converged and U.shape == (len(nodes), len(nodes))


def test_as_dict_is_the_cli_json_for_a_bundled_entity(capsys):
    g = kg.load(ROOT / "data")
    o = Ownership(g.nx, g.ontology, as_of="2026-01-09", sources=g.sources)
    for command, res in (
        (["owners", "zhipu", "--explain"], o.owners("zhipu", explain=True)),
        (["control", "zhipu", "--threshold", "30"], o.control("zhipu", threshold=30)),
        (["holdings", "tencent"], o.holdings("tencent")),
    ):
        assert main([*command, "--data", str(ROOT / "data"), "--as-of", "2026-01-09", "--format", "json"]) == 0
        printed = json.loads(capsys.readouterr().out)
        assert printed == json.loads(json.dumps(res.as_dict(), ensure_ascii=False, default=str))
        assert dict(res) == res.as_dict()
