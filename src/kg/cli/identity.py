"""``kg combine DIR… --out DIR`` (dataset folders into one, shared identifiers as sameAs statements) and
``kg same-as --candidates`` (entities whose names look alike, proposed for review, never merged)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from kg.cli.common import Command, graph, print_json, print_table
from kg.cli.options import data_options
from kg.errors import UsageError


def combine_arguments(sp) -> None:
    sp.add_argument("dirs", nargs="+", metavar="DIR", help="the dataset folders to combine (kg import's or your own)")
    sp.add_argument("--out", required=True, metavar="DIR", help="the dataset folder to write (replaced whole)")


def run_combine(args) -> int:
    from kg.ingest.combine import combine

    report = combine(args.dirs, args.out)
    rows = report["rows"]
    print(
        f"kg: combined {len(args.dirs)} folders: {rows.get('entities', 0)} entities, "
        f"{rows.get('relations', 0)} relations, {rows.get('facts', 0)} facts, {rows.get('sources', 0)} sources"
    )
    for merge in report.get("merges", []):
        print(f"kg: same as: {merge['subject']} = {merge['object']} (both carry {'; '.join(merge['identifiers'])})")
    print(f"kg: {len(report.get('merges', []))} merge(s), each a sameAs row in {args.out}/relations.csv")
    return 0


def same_as_arguments(sp) -> None:
    sp.add_argument("--candidates", action="store_true", help="list entities whose names look alike (required)")
    sp.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sp.add_argument(
        "--write",
        metavar="FILE",
        help="append the pairs as possiblySameAs rows (relations.csv columns) to this review file, never the dataset",
    )
    data_options(sp, compiled=True)


def run_same_as(args) -> int:
    if not args.candidates:
        raise UsageError("kg same-as needs --candidates (merges come from shared identifiers: kg combine)")
    from kg.graph.candidates import candidates, write_review

    g = graph(args)
    found, skipped = candidates(g.nx, g.ontology)
    if args.write:
        path = Path(args.write)
        if path.resolve().parent == Path(args.data).resolve() or path.name in ("relations.csv", "entities.csv"):
            raise UsageError("--write takes a review file outside the dataset: kg never adds proposals to the data")
        try:
            added = write_review(path, found, g.nx, g.ontology)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        print(f"kg: {added} pair(s) appended to {path}", file=sys.stderr)
    if skipped:
        print(f"kg: {skipped} name key(s) shared by too many entities to mean anything were skipped", file=sys.stderr)
    header = ["a", "a_label", "b", "b_label", "score", "keys"]
    rows = [[c.a, c.a_label, c.b, c.b_label, c.score, " ".join(c.keys)] for c in found]
    if args.format == "json":
        print_json([c.as_dict() for c in found])
    elif args.format == "csv":
        from kg.untrusted import spreadsheet_cell

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([[spreadsheet_cell(str(v)) for v in r] for r in rows])
    else:
        print_table(header, rows)
    return 0


COMMANDS = (
    Command(
        "combine",
        "combine dataset folders into one; records sharing an identifier become one entity",
        combine_arguments,
        run_combine,
    ),
    Command(
        "same-as",
        "entities whose names look alike (either Chinese script, pinyin): proposals to review",
        same_as_arguments,
        run_same_as,
    ),
)
