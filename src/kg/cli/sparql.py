"""The SPARQL commands: ``kg query`` (named or given queries), ``kg push`` (to a store) and
``kg serve`` (a read-only endpoint with the HTML graph)."""

from __future__ import annotations

import sys

from kg.cli.common import Command, dataset_graph, endpoint, graph, print_json, print_table
from kg.cli.options import data_options, endpoint_options, format_option
from kg.errors import UsageError

QUERY_FORMATS = ("table", "json", "csv", "tsv", "xml", "ttl", "nt")


def query_arguments(sp) -> None:
    sp.add_argument(
        "query",
        nargs="?",
        metavar="NAME|QUERY|FILE|-",
        help="a named query, query text starting with SELECT, ASK, CONSTRUCT, DESCRIBE, PREFIX or BASE, "
        "a .rq file, or - (standard input)",
    )
    sp.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind a declared parameter (repeatable)"
    )
    format_option(sp, QUERY_FORMATS)
    sp.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    data_options(sp, compiled=True)


def run_query(args) -> int:
    from kg.sparql.query import as_rows, bind, load_query, named_queries, run
    from kg.sparql.results import write_result

    if args.list:
        return list_queries(args, named_queries())
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
        from kg.sparql.query import prefixes_header
        from kg.sparql.remote_names import RemoteNames
        from kg.sparql.stores import remote_select, with_values

        ep = endpoint(args)
        terms = bind(query, values, RemoteNames(ep).resolve) if (query.params or values) else {}
        result = remote_select(ep, with_values(prefixes_header() + query.text, terms))
    else:
        from kg.sparql.stores import query_dataset

        g = graph(args)
        terms = bind(query, values, g.resolve) if (query.params or values) else {}
        result = run(query_dataset(g), query.text, terms)
    if fmt == "table":
        import pyoxigraph as ox

        if isinstance(result, ox.QueryTriples):
            sys.stdout.write(write_result(result, "ttl").decode("utf-8"))
            return 0
        header, rows = as_rows(result)
        print_table(header, rows)
        print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", file=sys.stderr)
        return 0
    sys.stdout.buffer.write(write_result(result, fmt))
    return 0


def list_queries(args, queries) -> int:
    if args.format == "json":
        print_json([q.as_dict() for q in queries.values()])
        return 0
    for q in queries.values():
        params = " ".join(f"--param {p.name}=<{p.kind}>" for p in q.params)
        print(f"{q.name:<20} {q.title}\n{'':<20} {q.description}\n{'':<20} {params or '(no parameters)'}\n")
    return 0


def _stdin_query() -> str:
    """Standard input as query text, read no further than the query size cap."""
    from kg.sparql.query import MAX_QUERY_BYTES, decode_query

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream (tests, embedding): bounded all the same
        return decode_query(sys.stdin.read(MAX_QUERY_BYTES + 1).encode("utf-8"), "the query on standard input")
    return decode_query(stream.read(MAX_QUERY_BYTES + 1), "the query on standard input")


def push_arguments(sp) -> None:
    data_options(sp, rdf=False)
    sp.add_argument("--store", metavar="DIR", help="push a store written by `kg build --store` instead of building")
    endpoint_options(sp, required=True)
    sp.add_argument(
        "--graph", default="https://w3id.org/ai-capital-kg/graph", metavar="IRI", help="the named graph to (re)place"
    )
    sp.add_argument("--update", metavar="URL", help="SPARQL Update URL (default: the endpoint)")
    sp.add_argument("--gsp", metavar="URL", help="Graph Store Protocol URL (used instead of SPARQL Update when given)")


def run_push(args) -> int:
    from kg.sparql.stores import push

    info = push(dataset_graph(args), endpoint(args, update_url=args.update, gsp_url=args.gsp), args.graph)
    print(
        f"kg: pushed {info['triples_sent']} triples to <{info['graph']}> at {args.endpoint} by {info['method']}; "
        f"the graph now holds {info['triples_in_graph']}."
    )
    return 0


COMMANDS = (
    Command(
        "query",
        "run a named SPARQL query, query text, a .rq file, or - (standard input)",
        query_arguments,
        run_query,
    ),
    Command("push", "load the built graph into a SPARQL 1.1 store", push_arguments, run_push),
)
