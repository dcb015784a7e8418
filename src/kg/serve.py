"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint, and the HTML graph at ``/``.

Safety, by construction:

* read-only: SPARQL Update (``update=`` or ``application/sparql-update``) gets 403; the
  store is opened read-only as well;
* no outbound requests: a query with ``SERVICE`` gets 400 before it runs;
* bounded: each query runs in a worker process with a time limit (the worker is killed
  and replaced when it is exceeded: no hung worker) and a result cap; request bodies
  and query strings have a size limit;
* listens on 127.0.0.1 unless told otherwise; CORS headers so browser clients (YASGUI) work.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import re
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 256 * 1024
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 100_000
SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "ttl", "application/n-triples": "nt", "application/rdf+xml": "xml",
               "application/ld+json": "json"}
CONTENT_TYPE = {("select", "json"): "application/sparql-results+json", ("select", "xml"): "application/sparql-results+xml",
                ("select", "csv"): "text/csv; charset=utf-8", ("select", "tsv"): "text/tab-separated-values; charset=utf-8",
                ("graph", "ttl"): "text/turtle; charset=utf-8", ("graph", "nt"): "application/n-triples",
                ("graph", "xml"): "application/rdf+xml", ("graph", "json"): "application/ld+json"}


def _strip_literals(text: str) -> str:
    """The query without comments, strings and IRIs, so keywords can be searched safely."""
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', text)
    text = re.sub(r"<[^<>\s]*>", "<>", text)
    return re.sub(r"#[^\n]*", "", text)


def uses_service(text: str) -> bool:
    return re.search(r"(?<![:\w])SERVICE\b", _strip_literals(text), re.IGNORECASE) is not None


