"""The one writer of query results: the W3C SPARQL 1.1 result formats (JSON, XML, CSV, TSV) and
RDF for CONSTRUCT/DESCRIBE, for ``kg query`` and ``kg serve`` alike, written row by row.

Results are written straight from Oxigraph's terms — nothing is turned back into query
text, so blank nodes, long literals and odd characters come out as they are. The
writer stops as soon as the answer passes ``max_rows`` rows or ``max_bytes`` bytes, so
memory stays bounded by the cap whatever the query returns. XML output stays
well-formed: characters XML 1.0 does not allow (U+0000–U+001F but tab/newline/return,
lone surrogates, U+FFFE, U+FFFF) become U+FFFD; CSV and TSV cells from the data cannot run as
spreadsheet formulas; JSON, Turtle and N-Triples escape what they must themselves.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pyoxigraph as ox

from kg.errors import UsageError
from kg.untrusted import spreadsheet_cell, tsv_cell, xml_document
from kg.untrusted import xml_text as _xml_chars

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
GRAPH_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "xml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "json": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
SELECT_FORMATS = ("json", "xml", "csv", "tsv")


class TooManyRows(Exception):
    """The result has more rows than allowed."""


class TooLarge(Exception):
    """The serialised result is larger than allowed."""


class _Buffer:
    """Collects output chunks and refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int | None):
        self.limit, self.size = limit, 0
        self.parts: list[bytes] = []

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise TooLarge(self.limit)
        self.parts.append(data)

    def value(self) -> bytes:
        return b"".join(self.parts)


def write_result(result, fmt: str, *, max_rows: int | None = None, max_bytes: int | None = None) -> bytes:
    """Any query result in ``fmt``: SELECT/ASK in json, xml, csv or tsv; CONSTRUCT/DESCRIBE in ttl, nt, xml or json."""
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS:
            raise UsageError(f"a CONSTRUCT or DESCRIBE result cannot be written as {fmt}; use ttl, nt, xml or json")
        return write_triples(result, fmt, max_rows=max_rows, max_bytes=max_bytes)
    if fmt not in SELECT_FORMATS:
        raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; use json, xml, csv or tsv")
    if isinstance(result, ox.QueryBoolean):
        return write_boolean(bool(result), fmt)
    names = [v.value for v in result.variables]
    return write_solutions(names, result, fmt, max_rows=max_rows, max_bytes=max_bytes)


def write_solutions(
    variables: list[str], solutions, fmt: str, *, max_rows: int | None = None, max_bytes: int | None = None
) -> bytes:
    """A SELECT result in ``fmt`` (json, xml, csv, tsv); raises TooManyRows or TooLarge past the caps."""
    out = _Buffer(max_bytes)
    head, row, tail = _WRITERS[fmt]
    out.write(head(variables))
    for n, sol in enumerate(solutions, 1):
        if max_rows is not None and n > max_rows:
            raise TooManyRows(max_rows)
        out.write(row(variables, [sol[v] for v in variables], n == 1))
    out.write(tail())
    return out.value()


def write_boolean(value: bool, fmt: str) -> bytes:
    """An ASK result in ``fmt`` (as Oxigraph writes it: CSV and TSV hold the bare word)."""
    word = "true" if value else "false"
    if fmt == "json":
        return b'{"head":{},"boolean":' + word.encode() + b"}"
    if fmt == "xml":
        return (
            f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head>'
            f"<boolean>{word}</boolean></sparql>"
        ).encode()
    return word.encode()


def write_triples(triples, fmt: str, *, max_rows: int | None = None, max_bytes: int | None = None) -> bytes:
    """A CONSTRUCT/DESCRIBE result in ``fmt`` (ttl, nt, xml, json): at most ``max_rows`` triples and
    ``max_bytes`` bytes; RDF/XML keeps to the characters XML 1.0 allows."""
    kept, size = [], 0
    for n, t in enumerate(triples, 1):
        if max_rows is not None and n > max_rows:
            raise TooManyRows(max_rows)
        if max_bytes is not None:
            size += len(str(t))  # the N-Triples size: Turtle and the others are of the same order
            if size > max_bytes:
                raise TooLarge(max_bytes)
        kept.append(t)
    body = ox.serialize(kept, format=GRAPH_FORMATS[fmt][0]) or b""  # None only when given a file
    if fmt == "xml":
        body = xml_document(body)
    if max_bytes is not None and len(body) > max_bytes:
        raise TooLarge(max_bytes)
    return body


# -- JSON (https://www.w3.org/TR/sparql11-results-json/) ----------------------------


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    return {"type": "literal", "value": str(term)}


def _json_head(variables):
    return (
        '{"head":{"vars":'
        + json.dumps(variables, ensure_ascii=False, separators=(",", ":"))
        + '},"results":{"bindings":['
    )


def _json_row(variables, terms, first):
    binding = {v: _json_term(t) for v, t in zip(variables, terms, strict=True) if t is not None}
    return ("" if first else ",") + json.dumps(binding, ensure_ascii=False, separators=(",", ":"))


# -- XML (https://www.w3.org/TR/rdf-sparql-XMLres/) -----------------------------------


def xml_text(text: str) -> str:
    """``text`` escaped for XML 1.0 content or attributes, disallowed characters replaced by U+FFFD."""
    text = _xml_chars(text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
        .replace("\r", "&#13;")
    )


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f' xml:lang="{xml_text(term.language)}"'
        elif term.datatype.value != XSD_STRING:
            attr = f' datatype="{xml_text(term.datatype.value)}"'
        else:
            attr = ""
        return f"<literal{attr}>{xml_text(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>"
        )
    return f"<literal>{xml_text(str(term))}</literal>"


def _xml_head(variables):
    names = "".join(f'<variable name="{xml_text(v)}"/>' for v in variables)
    return f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>{names}</head><results>'


def _xml_row(variables, terms, first):
    cells = "".join(
        f'<binding name="{xml_text(v)}">{_xml_term(t)}</binding>'
        for v, t in zip(variables, terms, strict=True)
        if t is not None
    )
    return f"<result>{cells}</result>"


# -- CSV and TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/) --------------------


def _csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(cells)
    return buf.getvalue()


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return spreadsheet_cell(term.value)  # names from data must not run as formulas in a spreadsheet
    return str(term)


XSD = "http://www.w3.org/2001/XMLSchema#"
# literals TSV writes bare, as Turtle would: the datatype's Turtle shorthand, when the lexical form has its syntax
_TSV_BARE = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}


def _tsv_value(term) -> str:
    # N-Triples syntax (pyoxigraph escapes tab, newline and quotes inside literals), or a bare number or boolean
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        bare = _TSV_BARE.get(term.datatype.value)
        if bare is not None and bare.fullmatch(term.value):
            return spreadsheet_cell(term.value)
    return tsv_cell(str(term))


_WRITERS = {
    "json": (_json_head, _json_row, lambda: "]}}"),
    "xml": (_xml_head, _xml_row, lambda: "</results></sparql>"),
    "csv": (lambda vs: _csv_line(vs), lambda vs, ts, first: _csv_line([_csv_value(t) for t in ts]), lambda: ""),
    "tsv": (
        lambda vs: "\t".join("?" + v for v in vs) + "\n",
        lambda vs, ts, first: "\t".join(_tsv_value(t) for t in ts) + "\n",
        lambda: "",
    ),
}
