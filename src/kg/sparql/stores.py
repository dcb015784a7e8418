"""Where a graph lives: in memory (default), a persistent Oxigraph store on disk, or a remote
SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB, QLever …).

The *query dataset* is what SPARQL sees: the built graph, kg's derived statements
(look-through stakes, controllers) and the ontology (so ``rdfs:subClassOf*`` works).
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import DataError, KGError, Problem, QueryError, UsageError
from kg.graph.knowledge import KnowledgeGraph
from kg.graph.rdfread import new_graph, oxigraph_of
from kg.graph.rdfwrite import to_ntriples
from kg.ingest.safe_io import FileRefused, read_regular
from kg.schema.ontology import load_ontology

STORE_MARKER = "kg-store.json"
USER_AGENT = "kg (https://w3id.org/ai-capital-kg)"


def query_dataset(kg: KnowledgeGraph) -> ox.Store:
    """The graph with derived statements and the ontology added, in an Oxigraph store (in memory; for a compiled
    graph, its store on disk, opened read-only)."""
    from kg.ownership.derived import derived_ntriples

    if "rdf" not in kg.__dict__:
        path = kg.query_store_dir()
        if path is not None:
            try:
                return ox.Store.read_only(str(path))
            except OSError:
                pass  # gone or damaged since: load into memory below, which says what is wrong

    if not kg.report.get("derived"):
        lines, info = derived_ntriples(kg)
        kg.add_ntriples(lines)
        kg.report["derived"] = info
    if not kg.report.get("with_ontology"):
        kg.add_ntriples([to_ntriples(kg.ontology.graph).decode("utf-8")])
        kg.report["with_ontology"] = True
    store = oxigraph_of(kg.rdf)
    if store is None:  # a Memory-store graph: copy into Oxigraph for querying
        store = ox.Store()
        store.load(input=to_ntriples(kg.rdf), format=ox.RdfFormat.N_TRIPLES)
    return store


def save_store(kg: KnowledgeGraph, directory: str | Path) -> dict:
    """Write the query dataset into a persistent Oxigraph store that later commands open without rebuilding."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()) and not (directory / STORE_MARKER).exists():
        raise UsageError(f"{directory} exists and is not a kg store; give an empty or new directory")
    mem = query_dataset(kg)
    if directory.exists():
        import shutil

        shutil.rmtree(directory)
    disk = ox.Store(str(directory))
    disk.bulk_load(input=mem.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    disk.flush()
    info = {"kg_store": 1, "triples": len(disk), "derived": kg.report.get("derived")}
    del disk
    (directory / STORE_MARKER).write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return info


def open_store(directory: str | Path, *, read_only: bool = True) -> KnowledgeGraph:
    """A KnowledgeGraph over a store written by ``kg build --store``."""
    directory = Path(directory)
    if not os.path.lexists(directory / STORE_MARKER):
        raise DataError([Problem(str(directory), 0, 0, "not a kg store", "create one with: kg build --store DIR")])
    try:
        marker = json.loads(read_regular(directory / STORE_MARKER, 1 << 20).decode("utf-8"))
        derived = marker["derived"]
    except FileRefused as exc:
        raise DataError([Problem(str(directory / STORE_MARKER), 0, 0, exc.message, exc.hint)]) from None
    except (ValueError, KeyError, TypeError):
        raise DataError(
            [
                Problem(
                    str(directory / STORE_MARKER),
                    0,
                    0,
                    "not a kg store marker (damaged?)",
                    "rebuild the store with: kg build --store DIR",
                )
            ]
        ) from None
    try:
        store = ox.Store.read_only(str(directory)) if read_only else ox.Store(str(directory))
    except OSError as exc:
        raise DataError([Problem(str(directory), 0, 0, f"cannot open the store: {exc}")]) from None
    kg = KnowledgeGraph(new_graph(ox_store=store), load_ontology())
    kg.report.update({"derived": derived, "with_ontology": True})
    return kg


# ---------------------------------------------------------------------------
# remote endpoints
# ---------------------------------------------------------------------------


@dataclass
class Endpoint:
    """A SPARQL 1.1 endpoint over HTTP (query, update and Graph Store Protocol URLs; optional auth)."""

    query_url: str
    update_url: str | None = None
    gsp_url: str | None = None
    user: str | None = None
    password: str | None = None
    graph: str | None = None
    timeout: float = 60.0

    def _opener(self, url: str):
        handlers = []
        if self.user is not None:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, url, self.user, self.password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(mgr), urllib.request.HTTPBasicAuthHandler(mgr)]
        return urllib.request.build_opener(*handlers)

    def _send(self, url: str, data: bytes | None, headers: dict, method: str) -> bytes:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https"):
            raise UsageError(f"endpoint '{url}' is not an http(s) URL")
        req = urllib.request.Request(url, data=data, method=method, headers={"User-Agent": USER_AGENT, **headers})
        if self.user is not None and data:
            # Answer the server's challenge before sending a body: servers (Virtuoso) close the
            # connection on a 401 while a large body is still being sent.
            auth = self._authorization(url, method)
            if auth:
                req.add_header("Authorization", auth)
        try:
            with self._opener(url).open(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read()[:500].decode("utf-8", "replace").strip()
            if exc.code in (401, 403):
                raise KGError(
                    f"{url}: HTTP {exc.code}: the endpoint refused the credentials"
                    f"{'' if self.user else ' (none given: use --user/--password)'}"
                ) from None
            raise QueryError(f"{url}: HTTP {exc.code} {exc.reason}: {body}") from None
        except urllib.error.URLError as exc:
            raise KGError(f"{url}: cannot reach the endpoint ({exc.reason})") from None
        except TimeoutError:
            raise KGError(f"{url}: no answer within {self.timeout:g} s") from None

    def _authorization(self, url: str, method: str) -> str | None:
        """An Authorization header for ``method url``, from a body-less probe's challenge (Digest or Basic)."""
        probe = urllib.request.Request(url, method="GET", headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(probe, timeout=self.timeout):
                return None  # no challenge: no credentials needed
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        except (urllib.error.URLError, OSError):
            return None  # let the real request report the problem
        if challenge.lower().startswith("digest"):
            return _digest(challenge, self.user or "", self.password or "", method, url)
        if challenge.lower().startswith("basic"):
            return "Basic " + base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
        return None

    def query(self, text: str, accept: str = "application/sparql-results+json") -> bytes:
        body = {"query": text}
        if self.graph:
            body["default-graph-uri"] = self.graph
        return self._send(
            self.query_url,
            urllib.parse.urlencode(body).encode("utf-8"),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            "POST",
        )

    def update(self, text: str) -> None:
        self._send(
            self.update_url or self.query_url,
            text.encode("utf-8"),
            {"Content-Type": "application/sparql-update"},
            "POST",
        )

    def put_graph(self, ntriples: bytes, graph: str) -> None:
        url = f"{self.gsp_url}?{urllib.parse.urlencode({'graph': graph})}"
        self._send(url, ntriples, {"Content-Type": "application/n-triples"}, "PUT")


def _digest(challenge: str, user: str, password: str, method: str, url: str) -> str:
    """RFC 7616 Digest response (MD5, qop=auth) to a WWW-Authenticate challenge."""
    import hashlib
    import os
    import re

    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge[len("digest") :]))
    realm, nonce = fields.get("realm", ""), fields.get("nonce", "")
    uri = urllib.parse.urlsplit(url)
    path = uri.path + (f"?{uri.query}" if uri.query else "")
    md5 = lambda x: hashlib.md5(x.encode("utf-8")).hexdigest()  # noqa: E731 - Digest is defined on MD5
    ha1, ha2 = md5(f"{user}:{realm}:{password}"), md5(f"{method}:{path}")
    cnonce, nc = os.urandom(8).hex(), "00000001"
    if "auth" in fields.get("qop", "").split(","):
        response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        extra = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
    else:
        response, extra = md5(f"{ha1}:{nonce}:{ha2}"), ""
    opaque = f', opaque="{fields["opaque"]}"' if "opaque" in fields else ""
    return (
        f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{path}", '
        f'response="{response}", algorithm=MD5{extra}{opaque}'
    )