def is_update(text: str) -> bool:
    body = _strip_literals(text)
    return re.search(r"(?<![:\w?$])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", body, re.IGNORECASE) is not None \
        and re.search(r"(?<![:\w?$])(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE) is None


# ---------------------------------------------------------------------------
# workers: one process each, the store opened read-only
# ---------------------------------------------------------------------------

def _worker(store_dir: str, conn) -> None:  # runs in a child process
    import pyoxigraph as ox

    from .query import GRAPH_FORMATS, RESULT_FORMATS, run, syntax_message
    from .errors import QueryError

    store = ox.Store.read_only(store_dir)
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        text, fmt, max_rows = msg
        try:
            result = run(store, text)
            if isinstance(result, ox.QueryTriples):
                out = ox.Store()
                n = 0
                for t in result:
                    n += 1
                    if n > max_rows:
                        raise OverflowError(max_rows)
                    out.add(ox.Quad(t.subject, t.predicate, t.object))
                body = out.dump(format=GRAPH_FORMATS[fmt.get("graph", "ttl")][0], from_graph=ox.DefaultGraph())
                conn.send(("ok", "graph", fmt.get("graph", "ttl"), body))
            elif isinstance(result, ox.QueryBoolean):
                body = result.serialize(format=RESULT_FORMATS[fmt.get("select", "json")][0])
                conn.send(("ok", "select", fmt.get("select", "json"), body))
            else:
                variables = result.variables
                rows = []
                for sol in result:
                    rows.append(sol)
                    if len(rows) > max_rows:
                        raise OverflowError(max_rows)
                body = _serialize_solutions(variables, rows, fmt.get("select", "json"))
                conn.send(("ok", "select", fmt.get("select", "json"), body))
        except OverflowError:
            conn.send(("error", 422, f"the result has more than {max_rows} rows; add a LIMIT"))
        except QueryError as exc:
            conn.send(("error", 400, str(exc)))
        except SyntaxError as exc:
            conn.send(("error", 400, syntax_message(exc, text)))
        except Exception as exc:  # noqa: BLE001 - report, keep serving
            conn.send(("error", 500, f"{type(exc).__name__}: {exc}"))


def _serialize_solutions(variables, rows, fmt: str) -> bytes:
    """Re-serialise collected solutions in a W3C format (via a small in-memory store query)."""
    import pyoxigraph as ox

    from .query import RESULT_FORMATS

    names = [v.value for v in variables]
    values = " ".join(
        "(" + " ".join(str(sol[n]) if sol[n] is not None else "UNDEF" for n in names) + ")" for sol in rows)
    if not names:
        q = "SELECT * WHERE {}"
    elif not rows:
        q = f"SELECT {' '.join('?' + n for n in names)} WHERE {{ FILTER(false) }}"
    else:
        q = f"SELECT {' '.join('?' + n for n in names)} WHERE {{ VALUES ({' '.join('?' + n for n in names)}) {{ {values} }} }}"
    return ox.Store().query(q).serialize(format=RESULT_FORMATS[fmt][0])


class WorkerPool:
    """N query processes; a query that outlives its time limit takes its worker down with it."""

    def __init__(self, store_dir: str, size: int = 2, timeout: float = DEFAULT_TIMEOUT):
        self.store_dir, self.timeout = store_dir, timeout
        self.ctx = mp.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        self.all: list = []
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(self.store_dir, child), daemon=True)
        proc.start()
        child.close()
        w = (proc, parent)
        self.all.append(w)
        return w

    def run(self, text: str, fmt: dict, max_rows: int):
        try:
            proc, conn = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return ("error", 503, "all query workers are busy; try again")
        try:
            conn.send((text, fmt, max_rows))
            if conn.poll(self.timeout):
                answer = conn.recv()
                self.idle.put((proc, conn))
                return answer
        except (EOFError, OSError, BrokenPipeError):
            pass
        proc.kill()
        proc.join(5)
        self.idle.put(self._start())
        return ("error", 503, f"the query ran longer than the {self.timeout:g} s limit and was stopped")

    def close(self) -> None:
        for proc, conn in self.all:
            try:
                conn.close()
            finally:
                proc.kill()
                proc.join(2)


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/0.1"
    pool: WorkerPool
    html: bytes = b""
    max_rows: int = DEFAULT_MAX_ROWS
    quiet: bool = True

    def log_message(self, fmt, *args):  # noqa: D401 - keep the console quiet unless asked
        if not self.quiet:
            super().log_message(fmt, *args)

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")

    def _reply(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self._cors()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._reply(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def do_OPTIONS(self):  # noqa: N802
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: N802
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

    def do_POST(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, f"no such page: {url.path}; the SPARQL endpoint is /sparql")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._error(400, "bad Content-Length")
        if length > MAX_BODY:
            return self._error(413, f"the request body is larger than {MAX_BODY} bytes")
        body = self.rfile.read(length)
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
        return self._error(415, f"unsupported Content-Type '{ctype}': use application/sparql-query "
                                "or application/x-www-form-urlencoded")

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
        if is_update(text):
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        if uses_service(text):
            return self._error(400, "SERVICE is refused: this endpoint makes no outbound requests")
        fmt = self._formats(params)
        if fmt is None:
            return self._error(406, "cannot answer in the requested format; accept application/sparql-results+json, "
                                    "+xml, text/csv, text/tab-separated-values or text/turtle")
        status, *rest = self.pool.run(text, fmt, self.max_rows)
        if status == "ok":
            kind, f, body = rest
            return self._reply(200, body, CONTENT_TYPE[(kind, f)])
        code, message = rest
        self._error(code, message)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 makes bursts of clients wait a second for a SYN retry
    daemon_threads = True


def make_server(store_dir: str, *, host: str = "127.0.0.1", port: int = 8000, html: bytes = b"",
                workers: int = 2, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                quiet: bool = True) -> ThreadingHTTPServer:
    pool = WorkerPool(store_dir, workers, timeout)
    handler = type("KGHandler", (Handler,), {"pool": pool, "html": html, "max_rows": max_rows, "quiet": quiet})
    server = _Server((host, port), handler)
    server.daemon_threads = True
    server.kg_pool = pool
    return server


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    return t


def shutdown(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()
    server.kg_pool.close()
