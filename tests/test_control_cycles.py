"""Control and ownership in cross-holding loops: nobody in a closed loop is anybody's ultimate controller.

X is an ultimate controller of Y only if X is not itself controlled, directly or through others, by Y
or by anyone in Y's chain of control; a loop on top of the chain is reported as a loop. The datasets
are small CSV fixtures under tests/fixtures/cycles/ (all holdings dated 2025-01-01).
"""

import io
import json
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from conftest import DATA, ROOT, SMALL
from kg.cli.main import main
from kg.ownership.derived import derived_ntriples
from kg.ownership.engine import Ownership
from kg.ownership.loops import condense, controllers_on_top
from kg.ownership.report import print_control, print_holdings, print_owners, print_paths
from kg.schema.ontology import load_ontology
from test_ownership import graph

CYCLES = ROOT / "tests" / "fixtures" / "cycles"
UNSTATED = ROOT / "tests" / "fixtures" / "unstated_shares"
DAY = "2025-07-01"
ONTO = load_ontology(ROOT / "ontology")


def ownership(name: str) -> Ownership:
    g = kg.load(CYCLES / name)
    return Ownership(g.nx, g.ontology, as_of=DAY, sources=g.sources)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# (dataset, target, threshold) -> (controlling shareholders, ultimate controllers, loops on top)
CASES = [
    # A and B hold 100% of each other, nobody outside: each controls the other, neither is ultimate
    ("two_loop", "a", 50, ["b"], [], [["a", "b"]]),
    ("two_loop", "b", 50, ["a"], [], [["a", "b"]]),
    ("two_loop", "a", 30, ["b"], [], [["a", "b"]]),
    # A → B → C → A, each 100%
    ("three_loop", "a", 50, ["c"], [], [["a", "b", "c"]]),
    ("three_loop", "b", 50, ["a"], [], [["a", "b", "c"]]),
    ("three_loop", "c", 50, ["b"], [], [["a", "b", "c"]]),
    # X holds 60% of A, A 100% of B, B 40% of A: X is the ultimate controller of both members
    ("loop_outsider_60", "a", 50, ["x"], ["x"], []),
    ("loop_outsider_60", "b", 50, ["a"], ["x"], []),
    ("loop_outsider_60", "a", 30, ["x", "b"], ["x"], []),  # at 30% A and B control each other: a loop below X
    ("loop_outsider_60", "b", 30, ["a"], ["x"], []),
    # X holds 30% of A, B 35% of A, A 100% of B: at 30% {A, B} is a loop and X controls it from outside
    ("loop_outsider_30", "a", 30, ["x", "b"], ["x"], []),
    ("loop_outsider_30", "b", 30, ["a"], ["x"], []),
    ("loop_outsider_30", "a", 50, [], [], []),
    ("loop_outsider_30", "b", 50, ["a"], ["a"], []),
    # X → loop {A, B} → C: X is C's ultimate controller, B its controlling shareholder
    ("loop_in_chain", "c", 30, ["b"], ["x"], []),
    ("loop_in_chain", "c", 50, ["b"], ["x"], []),
    # the same with no X: C is controlled by the loop, with no ultimate controller
    ("loop_above_chain", "c", 50, ["b"], [], [["a", "b"]]),
    ("loop_above_chain", "c", 30, ["b"], [], [["a", "b"]]),
]


@pytest.mark.parametrize("name,target,threshold,controlling,ultimate,loops", CASES)
def test_ultimate_controllers_in_loops(name, target, threshold, controlling, ultimate, loops):
    res = ownership(name).control(target, threshold=threshold)
    assert res["controlling_shareholders"] == controlling
    assert res["ultimate_controllers"] == ultimate
    assert res["control_loops"] == loops
    assert res["controlled_by_loop"] == sorted({m for loop in loops for m in loop})


def test_the_control_text_says_the_target_is_controlled_by_the_loop():
    out = io.StringIO()
    print_control(ownership("two_loop").control("a"), out)
    text = out.getvalue()
    assert "ultimate controller(s):     none at this threshold" in text
    assert "controlled by the loop {A Co [a], B Co [b]}" in text
    out = io.StringIO()
    print_control(ownership("loop_in_chain").control("c"), out)
    assert "ultimate controller(s):     X Co [x]" in out.getvalue() and "loop" not in out.getvalue()


