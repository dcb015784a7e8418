"""Checks of one row that need more than one of its cells (shared by the CSV and the RDF readers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.ingest.hints import did_you_mean
from kg.ingest.records import Record
from kg.schema.specs import Ontology
from kg.schema.vocab import (
    HOLDS_SHARES_IN,
    SHARE_MAX,
    SHARE_MAX_EXCLUSIVE,
    SHARE_MIN,
    SHARE_MIN_EXCLUSIVE,
    STAKE_COLUMNS,
)

if TYPE_CHECKING:
    from kg.ingest.reader import Reader


def check_row(reader: Reader, file: str, rec: Record, shown: str, columns: dict[str, int]) -> None:
    """Checks that need more than one cell of the same row."""
    onto = reader.onto
    v = rec.values

    def err(column: str, message: str, hint: str = "") -> None:
        reader.error(shown, rec.line, columns.get(column, 0), message, hint)

    groups: dict[str, list[str]] = {}
    for col in onto.columns[file]:
        if col.required not in ("true", "false"):
            groups.setdefault(col.required, []).append(col.name)
    for names in groups.values():
        if not any(n in v for n in names):
            err(names[0], f"{' and '.join(names)} are both empty", f"give at least one of {', '.join(names)}")
    if file == "entities" and "type" in v and v["type"] not in onto.classes:
        err(
            "type",
            f"unknown type '{v['type']}'",
            did_you_mean(str(v["type"]), onto.classes) or f"use one of {', '.join(sorted(onto.classes))}",
        )
    if file == "facts" and "metric" in v and v["metric"] not in onto.metrics:
        err(
            "metric",
            f"unknown metric '{v['metric']}'",
            did_you_mean(str(v["metric"]), onto.metrics) or "declare it as a kg:Metric in ontology/metrics.ttl",
        )
    check_row_values(onto, file, v, err)


def check_row_values(onto: Ontology, file: str, values: dict, err) -> None:
    """The checks of one row that compare its typed values (shared by the CSV and the RDF readers).

    ``err(column, message, hint)`` reports a problem at a column.
    """
    if file == "relations":
        _check_relation_row(onto, values, err)
    elif file == "facts":
        _check_period(values, "period_start", "period_end", err, strict=False)


def _check_relation_row(onto: Ontology, v: dict, err) -> None:
    pred = v.get("predicate")
    spec = onto.relations.get(pred) if pred else None
    if pred and spec is None:
        err(
            "predicate",
            f"unknown predicate '{pred}'",
            did_you_mean(str(pred), onto.relations) or "see ontology/kg.ttl for the relations",
        )
    if spec is not None and spec.derived_only:
        err(
            "predicate",
            f"'{pred}' is computed by kg (kg build writes it as a derived statement)",
            "assert the direct holdings and controls; kg derives look-through stakes and controllers from them",
        )
    if spec is not None and not spec.stake_bearing:
        for col in STAKE_COLUMNS:
            if col in v:
                err(
                    col,
                    f"{col} is given but '{pred}' carries no stake",
                    f"use {HOLDS_SHARES_IN} (or another stake-bearing relation) or clear the cell",
                )
                break
    for flag, bound in ((SHARE_MIN_EXCLUSIVE, SHARE_MIN), (SHARE_MAX_EXCLUSIVE, SHARE_MAX)):
        if v.get(flag) and v.get(bound) is None:
            err(flag, f"{flag} is true but {bound} is empty", f"give {bound}, the bound it excludes, or clear {flag}")
    lo, hi, exact = v.get("share_min"), v.get("share_max"), v.get("share")
    if lo is not None and lo == hi and (v.get(SHARE_MIN_EXCLUSIVE) or v.get(SHARE_MAX_EXCLUSIVE)):
        err(
            SHARE_MIN,
            f"share_min and share_max are both {lo} and one is excluded, so no share fits",
            "correct a bound or clear the exclusive flag",
        )
    if lo is not None and hi is not None and lo > hi:
        err("share_min", f"share_min {lo} is greater than share_max {hi}", "swap them or correct one bound")
    elif exact is not None and ((lo is not None and exact < lo) or (hi is not None and exact > hi)):
        err(
            "share",
            f"share {exact} lies outside share_min..share_max ({lo if lo is not None else ''}..{hi if hi is not None else ''})",
            "give either an exact share or a range that contains it",
        )
    if v.get("subject") is not None and v.get("subject") == v.get("object"):
        err("object", f"subject and object are both '{v['subject']}'", "a relation links two different entities")
    if ("amount" in v) != ("currency" in v):
        missing = "currency" if "amount" in v else "amount"
        err(
            missing,
            f"{missing} is empty but {'amount' if missing == 'currency' else 'currency'} is given",
            "give amount and currency together",
        )
    _check_period(v, "start", "end", err, strict=True)


def _check_period(v: dict, start_col: str, end_col: str, err, strict: bool) -> None:
    start, end = v.get(start_col), v.get(end_col)
    if start is None or end is None:
        return
    if end.first_day < start.first_day or (strict and end.first_day == start.first_day and end.text == start.text):
        err(end_col, f"{end_col} {end} is not after {start_col} {start}", f"{end_col} must be later than {start_col}")
