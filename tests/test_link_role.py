"""Relations with the "link" ownership role (an interest of unknown kind or strength, e.g. a BODS hop whose interest
type is not published, or significant influence): `kg path --track any` follows them, nothing else counts them."""

from __future__ import annotations

import json

import kg
from kg.cli.main import main
from kg.schema.ontology import load_ontology
from kg.schema.vocab import LINK

AS_OF = ("--as-of", "2026-01-09")


def with_links(small):
    with (small / "entities.csv").open("a", encoding="utf-8") as fh:
        fh.write("holder_z,Company,Holder Z,持有人乙,,,CN,,,news-1,\n")
        fh.write("trust_t,Organization,Trust T,信託丙,,,CN,,,news-1,\n")
    with (small / "relations.csv").open("a", encoding="utf-8") as fh:
        fh.write("holder_z,hasUnspecifiedInterestIn,trust_t,news-1,,,,,,,,,,2026-01-01,,,stated,high,,\n")
        fh.write("trust_t,hasSignificantInfluenceOver,vehicle_a,news-1,,,,,,,,,,2026-01-01,,,stated,high,,\n")
    return small


def test_the_link_relations_are_the_ones_the_ontology_marks():
    onto = load_ontology()
    linked = {n for n, r in onto.relations.items() if LINK in r.ownership_roles}
    assert {"hasUnspecifiedInterestIn", "hasSignificantInfluenceOver", "nominatorOf", "trusteeOf"} <= linked
    assert all(r.ownership_roles == {LINK} for n, r in onto.relations.items() if n in linked)


def test_path_any_follows_links_economic_does_not(small):
    g = kg.build(with_links(small))
    anyway = g.paths("holder_z", "example_ai", track="any", as_of="2026-01-09")
    assert [tuple(n) for n in anyway["nodes"]] == [("holder_z", "trust_t", "vehicle_a", "example_ai")]
    assert g.paths("holder_z", "example_ai", as_of="2026-01-09").empty  # economic track: no stake is stated


def test_links_add_no_owner_no_stake_and_no_controller(small):
    before = kg.build(small)
    after = kg.build(with_links(small))
    for entity in ("example_ai", "vehicle_a"):
        a, b = before.owners(entity, as_of="2026-01-09"), after.owners(entity, as_of="2026-01-09")
        assert a.equals(b), entity
        c, d = before.control(entity, as_of="2026-01-09"), after.control(entity, as_of="2026-01-09")
        assert c.equals(d), entity


def test_the_cli_says_the_hop_is_of_unknown_kind_from_the_compiled_graph(small, tmp_path, capsys):
    data = with_links(small)
    out = tmp_path / "out"
    assert main(["build", "--data", str(data), "--out", str(out)]) == 0
    capsys.readouterr()
    args = ["path", "holder_z", "example_ai", "--track", "any", "--data", str(data), "--graph", str(out / "graph.kg")]
    assert main([*args, *AS_OF]) == 0
    text = capsys.readouterr().out
    assert "an interest of unknown kind or size" in text
    assert main([*args, *AS_OF, "--format", "json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert [p["nodes"] for p in res["paths"]] == [["holder_z", "trust_t", "vehicle_a", "example_ai"]]
