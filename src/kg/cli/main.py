"""The ``kg`` command: a thin layer over the library.

Exit codes: 0 success, 1 bad data / not found, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kg import __version__
from kg.errors import DataError, KGError, NotFound, UsageError

FORMATS = ("table", "json")


def _as_of(text: str) -> str:
    """Every command's ``--as-of``: a real date, YYYY, YYYY-MM or YYYY-MM-DD (argparse makes it a usage error, exit 2)."""
    from kg.ingest.dataset import NotADate, partial_date

    try:
        partial_date(text)
    except NotADate:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a real calendar date") from None
    return text


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg", description="Build and explore a sourced knowledge graph of the AI capital ecosystem."
    )
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def data_opts(sp, rdf: bool = True):
        sp.add_argument("--data", default="data", metavar="DIR", help="dataset directory (default: data)")
        sp.add_argument(
            "--encoding",
            metavar="ENC",
            help="encoding of those CSV files that are not UTF-8, e.g. gb18030, big5, utf-16, cp1252 "
            "(UTF-8 files, with or without a byte-order mark, are always read as UTF-8)",
        )
        if rdf:
            sp.add_argument(
                "--rdf", metavar="FILE", help="load a graph from RDF (Turtle, N-Triples, JSON-LD …) instead of CSV"
            )
            sp.add_argument("--store", metavar="DIR", help="use a store written by `kg build --store DIR` (no rebuild)")
            endpoint_opts(sp)
        sp.add_argument(
            "--min-confidence",
            default="low-medium",
            choices=["high", "medium-high", "medium", "low-medium", "low"],
            help="leave out statements graded below this (default: low-medium, i.e. drop 'low')",
        )

    def endpoint_opts(sp, required: bool = False):
        sp.add_argument(
            "--endpoint",
            metavar="URL",
            required=required,
            help="a SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB, QLever …) to work against",
        )
        sp.add_argument("--endpoint-graph", metavar="IRI", help="the graph to read at the endpoint (default-graph-uri)")
        sp.add_argument("--user", help="endpoint user name (or KG_ENDPOINT_USER)")
        sp.add_argument("--password", help="endpoint password (or KG_ENDPOINT_PASSWORD)")

    b = sub.add_parser("build", help="validate the dataset and write the graph to outputs/")
    data_opts(b, rdf=False)
    b.add_argument("--out", default="outputs", metavar="DIR", help="output directory (default: outputs)")
    b.add_argument("--store", metavar="DIR", help="also keep a persistent Oxigraph store there for later commands")

    v = sub.add_parser("validate", help="check a dataset (or an RDF file) and list every problem")
    data_opts(v)

    s = sub.add_parser("search", help="find entities by any name, alias or id (English or Chinese)")
    s.add_argument("text")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--format", choices=FORMATS, default="table")
    data_opts(s)

    sh = sub.add_parser("show", help="every statement about one entity, both directions, with sources")
    sh.add_argument("entity", help="an id or any unambiguous name")
    sh.add_argument("--format", choices=FORMATS, default="table")
    data_opts(sh)

    def own_opts(sp):
        sp.add_argument(
            "--as-of", metavar="DATE", type=_as_of, help="use the statements valid on this date (default: today)"
        )
        sp.add_argument("--format", choices=FORMATS, default="table")
        sp.add_argument(
            "--explain", action="store_true", help="show the paths, the arithmetic and the source of every hop"
        )
        sp.add_argument(
            "--unknown",
            default="0-100",
            metavar="RANGE",
            help="stake assumed where none is stated, e.g. 0-100 (default) or 50-100",
        )
        sp.add_argument(
            "--assume",
            action="append",
            default=[],
            metavar="HOLDER:HELD=RANGE",
            help="tighten one stake, e.g. ant_group:shanghai_yunya=100 (repeatable)",
        )
        data_opts(sp)

    pa = sub.add_parser("path", help="ownership / control chains from one entity down to another")
    pa.add_argument("source", metavar="FROM")
    pa.add_argument("target", metavar="TO")
    pa.add_argument("--max-hops", type=int, default=6)
    pa.add_argument("--max-paths", type=int, default=50)
    pa.add_argument("--track", choices=["economic", "control", "any"], default="economic")
    own_opts(pa)

    ow = sub.add_parser("owners", help="every owner of an entity with direct and look-through stakes")
    ow.add_argument("entity")
    ow.add_argument("--direct", action="store_true", help="only the direct holders")
    ow.add_argument("--min", type=float, default=0.0, metavar="PCT", help="hide owners whose stake cannot reach PCT%%")
    ow.add_argument("--track", choices=["economic", "voting"], default="economic")
    own_opts(ow)

    ho = sub.add_parser("holdings", help="what an investor holds, directly and through its vehicles")
    ho.add_argument("entity")
    ho.add_argument("--min", type=float, default=0.0, metavar="PCT")
    own_opts(ho)

    q = sub.add_parser("query", help="run a named SPARQL query, query text, a .rq file, or - (standard input)")
    q.add_argument(
        "query",
        nargs="?",
        metavar="NAME|QUERY|FILE|-",
        help="a named query, query text starting with SELECT, ASK, CONSTRUCT, DESCRIBE, PREFIX or BASE, "
        "a .rq file, or - (standard input)",
    )
    q.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind a declared parameter (repeatable)"
    )
    q.add_argument("--format", choices=["table", "json", "csv", "tsv", "xml", "ttl", "nt"], default="table")
    q.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    data_opts(q)

    pu = sub.add_parser("push", help="load the built graph into a SPARQL 1.1 store")
    data_opts(pu, rdf=False)
    pu.add_argument("--store", metavar="DIR", help="push a store written by `kg build --store` instead of building")
    endpoint_opts(pu, required=True)
    pu.add_argument(
        "--graph", default="https://w3id.org/ai-capital-kg/graph", metavar="IRI", help="the named graph to (re)place"
    )
    pu.add_argument("--update", metavar="URL", help="SPARQL Update URL (default: the endpoint)")
    pu.add_argument("--gsp", metavar="URL", help="Graph Store Protocol URL (used instead of SPARQL Update when given)")

    se = sub.add_parser("serve", help="a read-only SPARQL 1.1 endpoint at /sparql and the HTML graph at /")
    data_opts(se, rdf=False)
    se.add_argument("--store", metavar="DIR", help="serve a store written by `kg build --store` (no rebuild)")
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    se.add_argument("--port", type=int, default=8000)
    se.add_argument("--workers", type=int, default=2, help="query processes for quick queries (default 2)")
    se.add_argument(
        "--slow-workers",
        type=int,
        default=2,
        metavar="N",
        help="more processes, at idle CPU priority, for queries that outlive --fast-budget (default 2)",
    )
    se.add_argument(
        "--fast-budget",
        type=float,
        default=0.25,
        metavar="SECONDS",
        help="time a query may hold a quick-query process before it moves to the slow lane (default 0.25)",
    )
    se.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="time limit per query (default 10)")
    se.add_argument("--max-rows", type=int, default=100_000, help="result cap per query (default 100000)")
    se.add_argument("--max-mb", type=float, default=32, metavar="MB", help="size cap of one answer (default 32 MB)")
    se.add_argument(
        "--max-memory",
        type=int,
        default=1024,
        metavar="MB",
        help="memory a query process may use beyond its resting size (default 1024 MB)",
    )
    se.add_argument(
        "--per-client", type=int, default=2, metavar="N", help="queries in flight per client address (default 2)"
    )

    rn = sub.add_parser(
        "render", help="write the interactive HTML explorer: the whole graph or one entity's neighbourhood"
    )
    rn.add_argument(
        "--focus", metavar="ENTITY", help="start from this entity's ownership neighbourhood (an id or any name)"
    )
    rn.add_argument(
        "--depth",
        type=int,
        default=2,
        metavar="N",
        help="links up (holders) and down (holdings) from the focus shown at first (default 2)",
    )
    rn.add_argument(
        "--family",
        metavar="F1,F2",
        help="relation families shown at first, e.g. ownership,control "
        "(default: every family; ownership,control with --focus); the page can switch them",
    )
    rn.add_argument(
        "--as-of", metavar="DATE", type=_as_of, help="the date shown at first (default: the latest date in the data)"
    )
    rn.add_argument(
        "--lang", choices=["en", "zh"], default="en", help="labels in English or Chinese at first (default en)"
    )
    rn.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write (default outputs/graph.html, or outputs/ENTITY.html with --focus; - for standard output)",
    )
    data_opts(rn)

    co = sub.add_parser("control", help="controlling shareholders and ultimate controllers, with the reasoning")
    co.add_argument("entity")
    co.add_argument(
        "--threshold",
        type=float,
        default=50.0,
        metavar="PCT",
        help="50 = more than half the votes (default); 30 = the Takeovers Code's 30%% or more",
    )
    own_opts(co)
    return p


