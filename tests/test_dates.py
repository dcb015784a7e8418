"""Dates that claim too much (issue 10): a statement with no start is not asserted before a source states it,
nor before its entities were founded; in between it is "held as of D, start not stated", flagged everywhere.

tests/fixtures/dates holds one statement per case (its note column says which):

* fund_a → dated_co 10%: no start, as_of 2026-01-07; dated_co founded 2019-06
* fund_b → dated_co 5%: no start, no as_of; its source was published 2024-06-01
* undated_holder → dated_co 1%: no date at all (source without a published date)
* parent_co → fund_a 60%: no start, as_of 2025-01-01, neither entity's founding known
* fund_a → new_co 20%: no start, as_of 2026-01-07; new_co founded 2023-01
* undated_holder employedBy parent_co: 2020 until 2024-01 (an ended statement)
"""

import json
from datetime import date

import pytest

import kg
from conftest import ROOT
from kg.cli.main import main
from kg.graph.dating import ASSERTED, ENDED, NOT_YET, UNSTATED_START, Dating, status_on
from kg.ownership.derived import analysis_date, derived_ntriples
from kg.ownership.engine import Ownership
from kg.schema.ontology import KG

DATES = ROOT / "tests" / "fixtures" / "dates"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def dated():
    return kg.load(DATES)


def owners(g, day, target="dated_co"):
    res = Ownership(g.nx, g.ontology, as_of=day, sources=g.sources).owners(target)
    return {r["id"]: r["status"] for r in res["owners"]}, res


# -- the rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement, published, founded, day, expected",
    [
        ({"start": "2020"}, None, (), "2019-12-31", NOT_YET),
        ({"start": "2020"}, None, (), "2020-01-01", ASSERTED),
        ({"start": "2020", "end": "2021-06"}, None, (), "2021-06-01", ENDED),
        ({"start": "2018"}, None, ("2019-06", None), "2019-01-01", NOT_YET),  # held before it was founded: no
        ({"as_of": "2026-01-07"}, None, (), "2026-01-06", NOT_YET),  # before a source states it
        ({"as_of": "2026-01-07"}, None, (), "2026-01-07", ASSERTED),
        ({"as_of": "2026-01-07"}, None, ("2019-06", None), "2019-05-31", NOT_YET),
        ({"as_of": "2026-01-07"}, None, (None, "2019-06"), "2019-06-01", UNSTATED_START),
        ({"as_of": "2026-01-07"}, "2020-01-01", ("2019-06",), "2020-06-01", UNSTATED_START),  # as_of before published
        ({}, "2024-06-01", (), "2024-05-31", NOT_YET),  # published stands in for as_of
        ({}, "2024-06-01", (), "2024-06-01", ASSERTED),
        ({}, None, (), "1900-01-01", UNSTATED_START),  # no date at all: never asserted
        ({"end": "2026-01-08"}, "2026-01-08", ("2019-06",), "2025-01-01", UNSTATED_START),
        ({"end": "2026-01-08"}, "2026-01-08", ("2019-06",), "2026-01-08", ENDED),
    ],
)
def test_status_on(statement, published, founded, day, expected):
    assert status_on(statement, date.fromisoformat(day), published=published, founded=founded) == expected


# -- owners, holdings, path, control on the fixture ---------------------------------------------


def test_before_the_company_was_founded_nobody_holds_it(dated, capsys):
    rows, res = owners(dated, "2019-01-01")
    assert rows == {} and res["entity"]["founded"] == "2019-06"
    code, out, _ = run(capsys, "owners", "dated_co", "--data", str(DATES), "--as-of", "2019-01-01")
    assert code == 0
    assert (
        "No holder of Dated Co is recorded as of 2019-01-01: nothing is known about its holders on that date, "
        "before it was founded (2019-06)." in out
    )
    code, out, _ = run(capsys, "owners", "dated_co", "--data", str(DATES), "--as-of", "2019-01-01", "--format", "json")
    res = json.loads(out)
    assert code == 0 and res["owners"] == [] and "nothing is known" in res["note"]


def test_between_founding_and_the_stated_date_holdings_are_flagged_not_asserted(dated, capsys):
    rows, res = owners(dated, "2020-01-01")
    assert rows == {"fund_a": UNSTATED_START, "fund_b": UNSTATED_START, "undated_holder": UNSTATED_START}
    flags = res["start_not_stated"]
    assert flags == {
        "rows": 3,
        "direct_coverage": True,
        "ultimate_coverage": True,
        "stated_as_of": ["2024-06-01", "2026-01-07"],
        "undated": True,
    }
    _code, out, _ = run(capsys, "owners", "dated_co", "--data", str(DATES), "--as-of", "2020-01-01")
    assert "Direct holders account for 16%* of it" in out and "10%*" in out
    assert "* start not stated: held as of 2024-06-01 or 2026-01-07 (some with no date at all)." in out
    assert "kg counts them, but does not know they held then" in out


def test_before_any_source_states_a_holding_it_is_not_held(dated):
    # parent_co → fund_a is stated as of 2025-01-01 and neither entity's founding is known
    rows, _ = owners(dated, "2024-12-31")
    assert "parent_co" not in rows
    rows, _ = owners(dated, "2025-01-01")
    assert rows["parent_co"] == UNSTATED_START  # asserted itself, but its chain uses fund_a → dated_co (2026-01-07)
    assert rows["fund_b"] == ASSERTED  # its source was published 2024-06-01


