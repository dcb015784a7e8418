"""The ownership commands: ``kg path``, ``kg owners``, ``kg holdings`` and ``kg control``.

Each builds the graph's ownership view from the shared ownership options
(``--as-of``, ``--unknown``, ``--assume``) and prints the result as text or JSON.
"""

from __future__ import annotations

from kg.cli.batch import BATCH_FORMATS, run_batch
from kg.cli.common import Command, graph, print_json
from kg.cli.options import input_option, ownership_options
from kg.errors import NotFound, UsageError
from kg.schema.vocab import CONTROL_ROLE, ECONOMIC, VOTING


def questions(args):
    """The API graph the data options name, and the ownership options (``--as-of``, ``--unknown``, ``--assume``)."""
    from kg.api import Graph
    from kg.cli.batch import assumptions

    return Graph(graph(args)), {"as_of": args.as_of, "unknown": args.unknown, "assume": assumptions(args)}


def batch(args) -> bool:
    """Batch mode: ``--input``, a batch-only format, or no entity (which batch mode then asks for)."""
    return bool(args.input) or args.format not in ("table", "json") or not args.entity


def path_arguments(sp) -> None:
    sp.add_argument("source", metavar="FROM")
    sp.add_argument("target", metavar="TO")
    sp.add_argument("--max-hops", type=int, default=6)
    sp.add_argument("--max-paths", type=int, default=50)
    sp.add_argument("--track", choices=[ECONOMIC, CONTROL_ROLE, "any"], default=ECONOMIC)
    ownership_options(sp)


def run_path(args) -> int:
    from kg.ownership.report import print_paths

    if args.max_hops < 1 or args.max_paths < 1:
        raise UsageError("--max-hops and --max-paths must be at least 1")
    g, view = questions(args)
    res = g.paths_result(
        args.source, args.target, track=args.track, max_hops=args.max_hops, max_paths=args.max_paths, **view
    )
    if not res["paths"]:
        raise NotFound(
            f"no {args.track} ownership path from {res['from']['label']} to {res['to']['label']} "
            f"as of {res['as_of']} within {args.max_hops} hops"
        )
    print_json(res.as_dict()) if args.format == "json" else print_paths(res)
    return 0


def owners_arguments(sp) -> None:
    sp.add_argument("entity", nargs="?")
    input_option(sp)
    sp.add_argument("--direct", action="store_true", help="only the direct holders")
    sp.add_argument("--min", type=float, default=0.0, metavar="PCT", help="hide owners whose stake cannot reach PCT%%")
    sp.add_argument("--track", choices=[ECONOMIC, VOTING], default=ECONOMIC)
    sp.add_argument(
        "--beneficial",
        action="store_true",
        help="only the natural persons holding at least --threshold%% by shares, votes or control",
    )
    sp.add_argument("--threshold", type=float, default=25.0, metavar="PCT", help="with --beneficial (default 25)")
    ownership_options(sp, BATCH_FORMATS)


def run_owners(args) -> int:
    if batch(args):
        return run_batch(args, "owners")
    from kg.ownership.report import print_control, print_owners, with_note

    g, view = questions(args)
    if args.beneficial:
        from kg.ownership.report import print_beneficial

        ben = g.beneficial_result(args.entity, args.threshold, **view)
        print_json(ben.as_dict()) if args.format == "json" else print_beneficial(ben, explain=args.explain)
        return 0
    if args.track == VOTING:
        ctl = g.control_result(args.entity, 50.0, **view)
        print_json(ctl.as_dict()) if args.format == "json" else print_control(ctl, explain=args.explain)
        return 0
    res = g.owners_result(args.entity, direct=args.direct, min_share=args.min, explain=args.explain, **view)
    print_json(with_note(res, "owners", "holder")) if args.format == "json" else print_owners(res, explain=args.explain)
    return 0


def holdings_arguments(sp) -> None:
    sp.add_argument("entity", nargs="?")
    input_option(sp)
    sp.add_argument("--min", type=float, default=0.0, metavar="PCT")
    ownership_options(sp, BATCH_FORMATS)


def run_holdings(args) -> int:
    if batch(args):
        return run_batch(args, "holdings")
    from kg.ownership.report import print_holdings, with_note

    g, view = questions(args)
    res = g.holdings_result(args.entity, min_share=args.min, explain=args.explain, **view)
    if args.format == "json":
        print_json(with_note(res, "holdings", "holding"))
    else:
        print_holdings(res, explain=args.explain)
    return 0


def control_arguments(sp) -> None:
    sp.add_argument("entity", nargs="?")
    input_option(sp)
    sp.add_argument(
        "--threshold",
        type=float,
        default=50.0,
        metavar="PCT",
        help="50 = more than half the votes (default); 30 = the Takeovers Code's 30%% or more",
    )
    ownership_options(sp, BATCH_FORMATS)


def run_control(args) -> int:
    if batch(args):
        return run_batch(args, "control")
    from kg.ownership.report import print_control

    g, view = questions(args)
    res = g.control_result(args.entity, args.threshold, **view)
    print_json(res.as_dict()) if args.format == "json" else print_control(res, explain=args.explain)
    return 0


COMMANDS = (
    Command("path", "ownership / control chains from one entity down to another", path_arguments, run_path),
    Command("owners", "every owner of an entity with direct and look-through stakes", owners_arguments, run_owners),
    Command("holdings", "what an investor holds, directly and through its vehicles", holdings_arguments, run_holdings),
    Command(
        "control",
        "controlling shareholders and ultimate controllers, with the reasoning",
        control_arguments,
        run_control,
    ),
)