def main(argv: list[str] | None = None) -> int:
    from kg.terminal import guarded

    with guarded():  # names from the data cannot drive the terminal, whatever prints them
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        _print_problems(exc.problems)
        n = sum(1 for p in exc.problems if p.severity == "error")
        print(f"kg: {n} error(s) in the data; nothing was written.", file=sys.stderr)
        return 1
    except NotFound as exc:
        print(f"kg: {exc}", file=sys.stderr)
        if exc.candidates:
            print("candidates:", file=sys.stderr)
            for ident, label in exc.candidates:
                print(f"  {ident}\t{label}", file=sys.stderr)
        return 1
    except KGError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in kg: say so without a wall of traceback
        if os.environ.get("KG_DEBUG"):
            raise
        print(f"kg: internal error: {type(exc).__name__}: {exc} (set KG_DEBUG=1 for a traceback)", file=sys.stderr)
        return 3


MAX_PROBLEMS_SHOWN = 100


def _print_problems(problems) -> None:
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        print(problem.format(), file=sys.stderr)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        print(f"kg: … and {len(problems) - MAX_PROBLEMS_SHOWN} more problem(s) not shown.", file=sys.stderr)


def _endpoint(args, **extra):
    from kg.sparql.stores import Endpoint

    user = args.user if args.user is not None else os.environ.get("KG_ENDPOINT_USER")
    password = args.password if args.password is not None else os.environ.get("KG_ENDPOINT_PASSWORD")
    return Endpoint(args.endpoint, user=user, password=password, graph=getattr(args, "endpoint_graph", None), **extra)


