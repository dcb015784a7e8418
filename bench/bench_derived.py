"""Time the derived-statements stage of ``kg build`` alone: every look-through stake and ultimate controller.

The graph and its NetworkX projection are built first and not timed; then ``derived_ntriples`` is timed
once. Run it against another checkout with ``PYTHONPATH=OTHER/src`` to compare in the same session.

    .venv/bin/python bench/bench_derived.py /tmp/gen10k
    PYTHONPATH=/tmp/base/src .venv/bin/python bench/bench_derived.py /tmp/gen10k
"""

from __future__ import annotations

import resource
import sys
import time

import kg
from kg.ownership.derived import derived_ntriples


def main(data: str) -> None:
    g = kg.load(data)
    _ = g.nx  # the projection, built before the clock starts
    t, cpu = time.perf_counter(), time.process_time()
    lines, info = derived_ntriples(g)
    dt, dcpu = time.perf_counter() - t, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"{data}: derived statements {dt:.2f} s wall, {dcpu:.2f} s CPU ({info['look_through']} look-through stakes, "
        f"{info['controllers']} ultimate controllers, {len(lines)} lines); process max RSS {rss} MB"
    )


if __name__ == "__main__":
    main(sys.argv[1])
