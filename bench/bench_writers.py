"""Time and peak memory of writing every registered output of ``kg build``, in one process.

Loads a dataset (``kg.load``, no derived statements: at 100k entities today's per-entity derived
statements take hours), records the peak RSS so far, then writes each output of the registry into a
temporary folder and reports its time and the process's peak RSS after it. Runs against whichever
kg is importable, so the same script measures another checkout:

    .venv/bin/python bench/bench_writers.py /tmp/gen100k
    PYTHONPATH=/tmp/base/src .venv/bin/python bench/bench_writers.py /tmp/gen100k
"""

from __future__ import annotations

import inspect
import resource
import sys
import tempfile
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(data: str) -> None:
    from kg.exports.registry import FORMATS
    from kg.graph.knowledge import load

    t = time.perf_counter()
    kg = load(data)
    print(f"load: {time.perf_counter() - t:.1f} s, peak {peak_mb():,.0f} MB ({kg.nx.number_of_nodes():,} entities)")
    with tempfile.TemporaryDirectory() as tmp:
        for f in FORMATS:
            t = time.perf_counter()
            with open(Path(tmp) / f.file, "wb") as fh:
                if len(inspect.signature(f.write).parameters) == 2:  # streamed: write(kg, fh)
                    f.write(kg, fh)
                else:  # before issue 12: write(kg) -> bytes
                    fh.write(f.write(kg))
            size = (Path(tmp) / f.file).stat().st_size
            print(f"{f.file}: {time.perf_counter() - t:.1f} s, {size / 1e6:,.0f} MB, peak {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
