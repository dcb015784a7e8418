"""Typed errors. The library raises these and never prints or exits; the CLI
turns them into one clear message and an exit code."""

from __future__ import annotations

from dataclasses import dataclass, field


class KGError(Exception):
    """Base class of every error kg raises on purpose."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in input data, located as precisely as we can.

    ``line`` and ``column`` are 1-based; 0 means "the whole file" / "the whole row".
    """

    path: str
    line: int = 0
    column: int = 0
    message: str = ""
    hint: str = ""
    severity: str = "error"  # or "warning"

    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: {self.message}" if self.severity != "error" else f"{where}: {self.message}"
        if self.hint:
            text += f" (fix: {self.hint})"
        return text

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class DataError(KGError):
    """Input data is invalid. Carries every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    def __str__(self) -> str:  # pragma: no cover - trivial
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{len(errors)} problem(s) in the data"
        return head + ":\n" + "\n".join(p.format() for p in self.problems)


class OntologyError(KGError):
    """The ontology is inconsistent: names the bad term."""


class QueryError(KGError):
    """A query is malformed or failed."""


class UsageError(KGError):
    """The command line or an API call was used wrongly."""

    exit_code = 2


class NotFound(KGError):
    """An entity (or other named thing) does not exist or is ambiguous."""

    def __init__(self, message: str, candidates: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.candidates = candidates or []
