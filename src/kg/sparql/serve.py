"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint, and the HTML graph at ``/``.

Safety, by construction:

* read-only: SPARQL Update (``update=``, ``application/sparql-update``, or update text
  in a query, recognised on its parse tree) gets 403; the store is opened read-only too;
* no outbound requests: a query whose parse tree has a ``SERVICE`` pattern gets 400;
* bounded: request bodies are read up to a cap whatever their headers say
  (:mod:`kg.sparql.http_body`); each query runs in a worker process with a time limit, a memory
  cap, a row cap and a byte cap on its answer (:mod:`kg.sparql.worker`); each client has a
  few queries in flight at most, and slow queries move to their own lane so quick ones
  are never stuck behind them (:mod:`kg.sparql.pool`);
* listens on 127.0.0.1 unless told otherwise; CORS headers so browser clients (YASGUI) work.
"""

from __future__ import annotations

import contextlib
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.sparql.http_body import BodyError, read_body
from kg.sparql.pool import Limits, QueryPool

MAX_BODY = 256 * 1024
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 100_000
MAX_CONNECTIONS = 256  # open connections (threads) at once; more get 503 straight away
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json",
}
CONTENT_TYPE = {
    ("select", "json"): "application/sparql-results+json",
    ("select", "xml"): "application/sparql-results+xml",
    ("select", "csv"): "text/csv; charset=utf-8",
    ("select", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("graph", "ttl"): "text/turtle; charset=utf-8",
    ("graph", "nt"): "application/n-triples",
    ("graph", "xml"): "application/rdf+xml",
    ("graph", "json"): "application/ld+json",
}


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/0.1"
    pool: QueryPool
    html: bytes = b""
    quiet: bool = True
    timeout = 30  # seconds a client may take to send its request: slow senders do not hold a thread forever

    def log_message(self, fmt, *args):  # keep the console quiet unless asked
        if not self.quiet:
            super().log_message(fmt, *args)

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")

    def _reply(self, status: int, body: bytes, ctype: str, retry_after: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        if status >= 400:
            self.close_connection = True  # an unread body must not be taken for the next request
            self.send_header("Connection", "close")
        self._cors()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, retry_after: int | None = None) -> None:
        self._reply(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", retry_after)

    def do_OPTIONS(self):
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._reply(200, self.html, "text/html; charset=utf-8")
        if url.path != "/sparql":
            return self._error(404, f"no such page: {url.path}; the SPARQL endpoint is /sparql")
        if len(url.query) > MAX_BODY:
            return self._error(414, "the query string is too long")
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        if "query" not in params:
            return self._error(400, "give a query: /sparql?query=SELECT …")
        self._answer(params["query"][0], params)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, f"no such page: {url.path}; the SPARQL endpoint is /sparql")
        try:
            body = read_body(self.headers, self.rfile, MAX_BODY)
        except BodyError as exc:
            return self._error(exc.status, exc.message)
        except (TimeoutError, ConnectionError):
            self.close_connection = True
            return None  # the client stopped sending: nobody to answer
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        if ctype == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in params:
                return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
            if "query" not in params:
                return self._error(400, "the form has no 'query' field")
            return self._answer(params["query"][0], params)
        if ctype == "application/sparql-query":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return self._error(400, "the query is not UTF-8")
            return self._answer(text, urllib.parse.parse_qs(url.query))
        return self._error(
            415,
            f"unsupported Content-Type '{ctype}': use application/sparql-query or application/x-www-form-urlencoded",
        )

    def _formats(self, params: dict) -> dict | None:
        wanted = (params.get("format") or [""])[0].lower()
        fmt = {}
        if wanted:
            if wanted in ("json", "xml", "csv", "tsv"):
                fmt["select"] = wanted
            if wanted in ("ttl", "turtle", "nt", "xml", "json", "jsonld"):
                fmt["graph"] = {"turtle": "ttl", "jsonld": "json"}.get(wanted, wanted)
            return fmt or None
        accept = (self.headers.get("Accept") or "*/*").lower()
        for part in accept.split(","):
            mime = part.split(";")[0].strip()
            if mime in SELECT_TYPES and "select" not in fmt:
                fmt["select"] = SELECT_TYPES[mime]
            if mime in GRAPH_TYPES and "graph" not in fmt:
                fmt["graph"] = GRAPH_TYPES[mime]
            if mime in ("*/*", "application/*", "text/*"):
                fmt.setdefault("select", "json")
                fmt.setdefault("graph", "ttl")
        if not fmt:
            return None
        return fmt

    def _answer(self, text: str, params: dict) -> None:
        if len(text) > MAX_BODY:
            return self._error(413, "the query is too long")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._error(400, "this endpoint has one default graph; drop default-graph-uri / named-graph-uri")
        fmt = self._formats(params)
        if fmt is None:
            return self._error(
                406,
                "cannot answer in the requested format; accept application/sparql-results+json, "
                "+xml, text/csv, text/tab-separated-values or text/turtle",
            )
        status, *rest = self.pool.run(self.client_address[0], text, fmt)
        if status == "ok":
            kind, f, body = rest
            return self._reply(200, body, CONTENT_TYPE[(kind, f)])
        code, message, *retry = rest
        self._error(code, message, *retry)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 makes bursts of clients wait a second for a SYN retry
    daemon_threads = True
    kg_pool: QueryPool  # set by make_server; shutdown() closes it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request, client_address):
        if not self.connections.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(
                    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    b"Retry-After: 1\r\nConnection: close\r\n\r\ntoo many open connections; try again\n"
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release()


def make_server(
    store_dir: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    html: bytes = b"",
    workers: int = 2,
    slow_workers: int = 2,
    timeout: float = DEFAULT_TIMEOUT,
    fast_budget: float = Limits.fast_budget,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_bytes: int = 32 * 2**20,
    max_memory_mb: int = 1024,
    per_client: int = 2,
    quiet: bool = True,
) -> _Server:
    """An endpoint over the store in ``store_dir``: ``workers`` fast-lane processes, ``slow_workers`` more
    for queries that outlive ``fast_budget`` seconds (see :mod:`kg.sparql.pool`)."""
    limits = Limits(
        timeout=timeout,
        fast_budget=fast_budget,
        max_rows=max_rows,
        max_bytes=max_bytes,
        memory_mb=max_memory_mb,
        per_client=per_client,
    )
    pool = QueryPool(store_dir, workers, slow_workers, limits)
    handler = type("KGHandler", (Handler,), {"pool": pool, "html": html, "quiet": quiet})
    try:
        server = _Server((host, port), handler)
    except OSError:
        pool.close()
        raise
    server.daemon_threads = True
    server.kg_pool = pool
    return server


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    return t


def shutdown(server: _Server) -> None:
    server.shutdown()
    server.server_close()
    server.kg_pool.close()
