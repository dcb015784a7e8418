"""A lookup on a compiled graph reads only the part of the graph its answer needs, and answers as the whole graph does.

``kg.compiled.around.neighbourhood`` against the whole projection: every entity's owners, holdings and control (at
both thresholds) and the paths between every pair, on random graphs with cycles, ranges, unknown stakes, concert
parties, stated control and dates, and on the bundled data through the API. Then the lookup file itself: made by
``kg build``, remade when stale, damaged or foreign, and done without where the folder is read-only; and a lookup
imports neither pyarrow, pandas, rdflib nor pyshacl.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from conftest import ROOT
from kg.api import Graph
from kg.compiled.around import around, neighbourhood
from kg.compiled.graph import open_graph
from kg.compiled.lookup import Lookup, _connect, lookup_path, write_lookup
from kg.ownership.derived import THRESHOLDS
from kg.ownership.engine import Ownership
from kg.schema.ontology import load_ontology
from kg.schema.specs import from_snapshot, to_snapshot
from test_ownership import graph
from test_whole_graph import ecosystems

ONTO = load_ontology(ROOT / "ontology")
ROLES = {n: spec.ownership_roles for n, spec in ONTO.relations.items() if spec.ownership_roles}


def lookup_of(G: nx.MultiDiGraph, path) -> Lookup:
    """A lookup file holding ``G``'s entities and statements in ``G``'s order (as the compiled tables hold them)."""
    ids = list(G)
    edges = list(G.edges(keys=True, data=True))
    columns = {
        "entities": {"id": ids, "attrs": [json.dumps(G.nodes[n]) for n in ids]},
        "statements": {
            "subject": [e[0] for e in edges],
            "object": [e[1] for e in edges],
            "key": [e[2] for e in edges],
            "predicate": [e[3]["predicate"] for e in edges],
            "attrs": [json.dumps(e[3]) for e in edges],
        },
        "names": {"id": [], "key": []},
        "sources": {"attrs": []},
        "facts": {"subject": [], "attrs": []},
    }
    write_lookup(path, "test", lambda name, cols: [columns[name][c] for c in cols])
    found = _connect(path, "test")
    assert found is not None
    return found


def projection(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The whole projection as the compiled graph rebuilds it: entities, then statements, in table order."""
    whole = nx.MultiDiGraph()
    whole.add_nodes_from(G.nodes(data=True))
    whole.add_edges_from(G.edges(keys=True, data=True))
    return whole


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(ecosystems())
def test_neighbourhood_answers_as_the_whole_graph_for_every_entity(tmp_path, case):
    edges, day = case
    G = graph(edges)
    lookup = lookup_of(G, tmp_path / f"{abs(hash(str(edges)))}.sqlite")
    full = projection(G)
    whole = Ownership(full, ONTO, as_of=day)
    for node in G:
        up = Ownership(neighbourhood(lookup, ROLES, up=[node]), ONTO, as_of=day)
        down = Ownership(neighbourhood(lookup, ROLES, down=[node]), ONTO, as_of=day)
        assert up.owners(node, explain=True).as_dict() == whole.owners(node, explain=True).as_dict(), node
        for threshold in THRESHOLDS:
            assert up.control(node, threshold=threshold).as_dict() == whole.control(node, threshold=threshold).as_dict()
        assert down.holdings(node, explain=True).as_dict() == whole.holdings(node, explain=True).as_dict(), node
        for target in G:
            if target == node:
                continue
            both = Ownership(neighbourhood(lookup, ROLES, down=[node], up=[target]), ONTO, as_of=day)
            for track in ("economic", "control", "any"):
                assert (
                    both.paths(node, target, track=track).as_dict() == whole.paths(node, target, track=track).as_dict()
                )
        near = around(lookup, node)
        assert list(near.in_edges(node, keys=True, data=True)) == list(full.in_edges(node, keys=True, data=True))
        assert list(near.out_edges(node, keys=True, data=True)) == list(full.out_edges(node, keys=True, data=True))
    lookup.close()


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """The bundled outputs' compiled graph, copied (its lookup file made afresh)."""
    folder = tmp_path_factory.mktemp("compiled") / "graph.kg"
    shutil.copytree(ROOT / "outputs" / "graph.kg", folder, ignore=shutil.ignore_patterns("store"))
    assert open_graph(folder).lookup is not None  # as kg build makes it
    return folder


