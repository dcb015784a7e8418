"""kg's Python API (kg.api): DataFrames with typed columns built from the typed results, and their proof."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import kg
from conftest import DATA, SMALL
from kg.api import Graph
from kg.api.frames import COLUMNS
from kg.ownership.engine import Ownership

AS_OF = "2026-01-09"


@pytest.fixture(scope="module")
def g() -> Graph:
    return kg.build(DATA)


def test_build_returns_a_graph_over_a_loaded_graph(g):
    assert isinstance(g, kg.Graph) and g.nx is g.kg.nx
    assert isinstance(Graph(kg.load(SMALL)).owners("example_ai"), pd.DataFrame)


def test_build_raises_the_typed_data_error(tmp_path):
    with pytest.raises(kg.DataError):
        kg.build(tmp_path)


def test_owners_frame_has_typed_columns_and_the_numbers_of_the_typed_result(g):
    df = g.owners("智谱", as_of=AS_OF)
    assert list(df.columns) == list(COLUMNS["owners"])
    assert df.dtypes["holder"] == "string" and df.dtypes["low"] == "float64" and df.dtypes["paths"] == "int64"
    assert df.dtypes["exact"] == "bool" and isinstance(df.dtypes["status"], pd.CategoricalDtype)
    assert pd.api.types.is_datetime64_any_dtype(df["as_of"]) and df["as_of"].iloc[0] == pd.Timestamp(AS_OF)
    res = Ownership(g.nx, g.kg.ontology, as_of=AS_OF).owners("zhipu")
    assert df["holder"].tolist() == [r.id for r in res.owners]
    assert df["low"].tolist() == [r["integrated"]["low"] for r in res["owners"]]  # percent, as the JSON prints
    assert df["high"].tolist() == [r["integrated"]["high"] for r in res["owners"]]
    assert (df["held"] == "zhipu").all()
    no_direct = df[df["direct_low"].isna()]
    assert len(no_direct) == sum(r.direct is None for r in res.owners)


def test_every_owners_row_reaches_its_proof(g):
    df = g.owners("zhipu", as_of=AS_OF, explain=True)
    for _, row in df.head(5).iterrows():
        chains = g.proof(row)
        assert chains and all(p.nodes[0] == row["holder"] and p.nodes[-1] == "zhipu" for p in chains)
        assert [p.nodes for p in chains] == [p.nodes for p in row["proof"]]
        assert chains[0].as_dict()["arithmetic"]
        assert all(c.data.get("source") for p in chains for link in p.links for c in link.claims)


def test_holdings_frame(g):
    df = g.holdings("tang_jie", as_of=AS_OF)
    assert list(df.columns) == list(COLUMNS["holdings"]) and (df["holder"] == "tang_jie").all()
    assert "zhipu" in set(df["held"])
    assert g.proof(df[df["held"] == "zhipu"].iloc[0])


def test_options_pass_through(g):
    direct = g.owners("zhipu", as_of=AS_OF, direct=True)
    assert direct["direct_low"].notna().all()
    assert len(g.owners("zhipu", as_of=AS_OF, min_share=5)) < len(g.owners("zhipu", as_of=AS_OF))
    wide = g.owners("zhipu", as_of=AS_OF, unknown="50-100")
    assert isinstance(wide, pd.DataFrame)


def test_control_frame(g):
    df = g.control("zhipu", threshold=30, as_of=AS_OF)
    res = g.control_result("zhipu", 30, AS_OF)
    assert df["controller"].tolist() == [b.id for b in res.blocs]
    assert set(df.loc[df["ultimate"], "controller"]) == set(res.ultimate_controllers)
    assert isinstance(df.dtypes["verdict"], pd.CategoricalDtype) and (df["threshold"] == 30).all()
    assert all(isinstance(r, tuple) for r in df["reasons"])


def test_paths_frame_carries_each_chain(g):
    df = g.paths("tang_jie", "zhipu", as_of=AS_OF)
    assert len(df) >= 1 and df["proof"].iloc[0].nodes == tuple(df["nodes"].iloc[0])
    assert df["hops"].iloc[0] == len(df["nodes"].iloc[0]) - 1


def test_search_statements_and_facts(g):
    s = g.search("智譜")
    assert s["id"].iloc[0] == "zhipu" and s.dtypes["label"] == "string"
    st = g.statements("zhipu")
    assert len(st) == len(g.kg.statements("zhipu"))
    assert st.dtypes["share"] == "Float64" and st.dtypes["shares"] == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(st["start"])
    assert list(st["confidence"].cat.categories)[-1] == "high"  # ordered: surest last
    assert set(st["direction"]) == {"out", "in"}
    facts = g.facts("zhipu")
    assert len(facts) == len(g.kg.facts("zhipu")) and facts.dtypes["value"] == "Float64"


def test_query_binds_parameters_and_types_values(g):
    df = g.query("shareholders", company="zhipu")
    assert len(df) > 0 and (df["company"] == "kgr:zhipu").all()
    count = g.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Company }")
    assert count.dtypes["n"] == "int64" and count["n"].iloc[0] > 0
    assert g.query("ASK { kgr:zhipu ?p ?o }")["result"].iloc[0]
    with pytest.raises(kg.QueryError):
        g.query("SELECT WHERE {")


def test_unknown_entity_raises_not_found(g):
    with pytest.raises(kg.NotFound):
        g.owners("no such entity at all")


def test_ownership_views_are_kept_per_date(g):
    a = g.ownership(AS_OF)
    assert g.ownership(AS_OF) is a and g.ownership("2025-01-01") is not a
    assert not math.isnan(g.owners("zhipu", as_of=AS_OF)["low"].iloc[0])


def test_the_readme_python_api_example_runs_as_shown(monkeypatch):
    """The README's "Python API" block is a doctest: it runs, at the repository root, and prints what it shows."""
    import doctest
    import re

    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Python API\n.*?```python\n(.*?)```", text, re.S)
    assert block, "README.md has no Python API example"
    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(block.group(1), {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    outcome = runner.summarize(verbose=False)
    assert outcome.failed == 0 and outcome.attempted >= 8


def test_open_answers_from_the_compiled_graph_as_build_does(tmp_path):
    from kg.cli.main import main

    assert main(["build", "--out", str(tmp_path / "out")]) == 0
    opened = kg.open(tmp_path / "out" / "graph.kg")
    built = kg.build("data")
    for frame in ("owners", "holdings"):
        entity = "zhipu" if frame == "owners" else "tencent"
        a = getattr(opened, frame)(entity, as_of="2026-01-09")
        b = getattr(built, frame)(entity, as_of="2026-01-09")
        assert len(a) > 0
        pd.testing.assert_frame_equal(
            a.drop(columns=["proof"], errors="ignore"), b.drop(columns=["proof"], errors="ignore")
        )
    assert list(opened.control("zhipu", threshold=30)["controller"]) == list(
        built.control("zhipu", threshold=30)["controller"]
    )


def test_open_refuses_a_folder_that_is_no_compiled_graph(tmp_path):
    with pytest.raises(kg.DataError) as err:
        kg.open(tmp_path)
    assert str(tmp_path) in str(err.value)
