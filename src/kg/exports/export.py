"""``kg export FORMAT -o PATH``: one output format of a built or compiled graph, written atomically.

The formats are those of ``kg build`` (:mod:`kg.exports.registry`, the opt-in ones included), written by the same
writers so that the bytes are the same, plus two of its own: ``ntriples`` (the compiled graph's sorted
``graph.nt``, copied as it is; written from the graph when there is no compiled graph) and ``csv`` (one row per
statement of the NetworkX projection, in the projection's order, with the two ends' labels, every relations.csv
column and the source's title; every text cell guarded against spreadsheet formulas).

A file is written to a temporary file beside it and renamed into place, so an error or Ctrl-C never leaves a
half-written file; ``-`` writes to standard output as bytes. A path inside the dataset folder or the compiled graph
is refused: kg never writes into its own inputs.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import UsageError
from kg.exports.registry import FORMATS, OPT_IN
from kg.untrusted import spreadsheet_cell

NTRIPLES = "ntriples"
CSV = "csv"
STDOUT = "-"
_ENDS = ("subject", "predicate", "object")  # relations.csv's columns that lead each row, with the labels between


def format_names() -> list[str]:
    """Every format ``kg export`` takes, in the registry's order, then its own two."""
    return [f.name for f in (*FORMATS, *OPT_IN)] + [NTRIPLES, CSV]


def writer(name: str) -> Callable[[Any, BinaryIO], None]:
    """The function that writes format ``name``; :class:`~kg.errors.UsageError` listing the formats otherwise."""
    if name == NTRIPLES:
        return write_ntriples_copy
    if name == CSV:
        return write_statements_csv
    for f in (*FORMATS, *OPT_IN):
        if name in (f.name, f.file):
            return _with_build_report(f.write) if f.name == "summary" else f.write
    raise UsageError(f"unknown export format {name!r}; choose from {', '.join(format_names())}")


def write_ntriples_copy(kg: Any, fh: BinaryIO) -> None:
    """The compiled graph's ``graph.nt`` as it is (no rebuild); a graph in memory written the same way."""
    directory = getattr(kg, "directory", None)
    if directory is not None:
        from kg.compiled.manifest import NTRIPLES as NT_FILE
        from kg.compiled.manifest import bad

        path = Path(directory) / NT_FILE
        if not path.is_file():
            raise bad(path, "the compiled graph's N-Triples are missing")
        with open(path, "rb") as src:
            shutil.copyfileobj(src, fh, 1 << 20)
        return
    from kg.graph.rdfwrite import write_ntriples

    write_ntriples(kg.rdf, fh, kg.subjects)


