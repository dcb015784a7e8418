"""Read and validate a dataset directory (``sources.csv``, ``entities.csv``,
``relations.csv``, ``facts.csv``) into typed records.

Every problem is collected, not just the first, each with file, line, column
and a suggested fix. The column contract comes from the ontology.
"""

from __future__ import annotations

import csv
import difflib
import functools
import heapq
import io
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from kg.errors import DataError, Problem, UsageError
from kg.ingest.decode import DecodeProblem, check_encoding
from kg.ingest.decode import decode as decode_text
from kg.ingest.safe_io import FileRefused, TooLarge, describe_path, read_regular
from kg.schema.ontology import CSV_FILES, Ontology, load_ontology
from kg.untrusted import (
    FORMULA_START,
)  # the one rule: CSV input refuses such cells, every CSV/TSV writer neutralises them

REQUIRED_FILES = ("sources", "entities", "relations")
# Value kinds whose values recur across rows: one shared object per distinct value keeps
# the records at a small constant per row (ids, codes, grades and dates, not free text).
SHARED_KINDS = frozenset(
    (
        "id",
        "entity",
        "source",
        "class",
        "predicate",
        "metric",
        "basis",
        "confidence",
        "country",
        "currency",
        "lang",
        "date",
        "url",
    )
)
MAX_CELL = 4000  # characters; longer cells are almost always a paste accident
MAX_FILE_BYTES = 512 * 1024 * 1024
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,127}$")
# ASCII digits only: \d would also match full-width and other scripts' digits, which make invalid xsd literals
DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
LANG_RE = re.compile(r"^[a-zA-Z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
NUMBER_RE = re.compile(r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")  # plain decimals: no exponents, no separators
BASIS = ("stated", "derived", "inferred")
CONFIDENCE = ("high", "medium-high", "medium", "low-medium", "low")
EXAMPLES = {
    "percent": "a number from 0 to 100 without '%', e.g. 3.91",
    "integer": "a whole number without separators, e.g. 17217310",
    "decimal": "a plain number without separators or units, e.g. 57000000",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2026-01-08",
    "url": "a full http:// or https:// address",
    "lang": "a language tag such as zh-Hant, zh-Hans or en",
    "country": "a two-letter ISO 3166 code such as CN, HK, US",
    "currency": "a three-letter ISO 4217 code such as CNY, HKD, USD",
    "basis": "one of " + ", ".join(BASIS),
    "confidence": "one of " + ", ".join(CONFIDENCE),
}


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date given to year, month or day precision (as sources give them)."""

    text: str
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.text


class NotADate(ValueError):
    """The text is not YYYY, YYYY-MM or YYYY-MM-DD (a ValueError without this class: not a real calendar date)."""


def partial_date(text: str) -> PartialDate:
    """The one date parser for data and options: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', ASCII digits, a real day.

    >>> partial_date("2019-06").first_day
    datetime.date(2019, 6, 1)
    """
    m = DATE_RE.match(text)
    if not m:
        raise NotADate(text)
    y, mo, d = m.groups()
    year, month, day = int(y), int(mo) if mo else None, int(d) if d else None
    date(year, month or 1, day or 1)  # ValueError for 2025-13-01 or 2025-02-30
    return PartialDate(text, year, month, day)


@dataclass(slots=True)
class Record:
    """One validated CSV row: typed values by column name, plus where it came from."""

    file: str
    line: int
    values: dict[str, object]
    columns: dict[str, int] = field(default_factory=dict, repr=False)  # header name -> 1-based column

    def get(self, key: str, default=None):
        return self.values.get(key, default)

    @property
    def where(self) -> str:
        return f"{self.file}.csv:{self.line}"


@dataclass
class Dataset:
    """The validated records of one dataset directory."""

    directory: Path
    sources: list[Record] = field(default_factory=list)
    entities: list[Record] = field(default_factory=list)
    relations: list[Record] = field(default_factory=list)
    facts: list[Record] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:  # the folder resolved, the name kept: a symbolic link is shown by its own name, not its target's
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the working directory, or a symbolic link loop
        return str(path)


def suggest(value: str, choices, n: int = 1) -> list[str]:
    """Nearest valid names: those ``value`` is the start of (shortest first), then similar spellings."""
    choices = sorted(choices)
    starts = sorted((c for c in choices if value and c.startswith(value) and c != value), key=lambda c: (len(c), c))
    close = difflib.get_close_matches(value, choices, n=n, cutoff=0.6)
    return list(dict.fromkeys(starts + close))[:n]


@functools.lru_cache(maxsize=1)
def _iso_codes() -> tuple[frozenset[str], frozenset[str]]:
    """ISO 3166-1 alpha-2 country codes and ISO 4217 currency codes (from pycountry)."""
    import pycountry

    return (frozenset(c.alpha_2 for c in pycountry.countries), frozenset(c.alpha_3 for c in pycountry.currencies))


def did_you_mean(value: str, choices) -> str:
    match = suggest(value, choices)
    return f"did you mean '{match[0]}'?" if match else ""


class _Reader:
    """Collects problems while reading one dataset."""

    def __init__(self, onto: Ontology, directory: Path, encoding: str | None = None):
        self.onto = onto
        self.directory = directory
        self.encoding = encoding  # None: UTF-8, with or without a byte-order mark
        self.problems: list[Problem] = []
        self.unreadable: set[str] = set()  # files whose rows could not all be read: skip references into them
        self.rejected_ids: dict[str, set[str]] = {}  # ids of rows rejected for a bad cell: they exist, just broken
        self.shared: dict = {}  # one object per distinct id, code or date: they recur on many rows

    def error(self, path: str, line: int, column: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, line, column, message, hint))

    def warn(self, path: str, line: int, column: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, line, column, message, hint, "warning"))

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
        if not self.check_header(file, header, shown):
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
                    f"row has {_plural(len(cells), 'cell')} but the header has {len(header)}",
                    "quote cells that contain commas, and give every row the header's columns",
                )
                continue
            yield line, dict(zip(header, cells, strict=True)), header
        return True

    def check_header(self, file: str, header: list[str], shown: str) -> bool:
        known = self.onto.column_names(file)
        ok = True
        if len(header) == 1:
            for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|' characters")):
                if sep in header[0]:
                    self.error(
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
                self.error(
                    shown,
                    1,
                    i,
                    f"column '{name}' appears twice (also column {seen[name]})",
                    "remove or rename one of them",
                )
                ok = False
            seen.setdefault(name, i)
            if not name.strip():
                self.error(
                    shown,
                    1,
                    i,
                    f"column {i} of the header has no name",
                    "remove the trailing comma, or name the column",
                )
                ok = False
            elif name not in known:
                hint = did_you_mean(name, known) or f"the columns of {file}.csv are: {', '.join(known)}"
                self.error(shown, 1, i, f"unknown column '{name}'", hint)
                ok = False
        suggested = {m for name in header if name not in known for m in suggest(name, known)}
        for col in self.onto.columns[file]:
            if col.required == "true" and col.name not in seen and col.name not in suggested:
                self.error(
                    shown,
                    1,
                    0,
                    f"required column '{col.name}' is missing",
                    f"add {_a(col.name)} '{col.name}' column to the header",
                )
                ok = False
        groups: dict[str, list[str]] = {}
        for col in self.onto.columns[file]:
            if col.required not in ("true", "false"):
                groups.setdefault(col.required, []).append(col.name)
        for names in groups.values():
            if not any(n in seen for n in names):
                self.error(
                    shown,
                    1,
                    0,
                    f"needs at least one of the columns {' or '.join(names)}",
                    f"add {_a(names[0])} '{names[0]}' column to the header",
                )
                ok = False
        return ok

    # -- cell level ---------------------------------------------------------
    def parse_cell(self, kind: str, raw: str, where: tuple[str, int, int], column: str):
        """Parse one non-empty cell by its value kind; report and return None on a problem."""
        shown, line, col = where
        raw = raw.replace("\r\n", "\n")  # a line break inside a quoted cell of a Windows file
        value = raw.strip()

        def bad(message: str, hint: str = "") -> None:
            self.error(shown, line, col, message, hint or EXAMPLES.get(kind, ""))

        if len(raw) > MAX_CELL:
            bad(
                f"{column} is {len(raw)} characters long (at most {MAX_CELL})",
                "keep cells short; quote only the key sentence as evidence",
            )
            return None
        if kind in ("text", "text-list"):
            if value.startswith(FORMULA_START):
                bad(
                    f"{column} '{clip(value)}' starts with '{value[0]}', which spreadsheets run as a formula",
                    "rephrase it so it does not start with = + - @ (e.g. put a word first)",
                )
                return None
            if any(ord(ch) < 32 and ch not in "\n" for ch in value):
                bad(f"{column} contains a control character", "remove tabs and control characters from the cell")
                return None
            if kind == "text-list":
                items = tuple(dict.fromkeys(v.strip() for v in value.split("|") if v.strip()))
                for item in items:
                    if item.startswith(FORMULA_START):
                        bad(
                            f"{column} item '{clip(item)}' starts with '{item[0]}', which spreadsheets run as a formula",
                            "rephrase it so it does not start with = + - @ (e.g. put a word first)",
                        )
                        return None
                return items
            return value
        if kind in ("id", "entity", "source"):
            if not ID_RE.match(value):
                bad(
                    f"{column} '{clip(value)}' is not a valid id",
                    "ids are lowercase letters, digits, '_', '-' and '.', starting with a letter or digit",
                )
                return None
            return value
        if kind in ("class", "predicate", "metric"):
            return value
        if kind in NUMERIC_KINDS and not value.isascii() and any(ch.isdecimal() for ch in value):
            bad(
                f"{column} '{clip(value)}' has non-ASCII digits",
                f"type the digits as ASCII 0-9: {ascii_digits(value)}",
            )
            return None
        if kind in ("percent", "decimal"):
            if kind == "percent" and value.endswith("%"):
                bad(f"{column} '{value}' has a '%' sign")
                return None
            if "," in value:
                bad(f"{column} '{clip(value)}' contains a comma")
                return None
            if not NUMBER_RE.match(value):
                bad(f"{column} '{clip(value)}' is not a number")
                return None
            number = Decimal(value)
            if not math.isfinite(number):
                bad(f"{column} '{value}' is not a finite number")
                return None
            if kind == "percent" and not (0 <= number <= 100):
                bad(f"{column} '{value}' is not between 0 and 100")
                return None
            return number
        if kind == "integer":
            if not value.isdigit() or not value.isascii():
                what = "negative" if value.startswith("-") and value[1:].isdigit() else "a whole number"
                bad(f"{column} '{clip(value)}' is {'negative' if what == 'negative' else 'not ' + what}")
                return None
            return int(value)
        if kind == "date":
            return self.parse_date(value, bad, column)
        if kind == "url":
            if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
                bad(f"{column} '{clip(value)}' is not an http(s) URL")
                return None
            return value
        if kind == "lang":
            if not LANG_RE.match(value):
                bad(f"{column} '{clip(value)}' is not a language tag")
                return None
            return value
        if kind == "country":
            if not re.match(r"^[A-Z]{2}$", value):
                bad(f"{column} '{clip(value)}' is not a two-letter country code")
                return None
            if value not in _iso_codes()[0]:
                bad(f"{column} '{value}' is not an ISO 3166 country code")
                return None
            return value
        if kind == "currency":
            if not re.match(r"^[A-Z]{3}$", value):
                bad(f"{column} '{clip(value)}' is not a three-letter currency code")
                return None
            if value not in _iso_codes()[1]:
                bad(f"{column} '{value}' is not an ISO 4217 code")
                return None
            return value
        if kind in ("basis", "confidence"):
            allowed = BASIS if kind == "basis" else CONFIDENCE
            if value not in allowed:
                bad(
                    f"{column} '{clip(value)}' is not one of {', '.join(allowed)}",
                    did_you_mean(value, allowed) or EXAMPLES[kind],
                )
                return None
            return value
        raise AssertionError(f"unhandled value kind {kind}")  # the ontology check prevents this

    def parse_date(self, value: str, bad, column: str):
        try:
            return partial_date(value)
        except NotADate:
            bad(f"{column} '{clip(value)}' is not a date")
        except ValueError:
            bad(f"{column} '{value}' is not a real calendar date")
        return None


NUMERIC_KINDS = ("percent", "decimal", "integer", "date")


def ascii_digits(value: str) -> str:
    """``value`` with full-width (and other scripts') digits and punctuation as ASCII, e.g. ２０２６－０１ → 2026-01."""
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in unicodedata.normalize("NFKC", value)
    )


def check_value(onto: Ontology, kind: str, raw: str, column: str, where: str = "") -> tuple[object, Problem | None]:
    """One value parsed by the CSV rules of its value kind, for inputs other than CSV (e.g. RDF literals).

    Returns ``(value, None)``, or ``(None, problem)`` with the problem the CSV validator would report.
    """
    reader = _Reader(onto, Path("."))
    value = reader.parse_cell(kind, raw, (where, 0, 0), column)
    return (None, reader.problems[0]) if value is None else (value, None)


def _a(word: str) -> str:
    """The indefinite article for ``word``."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _cell_index(line_prefix: str) -> int:
    """1-based index of the CSV cell in which a line's text ``line_prefix`` ends."""
    try:
        return max(1, len(next(csv.reader([line_prefix]), [""])))
    except csv.Error:
        return 1


def clip(value: str, n: int = 40) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"


def read_dataset(directory: str | Path, ontology: Ontology | None = None, *, encoding: str | None = None) -> Dataset:
    """Read and validate a dataset directory.

    Raises :class:`~kg.errors.DataError` carrying every problem found; returns a
    :class:`Dataset` (with any warnings) when there are no errors. Files are read as
    UTF-8 (a leading byte-order mark is dropped) unless ``encoding`` names another
    encoding (e.g. ``gb18030``); :class:`~kg.errors.UsageError` if Python knows no such encoding.

    >>> ds = read_dataset("data")
    >>> len(ds.entities) > 0
    True
    """
    onto = ontology or load_ontology()
    directory = Path(directory)
    if encoding is not None:
        try:
            check_encoding(encoding)
        except ValueError as exc:
            raise UsageError(f"--encoding: {exc}") from None
    reader = _Reader(onto, directory, encoding)
    why = describe_path(directory)
    if why == "does not exist":
        raise DataError(
            [
                Problem(
                    display_path(directory),
                    0,
                    0,
                    "dataset directory does not exist",
                    "pass --data DIR pointing at a folder with sources.csv, entities.csv, relations.csv",
                )
            ]
        )
    if why == "is a file, not a folder":
        parent = display_path(directory.parent) if str(directory.parent) not in ("", ".") else "."
        raise DataError(
            [
                Problem(
                    display_path(directory),
                    0,
                    0,
                    "--data must be the dataset folder, but this is a file",
                    f"pass the folder that holds it: --data {parent}",
                )
            ]
        )
    if why is not None:
        raise DataError(
            [
                Problem(
                    display_path(directory),
                    0,
                    0,
                    f"dataset directory {why}",
                    "pass --data DIR pointing at a folder with sources.csv, entities.csv, relations.csv",
                )
            ]
        )
    ds = Dataset(directory)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(1024 * 1024)
    try:
        for file in CSV_FILES:
            path = directory / f"{file}.csv"
            shown = display_path(path)
            if not os.path.lexists(path):  # a broken or looping link is reported by the read
                reader.unreadable.add(file)
                if file in REQUIRED_FILES:
                    reader.error(
                        shown,
                        0,
                        0,
                        f"{file}.csv is missing",
                        f"create it with the header {','.join(onto.column_names(file))}",
                    )
                continue
            getattr(ds, file).extend(_read_file(reader, file, path, shown))
    finally:
        csv.field_size_limit(old_limit)
    _check_references(reader, ds)
    _check_share_totals(reader, ds)
    errors = [p for p in reader.problems if p.severity == "error"]
    if errors:
        raise DataError(sorted(reader.problems, key=_problem_order))
    ds.warnings = sorted(reader.problems, key=_problem_order)
    return ds


def _problem_order(p: Problem):
    return (p.path, p.line, p.column, p.message)


def _read_file(reader: _Reader, file: str, path: Path, shown: str) -> list[Record]:
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
            value = reader.parse_cell(spec.kind, raw, (shown, line, col_index), name)
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
            _check_row(reader, file, records[-1], shown, columns)
    return records


def _check_row(reader: _Reader, file: str, rec: Record, shown: str, columns: dict[str, int]) -> None:
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
        for col in ("share", "share_min", "share_max", "voting_share", "shares"):
            if col in v:
                err(
                    col,
                    f"{col} is given but '{pred}' carries no stake",
                    "use holdsSharesIn (or another stake-bearing relation) or clear the cell",
                )
                break
    lo, hi, exact = v.get("share_min"), v.get("share_max"), v.get("share")
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


def _check_references(reader: _Reader, ds: Dataset) -> None:
    """Cross-file checks: duplicate ids, dangling references, domain and range."""
    onto = reader.onto
    shown = {f: display_path(ds.directory / f"{f}.csv") for f in CSV_FILES}
    source_ids = _unique_ids(reader, ds.sources, shown["sources"]) | reader.rejected_ids.get("sources", set())
    entity_ids = _unique_ids(reader, ds.entities, shown["entities"]) | reader.rejected_ids.get("entities", set())
    types = {str(r.get("id")): str(r.get("type")) for r in ds.entities}

    def col(file: str, name: str, rec: Record) -> int:
        return rec.columns.get(name, 0)

    if "sources" in reader.unreadable:
        source_ids = _Everything()
    if "entities" in reader.unreadable:
        entity_ids = _Everything()

    for rec in ds.entities:
        src = rec.get("source")
        if src is not None and src not in source_ids:
            reader.error(
                shown["entities"],
                rec.line,
                col("entities", "source", rec),
                f"source '{src}' is not in sources.csv",
                did_you_mean(str(src), source_ids) or "add it to sources.csv",
            )
    seen_rows: dict[tuple, int] = {}
    for rec in ds.relations:
        where = shown["relations"]
        for role in ("subject", "object"):
            ref = rec.get(role)
            if ref is not None and ref not in entity_ids:
                reader.error(
                    where,
                    rec.line,
                    col("relations", role, rec),
                    f"{role} '{ref}' is not an entity id in entities.csv",
                    did_you_mean(str(ref), entity_ids) or "add the entity to entities.csv",
                )
        src = rec.get("source")
        if src is not None and src not in source_ids:
            reader.error(
                where,
                rec.line,
                col("relations", "source", rec),
                f"source '{src}' is not in sources.csv",
                did_you_mean(str(src), source_ids) or "add it to sources.csv",
            )
        spec = onto.relations.get(str(rec.get("predicate")))
        if spec is not None:
            for role, cls in (("subject", spec.domain), ("object", spec.range)):
                t = types.get(str(rec.get(role)))
                if t in onto.classes and not onto.is_subclass(t, cls):
                    reader.error(
                        where,
                        rec.line,
                        col("relations", role, rec),
                        f"{role} '{rec.get(role)}' is {_a(t)} {t}, but {spec.name} needs {_a(cls)} {cls} as its {role}",
                        f"change the {role}, its type in entities.csv, or the predicate",
                    )
        key = tuple(sorted((k, str(val)) for k, val in rec.values.items()))
        if key in seen_rows:
            reader.error(where, rec.line, 0, f"row repeats line {seen_rows[key]} exactly", "delete one of the two rows")
        else:
            seen_rows[key] = rec.line
    for rec in ds.facts:
        where = shown["facts"]
        ref = rec.get("subject")
        if ref is not None and ref not in entity_ids:
            reader.error(
                where,
                rec.line,
                col("facts", "subject", rec),
                f"subject '{ref}' is not an entity id in entities.csv",
                did_you_mean(str(ref), entity_ids) or "add the entity to entities.csv",
            )
        src = rec.get("source")
        if src is not None and src not in source_ids:
            reader.error(
                where,
                rec.line,
                col("facts", "source", rec),
                f"source '{src}' is not in sources.csv",
                did_you_mean(str(src), source_ids) or "add it to sources.csv",
            )


def _check_share_totals(reader: _Reader, ds: Dataset) -> None:
    """Warn where the stated direct stakes in one company add up to more than 100% on some date.

    Each holder counts once per date (its largest stated share, so two sources for the
    same holding are not added); stated aggregates are not holdings and do not count.
    The dates looked at are the starts and ends of the company's holdings; a sweep over
    them keeps the running total, so N holdings take O(N log N), not O(N²).
    """
    roles = {n for n, r in reader.onto.relations.items() if "economic" in r.ownership_roles and r.stake_bearing}
    by_company: dict[str, list[Record]] = {}
    for rec in ds.relations:
        if rec.get("predicate") in roles and (rec.get("share") is not None or rec.get("share_min") is not None):
            by_company.setdefault(str(rec.get("object")), []).append(rec)
    shown = display_path(ds.directory / "relations.csv")
    for company, recs in sorted(by_company.items()):
        worst = worst_share_total(recs)
        if worst:
            total, day, rows = worst
            lines = ", ".join(str(r.line) for r in rows[:12]) + (" …" if len(rows) > 12 else "")
            when = f" on {day.isoformat()}" if day else ""
            reader.warn(
                shown,
                rows[0].line,
                0,
                f"stated stakes in '{company}' add up to {total:g}%{when} (rows {lines})",
                "check for a holding counted twice, a wrong share, or missing start/end dates",
            )


def _low(rec: Record):
    """The share a holding is at least: its exact share, else the low end of its range."""
    return rec.get("share") if rec.get("share") is not None else rec.get("share_min")


def _bounds(rec: Record) -> tuple[date | None, date | None]:
    start, end = rec.get("start"), rec.get("end")
    return (start.first_day if start is not None else None, end.first_day if end is not None else None)


def worst_share_total(recs: list[Record]):
    """(total, day, best rows) of the date on which the holders' largest shares add up most, if over 100.

    Days are the distinct starts and ends (the first such day wins a tie); with no dates at
    all, every holding counts at once (day None). A holding is valid on day d when
    ``start <= d < end``. Per holder a max-heap with lazy deletion gives its largest
    valid share; the running total changes only when a holder's largest share does.
    """
    events: dict[date, tuple[list[int], list[int]]] = {}
    always: list[int] = []
    for i, rec in enumerate(recs):
        start, end = _bounds(rec)
        for day in (start, end):
            if day is not None:
                events.setdefault(day, ([], []))
        if start is None:
            always.append(i)
        else:
            events[start][0].append(i)
        if end is not None:
            events[end][1].append(i)
    heaps: dict[str, list] = {}
    removed: dict[str, dict] = {}
    best: dict[str, Decimal] = {}  # holder -> its largest valid share (as counted in total)
    total = Decimal(0)
    active = [False] * len(recs)

    def top(holder: str):
        heap, gone = heaps[holder], removed.setdefault(holder, {})
        while heap and gone.get(heap[0]):
            gone[heap[0]] -= 1
            heapq.heappop(heap)
        return -heap[0] if heap else None

    def update(holder: str) -> None:
        nonlocal total
        new = top(holder)
        old = best.pop(holder, None)
        total += (new or 0) - (old or 0)
        if new is not None:
            best[holder] = new

    def add(i: int) -> None:
        holder = str(recs[i].get("subject"))
        active[i] = True
        heapq.heappush(heaps.setdefault(holder, []), -_low(recs[i]))
        update(holder)

    def remove(i: int) -> None:
        holder = str(recs[i].get("subject"))
        active[i] = False
        gone = removed.setdefault(holder, {})
        gone[-_low(recs[i])] = gone.get(-_low(recs[i]), 0) + 1
        update(holder)

    for i in always:
        add(i)
    worst: tuple[Decimal, date | None] | None = None
    if not events and total > 100:
        worst = (total, None)
    for day in sorted(events):
        starts, ends = events[day]
        for i in ends:
            if active[i]:
                remove(i)
        for i in starts:
            end = _bounds(recs[i])[1]
            if end is None or day < end:
                add(i)
        if total > 100 and (worst is None or total > worst[0]):
            worst = (total, day)
    if worst is None:
        return None
    total, day = worst
    chosen: dict[str, Record] = {}
    for rec in recs:  # the rows behind the total: per holder the first with its largest share
        start, end = _bounds(rec)
        if day is not None and not ((start is None or start <= day) and (end is None or day < end)):
            continue
        cur = chosen.get(str(rec.get("subject")))
        if cur is None or _low(rec) > _low(cur):
            chosen[str(rec.get("subject"))] = rec
    return total, day, sorted(chosen.values(), key=lambda r: r.line)


class _Everything(set):
    """Stands in for the ids of a file that could not be read, so its absence causes no cascade of errors."""

    def __contains__(self, item) -> bool:
        return True


def _unique_ids(reader: _Reader, records: list[Record], shown: str) -> set[str]:
    first: dict[str, int] = {}
    for rec in records:
        ident = rec.get("id")
        if ident is None:
            continue
        if ident in first:
            reader.error(
                shown,
                rec.line,
                rec.columns.get("id", 1),
                f"id '{ident}' is used twice (first on line {first[ident]})",
                "give each row its own id",
            )
        else:
            first[ident] = rec.line
    return set(first)
