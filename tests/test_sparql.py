"""SPARQL: named queries, kg query, persistent stores, the endpoint, and a real Virtuoso."""

import csv
import io
import json
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

import kg
from conftest import DATA, SMALL
from kg.cli.main import main
from kg.sparql.query import bind, load_query, named_queries, run
from kg.sparql.stores import open_store, query_dataset, save_store

PARAMS = {
    "shareholders": {"company": "zhipu"},
    "vehicles": {"company": "zhipu"},
    "common-investors": {"first": "zhipu", "second": "minimax"},
    "cornerstones": {"ipo": "zhipu_ipo"},
    "people": {"company": "zhipu"},
    "affiliated-people": {"institution": "tsinghua"},
    "source-claims": {"source": "zhidx-2026-01-08"},
    "disagreements": {},
    "ownership-chains": {"company": "zhipu"},
    "concert-party": {"company": "zhipu"},
    "entities-by-type": {"type": "InvestmentVehicle"},
    "look-through": {"company": "zhipu"},
    "controllers": {},
    "facts": {"entity": "zhipu"},
}


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def dataset():
    g = kg.load(DATA)
    return g, query_dataset(g)


def rows_of(store, g, name):
    q = named_queries()[name]
    res = run(store, q.text, bind(q, PARAMS[name], g.resolve))
    return [tuple(sol[v.value].value if sol[v.value] is not None else "" for v in res.variables) for sol in res]


def test_at_least_twelve_named_queries_each_documented_and_answering(dataset):
    g, store = dataset
    queries = named_queries()
    assert len(queries) >= 12 and set(PARAMS) == set(queries)
    for name, q in queries.items():
        assert q.title and q.description, name
        assert len(rows_of(store, g, name)) > 0, f"{name} returned no rows on the bundled data"


def test_named_queries_answer_the_readers_questions(dataset):
    g, store = dataset
    investors = {r[2].rsplit("/", 1)[-1] for r in rows_of(store, g, "common-investors")}
    assert {"alibaba", "tencent"} <= investors
    vehicles = {(r[1].rsplit("/", 1)[-1], r[4].rsplit("/", 1)[-1]) for r in rows_of(store, g, "vehicles")}
    assert {
        ("ant_group", "shanghai_yunya"),
        ("ant_group", "shanghai_feiya"),
        ("meituan", "tianjin_sankuai"),
    } <= vehicles
    chains = {r[1].rsplit("/", 1)[-1] for r in rows_of(store, g, "ownership-chains")}
    assert "tianjin_sankuai" in chains and "dachen_chuanghong" in chains
    lt = {r[1].rsplit("/", 1)[-1]: (float(r[3]), float(r[4])) for r in rows_of(store, g, "look-through")}
    assert lt["ant_group"] == (0.0, 3.66)


def test_parameters_stay_terms_and_are_checked(dataset, capsys):
    _g, store = dataset
    q = named_queries()["source-claims"]
    evil = "x> } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o"
    with pytest.raises(kg.UsageError, match="is not a source id"):
        bind(q, {"source": evil})
    q2 = load_query("-", "SELECT ?name ?s WHERE { ?s rdfs:label ?name }")
    q2.params.append(__import__("kg.sparql.query", fromlist=["Param"]).Param("name", "string", ""))
    res = run(store, q2.text, bind(q2, {"name": '"} UNION { ?s ?p ?o } #'}))
    assert list(res) == []  # the whole value is one literal that names nothing
    code, _, err = run_cli(capsys, "query", "shareholders", "--data", str(DATA))
    assert code == 2 and "needs --param company=" in err
    code, _, err = run_cli(capsys, "query", "shareholders", "--param", "compnay=zhipu", "--data", str(DATA))
    assert code == 2 and "has no parameter 'compnay'; its parameters are: company" in err
    code, _, err = run_cli(capsys, "query", "nosuchquery", "--data", str(DATA))
    assert code == 1 and "the named queries are: affiliated-people" in err


def test_syntax_errors_give_line_and_column(tmp_path, capsys):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s\nWHERE { ?s ?p ?o ) }\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "query", str(bad), "--data", str(SMALL))
    assert code == 1 and out == ""
    assert "SPARQL syntax error at line 2, column 18: unexpected ')'" in err and "WHERE { ?s ?p ?o ) }" in err


