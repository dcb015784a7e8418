"""Cells of a pyarrow table → the records :func:`kg.ingest.reader.read_file` builds, parsing each distinct value once.

Each column is dictionary-encoded; every distinct cell text goes through the exact path's own rule
(:func:`kg.ingest.cells.parse_cell`) once, and the typed values are mapped back to the rows with numpy.
Rows are grouped by which of their cells are non-empty, so each group's value dicts are built in one
``zip``. The row checks are the exact path's own (:func:`kg.ingest.rows.check_row`). Any problem
returns ``None``: the caller reads the file by the exact path, which words it.
"""

from __future__ import annotations

from kg.ingest.cells import SHARED_KINDS, parse_cell
from kg.ingest.fastvalues import decided
from kg.ingest.reader import Reader
from kg.ingest.records import Record
from kg.ingest.rows import check_row

_EMPTY = object()  # a blank cell: the column is left out of the row's values


def records_from_columns(
    reader: Reader, file: str, header: list, columns: list, lines, shown: str
) -> list[Record] | None:
    """The records of ``columns`` (pyarrow string columns, one per header name, each dropped from the list once
    encoded; ``lines`` the rows' line numbers), or None."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    pool = pa.system_memory_pool()  # pyarrow's default pool keeps what it freed: peak memory would grow
    texts: list[list[str]] = []
    codes: list = []
    dictionaries = []
    n = len(lines)
    for index in range(len(header)):
        column, columns[index] = columns[index], None
        encoded = pc.dictionary_encode(column.combine_chunks(memory_pool=pool), memory_pool=pool)
        del column
        dictionaries.append(encoded.dictionary)
        texts.append(encoded.dictionary.to_pylist())
        codes.append(_int32s(np, encoded.indices))
    if _repeats_header(np, header, texts, codes):
        return None
    specs = {c.name: c for c in reader.onto.columns[file]}
    scratch = Reader(reader.onto, reader.directory, reader.encoding)
    parsed: list[list] = []
    for index, name in enumerate(header):
        values = _parse_distinct(scratch, specs[name], dictionaries[index], texts[index], (shown, 0, index + 1))
        if values is None:
            return None
        parsed.append(values)
    del dictionaries, texts
    for index, name in enumerate(header):  # only now, with every cell valid: share one object per value
        kind = specs[name].kind
        if kind in SHARED_KINDS:
            parsed[index] = [v if v is _EMPTY else reader.shared.setdefault((kind, v), v) for v in parsed[index]]
    where = {name: i for i, name in enumerate(header, start=1)}
    rows = _value_dicts(np, header, parsed, codes, n)
    records = [Record(file, line, values, where) for line, values in zip(lines.tolist(), rows, strict=True)]
    for rec in records:
        check_row(scratch, file, rec, shown, where)
    return None if scratch.problems else records


def _int32s(np, indices):
    """A numpy view of an Arrow int32 array without nulls (``to_numpy`` would import pandas: 30 MB more peak)."""
    if indices.type.bit_width != 32 or indices.null_count:
        raise AssertionError("dictionary_encode gives int32 indices without nulls")
    return np.frombuffer(indices.buffers()[1], dtype=np.int32, count=len(indices), offset=indices.offset * 4)


def _repeats_header(np, header: list[str], texts: list[list[str]], codes: list) -> bool:
    """True when some row is the header again (the exact path reports it)."""
    same = None
    for name, distinct, code in zip(header, texts, codes, strict=True):
        if name not in distinct:
            return False
        here = code == distinct.index(name)
        same = here if same is None else same & here
    return same is not None and bool(same.any())


def _parse_distinct(scratch: Reader, spec, dictionary, texts: list[str], where: tuple[str, int, int]) -> list | None:
    """Each distinct cell text of one column parsed by its value kind (``_EMPTY`` for a blank), or None on a problem."""
    fast = decided(spec.kind, dictionary, texts)
    out: list = []
    for i, raw in enumerate(texts):
        if fast is not None and fast[0][i]:
            out.append(fast[1](raw))
            continue
        if "\n" in raw or "\r" in raw:  # the record spans lines: its line numbers need the exact reader
            return None
        if not raw.strip():
            if spec.required == "true":
                return None
            out.append(_EMPTY)
            continue
        value = parse_cell(scratch, spec.kind, raw, where, spec.name)
        if value is None:
            return None
        out.append(value)
    return out


def _value_dicts(np, header: list[str], parsed: list[list], codes: list, n: int) -> list[dict]:
    """Each row's {column: value} of its non-empty cells, in header order.

    Rows are grouped by which cells they have; a group's values are taken column by column (one
    ``take`` of the distinct values by the rows' codes), so no full column of Python objects is held.
    """
    distinct = []
    pattern = np.zeros(n, dtype=np.int64)
    for index, (values, code) in enumerate(zip(parsed, codes, strict=True)):
        objects = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):  # item by item: a tuple value must stay one object
            objects[i] = v
        distinct.append(objects)
        present = np.fromiter((v is not _EMPTY for v in values), dtype=bool, count=len(values))
        pattern |= present[code].astype(np.int64) << index
    out = np.empty(n, dtype=object)
    for shape in np.unique(pattern).tolist():
        rows = np.flatnonzero(pattern == shape)
        cols = [i for i in range(len(header)) if shape >> i & 1]
        names = [header[i] for i in cols]
        taken = (distinct[i][codes[i][rows]].tolist() for i in cols)
        holder = np.empty(len(rows), dtype=object)
        holder[:] = [dict(zip(names, row, strict=True)) for row in zip(*taken, strict=True)]
        out[rows] = holder
    return out.tolist()