def remote_select(ep: Endpoint, text: str):
    """Run a query remotely and parse the answer into Oxigraph result objects."""
    is_graph = _query_form(text) in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples" if is_graph else "application/sparql-results+json"
    data = ep.query(text, accept)
    try:
        if is_graph:
            store = ox.Store()
            store.load(input=data, format=ox.RdfFormat.N_TRIPLES)
            return store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    except SyntaxError as exc:
        raise QueryError(f"{ep.query_url}: the endpoint's answer is not valid SPARQL results: {exc}") from None


def _query_form(text: str) -> str:
    import re

    from kg.sparql.shape import shape

    try:
        return shape(text).form
    except QueryError:  # the endpoint may accept syntax kg does not: guess from the first query keyword
        pass
    body = re.sub(r"#[^\n]*", "", text)
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
    return m.group(1).upper() if m else "SELECT"


def with_values(text: str, terms: dict) -> str:
    """For remote endpoints (no initBindings over HTTP): a VALUES block of serialised RDF terms.

    The values are RDF terms kg built and serialised itself (IRIs from validated ids, escaped
    literals), so nothing a user typed becomes query syntax. The block opens the WHERE group,
    so the variables are bound before property paths run (Virtuoso evaluates ``p*``/``p+``
    only with a bound end).
    """
    if not terms:
        return text
    import re

    names = " ".join(f"?{k}" for k in terms)
    values = " ".join(str(v) for v in terms.values())  # pyoxigraph terms print as N-Triples
    block = f"VALUES ({names}) {{ ({values}) }}"
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        m = re.search(r"\bWHERE\s*\{", line, re.IGNORECASE)
        if m:
            lines[i] = line[: m.end()] + f" {block} " + line[m.end() :]
            return "".join(lines)
    return f"{text.rstrip()}\n{block}\n"


def fetch_graph(ep: Endpoint) -> KnowledgeGraph:
    """Copy a remote graph into memory, so every kg command works against an endpoint too."""
    data = ep.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
    store = ox.Store()
    try:
        store.load(input=data, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise QueryError(f"{ep.query_url}: the endpoint did not return N-Triples: {exc}") from None
    kg = KnowledgeGraph(new_graph(ox_store=store), load_ontology())
    kg.report.update({"derived": {"remote": True}, "with_ontology": True})
    return kg


def push(kg: KnowledgeGraph, ep: Endpoint, graph: str, chunk: int = 5000) -> dict:
    """Load the query dataset into an endpoint: Graph Store Protocol PUT, else SPARQL Update in chunks."""
    store = query_dataset(kg)
    nt = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""  # None only when given a file
    lines = nt.decode("utf-8").splitlines()
    if ep.gsp_url:
        ep.put_graph(nt, graph)
        method = "graph store protocol"
    else:
        ep.update(f"CLEAR SILENT GRAPH <{graph}>")
        for i in range(0, len(lines), chunk):
            ep.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines[i : i + chunk]) + "\n}}")
        method = "SPARQL update"
    count = Endpoint(ep.query_url, user=ep.user, password=ep.password, timeout=ep.timeout).query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    n = int(json.loads(count)["results"]["bindings"][0]["n"]["value"])
    return {"graph": graph, "triples_sent": len(lines), "triples_in_graph": n, "method": method}
