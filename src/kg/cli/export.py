"""``kg export FORMAT -o PATH``: one output format of the graph (:mod:`kg.exports.export`), from the compiled graph
when it is there and fresh, as every read command."""

from __future__ import annotations

import sys

from kg.cli.common import Command, graph
from kg.cli.options import data_options


def export_arguments(sp) -> None:
    # the list is not imported here: building the parser of every command must stay light (the writers are not)
    sp.add_argument(
        "format",
        metavar="FORMAT",
        help="bods, ftm, gexf, gexf-dynamic, graphml, neo4j, jsonld, ttl, html, focus, summary (kg build's short "
        "names), ntriples or csv; an unknown one lists them",
    )
    sp.add_argument(
        "-o", "--output", required=True, metavar="PATH", help="the file to write (atomically); - for standard output"
    )
    data_options(sp, compiled=True)


def run_export(args) -> int:
    from kg.exports.export import STDOUT, export, writer

    writer(args.format)  # an unknown format is a usage error before the graph is read
    g = graph(args)
    protect = (args.data,) if getattr(args, "data", None) else ()
    try:
        info = export(g, args.format, args.output, protect=protect)
    except OSError as exc:
        from kg.errors import UsageError

        raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if info["path"] != STDOUT:
        print(f"kg: wrote {info['path']} ({args.format}, {info['bytes']:,} bytes).", file=sys.stderr)
    return 0


COMMANDS = (
    Command(
        "export",
        "write the graph in one format (bods, ftm, gexf, graphml, neo4j, ntriples, jsonld, ttl, csv …) to a file or -",
        export_arguments,
        run_export,
    ),
)