def _graph(args):
    from kg.graph.knowledge import load, load_rdf

    if getattr(args, "endpoint", None):
        from kg.sparql.stores import fetch_graph

        return fetch_graph(_endpoint(args))
    if getattr(args, "store", None):
        from kg.sparql.stores import open_store

        return open_store(args.store)
    if getattr(args, "rdf", None):
        return load_rdf(args.rdf)
    return load(args.data, min_confidence=args.min_confidence, encoding=args.encoding)


def _json(value) -> None:
    from kg.untrusted import json_text

    sys.stdout.write(json_text(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)) + "\n")


def cmd_build(args) -> int:
    from kg.exports.outputs import build_outputs

    result = build_outputs(
        args.data, args.out, min_confidence=args.min_confidence, store=args.store, encoding=args.encoding
    )
    for w in result["warnings"]:
        print(w, file=sys.stderr)
    print(
        f"kg: built {result['entities']} entities, {result['statements']} statements, "
        f"{result['observations']} facts from {result['sources']} sources ({result['triples']} triples)."
    )
    d = result.get("derived") or {}
    if d.get("as_of"):
        print(
            f"kg: computed {d['look_through']} look-through stakes and {d['controllers']} ultimate controllers "
            f"as of {d['as_of']} (kg:DerivedStatement in the graph)."
        )
    if result["left_out"]:
        print(
            f"kg: left out {len(result['left_out'])} low-confidence row(s) (use --min-confidence low to include them)."
        )
    print(f"kg: wrote {len(result['written'])} files to {result['out']}/:")
    for path, what in result["written"]:
        print(f"  {path:<28} {what}")
    if result.get("store"):
        print(f"kg: kept a store of {result['store']['triples']} triples in {args.store}/ (use --store {args.store}).")
    print(f"kg: open {result['out']}/graph.html in a browser, or read {result['out']}/summary.md.")
    return 0


def cmd_validate(args) -> int:
    from kg.graph.shacl import validate_graph

    if args.rdf:
        from kg.graph.knowledge import load_rdf

        g = load_rdf(args.rdf)
        problems = validate_graph(g.rdf, g.ontology, args.rdf)
        warnings: list = []
    else:
        from kg.graph.knowledge import load

        g = load(args.data, min_confidence="low", encoding=args.encoding)
        warnings = g.dataset.warnings if g.dataset else []
        problems = validate_graph(g.rdf, g.ontology, args.data)
    _print_problems([*warnings, *problems])
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"kg: {len(errors)} error(s).", file=sys.stderr)
        return 1
    what = args.rdf or args.data
    print(
        f"kg: {what} is valid: {g.nx.number_of_nodes()} entities, {g.nx.number_of_edges()} statements"
        + (f", {len(warnings)} warning(s)." if warnings else ".")
    )
    return 0


