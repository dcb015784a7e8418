"""``kg serve``: a read-only SPARQL 1.1 endpoint at /sparql and the HTML graph at /, with its limits."""

from __future__ import annotations

from pathlib import Path

from kg.cli.common import Command
from kg.cli.options import data_options
from kg.errors import UsageError


def serve_arguments(sp) -> None:
    data_options(sp, rdf=False, compiled=True)
    sp.add_argument("--store", metavar="DIR", help="serve a store written by `kg build --store` (no rebuild)")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    sp.add_argument("--port", type=int, default=8000)
    sp.add_argument("--workers", type=int, default=2, help="query processes for quick queries (default 2)")
    sp.add_argument(
        "--slow-workers",
        type=int,
        default=2,
        metavar="N",
        help="more processes, at idle CPU priority, for queries that outlive --fast-budget (default 2)",
    )
    sp.add_argument(
        "--fast-budget",
        type=float,
        default=0.25,
        metavar="SECONDS",
        help="time a query may hold a quick-query process before it moves to the slow lane (default 0.25)",
    )
    sp.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="time limit per query (default 10)")
    sp.add_argument("--max-rows", type=int, default=100_000, help="result cap per query (default 100000)")
    sp.add_argument("--max-mb", type=float, default=32, metavar="MB", help="size cap of one answer (default 32 MB)")
    sp.add_argument(
        "--max-memory",
        type=int,
        default=1024,
        metavar="MB",
        help="memory a query process may use beyond its resting size (default 1024 MB)",
    )
    sp.add_argument(
        "--per-client", type=int, default=2, metavar="N", help="queries in flight per client address (default 2)"
    )


def run_serve(args) -> int:
    import tempfile

    from kg.explorer.page import render_html
    from kg.sparql.serve import make_server, shutdown
    from kg.sparql.stores import open_store, save_store

    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        if args.store:
            store_dir = args.store
            g = open_store(store_dir)
        else:
            from kg.cli.compiled import compiled_graph
            from kg.graph.knowledge import load

            g = compiled_graph(args) or load(args.data, min_confidence=args.min_confidence, encoding=args.encoding)
            on_disk = g.query_store_dir()  # a compiled graph's store
            store_dir = str(on_disk) if on_disk is not None else str(Path(tmp) / "store")
            if on_disk is None:
                save_store(g, store_dir)
        html = render_html(g.nx, g.ontology, g.sources)
        check_limits(args)
        try:
            server = make_server(
                store_dir,
                host=args.host,
                port=args.port,
                html=html.encode("utf-8"),
                workers=args.workers,
                slow_workers=args.slow_workers,
                timeout=args.timeout,
                fast_budget=args.fast_budget,
                max_rows=args.max_rows,
                max_bytes=int(args.max_mb * 2**20),
                max_memory_mb=args.max_memory,
                per_client=args.per_client,
                quiet=False,
            )
        except OSError as exc:
            raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
        host, port = server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        print(
            f"kg: SPARQL endpoint at http://{host}:{port}/sparql (read-only, {args.timeout:g} s per query, "
            f"at most {args.max_rows} rows); the graph at http://{host}:{port}/ — Ctrl-C stops.",
            flush=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            shutdown(server)
    return 0


def check_limits(args) -> None:
    for flag, value, least in (
        ("--workers", args.workers, 1),
        ("--slow-workers", args.slow_workers, 0),
        ("--timeout", args.timeout, 0.001),
        ("--fast-budget", args.fast_budget, 0.001),
        ("--max-rows", args.max_rows, 1),
        ("--max-mb", args.max_mb, 0.001),
        ("--max-memory", args.max_memory, 0),
        ("--per-client", args.per_client, 1),
    ):
        if not value >= least:
            raise UsageError(f"{flag} must be at least {least:g} (got {value:g})")


COMMANDS = (
    Command("serve", "a read-only SPARQL 1.1 endpoint at /sparql and the HTML graph at /", serve_arguments, run_serve),
)
