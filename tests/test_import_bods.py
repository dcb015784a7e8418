"""The BODS 0.4 importer: the standard's 19 examples import and build; chains, bands, updates, bad input.

The examples are tests/fixtures/bods04 (openownership/data-standard 0.4.0, Apache-2.0). Bad input is
data: tests/fixtures/bods_invalid/<case>.json(l) with expected.tsv giving the exact first problem line
and the number of problems.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.errors import DataError
from kg.ingest.importers.bods import import_bods
from kg.ingest.importers.common import mint_id
from kg.schema.ontology import load_ontology
from kg.schema.vocab import AGGREGATE

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE / "fixtures" / "bods04"
INVALID = HERE / "fixtures" / "bods_invalid"
NAMES = sorted(p.name for p in EXAMPLES.glob("*.json"))
CSVS = ("sources.csv", "entities.csv", "relations.csv")


def statements(name: str) -> list[dict]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def rows(out: Path, file: str) -> list[dict]:
    import csv

    with open(out / file, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("bods")
    outs = {}
    for name in NAMES:
        out = base / name.removesuffix(".json")
        import_bods([EXAMPLES / name], out)
        outs[name] = out
    return outs


@pytest.fixture(scope="module")
def built(imported) -> dict:
    return {}


def graph(imported, built, name):
    if name not in built:
        built[name] = kg.build(imported[name])
    return built[name]


def test_there_are_nineteen_examples():
    assert len(NAMES) == 19


@pytest.mark.parametrize("name", NAMES)
def test_each_example_imports_and_builds(imported, built, name):
    out = imported[name]
    assert all((out / f).is_file() for f in CSVS)
    report = json.loads((out / "import-report.json").read_text(encoding="utf-8"))
    assert report["importer"] == "bods" and report["warnings"] == 0
    g = graph(imported, built, name)
    described = {s["recordId"] for s in statements(name) if s["recordType"] in ("entity", "person")}
    ids = {r["id"] for r in rows(out, "entities.csv")}
    assert {mint_id("bods", r) for r in described} <= ids
    assert g.statements(mint_id("bods", sorted(described)[0])) is not None


# -- componentRecords: kg path gives the published chain ----------------------------------------------


def published_chains(name: str) -> dict[str, tuple[str, str, set[tuple[str, ...]]]]:
    """Per primary relationship: (interested party, subject, every chain its component relationships make)."""
    sts = statements(name)
    rels = {s["recordId"]: s["recordDetails"] for s in sts if s["recordType"] == "relationship"}
    out = {}
    for rid, d in rels.items():
        comps = [rels[c] for c in d.get("componentRecords", []) if c in rels]
        if not comps:
            continue
        edges: dict[str, list[str]] = {}
        for c in comps:
            edges.setdefault(c["interestedParty"], []).append(c["subject"])
        chains: set[tuple[str, ...]] = set()
        stack = [(d["interestedParty"],)]
        while stack:
            path = stack.pop()
            if path[-1] == d["subject"]:
                chains.add(tuple(mint_id("bods", r) for r in path))
                continue
            stack.extend((*path, n) for n in edges.get(path[-1], []) if n not in path)
        out[rid] = (mint_id("bods", d["interestedParty"]), mint_id("bods", d["subject"]), chains)
    return out


WITH_COMPONENTS = [n for n in NAMES if published_chains(n)]


def test_six_examples_publish_component_records():
    assert len(WITH_COMPONENTS) == 6


@pytest.mark.parametrize("name", WITH_COMPONENTS)
def test_the_graph_holds_exactly_the_published_chain(imported, built, name):
    """Every hop is a relation of the graph, with the component record as its source_ref."""
    import networkx as nx

    g = graph(imported, built, name)
    comps = {s["recordId"]: s["recordDetails"].get("componentRecords", []) for s in statements(name)}
    for rid, (party, subject, chains) in published_chains(name).items():
        hops = nx.DiGraph()
        hops.add_edges_from((u, v) for u, v, data in g.nx.edges(data=True) if data.get("source_ref") in comps[rid])
        found = {tuple(p) for p in nx.all_simple_paths(hops, party, subject)} if party in hops else set()
        assert found == chains and chains


def followed(predicate: str) -> bool:
    """Whether kg path --track any follows a relation (an aggregate, a stated total, it does not)."""
    return bool(load_ontology().relations[predicate].ownership_roles - {AGGREGATE})


@pytest.mark.parametrize("name", WITH_COMPONENTS)
def test_path_returns_the_published_chain(imported, built, name):
    """kg path --track any follows every hop of the published chain: the hops whose interest type is not given
    (hasUnspecifiedInterestIn) and the control interests (hasSignificantInfluenceOver, nominatorOf …) are "link"
    relations. The one other path allowed is the relationship's own statement, where kg writes it as an edge (a
    direct interest beside the indirect one, or an indirect control interest)."""
    g = graph(imported, built, name)
    for rid, (party, subject, chains) in published_chains(name).items():
        own = {
            (u, v)
            for u, v, d in g.nx.edges(data=True)
            if (u, v) == (party, subject) and d.get("source_ref") == rid and followed(d["predicate"])
        }
        found = {tuple(p) for p in g.paths(party, subject, track="any")["nodes"]}
        assert found == chains | own


def test_fi_soe_look_through(imported, built):
    """The stated indirect share is 100 (state -> Gasgrid); only the ministry's 100 is computable."""
    g = graph(imported, built, "bods-package-fi-soe.json")
    gasgrid, ministry, state = (mint_id("bods", r) for r in ("19f1c5afe9d7", "7ff95ba3682c", "05ce06ec97b1"))
    owners = g.owners(gasgrid).set_index("holder")
    assert (owners.loc[ministry, "low"], owners.loc[ministry, "high"]) == (100.0, 100.0)  # 100 x 0.765 + 23.5
    # the state -> ministry hop is otherInfluenceOrControl with no share: kg states no stake for the state
    assert state not in owners.index
    stated = [
        r for r in rows(imported["bods-package-fi-soe.json"], "relations.csv") if r["source_ref"] == "e8ddaee2a7a4"
    ]
    assert [(r["subject"], r["object"], r["share"], r["role"]) for r in stated] == [
        (state, gasgrid, "100", "shareholding")
    ]


