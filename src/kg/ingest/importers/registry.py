"""The import formats kg knows, by name: what ``kg import FORMAT`` and :func:`import_register` dispatch on.

The format modules are imported only when asked for, so ``kg --help`` does not load ijson or defusedxml.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from kg.errors import UsageError

MODULES: tuple[str, ...] = ("bods", "gleif")  # kg.ingest.importers.<name>, each with a FORMAT record


@dataclass(frozen=True)
class Flag:
    """A yes/no option of one format: ``--allow-dangling`` on the command line, ``allow_dangling=True`` in Python."""

    name: str
    help: str


@dataclass(frozen=True)
class ImportFormat:
    name: str
    summary: str  # one line: what files it reads
    run: Callable[..., dict]  # run(paths, out, **options) -> the import report
    flags: tuple[Flag, ...] = field(default=())


def formats() -> dict[str, ImportFormat]:
    """Every import format, by name, in the order kg lists them."""
    found = [import_module(f"kg.ingest.importers.{m}").FORMAT for m in MODULES]
    return {f.name: f for f in found}


def import_register(format: str, paths: Sequence[str | Path] | str | Path, out: str | Path, **options) -> dict:
    """Import register files into a dataset folder ``out`` that ``kg build --data OUT`` builds.

    Returns the import report (rows per file, warnings). Raises :class:`~kg.errors.DataError` with every
    problem, each naming the input file, line, column or record and the fix; then nothing is written.
    """
    known = formats()
    if format not in known:
        raise UsageError(f"unknown import format '{format}': kg imports {', '.join(known) or 'nothing yet'}")
    if isinstance(paths, str | Path):
        paths = [paths]
    allowed = {f.name.replace("-", "_") for f in known[format].flags}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise UsageError(f"kg import {format} has no option {', '.join(unknown)}")
    return known[format].run([Path(p) for p in paths], Path(out), **options)