def csv_header(kg: Any) -> list[str]:
    """The CSV's columns: subject, subject_label, predicate, object, object_label, statement, family, the other
    relations.csv columns in the ontology's order, source_title."""
    rest = [c.name for c in kg.ontology.columns["relations"] if c.name not in _ENDS]
    s, p, o = _ENDS
    return [s, f"{s}_label", p, o, f"{o}_label", "statement", "family", *rest, "source_title"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


def statement_rows(kg: Any) -> Iterator[list[str]]:
    """The CSV's rows (header first), one per statement of the projection in its order, every cell guarded."""
    header = csv_header(kg)
    yield header
    G = kg.nx
    titles = {sid: rec.get("title", "") for sid, rec in kg.sources.items()}
    s_name, s_label, p_name, o_name, o_label = header[:5]
    for s, o, key, attrs in G.edges(keys=True, data=True):
        values = {
            **attrs,
            s_name: s,
            s_label: G.nodes[s].get("label", s),
            p_name: attrs.get("predicate", ""),
            o_name: o,
            o_label: G.nodes[o].get("label", o),
            "source_title": titles.get(attrs.get("source", ""), ""),
        }
        values.setdefault("statement", key)
        yield [spreadsheet_cell(_text(values.get(c))) for c in header]


def write_statements_csv(kg: Any, fh: BinaryIO) -> None:
    """:func:`statement_rows` as UTF-8 CSV (RFC 4180 quoting, CRLF line ends as the csv module writes)."""
    buf = io.StringIO()
    out = csv.writer(buf)
    for i, row in enumerate(statement_rows(kg), 1):
        out.writerow(row)
        if i % 10_000 == 0:  # bounded memory: written in batches
            fh.write(buf.getvalue().encode("utf-8"))
            buf.seek(0)
            buf.truncate()
    fh.write(buf.getvalue().encode("utf-8"))


def _with_build_report(write: Callable[[Any, BinaryIO], None]) -> Callable[[Any, BinaryIO], None]:
    """``summary``: the build's report lists the rows left out for low confidence; a compiled graph does not keep
    them, so they are read again from its dataset when that is the one it was built from (as ``kg build`` wrote)."""

    def run(kg: Any, fh: BinaryIO) -> None:
        if "left_out" not in kg.report and getattr(kg, "manifest", None) is not None:
            left = _left_out(kg)
            if left is not None:
                kg.report["left_out"] = left
        write(kg, fh)

    return run


def _left_out(kg: Any) -> list[str] | None:
    from kg.compiled.manifest import changed_input
    from kg.ingest.dataset import read_dataset
    from kg.schema.specs import default_ontology_dir
    from kg.schema.vocab import DEFAULT_MIN_CONFIDENCE, confidence_rank

    data = Path(str(kg.manifest.get("data") or "data"))
    if not data.is_dir() or changed_input(kg.directory, kg.manifest, data, default_ontology_dir()) is not None:
        return None
    floor = confidence_rank(kg.report.get("min_confidence") or DEFAULT_MIN_CONFIDENCE)
    ds = read_dataset(data, kg.ontology)
    return [r.where for r in (*ds.relations, *ds.facts) if confidence_rank(r.get("confidence")) < floor]


def protected_folders(kg: Any) -> list[Path]:
    """The folders an export must not write into: the graph's dataset folder and its compiled graph."""
    folders = []
    dataset = getattr(kg, "dataset", None)
    if dataset is not None:
        folders.append(Path(dataset.directory))
    manifest = getattr(kg, "manifest", None)
    if isinstance(manifest, dict):
        folders += [Path(str(manifest.get("data") or "data")), Path(kg.directory)]
    return folders


def check_path(out: Path, protected: list[Path]) -> None:
    """UsageError when ``out`` is inside one of ``protected`` (resolved, symlinks followed) or is a folder."""
    real = Path(os.path.realpath(out))
    for folder in protected:
        inside = Path(os.path.realpath(folder))
        if real == inside or inside in real.parents:
            raise UsageError(f"-o {out} is inside {folder}, which kg reads; write the export somewhere else")
    if real.is_dir():
        raise UsageError(f"-o {out} is a folder; give a file name")


def export(kg: Any, name: str, out: str | Path, *, protect: tuple[str | Path, ...] = ()) -> dict:
    """Write ``kg`` (a :class:`~kg.graph.knowledge.KnowledgeGraph` or a compiled graph) as format ``name`` to
    ``out`` (``-``: standard output), atomically; returns what was written (format, path, bytes).

    ``protect``: more folders ``out`` must not be inside (the CLI's ``--data``).
    """
    write = writer(name)
    if str(out) == STDOUT:  # spooled first: the same bytes as a file (a zip needs to seek), nothing on error
        with tempfile.SpooledTemporaryFile(max_size=64 << 20) as spool:
            write(kg, spool)  # type: ignore[arg-type]
            size = spool.tell()
            spool.seek(0)
            shutil.copyfileobj(spool, sys.stdout.buffer, 1 << 20)
        sys.stdout.buffer.flush()
        return {"format": name, "path": STDOUT, "bytes": size}
    target = Path(out)
    check_path(target, [*protected_folders(kg), *map(Path, protect)])
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(kg, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:  # an error or Ctrl-C: no half-written file, the previous one (if any) kept
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return {"format": name, "path": str(target), "bytes": target.stat().st_size}