def test_after_the_stated_date_holdings_are_held_as_today(dated):
    rows, res = owners(dated, "2026-01-07")
    assert rows == {"fund_a": ASSERTED, "fund_b": ASSERTED, "parent_co": ASSERTED, "undated_holder": UNSTATED_START}
    assert res["start_not_stated"]["stated_as_of"] == [] and res["start_not_stated"]["undated"]


def test_an_entity_founded_after_the_date_holds_nothing_and_is_held_by_no_one(dated, capsys):
    own = Ownership(dated.nx, dated.ontology, as_of="2022-12-31", sources=dated.sources)
    assert "new_co" not in {r["id"] for r in own.holdings("fund_a")["holdings"]}
    assert own.owners("new_co")["owners"] == []
    code, out, _ = run(capsys, "holdings", "fund_a", "--data", str(DATES), "--as-of", "2023-01-01")
    assert code == 0 and "New Co [new_co]" in out and "20%*" in out


def test_path_and_control_say_held_as_of(dated, capsys):
    code, out, _ = run(
        capsys, "path", "parent_co", "dated_co", "--data", str(DATES), "--as-of", "2025-06-01", "--explain"
    )
    assert code == 0
    assert "[held as of 2026-01-07, start not stated]" in out and "60% × 10% = 6%*" in out
    code, out, _ = run(
        capsys, "path", "parent_co", "dated_co", "--data", str(DATES), "--as-of", "2025-06-01", "--format", "json"
    )
    res = json.loads(out)
    assert res["paths"][0]["status"] == UNSTATED_START
    hop = res["paths"][0]["hops"][1]
    assert hop["status"] == UNSTATED_START and hop["claims"][0]["stated_as_of"] == "2026-01-07"
    res = Ownership(dated.nx, dated.ontology, as_of="2020-01-01", sources=dated.sources).control(
        "dated_co", threshold=5
    )
    assert {b["id"]: b["status"] for b in res["blocs"]}["fund_a"] == UNSTATED_START
    assert {h["id"]: h["status"] for h in res["holders"]}["fund_b"] == UNSTATED_START
    code, out, _ = run(capsys, "control", "dated_co", "--data", str(DATES), "--as-of", "2020-01-01", "--threshold", "5")
    assert "* start not stated: held as of 2024-06-01 or 2026-01-07" in out


def test_an_asserted_claim_wins_over_one_stated_only_later():
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_node("t", founded="2010")
    G.add_edge("a", "t", key="old", predicate="holdsSharesIn", share=10, start="2015", source="s")
    G.add_edge("a", "t", key="new", predicate="holdsSharesIn", share=8, as_of="2026-01-07", source="s")
    onto = kg.load(DATES).ontology
    link = Ownership(G, onto, as_of="2020-01-01").econ_in["t"]["a"]
    assert (link.stake.lo, link.status, [c.statement for c in link.claims]) == (0.10, ASSERTED, ["old"])
    link = Ownership(G, onto, as_of="2026-01-07").econ_in["t"]["a"]
    assert link.conflict and link.stake.lo == 0.08 and link.stake.hi == 0.10


# -- show, derived statements --------------------------------------------------------------------


def test_show_says_as_of_when_the_start_is_not_stated(capsys):
    code, out, _ = run(capsys, "show", "fund_b", "--data", str(DATES))
    assert code == 0 and "as of 2024-06-01, start not stated" in out
    code, out, _ = run(capsys, "show", "undated_holder", "--data", str(DATES), "--format", "json")
    by_predicate = {st["predicate"]: st for st in json.loads(out)["statements"]}
    assert by_predicate["holdsSharesIn"]["start_not_stated"] == {"stated_as_of": None}
    assert "start_not_stated" not in by_predicate["employedBy"]


def test_derived_statements_are_as_of_the_last_stated_date_and_flag_unstated_starts(dated):
    assert analysis_date(dated.nx, dated.ontology, dated.sources) == date(2026, 1, 7)
    assert analysis_date(dated.nx, dated.ontology) == date(2026, 1, 7)  # the as_of dates alone
    lines, report = derived_ntriples(dated)
    assert report["as_of"] == "2026-01-07"
    flagged = {line.split()[0] for line in lines if str(KG.startNotStated) in line}
    subjects = {
        line.split()[0]: line.split()[2] for line in lines if "#subject>" in line or "/22-rdf-syntax-ns#subject" in line
    }
    assert {subjects[node].rsplit("/", 1)[1].rstrip(">") for node in flagged} == {"undated_holder"}


# -- the bundled data -----------------------------------------------------------------------------


def test_bundled_zhipu_had_no_holders_before_it_was_founded(capsys):
    code, out, _ = run(capsys, "owners", "zhipu", "--as-of", "2019-01-01")
    assert code == 0
    assert "No holder of Zhipu AI is recorded as of 2019-01-01: nothing is known about its holders" in out
    code, out, _ = run(capsys, "owners", "zhipu", "--as-of", "2019-01-01", "--format", "json")
    res = json.loads(out)
    assert res["owners"] == [] and res["note"]


def test_bundled_pre_ipo_holdings_are_flagged_before_the_filing(bundled):
    rows, res = owners(bundled, "2025-06-01", "zhipu")
    assert rows and set(rows.values()) == {UNSTATED_START}  # all known only from the 2026 filings
    assert "2026-01-07" in res["start_not_stated"]["stated_as_of"]
    rows, _ = owners(bundled, "2026-01-07", "zhipu")
    assert rows["tencent_investment"] == ASSERTED


def test_dating_ignores_a_founding_date_it_cannot_read():
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_node("a", founded="not a date")
    assert Dating(G).founded("a") is None
