"""The beneficial-owner view (``kg owners --beneficial``): natural persons at or above a threshold, with how they hold.

Expected answers are derived by hand from kg's own ``owners`` and ``control`` outputs and the data, not guessed.
"""

import json

import pytest

import kg
from conftest import DATA, ROOT
from kg.api import Graph
from kg.cli.main import main
from kg.ownership.beneficial_result import Basis, Certainty
from kg.ownership.engine import Ownership
from kg.schema.ontology import load_ontology
from test_ownership import graph, hold

ONTO = load_ontology(ROOT / "ontology")
PERSONS = {"p": "Person", "q": "Person"}


def ben(edges, types, threshold=25.0, **kw):
    G = graph(edges, types)
    for n, reason in kw.pop("reasons", {}).items():
        G.nodes[n]["unspecified_reason"] = reason
    return Ownership(G, ONTO, as_of="2026-01-09", **kw).beneficial("b", threshold=threshold)


def rows(res, basis=None):
    return [r for r in res.owners if basis is None or r.basis is basis]


def test_chain_of_60_then_50_gives_30_certainly():
    res = ben([hold("p", "a", 60), hold("a", "b", 50)], PERSONS)
    (r,) = rows(res, Basis.SHARES)
    assert (r.id, r.certainty) == ("p", Certainty.CERTAINLY)
    assert (r.stake.lo, r.stake.hi) == pytest.approx((0.30, 0.30))
    assert r.paths[0].nodes == ("p", "a", "b")  # the proof is kg's own chain
    # p controls a by majority, so a's 50% of the votes are p's: a second row, basis votes
    (v,) = rows(res, Basis.VOTES)
    assert v.id == "p" and v.stake.lo == pytest.approx(0.5)
    assert res.unattributed.lo == pytest.approx(0.7)
    assert ben([hold("p", "a", 60), hold("a", "b", 50)], PERSONS, threshold=31).owners[0].basis is Basis.VOTES


def test_a_range_reaching_the_threshold_only_at_its_top_is_possibly():
    res = ben([hold("p", "b", share_min=20, share_max=40)], PERSONS)
    (r,) = rows(res, Basis.SHARES)
    assert r.certainty is Certainty.POSSIBLY and (r.stake.lo, r.stake.hi) == pytest.approx((0.2, 0.4))
    assert ben([hold("p", "b", 20)], PERSONS).owners == ()  # below the threshold: not listed


def test_an_unspecified_owner_is_listed_apart_with_its_reason():
    res = ben(
        [hold("unk", "b", 40), hold("q", "b", 10)],
        {"unk": "UnspecifiedParty", "q": "Person"},
        reasons={"unk": "withheld"},
    )
    assert res.owners == ()  # q's 10% is below the threshold
    shares = [r for r in res.unknown_owners if r.basis is Basis.SHARES]
    assert [(r.id, r.reason) for r in shares] == [("unk", "withheld")]
    assert res.as_dict()["unknown_owners"][0]["reason"] == "withheld"
    assert (res.unattributed.lo, res.unattributed.hi) == pytest.approx((0.6, 0.6))


def test_control_by_other_means_through_a_general_partner_role():
    # p is the general partner of f, which is the general partner of b: control passes whole through a GP
    # role, so p controls b with no share and no votes held — listed on basis control, certainly, stake blank
    res = ben([("p", "f", "generalPartnerOf", {}), ("f", "b", "generalPartnerOf", {})], PERSONS)
    (r,) = rows(res)
    assert (r.id, r.basis, r.stake, r.certainty) == ("p", Basis.CONTROL, None, Certainty.CERTAINLY)
    assert r.paths[0].nodes == ("p", "f", "b")


def test_only_natural_persons_are_listed():
    res = ben([hold("co", "b", 80)], {"co": "Company"})
    assert res.owners == () and res.unknown_owners == ()


@pytest.fixture(scope="module")
def zhipu(bundled):
    return Graph(bundled).beneficial("zhipu", as_of="2026-01-09")


def test_zhipu_at_25_percent_is_the_concert_partys_persons(zhipu):
    # `kg owners zhipu --as-of 2026-01-09`: no person's look-through stake reaches 25% (Tang Jie 6.1%,
    # Liu Debing at most 23.09% through Beijing Lianpai, Huihui and Zhideng, which he controls).
    # `kg control zhipu --threshold 25`: the acting-in-concert group zhipu_concert_party pools 30.22% of the
    # votes; Liu Debing's own bloc holds 23.09%. So the beneficial owners are the group's natural-person
    # members (memberOfConcertParty rows 32-39 of data/relations.csv), each on the group's 30.22% of the votes.
    expected = {"li_juanzi", "liu_debing", "tang_jie", "xu_bin", "zhang_haifeng", "zhipu_dr_zhang"}
    assert set(zhipu.person) == expected and len(zhipu) == len(expected)
    assert set(zhipu.basis) == {"votes"} and set(zhipu.certainty) == {"certainly"}
    assert set(zhipu.concert_party) == {"zhipu_concert_party"}
    assert list(zhipu.low) == pytest.approx([30.22] * 6)
    assert not zhipu.unknown_owner.any()
    liu = zhipu[zhipu.person == "liu_debing"].iloc[0]
    assert len(Graph(kg.load(DATA)).proof(liu)) == len(liu.paths) >= 3  # his vehicles' chains


def test_zhipu_at_20_percent_adds_liu_debings_own_votes(bundled):
    df = Graph(bundled).beneficial("zhipu", threshold=20, as_of="2026-01-09")
    own = df[(df.person == "liu_debing") & df.concert_party.isna()].set_index("basis")
    # votes: his bloc in `kg control` — 0.21% in his name + Beijing Lianpai, Huihui and Zhideng, which he controls
    assert own.loc["votes", "low"] == pytest.approx(23.09) and own.loc["votes", "certainty"] == "certainly"
    # shares: `kg owners` gives him 0.21-23.09% (his stakes in the vehicles are not stated): possibly
    assert (own.loc["shares", "low"], own.loc["shares", "high"]) == pytest.approx((0.21, 23.09))
    assert own.loc["shares", "certainty"] == "possibly"


def test_compiled_graph_and_memory_give_the_same_answer(tmp_path, zhipu):
    assert main(["build", "--data", str(DATA), "--out", str(tmp_path / "out")]) == 0
    opened = kg.open(tmp_path / "out" / "graph.kg").beneficial("zhipu", as_of="2026-01-09")
    cols = [c for c in zhipu.columns if c != "paths"]
    assert opened[cols].equals(zhipu[cols])


def test_cli_json_csv_and_batch(capsys, tmp_path):
    assert main(["owners", "zhipu", "--beneficial", "--as-of", "2026-01-09", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"entity", "threshold", "beneficial_owners", "unknown_owners", "unattributed", "note"}
    assert out["threshold"] == 25 and len(out["beneficial_owners"]) == 6
    names = tmp_path / "in.txt"
    names.write_text("zhipu\nno-such-entity\n", encoding="utf-8")
    code = main(["owners", "--beneficial", "--input", str(names), "--as-of", "2026-01-09", "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 1 and "in.txt:2:" in err and "Traceback" not in err
    lines = out.splitlines()
    assert lines[0].startswith("line,input,person,label") and len(lines) == 7
    assert main(["owners", "zhipu", "--beneficial", "--threshold", "0", "--as-of", "2026-01-09"]) != 0
