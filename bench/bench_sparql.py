"""SPARQL at ~1M triples: kg's store (Oxigraph via oxrdflib) against rdflib's Memory store, same run.

    python bench/bench_sparql.py                  # ~1M triples (36,000 synthetic entities)
    python bench/bench_sparql.py --entities 10000 --budget 120

Engines: ``oxigraph`` (kg.load_rdf's in-memory store through rdflib's API), ``oxigraph-disk`` (what
``kg build --store`` keeps), ``compiled`` (a compiled graph's ``store/oxigraph``: made once by
``compiled-make``, then opened read-only by each query process and queried as ``kg query`` does, on
pyoxigraph directly), and rdflib's ``memory`` store as the baseline.

Each engine runs in its own process (so peak memory is its own): it loads the same
N-Triples file, then runs five representative queries. A query that takes longer
than --budget seconds, or fails (rdflib's Memory store raises RecursionError on
deep property paths), is reported as such.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

PREFIX = "PREFIX kg: <https://w3id.org/ai-capital-kg/ontology#>\nPREFIX kgr: <https://w3id.org/ai-capital-kg/id/>\n"
QUERIES = {
    "filter+count": "SELECT (COUNT(*) AS ?n) WHERE { ?st a kg:Statement ; kg:share ?s FILTER (?s > 5) }",
    "point lookup": "SELECT ?p ?o WHERE { kgr:co17 ?p ?o }",
    "group-by top-10": "SELECT ?o (COUNT(?s) AS ?n) WHERE { ?s kg:holdsSharesIn ?o } GROUP BY ?o ORDER BY DESC(?n) ?o LIMIT 10",
    "three-hop join": "SELECT (COUNT(*) AS ?n) WHERE { ?a kg:controls ?b . ?b kg:holdsSharesIn ?c . ?c kg:holdsSharesIn ?d }",
    "transitive holdsSharesIn+": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o kg:holdsSharesIn+ kgr:co5 }",
}


def engine_main(which: str, nt_path: str) -> None:
    """Run in a child process: load, query, print one JSON line."""
    import rdflib

    out = {"engine": which}
    t = time.perf_counter()
    if which == "oxigraph":
        from kg.graph.rdfread import load_file

        g = load_file(Path(nt_path))  # what kg.load_rdf does: Oxigraph parses the file itself
    elif which == "oxigraph-disk":
        import tempfile

        import pyoxigraph as ox

        from kg.graph.rdfread import new_graph

        store = ox.Store(tempfile.mkdtemp(prefix="kg-bench-store-"))  # what kg build --store keeps
        store.bulk_load(path=nt_path, format=ox.RdfFormat.N_TRIPLES)
        g = new_graph(ox_store=store)
    elif which == "compiled-make":  # what the first query on a compiled graph does, once (store/oxigraph)
        import pyoxigraph as ox

        store = ox.Store(nt_path + ".store")
        store.bulk_load(path=nt_path, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        out["load_s"], out["triples"], out["peak_rss_mb"] = time.perf_counter() - t, len(store), _peak_mb()
        print(json.dumps(out), flush=True)
        return
    elif which == "compiled":  # every later kg query: the store opened read-only, queried as kg.sparql.query runs it
        import pyoxigraph as ox

        store = ox.Store.read_only(nt_path + ".store")
        out["load_s"], out["triples"] = time.perf_counter() - t, len(store)
        out["queries"] = {}
        for name, q in QUERIES.items():
            t = time.perf_counter()
            rows = [[getattr(v, "value", str(v)) for v in solution] for solution in store.query(PREFIX + q)]
            out["queries"][name] = {
                "s": time.perf_counter() - t,
                "rows": len(rows),
                "answer": sorted("|".join(r) for r in rows)[:1000],
            }
        out["peak_rss_mb"] = _peak_mb()
        print(json.dumps(out), flush=True)
        return
    else:
        g = rdflib.Graph()
        g.parse(nt_path, format="nt")
    out["load_s"] = time.perf_counter() - t
    out["triples"] = len(g)
    results = {}
    for name, q in QUERIES.items():
        t = time.perf_counter()
        try:
            rows = list(g.query(PREFIX + q))
            results[name] = {
                "s": time.perf_counter() - t,
                "rows": len(rows),
                "answer": sorted("|".join(str(v) for v in r) for r in rows)[:1000],
            }
        except RecursionError:
            results[name] = {"error": "RecursionError", "s": time.perf_counter() - t}
        print(json.dumps({"partial": name, **results[name]}), flush=True)
    out["queries"] = results
    out["peak_rss_mb"] = _peak_mb()
    print(json.dumps(out), flush=True)


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: reset by exec, unlike ru_maxrss, which keeps the
    parent's peak across fork+exec and would charge the generator's memory to the engine)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(which: str, nt: Path, budget: float) -> dict:
    proc = subprocess.Popen([sys.executable, __file__, "--engine", which, str(nt)], stdout=subprocess.PIPE, text=True)
    partial: dict = {}
    deadline = time.time() + budget * (len(QUERIES) + 2)
    final = None
    try:
        for line in proc.stdout:
            d = json.loads(line)
            if "partial" in d:
                partial[d["partial"]] = d
            else:
                final = d
            if time.time() > deadline:
                break
        proc.wait(timeout=max(1, deadline - time.time()))
    except subprocess.TimeoutExpired:
        pass
    if proc.poll() is None:
        proc.kill()
    return final or {"engine": which, "queries": partial, "timed_out": True}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--engine":
        engine_main(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=36_000, help="synthetic entities (36k gives ~1M triples)")
    ap.add_argument("--budget", type=float, default=300.0, help="seconds either engine may spend per step")
    args = ap.parse_args()
    import kg
    from generate import generate
    from kg.graph.rdfwrite import to_ntriples

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "eco"
        generate(args.entities, data)
        t = time.perf_counter()
        g = kg.load(data)
        t_build = time.perf_counter() - t
        nt = Path(tmp) / "graph.nt"
        nt.write_bytes(to_ntriples(g.rdf))
        n = g.report["triples"]
        del g
        ox = run_engine("oxigraph", nt, args.budget)
        disk = run_engine("oxigraph-disk", nt, args.budget)
        made = run_engine("compiled-make", nt, args.budget)
        compiled = run_engine("compiled", nt, args.budget)
        mem = run_engine("memory", nt, args.budget)
    print(
        f"\n== {n:,} triples ({args.entities:,} synthetic entities); kg.load from CSV {t_build:.1f} s "
        f"({n / t_build:,.0f} triples/s incl. validation)"
    )
    print(
        f"load N-Triples   oxigraph {ox['load_s']:7.2f} s   memory {mem.get('load_s', float('nan')):7.2f} s   "
        f"ratio {mem.get('load_s', float('nan')) / ox['load_s']:5.1f}x"
    )
    print(
        f"peak memory      oxigraph {ox['peak_rss_mb']:7.0f} MB  memory {mem.get('peak_rss_mb', float('nan')):7.0f} MB  "
        f"ratio {ox['peak_rss_mb'] / mem.get('peak_rss_mb', float('nan')):5.2f}x"
    )
    print(
        f"on-disk store    load {disk['load_s']:.2f} s ({mem.get('load_s', float('nan')) / disk['load_s']:.1f}x), "
        f"peak memory {disk['peak_rss_mb']:.0f} MB ({disk['peak_rss_mb'] / mem.get('peak_rss_mb', float('nan')):.2f}x); "
        + ", ".join(f"{k} {v['s']:.3f} s" for k, v in disk["queries"].items())
    )
    mem_peak, mem_load = mem.get("peak_rss_mb", float("nan")), mem.get("load_s", float("nan"))
    print(
        f"compiled graph   store made once in {made['load_s']:.2f} s (peak {made['peak_rss_mb']:.0f} MB); each query "
        f"process opens it read-only in {compiled['load_s']:.3f} s, peak memory {compiled['peak_rss_mb']:.0f} MB "
        f"({compiled['peak_rss_mb'] / mem_peak:.2f}x rdflib's); per query vs rdflib Memory: "
        + ", ".join(
            f"{k} {v['s']:.3f} s ({mem['queries'][k]['s'] / v['s']:.1f}x)"
            if "s" in mem.get("queries", {}).get(k, {}) and "error" not in mem["queries"][k]
            else f"{k} {v['s']:.3f} s"
            for k, v in compiled["queries"].items()
        )
        + f"; rdflib loads in {mem_load:.1f} s"
    )
    for name in QUERIES:
        a, b = ox["queries"][name], mem.get("queries", {}).get(name)
        c = compiled["queries"][name]
        if c["rows"] != a["rows"] or c["answer"] != a["answer"]:
            print(f"{name}: the compiled graph's store gives a DIFFERENT ANSWER")
        if b is None:
            bt = f"> {args.budget:.0f} s (stopped)"
            ratio = ""
        elif "error" in b:
            bt, ratio = f"{b['error']} after {b['s']:.2f} s", ""
        else:
            bt, ratio = f"{b['s']:8.3f} s", f"ratio {b['s'] / a['s']:7.1f}x"
            if b["rows"] != a["rows"] or b["answer"] != a["answer"]:
                ratio += "  (DIFFERENT ANSWER)"
        print(f"{name:<26} oxigraph {a['s']:8.3f} s   memory {bt}   {ratio}")


if __name__ == "__main__":
    main()
