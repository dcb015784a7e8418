"""Writing the HTML explorer for a large graph, against pyvis's add_node / add_edge loop, in the same run.

    .venv/bin/python bench/bench_render.py                 # 50k entities; the pyvis loop on the same graph (~40 s)
    .venv/bin/python bench/bench_render.py --size 200000 --cap 50000

kg: ``kg.explorer.page.render_html`` (node and edge lists built directly; above 1,000 entities a layout
computed in Python and no physics; above 5,000 no look-through snapshots) then the UTF-8 file
written; best of ``--repeat`` runs. Baseline: the same entities and statements fed to a pyvis
``Network`` one ``add_node`` / ``add_edge`` call at a time (pyvis's API), then its
``generate_html`` written; one run. pyvis looks each new node and each edge's two ends up in a
list of the node ids, so the loop is O(entities × statements). Graphs larger than ``--cap`` run
the loop on ``--cap`` entities reached breadth-first from the best-connected one (keeping the
graph's density), and the ratio is taken on that sample (kg timed on it too); the growth between
half the cap and the cap extrapolates a whole-graph figure, labelled as an estimate.

The look-through snapshots (``Ownership`` on every ownership date, both ends of every range)
are also timed on a 5,000-entity sample, where a page includes them.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from generate import graph
from kg.explorer.baseline import network_data
from kg.explorer.layout import PHYSICS_LIMIT
from kg.explorer.page import render_html
from kg.schema.ontology import load_ontology


def kg_write(G, onto, path: Path) -> float:
    t = time.perf_counter()
    path.write_bytes(render_html(G, onto, {}, title="bench").encode("utf-8"))
    return time.perf_counter() - t


def pyvis_write(G, onto, path: Path) -> float:
    from pyvis.network import Network

    t = time.perf_counter()
    nodes, edges = network_data(G, onto, {})
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for n in nodes:
        net.add_node(n["id"], label=n["label"], title=n["title"], color=n["color"], shape=n["shape"], value=n["value"])
    for e in edges:
        net.add_edge(e["from"], e["to"], title=e["title"], label=e["label"], color=e["color"], dashes=e["dashes"])
    net.toggle_physics(G.number_of_nodes() <= PHYSICS_LIMIT)
    path.write_text(net.generate_html(), encoding="utf-8")
    return time.perf_counter() - t


def best_of(fn, repeat: int) -> tuple[float, float]:
    runs = [fn() for _ in range(repeat)]
    return min(runs), statistics.median(runs)


def sample(G, n):
    """``n`` entities reached breadth-first (sorted neighbours) from the best-connected one, and their statements."""
    if n >= G.number_of_nodes():
        return G
    start = min(G.nodes, key=lambda v: (-G.degree(v), v))
    seen, queue = {start}, [start]
    for v in queue:
        for w in sorted(set(G.successors(v)) | set(G.predecessors(v))):
            if len(seen) >= n:
                break
            if w not in seen:
                seen.add(w)
                queue.append(w)
        if len(seen) >= n:
            break
    return G.subgraph(seen).copy()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=50_000, help="entities in the synthetic graph (default 50000)")
    ap.add_argument("--cap", type=int, default=50_000, help="most entities the pyvis loop is run on (default 50000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of kg per figure; the best is reported (default 3)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = ap.parse_args()

    onto = load_ontology()
    t = time.perf_counter()
    G = graph(args.size)
    t_gen = time.perf_counter() - t
    base_graph = sample(G, args.cap)
    small = sample(G, 5_000)
    row = {"entities": G.number_of_nodes(), "statements": G.number_of_edges(), "generate_s": round(t_gen, 2)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        render_html(sample(G, 500), onto, {})  # warm caches (templates, vis-network, opencc) outside the timings
        kg_full, kg_full_med = best_of(lambda: kg_write(G, onto, out / "kg.html"), args.repeat)
        row.update(
            kg_s=round(kg_full, 3),
            kg_median_s=round(kg_full_med, 3),
            page_mb=round((out / "kg.html").stat().st_size / 1e6, 1),
            goal_le_1s=kg_full <= 1.0,
        )
        lt, _ = best_of(lambda: kg_write(small, onto, out / "small.html"), args.repeat)
        row.update(sample5k_statements=small.number_of_edges(), kg_5k_with_look_through_s=round(lt, 3))
        if base_graph is G:
            base = pyvis_write(G, onto, out / "pyvis.html")
            row.update(baseline="whole graph", pyvis_s=round(base, 2), ratio=round(base / kg_full, 1))
        else:
            half = sample(G, args.cap // 2)
            kg_cap, _ = best_of(lambda: kg_write(base_graph, onto, out / "kg-cap.html"), args.repeat)
            base_half = pyvis_write(half, onto, out / "pyvis-half.html")
            base = pyvis_write(base_graph, onto, out / "pyvis.html")
            growth = base / base_half
            exponent = max(1.0, math.log(growth, 2))
            est = base * (G.number_of_nodes() / base_graph.number_of_nodes()) ** exponent
            row.update(
                baseline=f"sample of {base_graph.number_of_nodes()} entities ({base_graph.number_of_edges()} statements)",
                kg_sample_s=round(kg_cap, 3),
                pyvis_s=round(base, 2),
                ratio=round(base / kg_cap, 1),
                pyvis_half_s=round(base_half, 2),
                growth_per_doubling=round(growth, 2),
                pyvis_whole_estimate_s=round(est),
                ratio_whole_estimate=round(est / kg_full),
            )
    if args.json:
        print(json.dumps(row, indent=2))
        return
    print(f"graph: {row['entities']:,} entities, {row['statements']:,} statements (generated in {row['generate_s']} s)")
    print(
        f"kg:    {row['kg_s']} s best of {args.repeat} (median {row['kg_median_s']} s), {row['page_mb']} MB page; "
        f"goal <= 1 s: {'met' if row['goal_le_1s'] else 'NOT met'}"
    )
    if base_graph is G:
        print(f"pyvis add_node/add_edge loop, same graph: {row['pyvis_s']} s — kg is {row['ratio']}x faster")
    else:
        print(
            f"pyvis loop on a {row['baseline']}: {row['pyvis_s']} s vs kg {row['kg_sample_s']} s — {row['ratio']}x; "
            f"x{row['growth_per_doubling']} per doubling, so ~{row['pyvis_whole_estimate_s']} s for the whole graph "
            f"(estimate, ~{row['ratio_whole_estimate']}x)"
        )
    print(
        f"a 5,000-entity sample ({row['sample5k_statements']:,} statements) with look-through snapshots: "
        f"{row['kg_5k_with_look_through_s']} s"
    )
    print(json.dumps(row))


if __name__ == "__main__":
    main()
