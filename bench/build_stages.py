"""`kg build` as a user runs it, with each stage's wall and CPU time on stderr (the stages of its progress bar).

    .venv/bin/python bench/build_stages.py DATA_DIR OUT_DIR

Same work as `kg build --data DATA_DIR --out OUT_DIR` (OUT_DIR is replaced); run it under /usr/bin/time for the
whole process. With PYTHONPATH pointing at another checkout's src it times that code instead.
"""

import contextlib
import shutil
import sys
import time

T0 = time.perf_counter()

import kg.exports.progress as progress  # noqa: E402

times = []


@contextlib.contextmanager
def step(self, what):
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    times.append((what, time.perf_counter() - wall, time.process_time() - cpu))


progress.Stages.step = step

from kg.cli.main import main  # noqa: E402

out = sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
main(["build", "--data", sys.argv[1], "--out", out])
for what, wall, cpu in times:
    print(f"  {wall:6.2f} s wall {cpu:6.2f} s cpu  {what}", file=sys.stderr)
print(f"  {time.perf_counter() - T0:6.2f} s wall {time.process_time():6.2f} s cpu  whole process", file=sys.stderr)
