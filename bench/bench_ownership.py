"""Benchmark ownership analytics against naive networkx path enumeration, in the same run.

    python bench/bench_ownership.py                        # 10k and 100k entities
    python bench/bench_ownership.py --sizes 1000000

The ecosystem comes from bench/generate.py straight into a NetworkX graph shaped
like kg's projection (vehicle pyramids, Zipf hub investors, 1% cross-holdings,
ranges and unknown stakes). Figures:

* index:   reading the graph into kg.ownership.Ownership (once per graph and date);
* all:     every integrated stake of every entity (sparse walk series,
           ``Ownership.integrated_matrix``), both ends of the ranges;
* owners:  one company's owners, ``Ownership.owners`` (p50 / p95 over random companies);
* holdings: one investor's holdings, ``Ownership.holdings`` (the largest hub and random ones).

Baseline: for each target, every simple path from every ancestor
(``nx.all_simple_paths``), summing path products — what a script without the
matrix form does. It is timed on the same sampled targets; "all" is compared
with the baseline's per-target mean times the number of targets (stated as such).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import random
import statistics
import sys
import time
from pathlib import Path

import networkx as nx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import graph  # noqa: E402
from kg.ownership.engine import Ownership  # noqa: E402
from kg.schema.ontology import load_ontology  # noqa: E402


def naive_owners_prebuilt(D: nx.DiGraph, target: str, budget_s: float) -> tuple[float, bool]:
    start = time.perf_counter()
    for a in nx.ancestors(D, target):
        for path in nx.all_simple_paths(D, a, target):
            p = 1.0
            for x, y in itertools.pairwise(path):
                p *= D[x][y]["w"]
            if time.perf_counter() - start > budget_s:
                return time.perf_counter() - start, True
    return time.perf_counter() - start, False


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def bench(size: int, samples: int, budget_s: float, seed: int = 11) -> dict:
    onto = load_ontology()
    t = time.perf_counter()
    G = graph(size)
    t_gen = time.perf_counter() - t
    gc.collect()
    t = time.perf_counter()
    own = Ownership(G, onto, as_of="2026-01-09")
    t_index = time.perf_counter() - t
    t = time.perf_counter()
    _nodes, U_lo = own.integrated_matrix("lo")
    _, _U_hi = own.integrated_matrix("hi")
    t_all = time.perf_counter() - t

    rng = random.Random(seed)
    companies = sorted(n for n in own.econ_in if n.startswith("co"))
    sample = rng.sample(companies, min(samples, len(companies)))
    D = nx.DiGraph()
    for h, held in own.econ_out.items():
        for o, link in held.items():
            D.add_edge(h, o, w=link.stake.lo)
    kg_times, base_times, timeouts = [], [], 0
    for c in sample:
        t = time.perf_counter()
        own.owners(c)
        kg_times.append(time.perf_counter() - t)
        elapsed, timed_out = naive_owners_prebuilt(D, c, budget_s)
        base_times.append(elapsed)
        timeouts += timed_out
    hubs = sorted((n for n in own.econ_out if n.startswith("inv")), key=lambda n: (-len(own.econ_out[n]), n))
    t = time.perf_counter()
    biggest = own.holdings(hubs[0])
    t_hold_big = time.perf_counter() - t
    hold_times = []
    for h in rng.sample(hubs, min(samples, len(hubs))):
        t = time.perf_counter()
        own.holdings(h)
        hold_times.append(time.perf_counter() - t)
    targets = len(own.econ_in)
    base_all = statistics.mean(base_times) * targets
    return {
        "entities": size,
        "edges": G.number_of_edges(),
        "generate_s": round(t_gen, 2),
        "index_s": round(t_index, 2),
        "all_s": round(t_all, 3),
        "all_pairs": int(U_lo.nnz),
        "targets": targets,
        "all_baseline_est_s": round(base_all, 1),
        "all_ratio": round(base_all / t_all, 1),
        "owners_p50_ms": round(pct(kg_times, 0.5) * 1000, 2),
        "owners_p95_ms": round(pct(kg_times, 0.95) * 1000, 2),
        "owners_baseline_p50_ms": round(pct(base_times, 0.5) * 1000, 2),
        "owners_baseline_p95_ms": round(pct(base_times, 0.95) * 1000, 2),
        "owners_ratio_mean": round(statistics.mean(base_times) / statistics.mean(kg_times), 1),
        "baseline_timeouts": timeouts,
        "budget_s": budget_s,
        "samples": len(sample),
        "holdings_biggest_hub_ms": round(t_hold_big * 1000, 1),
        "holdings_biggest_hub_rows": len(biggest["holdings"]),
        "holdings_p50_ms": round(pct(hold_times, 0.5) * 1000, 2),
        "holdings_p95_ms": round(pct(hold_times, 0.95) * 1000, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--samples", type=int, default=200, help="companies / investors sampled for per-query figures")
    ap.add_argument("--budget", type=float, default=2.0, help="seconds the baseline may spend on one target")
    args = ap.parse_args()
    for n in args.sizes:
        r = bench(n, args.samples, args.budget)
        print(f"\n== {r['entities']:,} entities, {r['edges']:,} edges (generated in {r['generate_s']} s)")
        print(f"index (read graph on a date)   {r['index_s']:9.2f} s")
        print(
            f"all integrated stakes          {r['all_s']:9.3f} s   {r['all_pairs']:,} owner-company pairs, {r['targets']:,} targets"
        )
        print(
            f"  baseline, estimated          {r['all_baseline_est_s']:9.1f} s   (mean per target x targets)   ratio {r['all_ratio']:.0f}x"
        )
        print(f"one company's owners           p50 {r['owners_p50_ms']:7.2f} ms  p95 {r['owners_p95_ms']:7.2f} ms")
        print(
            f"  baseline                     p50 {r['owners_baseline_p50_ms']:7.2f} ms  p95 {r['owners_baseline_p95_ms']:7.2f} ms"
            f"   ratio (means) {r['owners_ratio_mean']:.1f}x   timeouts {r['baseline_timeouts']}/{r['samples']} at {r['budget_s']} s"
        )
        print(
            f"one investor's holdings        p50 {r['holdings_p50_ms']:7.2f} ms  p95 {r['holdings_p95_ms']:7.2f} ms;"
            f" biggest hub {r['holdings_biggest_hub_ms']:.1f} ms for {r['holdings_biggest_hub_rows']:,} holdings"
        )


if __name__ == "__main__":
    main()
