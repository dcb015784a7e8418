"""The sink every importer writes through: register records in, kg's dataset contract out.

An importer (BODS, GLEIF, FollowTheMoney, Wikidata …) reads a register file and calls
:class:`ImportSink` once per source, entity, relation group and fact. The sink

- checks every value by kg's own cell rules (:func:`kg.ingest.cells.check_value`), so a bad value is a
  problem at the record it came from, not at a CSV line the user never wrote;
- keeps what it is given on disk (a SQLite file in the staging folder), so memory does not grow with the
  register: an entity given twice keeps the last version (a record update), a relation group given twice
  keeps the last rows (a later version of the record replaces the earlier one), a source the first;
- at the end writes ``sources.csv``, ``entities.csv``, ``relations.csv`` (and ``facts.csv``) in the order
  things were first seen, plus ``import-report.json``, checks them with kg's own reader, and switches the
  folder in whole (:mod:`kg.atomic_dir`). With any problem nothing is written and every problem is raised
  together (:class:`~kg.errors.DataError`), each naming the input file, line, column or record and the fix.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from kg.atomic_dir import replacing_directory
from kg.errors import DataError, OntologyError, Problem, UsageError
from kg.ingest.cells import check_value
from kg.ingest.importers.staging import Staging
from kg.ingest.rows import check_row_values
from kg.schema.ontology import Ontology, load_ontology
from kg.schema.vocab import CSV_FILES
from kg.untrusted import FORMULA_START

FILES = CSV_FILES  # sources, entities, relations, facts
REPORT = "import-report.json"
MAX_LISTED = 200  # warnings kept in the report; the rest are counted
_SLUG_BAD = re.compile(r"[^a-z0-9_.-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # newlines too: one row, one line
CHECKED = 1 << 16  # (kind, text, column) results kept: ids, source ids, predicates and dates repeat
VERIFY_ROWS = 250_000  # up to this many rows the written folder is read back whole by kg's own reader
_ROW_RULES = frozenset(("relations", "facts"))  # the files kg.ingest.rows.check_row_values has rules for
CHECKED_TEXT = 200  # longer values (names, evidence) are checked each time, not kept
_TEXT_KINDS = frozenset(("text", "text-list", "url"))  # values cleaned by _safe_text before the check
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(row, ensure_ascii=False) does


@dataclass(frozen=True)
class Located:
    """Where in an input file a record is: line and column where known, else a record id or JSON pointer."""

    file: str
    line: int = 0
    column: int = 0
    record: str = ""

    def problem(self, message: str, fix: str = "", severity: str = "error") -> Problem:
        where = f"record {self.record}: " if self.record else ""
        return Problem(self.file, self.line, self.column, where + message, fix, severity)


def bounded_lines(fh: BinaryIO, cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line of ``fh``; ``None`` for a line over ``cap`` bytes, whose rest is skipped
    in bounded pieces, so a file without line breaks never sits in memory whole."""
    line_no = 0
    while True:
        raw = fh.readline(cap + 1)
        if not raw:
            return
        line_no += 1
        if len(raw) > cap and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(cap)
            yield line_no, None
            continue
        yield line_no, raw


def ontology_for(check, what: str) -> Ontology:
    """The ontology, once ``check`` (an importer's code table's own check) finds every kg name it maps to there."""
    onto = load_ontology()
    missing = check(onto)
    if missing:
        raise OntologyError(f"the ontology lacks what {what} map to: {', '.join(missing)}")
    return onto


def mint_id(prefix: str, foreign: str, casefold: bool = False) -> str:
    """A kg id for a foreign id: ``prefix-slug``, with a hash of the foreign id whenever the slug is not it.

    Injective: two different foreign ids never get the same kg id. ``casefold`` says lower-casing alone is not
    a change (identifiers that are case-insensitive by definition, such as LEIs).

    >>> mint_id("lei", "5493001KJTIIGC8Y1R12", casefold=True)
    'lei-5493001kjtiigc8y1r12'
    >>> mint_id("bods", "c359f58d2261")
    'bods-c359f58d2261'
    >>> mint_id("bods", "GB PSC/123")
    'bods-gb-psc-123-6e2ff226295b'
    """
    base = foreign.lower() if casefold else foreign
    slug = _SLUG_BAD.sub("-", base.lower()).strip("-._")[: max(0, 113 - len(prefix))]  # with "-" + 12 hex: ≤ 128
    ident = f"{prefix}-{slug}" if slug else prefix
    if slug != base:
        ident += "-" + hashlib.sha1(foreign.encode("utf-8")).hexdigest()[:12]
    return ident