def test_result_formats_are_the_w3c_ones(capsys):
    args = ["query", "cornerstones", "--param", "ipo=zhipu_ipo", "--data", str(DATA)]
    code, out, _ = run_cli(capsys, *args, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["head"]["vars"][:2] == ["ipo", "investor"] and doc["results"]["bindings"]
    assert doc["results"]["bindings"][0]["investor"]["type"] == "uri"
    code, out, _ = run_cli(capsys, *args, "--format", "xml")
    assert code == 0
    root = ET.fromstring(out)
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    code, out, _ = run_cli(capsys, *args, "--format", "csv")
    assert code == 0
    assert next(csv.reader(io.StringIO(out)))[:2] == ["ipo", "investor"]
    code, out, _ = run_cli(capsys, *args, "--format", "tsv")
    assert code == 0
    assert out.splitlines()[0].startswith("?ipo\t?investor")


def test_empty_standard_input_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("  \n"))
    code, out, err = run_cli(capsys, "query", "-", "--data", str(SMALL))
    assert code == 2 and out == "" and "no query on standard input" in err


def test_construct_is_turtle(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("CONSTRUCT { ?s kg:holdsSharesIn ?o } WHERE { ?s kg:holdsSharesIn ?o }")
    )
    code, out, _ = run_cli(capsys, "query", "-", "--data", str(SMALL), "--format", "ttl")
    assert code == 0 and "holdsSharesIn" in out and out.lstrip().startswith(("<", "@prefix"))


def test_persistent_store_opens_without_rebuilding(tmp_path, capsys):
    store = tmp_path / "store"
    code, out, _ = run_cli(capsys, "build", "--data", str(SMALL), "--out", str(tmp_path / "out"), "--store", str(store))
    assert code == 0 and "kept a store" in out
    g = open_store(store)
    assert g.nx.number_of_edges() == kg.load(SMALL).nx.number_of_edges()
    code, out, _ = run_cli(
        capsys, "query", "look-through", "--param", "company=example_ai", "--store", str(store), "--format", "csv"
    )
    assert code == 0 and "parent_co" in out
    code, out, _ = run_cli(capsys, "owners", "example_ai", "--store", str(store), "--as-of", "2026-02-01")
    assert code == 0 and "Vehicle A" in out
    code, _, err = run_cli(capsys, "owners", "example_ai", "--store", str(tmp_path))
    assert code == 1 and "not a kg store" in err


# -- the endpoint ------------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    from kg.sparql.serve import make_server, serve_in_thread, shutdown

    d = tmp_path_factory.mktemp("serve")
    g = kg.load(DATA)
    save_store(g, d / "store")
    server = make_server(str(d / "store"), port=0, html=b"<html>graph</html>", workers=2, timeout=3, max_rows=500)
    serve_in_thread(server)
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    shutdown(server)


