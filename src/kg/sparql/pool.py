"""The query processes of ``kg serve``, in two lanes, so slow queries cannot starve quick ones.

* Every query starts in the **fast lane** (``fast`` processes) with a short budget
  (``fast_budget`` seconds). Almost every query finishes there.
* A query still running when its budget is spent leaves the fast lane *with its process*
  (nothing is re-run): the process joins the **slow lane** (at most ``slow`` at once, one per
  client) and keeps running until the full ``timeout``; a fresh process takes its place in
  the fast lane. Slow-lane processes run in Linux's idle scheduling class (else at nice 10), so on a
  machine with few cores the quick queries still get the CPU first. When the slow lane is full, the query is stopped and the client is told to
  retry later (503 with Retry-After).
* One client (an address) has at most ``per_client`` queries in flight (429 beyond) and uses
  at most ``fast - 1`` fast processes at once, so one client never holds the whole fast lane.
* A process that overruns the timeout is killed; one that dies (its memory cap) is replaced.
  The server keeps serving either way.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import cast

from kg.sparql import worker as serve_worker

_CTX = None
SLOW_NICENESS = 10


def _context():
    """Workers are forked from a small server process that has kg and pyoxigraph imported: a new worker
    starts in milliseconds, and the HTTP threads of this process are never forked."""
    global _CTX
    if _CTX is None:
        if "forkserver" in mp.get_all_start_methods():
            _CTX = mp.get_context("forkserver")
            _CTX.set_forkserver_preload(
                [
                    "kg.sparql.worker",
                    "kg.sparql.query",
                    "kg.sparql.results",
                    "kg.sparql.shape",
                    "rdflib.plugins.sparql.parser",
                ]
            )
        else:
            _CTX = mp.get_context("spawn")
    return _CTX


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds a query may run in all
    fast_budget: float = 0.25  # seconds a query may hold a fast-lane process
    max_rows: int = 100_000
    max_bytes: int = 32 * 2**20  # of one serialised answer
    memory_mb: int = 1024  # address space a query process may add to what it uses at rest
    per_client: int = 2  # queries in flight per client address


class _Worker:
    def __init__(self, store_dir: str, memory_mb: int):
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=serve_worker.main, args=(store_dir, child, memory_mb), daemon=True)
        self.proc.start()
        child.close()

    def wait_ready(self, seconds: float) -> bool:
        try:
            return self.conn.poll(seconds) and self.conn.recv() == serve_worker.READY
        except (EOFError, OSError):
            return False

    def send(self, msg) -> bool:
        try:
            self.conn.send(msg)
            return True
        except (OSError, ValueError):
            return False

    def receive(self, seconds: float):
        """The answer, None when ``seconds`` pass first, or "dead" when the process has gone."""
        try:
            if not self.conn.poll(max(seconds, 0.0)):
                return None
            return self.conn.recv()
        except (EOFError, OSError):
            return "dead"

    def lower_priority(self) -> None:
        """Slow-lane processes yield the CPU to the fast lane (they are never reused, so this is not undone)."""
        try:  # Linux: the idle class runs only when no fast-lane work wants the CPU
            os.sched_setscheduler(self.proc.pid, os.SCHED_IDLE, os.sched_param(0))
            return
        except (AttributeError, OSError):
            pass
        # Elsewhere (no such call on this platform) the lanes still separate the processes.
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, self.proc.pid, SLOW_NICENESS)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class QueryPool:
    def __init__(self, store_dir: str, fast: int = 2, slow: int = 2, limits: Limits = Limits()):
        if fast < 1:
            raise ValueError("a query pool needs at least one fast-lane process")
        self.store_dir, self.fast, self.slow, self.limits = store_dir, fast, max(slow, 0), limits
        self.fast_per_client = max(1, fast - 1)
        self.cv = threading.Condition()
        self.idle: list[_Worker] = []
        self.busy: set[_Worker] = set()  # running a query, in either lane
        self.in_flight: Counter = Counter()
        self.fast_by_client: Counter = Counter()
        self.slow_by_client: Counter = Counter()
        self.closed = False
        self.stats: Counter[str] = Counter()  # promoted, refused_slow, timeouts, deaths, too_many
        workers = [_Worker(store_dir, limits.memory_mb) for _ in range(fast)]
        for w in workers:
            if not w.wait_ready(60):
                for x in workers:
                    x.stop()
                raise OSError(f"a query process could not open the store {store_dir}")
        self.idle.extend(workers)

    # -- the public call ----------------------------------------------------------------

    def run(self, client: str, text: str, fmt: dict) -> tuple:
        """``("ok", kind, fmt, body)`` or ``("error", status, message[, retry_after])``."""
        with self.cv:
            if self.in_flight[client] >= self.limits.per_client:
                self.stats["too_many"] += 1
                return (
                    "error",
                    429,
                    f"this client already has {self.limits.per_client} queries running; "
                    "wait for an answer before sending more",
                    1,
                )
            self.in_flight[client] += 1
        try:
            return self._run(client, (text, fmt, self.limits.max_rows, self.limits.max_bytes))
        finally:
            with self.cv:
                self.in_flight[client] -= 1
                if not self.in_flight[client]:
                    del self.in_flight[client]
                self.cv.notify_all()

    def _run(self, client: str, msg) -> tuple:
        lim = self.limits
        started = time.monotonic()
        with self.cv:
            if (
                not self.cv.wait_for(
                    lambda: self.closed or (self.idle and self.fast_by_client[client] < self.fast_per_client),
                    timeout=lim.timeout,
                )
                or self.closed
            ):
                return ("error", 503, "all query workers are busy; try again", 1)
            w = self.idle.pop()
            self.busy.add(w)
            self.fast_by_client[client] += 1
        budget = min(lim.fast_budget, lim.timeout)
        reply = w.receive(budget) if w.send(msg) else "dead"
        with self.cv:
            self.fast_by_client[client] -= 1
            if reply is not None and reply != "dead" and reply[-1] != serve_worker.RETIRE:
                self.busy.discard(w)
                self.idle.append(w)
                self.cv.notify_all()
                return cast(tuple, reply)  # neither None nor "dead": the worker's answer
            promote = (
                reply is None and self.slow_by_client[client] < 1 and sum(self.slow_by_client.values()) < self.slow
            )
            if promote:
                self.slow_by_client[client] += 1
                self.stats["promoted"] += 1
        self._replace()  # the fast lane gets a fresh process whatever happened to this one
        if reply is not None or not promote:
            with self.cv:
                self.busy.discard(w)
        if reply is not None:
            return self._after_death(w, reply)
        if not promote:
            w.stop()
            self.stats["refused_slow"] += 1
            return (
                "error",
                503,
                f"the query ran longer than {budget:g} s and the slow-query lane is busy "
                "(at most one long query per client, and few at once); try again later",
                5,
            )
        w.lower_priority()
        try:
            reply = w.receive(lim.timeout - (time.monotonic() - started))
        finally:
            with self.cv:
                self.busy.discard(w)
                self.slow_by_client[client] -= 1
                if not self.slow_by_client[client]:
                    del self.slow_by_client[client]
        w.stop()  # a slow-lane process is not reused: the fast lane already has its replacement
        if reply is None:
            self.stats["timeouts"] += 1
            return ("error", 503, f"the query ran longer than the {lim.timeout:g} s limit and was stopped", 5)
        return self._after_death(w, reply) if reply == "dead" else reply

    def _after_death(self, w: _Worker, reply) -> tuple:
        if reply != "dead":  # answered, and asked to be retired (it hit its memory cap)
            w.stop()
            return reply[:3]
        w.stop()
        self.stats["deaths"] += 1
        code = w.proc.exitcode
        if code in (-6, -11, 1):  # SIGABRT: a native allocation failed; SIGSEGV/1: out of memory in the runtime
            return ("error", 503, serve_worker.memory_message(self.limits.memory_mb), 5)
        return (
            "error",
            503,
            f"the query process stopped unexpectedly (exit status {code}); the query was not answered",
            5,
        )

    # -- keeping the fast lane full ------------------------------------------------------

    def _replace(self) -> None:
        threading.Thread(target=self._start_one, daemon=True).start()

    def _start_one(self) -> None:
        for _attempt in range(3):
            if self.closed:
                return
            w = _Worker(self.store_dir, self.limits.memory_mb)
            if w.wait_ready(60):
                with self.cv:
                    if not self.closed:
                        self.idle.append(w)
                        self.cv.notify_all()
                        return
            w.stop()

    def close(self) -> None:
        with self.cv:
            self.closed = True
            workers = list(self.idle) + list(self.busy)
            self.idle.clear()
            self.cv.notify_all()
        for w in workers:
            w.stop()
