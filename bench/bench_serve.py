"""Load test of `kg serve`: 16 concurrent clients × 500 queries each, on loopback.

    python bench/bench_serve.py                      # the bundled graph
    python bench/bench_serve.py --clients 16 --queries 500 --workers 2

Starts `kg serve` as a separate process on a free loopback port, runs the clients
(bounded in count and time), stops the server, and reports errors and latency
percentiles. Only 127.0.0.1 is ever contacted.
"""
from __future__ import annotations

import argparse
import os
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
PREFIX = ("PREFIX kg: <https://w3id.org/ai-capital-kg/ontology#>\nPREFIX kgr: <https://w3id.org/ai-capital-kg/id/>\n"
          "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n")


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
    args = ap.parse_args()
    kg = [sys.executable, "-m", "kg"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*kg, "build", "--data", args.data, "--out", f"{tmp}/out", "--store", f"{tmp}/store"],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen([*kg, "serve", "--store", f"{tmp}/store", "--port", str(port),
                                   "--workers", str(args.workers)], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        try:
            server.stdout.readline()  # the "listening" line
            base = f"http://127.0.0.1:{port}/sparql?"
            urls = [base + urllib.parse.urlencode({"query": PREFIX + q}) for q in QUERIES]
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            stop_at = time.time() + args.max_seconds

            def client(k: int) -> None:
                mine, bad = [], []
                for i in range(args.queries):
                    if time.time() > stop_at:
                        bad.append("stopped: time budget")
                        break
                    t = time.perf_counter()
                    try:
                        with urllib.request.urlopen(urls[(k + i) % len(urls)], timeout=30) as r:
                            r.read()
                            if r.status != 200:
                                bad.append(str(r.status))
                    except (urllib.error.URLError, OSError) as exc:
                        bad.append(str(exc))
                    mine.append(time.perf_counter() - t)
                with lock:
                    latencies.extend(mine)
                    errors.extend(bad)

            t0 = time.perf_counter()
            threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(10)
    lat = sorted(latencies)
    q = lambda p: lat[min(len(lat) - 1, int(p * (len(lat) - 1)))] * 1000  # noqa: E731
    print(f"{args.clients} clients x {args.queries} queries = {len(lat)} requests in {wall:.1f} s "
          f"({len(lat) / wall:.0f} req/s), {len(errors)} errors, {args.workers} query workers")
    print(f"latency p50 {q(0.5):.1f} ms  p95 {q(0.95):.1f} ms  p99 {q(0.99):.1f} ms  max {lat[-1] * 1000:.1f} ms  "
          f"mean {statistics.mean(lat) * 1000:.1f} ms")
    if errors:
        print("first errors:", errors[:5])
        sys.exit(1)


if __name__ == "__main__":
    main()
