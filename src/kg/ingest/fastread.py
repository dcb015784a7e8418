"""The vectorised reading path for valid data: one CSV file parsed by pyarrow, its cells checked column by column.

:func:`read_file_fast` returns the same records as :func:`kg.ingest.reader.read_file` (same order, values and
types) or ``None``, and ``None`` whenever it finds any problem or anything it cannot decide: the caller then
reads the file again by the exact row-by-row path, which reports every problem with today's words. So the
fast path never has to word an error, and never silently accepts what the exact path would refuse.

What makes it fall back (each a whole-file test, linear in the file size):

- the file is small (below :data:`FAST_MIN_BYTES`: pyarrow's import would cost more than it saves), not a
  regular file, unreadable, empty, not decodable, or holds a NUL;
- a carriage return that is not part of ``\\r\\n`` (Python's csv module ends a line there);
- a double quote anywhere but around a whole cell (``"a""b"`` is fine; ``"abc"def`` or ``ab"c`` are not:
  pyarrow and Python's strict csv reader differ on those), or in the header row;
- a header the exact path would report anything about;
- a quoted cell holding a line break (the record would span lines, and line numbers would need the exact reader);
- a row with too many or too few cells (pyarrow refuses it), a row that repeats the header;
- any cell or row the cell rules (:mod:`kg.ingest.fastcells`) report.

Line numbers: with no line break inside a cell, each record is one physical line, so the n-th non-empty
line after the header is the n-th record (checked: the counts must agree).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from kg.ingest.decode import DecodeProblem
from kg.ingest.decode import decode as decode_text
from kg.ingest.fastcells import records_from_columns
from kg.ingest.reader import Reader, check_header
from kg.ingest.records import Record
from kg.ingest.safe_io import MAX_FILE_BYTES, FileRefused, read_regular

# Below this many bytes a file is read by the exact path: importing pyarrow (~0.15 s) costs more than it saves.
FAST_MIN_BYTES = 512 * 1024
# A whole quoted cell: starts a line or follows a comma, doubled quotes inside, ends the line or meets a comma.
QUOTED_CELL = re.compile(rb'(?m)(?:^|(?<=,))"(?:[^"]|"")*"(?=,|\r?$)')


def read_file_fast(
    reader: Reader, file: str, path: Path, shown: str, min_bytes: int | None = None
) -> list[Record] | None:
    """The records of one dataset file read the vectorised way, or None to read it by the exact path."""
    if not _large_regular_file(path, FAST_MIN_BYTES if min_bytes is None else min_bytes):
        return None
    data = _decoded_bytes(reader, path)
    if data is None or not _simple_csv(data):
        return None
    header_end = data.find(b"\n")
    header_line = data[: header_end if header_end >= 0 else len(data)].rstrip(b"\r")
    if header_end < 0 or b'"' in header_line or not header_line.strip():
        return None
    header = header_line.decode("utf-8").split(",")
    scratch = Reader(reader.onto, reader.directory, reader.encoding)
    if not check_header(scratch, file, header, shown) or scratch.problems:
        return None
    table = _parse(data, len(header))
    if table is None:
        return None
    lines = _record_lines(data)
    if len(lines) != table.num_rows:
        return None
    del data  # the records are built from the columns alone: let each go once it is encoded
    columns = table.columns
    del table
    return records_from_columns(reader, file, header, columns, lines, shown)


def _large_regular_file(path: Path, min_bytes: int) -> bool:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(st.st_mode) and min_bytes <= st.st_size <= MAX_FILE_BYTES


def _decoded_bytes(reader: Reader, path: Path) -> bytes | None:
    """The file as UTF-8 bytes without a byte-order mark, when the exact path's decoding accepts it."""
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except FileRefused:
        return None
    if not raw.strip():
        return None
    try:
        text = decode_text(raw, reader.encoding)
    except DecodeProblem:
        return None
    if "\x00" in text:
        return None
    if reader.encoding is None:  # decoded as UTF-8: the bytes are the text's UTF-8 already
        return raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
    return text.encode("utf-8")


def _simple_csv(data: bytes) -> bool:
    """True when pyarrow and Python's strict csv reader split ``data`` into the same cells."""
    if data.count(b"\r") != data.count(b"\r\n"):
        return False
    return b'"' not in data or b'"' not in QUOTED_CELL.sub(b"", data)


def _parse(data: bytes, width: int):
    """The rows after the header as a pyarrow Table of ``width`` string columns (c0, c1, …), or None."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"c{i}" for i in range(width)]
    try:
        return pacsv.read_csv(
            pa.py_buffer(data),
            memory_pool=pa.system_memory_pool(),  # the default pool keeps what it freed: peak memory would grow
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None


def _record_lines(data: bytes):
    """1-based line numbers of the non-empty lines after the header (an empty line may hold only ``\\r``)."""
    import numpy as np

    buf = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(buf == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(buf)]))
    length = ends - starts
    first = buf[np.minimum(starts, max(len(buf) - 1, 0))]
    empty = (length == 0) | ((length == 1) & (first == 13))
    empty[0] = True  # the header
    return np.flatnonzero(~empty) + 1
