"""Any identifier an entity carries (an LEI, a register number, a Wikidata id) finds it in search, show and
every ownership command — in memory and from the compiled graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.cli.main import main

HERE = Path(__file__).resolve().parent
LEI = "KGSYNTH000000IDNT132"  # the synthetic company of tests/fixtures/identity (GLEIF LEI-CDF)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("ids")
    fix = HERE / "fixtures" / "identity"
    kg.import_register("gleif", [fix / "lei-cdf.xml", fix / "rr-cdf.xml"], root / "data")
    assert main(["build", "--data", str(root / "data"), "--out", str(root / "out")]) == 0
    return root


@pytest.mark.parametrize("ref", [LEI, f"XI-LEI:{LEI}", LEI.lower()])
def test_an_identifier_names_its_entity_in_memory(imported, ref):
    g = kg.build(imported / "data")
    assert g.search(ref)["id"].iloc[0] == f"lei-{LEI.lower()}"
    assert set(g.statements(ref)["subject"]) | set(g.statements(ref)["object"]) >= {f"lei-{LEI.lower()}"}


@pytest.mark.parametrize("command", ["show", "control", "owners"])
def test_an_identifier_names_its_entity_from_the_compiled_graph(imported, command, capsys):
    capsys.readouterr()
    args = [command, LEI, "--data", str(imported / "data"), "--graph", str(imported / "out" / "graph.kg")]
    assert main([*args, "--format", "json"]) == 0
    text = json.dumps(json.loads(capsys.readouterr().out))
    assert f"lei-{LEI.lower()}" in text


def test_the_compiled_graph_has_an_identifiers_table(imported):
    import pyarrow.parquet as pq

    rows = pq.read_table(imported / "out" / "graph.kg" / "identifiers.parquet").to_pylist()
    assert {"id": f"lei-{LEI.lower()}", "scheme": "XI-LEI", "value": LEI} in rows
    assert all(set(r) == {"id", "scheme", "value"} and r["value"] for r in rows)
