"""``kg render``: the interactive HTML explorer, of the whole graph or one entity's neighbourhood."""

from __future__ import annotations

import sys
from pathlib import Path

from kg.cli.common import Command, graph
from kg.cli.options import as_of_option, data_options
from kg.errors import UsageError


def render_arguments(sp) -> None:
    sp.add_argument(
        "--focus", metavar="ENTITY", help="start from this entity's ownership neighbourhood (an id or any name)"
    )
    sp.add_argument(
        "--depth",
        type=int,
        default=2,
        metavar="N",
        help="links up (holders) and down (holdings) from the focus shown at first (default 2)",
    )
    sp.add_argument(
        "--family",
        metavar="F1,F2",
        help="relation families shown at first, e.g. ownership,control "
        "(default: every family; ownership,control with --focus); the page can switch them",
    )
    as_of_option(sp, "the date shown at first (default: the latest date in the data)")
    sp.add_argument(
        "--lang", choices=["en", "zh"], default="en", help="labels in English or Chinese at first (default en)"
    )
    sp.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write (default outputs/graph.html, or outputs/ENTITY.html with --focus; - for standard output)",
    )
    data_options(sp, compiled=True)


def run_render(args) -> int:
    from kg.explorer.page import render_html
    from kg.exports.formats import write_atomically

    if args.depth < 0:
        raise UsageError("--depth must be 0 or more")
    families = [f.strip() for f in args.family.split(",") if f.strip()] if args.family is not None else None
    if families is not None and not families:
        raise UsageError("--family needs at least one family, e.g. ownership,control")
    g = graph(args)
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
        keys=g.name_keys(),  # a compiled graph's, computed at build
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


COMMANDS = (
    Command(
        "render",
        "write the interactive HTML explorer: the whole graph or one entity's neighbourhood",
        render_arguments,
        run_render,
    ),
)
