"""Identity across sources: kg combine, sameAs merges in the projection, kg same-as --candidates.

A BODS file and a GLEIF file (tests/fixtures/identity/, synthetic names, LEIs with valid check digits) describe
the same company under the same LEI: imported each, combined, built, they are one entity for owners, holdings and
control, with both the BODS owner and the GLEIF parent; either id finds it; ``kg show`` lists the sameAs statement
with its evidence; SPARQL still sees both records. Names that only look alike are proposed, never merged.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

import kg
from kg.cli.main import main
from kg.errors import DataError
from kg.graph.candidates import candidates, name_keys
from kg.graph.knowledge import load
from kg.ingest.combine import combine, strong_identifiers

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "identity"
BODS_ID, LEI_ID, PARENT = "bods-quuxfold-widgets", "lei-kgsynth000000idnt132", "lei-kgsynth000000idnt229"
OWNER = "bods-ada-examplewoman"


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def combined(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("identity")
    assert main(["import", "bods", str(FIX / "bods.json"), "--out", str(tmp / "bods")]) == 0
    gleif = [str(FIX / "lei-cdf.xml"), str(FIX / "rr-cdf.xml")]
    assert main(["import", "gleif", *gleif, "--out", str(tmp / "gleif")]) == 0
    assert main(["combine", str(tmp / "bods"), str(tmp / "gleif"), "--out", str(tmp / "all")]) == 0
    return tmp / "all"


@pytest.fixture(scope="module")
def graph(combined):
    return kg.build(combined)


def test_combine_writes_one_same_as_row_with_its_evidence(combined):
    rows = _csv(combined / "relations.csv")
    same = [r for r in rows if r["predicate"] == "sameAs"]
    assert len(same) == 1
    row = same[0]
    assert (row["subject"], row["object"]) == (BODS_ID, LEI_ID)  # the first in input order is the subject
    assert row["evidence"] == "both records carry XI-LEI:KGSYNTH000000IDNT132"
    assert (row["basis"], row["confidence"]) == ("derived", "high")
    assert row["source"].startswith("bods-source") and "gleif-lei-cdf" in row["note"]
    report = json.loads((combined / "import-report.json").read_text(encoding="utf-8"))
    assert report["merges"] == [{"subject": BODS_ID, "object": LEI_ID, "identifiers": ["XI-LEI:KGSYNTH000000IDNT132"]}]


def test_one_entity_in_the_analytics(graph):
    assert BODS_ID in graph.nx and LEI_ID not in graph.nx  # canonical: most statements, ties by id
    node = graph.nx.nodes[BODS_ID]
    assert node["same_as"] == (LEI_ID,)
    assert "QUUXFOLD WIDGETS LIMITED" in node["aliases"]
    for ref in (BODS_ID, LEI_ID, "QUUXFOLD WIDGETS LIMITED"):
        assert graph.id(ref) == BODS_ID
        owners = graph.owners(ref)
        assert list(owners["holder"]) == [OWNER]  # the BODS owner, on the merged entity
        controllers = set(graph.control(ref)["controller"])
        assert PARENT in controllers  # the GLEIF parent, on the merged entity
    assert list(graph.holdings(OWNER)["held"]) == [BODS_ID]
    assert not any(o == LEI_ID or s == LEI_ID for s, o in graph.nx.edges())


def test_show_of_either_id_lists_the_merge(combined, capsys):
    for ref in (LEI_ID, BODS_ID):
        assert main(["show", ref, "--data", str(combined), "--format", "json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["entity"]["id"] == BODS_ID
        same = [s for s in report["statements"] if s["predicate"] == "sameAs"]
        assert len(same) == 1
        assert same[0]["other"]["id"] == LEI_ID and same[0]["direction"] == "out"
        assert same[0]["evidence"] == "both records carry XI-LEI:KGSYNTH000000IDNT132"
        others = {s["other"]["id"] for s in report["statements"]}
        assert {OWNER, PARENT} <= others
    assert main(["show", LEI_ID, "--data", str(combined)]) == 0
    assert "same as" in capsys.readouterr().out


def test_compiled_graph_resolves_merged_ids(combined, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--data", str(combined), "--out", str(out)]) == 0
    capsys.readouterr()
    compiled = out / "graph.kg"
    assert main(["show", LEI_ID, "--graph", str(compiled), "--no-rebuild", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["entity"]["id"] == BODS_ID
    assert [s["other"]["id"] for s in report["statements"] if s["predicate"] == "sameAs"] == [LEI_ID]
    assert main(["owners", LEI_ID, "--graph", str(compiled), "--no-rebuild", "--format", "json"]) == 0
    assert OWNER in capsys.readouterr().out


def test_sparql_sees_both_records(graph):
    q = "SELECT ?a ?b WHERE { ?a kg:sameAs ?b } ORDER BY ?a"
    found = {(str(r["a"]).split(":")[-1], str(r["b"]).split(":")[-1]) for _, r in graph.query(q).iterrows()}
    assert {(BODS_ID, LEI_ID), (LEI_ID, BODS_ID)} <= found
    names = graph.query("SELECT ?n WHERE { ?e kg:entityId ?n }")
    assert {BODS_ID, LEI_ID} <= {str(v) for v in names.iloc[:, 0]}


def test_conflicting_source_id_is_a_problem(combined, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(combined, other)
    (other / "import-report.json").unlink()
    text = (other / "sources.csv").read_text(encoding="utf-8").splitlines()
    head, first = text[0], text[1].split(",")
    first[1] = "A different title"
    (other / "sources.csv").write_text("\n".join([head, ",".join(first), *text[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        combine([combined, other], tmp_path / "out")
    message = str(err.value)
    assert "is also in" in message and "with a different row" in message and "sources.csv:2" in message
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_folder_combined_with_itself_merges_nothing_twice(combined, tmp_path):
    report = combine([combined, combined], tmp_path / "twice")
    assert report["merges"] == []  # the input states the merge already
    assert report["rows"] == json.loads((combined / "import-report.json").read_text(encoding="utf-8"))["rows"]


def test_strong_identifiers():
    found = strong_identifiers(("XI-LEI:abc", "GB-COH:00000042", "bods-record:x", "wikidata:Q95", "CN-USCC:91", "x"))
    assert [k for k, _ in found] == ["XI-LEI:ABC", "GB-COH:00000042", "wikidata:Q95", "CN-USCC:91"]


# -- candidates -------------------------------------------------------------------------------------------


def _candidates_data(tmp_path: Path) -> Path:
    d = tmp_path / "cands"
    d.mkdir()
    (d / "sources.csv").write_text(
        "id,title,publisher,published,url,language,kind,note\ns1,Synthetic list,Nobody,2024,,,dataset,\n",
        encoding="utf-8",
    )
    (d / "entities.csv").write_text(
        "id,type,name_en,name_zh,aliases,country,source\n"
        "zorb_a,Organization,,佐布拉克投资有限公司,,CN,s1\n"
        "zorb_b,Organization,,佐布拉克投資,,CN,s1\n"
        "zorb_c,Company,Zuobulake Touzi Co. Ltd.,,,CN,s1\n"
        "zorb_d,Organization,Zorblax Investment Limited,,Zorblax Investment Ltd,,s1\n"
        "zorb_e,Organization,Zorblax Investment Co.,,,,s1\n"
        "plumbus,Organization,Plumbus Analytics GmbH,,,DE,s1\n"
        "zorb_p,Person,Zorblax Investment,,,,s1\n",
        encoding="utf-8",
    )
    (d / "relations.csv").write_text("subject,predicate,object,source\n", encoding="utf-8")
    return d


def test_candidates_in_both_scripts_and_pinyin(tmp_path):
    g = load(_candidates_data(tmp_path))
    found, skipped = candidates(g.nx, g.ontology)
    pairs = {(c.a, c.b): c for c in found}
    assert skipped == 0
    assert ("zorb_a", "zorb_b") in pairs and pairs[("zorb_a", "zorb_b")].score == 0.9  # traditional = simplified
    assert ("zorb_a", "zorb_c") in pairs and pairs[("zorb_a", "zorb_c")].score == 0.7  # pinyin only
    assert ("zorb_b", "zorb_c") in pairs
    assert ("zorb_d", "zorb_e") in pairs  # legal forms folded
    assert not any("plumbus" in pair for pair in pairs)  # an unrelated name is not proposed
    assert not any("zorb_p" in pair for pair in pairs)  # a person is never the same party as an organisation
    assert name_keys("騰訊投資") == name_keys("腾讯投资有限公司")


def test_same_as_command_writes_a_review_file_not_the_data(tmp_path, capsys):
    data = _candidates_data(tmp_path)
    before = (data / "relations.csv").read_bytes()
    review = tmp_path / "review.csv"
    args = ["same-as", "--candidates", "--data", str(data), "--format", "csv", "--write", str(review)]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "a,a_label,b,b_label,score,keys" and len(out) > 1
    rows = _csv(review)
    assert rows and {r["predicate"] for r in rows} == {"possiblySameAs"}
    assert {r["basis"] for r in rows} == {"inferred"}
    assert main(args) == 0  # again: nothing appended twice
    assert len(_csv(review)) == len(rows)
    assert (data / "relations.csv").read_bytes() == before
    # once proposed in the data, a pair is not proposed again
    (data / "relations.csv").write_text(
        "subject,predicate,object,source\nzorb_a,possiblySameAs,zorb_b,s1\n", encoding="utf-8"
    )
    g = load(data)
    assert ("zorb_a", "zorb_b") not in {(c.a, c.b) for c in candidates(g.nx, g.ontology)[0]}
    assert "zorb_a" in g.nx and "zorb_b" in g.nx  # never merged


# -- the bundled data: no sameAs, nothing changes --------------------------------------------------------


def test_bundled_build_is_byte_identical(tmp_path, monkeypatch):
    """Without sameAs statements the projection is what it was: every output file as committed, except the
    compiled graph's copy of the ontology (and the ontology's digest in its manifest) while the committed outputs
    predate the ontology's sameAs."""
    from kg.exports.outputs import build_outputs

    root = HERE.parent
    monkeypatch.chdir(root)  # the manifest names the data folder as given
    build_outputs("data", tmp_path / "o")
    committed = root / "outputs"
    stale = json.loads((committed / "graph.kg" / "manifest.json").read_text(encoding="utf-8"))
    fresh = json.loads((tmp_path / "o" / "graph.kg" / "manifest.json").read_text(encoding="utf-8"))
    ontology_changed = stale["inputs"]["ontology/kg.ttl"] != fresh["inputs"]["ontology/kg.ttl"]
    for path in sorted(p for p in committed.rglob("*") if p.is_file() and "store" not in p.parts):
        rel = path.relative_to(committed)
        if ontology_changed and str(rel) in ("graph.kg/ontology.json", "graph.kg/manifest.json"):
            continue
        assert (tmp_path / "o" / rel).read_bytes() == path.read_bytes(), rel
    if ontology_changed:  # only the ontology's digest differs
        differ = {k for k in set(stale) | set(fresh) if stale.get(k) != fresh.get(k)}
        assert differ <= {"inputs", "ontology"}, differ
        assert {k for k in fresh["inputs"] if stale["inputs"].get(k) != fresh["inputs"][k]} == {"ontology/kg.ttl"}
