"""The Virtuoso test harness works: query, Graph Store Protocol, Update and auth.

Needs Debian's virtuoso-opensource; skipped without it unless KG_REQUIRE_VIRTUOSO is set.
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

import pytest

from support.virtuoso import find_virtuoso, virtuoso_server

GRAPH = "urn:kg:test"
JSON = "application/sparql-results+json"


def require_virtuoso() -> None:
    if find_virtuoso() is None:
        if os.environ.get("KG_REQUIRE_VIRTUOSO"):
            pytest.fail("KG_REQUIRE_VIRTUOSO is set but virtuoso-t is not installed")
        pytest.skip("no virtuoso-t (apt-get install virtuoso-opensource)")


def query(endpoint: str, q: str) -> dict:
    url = endpoint + "?" + urllib.parse.urlencode({"query": q})
    req = urllib.request.Request(url, headers={"Accept": JSON})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200
        return json.load(resp)


def test_virtuoso_harness(tmp_path):
    require_virtuoso()
    with virtuoso_server(tmp_path) as srv:
        print(f"\nvirtuoso started in {srv.startup_seconds:.2f} s at {srv.base} (isql {srv.isql})")
        assert srv["sparql"] == srv.sparql

        # (a) anonymous query
        assert query(srv.sparql, "ASK {}")["boolean"] is True

        opener = srv.opener()

        # (b) Graph Store Protocol: PUT 3 triples
        body = (
            b"<urn:kg:a> <urn:kg:p> <urn:kg:b> .\n"
            b'<urn:kg:a> <urn:kg:p> "one" .\n'
            b'<urn:kg:b> <urn:kg:q> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        )
        put = urllib.request.Request(
            srv.gsp + "?" + urllib.parse.urlencode({"graph": GRAPH}),
            data=body,
            method="PUT",
            headers={"Content-Type": "text/turtle"},
        )
        with opener.open(put, timeout=30) as resp:
            assert resp.status in (200, 201, 204)

        # (c) SPARQL 1.1 Update
        upd = urllib.request.Request(
            srv.update,
            data=f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:kg:c> <urn:kg:p> "four" }} }}'.encode(),
            method="POST",
            headers={"Content-Type": "application/sparql-update", "Accept": JSON},
        )
        with opener.open(upd, timeout=30) as resp:
            assert resp.status in (200, 204)

        # (d) all four are there, seen by the anonymous endpoint
        res = query(srv.sparql, f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}")
        assert int(res["results"]["bindings"][0]["n"]["value"]) == 4

        # (e) wrong credentials are refused, and change nothing
        bad = srv.opener(password="wrong")
        for req in (
            urllib.request.Request(
                srv.update,
                data=f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:kg:x> <urn:kg:p> <urn:kg:y> }} }}".encode(),
                method="POST",
                headers={"Content-Type": "application/sparql-update"},
            ),
            urllib.request.Request(
                srv.gsp + "?" + urllib.parse.urlencode({"graph": GRAPH}),
                data=b"<urn:kg:x> <urn:kg:p> <urn:kg:y> .\n",
                method="PUT",
                headers={"Content-Type": "application/n-triples"},
            ),
        ):
            with pytest.raises(urllib.error.HTTPError) as err:
                bad.open(req, timeout=30)
            assert err.value.code == 401
        res = query(srv.sparql, f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}")
        assert int(res["results"]["bindings"][0]["n"]["value"]) == 4
        pid = srv.pid

    # stopped, nothing left running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
