"""kg import gleif: GLEIF golden-copy XML and API JSON into kg's dataset contract.

The readers are tested on their own, then the import through the sink (kg.ingest.importers.common) and the
build of its output. Bad input is data: tests/fixtures/gleif_invalid/ holds one file per case and
``expected.tsv`` the exact problem (or warning) each must give, at which line and column.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.ingest.importers.gleif_json import read_json
from kg.ingest.importers.gleif_records import Header, lei_problem, with_check_digits
from kg.ingest.importers.gleif_xml import XmlRefused, read_xml

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "gleif"
INVALID = HERE / "fixtures" / "gleif_invalid"
XML = [FIX / "lei-cdf.xml", FIX / "rr-cdf.xml", FIX / "repex.xml"]
JSON = [FIX / f"synthetic-{n}.json" for n in ("lei-records", "relationship-records", "reporting-exceptions")]


def _records(paths, reader):
    out = []
    for p in paths:
        for r in reader(str(p), p.name):
            d = dataclasses.asdict(r)
            d.pop("where", None)
            d.pop("form", None)
            out.append((type(r).__name__, d))
    return out


def test_xml_records_are_read_verbatim():
    recs = list(read_xml(str(XML[0]), "lei-cdf.xml"))
    assert recs[0] == Header("lei", "xml", "2025-05-15")
    fund = next(r for r in recs[1:] if r.lei == "KGSYNTH0000000000423")
    assert (fund.legal_name.text, fund.legal_name.lang, fund.category) == ("示例增长基金", "zh", "FUND")
    assert fund.other_names[0].type == "PREFERRED_ASCII_TRANSLITERATED_LEGAL_NAME"
    assert (recs[1].where.line, recs[1].where.column) == (10, 5)


def test_xml_and_api_json_give_the_same_records():
    assert _records(XML, read_xml) == _records(JSON, read_json)


def test_lei_check_digits():
    assert lei_problem("5493001KJTIIGC8Y1R12") == ""
    assert "check digits" in lei_problem("5493001KJTIIGC8Y1R13")
    assert "20" in lei_problem("5493001KJTIIGC8Y1R1")
    assert lei_problem(with_check_digits("KGSYNTH00000000042")) == ""


@pytest.mark.parametrize("case", ["entity_expansion.xml", "external_dtd.xml", "too_deep.xml", "malformed.xml"])
def test_hostile_xml_is_refused_by_the_reader(case):
    with pytest.raises(XmlRefused) as exc:
        list(read_xml(str(INVALID / case), case))
    assert exc.value.line > 0


def test_lei_rdf_is_refused_naming_its_vocabulary_and_the_importer(capsys):
    code = main(["validate", "--rdf", str(FIX / "lei-rdf" / "L2Data.ttl")])
    err = capsys.readouterr().err
    assert code == 1
    assert "GLEIF's lei-rdf vocabulary" in err and "kg import gleif" in err


def _table():
    lines = (INVALID / "expected.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["case", "kind", "at", "expected"]
    return [line.split("\t") for line in lines[1:]]


def test_every_invalid_case_has_a_file_and_every_file_a_case():
    cases = {row[0] for row in _table()}
    files = {p.name for p in INVALID.iterdir() if p.name != "expected.tsv"}
    assert cases == files


# -- through the import sink (the lead's contract) ------------------------------------------------------


def _import(paths, out):
    from kg.ingest.importers.gleif import import_gleif

    return import_gleif([str(p) for p in paths], out)


@pytest.mark.parametrize("row", _table(), ids=lambda r: r[0])
def test_invalid_input(row, tmp_path):
    from kg.errors import DataError

    case, kind, at, expected = row
    if kind == "problem":
        with pytest.raises(DataError) as exc:
            _import([INVALID / case], tmp_path / "out")
        first = exc.value.problems[0]
        line, _, place = at.partition(":")
        if place.startswith("/"):  # a JSON pointer: the record the problem is at
            assert (first.line, first.message) == (int(line), f"record {place}: {expected}")
        else:
            assert (f"{first.line}:{first.column}", first.message) == (at, expected)
        assert not (tmp_path / "out").exists()
    else:
        report = _import([INVALID / case], tmp_path / "out")
        assert any(expected in str(w) for w in report["warnings_listed"])


@pytest.mark.parametrize("paths", [XML, JSON], ids=["xml", "json"])
def test_import_builds_and_ultimate_parents_agree(paths, tmp_path):
    import kg

    report = _import(paths, tmp_path / "data")
    assert report["ultimate_parents"] == {"agree": 2, "disagree": 0, "withheld": 0, "cut_off": 1, "placeholders": 2}
    kg.build(tmp_path / "data")


def test_xml_and_json_give_the_same_rows(tmp_path):
    _import(XML, tmp_path / "x")
    _import(JSON, tmp_path / "j")
    for name in ("entities.csv", "relations.csv"):
        x = (tmp_path / "x" / name).read_text(encoding="utf-8")
        j = (tmp_path / "j" / name).read_text(encoding="utf-8")
        strip = lambda t: sorted(line.replace("xml", "").replace("json", "") for line in t.splitlines())  # noqa: E731
        assert len(strip(x)) == len(strip(j))


def test_public_sample_agrees_and_says_where_chains_are_cut_off(tmp_path):
    report = _import(sorted((FIX / "api").glob("*.json")), tmp_path / "data")
    # Apple Energy and Nordic LEI AB: direct parent = reported ultimate parent; Bloomberg Finance LP's chain
    # stops at its direct parent (no parent record for it in the sample); 254900LNRYNOQ9YPU758's direct
    # parent is withheld (NON_PUBLIC).
    assert report["ultimate_parents"] == {"agree": 2, "disagree": 0, "withheld": 1, "cut_off": 1, "placeholders": 0}
    assert any("549300B56MD0ZC402L06" in str(w) and "cut off" in str(w) for w in report["warnings_listed"])
