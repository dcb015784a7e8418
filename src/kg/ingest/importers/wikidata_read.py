"""Read W3C SPARQL 1.1 Query Results JSON (the results of kg's Wikidata query) as a stream of bindings.

The file is read twice with ``ijson``: a streaming pass that bounds the nesting depth and finds the
variables (``head.vars``), then one binding (result row) at a time, so memory does not grow with the
file. Anything that is not SELECT results of kg's query is refused naming what was found; each term of a
binding is checked for its RDF term type (``uri``, ``literal``, ``bnode``) where it is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import ijson

from kg.ingest.importers.wikidata_query import REQUIRED
from kg.ingest.safe_io import open_regular

MAX_DEPTH = 8  # {"results": {"bindings": [{"var": {…}}]}} is 4 deep
MAX_VALUE = 10_000  # characters of one term's value
SNIFF_BYTES = 256
ENTITY = "http://www.wikidata.org/entity/"
GENID = "http://www.wikidata.org/.well-known/genid/"
REFERENCE = "http://www.wikidata.org/reference/"
STATEMENT = ENTITY + "statement/"
SAVE = "run kg's query (kg import wikidata --print-query Q…) at https://query.wikidata.org and download the results as JSON"


class Refused(Exception):
    """The file cannot be read on: a message, a JSON pointer and the fix."""

    def __init__(self, message: str, pointer: str, fix: str = SAVE):
        super().__init__(message)
        self.message, self.pointer, self.fix = message, pointer, fix


@dataclass(frozen=True)
class Term:
    """One RDF term of a binding, as the JSON results give it."""

    type: str  # uri, literal or bnode
    value: str
    datatype: str = ""
    lang: str = ""


def _pointer(prefix: str, row: int) -> str:
    """The JSON pointer of a place: the result row within the bindings (ijson's prefixes cannot tell
    an array's items from a variable named ``item``), else the path of object keys."""
    if prefix.startswith("results.bindings.item"):
        return f"/results/bindings/{row}"
    return "/" + prefix.replace(".", "/") if prefix else ""


def _sniff(path: str) -> None:
    with open_regular(path) as f:
        head = f.read(SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return
    shown = head.split(b"\n", 1)[0][:60].decode("utf-8", "replace")
    what = "an empty file" if not head else f"a file starting {shown!r}"
    raise Refused(f"is {what}, not SPARQL 1.1 JSON results", "", SAVE + " (not CSV or TSV)")


def scan(path: str) -> list[str]:
    """The variables of the results, checking well-formedness, depth and shape on the way."""
    _sniff(path)
    depth, names, bindings, boolean, row, prefix = 0, [], False, False, -1, ""
    with open_regular(path) as f:
        try:
            for prefix, event, value in ijson.parse(f):
                if event in ("start_map", "start_array"):
                    depth += 1
                    row += prefix == "results.bindings.item" and depth == 4
                    if depth > MAX_DEPTH:
                        raise Refused(f"the JSON is nested more than {MAX_DEPTH} deep", _pointer(prefix, row))
                    bindings = bindings or (prefix == "results.bindings" and event == "start_array")
                elif event in ("end_map", "end_array"):
                    depth -= 1
                elif prefix == "head.vars.item" and event == "string":
                    names.append(value)
                elif prefix == "boolean":
                    boolean = True
        except ijson.JSONError as exc:
            first = str(exc).strip().split("\n", 1)[0]
            raise Refused(f"not valid JSON: {first[:120]}", _pointer(prefix, row) if depth else "") from None
    if boolean:
        raise Refused("is the result of an ASK query (a boolean), not of kg's SELECT query", "/boolean")
    if not bindings:
        raise Refused("has no results.bindings array: it is not SPARQL 1.1 JSON results", "/results/bindings")
    missing = [v for v in REQUIRED if v not in names]
    if missing:
        raise Refused(f"head.vars lacks ?{missing[0]}: these are the results of another query than kg's", "/head/vars")
    return names


def bindings(path: str) -> Iterator[tuple[str, dict[str, Term] | str]]:
    """(pointer, terms) for every result row; a row that is malformed gives (pointer, what is wrong) instead."""
    with open_regular(path) as f:
        for n, row in enumerate(ijson.items(f, "results.bindings.item", use_float=False)):
            pointer = f"/results/bindings/{n}"
            if not isinstance(row, dict):
                yield pointer, f"a binding is a JSON {type(row).__name__}, not an object of variables"
                continue
            terms: dict[str, Term] = {}
            bad = ""
            for name, term in row.items():
                bad = _bad_term(name, term)
                if bad:
                    yield f"{pointer}/{name}", bad
                    break
                terms[name] = Term(
                    term["type"].replace("typed-", ""),
                    term["value"],
                    term.get("datatype", ""),
                    term.get("xml:lang", ""),
                )
            if not bad:
                yield pointer, terms


def _bad_term(name: str, term: object) -> str:
    if not isinstance(term, dict):
        return f"?{name[:40]} is a JSON {type(term).__name__}, not an RDF term object"
    kind, value = term.get("type"), term.get("value")
    if kind not in ("uri", "literal", "bnode", "typed-literal") or not isinstance(value, str):
        return f"?{name[:40]} is not an RDF term (type uri, literal or bnode with a text value)"
    if len(value) > MAX_VALUE:
        return f"?{name[:40]} has a value of {len(value)} characters (at most {MAX_VALUE})"
    if any(not isinstance(term.get(k, ""), str) for k in ("datatype", "xml:lang")):
        return f"?{name[:40]} has a datatype or language that is not text"
    return ""
