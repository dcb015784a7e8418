"""graph.neo4j.zip: neo4j-admin CSVs with every entity and statement (derived ones too), typed headers, hostile
text that round-trips, deterministic bytes, and a load.cypher that names every relationship type present."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

import kg
from conftest import DATA, SMALL
from kg.compiled.rows import derived_rows
from kg.exports.neo4j import ARRAY_DELIMITER, rel_type, unguard, write_neo4j
from kg.ownership.derived import derived_ntriples
from kg.schema.ontology import load_ontology
from kg.schema.vocab import HOLDS_SHARES_IN, LOOK_THROUGH_STAKE_IN, ULTIMATE_CONTROLLER_OF


def _built(data):
    g = kg.load(data)
    lines, _ = derived_ntriples(g)
    g.add_ntriples(lines)
    return g


@pytest.fixture(scope="module")
def bundled_built():
    return _built(DATA)


def _zip(g) -> bytes:
    buf = io.BytesIO()
    write_neo4j(g, buf)
    return buf.getvalue()


def _rows(data: bytes, name: str) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = zf.read(name).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_zip_entries_are_sorted_fixed_and_deterministic(bundled_built):
    data = _zip(bundled_built)
    assert data == _zip(_built(DATA))  # a second build: the same bytes
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == ["README.txt", "import.sh", "load.cypher", "nodes.csv", "relationships.csv"]
    for i in infos:
        assert i.date_time == (1980, 1, 1, 0, 0, 0)
        assert i.external_attr >> 16 == (0o100755 if i.filename == "import.sh" else 0o100644)


def test_every_entity_and_statement_is_there_with_typed_headers(bundled_built):
    g = bundled_built
    data = _zip(g)
    nodes = _rows(data, "nodes.csv")
    rels = _rows(data, "relationships.csv")
    assert list(nodes[0])[:2] == ["id:ID(Entity)", ":LABEL"]
    assert {"aliases:string[]", "identifiers:string[]", "name", "name_zh", "country", "founded"} <= set(nodes[0])
    assert list(rels[0])[:3] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
    for h in ("share:double", "share_min:double", "share_max:double", "shares:long", "start", "end", "as_of"):
        assert h in rels[0]
    assert {"share_min_exclusive:boolean", "share_max_exclusive:boolean", "source_title", "method"} <= set(rels[0])
    assert sorted(r["id:ID(Entity)"] for r in nodes) == sorted(g.nx.nodes)
    by_id = {r["id:ID(Entity)"]: r for r in nodes}
    for n, a in g.nx.nodes(data=True):
        labels = by_id[n][":LABEL"].split(ARRAY_DELIMITER)
        assert labels[0] == a["type"] and labels[-1] == "Entity"
        assert by_id[n]["aliases:string[]"].split(ARRAY_DELIMITER) == list(a["aliases"]) or not a["aliases"]
    asserted = {r["statement"]: r for r in rels if not r["method"]}
    assert sorted(asserted) == sorted(k for _s, _o, k in g.nx.edges(keys=True))
    for s, o, k, a in g.nx.edges(keys=True, data=True):
        r = asserted[k]
        assert (r[":START_ID(Entity)"], r[":END_ID(Entity)"], r[":TYPE"]) == (s, o, rel_type(a["predicate"]))
        assert r["share:double"] == ("" if a.get("share") is None else repr(a["share"]))  # missing stays missing
        assert r["shares:long"] == ("" if a.get("shares") is None else str(a["shares"]))
        assert r["start"] == a.get("start", "") and r["end"] == a.get("end", "")
        assert r["source_title"] == g.sources[a["source"]].get("title", "")
    derived = [r for r in rels if r["method"]]
    assert len(derived) == len(derived_rows(g)) > 0
    assert {r[":TYPE"] for r in derived} == {rel_type(LOOK_THROUGH_STAKE_IN), rel_type(ULTIMATE_CONTROLLER_OF)}
    assert all(r["as_of"] and r["share_min:double"] != "" for r in derived if r[":TYPE"] != "ULTIMATE_CONTROLLER_OF")


def test_relationship_types_follow_the_rule_and_never_collide():
    onto = load_ontology()
    assert rel_type(HOLDS_SHARES_IN) == "HOLDS_SHARES_IN"
    assert rel_type("ipoOf") == "IPO_OF"
    types = [rel_type(r) for r in onto.relations]
    assert len(set(types)) == len(types)
    assert all(t.replace("_", "").isalnum() and t.isupper() for t in types)


def test_load_cypher_names_every_relationship_type_and_label_present(bundled_built):
    data = _zip(bundled_built)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        cypher = zf.read("load.cypher").decode("utf-8")
        script = zf.read("import.sh").decode("utf-8")
    assert cypher.index("CREATE CONSTRAINT") < cypher.index("LOAD CSV WITH HEADERS")
    for t in {r[":TYPE"] for r in _rows(data, "relationships.csv")}:
        assert f"CREATE (a)-[r:`{t}`]->(b)" in cypher
    for label in {lab for r in _rows(data, "nodes.csv") for lab in r[":LABEL"].split(ARRAY_DELIMITER)} - {"Entity"}:
        assert f"SET n:`{label}`" in cypher
    assert "toFloat(row.`share:double`)" in cypher and "toBoolean(row.`share_min_exclusive:boolean`)" in cypher
    assert "neo4j-admin" in script and "--array-delimiter=U+001F" in script and "--nodes=nodes.csv" in script


HOSTILE = ['=HYPERLINK("http://x")', "+1+2", "-cmd", "@SUM(A1)", 'quote " and, comma', "semi;colon", "line\nbreak"]


def test_hostile_text_round_trips_and_never_runs_in_a_spreadsheet():
    g = _built(SMALL)
    node = sorted(g.nx.nodes)[0]
    g.nx.nodes[node]["label"] = HOSTILE[0]
    g.nx.nodes[node]["aliases"] = tuple(HOSTILE)
    g.nx.nodes[node]["name_zh"] = "'=kept"
    data = _zip(g)
    row = next(r for r in _rows(data, "nodes.csv") if r["id:ID(Entity)"] == node)
    for value in [row["name"], *row["aliases:string[]"].split(ARRAY_DELIMITER)]:
        assert not value.startswith(("=", "+", "-", "@"))  # a spreadsheet shows it, runs nothing
    assert unguard(row["name"]) == HOSTILE[0]
    assert [unguard(v) for v in row["aliases:string[]"].split(ARRAY_DELIMITER)] == HOSTILE  # ';' kept in one alias
    assert row["name_zh"] == "'=kept"  # text that starts with an apostrophe is left as it is


def test_numbers_stay_numbers():
    g = _built(SMALL)
    s, o, k = next(iter(g.nx.edges(keys=True)))
    g.nx.edges[s, o, k]["share"] = -1.5
    g.nx.edges[s, o, k]["shares"] = 12
    r = next(r for r in _rows(_zip(g), "relationships.csv") if r["statement"] == k)
    assert (r["share:double"], r["shares:long"]) == ("-1.5", "12")
