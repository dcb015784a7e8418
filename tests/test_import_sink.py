"""The sink every importer writes through (kg.ingest.importers.common): values checked by kg's own cell rules,
record updates folded on disk, problems located at the input record, the folder written whole or not at all."""

from __future__ import annotations

import csv
import json

import pytest

import kg
from kg.errors import DataError, UsageError
from kg.ingest.importers.common import ImportSink, Located, cell_text, mint_id

SRC = {
    "id": "reg-2024",
    "title": "A register",
    "publisher": "Example Register",
    "published": "2024-05-01",
    "kind": "dataset",
}


def rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_small(out, *, extra=None):
    with ImportSink(out, importer="test", inputs=["reg.json"]) as sink:
        sid = sink.source(**SRC)
        sink.entity(id="bods-a", type="Organization", name_en="A Ltd", source=sid, identifiers=("GB-COH:1",))
        sink.entity(id="bods-p", type="Person", name_en="P One", source=sid)
        sink.entity(id="bods-a", type="Organization", name_en="A Limited", source=sid, identifiers=("GB-COH:1",))
        share = {"subject": "bods-p", "predicate": "holdsSharesIn", "object": "bods-a", "source": sid}
        sink.relations("rel-1", [{**share, "share": 10.0}])
        sink.relations("rel-1", [{**share, "share_min": 25, "share_max": 50, "share_min_exclusive": True}])
        if extra:
            extra(sink, sid)
    return sink.report


def test_last_version_of_a_record_wins_and_the_folder_builds(tmp_path):
    out = tmp_path / "imported"
    report = write_small(out)
    assert report["rows"] == {"sources": 1, "entities": 2, "relations": 1, "facts": 0}
    ents = rows(out / "entities.csv")
    assert [(e["id"], e["name_en"]) for e in ents] == [("bods-a", "A Limited"), ("bods-p", "P One")]
    rel = rows(out / "relations.csv")[0]
    assert (rel["share"], rel["share_min"], rel["share_max"], rel["share_min_exclusive"]) == ("", "25", "50", "true")
    assert not (out / "facts.csv").exists()
    g = kg.build(out)
    owners = g.owners("bods-a")
    assert list(owners["holder"]) == ["bods-p"]
    assert (owners["direct_low"][0], owners["direct_high"][0]) == (25.0, 50.0)


def test_same_input_gives_byte_identical_files(tmp_path):
    write_small(tmp_path / "one")
    write_small(tmp_path / "two")
    for name in ("sources.csv", "entities.csv", "relations.csv", "import-report.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_bad_value_is_a_problem_at_its_record_and_nothing_is_written(tmp_path):
    out = tmp_path / "imported"
    write_small(out)  # an earlier import: a failed one must leave it as it is
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def bad(sink, sid):
        sink.entity(Located("reg.json", 7, 3, "e-9"), id="bods-b", type="Organization", name_en="B", country="Britain")

    with pytest.raises(DataError) as info:
        write_small(out, extra=bad)
    (problem,) = info.value.problems
    assert problem.format() == (
        "reg.json:7:3: record e-9: country 'Britain' is not a two-letter country code "
        "(fix: a two-letter ISO 3166 code such as CN, HK, US)"
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["imported"]  # no staging folder left behind


def test_a_relation_naming_no_record_is_a_problem(tmp_path):
    def dangling(sink, sid):
        row = {"subject": "bods-zz", "predicate": "holdsSharesIn", "object": "bods-a", "source": sid}
        sink.relations("rel-2", [row], Located("reg.json", 12, 1, "rel-2"))

    with pytest.raises(DataError) as info:
        write_small(tmp_path / "imported", extra=dangling)
    assert [p.format() for p in info.value.problems] == [
        "reg.json:12:1: record rel-2: subject 'bods-zz' names no entity of this import "
        "(fix: the input must describe every record a relationship names (or import with allow_dangling))"
    ]


def test_a_row_rule_is_checked_at_the_record(tmp_path):
    def backwards(sink, sid):
        row = {"subject": "bods-p", "predicate": "holdsSharesIn", "object": "bods-a", "source": sid}
        sink.relations("rel-3", [{**row, "share_min": 60, "share_max": 40}], Located("reg.json", 20, 5, "rel-3"))

    with pytest.raises(DataError) as info:
        write_small(tmp_path / "imported", extra=backwards)
    assert [p.format() for p in info.value.problems if p.severity == "error"] == [
        "reg.json:20:5: record rel-3: share_min 60 is greater than share_max 40 (fix: swap them or correct one bound)"
    ]


def test_formula_text_is_defused_and_warned_control_characters_become_spaces(tmp_path):
    def hostile(sink, sid):
        sink.entity(
            Located("reg.json", 30), id="bods-c", type="Organization", name_en="=HYPERLINK(1)", description="a\tb\nc"
        )

    report = write_small(tmp_path / "imported", extra=hostile)
    ent = {e["id"]: e for e in rows(tmp_path / "imported" / "entities.csv")}["bods-c"]
    assert (ent["name_en"], ent["description"]) == ("'=HYPERLINK(1)", "a b c")
    assert report["warnings"] == 1
    saved = json.loads((tmp_path / "imported" / "import-report.json").read_text())
    assert saved["warnings_listed"] == [
        "reg.json:30: warning: name_en '=HYPERLINK(1)' starts with '=': written with a leading apostrophe"
    ]


def test_mint_id_is_a_valid_injective_kg_id():
    ids = {mint_id("bods", f) for f in ("a b", "a-b", "A-B", "a_b", "x" * 300, "x" * 301, "", "é")}
    assert len(ids) == 8
    assert all(len(i) <= 128 and i[0].isalnum() for i in ids)
    assert mint_id("lei", "5493001KJTIIGC8Y1R12", casefold=True) == "lei-5493001kjtiigc8y1r12"


def test_cell_text_never_writes_an_exponent():
    assert [cell_text(v) for v in (1e-7, 60.0, 33.03, True, ("a", "b"), None)] == [
        "0.0000001",
        "60",
        "33.03",
        "true",
        "a|b",
        "",
    ]


def test_a_folder_no_import_wrote_is_never_replaced(tmp_path):
    mine = tmp_path / "mydata"
    mine.mkdir()
    (mine / "entities.csv").write_text("id,type,name_en\n")
    with pytest.raises(UsageError) as info:
        write_small(mine)
    assert str(info.value) == (
        f"{mine} already holds files that kg import did not write, and an import replaces its folder whole: "
        "give --out a new folder (or one an earlier import wrote)"
    )
    assert (mine / "entities.csv").read_text() == "id,type,name_en\n"
    write_small(tmp_path / "again")
    write_small(tmp_path / "again")  # an earlier import's folder is replaced


def test_what_only_the_whole_folder_shows_is_found_by_kgs_reader_at_the_record(tmp_path):
    def backwards(sink, sid):  # a Person cannot be held: the range of holdsSharesIn is checked over the dataset
        row = {"subject": "bods-a", "predicate": "holdsSharesIn", "object": "bods-p", "source": sid, "share": 5}
        sink.relations("rel-4", [row], Located("reg.json", 40, 2, "rel-4"))

    with pytest.raises(DataError) as info:
        write_small(tmp_path / "imported", extra=backwards)
    (problem,) = [p for p in info.value.problems if p.severity == "error"]
    assert problem.format().startswith("reg.json:40:2: record rel-4: ")
    assert problem.format().endswith("(relations.csv column 3) (fix: " + problem.hint + ")")
