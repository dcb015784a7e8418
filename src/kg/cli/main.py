"""The ``kg`` command: a thin layer over the library.

The parser is assembled from the command modules (each lists its :class:`~kg.cli.common.Command`
records in ``COMMANDS``); this module only parses, dispatches, and turns the library's typed
errors into one message and an exit code.

Exit codes: 0 success, 1 bad data / not found, 2 usage error, 3 a bug in kg.
"""

from __future__ import annotations

import argparse
import os
import sys

from kg import __version__
from kg.cli import build, explore, export, identity, imports, lookup, ownership, serve, sparql
from kg.cli.common import Command, print_problems
from kg.errors import DataError, KGError, NotFound

GROUPS = (build, imports, identity, lookup, ownership, sparql, serve, explore, export)
# the order `kg --help` has always listed the commands in; a command not named here is listed after them
LISTED = ("build", "validate", "search", "show", "path", "owners", "holdings", "query", "push", "serve", "render")


def commands() -> dict[str, Command]:
    """Every command by name, in the order ``kg --help`` lists them."""
    found = {c.name: c for group in GROUPS for c in group.COMMANDS}
    order = {name: i for i, name in enumerate(LISTED)}
    return {name: found[name] for name in sorted(found, key=lambda n: order.get(n, len(order)))}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg", description="Build and explore a sourced knowledge graph of the AI capital ecosystem."
    )
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for command in commands().values():
        command.arguments(sub.add_parser(command.name, help=command.help))
    return p


def main(argv: list[str] | None = None) -> int:
    from kg.terminal import guarded

    with guarded():  # names from the data cannot drive the terminal, whatever prints them
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage
        return int(exc.code or 0)
    if not args.command:
        p.print_help(sys.stderr)
        return 2
    try:
        return commands()[args.command].run(args)
    except DataError as exc:
        print_problems(exc.problems)
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
