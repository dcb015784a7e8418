"""The ``kg`` command: a thin layer over the library.

Exit codes: 0 success, 1 bad data / not found, 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .errors import DataError, KGError, NotFound, UsageError

FORMATS = ("table", "json")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Build and explore a sourced knowledge graph of the AI capital ecosystem.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def data_opts(sp, rdf: bool = True):
        sp.add_argument("--data", default="data", metavar="DIR", help="dataset directory (default: data)")
        if rdf:
            sp.add_argument("--rdf", metavar="FILE", help="load a graph from RDF (Turtle, N-Triples, JSON-LD …) instead of CSV")
        sp.add_argument("--min-confidence", default="low-medium",
                        choices=["high", "medium-high", "medium", "low-medium", "low"],
                        help="leave out statements graded below this (default: low-medium, i.e. drop 'low')")

    b = sub.add_parser("build", help="validate the dataset and write the graph to outputs/")
    data_opts(b, rdf=False)
    b.add_argument("--out", default="outputs", metavar="DIR", help="output directory (default: outputs)")

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
        sp.add_argument("--as-of", metavar="DATE", help="use the statements valid on this date (default: today)")
        sp.add_argument("--format", choices=FORMATS, default="table")
        sp.add_argument("--explain", action="store_true", help="show the paths, the arithmetic and the source of every hop")
        sp.add_argument("--unknown", default="0-100", metavar="RANGE",
                        help="stake assumed where none is stated, e.g. 0-100 (default) or 50-100")
        sp.add_argument("--assume", action="append", default=[], metavar="HOLDER:HELD=RANGE",
                        help="tighten one stake, e.g. ant_group:shanghai_yunya=100 (repeatable)")
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

    co = sub.add_parser("control", help="controlling shareholders and ultimate controllers, with the reasoning")
    co.add_argument("entity")
    co.add_argument("--threshold", type=float, default=50.0, metavar="PCT",
                    help="50 = more than half the votes (default); 30 = the Takeovers Code's 30%% or more")
    own_opts(co)
    return p


def main(argv: list[str] | None = None) -> int:
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


def _graph(args):
    from .graph import load, load_rdf

    if getattr(args, "rdf", None):
        return load_rdf(args.rdf)
    return load(args.data, min_confidence=args.min_confidence)


def _json(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n")


def cmd_build(args) -> int:
    from .outputs import build_outputs

    result = build_outputs(args.data, args.out, min_confidence=args.min_confidence)
    for w in result["warnings"]:
        print(w, file=sys.stderr)
    print(f"kg: built {result['entities']} entities, {result['statements']} statements, "
          f"{result['observations']} facts from {result['sources']} sources ({result['triples']} triples).")
    d = result.get("derived") or {}
    if d.get("as_of"):
        print(f"kg: computed {d['look_through']} look-through stakes and {d['controllers']} ultimate controllers "
              f"as of {d['as_of']} (kg:DerivedStatement in the graph).")
    if result["left_out"]:
        print(f"kg: left out {len(result['left_out'])} low-confidence row(s) (use --min-confidence low to include them).")
    print(f"kg: wrote {len(result['written'])} files to {result['out']}/:")
    for path, what in result["written"]:
        print(f"  {path:<28} {what}")
    print(f"kg: open {result['out']}/graph.html in a browser, or read {result['out']}/summary.md.")
    return 0


def cmd_validate(args) -> int:
    from .shacl import validate_graph

    if args.rdf:
        from .graph import load_rdf

        g = load_rdf(args.rdf)
        problems = validate_graph(g.rdf, g.ontology, args.rdf)
        warnings = []
    else:
        from .graph import load

        g = load(args.data, min_confidence="low")
        warnings = g.dataset.warnings
        problems = validate_graph(g.rdf, g.ontology, args.data)
    _print_problems([*warnings, *problems])
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"kg: {len(errors)} error(s).", file=sys.stderr)
        return 1
    what = args.rdf or args.data
    print(f"kg: {what} is valid: {g.nx.number_of_nodes()} entities, {g.nx.number_of_edges()} statements"
          + (f", {len(warnings)} warning(s)." if warnings else "."))
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
    from .show import entity_report, print_report

    g = _graph(args)
    report = entity_report(g, args.entity)
    if args.format == "json":
        _json(report)
    else:
        print_report(report, g)
    return 0


def _table(header: list[str], rows: list[list]) -> None:
    from .show import table

    sys.stdout.write(table(header, rows))


def _ownership(args, g):
    from .ownership import Ownership, parse_range

    assume = {}
    for item in args.assume:
        pair, sep, rng = item.partition("=")
        holder, colon, held = pair.partition(":")
        if not sep or not colon:
            raise UsageError(f"--assume '{item}' should look like HOLDER:HELD=PCT or HOLDER:HELD=LOW-HIGH")
        assume[(g.resolve(holder), g.resolve(held))] = parse_range(rng)
    if args.as_of:
        from .dataset import DATE_RE

        if not DATE_RE.match(args.as_of):
            raise UsageError(f"--as-of '{args.as_of}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return Ownership(g.nx, g.ontology, as_of=args.as_of, unknown=parse_range(args.unknown), assume=assume,
                     sources=g.sources)


def cmd_path(args) -> int:
    from .ownership_report import print_paths

    g = _graph(args)
    own = _ownership(args, g)
    if args.max_hops < 1 or args.max_paths < 1:
        raise UsageError("--max-hops and --max-paths must be at least 1")
    res = own.paths(g.resolve(args.source), g.resolve(args.target), track=args.track,
                    max_hops=args.max_hops, max_paths=args.max_paths)
    if not res["paths"]:
        raise NotFound(f"no {args.track} ownership path from {res['from']['label']} to {res['to']['label']} "
                       f"as of {res['as_of']} within {args.max_hops} hops")
    _json(res) if args.format == "json" else print_paths(res)
    return 0


def cmd_owners(args) -> int:
    from .ownership_report import print_owners

    g = _graph(args)
    own = _ownership(args, g)
    target = g.resolve(args.entity)
    if args.track == "voting":
        res = own.control(target, threshold=50.0)
        _json(res) if args.format == "json" else __import__("kg.ownership_report", fromlist=["x"]).print_control(res, explain=args.explain)
        return 0
    res = own.owners(target, direct_only=args.direct, min_share=args.min, explain=args.explain)
    _json(res) if args.format == "json" else print_owners(res, explain=args.explain)
    return 0


def cmd_holdings(args) -> int:
    from .ownership_report import print_holdings

    g = _graph(args)
    own = _ownership(args, g)
    res = own.holdings(g.resolve(args.entity), min_share=args.min, explain=args.explain)
    _json(res) if args.format == "json" else print_holdings(res, explain=args.explain)
    return 0


def cmd_control(args) -> int:
    from .ownership_report import print_control

    g = _graph(args)
    own = _ownership(args, g)
    res = own.control(g.resolve(args.entity), threshold=args.threshold)
    _json(res) if args.format == "json" else print_control(res, explain=args.explain)
    return 0


COMMANDS = {"build": cmd_build, "validate": cmd_validate, "search": cmd_search, "show": cmd_show,
            "path": cmd_path, "owners": cmd_owners, "holdings": cmd_holdings, "control": cmd_control}
