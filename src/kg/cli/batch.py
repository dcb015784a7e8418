"""Batch mode of ``kg owners|holdings|control|show --input FILE``: the graph loaded once, every entity answered.

The loop is the library's (:func:`kg.api.batch.answers` over :class:`kg.api.Graph`); this module only picks the
question the command's options ask and writes each answer as soon as it is computed:

* ``jsonl``: one JSON object a line, ``{"line": N, "input": "…", "result": {…}}``, ``result`` being exactly what
  the command prints with ``--format json`` for that entity;
* ``json``: the same objects as one JSON array (written as they come);
* ``csv``: one header, then the rows of each answer's DataFrame (:mod:`kg.api.frames`, :mod:`kg.api.tables`) after
  ``line`` and ``input``; lists joined with ``|``; cells neutralised for spreadsheets (:mod:`kg.untrusted`);
* ``table``: each answer as the command prints it, one after another.

A bad entity is one line on standard error naming the input line; the exit status is 1 when any failed.
"""

from __future__ import annotations

import csv
import json
import numbers
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kg.errors import UsageError
from kg.schema.vocab import VOTING
from kg.untrusted import json_text, spreadsheet_cell

BATCH_FORMATS = ("table", "json", "jsonl", "csv")


@dataclass(frozen=True)
class Question:
    """What a command asks of each entity, and the three ways its answer is written."""

    ask: Callable[[str], Any]  # entity (id or name) → typed result
    as_json: Callable[[Any], Any]
    as_text: Callable[[Any], None]
    as_frame: Callable[[Any], Any]
    columns: list[str]  # the CSV header after line and input


def assumptions(args) -> dict[tuple[str, str], str]:
    from kg.ownership.stake import parse_assumption

    return {(holder, held): rng for holder, held, rng in map(parse_assumption, args.assume)}


def question(command: str, args, g) -> Question:
    """The question ``command`` asks with ``args``'s options, of the API graph ``g``."""
    from kg.api import frames, tables

    if command == "show":
        from kg.graph.show import entity_report, print_report

        onto = g.kg.ontology
        statement_columns = [*tables.STATEMENT_ENDS, *tables.kinds(onto, "relations"), *tables.STATEMENT_TAIL]
        return Question(
            lambda ref: entity_report(g.kg, ref),
            lambda report: report,
            lambda report: print_report(report, g.kg),
            lambda report: tables.statements_frame(g.kg, report["entity"]["id"]),
            list(dict.fromkeys(statement_columns)),
        )
    from kg.ownership import report

    view = {"unknown": args.unknown, "assume": assumptions(args)}
    g.ownership(args.as_of, check=True, **view)  # options checked once, before any entity
    explain = args.explain
    if command == "owners" and args.beneficial:
        threshold = args.threshold
        return Question(
            lambda ref: g.beneficial_result(ref, threshold, args.as_of, **view),
            lambda res: res.as_dict(),
            lambda res: report.print_beneficial(res, explain=explain),
            frames.beneficial_frame,
            list(frames.COLUMNS["beneficial"]),
        )
    if command == "control" or getattr(args, "track", None) == VOTING:
        threshold = getattr(args, "threshold", 50.0)
        return Question(
            lambda ref: g.control_result(ref, threshold, args.as_of, **view),
            lambda res: res.as_dict(),
            lambda res: report.print_control(res, explain=explain),
            frames.control_frame,
            list(frames.COLUMNS["control"]),
        )
    if command == "owners":
        return Question(
            lambda ref: g.owners_result(
                ref, args.as_of, direct=args.direct, min_share=args.min, explain=explain, **view
            ),
            lambda res: report.with_note(res, "owners", "holder"),
            lambda res: report.print_owners(res, explain=explain),
            frames.owners_frame,
            list(frames.COLUMNS["owners"]),
        )
    return Question(
        lambda ref: g.holdings_result(ref, args.as_of, min_share=args.min, explain=explain, **view),
        lambda res: report.with_note(res, "holdings", "holding"),
        lambda res: report.print_holdings(res, explain=explain),
        frames.holdings_frame,
        list(frames.COLUMNS["holdings"]),
    )


def run_batch(args, command: str) -> int:
    """Answer every entity of ``--input`` (or the one entity given) in the format asked; 1 if any failed."""
    from kg.api import Graph
    from kg.api.batch import Answer, answers, entity_lines
    from kg.cli.common import graph

    if args.input and args.entity:
        raise UsageError("give an entity or --input FILE, not both")
    if not args.input and not args.entity:
        raise UsageError("give an entity, or --input FILE (one entity a line; - for standard input)")
    lines = entity_lines(args.input) if args.input else iter([(1, args.entity)])
    shown = "-" if args.input == "-" else (args.input or "argument")
    q = question(command, args, Graph(graph(args)))
    write = WRITERS[args.format](q)
    failed = 0
    for item in answers(lines, q.ask):
        if isinstance(item, Answer):
            write(item)
        else:
            failed += 1
            print(f"kg: {item.message(shown)}", file=sys.stderr, flush=True)
    write(None)
    return 1 if failed else 0


def _json(value: Any, indent: int | None = None) -> str:
    return json_text(json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=True, default=str))


def _jsonl(q: Question):
    def write(item) -> None:
        if item is not None:
            line = {"line": item.line, "input": item.entity, "result": q.as_json(item.result)}
            sys.stdout.write(_json(line) + "\n")
            sys.stdout.flush()

    return write


def _json_array(q: Question):
    first = True

    def write(item) -> None:
        nonlocal first
        if item is None:
            sys.stdout.write("[]\n" if first else "\n]\n")
            return
        line = {"line": item.line, "input": item.entity, "result": q.as_json(item.result)}
        text = "\n".join("  " + t for t in _json(line, 2).splitlines())
        sys.stdout.write(("[\n" if first else ",\n") + text)
        sys.stdout.flush()
        first = False

    return write


def _table(q: Question):
    first = True

    def write(item) -> None:
        nonlocal first
        if item is not None:
            if not first:
                sys.stdout.write("\n")
            q.as_text(item.result)
            sys.stdout.flush()
            first = False

    return write


def csv_cell(value: Any) -> str:
    """A DataFrame value as one CSV cell: lists joined with ``|``, missing as empty, text safe for a spreadsheet."""
    if isinstance(value, tuple | list):
        return spreadsheet_cell("|".join(str(v) for v in value))
    if value is None or _missing(value):
        return ""
    if isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b":  # numpy's bool_ too
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return spreadsheet_cell(str(value))


def _missing(value: Any) -> bool:
    """NaN, NaT or pandas' NA."""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _csv(q: Question):
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["line", "input", *q.columns])

    def write(item) -> None:
        if item is not None:
            df = q.as_frame(item.result)
            for record in df[q.columns].itertuples(index=False, name=None):
                out.writerow([item.line, csv_cell(item.entity), *(csv_cell(v) for v in record)])
            sys.stdout.flush()

    return write


WRITERS: dict[str, Callable[[Question], Callable[[Any], None]]] = {
    "jsonl": _jsonl,
    "json": _json_array,
    "csv": _csv,
    "table": _table,
}
