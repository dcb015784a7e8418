"""Read and validate a dataset directory (``sources.csv``, ``entities.csv``,
``relations.csv``, ``facts.csv``) into typed records.

Every problem is collected, not just the first, each with file, line, column
and a suggested fix. The column contract comes from the ontology. The stages:
:mod:`kg.ingest.reader` (files → rows → records, by :mod:`kg.ingest.cells`),
:mod:`kg.ingest.references` (across files), :mod:`kg.ingest.shares` (share totals).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from kg.errors import DataError, Problem, UsageError
from kg.ingest.decode import check_encoding
from kg.ingest.fastread import read_file_fast
from kg.ingest.reader import Reader, read_file
from kg.ingest.records import Dataset, display_path, problem_order
from kg.ingest.references import check_references
from kg.ingest.safe_io import describe_path
from kg.ingest.shares import check_share_totals
from kg.nogc import paused_gc
from kg.schema.ontology import Ontology, load_ontology
from kg.schema.vocab import CSV_FILES, REQUIRED_FILES


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
    reader = Reader(onto, directory, encoding)
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
        # records are many small objects without cycles: the collector would rescan them over and over
        with paused_gc():
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
                records = read_file_fast(reader, file, path, shown)  # None: not simple or not valid, read it exactly
                getattr(ds, file).extend(read_file(reader, file, path, shown) if records is None else records)
            check_references(reader, ds)
            check_share_totals(reader, ds)
    finally:
        csv.field_size_limit(old_limit)
    errors = [p for p in reader.problems if p.severity == "error"]
    if errors:
        raise DataError(sorted(reader.problems, key=problem_order))
    ds.warnings = sorted(reader.problems, key=problem_order)
    return ds