def cell_text(value) -> str:
    """A Python value as kg's CSV writes it: booleans as true/false, numbers without exponents, lists joined by |."""
    if value.__class__ is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        text = format(Decimal(str(value)) if isinstance(value, float) else value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, list | tuple):
        return "|".join(cell_text(v) for v in value)
    return str(value)


class ImportSink:
    """Collects one import on disk and writes it as a dataset folder, whole or not at all."""

    def __init__(self, out: str | Path, *, importer: str, inputs=(), onto: Ontology | None = None):
        self.out = Path(out)
        self.importer = importer
        self.inputs = [str(p) for p in inputs]
        self.onto = onto or load_ontology()
        self.specs = {f: {c.name: c for c in self.onto.columns[f]} for f in FILES}
        self.kinds = {f: {name: spec.kind for name, spec in specs.items()} for f, specs in self.specs.items()}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.warned = 0
        self.report: dict = {}
        self.extra: dict = {}  # more for the report, set by the importer before the end (kg combine: its merges)
        self._stack = ExitStack()
        self._seq = 0
        self._checked = functools.lru_cache(maxsize=CHECKED)(self._check)

    # -- the context: staging folder, SQLite store ------------------------------------------------
    def __enter__(self) -> ImportSink:
        if self.out.is_dir() and any(self.out.iterdir()) and not (self.out / REPORT).is_file():
            raise UsageError(
                f"{self.out} already holds files that kg import did not write, and an import replaces its folder "
                "whole: give --out a new folder (or one an earlier import wrote)"
            )
        self.stage = self._stack.enter_context(
            replacing_directory(self.out, drop=(*(f"{f}.csv" for f in FILES), REPORT))
        )
        self.store = Staging(self.stage / ".import.sqlite")
        self.db = self.store.db
        self._stack.callback(self.db.close)
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        if kind is None:
            try:
                self._finish()
            except BaseException as failed:  # nothing is switched in: the staging folder goes
                self._stack.__exit__(type(failed), failed, failed.__traceback__)
                raise
        return bool(self._stack.__exit__(kind, exc, tb))

    # -- what importers call ------------------------------------------------------------------------
    def problem(self, where: Located, message: str, fix: str = "") -> None:
        self.problems.append(where.problem(message, fix))

    def warn(self, where: Located, message: str) -> None:
        self.warned += 1
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append(where.problem(message, severity="warning"))

    def source(self, where: Located | None = None, **columns) -> str:
        """Add a source row (the first for an id wins); returns its id."""
        self._put("sources", str(columns["id"]), [columns], where, replace=False)
        return str(columns["id"])

    def entity(self, where: Located | None = None, **columns) -> None:
        """Add or replace an entity row (the last for an id wins: a later version of the record)."""
        self._put("entities", str(columns["id"]), [columns], where, replace=True)

    def relations(self, group: str, rows: list[dict], where: Located | None = None) -> None:
        """Set the relation rows of ``group`` (a record), replacing any given for it before."""
        self._put("relations", group, rows, where, replace=True)

    def fact(self, where: Located | None = None, **columns) -> None:
        self._seq += 1
        self._put("facts", f"#{self._seq}", [columns], where, replace=True)

    # -- inside ----------------------------------------------------------------------------------------
    def _put(self, file: str, key: str, rows: list[dict], where: Located | None, replace: bool) -> None:
        here = where or Located(self.inputs[0] if self.inputs else self.importer)
        parsed = [self._cells(file, row, here) for row in rows]
        cells = [texts for texts, _values in parsed]
        if file in _ROW_RULES:  # the rules that compare cells of a row, at the record they came from
            for _texts, values in parsed:
                check_row_values(
                    self.onto, file, values, lambda column, message, hint="": self.problem(here, message, hint)
                )
        self._seq += 1
        place = json.dumps([here.file, here.line, here.column, here.record])
        self.store.put(file, key, self._seq, [_ENCODE(c) for c in cells], place, replace)

    def _cells(self, file: str, row: dict, where: Located) -> tuple[dict[str, str], dict[str, object]]:
        """A row's cells as written (text) and as kg's rules read them (values), each value parsed once."""
        kinds = self.kinds[file]
        out: dict[str, str] = {}
        values: dict[str, object] = {}
        for name, value in row.items():
            kind = kinds.get(name)
            if kind is None:
                raise ValueError(f"{self.importer}: {file}.csv has no column {name!r}")  # a bug in the importer
            if value is None:
                continue
            text = cell_text(value).strip()
            if not text:
                continue
            if kind in _TEXT_KINDS:
                text = self._safe_text(kind, name, text, where)
            check = self._checked if len(text) <= CHECKED_TEXT else self._check
            value, problem = check(kind, text, name)
            if problem is not None:
                self.problem(where, problem.message, problem.hint)
                continue
            out[name] = text
            values[name] = value
        return out, values

    def _check(self, kind: str, text: str, name: str) -> tuple[object, Problem | None]:
        """kg's cell rule for one value: (value, problem) (pure: the same arguments give the same answer)."""
        return check_value(self.onto, kind, text, name)

    def _safe_text(self, kind: str, name: str, text: str, where: Located) -> str:
        if _CONTROL.search(text):
            text = _CONTROL.sub(" ", text)
        if kind != "text-list" and text[:1] not in FORMULA_START and text == text.strip():  # most values
            return text
        items = text.split("|") if kind == "text-list" else [text]
        fixed = []
        for item in items:
            item = item.strip()
            if item.startswith(FORMULA_START):
                self.warn(where, f"{name} '{item[:40]}' starts with '{item[0]}': written with a leading apostrophe")
                item = "'" + item
            fixed.append(item)
        return "|".join(fixed)

    def _finish(self) -> None:
        self.store.flush()
        db = self.db
        db.execute("COMMIT")
        db.execute("CREATE INDEX by_seq ON firsts(file, seq)")
        self._check_refs()
        counts: dict[str, int] = {}
        for file in FILES:
            names = [c.name for c in self.onto.columns[file]]
            query = (
                "SELECT r.row, r.place FROM rows r JOIN firsts f ON f.file=r.file AND f.key=r.key "
                "WHERE r.file=? ORDER BY f.seq, r.sub"
            )
            n = 0
            with open(self.stage / f"{file}.csv", "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(names)
                for row_json, _place in db.execute(query, (file,)):
                    row = json.loads(row_json)
                    writer.writerow([row.get(name, "") for name in names])
                    n += 1
            counts[file] = n
        if not counts["facts"]:
            (self.stage / "facts.csv").unlink()
        verified = not self.problems and sum(counts.values()) <= VERIFY_ROWS
        if verified:
            self._verify()
        db.close()
        (self.stage / ".import.sqlite").unlink()
        if self.problems:
            raise DataError(sorted(self.problems))
        self.report = {
            "importer": self.importer,
            "inputs": self.inputs,
            "rows": counts,
            "warnings": self.warned,
            "verified": "whole" if verified else "row by row",
            "warnings_listed": [w.format() for w in self.warnings],
            **self.extra,
        }
        with open(self.stage / REPORT, "w", encoding="utf-8") as fh:
            json.dump(self.report, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.write("\n")

    def _check_refs(self) -> None:
        """Every entity and source a row names is one this import writes (SQL over the store: memory stays flat)."""
        for file in FILES:
            for name, spec in self.specs[file].items():
                target = {"entity": "entities", "source": "sources"}.get(spec.kind)
                if target is None or file == target:
                    continue
                for place, ref in self.store.dangling(file, name, target):
                    self.problem(
                        Located(*json.loads(place)),
                        f"{name} '{ref}' names no {'source' if target == 'sources' else 'entity'} of this import",
                        "the input must describe every record a relationship names (or import with allow_dangling)",
                    )

    def _verify(self) -> None:
        """kg's own reader over what was written: whatever it finds is a problem at the record it came from."""
        from kg.ingest.dataset import read_dataset

        try:
            read_dataset(self.stage, self.onto)
        except DataError as exc:
            for p in exc.problems:
                file = Path(p.path).stem
                place = self.store.place_of_line(file, p.line)  # every row is one line (no newline survives)
                here = Located(*json.loads(place)) if place else Located(p.path)
                self.problems.append(here.problem(f"{p.message} ({file}.csv column {p.column})", p.hint, p.severity))
