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

    The columns are parsed by Arrow's JSON reader from one JSON line per row, against the schema decided
    here, rather than built with ``pa.array``: that call imports pandas (0.6 s) to check for pandas objects,
    which ``kg build`` would pay on every run.
    """
    keys = list(lead) + sorted({k for r in rows for k in r} - set(lead))
    kinds = [_column_type([r.get(key) for r in rows]) for key in keys]
    names = [*keys, ATTRS] if attrs else keys
    types = [*kinds, pa.string()] if attrs else kinds
    if not rows:
        return pa.schema([pa.field(n, k) for n, k in zip(names, types, strict=True)]).empty_table()
    drop = () if keep_lead else lead
    lines = []
    for r in rows:
        cells = [_cell(r.get(key), kind) for key, kind in zip(keys, kinds, strict=True)]
        if attrs:
            cells.append(_json({k: v for k, v in r.items() if k not in drop}))
        lines.append(json.dumps({f"c{i}": c for i, c in enumerate(cells)}, ensure_ascii=False, allow_nan=False))
    schema = pa.schema([pa.field(f"c{i}", k) for i, k in enumerate(types)])
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    table = pj.read_json(io.BytesIO("\n".join(lines).encode("utf-8")), parse_options=options)
    return table.rename_columns(names)


def write_table(table: pa.Table, path: Path) -> None:
    """Parquet without timestamps or pandas metadata: the same table gives the same bytes."""
    pq.write_table(table, path, compression="zstd", write_statistics=True, store_schema=False)


def read_table(path: Path, columns: list[str] | None = None) -> pa.Table:
    """Some columns of one table (memory-mapped; ``ParquetFile`` rather than ``read_table``, which imports
    ``pyarrow.dataset``: 50 ms at every start)."""
    with pq.ParquetFile(path, memory_map=True) as fh:
        return fh.read(columns=columns)
