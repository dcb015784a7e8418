"""Read an RDF file from a stranger without letting it hurt: bounded size, no entity expansion, bounded depth, no network.

Everything here runs before the bytes reach a parser:

* the file must be a regular file (not a pipe, device or directory) of at most
  :data:`MAX_RDF_BYTES`, read through one descriptor so a swapped symlink cannot slip past;
* RDF/XML: the prolog is scanned with expat up to the root element; a DOCTYPE that declares
  entities or names an external DTD is refused (billion laughs, external entities);
* JSON-LD: nesting depth is counted iteratively (no recursion) and a remote ``@context`` or
  ``@import`` is refused, so nothing is ever fetched.

Each refusal is a :class:`~kg.errors.DataError` naming the file, the line where known, and the fix.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.parsers import expat

from kg.errors import DataError, Problem
from kg.ingest.safe_io import MAX_FILE_BYTES, FileRefused, TooLarge, read_regular

MAX_RDF_BYTES = MAX_FILE_BYTES
MAX_JSON_DEPTH = 64  # kg's own JSON-LD nests 4 levels; a parser's recursion is what deep nesting attacks
XML_CHUNK = 64 * 1024


def _refuse(shown: str, message: str, hint: str = "", line: int = 0, column: int = 0) -> DataError:
    return DataError([Problem(shown, line, column, message, hint)])


def read_bytes(path: Path, shown: str, limit: int = MAX_RDF_BYTES) -> bytes:
    """The file's bytes, refusing anything but a regular file of at most ``limit`` bytes (:func:`kg.ingest.safe_io.read_regular`)."""
    try:
        return read_regular(path, limit)
    except TooLarge as exc:
        raise _refuse(
            shown, exc.message, "split the graph into smaller files or load it into a SPARQL store (--endpoint)"
        ) from None
    except FileRefused as exc:
        message = "file does not exist" if exc.message.endswith("it does not exist") else exc.message
        raise _refuse(shown, message, exc.hint) from None


# -- RDF/XML ----------------------------------------------------------------------


class _RootReached(Exception):
    pass


def check_xml_prolog(data: bytes, shown: str) -> None:
    """Refuse DTD entity declarations and external DTDs/entities, reading only up to the root element."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def where() -> dict:  # expat reports a declaration at its end: the line is right, the column is not useful
        return {"line": parser.CurrentLineNumber}

    def doctype(name, system_id, public_id, _has_internal_subset):
        if system_id or public_id:
            raise _refuse(
                shown,
                f"the DOCTYPE refers to an external DTD '{system_id or public_id}', which kg does not fetch",
                "remove the DOCTYPE: RDF/XML needs none",
                **where(),
            )

    def entity(name, is_parameter, _value, _base, system_id, _public_id, _notation):
        kind = "an external entity" if system_id else "a parameter entity" if is_parameter else "an entity"
        raise _refuse(
            shown,
            f"the DOCTYPE declares {kind} '{name}'; kg expands no XML entities",
            "remove the DOCTYPE and write the text out in full",
            **where(),
        )

    def root(_name, _attrs):
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        for start in range(0, len(data), XML_CHUNK):
            parser.Parse(data[start : start + XML_CHUNK], False)
        parser.Parse(b"", True)
    except _RootReached:
        return
    except expat.ExpatError as exc:
        raise _refuse(
            shown,
            f"not valid XML: {expat.ErrorString(exc.code)}",
            "fix the syntax at that position",
            exc.lineno,
            exc.offset + 1,
        ) from None


# -- JSON-LD ----------------------------------------------------------------------

# A JSON string (with an optional ':' after it, which makes it a key) or a bracket; all else is skipped.
_JSON_TOKEN = re.compile(rb'"([^"\\]*(?:\\.[^"\\]*)*)"(\s*:)?|[\[\]{}]', re.DOTALL)
_REMOTE_KEYS = {"@context", "@import"}


def check_json(data: bytes, shown: str, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than ``max_depth`` and JSON-LD that names a remote context.

    One left-to-right pass over the tokens with an explicit stack: linear time, no recursion.
    """
    stack: list[bool] = []  # per open container: is it the array value of @context?
    pending: str | None = None  # the key whose value comes next
    for m in _JSON_TOKEN.finditer(data):
        tok = m.group()
        if tok in (b"{", b"["):
            if len(stack) >= max_depth:
                raise _refuse(
                    shown,
                    f"JSON nesting is deeper than {max_depth} levels",
                    "flatten the document (kg's own JSON-LD nests 4 levels)",
                    *_position(data, m.start()),
                )
            stack.append(tok == b"[" and pending in _REMOTE_KEYS)
            pending = None
        elif tok in (b"}", b"]"):
            if stack:
                stack.pop()
            pending = None
        elif m.group(2):  # a key
            raw = m.group(1)
            pending = _decode(raw) if len(raw) <= 16 else None
        else:  # a string value
            if pending in _REMOTE_KEYS or (pending is None and stack and stack[-1]):
                url = _decode(m.group(1)) or ""
                shown_url = url if len(url) <= 80 else url[:79] + "…"
                raise _refuse(
                    shown,
                    f"JSON-LD {pending or '@context'} '{shown_url}' is a remote document, which kg does not fetch",
                    "put the context in the file as an object",
                    *_position(data, m.start()),
                )
            pending = None


def _decode(raw: bytes) -> str | None:
    try:
        return json.loads(b'"' + raw + b'"')
    except ValueError:
        return None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", "replace")) + 1