def test_owners_in_a_closed_loop_count_the_direct_holder_and_name_the_loop():
    res = ownership("two_loop").owners("a")
    (b,) = res["owners"]
    assert b["id"] == "b" and b["paths"] == 1 and not b["ultimate"]
    assert res["owned_by_loop"] == ["a", "b"]
    out = io.StringIO()
    print_owners(res, out)
    assert "Held through the cross-holding loop {A Co [a], B Co [b]}" in out.getvalue()


def test_owners_above_and_below_a_loop():
    rows = {r["id"]: r for r in ownership("loop_in_chain").owners("c")["owners"]}
    assert {i for i, r in rows.items() if r["ultimate"]} == {"x"}
    assert all(r["paths"] >= 1 for r in rows.values())  # every owner has a chain down to C
    res = ownership("loop_above_chain").owners("c")
    assert not any(r["ultimate"] for r in res["owners"]) and res["owned_by_loop"] == ["a", "b"]
    assert {r["id"]: r["paths"] for r in res["owners"]} == {"a": 1, "b": 1}
    three = ownership("three_loop").owners("a")
    assert {r["id"]: r["paths"] for r in three["owners"]} == {"b": 1, "c": 1}
    assert ownership("loop_outsider_60").owners("a")["owned_by_loop"] == []


def test_holdings_path_counts_inside_a_loop():
    rows = {r["id"]: r["paths"] for r in ownership("three_loop").holdings("a")["holdings"]}
    assert rows == {"b": 1, "c": 1}


# -- the command line and the derived statements ----------------------------------------


def test_cli_control_and_owners_json_in_a_closed_loop(capsys):
    data = str(CYCLES / "two_loop")
    code, out, _ = run(capsys, "control", "a", "--data", data, "--as-of", DAY, "--format", "json")
    res = json.loads(out)
    assert code == 0 and res["ultimate_controllers"] == [] and res["controlled_by_loop"] == ["a", "b"]
    code, out, _ = run(capsys, "control", "b", "--data", data, "--as-of", DAY)
    assert code == 0 and "controlled by the loop {A Co [a], B Co [b]}" in out
    code, out, _ = run(capsys, "owners", "a", "--data", data, "--as-of", DAY, "--format", "json")
    res = json.loads(out)
    assert code == 0 and res["owners"][0]["paths"] == 1 and res["owned_by_loop"] == ["a", "b"]
    code, out, _ = run(
        capsys,
        "control",
        "c",
        "--data",
        str(CYCLES / "loop_in_chain"),
        "--as-of",
        DAY,
        "--threshold",
        "30",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["ultimate_controllers"] == ["x"]


def _derived_controllers(name: str) -> set[tuple[str, str]]:
    lines, _ = derived_ntriples(kg.load(CYCLES / name))
    pairs = set()
    for line in lines:
        m = re.match(r"<[^>]*/id/([^>]+)> <[^>]*#ultimateControllerOf> <[^>]*/id/([^>]+)> \.", line)
        if m:
            pairs.add(m.groups())
    return pairs


@pytest.mark.parametrize("name", ["two_loop", "three_loop", "loop_above_chain"])
def test_no_derived_ultimate_controller_inside_a_closed_loop(name):
    assert _derived_controllers(name) == set()


def test_derived_ultimate_controller_above_a_loop():
    assert _derived_controllers("loop_in_chain") == {("x", "a"), ("x", "b"), ("x", "c")}


def test_kg_build_writes_no_ultimate_controller_in_a_closed_loop(tmp_path, capsys):
    import rdflib

    KG = rdflib.Namespace("https://w3id.org/ai-capital-kg/ontology#")
    for name, expected in (("two_loop", set()), ("loop_in_chain", {("x", "a"), ("x", "b"), ("x", "c")})):
        out_dir = tmp_path / name
        code, _out, _ = run(capsys, "build", "--data", str(CYCLES / name), "--out", str(out_dir))
        assert code == 0
        g = rdflib.Graph().parse(out_dir / "graph.ttl", format="turtle")
        pairs = {
            (str(s).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1]) for s, o in g.subject_objects(KG.ultimateControllerOf)
        }
        assert pairs == expected
        statements = set(g.subjects(rdflib.RDF.predicate, KG.ultimateControllerOf))
        assert len(statements) == 2 * len(expected)  # one at 50% and one at 30%
        summary = (out_dir / "summary.md").read_text(encoding="utf-8")
        assert ("controlled by the loop {`a`, `b`}" in summary) == (not expected)
        assert "Ultimate controller(s) (control = at least 30% of the votes): " in summary  # not "at at least"


# -- wording: stated control without a share, stated totals without a share ---------------


