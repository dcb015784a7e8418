"""``kg export FORMAT -o PATH``: every format from the bundled compiled graph, byte for byte what ``kg build`` wrote;
``ntriples`` is the compiled graph's graph.nt; ``csv`` parses back, one row per statement of the projection, with
hostile text neutralised; ``-o -`` writes the same bytes to standard output; a failure leaves no file."""

from __future__ import annotations

import csv
import io
import os

import pytest

from conftest import HOSTILE, ROOT
from kg.cli.main import main
from kg.exports.export import csv_header, export, format_names, statement_rows, write_statements_csv
from kg.exports.registry import FORMATS
from kg.untrusted import FORMULA_START

OUTPUTS = ROOT / "outputs"
COMPILED = OUTPUTS / "graph.kg"


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # the compiled graph's manifest names its data folder as given: "data"


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
def test_every_registry_format_equals_kg_builds_file(fmt, tmp_path, at_root, capsys):
    out = tmp_path / fmt.file
    assert main(["export", fmt.name, "-o", str(out), "--graph", str(COMPILED), "--no-rebuild"]) == 0
    assert out.read_bytes() == (OUTPUTS / fmt.file).read_bytes(), fmt.name
    assert f"wrote {out}" in capsys.readouterr().err


def test_the_default_compiled_graph_answers_without_graph_option(tmp_path, at_root, capsys):
    out = tmp_path / "g.graphml"
    assert main(["export", "graphml", "-o", str(out), "--no-rebuild"]) == 0
    assert out.read_bytes() == (OUTPUTS / "graph.graphml").read_bytes()


def test_ftm_equals_kg_builds_opt_in_file(tmp_path, at_root, capsys):
    try:
        import followthemoney  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the extra
        if os.environ.get("KG_REQUIRE_FTM"):
            pytest.fail("KG_REQUIRE_FTM is set but followthemoney is not installed", pytrace=False)
        assert main(["export", "ftm", "-o", str(tmp_path / "f.json"), "--graph", str(COMPILED)]) == 2
        assert "pip install 'kg[ftm]'" in capsys.readouterr().err
        assert not (tmp_path / "f.json").exists()
        return
    from kg.exports.outputs import build_outputs

    build_outputs("data", tmp_path / "built", outputs="ftm")
    out = tmp_path / "f.json"
    assert main(["export", "ftm", "-o", str(out), "--graph", str(COMPILED), "--no-rebuild"]) == 0
    assert out.read_bytes() == (tmp_path / "built" / "graph.ftm.json").read_bytes()


def test_ntriples_is_the_compiled_graphs_file(tmp_path, at_root, capsys):
    out = tmp_path / "g.nt"
    assert main(["export", "ntriples", "-o", str(out), "--graph", str(COMPILED), "--no-rebuild"]) == 0
    assert out.read_bytes() == (COMPILED / "graph.nt").read_bytes()


def test_ntriples_of_a_graph_in_memory_are_the_same_bytes(tmp_path, at_root):
    import kg
    from kg.compiled.graph import open_graph
    from kg.ownership.derived import derived_ntriples

    ours = tmp_path / "mem.nt"
    g = kg.load("data")
    lines, _ = derived_ntriples(g)
    g.add_ntriples(lines)
    export(g, "ntriples", ours)
    assert ours.read_bytes() == (COMPILED / "graph.nt").read_bytes()
    assert open_graph(COMPILED).manifest["ntriples"]["triples"] == ours.read_bytes().count(b"\n")


def test_csv_parses_back_one_row_per_statement_in_projection_order(tmp_path, at_root, capsys):
    from kg.compiled.graph import open_graph

    out = tmp_path / "s.csv"
    assert main(["export", "csv", "-o", str(out), "--graph", str(COMPILED), "--no-rebuild"]) == 0
    g = open_graph(COMPILED)
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == csv_header(g)
    assert rows[0][:5] == ["subject", "subject_label", "predicate", "object", "object_label"]
    assert rows[0][-1] == "source_title"
    body = rows[1:]
    edges = list(g.nx.edges(keys=True, data=True))
    assert len(body) == len(edges) == g.manifest["counts"]["statements"]
    for row, (s, o, key, attrs) in zip(body, edges, strict=True):
        rec = dict(zip(rows[0], row, strict=True))
        assert (rec["subject"], rec["predicate"], rec["object"], rec["statement"]) == (s, attrs["predicate"], o, key)
        assert rec["subject_label"] == g.nx.nodes[s]["label"]
        assert rec["source_title"] == g.sources[attrs["source"]].get("title", "")


def test_csv_neutralises_hostile_text():
    import kg

    g = kg.load_rdf(HOSTILE, check=False)
    buf = io.BytesIO()
    write_statements_csv(g, buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue().decode("utf-8"), newline="")))
    assert len(rows) == 1 + g.nx.number_of_edges() > 1
    cells = [c for row in rows for c in row]
    risky = [c for c in cells if c.startswith(FORMULA_START)]
    assert all(c.lstrip("+-").replace(".", "", 1).isdigit() for c in risky), risky  # only plain numbers
    assert any(c.startswith(("'=", "'+", "'@", "'-")) for c in cells)


def test_the_guard_applies_to_every_cell_of_the_rows(small_graph):
    small_graph.nx.nodes["example_ai"]["label"] = "=HYPERLINK(1)"  # a copy of the session graph's label changed
    try:
        rows = list(statement_rows(small_graph))
        labels = {r[1] for r in rows[1:] if r[0] == "example_ai"} | {r[4] for r in rows[1:] if r[3] == "example_ai"}
        assert labels == {"'=HYPERLINK(1)"}
    finally:
        small_graph.__dict__.pop("nx", None)  # the projection rebuilt for the other tests


def test_stdout_gets_the_same_bytes(at_root, capfdbinary):
    assert main(["export", "neo4j", "-o", "-", "--graph", str(COMPILED), "--no-rebuild"]) == 0
    assert capfdbinary.readouterr().out == (OUTPUTS / "graph.neo4j.zip").read_bytes()


def test_unknown_format_lists_the_formats(tmp_path, capsys):
    assert main(["export", "nope", "-o", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "unknown export format 'nope'" in err and all(name in err for name in format_names())
    assert not (tmp_path / "x").exists()


def test_a_path_inside_the_dataset_or_the_compiled_graph_is_refused(at_root, capsys):
    for target in ("data/out.csv", "outputs/graph.kg/x.nt"):
        assert main(["export", "csv", "-o", target, "--graph", str(COMPILED), "--no-rebuild"]) == 2
        assert "kg reads" in capsys.readouterr().err
        assert not (ROOT / target).exists()


def test_a_failure_leaves_no_file_and_keeps_the_previous_one(tmp_path, small_graph, monkeypatch):
    import kg.exports.export as ex

    out = tmp_path / "s.csv"
    out.write_bytes(b"previous")

    def broken(kg, fh):
        fh.write(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(ex, "write_statements_csv", broken)
    with pytest.raises(KeyboardInterrupt):
        export(small_graph, "csv", out)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["s.csv"]
    fresh = tmp_path / "new.csv"
    with pytest.raises(KeyboardInterrupt):
        export(small_graph, "csv", fresh)
    assert not fresh.exists() and [p.name for p in tmp_path.iterdir()] == ["s.csv"]


def test_the_help_names_every_format(capsys):
    assert main(["export", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert all(name in text for name in format_names())
