"""The compiled graph's tables: rows from a built graph, typed Arrow columns, deterministic Parquet files.

Each table has typed columns for other tools (numbers as float64, lists as lists of strings, everything else as
strings, null where a value is absent) and an ``attrs`` column: the row's attributes as kg holds them (JSON, key
order and int/float kept), from which :mod:`kg.compiled.graph` rebuilds the same NetworkX projection, sources and
facts without parsing RDF.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq

ATTRS = "attrs"
TABLES = ("entities", "names", "identifiers", "statements", "sources", "facts", "derived")


def _column_type(values: Iterable) -> pa.DataType:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pa.bool_()
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pa.float64()
    if present and all(isinstance(v, list | tuple) for v in present):
        return pa.list_(pa.string())
    return pa.string()


def _cells(values: list, kind: pa.DataType) -> list:
    """A column's values as its Arrow type takes them (None stays None)."""
    if kind == pa.float64():
        return [None if v is None else float(v) for v in values]
    if kind == pa.bool_():
        return values
    if isinstance(kind, pa.ListType):
        return [None if v is None else [str(x) for x in v] for v in values]
    return [None if v is None else str(v) for v in values]


def table_of(rows: list[dict], lead: list[str], *, attrs: bool = True, keep_lead: bool = False) -> pa.Table:
    """A table of ``rows`` (dicts): the ``lead`` columns first, then every other key in sorted order, typed.

    With ``attrs``, the ``attrs`` column holds each row as JSON: without the ``lead`` keys, or whole with
    ``keep_lead`` (where the key order of the whole row is part of what kg shows).

    The columns are parsed by Arrow's JSON reader from one JSON line per row, against the schema decided
    here, rather than built with ``pa.array``: that call imports pandas (0.6 s) to check for pandas objects,
    which ``kg build`` would pay on every run. Each column is read and converted in one pass, and the rows are
    encoded in one call.
    """
    keys = list(lead) + sorted({k for r in rows for k in r} - set(lead))
    values = [[r.get(key) for r in rows] for key in keys]
    kinds = [_column_type(column) for column in values]
    names = [*keys, ATTRS] if attrs else keys
    types = [*kinds, pa.string()] if attrs else kinds
    if not rows:
        return pa.schema([pa.field(n, k) for n, k in zip(names, types, strict=True)]).empty_table()
    columns = [_cells(column, kind) for column, kind in zip(values, kinds, strict=True)]
    if attrs:
        drop = () if keep_lead else lead
        row_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        columns.append([row_json({k: v for k, v in r.items() if k not in drop}) for r in rows])
    fields = [f"c{i}" for i in range(len(columns))]
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    # one encoder call for the whole table, '[{"c0": …}, {"c0": …}]', cut into one object a line: '{"' cannot occur
    # inside a JSON string (a quote there is escaped) and no cell is an object, so '}, {"c0": ' is a row boundary.
    # (The text must stay as it is: Arrow's reader cuts it into blocks by size, which the Parquet pages follow.)
    text = encode([dict(zip(fields, cells, strict=True)) for cells in zip(*columns, strict=True)])
    text = text[1:-1].replace('}, {"c0": ', '}\n{"c0": ')
    schema = pa.schema([pa.field(f, k) for f, k in zip(fields, types, strict=True)])
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    table = pj.read_json(io.BytesIO(text.encode("utf-8")), parse_options=options)
    return table.rename_columns(names)


def write_table(table: pa.Table, path: Path) -> None:
    """Parquet without timestamps or pandas metadata: the same table gives the same bytes."""
    pq.write_table(table, path, compression="zstd", write_statistics=True, store_schema=False)


def read_table(path: Path, columns: list[str] | None = None) -> pa.Table:
    """Some columns of one table (memory-mapped; ``ParquetFile`` rather than ``read_table``, which imports
    ``pyarrow.dataset``: 50 ms at every start)."""
    with pq.ParquetFile(path, memory_map=True) as fh:
        return fh.read(columns=columns)
