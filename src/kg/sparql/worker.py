"""One query process of ``kg serve``: opens the store read-only, caps its own memory, answers queries.

Every answer is a small tuple sent back over the pipe:
``("ok", kind, fmt, body)`` or ``("error", http_status, message)``. The body is already
serialised and bounded by the byte cap, so the server never holds more than that per query.
A query that needs more memory than the cap fails to allocate: Python raises MemoryError
(answered, then the process exits so a fresh one takes its place) or the native code aborts
(the server sees the process die); either way the server replaces the worker.
"""

from __future__ import annotations

import os

READY = "ready"
RETIRE = "retire"  # fourth element of an answer: this process should not be used again


def main(store_dir: str, conn, memory_mb: int) -> None:  # runs in the child process
    import pyoxigraph as ox

    store = ox.Store.read_only(store_dir)
    limit_memory(memory_mb)
    conn.send(READY)
    while True:
        try:
            text, fmt, max_rows, max_bytes = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(store, text, fmt, max_rows, max_bytes)
        except MemoryError:
            reply = ("error", 503, memory_message(memory_mb), RETIRE)
        except Exception as exc:
            reply = ("error", 500, f"the query failed: {type(exc).__name__}: {exc}")
        conn.send(reply)
        if reply[-1] == RETIRE:
            os._exit(0)


def memory_message(memory_mb: int) -> str:
    return f"the query needed more than the {memory_mb} MB of memory a query may use, and was stopped"


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at what it uses now plus ``memory_mb`` (Linux/Unix)."""
    if memory_mb <= 0:
        return
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as f:
            vm = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:"))
    except (ImportError, OSError, StopIteration, ValueError):
        return  # no /proc or no setrlimit: the time limit still applies
    cap = vm + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def answer(store, text: str, fmt: dict, max_rows: int, max_bytes: int) -> tuple:
    import pyoxigraph as ox

    from kg.errors import QueryError
    from kg.sparql.query import run
    from kg.sparql.results import TooLarge, TooManyRows, write_boolean, write_solutions, write_triples
    from kg.sparql.shape import is_update, may_call_out, shape

    read_only = ("error", 403, "this endpoint is read-only: SPARQL Update is refused")
    try:
        if may_call_out(text):  # the parse tree decides; most queries never need the (slow) parse
            form = shape(text)
            if form.form == "UPDATE":
                return read_only
            if form.service:
                return ("error", 400, "SERVICE is refused: this endpoint makes no outbound requests")
        try:
            result = run(store, text)  # the store is read-only, and Oxigraph's query parser takes no updates
        except QueryError:
            if is_update(text):
                return read_only
            raise
        if isinstance(result, ox.QueryTriples):
            f = fmt.get("graph", "ttl")
            body = write_triples(result, f, max_rows=max_rows, max_bytes=max_bytes)
            return ("ok", "graph", f, body)
        f = fmt.get("select", "json")
        if isinstance(result, ox.QueryBoolean):
            return ("ok", "select", f, write_boolean(bool(result), f))
        names = [v.value for v in result.variables]
        return ("ok", "select", f, write_solutions(names, result, f, max_rows=max_rows, max_bytes=max_bytes))
    except TooManyRows:
        return ("error", 422, f"the result has more than {max_rows} rows; add a LIMIT")
    except TooLarge:
        return (
            "error",
            422,
            f"the result is larger than {max_bytes} bytes ({max_bytes / 2**20:g} MB), "
            "the most this endpoint sends; add a LIMIT or select less",
        )
    except QueryError as exc:
        return ("error", 400, str(exc))
    except OSError as exc:  # Oxigraph's evaluation errors
        return ("error", 400, f"the query failed: {exc}")