def http(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_sparqlwrapper_as_an_independent_client(endpoint, dataset):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    text = (
        "PREFIX kg: <https://w3id.org/ai-capital-kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?s kg:holdsSharesIn ?o }"
    )
    sw = SPARQLWrapper(f"{endpoint}/sparql")
    sw.setQuery(text)
    sw.setReturnFormat(JSON)
    n = int(sw.query().convert()["results"]["bindings"][0]["n"]["value"])
    assert n == int(next(iter(run(dataset[1], text)))["n"].value) and n > 50
    sw.setMethod(POST)
    assert int(sw.query().convert()["results"]["bindings"][0]["n"]["value"]) == n


def test_protocol_forms_negotiation_and_cors(endpoint):
    q = "SELECT ?s WHERE { ?s a kg:Company } LIMIT 3"
    status, headers, body = http(
        f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": q}), headers={"Accept": "text/csv"}
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and body.startswith(b"s\r\n")
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, body = http(
        f"{endpoint}/sparql",
        data=q.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"},
    )
    assert status == 200 and b"sparql-results" in body
    status, headers, body = http(
        f"{endpoint}/sparql",
        data=urllib.parse.urlencode({"query": q}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200 and json.loads(body)["results"]["bindings"]
    status, headers, _ = http(f"{endpoint}/sparql", method="OPTIONS")
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    status, _, body = http(f"{endpoint}/")
    assert status == 200 and b"graph" in body


@pytest.mark.parametrize(
    ("request_args", "status", "message"),
    [
        (
            {
                "data": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                "headers": {"Content-Type": "application/sparql-update"},
            },
            403,
            b"read-only",
        ),
        (
            {
                "data": urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
            403,
            b"read-only",
        ),
        (
            {
                "data": b"SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                "headers": {"Content-Type": "application/sparql-query"},
            },
            400,
            b"SERVICE is refused",
        ),
        (
            {"data": b"SELECT * WHERE { ?s ?p }", "headers": {"Content-Type": "application/sparql-query"}},
            400,
            b"syntax error at line 1",
        ),
        (
            {"data": b"SELECT * WHERE { ?s foo:bar ?o }", "headers": {"Content-Type": "application/sparql-query"}},
            400,
            b"foo",
        ),
        ({"data": b"x" * (300 * 1024), "headers": {"Content-Type": "application/sparql-query"}}, 413, b"larger than"),
        (
            {"data": b"SELECT * WHERE { ?s ?p ?o }", "headers": {"Content-Type": "text/plain"}},
            415,
            b"unsupported Content-Type",
        ),
        (
            {"data": b"SELECT * WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-query"}},
            422,
            b"more than 500 rows",
        ),
        (
            {
                "data": b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                "headers": {"Content-Type": "application/sparql-query"},
            },
            503,
            b"limit and was stopped",
        ),
    ],
    ids=[
        "update-body",
        "update-form",
        "service",
        "syntax",
        "unknown-prefix",
        "oversized",
        "content-type",
        "result-cap",
        "cartesian",
    ],
)
def test_bad_requests_get_a_clear_status_and_the_server_keeps_serving(endpoint, request_args, status, message):
    got, _, body = http(f"{endpoint}/sparql", method="POST", **request_args)
    assert got == status and message in body
    ok, _, _ = http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert ok == 200


def test_under_concurrent_load(endpoint):
    """A small version of bench/bench_serve.py: concurrent clients, no errors (timings are the bench's job).

    Each client has its own loopback address, as the endpoint limits queries in flight per address."""
    from support.http import request

    errors, done = [], []
    q = urllib.parse.urlencode({"query": "SELECT ?o WHERE { ?s kg:holdsSharesIn ?o } LIMIT 5"})

    def client(k):
        for _ in range(20):
            status, _, _ = request(endpoint, f"/sparql?{q}", source=f"127.0.0.{k + 2}")
            (done if status == 200 else errors).append(status)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(done) == 160


# -- a real Virtuoso ----------------------------------------------------------------


def test_named_queries_give_the_same_rows_on_virtuoso(tmp_path, dataset, capsys):
    from support.virtuoso import find_virtuoso, virtuoso_server

    if find_virtuoso() is None:
        if os.environ.get("KG_REQUIRE_VIRTUOSO"):
            pytest.fail("KG_REQUIRE_VIRTUOSO is set but virtuoso-t is not installed")
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    g, store = dataset
    graph = "urn:kg:test"
    with virtuoso_server(tmp_path) as v:
        code, out, err = run_cli(
            capsys,
            "push",
            "--data",
            str(DATA),
            "--endpoint",
            v.sparql,
            "--gsp",
            v.gsp,
            "--user",
            v.user,
            "--password",
            v.password,
            "--graph",
            graph,
        )
        assert code == 0, err
        assert "by graph store protocol" in out
        for name in named_queries():
            args = [a for k, val in PARAMS[name].items() for a in ("--param", f"{k}={val}")]
            code, remote, err = run_cli(
                capsys, "query", name, *args, "--endpoint", v.sparql, "--endpoint-graph", graph, "--format", "json"
            )
            assert code == 0, f"{name}: {err}"
            local = rows_of(store, g, name)
            doc = json.loads(remote)
            names = doc["head"]["vars"]
            got = [tuple(b.get(n, {}).get("value", "") for n in names) for b in doc["results"]["bindings"]]
            assert sorted(map(_norm, got)) == sorted(map(_norm, local)), name
        code, _, err = run_cli(
            capsys,
            "push",
            "--data",
            str(SMALL),
            "--endpoint",
            v.sparql,
            "--gsp",
            v.gsp,
            "--user",
            v.user,
            "--password",
            "wrong",
            "--graph",
            graph,
        )
        assert code == 1 and "refused the credentials" in err
        code, out, _ = run_cli(
            capsys,
            "owners",
            "zhipu",
            "--endpoint",
            v.sparql,
            "--endpoint-graph",
            graph,
            "--as-of",
            "2026-01-09",
            "--format",
            "json",
        )
        assert code == 0 and json.loads(out)["owners"][0]["id"] == "huihui"


def _norm(row):
    """Compare values, not spellings: numbers as numbers (Virtuoso writes 9.80 as 9.8), IRIs as text."""
    out = []
    for v in row:
        v = v.strip("<>").strip('"')
        try:
            out.append(format(float(v), ".6g"))
        except ValueError:
            out.append(v)
    return tuple(out)


def test_unreachable_endpoint_is_a_clear_error(capsys):
    code, _, err = run_cli(capsys, "query", "controllers", "--endpoint", "http://127.0.0.1:9/sparql")
    assert code == 1 and "cannot reach the endpoint" in err and "Traceback" not in err
