"""What every command module shares: the :class:`Command` record it registers, the graph its
options point at, and the few ways a command prints (JSON, a table, the problems in the data)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

MAX_PROBLEMS_SHOWN = 100


@dataclass(frozen=True)
class Command:
    """One ``kg`` subcommand: its name, its one-line help, its arguments and what it does.

    ``arguments`` adds the options to the subparser; ``run`` gets the parsed arguments and
    returns the exit code (or raises a typed error from :mod:`kg.errors`).
    """

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def endpoint(args, **extra):
    """The endpoint of ``--endpoint``, with credentials from the options or the environment."""
    from kg.sparql.stores import Endpoint

    user = args.user if args.user is not None else os.environ.get("KG_ENDPOINT_USER")
    password = args.password if args.password is not None else os.environ.get("KG_ENDPOINT_PASSWORD")
    return Endpoint(args.endpoint, user=user, password=password, graph=getattr(args, "endpoint_graph", None), **extra)


def graph(args):
    """The graph the data options name: an endpoint, a store, an RDF file, a compiled graph or the dataset."""

    if getattr(args, "endpoint", None):
        from kg.sparql.stores import fetch_graph

        return fetch_graph(endpoint(args))
    if getattr(args, "store", None):
        from kg.sparql.stores import open_store

        return open_store(args.store)
    if getattr(args, "rdf", None):
        from kg.graph.knowledge import load_rdf

        return load_rdf(args.rdf)
    from kg.cli.compiled import compiled_graph

    compiled = compiled_graph(args)
    if compiled is not None:
        return compiled
    from kg.graph.knowledge import load

    return load(args.data, min_confidence=args.min_confidence, encoding=args.encoding)


def dataset_graph(args):
    """The graph of the dataset directory, or of ``--store`` when given (build, push, serve)."""
    if args.store:
        from kg.sparql.stores import open_store

        return open_store(args.store)
    from kg.graph.knowledge import load

    return load(args.data, min_confidence=args.min_confidence, encoding=args.encoding)


def print_json(value) -> None:
    from kg.untrusted import json_text

    sys.stdout.write(json_text(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)) + "\n")


def print_table(header: list[str], rows: list[list]) -> None:
    from kg.graph.show import table

    sys.stdout.write(table(header, rows))


def print_problems(problems) -> None:
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        print(problem.format(), file=sys.stderr)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        print(f"kg: … and {len(problems) - MAX_PROBLEMS_SHOWN} more problem(s) not shown.", file=sys.stderr)
