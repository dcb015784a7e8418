"""``kg search`` (find entities by any name) and ``kg show`` (every statement about one entity)."""

from __future__ import annotations

import sys

from kg.cli.batch import BATCH_FORMATS, run_batch
from kg.cli.common import Command, graph, print_json, print_table
from kg.cli.options import data_options, format_option, input_option
from kg.errors import UsageError


def search_arguments(sp) -> None:
    sp.add_argument("text")
    sp.add_argument("--limit", type=int, default=20)
    format_option(sp)
    data_options(sp, compiled=True)


def run_search(args) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    g = graph(args)
    matches = g.search(args.text, limit=args.limit)
    if args.format == "json":
        print_json([m.as_dict() for m in matches])
        return 0 if matches else 1
    if not matches:
        print(f"kg: no entity matches '{args.text}'", file=sys.stderr)
        return 1
    print_table(["id", "name", "type", "matched"], [[m.id, m.label, m.type, m.matched] for m in matches])
    return 0


def show_arguments(sp) -> None:
    sp.add_argument("entity", nargs="?", help="an id or any unambiguous name")
    input_option(sp)
    format_option(sp, BATCH_FORMATS)
    data_options(sp, compiled=True)


def run_show(args) -> int:
    if args.input or args.format not in ("table", "json") or not args.entity:
        return run_batch(args, "show")
    from kg.graph.show import entity_report, print_report

    g = graph(args)
    report = entity_report(g, args.entity)
    if args.format == "json":
        print_json(report)
    else:
        print_report(report, g)
    return 0


COMMANDS = (
    Command("search", "find entities by any name, alias or id (English or Chinese)", search_arguments, run_search),
    Command("show", "every statement about one entity, both directions, with sources", show_arguments, run_show),
)