def test_control_stated_without_a_share_is_not_votes_0_percent(capsys):
    code, out, _ = run(capsys, "control", "vehicle_a", "--data", str(UNSTATED), "--as-of", DAY, "--format", "json")
    (parent,) = json.loads(out)["blocs"]
    assert (
        code == 0 and parent["votes"] is None and parent["votes_stated"] is False and parent["control_stated"] is True
    )
    code, out, _ = run(capsys, "control", "sub_co", "--data", str(UNSTATED), "--as-of", DAY, "--explain")
    assert code == 0 and re.search(r"Parent Co \[parent_co\]\s+Company\s+control stated, share not stated\s+0–80%", out)
    assert "Parent Co: controls (control stated, share not stated)" in out
    assert not re.search(r"\[parent_co\]\s+Company\s+0%", out)


def test_derived_controller_by_stated_control_has_no_share_and_cites_the_statement():
    lines, _ = derived_ntriples(kg.load(UNSTATED))
    by_node: dict[str, list[str]] = {}
    for ln in lines:
        by_node.setdefault(ln.split()[0], []).append(ln)
    nodes = [
        ls
        for ls in by_node.values()
        if any(ln.endswith("#ultimateControllerOf> .\n") and "#predicate>" in ln for ln in ls)
        and any("#object>" in ln and ln.split()[2].endswith("/sub_co>") for ln in ls)
    ]
    assert len(nodes) == 2  # at 50% and at 30%
    for ls in nodes:
        assert not [ln for ln in ls if re.search(r"#share(Min|Max)?> ", ln)]  # never "0%"
        assert [ln for ln in ls if "wasDerivedFrom" in ln]


def test_a_stated_total_without_a_share_is_not_none_percent(capsys):
    code, out, _ = run(capsys, "owners", "target_co", "--data", str(UNSTATED), "--as-of", DAY)
    assert code == 0 and "None%" not in out
    assert "Parent Co [parent_co]: 1,200,000 shares, share not stated" in out
    assert "Other Co [other_co]: share not stated" in out


def _leaks(obj, path="") -> list[str]:
    """None/NaN/empty strings and non-finite numbers anywhere in a JSON-ready result."""
    if isinstance(obj, dict):
        return [x for k, v in obj.items() for x in _leaks(v, f"{path}.{k}")]
    if isinstance(obj, list):
        return [x for v in obj for x in _leaks(v, f"{path}[]")]
    if isinstance(obj, float) and not math.isfinite(obj):
        return [f"{path}: {obj}"]
    if isinstance(obj, str) and obj.strip().lower() in ("", "nan", "none", "null", "inf"):
        return [f"{path}: {obj!r}"]
    return []


TEXT_LEAK = re.compile(r"\b(None|nan|NaN|null|inf)\b|%\s*%")


@pytest.mark.parametrize(
    "data,day",
    [
        (DATA, "2026-01-09"),
        (DATA, "2026-01-07"),
        (SMALL, "2026-01-09"),
        (UNSTATED, DAY),
        *((CYCLES / n.name, DAY) for n in sorted(CYCLES.iterdir())),
    ],
)
def test_no_none_nan_or_empty_strings_leak_into_ownership_output(data, day):
    g = kg.load(data)
    own = Ownership(g.nx, g.ontology, as_of=day, sources=g.sources)
    found = []
    for n in sorted(g.nx.nodes):
        results = [
            (print_owners, own.owners(n, explain=True)),
            (print_holdings, own.holdings(n, explain=True)),
            *((print_control, own.control(n, threshold=t)) for t in (50, 30)),
        ]
        results += [
            (print_paths, own.paths(r["id"], n, track=track))
            for r in results[0][1]["owners"][:3]
            for track in ("economic", "control", "any")
        ]
        for printer, res in results:
            found += [f"{n} {printer.__name__}{x}" for x in _leaks(res)]
            out = io.StringIO()
            printer(res, out, explain=True) if printer is not print_paths else printer(res, out)
            found += [f"{n} {printer.__name__}: {m.group(0)!r}" for m in TEXT_LEAK.finditer(out.getvalue())]
    assert found == []


# -- the pure SCC function --------------------------------------------------------------


def test_condense_is_independent_of_input_order_and_handles_long_chains():
    edges = {"b": ["a"], "a": ["b", "c"], "c": []}
    one, two = condense(edges), condense(dict(reversed(list(edges.items()))))
    assert one == two and one.members == [("a", "b"), ("c",)] and one.cyclic == [True, False]
    chain = {f"n{i:06d}": [f"n{i + 1:06d}"] for i in range(50_000)}  # no recursion limit
    cond = condense(chain)
    assert len(cond.members) == 50_001
    assert controllers_on_top(cond, "n050000").ultimate == ["n000000"]
    assert controllers_on_top(cond, "n000000").ultimate == []
    assert controllers_on_top(cond, "nobody").ultimate == []


