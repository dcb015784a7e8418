"""Batch questions: many entities answered in one process, one answer or one failure per input line.

:func:`entity_lines` reads the entities (one a line; ``-`` is standard input, read line by line as it comes;
blank lines and ``#`` comments skipped) through kg's bounded reader; :func:`answers` asks one question of each
and yields an :class:`Answer` or a :class:`Failure` (the typed error, with the input's line number) as soon as
it is known, so a bad entity costs one line and the rest still answer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from kg.errors import KGError, UsageError
from kg.ingest.safe_io import FileRefused, read_regular

MAX_INPUT_BYTES = 512 * 1024 * 1024  # as for every file kg reads
MAX_LINE_BYTES = 64 * 1024  # an entity reference; a longer line is not one
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Answer(Generic[T]):
    line: int  # 1-based line of the input
    entity: str  # as written in the input
    result: T


@dataclass(frozen=True, slots=True)
class Failure:
    line: int
    entity: str
    error: KGError

    def message(self, shown: str) -> str:
        """One line: where in the input, and what went wrong (with the candidates of an ambiguous name)."""
        text = " ".join(str(self.error).split())
        candidates = getattr(self.error, "candidates", None)
        if candidates:
            text += " (candidates: " + ", ".join(ident for ident, _label in candidates) + ")"
        return f"{shown}:{self.line}: {text}"


def _wanted(raw: str) -> str | None:
    text = raw.strip()
    return None if not text or text.startswith("#") else text


def entity_lines(path: str, stdin: IO[bytes] | None = None) -> Iterator[tuple[int, str]]:
    """(line number, entity) for each entity in the file at ``path`` (``-``: ``stdin``, else standard input)."""
    if path == "-":
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
        yield from _stream_lines(stream if stream is not None else _Encoded(sys.stdin))
        return
    try:
        raw = read_regular(Path(path), MAX_INPUT_BYTES)
    except FileRefused as exc:
        raise UsageError(f"input {path}: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")) from None
    for n, line in enumerate(_decode(raw, path, 1).splitlines(), 1):
        entity = _wanted(line)
        if entity is not None:
            yield n, entity


def _decode(raw: bytes, shown: str, line: int) -> str:
    try:
        return raw.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"input {shown}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None


def _stream_lines(stream: Any) -> Iterator[tuple[int, str]]:
    total = 0
    for n, raw in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""), 1):
        total += len(raw)
        if len(raw) > MAX_LINE_BYTES or total > MAX_INPUT_BYTES:
            raise UsageError(f"input -:{n}: longer than kg reads ({MAX_LINE_BYTES} bytes a line)")
        entity = _wanted(_decode(raw, "-", n))
        if entity is not None:
            yield n, entity


class _Encoded:
    """A text stream read as UTF-8 bytes, line by line (standard input replaced by a text stream)."""

    def __init__(self, text: IO[str]):
        self.text = text

    def readline(self, limit: int) -> bytes:
        return self.text.readline(limit).encode("utf-8")


def answers(lines: Iterable[tuple[int, str]], ask: Callable[[str], Any]) -> Iterator[Answer | Failure]:
    """``ask(entity)`` for each input line, in order: its :class:`Answer`, or a :class:`Failure` for a typed error."""
    for n, entity in lines:
        try:
            yield Answer(n, entity, ask(entity))
        except KGError as exc:
            yield Failure(n, entity, exc)
