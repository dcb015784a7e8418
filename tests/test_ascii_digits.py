"""Digits are ASCII everywhere kg reads them: ``\\d`` also matches full-width (２０２６) and other scripts'
digits, which Python's int() and Decimal() accept but which make invalid xsd literals.

The CSV cases are fixtures in tests/fixtures/invalid/ (relations_fullwidth_digits); these cover the other readers.
"""

import pytest

import kg
from conftest import SMALL
from kg.cli.main import main
from kg.ingest.cells import NUMBER_RE, check_value
from kg.ingest.dates import DATE_RE
from kg.ingest.hints import ascii_digits
from kg.schema.ontology import load_ontology
from kg.sparql.query import Param, bind, load_query

FULL_WIDTH_DATE = "２０２６-０１-０８"


@pytest.mark.parametrize("text", [FULL_WIDTH_DATE, "٢٠٢٦", "2026-０1"])
def test_date_pattern_is_ascii(text):
    assert DATE_RE.match(text) is None


@pytest.mark.parametrize("text", ["３.９１", "٣", "1.５"])
def test_number_pattern_is_ascii(text):
    assert NUMBER_RE.match(text) is None


def test_ascii_digits_suggestion():
    assert ascii_digits(FULL_WIDTH_DATE) == "2026-01-08"
    assert ascii_digits("２０２６－０１") == "2026-01"  # full-width hyphen too (NFKC)
    assert ascii_digits("٣.٥") == "3.5"


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        (
            "date",
            FULL_WIDTH_DATE,
            "start '２０２６-０１-０８' has non-ASCII digits (fix: type the digits as ASCII 0-9: 2026-01-08)",
        ),
        ("percent", "３.９１", "start '３.９１' has non-ASCII digits (fix: type the digits as ASCII 0-9: 3.91)"),
        ("integer", "１２", "start '１２' has non-ASCII digits (fix: type the digits as ASCII 0-9: 12)"),
    ],
)
def test_check_value_names_the_ascii_fix(kind, raw, message):
    value, problem = check_value(load_ontology(), kind, raw, "start", "f.ttl")
    assert value is None
    assert problem.format() == "f.ttl: " + message


def test_query_parameters_are_ascii():
    for kind, raw, message in (
        ("date", FULL_WIDTH_DATE, "is not a date"),
        ("integer", "１２", "is not an integer"),
        ("decimal", "３.５", "is not a number"),
    ):
        q = load_query("-", "SELECT ?v WHERE { ?s ?p ?v }")
        q.params.append(Param("v", kind, ""))
        with pytest.raises(kg.UsageError, match=message):
            bind(q, {"v": raw})
        assert bind(q, {"v": ascii_digits(raw)})["v"].value == ascii_digits(raw)


def test_as_of_is_ascii(capsys):
    assert main(["owners", "example_ai", "--as-of", FULL_WIDTH_DATE, "--data", str(SMALL)]) == 2
    assert "is not a date" in capsys.readouterr().err
