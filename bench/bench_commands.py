"""kg commands end to end, as a user runs them: each one a whole process, this code against another.

    python bench/bench_commands.py --baseline /tmp/kg-before/src             # the bundled data
    python bench/bench_commands.py --baseline /tmp/kg-before/src --data /tmp/gen10k --only build --repeat 1
    python bench/bench_commands.py --baseline /tmp/kg-before/src --graph outputs/graph.kg --only owners show

With ``--graph PATH`` this code's read commands answer from that compiled graph (``kg build`` writes one as
``OUT/graph.kg``) instead of ``--data``; the baseline still builds from ``--data`` as it always did.

Each command runs ``--repeat`` times for each code base, the two alternating (A B A B ...) so that a
change in the machine's load falls on both; the figure is the median wall time. ``--baseline SRC`` is another checkout's ``src`` folder (for example
``git archive OLD src ontology | tar -x -C /tmp/kg-before``); without it only this code is timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def commands(data: Path, out: Path) -> dict[str, list[str]]:
    """The commands timed, by name (the bundled data's ids where an entity is named)."""
    d = ["--data", str(data)]
    return {
        "build": ["build", *d, "--out", str(out)],
        "validate": ["validate", *d],
        "owners": ["owners", "zhipu", *d],
        "control": ["control", "zhipu", *d],
        "holdings": ["holdings", "tencent", *d],
        "show": ["show", "zhipu", *d],
        "query": ["query", "shareholders", "--param", "company=zhipu", *d],
        "render": ["render", *d, "--out", str(out / "page.html")],
    }


READ = ("owners", "control", "holdings", "show", "query", "render")


def with_graph(argv: list[str], graph: Path | None) -> list[str]:
    """``argv`` with ``--data DIR`` replaced by ``--graph PATH`` (for a read command, when a graph is given)."""
    if graph is None or argv[0] not in READ:
        return argv
    i = argv.index("--data")
    return [*argv[:i], "--graph", str(graph), *argv[i + 2 :]]


def run_once(src: Path, argv: list[str]) -> float:
    """Wall seconds of one ``python -m kg ARGV`` with ``src`` first on the path."""
    env = dict(os.environ, PYTHONPATH=str(src))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", *argv], env=env, capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"kg {' '.join(argv)} failed ({src}):\n{proc.stderr.decode(errors='replace')[-2000:]}")
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--baseline", type=Path, help="another kg's src folder, timed in the same run")
    ap.add_argument("--graph", type=Path, help="a compiled graph this code's read commands answer from")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", nargs="*", help="command names to time (default: all)")
    args = ap.parse_args()
    bases = [("this", ROOT / "src")] + ([("baseline", args.baseline)] if args.baseline else [])
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(args.data, Path(tmp) / "out")
        names = args.only or list(cmds)
        print(f"data: {args.data}; repeat {args.repeat}; median wall time")
        header = "| command | " + " | ".join(n for n, _ in bases) + (" | baseline / this |" if args.baseline else " |")
        print(header)
        print("|" + " --- |" * (header.count("|") - 1))
        for name in names:
            times: dict[str, list[float]] = {n: [] for n, _ in bases}
            for _ in range(args.repeat):
                for label, src in bases:
                    argv = with_graph(cmds[name], args.graph) if label == "this" else cmds[name]
                    times[label].append(run_once(src, argv))
            cells = [f"{statistics.median(times[n]):.2f} s" for n, _ in bases]
            if args.baseline:
                cells.append(f"{statistics.median(times['baseline']) / statistics.median(times['this']):.2f}×")
            print(f"| `kg {name}` | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
