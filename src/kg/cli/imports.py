"""``kg import FORMAT PATH… --out DIR``: register files into a dataset folder to review and build."""

from __future__ import annotations

import sys

from kg.cli.common import Command
from kg.errors import UsageError


def import_arguments(sp) -> None:
    from kg.ingest.importers.registry import formats

    known = formats()
    sp.add_argument(
        "format",
        choices=sorted(known),
        metavar="FORMAT",
        help="; ".join(f"{f.name}: {f.summary}" for f in known.values()) or "none yet",
    )
    sp.add_argument("paths", nargs="+", metavar="PATH", help="the register file(s) to read (a printout's arguments)")
    sp.add_argument("--out", metavar="DIR", help="the dataset folder to write (replaced whole); required to import")
    flags = {flag.name: flag.help for f in known.values() for flag in f.flags}
    flags |= {printout.name: printout.help for f in known.values() for printout in f.printouts}
    for name, help in flags.items():
        sp.add_argument(f"--{name}", action="store_true", help=help)


def _options(fmt) -> list[tuple[str, str]]:
    """(option name, argparse key) of a format's flags and printouts."""
    return [(x.name, x.key) for x in fmt.flags] + [(x.name, x.key) for x in fmt.printouts]


def run_import(args) -> int:
    from kg.ingest.importers.registry import formats, import_register

    fmt = formats()[args.format]
    options = {f.key: True for f in fmt.flags if getattr(args, f.key, False)}
    own = _options(fmt)
    other = sorted(
        name for f in formats().values() for name, key in _options(f) if (name, key) not in own and getattr(args, key)
    )
    if other:
        raise UsageError(f"--{other[0]} is not an option of kg import {args.format}")
    for printout in fmt.printouts:
        if getattr(args, printout.key, False):
            sys.stdout.write(printout(args.paths))
            return 0
    if not args.out:
        raise UsageError(f"import {args.format} needs --out DIR: kg import FORMAT PATH… --out DIR")
    report = import_register(args.format, args.paths, args.out, **options)
    for line in report.get("warnings_listed", []):
        print(line, file=sys.stderr)
    if report.get("warnings", 0) > len(report.get("warnings_listed", [])):
        print(f"kg: … and {report['warnings'] - len(report['warnings_listed'])} more warning(s)", file=sys.stderr)
    rows = report["rows"]
    print(
        f"kg: imported {rows.get('entities', 0)} entities, {rows.get('relations', 0)} relations, "
        f"{rows.get('facts', 0)} facts from {rows.get('sources', 0)} sources into {args.out}/"
    )
    print(f"kg: review the CSVs, then: kg build --data {args.out}")
    return 0


COMMANDS = [
    Command("import", "read register files (BODS, GLEIF …) into a dataset folder", import_arguments, run_import)
]
