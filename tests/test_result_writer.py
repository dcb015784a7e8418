"""One writer of query results: ``kg query`` and ``kg serve`` write the same bytes for the same answer."""

from __future__ import annotations

import pytest

from conftest import SMALL
from kg.cli.main import main
from kg.sparql.results import write_result
from kg.sparql.stores import open_store, save_store
from kg.sparql.worker import answer

SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    import kg

    path = tmp_path_factory.mktemp("writer") / "store"
    save_store(kg.load(SMALL), path)
    return path


@pytest.mark.parametrize(
    "query, kind, fmt",
    [(SELECT, "select", f) for f in ("json", "xml", "csv", "tsv")]
    + [("ASK { ?s ?p ?o }", "select", f) for f in ("json", "xml", "csv", "tsv")]
    + [(CONSTRUCT, "graph", f) for f in ("ttl", "nt", "xml", "json")],
)
def test_kg_query_and_kg_serve_write_the_same_bytes(store, capsysbinary, monkeypatch, query, kind, fmt):
    import io
    import sys

    import pyoxigraph as ox

    monkeypatch.setattr(sys, "stdin", io.StringIO(query))
    assert main(["query", "-", "--format", fmt, "--store", str(store)]) == 0
    cli = capsysbinary.readouterr().out
    status, got_kind, got_fmt, body = answer(ox.Store.read_only(str(store)), query, {kind: fmt}, 10**6, 2**30)
    assert (status, got_kind, got_fmt) == ("ok", kind, fmt) and body == cli
    g = open_store(store)
    from kg.sparql.query import run
    from kg.sparql.stores import query_dataset

    assert write_result(run(query_dataset(g), query), fmt) == cli


def test_a_graph_format_for_a_select_is_a_usage_error(capsys):
    assert main(["query", SELECT, "--format", "nt", "--data", str(SMALL)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "kg: --format nt is for CONSTRUCT and DESCRIBE queries; use json, xml, csv or tsv\n"
