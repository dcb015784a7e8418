"""Lookups on a compiled graph at register size, this code against another checkout, in the same run.

    python bench/generate.py 100000 /tmp/gen100k
    kg build --data /tmp/gen100k --out /tmp/out100k --outputs summary
    git archive a547cf5 src ontology | tar -x -C /tmp/kg-base
    python bench/bench_lookups.py --graph /tmp/out100k/graph.kg --baseline /tmp/kg-base/src --ids 10000

Figures, each for both checkouts (``--baseline SRC`` runs with ``PYTHONPATH=SRC``):

* **process**: ``kg owners ID --graph G`` as a whole process (open + one lookup), median over ``--runs`` ids;
* **in-process**: ``kg.open(G)`` then ``owners`` and ``holdings`` of ``--samples`` random entities through the
  API, p50 / p95 / max per lookup, the time to the first answer, and the holdings of the largest hub (the
  entity with the most statements out);
* **batch**: ``kg owners --input IDS --format jsonl`` of ``--ids`` ids drawn with replacement (seed 12), whole
  process, wall time and peak memory.

The baseline's figures come from the same snippets run under its source tree; nothing is extrapolated.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IN_PROCESS = r"""
import json, sys, time
t0 = time.perf_counter()
import kg
g = kg.open(sys.argv[1])
ids, hub, as_of = json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
out = {}
for what in ("owners", "holdings"):
    times = []
    for i in ids:
        t = time.perf_counter()
        getattr(g, what + "_result")(i, as_of)
        times.append(time.perf_counter() - t)
        if "first" not in out:
            out["first"] = time.perf_counter() - t0
    times.sort()
    out[what] = [times[len(times) // 2], times[int(len(times) * 0.95)], times[-1]]
t = time.perf_counter()
g.holdings_result(hub, as_of)
out["hub"] = time.perf_counter() - t
print(json.dumps(out))
"""


def env_for(src: str | None) -> dict:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    return env


def timed(cmd: list[str], src: str | None, stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """Wall seconds and peak memory (MB) of one process."""
    with tempfile.NamedTemporaryFile("r") as rep:
        t = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-o", rep.name, "-f", "%M", *cmd], env=env_for(src), stdout=stdout, check=True)
        wall = time.perf_counter() - t
        return wall, int(rep.read().split()[-1]) // 1024


def entity_ids(graph: Path) -> tuple[list[str], str]:
    """Every entity id, and the one with the most statements out (from the compiled graph's lookup file)."""
    db = sqlite3.connect(graph / "store" / "lookup.sqlite")
    ids = [r[0] for r in db.execute("SELECT id FROM entities ORDER BY n")]
    hub = db.execute(
        "SELECT subject FROM statements GROUP BY subject ORDER BY count(*) DESC, subject LIMIT 1"
    ).fetchone()
    return ids, hub[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", required=True, type=Path)
    ap.add_argument("--baseline", help="the other checkout's src/ (PYTHONPATH)")
    ap.add_argument("--as-of", default="2026-01-09")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--ids", type=int, default=10000)
    args = ap.parse_args()
    py = sys.executable
    subprocess.run([py, "-m", "kg", "owners", "x", "--graph", str(args.graph)], capture_output=True, check=False)
    ids, hub = entity_ids(args.graph)  # (the first run above made the lookup file if it was missing)
    rng = random.Random(12)
    sample = rng.sample(ids, min(args.samples, len(ids)))
    batch = [rng.choice(ids) for _ in range(args.ids)]
    sides = [("this", None)] + ([("baseline", args.baseline)] if args.baseline else [])
    report: dict = {name: {"process": []} for name, _ in sides}
    for i in range(args.runs):
        for name, src in sides:
            wall, mb = timed(
                [py, "-m", "kg", "owners", sample[i], "--graph", str(args.graph), "--as-of", args.as_of], src
            )
            report[name]["process"].append((wall, mb))
    for name, src in sides:
        t = time.perf_counter()
        done = subprocess.run(
            [py, "-c", IN_PROCESS, str(args.graph), json.dumps(sample), hub, args.as_of],
            env=env_for(src),
            capture_output=True,
            text=True,
            check=True,
        )
        report[name]["in_process"] = json.loads(done.stdout.splitlines()[-1])
        report[name]["in_process"]["total"] = time.perf_counter() - t
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as fh:
        fh.write("\n".join(batch) + "\n")
        fh.flush()
        for name, src in sides:
            cmd = [py, "-m", "kg", "owners", "--input", fh.name, "--format", "jsonl", "--graph", str(args.graph)]
            report[name]["batch"] = timed([*cmd, "--as-of", args.as_of], src)
    print(f"graph {args.graph}: {len(ids)} entities; largest hub {hub}; {args.samples} sampled; batch of {args.ids}")
    for name, _ in sides:
        r = report[name]
        walls = [w for w, _ in r["process"]]
        ip = r["in_process"]
        print(
            f"{name:9s} process median {statistics.median(walls):.2f} s (max RSS {max(m for _, m in r['process'])} MB) | "
            f"first answer {ip['first']:.2f} s | owners p50/p95/max {ip['owners'][0] * 1e3:.1f}/{ip['owners'][1] * 1e3:.1f}/"
            f"{ip['owners'][2] * 1e3:.0f} ms | holdings {ip['holdings'][0] * 1e3:.1f}/{ip['holdings'][1] * 1e3:.1f}/"
            f"{ip['holdings'][2] * 1e3:.0f} ms | hub holdings {ip['hub']:.2f} s | batch {r['batch'][0]:.1f} s, {r['batch'][1]} MB"
        )


if __name__ == "__main__":
    main()
