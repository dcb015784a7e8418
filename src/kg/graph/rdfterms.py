"""RDF terms as plain tuples, and their N-Triples spelling (shared by reading, writing and building).

Terms are plain tuples (rdflib term objects are the slow part at scale):

* ``("I", iri)`` — an IRI;  ``("B", id)`` — a blank node;
* ``("L", lexical, datatype_iri, language)`` — a literal (language ``""`` when none).
"""

from __future__ import annotations

import re
from decimal import Decimal

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_STRING = XSD + "string"
Term = tuple

_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESC_RE = re.compile(r'[\\"\n\r\t\b\f]')


def escape(text: str) -> str:
    """A string escaped for an N-Triples / Turtle double-quoted literal."""
    return _ESC_RE.sub(lambda m: _ESC[m.group()], text)


def nt_term(t: Term) -> str:
    """One term in N-Triples syntax."""
    kind = t[0]
    if kind == "I":
        return f"<{t[1]}>"
    if kind == "B":
        return f"_:{t[1]}"
    lex, dtype, lang = t[1], t[2], t[3]
    if lang:
        return f'"{escape(lex)}"@{lang}'
    if dtype and dtype != XSD_STRING:
        return f'"{escape(lex)}"^^<{dtype}>'
    return f'"{escape(lex)}"'


def iri(value: str) -> Term:
    return ("I", value)


def lit(lexical: str, datatype: str = "", language: str = "") -> Term:
    return ("L", lexical, datatype or (LANG_STRING if language else XSD + "string"), language)


def python_value(t: Term):
    """A term as a Python value: int/float for numbers, str otherwise (IRIs as their full string)."""
    if t[0] != "L":
        return t[1]
    lex, dtype = t[1], t[2]
    if dtype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
        return int(lex)
    if dtype == XSD + "decimal":
        d = Decimal(lex)
        return int(d) if d == d.to_integral_value() and abs(d) < 2**53 else float(d)
    if dtype in (XSD + "double", XSD + "float"):
        return float(lex)
    if dtype == XSD + "boolean":
        return lex in ("true", "1")
    return lex


_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")


class Compactor:
    """IRI → prefixed name (or None), memoised: the same predicates and classes recur constantly."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str | None] = {}

    def __call__(self, value: str) -> str | None:
        try:
            return self.cache[value]
        except KeyError:
            pass
        short = None
        for prefix, ns in self.prefixes:
            if value.startswith(ns) and _PN_LOCAL.match(value[len(ns) :]):
                short = f"{prefix}:{value[len(ns) :]}"
                break
        self.cache[value] = short
        return short