# -- bands, updates, closures -------------------------------------------------------------------------


def test_exclusive_band_keeps_its_flags(imported):
    (row,) = rows(imported["bods-package-linking-annotations.json"], "relations.csv")
    assert (row["share_min"], row["share_max"]) == ("25", "50")
    assert (row["share_min_exclusive"], row["share_max_exclusive"]) == ("true", "true")


def test_inclusive_minimum_with_exclusive_maximum(imported):
    (row,) = rows(imported["bods-package-entity-owning-entity.json"], "relations.csv")
    assert (row["share_min"], row["share_max"], row["share_min_exclusive"], row["share_max_exclusive"]) == (
        "75",
        "100",
        "",
        "true",
    )


def test_fermcat_updates_and_closures(imported):
    rel = rows(imported["fermcat.json"], "relations.csv")
    by_record: dict[str, list[dict]] = {}
    for r in rel:
        by_record.setdefault(r["source_ref"], []).append(r)
    assert {k: len(v) for k, v in by_record.items()} == {
        "rel-b05e7c91e0a04e4f": 2,
        "rel-3fc02d9b6bdfd5ca": 2,
        "rel-b64a491543d986d0": 1,
    }
    closed = by_record["rel-b05e7c91e0a04e4f"]  # closed on 2021-09-11, interests ended 2021-04-03
    assert {(r["role"], r["end"], r["as_of"]) for r in closed} == {
        ("shareholding", "2021-04-03", "2021-09-11"),
        ("boardMember", "2021-04-03", "2021-09-11"),
    }
    assert all("record closed" in r["note"] for r in closed)
    updated = [r for r in by_record["rel-3fc02d9b6bdfd5ca"] if r["role"] == "shareholding"]
    assert [(r["share"], r["as_of"]) for r in updated] == [("100", "2022-01-21")]  # the latest statement wins
    assert len(rows(imported["fermcat.json"], "entities.csv")) == 4


def test_tecido_updates_and_closures(imported):
    rel = rows(imported["tecido.json"], "relations.csv")
    assert len(rel) == 5
    trust = sorted((r["role"], r["share"], r["start"]) for r in rel if r["source_ref"] == "02089A4E68")
    assert trust == [("shareholding", "80", "2023-03-01"), ("votingRights", "80", "2023-03-01")]
    closed = [r for r in rel if r["source_ref"] == "022EBEB66B"]  # closed with no endDate published
    assert len(closed) == 3
    assert all(r["end"] == "" and r["as_of"] == "2023-03-03" and "record closed" in r["note"] for r in closed)
    chair = next(r for r in closed if r["role"] == "boardChair")
    assert chair["share"] == "" and "share published" in chair["note"]  # chairOf carries no stake


def test_unspecified_parties(imported):
    ents = rows(imported["listed-company-exempt-from-disclosure.json"], "entities.csv")
    (unspec,) = [e for e in ents if e["type"] == "UnspecifiedParty"]
    assert unspec["unspecified_reason"] == "subjectExemptFromDisclosure"
    assert unspec["description"].startswith("Exempt from disclosure")
    levent = {e["id"]: e for e in rows(imported["levent.json"], "entities.csv")}
    anon = levent[mint_id("bods", "81337a6e")]
    assert (anon["type"], anon["unspecified_reason"]) == ("UnspecifiedParty", "interestedPartyExemptFromDisclosure")


def test_identifiers_and_listing(imported):
    (plc,) = rows(imported["plc-entity-statement.json"], "entities.csv")
    idents = plc["identifiers"].split("|")
    assert idents[:2] == ["GB-COH:02723534", "XI-LEI:PY6ZZQWO2IZFZC3IOL08"]
    assert "bods-record:70044236" in idents and plc["country"] == "GB"
    assert any(i.endswith(":AZN") for i in idents)


