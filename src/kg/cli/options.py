"""Option groups shared by several ``kg`` commands, and the one ``--as-of`` date type.

A command module calls these instead of repeating the arguments, so that the same
option has the same name, default, help and checks in every command.
"""

from __future__ import annotations

import argparse

from kg.ingest.dates import NotADate, partial_date
from kg.schema.vocab import CONFIDENCE, DEFAULT_MIN_CONFIDENCE

FORMATS = ("table", "json")


def as_of(text: str) -> str:
    """Every command's ``--as-of``: a real date, YYYY, YYYY-MM or YYYY-MM-DD (argparse makes it a usage error, exit 2)."""
    try:
        partial_date(text)
    except NotADate:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a real calendar date") from None
    return text


def as_of_option(sp: argparse.ArgumentParser, help: str) -> None:
    """``--as-of DATE`` with the one date parser; ``help`` says what the date is used for in this command."""
    sp.add_argument("--as-of", metavar="DATE", type=as_of, help=help)


def format_option(sp: argparse.ArgumentParser, choices: tuple[str, ...] = FORMATS) -> None:
    sp.add_argument("--format", choices=choices, default="table")


def data_options(sp: argparse.ArgumentParser, rdf: bool = True, compiled: bool = False) -> None:
    """Where the graph comes from: a dataset directory (and its encoding), or with ``rdf`` an RDF file,
    a store or an endpoint; with ``compiled`` (the read commands) a compiled graph; and the confidence floor."""
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
        endpoint_options(sp)
    if compiled:
        compiled_options(sp)
    sp.add_argument(
        "--min-confidence",
        default=DEFAULT_MIN_CONFIDENCE,
        choices=list(CONFIDENCE),
        help="leave out statements graded below this (default: low-medium, i.e. drop 'low')",
    )


def compiled_options(sp: argparse.ArgumentParser) -> None:
    """``--graph PATH`` (a compiled graph written by ``kg build``) and ``--no-rebuild``."""
    sp.add_argument(
        "--graph",
        dest="graph_dir",
        metavar="PATH",
        help="answer from this compiled graph (default: outputs/graph.kg when it exists and --data is the default)",
    )
    sp.add_argument(
        "--no-rebuild",
        action="store_true",
        help="refuse (exit 1) instead of rebuilding the compiled graph when the data changed since it was built",
    )


def endpoint_options(sp: argparse.ArgumentParser, required: bool = False) -> None:
    """A SPARQL endpoint to work against, and its credentials."""
    sp.add_argument(
        "--endpoint",
        metavar="URL",
        required=required,
        help="a SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB, QLever …) to work against",
    )
    sp.add_argument("--endpoint-graph", metavar="IRI", help="the graph to read at the endpoint (default-graph-uri)")
    sp.add_argument("--user", help="endpoint user name (or KG_ENDPOINT_USER)")
    sp.add_argument("--password", help="endpoint password (or KG_ENDPOINT_PASSWORD)")


def input_option(sp: argparse.ArgumentParser) -> None:
    """``--input FILE``: answer every entity in FILE (one a line, ``-`` for standard input) in one process."""
    sp.add_argument(
        "--input",
        metavar="FILE",
        help="answer every entity in FILE (one a line; - for standard input; blank lines and # comments skipped)",
    )


def ownership_options(sp: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    """The date, output, explanation and stake assumptions of the ownership commands, then the data options."""
    as_of_option(sp, "use the statements valid on this date (default: today)")
    format_option(sp, formats)
    sp.add_argument("--explain", action="store_true", help="show the paths, the arithmetic and the source of every hop")
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
    data_options(sp, compiled=True)
