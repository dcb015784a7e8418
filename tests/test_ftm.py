"""FollowTheMoney in and out: ``kg import ftm`` and the opt-in ``graph.ftm.json``.

Needs the optional extra (``pip install 'kg[ftm]'``): without it these tests skip, unless CI demands it
(KG_REQUIRE_FTM=1), when they fail. Fixtures are made with the package's own model (``model.make_entity``)
from made-up parties, or are the bad files of tests/fixtures/ftm_invalid/ (one case a file, its exact
first problem in expected.tsv).

Round trip: bundled data → graph.ftm.json → kg import ftm → kg.build gives the same owners (holders,
direct and look-through low/high), and the same controllers at 30% and 50%, for every entity at
2026-01-09. Left out of the export, so not compared: kg's computed stakes (recomputed from the direct
ones instead), relations FtM has no schema for (investment rounds, products, identity).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

import kg
from kg.errors import DataError, UsageError
from kg.exports.outputs import build_outputs
from kg.ingest.importers.ftm_ids import EXTRA, FTM_REF, escape, is_escaped, unescape

try:
    from followthemoney import model
except ImportError:  # pragma: no cover - depends on the extra
    if os.environ.get("KG_REQUIRE_FTM"):
        pytest.fail("KG_REQUIRE_FTM is set but followthemoney is not installed", pytrace=False)
    pytest.skip(EXTRA, allow_module_level=True)

from kg.ingest.importers import ftm as ftm_import
from kg.ingest.importers.ftm import import_ftm

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
INVALID = HERE / "fixtures" / "ftm_invalid"
DAY = "2026-01-09"
OWN = ["holder", "type", "direct_low", "direct_high", "low", "high", "exact", "ultimate", "status"]
CTL = ["controller", "type", "votes_low", "votes_high", "control_stated", "verdict", "ultimate", "status"]


def rows(folder: Path, name: str) -> list[dict]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_jsonl(path: Path, entities) -> Path:
    path.write_text("".join(json.dumps(e.to_dict()) + "\n" for e in entities), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ftmout")
    build_outputs(DATA, out / "a", outputs="ftm")
    build_outputs(DATA, out / "b", outputs="ftm")
    return out


# -- the id escape --------------------------------------------------------------------------------------


def test_escape_is_reversible_on_every_bundled_id():
    ids = [r["id"] for r in rows(DATA, "entities.csv")]
    assert len(ids) > 100
    for i in ids:
        e = escape(i)
        assert FTM_REF.match(e) and is_escaped(e) and unescape(e) == i, i
    assert len({escape(i) for i in ids}) == len(ids)


@pytest.mark.parametrize("kg_id", ["a_", "a-", "a.", "a__b", "0", "x.-_", "a" * 128, "q_z-", "u_u"])
def test_escape_is_reversible_on_hostile_ids(kg_id):
    e = escape(kg_id)
    assert FTM_REF.match(e) and unescape(e) == kg_id
    proxy = model.make_entity("Ownership")
    proxy.id = "own"
    proxy.add("owner", e)
    assert proxy.get("owner") == [e]  # FtM keeps the reference


@pytest.mark.parametrize("ftm_id", ["Q42", "NK-abc", "ftm-x", "aUUb", "abcZ", "a_b", "0123abcdef"])
def test_foreign_ids_never_collide_with_kg_ids(ftm_id):
    from kg.ingest.importers.ftm_rows import kg_id

    got = kg_id(ftm_id)
    assert got.startswith("ftm-") or escape(got) == ftm_id


# -- the export -----------------------------------------------------------------------------------------


def test_export_is_deterministic_and_accepted_by_the_model(exported):
    a = (exported / "a" / "graph.ftm.json").read_bytes()
    assert a == (exported / "b" / "graph.ftm.json").read_bytes()
    lines = a.decode("utf-8").splitlines()
    assert len(lines) > 300
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # untrusted: every value re-checked by the model
        assert proxy.to_dict()["properties"] == data["properties"], data["id"]  # nothing dropped
    schemata = {json.loads(line)["schema"] for line in lines}
    assert {"Person", "Company", "Organization", "Ownership", "Directorship"} <= schemata


def test_export_is_opt_in_and_names_the_extra(monkeypatch, tmp_path):
    from kg.exports.registry import choose, file_names

    assert "graph.ftm.json" not in file_names()
    assert "graph.ftm.json" not in [f.file for f in choose("all", 1)[0]]
    assert [f.file for f in choose("ftm", 1)[0]] == ["graph.ftm.json"]
    monkeypatch.setitem(__import__("sys").modules, "followthemoney", None)
    with pytest.raises(UsageError, match=r"pip install 'kg\[ftm\]'"):
        build_outputs(DATA, tmp_path / "out", outputs="ftm")
    with pytest.raises(UsageError, match=r"pip install 'kg\[ftm\]'"):
        import_ftm([INVALID / "no_id.jsonl"], tmp_path / "imp")


def _norm(df, col: str) -> list:
    return sorted(tuple(str(x) for x in row) for row in df[OWN if col == "holder" else CTL].itertuples(index=False))


def test_round_trip_keeps_owners_stakes_and_controllers(exported, tmp_path):
    report = import_ftm([exported / "a" / "graph.ftm.json"], tmp_path / "imp")
    assert report["rows"]["entities"] > 100
    a, b = kg.build(DATA), kg.build(tmp_path / "imp")
    ids = [r["id"] for r in rows(tmp_path / "imp", "entities.csv")]
    assert set(ids) <= set(a.nx.nodes)  # every kg id came back exactly
    differ = set()
    for n in ids:
        if _norm(a.owners(n, DAY), "holder") != _norm(b.owners(n, DAY), "holder"):
            differ.add(n)
        for t in (30.0, 50.0):
            if _norm(a.control(n, t, DAY), "controller") != _norm(b.control(n, t, DAY), "controller"):
                differ.add(n)
    assert differ == set()


# -- reading FtM made with its own model -------------------------------------------------------------


def test_import_maps_schemata_identifiers_and_links(tmp_path):
    c = model.make_entity("Company")
    c.id = "Example-Co"
    c.add("name", "Example Holdings Ltd")
    c.add("name", "示例控股有限公司")
    c.add("country", "hk")
    c.add("leiCode", "5493001KJTIIGC8Y1R12")
    c.add("publisher", "Example Register")
    body = model.make_entity("PublicBody")
    body.id = "body-1"
    body.add("name", "Example Authority")
    p = model.make_entity("Person")
    p.id = "person-1"
    p.add("name", "Example Person")
    own = model.make_entity("Ownership")
    own.id = "own-1"
    own.add("owner", "body-1")
    own.add("asset", "Example-Co")
    own.add("percentage", "25-50")
    own.add("percentage", "30%")
    own.add("startDate", "2020-05")
    d = model.make_entity("Directorship")
    d.id = "dir-1"
    d.add("director", "person-1")
    d.add("organization", "Example-Co")
    d.add("role", "Chair")
    u = model.make_entity("UnknownLink")
    u.id = "link-1"
    u.add("subject", "person-1")
    u.add("object", "Example-Co")
    fam = model.make_entity("Family")
    fam.id = "fam-1"
    fam.add("person", "person-1")
    fam.add("relative", "person-1x")
    report = import_ftm([write_jsonl(tmp_path / "in.json", [c, body, p, own, d, u, fam])], tmp_path / "out")
    ents = {e["id"]: e for e in rows(tmp_path / "out", "entities.csv")}
    co = ents["ftm-example-co-" + __import__("hashlib").sha1(b"Example-Co").hexdigest()[:12]]
    assert (co["type"], co["name_en"], co["name_zh"], co["country"]) == (
        "Company",
        "Example Holdings Ltd",
        "示例控股有限公司",
        "HK",
    )
    assert co["identifiers"] == "XI-LEI:5493001KJTIIGC8Y1R12|ftm:Example-Co"
    assert ents["body-1"]["type"] == "GovernmentBody" and ents["person-1"]["type"] == "Person"
    rels = rows(tmp_path / "out", "relations.csv")
    by_ref = {}
    for r in rels:
        by_ref.setdefault(r["source_ref"], []).append(r)
    shares = sorted((r["share"], r["share_min"], r["share_max"]) for r in by_ref["own-1"])
    assert shares == [("", "25", "50"), ("30", "", "")]  # two stated values: two rows
    assert all(r["start"] == "2020-05" and r["subject"] == "body-1" for r in by_ref["own-1"])
    assert json.loads(by_ref["own-1"][0]["evidence"])["schema"] == "Ownership"
    assert [(r["predicate"], r["role"]) for r in by_ref["dir-1"]] == [("directorOf", "Chair")]
    assert by_ref["link-1"][0]["predicate"] == "hasUnspecifiedInterestIn"
    assert "fam-1" not in by_ref
    assert report["warnings"] == 1 and "Family" in report["warnings_listed"][0]


# -- bad input as data ----------------------------------------------------------------------------------


def invalid_cases() -> list[tuple[str, str, int]]:
    lines = (INVALID / "expected.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "case\texpected\terrors"
    return [(c, e, int(n)) for c, e, n in (line.split("\t") for line in lines[1:])]


@pytest.mark.parametrize(("case", "expected", "errors"), invalid_cases(), ids=lambda v: str(v)[:30])
def test_invalid_input(tmp_path, monkeypatch, case, expected, errors):
    monkeypatch.chdir(INVALID)
    with pytest.raises(DataError) as info:
        import_ftm([case], tmp_path / "out")
    got = sorted(p.format() for p in info.value.problems)
    assert got[0] == expected
    assert len(got) == errors
    assert not (tmp_path / "out").exists()


def test_every_invalid_file_is_listed():
    listed = {c for c, _, _ in invalid_cases()}
    assert listed == {p.name for p in INVALID.iterdir() if p.name not in ("expected.tsv", "README.md")}


def test_line_over_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(ftm_import, "MAX_LINE", 64)
    c = model.make_entity("Company")
    c.id = "c1"
    c.add("name", "Example Co " * 20)
    path = write_jsonl(tmp_path / "long.json", [c])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError) as info:
        import_ftm(["long.json"], tmp_path / "out")
    assert [p.format() for p in info.value.problems] == [
        "long.json:1:1: line is longer than 64 bytes (fix: one FtM entity a line; split the file or drop the oversized entity)"
    ]
    assert path.exists() and not (tmp_path / "out").exists()
