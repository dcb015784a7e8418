"""The typed results of reading a dataset: one :class:`Record` per valid row, a :class:`Dataset` of them,
and the :class:`ProblemLog` that collects every problem found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import Problem


class ProblemLog:
    """Collects problems (errors and warnings) with file, line, column and a suggested fix."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: str, line: int, column: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, line, column, message, hint))

    def warn(self, path: str, line: int, column: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, line, column, message, hint, "warning"))


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


def problem_order(p: Problem):
    """Problems sorted by file, line, column, then message."""
    return (p.path, p.line, p.column, p.message)