def test_controllers_on_top_of_a_loop_target_and_of_several_tops():
    cond = condense({"x": ["a"], "a": ["b"], "b": ["a"], "y": ["y", "c"], "p": ["q"], "q": ["p", "c"]})
    assert controllers_on_top(cond, "a").ultimate == ["x"] and controllers_on_top(cond, "a").loops == []
    top = controllers_on_top(cond, "c")
    assert top.ultimate == [] and top.loops == [["p", "q"], ["y"]]  # a self-controlling entity is a loop of one


# -- property: no reported ultimate controller of Y is controlled by Y or its chain ------------


def _controls(edges, threshold):
    """Brute force: who controls whom, over the whole graph (votes pooled over what one controls)."""
    nodes = sorted({e[0] for e in edges} | {e[1] for e in edges})
    t = threshold / 100

    def passes(x):
        return x > t + 1e-12 if threshold == 50 else x >= t - 1e-12

    votes = {(s, o): a["share"] / 100 for s, o, p, a in edges if p == "holdsSharesIn"}
    stated = {(s, o) for s, o, p, _a in edges if p == "controls"}
    members = {(o, s) for s, o, p, _a in edges if p == "memberOfConcertParty"}
    out = {}
    for c in nodes:
        bloc, grew = {c}, True
        while grew:
            new = {y for (x, y) in stated | members if x in bloc}
            new |= {y for y in nodes if passes(sum(v for (h, o), v in votes.items() if o == y and h in bloc))}
            grew = not new <= bloc
            bloc |= new
        out[c] = bloc - {c}
    return out


@st.composite
def control_graphs(draw):
    n = draw(st.integers(2, 6))
    names = [f"e{i}" for i in range(n)]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(names), st.sampled_from(names)).filter(lambda p: p[0] != p[1]),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    edges = []
    for s, o in pairs:
        kind = draw(st.sampled_from(["hold", "hold", "hold", "controls", "concert"]))
        if kind == "hold":
            edges.append((s, o, "holdsSharesIn", {"share": draw(st.sampled_from([10, 25, 30, 35, 51, 60, 100]))}))
        elif kind == "controls":
            edges.append((s, o, "controls", {}))
        else:
            edges.append((s, f"party_{o}", "memberOfConcertParty", {}))
    return edges


@given(control_graphs(), st.sampled_from([50, 30]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_ultimate_controller_is_controlled_by_the_target_or_its_chain(edges, threshold):
    controls = _controls(edges, threshold)
    own = Ownership(graph([(s, o, p, dict(a)) for s, o, p, a in edges]), ONTO, as_of="2026-01-09")
    for y in sorted(controls):
        res = own.control(y, threshold=threshold)
        chain = {z for z, held in controls.items() if y in held and z != y}  # everyone who controls y
        for x in res["ultimate_controllers"]:
            assert x in chain, (y, x)
            assert x not in controls[y], f"{x} is controlled by {y}"
            assert not [z for z in chain if z != x and x in controls[z]], f"{x} is controlled in {y}'s chain"
        in_loops = set(res["controlled_by_loop"])
        for loop in res["control_loops"]:
            for m in loop:  # members control each other and nobody outside the loop controls them
                assert set(loop) - {m} <= controls[m]
                assert not [z for z in controls if z not in loop and m in controls[z]]
        # complete: every controller is on top, or under someone who is
        tops = set(res["ultimate_controllers"]) | in_loops
        for z in chain:
            assert z in tops or any(z in controls[t] for t in tops), (y, z)


def test_a_concert_group_does_not_become_the_controlling_shareholder_of_a_member_vehicle():
    # P controls vehicle M (stated); both act in concert. The group reaches M only through P.
    edges = [
        ("p", "m", "controls", {}),
        ("p", "party", "memberOfConcertParty", {}),
        ("m", "party", "memberOfConcertParty", {}),
        ("p", "t", "holdsSharesIn", {"share": 20}),
        ("m", "t", "holdsSharesIn", {"share": 20}),
    ]
    res = Ownership(graph(edges), ONTO, as_of="2026-01-09").control("m")
    assert res["controlling_shareholders"] == ["p"]
    assert next(b for b in res["blocs"] if b["id"] == "p")["votes"] is None  # stated control, no share