def test_state_is_a_government_body(imported):
    types = {e["name_en"]: e["type"] for e in rows(imported["bods-package-fi-soe.json"], "entities.csv")}
    assert types["Suomen tasavalta"] == types["Valtiovarainministerio"] == "GovernmentBody"
    assert types["Gasgrid Finland Oy"] == "Organization"


# -- a cross-holding loop -----------------------------------------------------------------------------


def statement(rid, rtype, details, date="2024-01-01"):
    return {
        "statementId": f"{rid:0<32}",
        "statementDate": date,
        "recordId": rid,
        "recordType": rtype,
        "recordStatus": "new",
        "declarationSubject": "a",
        "publicationDetails": {"publicationDate": "2024-02-01", "bodsVersion": "0.4", "publisher": {"name": "Test"}},
        "recordDetails": {"isComponent": False, **details},
    }


def loop() -> list[dict]:
    ent = {"entityType": {"type": "registeredEntity"}}
    hold = [{"type": "shareholding", "directOrIndirect": "direct", "share": {"exact": 100}}]
    return [
        statement("a", "entity", {**ent, "name": "A Ltd"}),
        statement("b", "entity", {**ent, "name": "B Ltd"}),
        statement("ab", "relationship", {"subject": "b", "interestedParty": "a", "interests": hold}),
        statement("ba", "relationship", {"subject": "a", "interestedParty": "b", "interests": hold}),
    ]


def test_cross_holding_loop_terminates_without_an_ultimate_owner(tmp_path):
    src = tmp_path / "loop.json"
    src.write_text(json.dumps(loop()), encoding="utf-8")
    import_bods([src], tmp_path / "out")
    g = kg.build(tmp_path / "out")
    a, b = mint_id("bods", "a"), mint_id("bods", "b")
    for one, other in ((a, b), (b, a)):
        ctl = g.control(one)
        ultimate = set(ctl.loc[ctl["ultimate"], "controller"]) if len(ctl) else set()
        assert other not in ultimate


# -- determinism ----------------------------------------------------------------------------------------


def test_json_lines_and_array_give_the_same_files(tmp_path):
    sts = statements("fermcat.json")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.json").write_text(json.dumps(sts, indent=2), encoding="utf-8")
    (tmp_path / "b" / "same.json").write_text("".join(json.dumps(s) + "\n" for s in sts), encoding="utf-8")
    import_bods([tmp_path / "a" / "same.json"], tmp_path / "out-a")
    import_bods([tmp_path / "b" / "same.json"], tmp_path / "out-b")
    import_bods([tmp_path / "b" / "same.json"], tmp_path / "out-c")
    for f in CSVS:
        assert (tmp_path / "out-a" / f).read_bytes() == (tmp_path / "out-b" / f).read_bytes(), f
        assert (tmp_path / "out-b" / f).read_bytes() == (tmp_path / "out-c" / f).read_bytes(), f


def test_dangling_reference_allowed_as_unspecified_party(tmp_path):
    sts = [s for s in loop() if s["recordId"] in ("b", "ab")]  # a, the interested party, is described nowhere
    src = tmp_path / "d.json"
    src.write_text(json.dumps(sts), encoding="utf-8")
    with pytest.raises(DataError):
        import_bods([src], tmp_path / "out")
    assert not (tmp_path / "out").exists()
    report = import_bods([src], tmp_path / "out", allow_dangling=True)
    assert report["warnings"] == 1
    ents = {e["id"]: e for e in rows(tmp_path / "out", "entities.csv")}
    assert ents[mint_id("bods", "a")]["unspecified_reason"] == "informationUnknownToPublisher"


# -- bad input as data ----------------------------------------------------------------------------------


def invalid_cases() -> list[tuple[str, str, int]]:
    lines = (INVALID / "expected.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "case\texpected\terrors"
    return [(c, e, int(n)) for c, e, n in (line.split("\t") for line in lines[1:])]


@pytest.mark.parametrize(("case", "expected", "errors"), invalid_cases(), ids=lambda v: str(v)[:30])
def test_invalid_input(tmp_path, monkeypatch, case, expected, errors):
    monkeypatch.chdir(INVALID)
    with pytest.raises(DataError) as info:
        import_bods([case], tmp_path / "out")
    got = sorted(p.format() for p in info.value.problems)
    assert got[0] == expected
    assert len(got) == errors
    assert not (tmp_path / "out").exists()


def test_every_invalid_file_is_listed():
    listed = {c for c, _, _ in invalid_cases()}
    assert listed == {p.name for p in INVALID.iterdir() if p.name not in ("expected.tsv", "README.md")}


def test_json_lines_line_over_one_mib(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok = json.dumps(loop()[0])
    (tmp_path / "big.jsonl").write_text(ok + "\n" + '{"x": "' + "a" * (1 << 20) + '"}\n' + ok + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        import_bods(["big.jsonl"], tmp_path / "out")
    assert [p.format() for p in info.value.problems] == [
        "big.jsonl:2:1: line 2 is longer than 1048576 bytes (fix: JSON Lines holds one statement (a few kilobytes) "
        "per line; check the file is BODS JSON Lines)"
    ]
