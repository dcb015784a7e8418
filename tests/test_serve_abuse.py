"""`kg serve` against hostile requests: each abuse gets its status and message, and the server keeps serving.

Every test ends by asking a good query, so a request that breaks the server fails its own test.
"""

import json
import threading
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

import kg
from conftest import SMALL
from kg.sparql.stores import save_store
from support.http import raw, request

MAX_BYTES = 256 * 1024
GOOD = "SELECT ?s WHERE { ?s a kg:Company } LIMIT 3"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _endpoint(tmp_path_factory, timeout: float):
    from kg.sparql.serve import make_server, serve_in_thread, shutdown

    d = tmp_path_factory.mktemp("serve")
    save_store(kg.load(SMALL), d / "store")
    server = make_server(
        str(d / "store"),
        port=0,
        workers=2,
        slow_workers=1,
        timeout=timeout,
        fast_budget=0.3,
        max_rows=500,
        max_bytes=MAX_BYTES,
        max_memory_mb=256,
        per_client=2,
    )
    serve_in_thread(server)
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    shutdown(server)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    yield from _endpoint(tmp_path_factory, timeout=2)


@pytest.fixture(scope="module")
def roomy_endpoint(tmp_path_factory):
    """A 60 s time limit, so that on a loaded machine the memory cap, not the clock, stops a memory bomb."""
    yield from _endpoint(tmp_path_factory, timeout=60)


def get(endpoint, query, source="127.0.0.1", accept="application/sparql-results+json"):
    return request(
        endpoint, "/sparql?" + urllib.parse.urlencode({"query": query}), source=source, headers={"Accept": accept}
    )


def still_serving(endpoint, source="127.0.0.1"):
    status, _, body = get(endpoint, GOOD, source)
    assert status == 200 and json.loads(body)["results"]["bindings"]


def post_raw(endpoint, headers: str, body: bytes = b"") -> tuple[int, bytes]:
    head = f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n{headers}\r\n"
    return raw(endpoint, head.encode() + body)


@pytest.mark.parametrize(
    ("headers", "body", "status", "message"),
    [
        ("Content-Length: -1\r\n", b"ASK {}" * 1000, 400, b"bad Content-Length '-1'"),
        ("Content-Length: abc\r\n", b"ASK {}", 400, b"bad Content-Length 'abc'"),
        ("Content-Length: +6\r\n", b"ASK {}", 400, b"bad Content-Length '+6'"),
        ("Content-Length: 6\r\nContent-Length: 7\r\n", b"ASK {} ", 400, b"bad Content-Length '6, 7'"),
        ("Content-Length: 400000000\r\n", b"ASK {}", 413, b"larger than 262144 bytes"),
        ("", b"", 411, b"needs a Content-Length"),
        (
            "Transfer-Encoding: chunked\r\n",
            b"10000\r\n" + b"#" * 0x10000 + b"\r\n" * 1 + b"40000\r\n" + b"#" * 4096,
            413,
            b"larger than 262144 bytes",
        ),
        ("Transfer-Encoding: chunked\r\n", b"zz\r\n", 400, b"bad chunked body"),
        ("Transfer-Encoding: gzip\r\n", b"", 501, b"not supported"),
        ("Transfer-Encoding: chunked\r\n", b"6\r\nASK {}\r\n0\r\n\r\n", 200, b"boolean"),
    ],
    ids=[
        "negative",
        "not-a-number",
        "signed",
        "two-lengths",
        "huge",
        "missing",
        "chunked-too-big",
        "chunked-bad",
        "gzip",
        "chunked-ok",
    ],
)
def test_request_bodies_are_read_up_to_the_cap_whatever_the_headers_say(endpoint, headers, body, status, message):
    got, answer = post_raw(endpoint, headers, body)
    assert got == status and message in answer
    still_serving(endpoint)


