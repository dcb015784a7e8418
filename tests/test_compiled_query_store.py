"""SPARQL on a compiled graph answers from its store on disk (``graph.kg/store/oxigraph``): made once, then opened
read-only; the same answers as the graph loaded into memory; remade when ``graph.nt`` changes; done without
where it cannot be made."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from conftest import ROOT
from kg.api import Graph
from kg.compiled.graph import open_graph
from kg.compiled.querystore import STAMP, query_store_path
from kg.sparql.stores import STORE_MARKER, open_store, query_dataset

COUNTS = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"


@pytest.fixture
def folder(tmp_path):
    out = tmp_path / "graph.kg"
    shutil.copytree(ROOT / "outputs" / "graph.kg", out, ignore=shutil.ignore_patterns("store"))
    return out


def rows(store: ox.Store, query: str = COUNTS) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in solution) for solution in store.query(query)]


def in_memory(folder) -> ox.Store:
    g = open_graph(folder)
    g.rdf  # noqa: B018 - the graph loaded into memory: the path without the store on disk
    return query_dataset(g)


def test_the_store_on_disk_answers_as_the_graph_in_memory(folder):
    disk = query_dataset(open_graph(folder))
    assert query_store_path(folder).is_dir()
    assert rows(disk) == rows(in_memory(folder))
    assert len(disk) == len(in_memory(folder))
    frame = Graph(open_graph(folder)).query("SELECT ?label WHERE { kgr:zhipu rdfs:label ?label } ORDER BY ?label")
    assert "智谱" in set(frame["label"])


def test_the_store_is_made_once_and_remade_when_the_graph_changes(folder):
    query_dataset(open_graph(folder))
    stamp = query_store_path(folder) / STAMP
    made = stamp.stat().st_mtime_ns
    query_dataset(open_graph(folder))
    assert stamp.stat().st_mtime_ns == made  # opened as it was
    nt = folder / "graph.nt"
    nt.write_bytes(nt.read_bytes() + b'<urn:x:a> <urn:x:b> "added" .\n')
    store = query_dataset(open_graph(folder))
    assert stamp.stat().st_mtime_ns != made
    assert rows(store, "SELECT ?o WHERE { <urn:x:a> <urn:x:b> ?o }") == [('"added"',)]


def test_the_store_is_a_kg_store_that_kg_serve_store_opens(folder):
    path = open_graph(folder).query_store_dir()
    assert path is not None and (path / STORE_MARKER).is_file()
    kg = open_store(path)
    assert rows(query_dataset(kg)) == rows(in_memory(folder))


def test_where_the_store_cannot_be_made_the_query_loads_the_graph_into_memory(folder, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    import kg.compiled.querystore as querystore

    monkeypatch.setattr(querystore.os, "replace", refuse)  # the store cannot be put in place
    g = open_graph(folder)
    assert g.query_store_dir() is None
    assert not query_store_path(folder).exists()  # nothing half-made left behind
    assert [p.name for p in query_store_path(folder).parent.iterdir() if "oxigraph" in p.name] == []
    store = query_dataset(g)
    monkeypatch.undo()
    assert "rdf" in g.__dict__  # graph.nt loaded into memory instead
    assert rows(store) == rows(in_memory(folder))