def cmd_search(args) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    g = _graph(args)
    matches = g.search(args.text, limit=args.limit)
    if args.format == "json":
        _json([m.as_dict() for m in matches])
        return 0 if matches else 1
    if not matches:
        print(f"kg: no entity matches '{args.text}'", file=sys.stderr)
        return 1
    _table(["id", "name", "type", "matched"], [[m.id, m.label, m.type, m.matched] for m in matches])
    return 0


def cmd_show(args) -> int:
    from kg.graph.show import entity_report, print_report

    g = _graph(args)
    report = entity_report(g, args.entity)
    if args.format == "json":
        _json(report)
    else:
        print_report(report, g)
    return 0


def _table(header: list[str], rows: list[list]) -> None:
    from kg.graph.show import table

    sys.stdout.write(table(header, rows))


def _ownership(args, g):
    from kg.ownership.engine import Ownership
    from kg.ownership.stake import parse_range

    assume = {}
    for item in args.assume:
        pair, sep, rng = item.partition("=")
        holder, colon, held = pair.partition(":")
        if not sep or not colon:
            raise UsageError(f"--assume '{item}' should look like HOLDER:HELD=PCT or HOLDER:HELD=LOW-HIGH")
        assume[(g.resolve(holder), g.resolve(held))] = parse_range(rng)
    return Ownership(
        g.nx, g.ontology, as_of=args.as_of, unknown=parse_range(args.unknown), assume=assume, sources=g.sources
    )


def cmd_path(args) -> int:
    from kg.ownership.report import print_paths

    g = _graph(args)
    own = _ownership(args, g)
    if args.max_hops < 1 or args.max_paths < 1:
        raise UsageError("--max-hops and --max-paths must be at least 1")
    res = own.paths(
        g.resolve(args.source),
        g.resolve(args.target),
        track=args.track,
        max_hops=args.max_hops,
        max_paths=args.max_paths,
    )
    if not res["paths"]:
        raise NotFound(
            f"no {args.track} ownership path from {res['from']['label']} to {res['to']['label']} "
            f"as of {res['as_of']} within {args.max_hops} hops"
        )
    _json(res.as_dict()) if args.format == "json" else print_paths(res)
    return 0


def cmd_owners(args) -> int:
    from kg.ownership.report import print_owners, with_note

    g = _graph(args)
    own = _ownership(args, g)
    target = g.resolve(args.entity)
    if args.track == "voting":
        res = own.control(target, threshold=50.0)
        _json(res.as_dict()) if args.format == "json" else __import__(
            "kg.ownership.report", fromlist=["x"]
        ).print_control(res, explain=args.explain)
        return 0
    res = own.owners(target, direct_only=args.direct, min_share=args.min, explain=args.explain)
    _json(with_note(res, "owners", "holder")) if args.format == "json" else print_owners(res, explain=args.explain)
    return 0


def cmd_holdings(args) -> int:
    from kg.ownership.report import print_holdings, with_note

    g = _graph(args)
    own = _ownership(args, g)
    res = own.holdings(g.resolve(args.entity), min_share=args.min, explain=args.explain)
    _json(with_note(res, "holdings", "holding")) if args.format == "json" else print_holdings(res, explain=args.explain)
    return 0


def cmd_control(args) -> int:
    from kg.ownership.report import print_control

    g = _graph(args)
    own = _ownership(args, g)
    res = own.control(g.resolve(args.entity), threshold=args.threshold)
    _json(res.as_dict()) if args.format == "json" else print_control(res, explain=args.explain)
    return 0


def cmd_query(args) -> int:
    from kg.sparql.query import as_rows, bind, load_query, named_queries, run, serialize

    if args.list:
        if args.format == "json":
            _json([q.as_dict() for q in named_queries().values()])
            return 0
        for q in named_queries().values():
            params = " ".join(f"--param {p.name}=<{p.kind}>" for p in q.params)
            print(f"{q.name:<20} {q.title}\n{'':<20} {q.description}\n{'':<20} {params or '(no parameters)'}\n")
        return 0
    if not args.query:
        raise UsageError(
            "give a query: a name from `kg query --list`, query text ('SELECT …'), a .rq file, or - for standard input"
        )
    query = load_query(args.query, _stdin_query() if args.query == "-" else None)
    if not query.text.strip():
        raise UsageError("no query on standard input" if args.query == "-" else f"{args.query} is empty")
    values = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param '{item}' should look like NAME=VALUE")
        values[name] = value
    fmt = args.format
    if args.endpoint:
        from kg.sparql.remote_names import RemoteNames
        from kg.sparql.stores import remote_select, with_values

        ep = _endpoint(args)
        terms = bind(query, values, RemoteNames(ep).resolve) if (query.params or values) else {}
        result = remote_select(ep, with_values(_with_prefixes(query.text), terms))
    else:
        from kg.sparql.stores import query_dataset

        g = _graph(args)
        terms = bind(query, values, g.resolve) if (query.params or values) else {}
        result = run(query_dataset(g), query.text, terms)
    if fmt == "table":
        import pyoxigraph as ox

        if isinstance(result, ox.QueryTriples):
            sys.stdout.write(serialize(result, "ttl").decode("utf-8"))
            return 0
        header, rows = as_rows(result)
        _table(header, rows)
        print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", file=sys.stderr)
        return 0
    sys.stdout.buffer.write(serialize(result, fmt))
    return 0


