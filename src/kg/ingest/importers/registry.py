"""The import formats kg knows, by name: what ``kg import FORMAT`` and :func:`import_register` dispatch on.

Declared here, not in the format modules, so that building ``kg``'s parser (every command does) imports no
format module: those load ijson, defusedxml and the ontology only when an import runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from kg.errors import UsageError


@dataclass(frozen=True)
class Flag:
    """A yes/no option of one format: ``--allow-dangling`` on the command line, ``allow_dangling=True`` in Python."""

    name: str
    help: str

    @property
    def key(self) -> str:
        return self.name.replace("-", "_")


@dataclass(frozen=True)
class Printout:
    """An option that prints a text the format ships instead of importing: ``--print-query`` on the command line.

    ``run`` ("module:function") is called with the PATH arguments, read as the printout's own (the Q-ids
    of ``kg import wikidata --print-query Q95 Q312``), and returns the text; nothing is read or written.
    """

    name: str
    help: str
    run: str

    @property
    def key(self) -> str:
        return self.name.replace("-", "_")

    def __call__(self, args: Sequence[str]) -> str:
        module, function = self.run.split(":")
        return getattr(import_module(module), function)(list(args))


@dataclass(frozen=True)
class ImportFormat:
    name: str
    summary: str  # one line: what files it reads
    run: str  # "module:function", called as function(paths, out, **options) -> the import report
    flags: tuple[Flag, ...] = field(default=())
    printouts: tuple[Printout, ...] = field(default=())

    def __call__(self, paths: list[Path], out: Path, **options) -> dict:
        module, function = self.run.split(":")
        return getattr(import_module(module), function)(paths, out, **options)


FORMATS: tuple[ImportFormat, ...] = (
    ImportFormat(
        "bods",
        "BODS 0.4 statements (a JSON array or JSON Lines)",
        "kg.ingest.importers.bods:import_bods",
        (Flag("allow-dangling", "make a record no statement describes an UnspecifiedParty (with a warning)"),),
    ),
    ImportFormat(
        "gleif",
        "GLEIF golden-copy XML (LEI-CDF, RR-CDF, reporting exceptions) or API JSON",
        "kg.ingest.importers.gleif:import_gleif",
    ),
    ImportFormat(
        "ftm",
        "FollowTheMoney entities as JSON Lines (needs the extra: pip install 'kg[ftm]')",
        "kg.ingest.importers.ftm:import_ftm",
    ),
    ImportFormat(
        "wikidata",
        "Wikidata SPARQL 1.1 JSON results of the query kg prints (kg import wikidata --print-query Q…)",
        "kg.ingest.importers.wikidata:import_wikidata",
        printouts=(
            Printout(
                "print-query",
                "print the SPARQL query whose JSON results kg imports, for the items given as PATHs (Q-ids such as Q95)",
                "kg.ingest.importers.wikidata_query:query_text",
            ),
        ),
    ),
)


def formats() -> dict[str, ImportFormat]:
    """Every import format, by name, in the order kg lists them."""
    return {f.name: f for f in FORMATS}


def import_register(format: str, paths: Sequence[str | Path] | str | Path, out: str | Path, **options) -> dict:
    """Import register files into a dataset folder ``out`` that ``kg build --data OUT`` builds.

    Returns the import report (rows per file, warnings). Raises :class:`~kg.errors.DataError` with every
    problem, each naming the input file, line, column or record and the fix; then nothing is written.
    """
    known = formats()
    if format not in known:
        raise UsageError(f"unknown import format '{format}': kg imports {', '.join(known)}")
    if isinstance(paths, str | Path):
        paths = [paths]
    unknown = sorted(set(options) - {f.key for f in known[format].flags})
    if unknown:
        raise UsageError(f"kg import {format} has no option {', '.join(unknown)}")
    return known[format]([Path(p) for p in paths], Path(out), **options)
