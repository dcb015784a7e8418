"""kg import wikidata: the saved SPARQL 1.1 JSON results of kg's Wikidata query into kg's dataset contract.

The fixture tests/fixtures/wikidata/results.json is written by hand in the W3C results format with
obviously synthetic items (Q9000000xx, "Example Holding A" …). Bad input is data:
tests/fixtures/wikidata_invalid/ holds one file per case and ``expected.tsv`` the exact problem (or
warning) each must give, at which record (a JSON pointer).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.errors import DataError

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "fixtures" / "wikidata" / "results.json"
INVALID = HERE / "fixtures" / "wikidata_invalid"
STMT = "Q900000001-00000000-0000-4000-8000-00000000000"


def _import(paths, out, **options):
    import kg

    return kg.import_register("wikidata", [str(p) for p in paths], out, **options)


def _rows(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("wd") / "data"
    report = _import([RESULTS], out)
    return out, report


def test_import_builds(imported, tmp_path):
    import kg

    out, report = imported
    assert report["rows"] == {"sources": 9, "entities": 6, "relations": 8, "facts": 0}
    assert report["warnings"] == 3  # no value, a decade's precision, a board member that is not a person
    kg.build(out)


def test_entities_are_minted_from_q_ids_with_classes_never_narrower(imported):
    out, _ = imported
    ents = {e["id"]: e for e in _rows(out, "entities")}
    a = ents["wd-q900000001"]
    assert (a["type"], a["name_en"], a["name_zh"], a["identifiers"]) == (
        "Organization",
        "Example Holding A",
        "示例控股甲",
        "wikidata:Q900000001",
    )
    assert ents["wd-q900000003"]["type"] == "Person"  # ?valueIsHuman: instance of human (Q5)


def test_proportion_is_the_share_and_owned_by_reads_owner_first(imported):
    out, _ = imported
    rels = _rows(out, "relations")
    owned = [r for r in rels if r["source_ref"] == STMT + "1"]
    assert {(r["subject"], r["predicate"], r["object"], r["share"]) for r in owned} == {
        ("wd-q900000002", "holdsSharesIn", "wd-q900000001", "30")
    }
    assert owned[0]["evidence"] == "Q900000001|P127|Q900000002|proportion=0.3|start=2017-01-01T00:00:00Z/9"
    owner_of = next(r for r in rels if r["evidence"].startswith("Q900000004|P1830"))
    assert (owner_of["subject"], owner_of["object"], owner_of["share"]) == ("wd-q900000004", "wd-q900000005", "100")
    unstated = next(r for r in rels if r["source_ref"] == STMT + "2")
    assert unstated["predicate"] == "holdsSharesIn" and unstated["share"] == ""  # never 0


def test_dates_keep_the_precision_wikidata_states(imported):
    out, report = imported
    rels = {r["source_ref"]: r for r in _rows(out, "relations")}
    assert rels[STMT + "1"]["start"] == "2017"  # precision 9: year
    assert rels[STMT + "2"]["start"] == "2019-03"  # 10: month
    assert (rels[STMT + "5"]["start"], rels[STMT + "5"]["end"]) == ("2020-05-17", "")  # 11: day; 8 (decade): blank
    assert any("precision 8" in w for w in report["warnings_listed"])


def test_unknown_value_is_an_unspecified_party_and_no_value_gives_nothing(imported):
    out, report = imported
    ents = {e["id"]: e for e in _rows(out, "entities")}
    rel = next(r for r in _rows(out, "relations") if r["source_ref"] == STMT + "3")
    party = ents[rel["subject"]]
    assert (party["type"], party["unspecified_reason"]) == ("UnspecifiedParty", "unknown")
    assert not any(r["source_ref"] == STMT + "4" for r in _rows(out, "relations"))
    assert any("no value: nothing to import" in w for w in report["warnings_listed"])


def test_two_references_keep_two_rows_each_with_its_source(imported):
    out, _ = imported
    rows = [r for r in _rows(out, "relations") if r["source_ref"] == STMT + "1"]
    sources = {s["id"]: s for s in _rows(out, "sources")}
    assert len(rows) == 2 and len({r["source"] for r in rows}) == 2
    urls = sorted(sources[r["source"]]["url"] for r in rows)
    assert urls == ["https://example.com/news/holding-a-2", "https://example.org/register/filing-1"]


def test_an_unreferenced_statement_is_sourced_to_itself_on_wikidata(imported):
    out, _ = imported
    rel = next(r for r in _rows(out, "relations") if r["source_ref"] == STMT + "2")
    src = next(s for s in _rows(out, "sources") if s["id"] == rel["source"])
    assert (src["title"], src["url"], src["kind"]) == (
        f"Wikidata statement {STMT}2",
        "https://www.wikidata.org/wiki/Q900000001",
        "encyclopedia",
    )
    assert rel["confidence"] == ""  # counts as medium: never graded above what Wikidata says


def test_parent_organization_is_part_of_not_control(imported):
    out, _ = imported
    rel = next(r for r in _rows(out, "relations") if r["source_ref"] == STMT + "6")
    assert (rel["subject"], rel["predicate"], rel["object"]) == ("wd-q900000001", "partOf", "wd-q900000004")


def test_print_query_parses(capsys):
    from rdflib.plugins.sparql import prepareQuery

    assert main(["import", "wikidata", "--print-query", "Q900000001", "Q900000004"]) == 0
    text = capsys.readouterr().out
    assert "VALUES ?item { wd:Q900000001 wd:Q900000004 }" in text
    prepareQuery(text)


def test_print_query_refuses_what_is_not_a_q_id(capsys):
    assert main(["import", "wikidata", "--print-query", "Q1; DROP"]) == 2
    assert "is not a Wikidata item id" in capsys.readouterr().err


def test_print_query_is_an_option_of_wikidata_only(capsys):
    assert main(["import", "gleif", "x.xml", "--print-query"]) == 2
    assert "--print-query is not an option of kg import gleif" in capsys.readouterr().err


def test_cli_imports(tmp_path, capsys):
    assert main(["import", "wikidata", str(RESULTS), "--out", str(tmp_path / "d")]) == 0
    assert "imported 6 entities, 8 relations" in capsys.readouterr().out


def _table():
    lines = (INVALID / "expected.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["case", "kind", "at", "expected"]
    return [line.split("\t") for line in lines[1:]]


def test_every_invalid_case_has_a_file_and_every_file_a_case():
    assert {row[0] for row in _table()} == {p.name for p in INVALID.iterdir() if p.name != "expected.tsv"}


@pytest.mark.parametrize("row", _table(), ids=lambda r: r[0])
def test_invalid_input(row, tmp_path):
    case, kind, at, expected = row
    if kind == "problem":
        with pytest.raises(DataError) as exc:
            _import([INVALID / case], tmp_path / "out")
        first = exc.value.problems[0]
        assert first.path == str(INVALID / case)
        assert first.message == (f"record {at}: {expected}" if at else expected)
        assert first.hint  # every problem says how to fix it
        assert not (tmp_path / "out").exists()
    else:
        report = _import([INVALID / case], tmp_path / "out")
        assert any(f"record {at}: {expected}" in w for w in report["warnings_listed"])
