import shutil

import pytest

from conftest import ROOT
from kg.errors import OntologyError
from kg.schema.ontology import load_ontology


def test_ontology_declares_the_contract():
    onto = load_ontology(ROOT / "ontology")
    for cls in (
        "Person",
        "Company",
        "InvestmentVehicle",
        "InvestmentFirm",
        "Fund",
        "University",
        "ResearchLab",
        "GovernmentBody",
        "StockExchange",
        "AIModel",
        "Product",
        "FundingRound",
        "IPO",
        "Acquisition",
        "ConcertParty",
    ):
        assert cls in onto.classes, cls
    assert {"ownership", "control", "investment", "affiliation", "market", "products"} <= set(onto.families)
    assert onto.relations["holdsSharesIn"].stake_bearing
    assert not onto.relations["founderOf"].stake_bearing
    assert onto.relations["peerOf"].symmetric
    assert onto.is_subclass("InvestmentVehicle", "Agent")
    assert not onto.is_subclass("AIModel", "Agent")
    assert [c.name for c in onto.columns["relations"]][:4] == ["subject", "predicate", "object", "source"]


def test_every_term_has_both_labels_and_a_comment():
    onto = load_ontology(ROOT / "ontology")
    for spec in [*onto.classes.values(), *onto.relations.values(), *onto.metrics.values()]:
        assert spec.label_en and spec.label_zh, spec.name
    for spec in onto.relations.values():
        assert spec.comment, spec.name


def _broken_copy(tmp_path, old, new):
    dest = tmp_path / "onto"
    shutil.copytree(ROOT / "ontology", dest)
    text = (dest / "kg.ttl").read_text(encoding="utf-8")
    assert old in text
    (dest / "kg.ttl").write_text(text.replace(old, new, 1), encoding="utf-8")
    return dest


def test_undeclared_range_is_named(tmp_path):
    bad = _broken_copy(tmp_path, "rdfs:range kg:FundingRound", "rdfs:range kg:FundingRund")
    with pytest.raises(OntologyError, match=r"kg:ledRound has range kg:FundingRund, which is not a declared class"):
        load_ontology(bad)


def test_missing_chinese_label_is_named(tmp_path):
    bad = _broken_copy(tmp_path, 'rdfs:label "holds shares in"@en , "持有股份"@zh', 'rdfs:label "holds shares in"@en')
    with pytest.raises(OntologyError, match=r"relation kg:holdsSharesIn has no Chinese rdfs:label"):
        load_ontology(bad)


def test_syntax_error_names_the_file(tmp_path):
    bad = _broken_copy(tmp_path, "kg:Person a owl:Class ;", "kg:Person a owl:Class ;;;; <")
    with pytest.raises(OntologyError, match=r"kg\.ttl: cannot parse the ontology"):
        load_ontology(bad)


def test_column_without_a_property_iri_is_named(tmp_path):
    bad = _broken_copy(tmp_path, "kg:property kg:sourceId ;", 'kg:property "sourceId" ;')
    with pytest.raises(OntologyError, match=r"ontology column sources\.id has no kg:property"):
        load_ontology(bad)


def test_relation_flags_are_read_only_from_true_literals(tmp_path):
    bad = _broken_copy(tmp_path, "kg:stakeBearing true ;", "kg:stakeBearing kg:true ;")
    assert not load_ontology(bad).relations["holdsSharesIn"].stake_bearing
    assert load_ontology().relations["holdsSharesIn"].stake_bearing