def test_service_and_update_are_decided_on_the_parse_tree(endpoint):
    status, _, body = get(endpoint, "SELECT ?service WHERE { ?service a kg:Company }")
    assert status == 200 and json.loads(body)["head"]["vars"] == ["service"]
    status, _, body = get(endpoint, "PREFIX drop: <urn:x:> SELECT ?insert WHERE { ?insert drop:load ?x } LIMIT 1")
    assert status == 200
    status, _, body = get(
        endpoint, "SELECT * WHERE { ?s ?p ?o OPTIONAL { service <http://127.0.0.1:1/> { ?s ?p ?o } } }"
    )
    assert status == 400 and b"SERVICE is refused" in body
    status, _, body = get(endpoint, "DELETE WHERE { ?s ?p ?o }")
    assert status == 403 and b"read-only" in body
    for update in ("DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "# a comment\nCLEAR DEFAULT"):
        status, _, body = get(endpoint, update)
        assert status == 403 and b"read-only" in body, update
    status, _, body = get(endpoint, "SELECT * WHERE { SeRvIcE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE is refused" in body
    # a codepoint escape can spell the keyword: such text is never run unchecked
    status, _, body = get(endpoint, "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    assert status == 400
    still_serving(endpoint)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_blank_nodes_and_characters_xml_forbids_come_back_in_every_format(endpoint, fmt):
    query = 'SELECT ?b ?x ?u WHERE { BIND(BNODE("n1") AS ?b) BIND("a\\uFFFEb\\u0001c\\td<&>" AS ?x) }'
    status, _, body = request(endpoint, "/sparql?" + urllib.parse.urlencode({"query": query, "format": fmt}))
    assert status == 200, body
    if fmt == "json":
        row = json.loads(body)["results"]["bindings"][0]
        assert row["b"] == {"type": "bnode", "value": "n1"} and row["x"]["value"] == "a\ufffeb\x01c\td<&>"
        assert "u" not in row
    elif fmt == "xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        root = ET.fromstring(body)  # a strict parser: fails on U+FFFE or U+0001
        cells = {b.get("name"): b[0] for b in root.iter(ns + "binding")}
        assert cells["b"].tag == ns + "bnode" and cells["b"].text == "n1"
        assert cells["x"].text == "a\ufffdb\ufffdc\td<&>"
    elif fmt == "csv":
        assert body.decode().split("\r\n")[1].startswith("_:n1,")
    else:
        assert body.decode().split("\n")[1].startswith('_:n1\t"a\\uFFFEb')


def test_result_bytes_are_capped_while_the_result_is_written(endpoint):
    doubled = "BIND(CONCAT(?s0, ?s0) AS ?s1) " + " ".join(
        f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(1, 20)
    )
    query = f'SELECT ?s20 WHERE {{ BIND("x" AS ?s0) {doubled} }}'  # one 1 MB row from a query of ~800 bytes
    status, _headers, body = get(endpoint, query)
    assert status == 422 and b"larger than 262144 bytes" in body and len(body) < 1000
    status, _, body = request(
        endpoint,
        "/sparql?"
        + urllib.parse.urlencode(
            {
                "query": "CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?o BIND(CONCAT(STR(?o), STR(?o), STR(?o), STR(?o)) AS ?x) }",
                "format": "ttl",
            }
        ),
    )
    assert status in (200, 422)  # a small graph fits, a large one is refused: never more than the cap
    assert len(body) <= MAX_BYTES
    still_serving(endpoint)


def test_a_worker_memory_bomb_is_contained(roomy_endpoint):
    status, headers, body = get(
        roomy_endpoint, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g ?c ?f", source="127.0.0.9"
    )
    assert status == 503 and b"more than the 256 MB of memory" in body and headers["Retry-After"]
    still_serving(roomy_endpoint)


def test_one_client_cannot_have_more_than_two_queries_in_flight(endpoint):
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(get(endpoint, SLOW, "127.0.0.5"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(a[0] for a in answers)
    assert statuses.count(429) >= 2 and all(s in (429, 503) for s in statuses)
    refused = next(a for a in answers if a[0] == 429)
    assert b"already has 2 queries running" in refused[2] and refused[1]["Retry-After"] == "1"
    still_serving(endpoint, "127.0.0.5")


def test_a_slow_query_flood_from_one_client_does_not_stop_another_clients_queries(endpoint):
    stop = threading.Event()
    flood: list[int] = []

    def flooder():
        while not stop.is_set():
            flood.append(get(endpoint, SLOW, "127.0.0.7")[0])

    threads = [threading.Thread(target=flooder) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        good = [get(endpoint, GOOD, "127.0.0.8")[0] for _ in range(10)]
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert good == [200] * 10
    assert flood and set(flood) <= {429, 503}
    still_serving(endpoint)


def test_a_query_past_the_fast_budget_moves_to_the_slow_lane_and_is_answered(tmp_path):
    from kg.sparql.pool import Limits, QueryPool

    save_store(kg.load(SMALL), tmp_path / "store")
    pool = QueryPool(str(tmp_path / "store"), fast=1, slow=1, limits=Limits(timeout=120, fast_budget=0.001))
    try:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # ~3M rows counted: about a second
        reply = pool.run("client", query, {"select": "json"})
        assert reply[0] == "ok" and json.loads(reply[3])["results"]["bindings"][0]["n"]["value"]
        assert pool.stats["promoted"] == 1
        reply = pool.run("client", "ASK {}", {"select": "json"})  # the fast lane has its process back
        assert reply[0] == "ok"
    finally:
        pool.close()


# -- kg query: inline text, and parameters against an endpoint (kg serve itself) ----------


def run_cli(capsys, *args):
    from kg.cli.main import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "text",
    [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Company }",
        "  # a comment first\n  select (count(*) as ?n) where { ?s a kg:Company }",
        "PREFIX ex: <urn:ex:> SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Company }",
        "ASK{ ?s a kg:Company }",
    ],
)
def test_kg_query_takes_query_text(capsys, text):
    code, out, err = run_cli(capsys, "query", text, "--data", str(SMALL), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc.get("boolean") is True or int(doc["results"]["bindings"][0]["n"]["value"]) > 0


def test_kg_query_says_what_it_accepts(capsys):
    code, _, err = run_cli(capsys, "query", "SELEKT ?s WHERE {}", "--data", str(SMALL))
    assert code == 1 and "no named query 'SELEKT ?s WHERE {}'" in err


def test_endpoint_parameters_are_resolved_like_local_ones(endpoint, capsys):
    local = run_cli(
        capsys, "query", "shareholders", "--param", "company=Example AI", "--data", str(SMALL), "--format", "csv"
    )
    assert local[0] == 0 and local[1].count("\n") > 1, local
    for name in ("Example AI", "example_ai", "EXAMPLE ai"):
        code, out, err = run_cli(
            capsys,
            "query",
            "shareholders",
            "--param",
            f"company={name}",
            "--endpoint",
            f"{endpoint}/sparql",
            "--format",
            "csv",
        )
        assert code == 0 and sorted(out.splitlines()) == sorted(local[1].splitlines()), (name, err)


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("a b", 1, "--param company: no entity is named 'a b'"),
        ("nosuchentity", 1, "--param company: no entity is named 'nosuchentity'"),
    ],
)
def test_endpoint_parameters_that_name_nothing_are_clear_errors(endpoint, capsys, value, code, message):
    got, out, err = run_cli(
        capsys, "query", "shareholders", "--param", f"company={value}", "--endpoint", f"{endpoint}/sparql"
    )
    assert got == code and message in err and "internal error" not in err and out == ""


def test_an_invalid_iri_parameter_is_a_usage_error_naming_it(tmp_path, capsys):
    rq = tmp_path / "q.rq"
    rq.write_text("# param: target iri any IRI\nSELECT ?target ?p WHERE { ?target ?p ?o }\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "query", str(rq), "--param", "target=a b", "--data", str(SMALL))
    assert code == 2 and "--param target: 'a b' is not an IRI" in err