def _stdin_query() -> str:
    """Standard input as query text, read no further than the query size cap."""
    from kg.sparql.query import MAX_QUERY_BYTES, decode_query

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream (tests, embedding): bounded all the same
        return decode_query(sys.stdin.read(MAX_QUERY_BYTES + 1).encode("utf-8"), "the query on standard input")
    return decode_query(stream.read(MAX_QUERY_BYTES + 1), "the query on standard input")


def _with_prefixes(text: str) -> str:
    from kg.sparql.query import prefixes_header

    return prefixes_header() + text


def cmd_push(args) -> int:
    from kg.sparql.stores import push

    if args.store:
        from kg.sparql.stores import open_store

        g = open_store(args.store)
    else:
        from kg.graph.knowledge import load

        g = load(args.data, min_confidence=args.min_confidence, encoding=args.encoding)
    info = push(g, _endpoint(args, update_url=args.update, gsp_url=args.gsp), args.graph)
    print(
        f"kg: pushed {info['triples_sent']} triples to <{info['graph']}> at {args.endpoint} by {info['method']}; "
        f"the graph now holds {info['triples_in_graph']}."
    )
    return 0


def cmd_serve(args) -> int:
    import tempfile

    from kg.explorer.render import render_html
    from kg.sparql.serve import make_server, shutdown
    from kg.sparql.stores import open_store, save_store

    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        if args.store:
            store_dir = args.store
            g = open_store(store_dir)
        else:
            from kg.graph.knowledge import load

            g = load(args.data, min_confidence=args.min_confidence, encoding=args.encoding)
            store_dir = str(Path(tmp) / "store")
            save_store(g, store_dir)
        html = render_html(g.nx, g.ontology, g.sources)
        _check_serve_limits(args)
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


def _check_serve_limits(args) -> None:
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


def cmd_render(args) -> int:
    from kg.explorer.render import render_html
    from kg.exports.formats import write_atomically

    if args.depth < 0:
        raise UsageError("--depth must be 0 or more")
    families = [f.strip() for f in args.family.split(",") if f.strip()] if args.family is not None else None
    if families is not None and not families:
        raise UsageError("--family needs at least one family, e.g. ownership,control")
    g = _graph(args)
    focus = g.resolve(args.focus) if args.focus else None
    label = g.nx.nodes[focus].get("label", focus) if focus else ""
    html = render_html(
        g.nx,
        g.ontology,
        g.sources,
        title=f"kg · {label}" if focus else "kg · AI capital graph",
        focus=focus,
        depth=args.depth,
        families=families,
        as_of=args.as_of,
        lang=args.lang,
    )
    if args.output == "-":
        sys.stdout.buffer.write(html.encode("utf-8"))  # a file, not text for the terminal
        return 0
    out = Path(args.output or Path("outputs") / (f"{focus}.html" if focus else "graph.html"))
    try:
        write_atomically({out: html.encode("utf-8")})
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    what = f"the neighbourhood of {label} [{focus}]" if focus else "the whole graph"
    print(
        f"kg: wrote {out}: {what}, {g.nx.number_of_nodes()} entities and {g.nx.number_of_edges()} statements "
        f"inside (works offline; open it in a browser)."
    )
    return 0


COMMANDS = {
    "build": cmd_build,
    "query": cmd_query,
    "push": cmd_push,
    "serve": cmd_serve,
    "validate": cmd_validate,
    "search": cmd_search,
    "show": cmd_show,
    "path": cmd_path,
    "owners": cmd_owners,
    "holdings": cmd_holdings,
    "control": cmd_control,
    "render": cmd_render,
}
