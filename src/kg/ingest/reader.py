"""Read the files of a dataset: bytes → text → CSV rows → validated records.

Every problem is collected with file, line and column: the file cannot be read or decoded, a row is
not valid CSV, the header is wrong, a cell does not parse by its column's value kind. The row checks
are in :mod:`kg.ingest.rows`; checks across files in :mod:`kg.ingest.references`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg.ingest.cells import SHARED_KINDS, parse_cell
from kg.ingest.decode import DecodeProblem
from kg.ingest.decode import decode as decode_text
from kg.ingest.hints import article, did_you_mean, plural, suggest
from kg.ingest.records import ProblemLog, Record
from kg.ingest.rows import check_row
from kg.ingest.safe_io import MAX_FILE_BYTES, FileRefused, TooLarge, read_regular
from kg.schema.specs import Ontology


class Reader(ProblemLog):
    """Reads the files of one dataset into rows, collecting every problem (decode, CSV, header) on the way."""

    def __init__(self, onto: Ontology, directory: Path, encoding: str | None = None):
        self.onto = onto
        self.directory = directory
        self.encoding = encoding  # None: UTF-8, with or without a byte-order mark
        super().__init__()
        self.unreadable: set[str] = set()  # files whose rows could not all be read: skip references into them
        self.rejected_ids: dict[str, set[str]] = {}  # ids of rows rejected for a bad cell: they exist, just broken
        self.shared: dict = {}  # one object per distinct id, code or date: they recur on many rows

    # -- file level ---------------------------------------------------------
    def decode(self, path: Path, shown: str) -> str | None:
        try:
            raw = read_regular(path, MAX_FILE_BYTES)
        except TooLarge as exc:
            self.error(shown, 0, 0, exc.message, "split the dataset or load it as RDF")
            return None
        except FileRefused as exc:
            self.error(shown, 0, 0, exc.message, exc.hint)
            return None
        header = ",".join(self.onto.column_names(path.stem)[:4])
        if not raw.strip():
            self.error(shown, 1, 1, "file is empty", f"start it with the header row, e.g. {header}")
            return None
        try:
            text = decode_text(raw, self.encoding)
        except DecodeProblem as exc:
            self.error(shown, exc.line, exc.column, exc.message, exc.hint)
            return None
        nul = text.find("\x00")
        if nul >= 0:
            line = text.count("\n", 0, nul) + 1
            self.error(
                shown,
                line,
                _cell_index(text[text.rfind("\n", 0, nul) + 1 : nul]),
                "file contains a NUL character",
                "this is not a text CSV file; export it again as CSV UTF-8",
            )
            return None
        return text

    def rows(self, file: str, path: Path, shown: str):
        """Yield (line, {column: raw cell}) for each data row, after checking the header."""
        complete = yield from self._rows(file, path, shown)
        if not complete:
            self.unreadable.add(file)

    def _rows(self, file: str, path: Path, shown: str):
        """Generator of rows; returns True when the whole file was read."""
        text = self.decode(path, shown)
        if text is None:
            return False
        if not text.split("\n", 1)[0].strip():
            self.error(
                shown,
                1,
                1,
                "line 1 is blank, but the header row must come first",
                "delete the blank line(s) above the header",
            )
            return False
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(reader)
        except csv.Error as exc:
            self.error(shown, reader.line_num or 1, 0, f"the header row is not valid CSV: {exc}")
            return False
        if not check_header(self, file, header, shown):
            return False
        prev_end = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                msg = str(exc)
                if "field larger than field limit" in msg:
                    self.error(
                        shown,
                        prev_end + 1,
                        0,
                        f"a cell is longer than {csv.field_size_limit() // 1024 // 1024} MiB",
                        "keep cells short; put long texts in the source document",
                    )
                else:
                    self.error(
                        shown,
                        prev_end + 1,
                        0,
                        f"row is not valid CSV: {msg}",
                        "quote cells that contain commas, quotes or line breaks with double quotes",
                    )
                return False
            line = prev_end + 1
            prev_end = reader.line_num
            if not cells or all(not c.strip() for c in cells):
                continue
            if cells == header:
                self.error(shown, line, 1, "this line repeats the header row", "delete it")
                continue
            if len(cells) != len(header):
                self.error(
                    shown,
                    line,
                    min(len(cells), len(header)) + 1,
                    f"row has {plural(len(cells), 'cell')} but the header has {len(header)}",
                    "quote cells that contain commas, and give every row the header's columns",
                )
                continue
            yield line, dict(zip(header, cells, strict=True)), header
        return True


def check_header(reader: Reader, file: str, header: list[str], shown: str) -> bool:
    """Check the header row of ``file``: separators, duplicate, unnamed, unknown and missing columns."""
    known = reader.onto.column_names(file)
    ok = True
    if len(header) == 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|' characters")):
            if sep in header[0]:
                reader.error(
                    shown,
                    1,
                    1,
                    f"the header is separated by {name}, not commas",
                    "save the file as comma-separated CSV",
                )
                return False
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if name in seen:
            reader.error(
                shown,
                1,
                i,
                f"column '{name}' appears twice (also column {seen[name]})",
                "remove or rename one of them",
            )
            ok = False
        seen.setdefault(name, i)
        if not name.strip():
            reader.error(
                shown,
                1,
                i,
                f"column {i} of the header has no name",
                "remove the trailing comma, or name the column",
            )
            ok = False
        elif name not in known:
            hint = did_you_mean(name, known) or f"the columns of {file}.csv are: {', '.join(known)}"
            reader.error(shown, 1, i, f"unknown column '{name}'", hint)
            ok = False
    suggested = {m for name in header if name not in known for m in suggest(name, known)}
    for col in reader.onto.columns[file]:
        if col.required == "true" and col.name not in seen and col.name not in suggested:
            reader.error(
                shown,
                1,
                0,
                f"required column '{col.name}' is missing",
                f"add {article(col.name)} '{col.name}' column to the header",
            )
            ok = False
    groups: dict[str, list[str]] = {}
    for col in reader.onto.columns[file]:
        if col.required not in ("true", "false"):
            groups.setdefault(col.required, []).append(col.name)
    for names in groups.values():
        if not any(n in seen for n in names):
            reader.error(
                shown,
                1,
                0,
                f"needs at least one of the columns {' or '.join(names)}",
                f"add {article(names[0])} '{names[0]}' column to the header",
            )
            ok = False
    return ok


def read_file(reader: Reader, file: str, path: Path, shown: str) -> list[Record]:
    onto = reader.onto
    specs = {c.name: c for c in onto.columns[file]}
    records = []
    columns: dict[str, int] = {}
    for line, cells, header in reader.rows(file, path, shown):
        if not columns:
            columns.update((name, i) for i, name in enumerate(header, start=1))
        values: dict[str, object] = {}
        ok = True
        for col_index, name in enumerate(header, start=1):
            raw = cells[name]
            spec = specs[name]
            if not raw.strip():
                if spec.required == "true":
                    reader.error(shown, line, col_index, f"{name} is empty", f"every row needs a {name}")
                    ok = False
                continue
            value = parse_cell(reader, spec.kind, raw, (shown, line, col_index), name)
            if value is None:
                ok = False
            else:
                if spec.kind in SHARED_KINDS:
                    value = reader.shared.setdefault((spec.kind, value), value)
                values[name] = value
        if not ok and cells.get("id", "").strip():
            reader.rejected_ids.setdefault(file, set()).add(cells["id"].strip())
        if ok:
            records.append(Record(file, line, values, columns))
            check_row(reader, file, records[-1], shown, columns)
    return records


def _cell_index(line_prefix: str) -> int:
    """1-based index of the CSV cell in which a line's text ``line_prefix`` ends."""
    try:
        return max(1, len(next(csv.reader([line_prefix]), [""])))
    except csv.Error:
        return 1
