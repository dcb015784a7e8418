"""Load test of `kg serve`: 16 concurrent clients × 500 queries each, on loopback.

    python bench/bench_serve.py                      # the bundled graph
    python bench/bench_serve.py --clients 16 --queries 500 --workers 2
    python bench/bench_serve.py --mix --queries 150  # good, slow and hostile requests mixed
    python bench/bench_serve.py --mix --queries 150 --src /tmp/old/src   # the same mix against another kg

With --mix each client (its own loopback address, 127.0.0.2, 127.0.0.3 …) sends a
deterministic mix: 2% slow queries (far longer than the timeout), 1% oversized bodies,
1% huge results, 1% bad Content-Length, the rest good queries. Good queries must all be
answered (200); their latency percentiles are reported on their own.

Starts `kg serve` as a separate process on a free loopback port, runs the clients
(bounded in count and time), stops the server, and reports errors and latency
percentiles. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "SELECT ?holder ?share WHERE { ?st rdf:subject ?holder ; rdf:predicate kg:holdsSharesIn ; rdf:object kgr:zhipu ; kg:share ?share } ORDER BY DESC(?share) LIMIT 10",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:holdsSharesIn ?o }",
    "SELECT ?p ?o WHERE { kgr:tencent ?p ?o }",
    "SELECT DISTINCT ?owner WHERE { ?owner kg:holdsSharesIn+ kgr:zhipu }",
    "SELECT ?o (COUNT(?s) AS ?n) WHERE { ?s kg:holdsSharesIn ?o } GROUP BY ?o ORDER BY DESC(?n) LIMIT 5",
]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUGE = (
    "SELECT ?s21 WHERE { VALUES ?k { "
    + " ".join(map(str, range(20)))
    + ' } BIND("x" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(21))
    + " }"
)  # 20 rows of 2 MB
MIX = [("slow", 0.02), ("oversized", 0.01), ("huge", 0.01), ("bad-length", 0.01)]  # the rest: good
PREFIX = (
    "PREFIX kg: <https://w3id.org/ai-capital-kg/ontology#>\nPREFIX kgr: <https://w3id.org/ai-capital-kg/id/>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", default=str(ROOT / "data"))
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--mix", action="store_true", help="mix slow and hostile requests among the good ones")
    ap.add_argument("--src", default=str(ROOT / "src"), help="the kg package to serve (another checkout's src/)")
    ap.add_argument("--serve-args", default="", help="more `kg serve` options, e.g. '--fast-budget 0.2'")
    args = ap.parse_args()
    if args.mix:
        return mixed(args)
    with tempfile.TemporaryDirectory() as tmp:
        server, port = start_server(args, tmp)
        try:
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            stop_at = time.time() + args.max_seconds

            def client(k: int) -> None:  # each client on its own loopback address, as distinct users are
                mine, bad = [], []
                for i in range(args.queries):
                    if time.time() > stop_at:
                        bad.append("stopped: time budget")
                        break
                    t = time.perf_counter()
                    status = one_request(port, f"127.0.0.{k + 2}", "good", QUERIES[(k + i) % len(QUERIES)])
                    if status != 200:
                        bad.append(str(status))
                    mine.append(time.perf_counter() - t)
                with lock:
                    latencies.extend(mine)
                    errors.extend(bad)

            wall = run_clients(client, args.clients)
        finally:
            server.terminate()
            server.wait(10)
    lat = sorted(latencies)
    q = lambda p: lat[min(len(lat) - 1, int(p * (len(lat) - 1)))] * 1000  # noqa: E731
    print(
        f"{args.clients} clients x {args.queries} queries = {len(lat)} requests in {wall:.1f} s "
        f"({len(lat) / wall:.0f} req/s), {len(errors)} errors, {args.workers} query workers"
    )
    print(
        f"latency p50 {q(0.5):.1f} ms  p95 {q(0.95):.1f} ms  p99 {q(0.99):.1f} ms  max {lat[-1] * 1000:.1f} ms  "
        f"mean {statistics.mean(lat) * 1000:.1f} ms"
    )
    if errors:
        print("first errors:", errors[:5])
        sys.exit(1)


def run_clients(client, n: int) -> float:
    """Run ``client(k)`` for k in 0..n-1 on n threads at once; the wall time in seconds."""
    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def start_server(args, tmp: str):
    kg = [sys.executable, "-m", "kg"]
    env = {**os.environ, "PYTHONPATH": args.src}
    subprocess.run(
        [*kg, "build", "--data", args.data, "--out", f"{tmp}/out", "--store", f"{tmp}/store"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            *kg,
            "serve",
            "--store",
            f"{tmp}/store",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            *args.serve_args.split(),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    server.stdout.readline()  # the "listening" line
    return server, port


def one_request(port: int, source: str, kind: str, good: str) -> int:
    """The HTTP status of one request of ``kind`` from ``source`` (0: no answer)."""
    if kind == "bad-length":
        with socket.create_connection(("127.0.0.1", port), timeout=60, source_address=(source, 0)) as s:
            s.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: -1\r\n\r\n" + b"#" * 1024
            )
            try:
                s.shutdown(socket.SHUT_WR)
                head = s.recv(64)
            except OSError:  # the server answered and closed first
                head = b""
        return int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        if kind == "oversized":
            conn.request(
                "POST", "/sparql", body=b"#" * (300 * 1024), headers={"Content-Type": "application/sparql-query"}
            )
        else:
            text = {"slow": SLOW, "huge": HUGE}.get(kind, good)
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": PREFIX + text}))
        resp = conn.getresponse()
        resp.read()
        return resp.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        conn.close()


def mixed(args) -> None:
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()
    with tempfile.TemporaryDirectory() as tmp:
        server, port = start_server(args, tmp)
        try:
            stop_at = time.time() + args.max_seconds

            def client(k: int) -> None:
                rng = random.Random(k)
                mine = []
                for i in range(args.queries):
                    if time.time() > stop_at:
                        break
                    r, kind = rng.random(), "good"
                    for name, share in MIX:
                        if r < share:
                            kind = name
                            break
                        r -= share
                    t = time.perf_counter()
                    status = one_request(port, f"127.0.0.{k + 2}", kind, QUERIES[(k + i) % len(QUERIES)])
                    mine.append((kind, status, time.perf_counter() - t))
                with lock:
                    results.extend(mine)

            wall = run_clients(client, args.clients)
        finally:
            server.terminate()
            server.wait(10)
    good = sorted(d for kind, _, d in results if kind == "good")
    bad_good = [s for kind, s, _ in results if kind == "good" and s != 200]
    q = lambda p: good[min(len(good) - 1, int(p * (len(good) - 1)))]  # noqa: E731
    print(
        f"{args.clients} clients, {len(results)} requests in {wall:.1f} s, {args.workers} fast query workers, "
        f"kg from {args.src}"
    )
    print(
        f"good queries: {len(good)}, errors {len(bad_good)} {sorted(set(bad_good))}, p50 {q(0.5):.3f} s  "
        f"p95 {q(0.95):.3f} s  p99 {q(0.99):.3f} s  max {good[-1]:.3f} s"
    )
    for name, _ in MIX:
        statuses = [s for kind, s, _ in results if kind == name]
        times = sorted(d for kind, _, d in results if kind == name)
        counts = {s: statuses.count(s) for s in sorted(set(statuses))}
        print(f"{name}: {len(statuses)} requests, statuses {counts}, max {times[-1] if times else 0:.2f} s")
    if bad_good:
        sys.exit(1)


if __name__ == "__main__":
    main()
