"""``kg build`` (validate the dataset, write every output) and ``kg validate`` (list every problem)."""

from __future__ import annotations

import sys

from kg.cli.common import Command, print_problems
from kg.cli.options import data_options
from kg.schema.vocab import CONFIDENCE


def build_arguments(sp) -> None:
    data_options(sp, rdf=False)
    sp.add_argument("--out", default="outputs", metavar="DIR", help="output directory (default: outputs)")
    sp.add_argument("--store", metavar="DIR", help="also keep a persistent Oxigraph store there for later commands")
    sp.add_argument(
        "--outputs",
        metavar="LIST",
        help="the outputs to write, comma-separated file or short names (ttl, jsonld, graphml, gexf, html, focus, "
        "summary) or 'all' (default: all, except pages and files too big for the graph, which it says)",
    )


def run_build(args) -> int:
    from kg.exports.outputs import build_outputs

    result = build_outputs(
        args.data,
        args.out,
        min_confidence=args.min_confidence,
        store=args.store,
        encoding=args.encoding,
        outputs=args.outputs,
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
    for line in result["skipped"]:
        print(line)
    print(f"kg: wrote {len(result['written'])} files to {result['out']}/:")
    for path, what in result["written"]:
        print(f"  {path:<28} {what}")
    from kg.exports.registry import DIRECTORIES  # here, not at the top: read commands must not import the writers

    for folder in DIRECTORIES:
        print(f"  {folder.name + '/':<28} {folder.description}")
    if result.get("store"):
        print(f"kg: kept a store of {result['store']['triples']} triples in {args.store}/ (use --store {args.store}).")
    written = {path for path, _what in result["written"]}
    where = [f"open {result['out']}/graph.html in a browser"] if "graph.html" in written else []
    where += [f"read {result['out']}/summary.md"] if "summary.md" in written else []
    if where:
        print(f"kg: {', or '.join(where)}.")
    return 0


def run_validate(args) -> int:
    from kg.graph.knowledge import load, load_rdf
    from kg.graph.shacl import validate_graph

    if args.rdf:
        g = load_rdf(args.rdf)
        problems = validate_graph(g.rdf, g.ontology, args.rdf)
        warnings: list = []
    else:
        g = load(args.data, min_confidence=CONFIDENCE[-1], encoding=args.encoding)
        warnings = g.dataset.warnings if g.dataset else []
        problems = validate_graph(g.rdf, g.ontology, args.data)
    print_problems([*warnings, *problems])
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


COMMANDS = (
    Command("build", "validate the dataset and write the graph to outputs/", build_arguments, run_build),
    Command("validate", "check a dataset (or an RDF file) and list every problem", data_options, run_validate),
)
