"""The compiled graph (``graph.kg/``): written by ``kg build``, deterministic, answering every read command
without reading the CSV files, detecting changed data, and refusing damaged or foreign folders cleanly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import DATA, ROOT, SMALL
from kg.cli.main import main

READ_COMMANDS = [
    ["show", "example_ai"],
    ["show", "示例", "--format", "json"],
    ["search", "Example"],
    ["path", "parent_co", "example_ai", "--track", "any"],
    ["owners", "example_ai", "--explain"],
    ["holdings", "founder_x", "--format", "json"],
    ["control", "example_ai"],
    ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    ["render", "--out", "page.html"],
]


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path, monkeypatch, capsys):
    """A working folder with ``data/`` (the small dataset) and ``outputs/`` built from it, as a user has."""
    shutil.copytree(SMALL, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "build")[0] == 0
    return tmp_path


def no_csv_reading(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("the CSV files were read")

    import kg.graph.knowledge
    import kg.ingest.dataset

    monkeypatch.setattr(kg.ingest.dataset, "read_dataset", refuse)
    monkeypatch.setattr(kg.graph.knowledge, "read_dataset", refuse)


def test_build_writes_the_compiled_graph_byte_identical_twice(tmp_path, capsys):
    for name in ("a", "b"):
        assert run(capsys, "build", "--data", str(SMALL), "--out", str(tmp_path / name))[0] == 0
    a, b = tmp_path / "a" / "graph.kg", tmp_path / "b" / "graph.kg"
    names = sorted(p.name for p in a.iterdir() if p.is_file())  # store/: the git-ignored cache, not an output
    assert names == sorted(p.name for p in b.iterdir() if p.is_file())
    assert {"manifest.json", "graph.nt", "entities.parquet", "names.parquet", "statements.parquet"} <= set(names)
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    manifest = json.loads((a / "manifest.json").read_text())
    assert manifest["format_version"] == 1 and set(manifest["inputs"]) >= {"data/entities.csv", "ontology/kg.ttl"}


def test_compiled_graph_holds_the_same_projection(tmp_path, bundled):
    """Nodes, edges, their attributes (types and key order too), sources and facts equal the in-memory build."""
    import kg
    from kg.exports.outputs import build_outputs

    build_outputs(DATA, tmp_path / "out")
    g = kg.open_graph(tmp_path / "out" / "graph.kg")
    assert list(g.nx.nodes(data=True)) == list(bundled.nx.nodes(data=True))
    for got, want in zip(g.nx.nodes(data=True), bundled.nx.nodes(data=True), strict=True):
        assert list(got[1]) == list(want[1]) and [type(v) for v in got[1].values()] == [
            type(v) for v in want[1].values()
        ]
    assert list(g.nx.edges(keys=True, data=True)) == list(bundled.nx.edges(keys=True, data=True))
    assert list(g.nx.in_edges("zhipu", keys=True)) == list(bundled.nx.in_edges("zhipu", keys=True))
    assert g.sources == bundled.sources
    assert g.facts("zhipu") == bundled.facts("zhipu")
    assert g.statements("zhipu") == bundled.statements("zhipu")
    assert [m.as_dict() for m in g.search("智譜")] == [m.as_dict() for m in bundled.search("智譜")]


def test_the_tables_read_without_kg(project):
    import pyarrow.parquet as pq

    statements = pq.read_table(project / "outputs" / "graph.kg" / "statements.parquet").to_pylist()
    held = [r for r in statements if r["predicate"] == "holdsSharesIn" and r["subject"] == "vehicle_a"]
    assert held[0]["share"] == pytest.approx(3.91) and held[0]["object"] == "example_ai"
    names = pq.read_table(project / "outputs" / "graph.kg" / "names.parquet").to_pylist()
    assert {"id": "example_ai", "name": "示例智能", "kind": "name_zh", "key": "示例智能"} in names


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0] + ("-json" if "json" in c else ""))
def test_no_read_command_reads_the_csv_files_when_the_graph_is_fresh(project, monkeypatch, capsys, command):
    expected = run(capsys, *command, "--data", "./data")  # another --data: built in memory, as before
    no_csv_reading(monkeypatch)
    code, out, err = run(capsys, *command)
    assert (code, out, err) == expected
    assert "rebuilding" not in err


def test_serve_opens_the_compiled_graph(project, monkeypatch, capsys):
    import kg.sparql.serve

    def stop(*_a, **_k):
        raise KeyboardInterrupt

    no_csv_reading(monkeypatch)
    monkeypatch.setattr(kg.sparql.serve, "make_server", stop)
    assert run(capsys, "serve", "--port", "0")[0] == 130


def test_graph_option_picks_a_compiled_graph(project, monkeypatch, capsys):
    shutil.move(project / "outputs" / "graph.kg", project / "elsewhere.kg")
    no_csv_reading(monkeypatch)
    code, out, _ = run(capsys, "owners", "example_ai", "--graph", "elsewhere.kg", "--format", "json")
    assert code == 0 and json.loads(out)


def test_a_changed_data_file_is_said_in_one_line_and_rebuilt(project, capsys):
    entities = project / "data" / "entities.csv"
    entities.write_text(entities.read_text().replace("A model developer.", "A model maker."))
    code, _, err = run(capsys, "show", "example_ai")
    assert code == 0
    assert err.splitlines() == ["kg: data/entities.csv changed since outputs/graph.kg was built; rebuilding it"]
    code, out, err = run(capsys, "show", "example_ai")  # rebuilt: fresh again, and it says the new text
    assert code == 0 and err == "" and "A model maker." in out


def test_a_touched_but_unchanged_file_is_not_a_change(project, monkeypatch, capsys):
    os.utime(project / "data" / "relations.csv", (1, 1))
    no_csv_reading(monkeypatch)
    code, _, err = run(capsys, "owners", "example_ai")
    assert code == 0 and err == ""


def test_no_rebuild_refuses_a_stale_graph(project, capsys):
    relations = project / "data" / "relations.csv"
    relations.write_text(relations.read_text().replace("17217310 shares", "17,217,310 shares"))
    code, out, err = run(capsys, "owners", "example_ai", "--no-rebuild")
    assert code == 1 and out == ""
    assert "data/relations.csv changed since this compiled graph was built" in err and "Traceback" not in err


def _truncate(path):
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _manifest(edit):
    def damage(graph):
        manifest = json.loads((graph / "manifest.json").read_text())
        edit(manifest)
        (graph / "manifest.json").write_text(json.dumps(manifest))

    return damage


DAMAGE = {
    "manifest-not-json": lambda g: (g / "manifest.json").write_text("{not json"),
    "manifest-missing": lambda g: (g / "manifest.json").unlink(),
    "manifest-a-list": lambda g: (g / "manifest.json").write_text("[1, 2]"),
    "foreign-format": _manifest(lambda m: m.update(format="something-else")),
    "wrong-version": _manifest(lambda m: m.update(format_version=99)),
    "inputs-damaged": _manifest(lambda m: m.update(inputs={"data/x.csv": "abc"})),
    "entities-truncated": lambda g: _truncate(g / "entities.parquet"),
    "statements-garbage": lambda g: (g / "statements.parquet").write_bytes(b"PAR1" + os.urandom(300) + b"PAR1"),
    "names-missing": lambda g: (g / "names.parquet").unlink(),
    "names-a-folder": lambda g: ((g / "names.parquet").unlink(), (g / "names.parquet").mkdir()),
    "entities-other-columns": lambda g: shutil.copy(g / "derived.parquet", g / "entities.parquet"),
    "statements-of-unknown-entities": lambda g: shutil.copy(g / "facts.parquet", g / "statements.parquet"),
    "ntriples-garbage": lambda g: (g / "graph.nt").write_text("<a> <b> broken"),
    "ontology-not-json": lambda g: (g / "ontology.json").write_text("{not json"),
    "ontology-foreign": lambda g: (g / "ontology.json").write_text('{"format": "something-else"}'),
    "ontology-relation-without-family": lambda g: (g / "ontology.json").write_text(
        (g / "ontology.json").read_text().replace('"family": "ownership"', '"family": "nonesuch"', 1)
    ),
}


TABLES_DAMAGED = (
    "entities-truncated",
    "statements-garbage",
    "entities-other-columns",
    "statements-of-unknown-entities",
)
NOT_READ = (
    {(c, d) for c in ("owners", "query") for d in ("names-missing", "names-a-folder")}
    | {("owners", "ntriples-garbage"), ("show", "ntriples-garbage")}
    | {("query", d) for d in TABLES_DAMAGED}  # a query reads graph.nt (through its store on disk), not the tables
)


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize(
    "command", [["owners", "example_ai"], ["show", "示例"], ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"]]
)
def test_a_damaged_compiled_graph_is_a_clear_error(project, capsys, damage, command):
    graph = project / "outputs" / "graph.kg"
    DAMAGE[damage](graph)
    code, _out, err = run(capsys, *command, "--graph", str(graph))
    if (command[0], damage) in NOT_READ:
        assert code == 0, err  # opening is lazy: a part the command does not need is not read
        return
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    assert str(graph) in err


def test_import_kg_and_a_lookup_do_not_import_the_heavy_libraries(project):
    script = (
        "import sys, kg\n"
        "heavy = ('rdflib', 'pyvis', 'pyshacl', 'oxrdflib', 'networkx', 'pyarrow')\n"
        "assert not [m for m in heavy if m in sys.modules], [m for m in heavy if m in sys.modules]\n"
        "from kg.cli.main import main\n"
        "assert main(['owners', 'example_ai']) == 0\n"
        "print(sorted(m for m in ('pyvis', 'pyshacl', 'oxrdflib', 'jinja2', 'kg.ingest.dataset') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
