"""Reading BODS statements from a file, one at a time, in bounded memory: a JSON array or JSON Lines.

A BODS file is a top-level JSON array of statements (read with ``ijson``'s C parser, one statement at a
time) or JSON Lines, one statement per line (read line by line). Either way no statement may take more
than 1 MiB nor nest deeper than 64 levels, so memory stays bounded whatever the file's size. Every
failure is a problem located at the file, the line (JSON Lines) or the JSON pointer of the statement
(an array: ``/3`` is the fourth statement), with the fix; the reader never raises on bad input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from kg.ingest.importers.common import Located, bounded_lines
from kg.ingest.safe_io import FileRefused, open_regular

MAX_DEPTH = 64  # the deepest a statement may nest (a real one nests 6 deep)
MAX_STATEMENT = 1 << 20  # bytes: a JSON Lines line, or one statement of an array
CHUNK = 1 << 16
ARRAY_HINT = "a BODS file is a JSON array of statements ([{...}, {...}]) or JSON Lines (one statement per line)"

Report = Callable[[Located, str, str], None]  # problem(where, message, fix)


@dataclass(frozen=True, slots=True)
class Where:
    """Where a statement is: the file, its line (JSON Lines; 0 in an array) and its JSON pointer prefix."""

    file: str
    line: int
    pointer: str  # "/3" for the fourth statement of an array, "" for a JSON Lines line

    def at(self, path: str = "") -> Located:
        """The place of ``path`` (a JSON pointer inside the statement, e.g. "/recordDetails/interests/0")."""
        return Located(self.file, self.line, 0, record=self.pointer + path)


class _TooBig(Exception):
    """One statement of an array passed MAX_STATEMENT bytes: reading stops there."""


class _Counting:
    """A binary file that counts the bytes read since the last statement and stops a runaway one."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.since = 0

    def read(self, n: int = -1) -> bytes:
        chunk = self.fh.read(CHUNK if n is None or n < 0 else min(n, CHUNK))
        self.since += len(chunk)
        if self.since > MAX_STATEMENT + CHUNK:
            raise _TooBig
        return chunk


def too_deep(value: object) -> bool:
    """True when ``value`` nests deeper than MAX_DEPTH (iterative: no recursion on hostile input)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, dict | list))
    return False


def statements(path: str, name: str, problem: Report) -> Iterator[tuple[Where, object]]:
    """Each statement of the file at ``path`` (shown as ``name``) with where it is; problems go to ``problem``."""
    try:
        fh = open_regular(path)
    except FileRefused as exc:
        problem(Located(name), exc.message, exc.hint)
        return
    with fh:
        head = fh.peek(CHUNK)[:CHUNK]  # type: ignore[attr-defined]
        if head.startswith(b"\xef\xbb\xbf"):
            fh.read(3)
            head = head[3:]
        first = head.lstrip()[:1]
        if first == b"[":
            yield from _array(fh, name, problem)
        elif first == b"{":
            yield from _lines(fh, name, problem)
        elif not first:
            problem(Located(name), "the file is empty", ARRAY_HINT)
        else:
            problem(
                Located(name, 1, 1),
                f"the file starts with {first.decode('latin-1')!r}, not a JSON array or object",
                ARRAY_HINT,
            )


def _deep(where: Where, problem: Report) -> None:
    problem(where.at(), f"the statement nests deeper than {MAX_DEPTH} levels", "a BODS statement nests a few levels")


def _array(fh: BinaryIO, name: str, problem: Report) -> Iterator[tuple[Where, object]]:
    import ijson

    counting = _Counting(fh)
    n = 0
    try:
        for item in ijson.items(counting, "item", buf_size=CHUNK):
            counting.since = 0
            where = Where(name, 0, f"/{n}")
            n += 1
            if too_deep(item):
                _deep(where, problem)
                continue
            yield where, item
    except _TooBig:
        problem(
            Located(name, record=f"/{n}"),
            f"statement {n + 1} is larger than {MAX_STATEMENT} bytes",
            "a BODS statement is a few kilobytes: check the file is a BODS statements file",
        )
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
        problem(
            Located(name, record=f"/{n}"),
            f"the JSON is broken in or after statement {n + 1}: {(str(exc).strip().splitlines() or [''])[0][:200]}",
            "the file must be one valid JSON array (UTF-8); re-export it, or check it was not cut short",
        )


def _lines(fh: BinaryIO, name: str, problem: Report) -> Iterator[tuple[Where, object]]:
    for line_no, raw in bounded_lines(fh, MAX_STATEMENT):
        if raw is None:
            problem(
                Located(name, line_no, 1),
                f"line {line_no} is longer than {MAX_STATEMENT} bytes",
                "JSON Lines holds one statement (a few kilobytes) per line; check the file is BODS JSON Lines",
            )
            continue
        if not raw.strip():
            continue
        where = Where(name, line_no, "")
        try:
            item = json.loads(raw.rstrip(b"\r\n").decode("utf-8"), parse_float=Decimal)
        except UnicodeDecodeError as exc:
            problem(Located(name, line_no, exc.start + 1), "the line is not valid UTF-8", "save the file as UTF-8")
            continue
        except RecursionError:
            _deep(where, problem)
            continue
        except json.JSONDecodeError as exc:
            problem(
                Located(name, line_no, exc.colno),
                f"not a JSON value: {exc.msg}",
                "JSON Lines holds one complete JSON statement per line (a pretty-printed file is a JSON array)",
            )
            continue
        if raw.count(b"{") + raw.count(b"[") > MAX_DEPTH and too_deep(item):  # fewer brackets: cannot nest deeper
            _deep(where, problem)
            continue
        yield where, item
