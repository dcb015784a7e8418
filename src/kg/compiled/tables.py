"""The compiled graph's tables: rows from a built graph, typed Arrow columns, deterministic Parquet files.

Each table has typed columns for other tools (numbers as float64, lists as lists of strings, everything else as
strings, null where a value is absent) and an ``attrs`` column: the row's attributes as kg holds them (JSON, key
order and int/float kept), from which :mod:`kg.compiled.graph` rebuilds the same NetworkX projection, sources and
facts without parsing RDF.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ATTRS = "attrs"
TABLES = ("entities", "names", "statements", "sources", "facts", "derived")


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _column_type(values: Iterable) -> pa.DataType:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pa.float64()
    if present and all(isinstance(v, list | tuple) for v in present):
        return pa.list_(pa.string())
    return pa.string()


def _cell(value, kind: pa.DataType):
    if value is None:
        return None
    if kind == pa.float64():
        return float(value)
    if isinstance(kind, pa.ListType):
        return [str(v) for v in value]
    return str(value)


def table_of(rows: list[dict], lead: list[str], *, attrs: bool = True, keep_lead: bool = False) -> pa.Table:
    """A table of ``rows`` (dicts): the ``lead`` columns first, then every other key in sorted order, typed.

    With ``attrs``, the ``attrs`` column holds each row as JSON: without the ``lead`` keys, or whole with
    ``keep_lead`` (where the key order of the whole row is part of what kg shows).
    """
    keys = list(lead) + sorted({k for r in rows for k in r} - set(lead))
    columns, fields = [], []
    for key in keys:
        values = [r.get(key) for r in rows]
        kind = _column_type(values)
        columns.append(pa.array([_cell(v, kind) for v in values], type=kind))
        fields.append(pa.field(key, kind))
    if attrs:
        drop = () if keep_lead else lead
        columns.append(pa.array([_json({k: v for k, v in r.items() if k not in drop}) for r in rows], pa.string()))
        fields.append(pa.field(ATTRS, pa.string()))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def write_table(table: pa.Table, path: Path) -> None:
    """Parquet without timestamps or pandas metadata: the same table gives the same bytes."""
    pq.write_table(table, path, compression="zstd", write_statistics=True, store_schema=False)


def read_table(path: Path, columns: list[str] | None = None) -> pa.Table:
    """Some columns of one table (memory-mapped; ``ParquetFile`` rather than ``read_table``, which imports
    ``pyarrow.dataset``: 50 ms at every start)."""
    with pq.ParquetFile(path, memory_map=True) as fh:
        return fh.read(columns=columns)
