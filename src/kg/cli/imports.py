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
    sp.add_argument("paths", nargs="*", metavar="PATH", help="the register file(s) to read")
    sp.add_argument("--out", metavar="DIR", help="the dataset folder to write (replaced whole); required to import")
    flags = {flag.name: flag for f in known.values() for flag in f.flags}
    for flag in flags.values():
        sp.add_argument(f"--{flag.name}", action="store_true", help=flag.help)
    printouts = {p.name: p for f in known.values() for p in f.printouts}
    for printout in printouts.values():
        sp.add_argument(f"--{printout.name}", nargs="*", metavar="ARG", help=printout.help)


def run_import(args) -> int:
    from kg.ingest.importers.registry import formats, import_register

    fmt = formats()[args.format]
    options = {f.key: True for f in fmt.flags if getattr(args, f.key, False)}
    own = (*fmt.flags, *fmt.printouts)
    other = sorted(
        flag.name
        for f in formats().values()
        for flag in (*f.flags, *f.printouts)
        if flag not in own and getattr(args, flag.key) not in (None, False)
    )
    if other:
        raise UsageError(f"--{other[0]} is not an option of kg import {args.format}")
    for printout in fmt.printouts:
        if getattr(args, printout.key, None) is not None:
            sys.stdout.write(printout([*args.paths, *getattr(args, printout.key)]))
            return 0
    if not args.paths or not args.out:
        raise UsageError(
            f"import {args.format} needs the file(s) to read and --out DIR: kg import FORMAT PATH… --out DIR"
        )
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