@pytest.mark.parametrize("as_of", [None, "2025-06-01"])
def test_bundled_lookups_through_the_lookup_file_equal_the_whole_projection(compiled, as_of):
    opened = open_graph(compiled)
    whole = Graph(open_graph(compiled))
    whole.kg.nx  # noqa: B018 - read the whole projection: every view is then of the whole graph
    assert opened.lookup is not None and "nx" not in opened.__dict__
    for node in sorted(whole.kg.nx):
        part = Graph(opened)  # a new question each time: it reads only its part
        a, b = part.owners_result(node, as_of, explain=True), whole.owners_result(node, as_of, explain=True)
        assert a.as_dict() == b.as_dict(), node
        a, b = part.holdings_result(node, as_of, explain=True), whole.holdings_result(node, as_of, explain=True)
        assert a.as_dict() == b.as_dict(), node
        assert part.control_result(node, 30.0, as_of).as_dict() == whole.control_result(node, 30.0, as_of).as_dict()
        assert part.kg.statements(node) == whole.kg.statements(node)
        assert part.kg.entity(node) == whole.kg.entity(node)
        assert part.kg.facts(node) == whole.kg.facts(node)
    assert "nx" not in opened.__dict__, "a lookup read the whole projection"
    assert opened.sources == whole.kg.sources
    assert opened.resolve("智谱") == whole.kg.resolve("智谱") == "zhipu"


def test_many_questions_read_the_whole_graph_once_the_parts_add_up_to_it(compiled):
    g = Graph(open_graph(compiled))
    whole = Graph(open_graph(compiled))
    answers = []
    for node in sorted(whole.kg.nx):
        answers.append(g.owners_result(node).as_dict())
        if "nx" in g.kg.__dict__:
            break
    assert "nx" in g.kg.__dict__, "the parts read never added up to the graph"
    assert g._read >= g.kg.size()
    switched = len(answers)
    for node in sorted(whole.kg.nx)[switched:][:20]:  # answered from the whole graph now
        answers.append(g.owners_result(node).as_dict())
    assert answers == [whole.owners_result(n).as_dict() for n in sorted(whole.kg.nx)[: len(answers)]]


def test_the_lookup_file_is_made_by_the_build_and_remade_when_stale_damaged_or_foreign(compiled, tmp_path):
    folder = tmp_path / "graph.kg"
    shutil.copytree(compiled, folder, ignore=shutil.ignore_patterns("store"))
    path = lookup_path(folder)
    assert open_graph(folder).lookup is not None and path.is_file()
    made = path.stat().st_mtime_ns
    assert open_graph(folder).lookup is not None and path.stat().st_mtime_ns == made  # used as it is
    os.utime(folder / "statements.parquet")  # the tables changed: the stamp no longer matches
    assert open_graph(folder).lookup is not None and path.stat().st_mtime_ns != made
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # damaged
    assert open_graph(folder).lookup is not None and _connect(path, "no such stamp") is None
    assert path.read_bytes()[16:32] != b"\xff" * 16  # written afresh
    db = sqlite3.connect(path)  # foreign: a view where a table should be
    db.execute("DROP TABLE statements")
    db.execute(
        "CREATE VIEW statements AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r"
    )
    db.commit()
    db.close()
    g = open_graph(folder)
    assert g.lookup is not None
    assert Graph(g).owners_result("zhipu").owners[0].id == "huihui"


def test_a_compiled_graph_whose_lookup_file_cannot_be_written_answers_from_its_tables(compiled, tmp_path, monkeypatch):
    import kg.compiled.lookup as lookup_module

    def refuse(path, expected, tables):
        raise PermissionError(13, "Permission denied", str(path))  # a read-only folder, as for any user but root

    folder = tmp_path / "graph.kg"
    shutil.copytree(compiled, folder, ignore=shutil.ignore_patterns("store"))
    monkeypatch.setattr(lookup_module, "write_lookup", refuse)
    g = open_graph(folder)
    assert g.lookup is None
    assert Graph(g).owners_result("zhipu").owners[0].id == "huihui"
    assert "nx" in g.__dict__  # answered from the whole projection, read from the tables


def test_the_ontology_snapshot_holds_the_same_specs():
    snap = from_snapshot(json.loads(json.dumps(to_snapshot(ONTO))))
    assert to_snapshot(snap) == to_snapshot(ONTO)
    assert snap.family_order() == ONTO.family_order()
    assert snap.ancestors("Company") == ONTO.ancestors("Company")
    assert {n: r.ownership_roles for n, r in snap.relations.items()} == {
        n: r.ownership_roles for n, r in ONTO.relations.items()
    }
    assert len(snap.graph) == len(ONTO.graph)  # the rdflib graph, read from the Turtle when asked for


def test_a_lookup_imports_no_arrow_pandas_rdf_or_shacl(compiled):
    code = (
        "import sys; from kg.cli.main import main; "
        f"rc = main(['owners', 'zhipu', '--graph', {str(compiled)!r}]); "
        "rc |= main(['show', 'zhipu', '--graph', " + repr(str(compiled)) + "]); "
        "heavy = sorted(m for m in ('pyarrow', 'pandas', 'rdflib', 'pyshacl', 'pyvis', 'numpy') if m in sys.modules); "
        "print('HEAVY', heavy, rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.splitlines()[-1] == "HEAVY [] 0"
