"""SPARQL: named queries shipped with kg, and running any query against the graph or an endpoint.

Named queries are ``queries/*.rq`` files with a header::

    # title: Shareholders of a company
    # description: ...
    # param: company entity The company (id or name)

Parameters are bound as RDF terms (Oxigraph substitutions, rdflib ``initBindings``),
never pasted into query text: a value that tries to inject SPARQL stays a literal
or an IRI built from an entity id. Results are written by :mod:`kg.sparql.results`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import NotFound, QueryError, UsageError
from kg.ingest.safe_io import FileRefused, read_regular
from kg.schema.ontology import ENTITY_NS, KG, PREFIXES, SOURCE_NS

MAX_QUERY_BYTES = 1 << 20  # a query text; a larger "query" is a mistake or an attack

PARAM_KINDS = ("entity", "source", "class", "string", "date", "decimal", "integer", "iri")
_POSITION = re.compile(r"error at ([0-9]+):([0-9]+)")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    doc: str


@dataclass
class NamedQuery:
    name: str
    title: str
    description: str
    params: list[Param]
    text: str
    path: str = ""

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [{"name": p.name, "kind": p.kind, "doc": p.doc} for p in self.params],
        }


def parse_named(text: str, name: str, path: str = "") -> NamedQuery:
    title, description, params = "", "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        key, _, value = line[1:].strip().partition(":")
        value = value.strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        elif key == "param":
            pname, kind, *doc = value.split(maxsplit=2)
            if kind not in PARAM_KINDS:
                raise QueryError(
                    f"{path or name}: parameter '{pname}' has unknown kind '{kind}'; use {', '.join(PARAM_KINDS)}"
                )
            params.append(Param(pname, kind, doc[0] if doc else ""))
    return NamedQuery(name, title or name, description, params, text, path)


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped with kg, by name."""
    folder = resources.files("kg.sparql") / "queries"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_named(entry.read_text(encoding="utf-8"), name, f"queries/{entry.name}")
    return out


_INLINE = re.compile(r"(?:\s+|#[^\n]*(?:\n|$))*(SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE)[\s{?$*(<:]", re.IGNORECASE)


def is_query_text(ref: str) -> bool:
    """Whether a command-line argument is query text: it starts (after blanks and # comments) with a
    query form or a prologue keyword, e.g. ``SELECT …``, ``ask {…}``, ``PREFIX ex: <…> …``."""
    return _INLINE.match(ref) is not None


def load_query(ref: str, stdin_text: str | None = None) -> NamedQuery:
    """A named query, query text, a .rq file, or '-' (standard input)."""
    if ref == "-":
        return parse_named(stdin_text or "", "stdin")
    queries = named_queries()
    if ref in queries:
        return queries[ref]
    if is_query_text(ref):
        return parse_named(ref, "query")
    path = Path(ref)
    if path.suffix in (".rq", ".sparql") or os.path.lexists(path):
        if not os.path.lexists(path):
            raise NotFound(f"no query file '{ref}'")
        return parse_named(read_query_text(path, ref), path.stem, str(path))
    raise NotFound(f"no named query '{ref}'; the named queries are: {', '.join(queries)}")


def read_query_text(path: Path, shown: str) -> str:
    """The text of a query file: a regular file of UTF-8 text no larger than MAX_QUERY_BYTES."""
    try:
        raw = read_regular(path, MAX_QUERY_BYTES)
    except FileRefused as exc:
        raise UsageError(f"query file {shown}: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")) from None
    return decode_query(raw, f"query file {shown}")


def decode_query(raw: bytes, what: str) -> str:
    """Query bytes as text (UTF-8, a leading byte-order mark dropped); UsageError otherwise."""
    if len(raw) > MAX_QUERY_BYTES:
        raise UsageError(f"{what} is larger than the {MAX_QUERY_BYTES} bytes kg reads")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{what} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None


def prefixes_header() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def bind(query: NamedQuery, values: dict[str, str], resolve=None) -> dict[str, ox.NamedNode | ox.Literal]:
    """Turn ``--param k=v`` values into RDF terms of the declared kinds; names every problem."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        hint = f"its parameters are: {', '.join(declared)}" if declared else "it takes no parameters"
        raise UsageError(f"query '{query.name}' has no parameter '{unknown[0]}'; {hint}")
    missing = [p.name for p in query.params if p.name not in values]
    if missing:
        p = declared[missing[0]]
        raise UsageError(f"query '{query.name}' needs --param {p.name}=… ({p.kind}: {p.doc})")
    terms = {}
    for name, raw in values.items():
        kind = declared[name].kind
        try:
            terms[name] = _term(kind, raw, resolve)
        except NotFound as exc:
            raise NotFound(f"--param {name}: {exc}", exc.candidates) from None
        except UsageError as exc:
            raise UsageError(f"--param {name}: {exc}") from None
    return terms


def _term(kind: str, raw: str, resolve):
    if kind == "entity":
        ident = resolve(raw) if resolve else raw
        try:
            return ox.NamedNode(ENTITY_NS + ident)
        except ValueError:
            raise UsageError(f"'{raw}' is not an entity id (lowercase letters, digits, '_', '.', '-')") from None
    if kind == "source":
        if not re.match(r"^[a-z0-9][a-z0-9_.-]*$", raw):
            raise UsageError(f"'{raw}' is not a source id")
        return ox.NamedNode(SOURCE_NS + raw)
    if kind == "class":
        if not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", raw):
            raise UsageError(f"'{raw}' is not an ontology class name")
        return ox.NamedNode(str(KG) + raw)
    if kind == "iri":
        try:
            return ox.NamedNode(raw)
        except ValueError as exc:
            raise UsageError(f"'{raw}' is not an IRI: {exc}") from None
    if kind == "date":
        if not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", raw):
            raise UsageError(f"'{raw}' is not a date (YYYY-MM-DD)")
        return ox.Literal(raw, datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))
    if kind in ("decimal", "integer"):
        if not re.match(r"^-?[0-9]+(\.[0-9]+)?$" if kind == "decimal" else r"^-?[0-9]+$", raw):
            raise UsageError(f"'{raw}' is not a{'n integer' if kind == 'integer' else ' number'}")
        return ox.Literal(raw, datatype=ox.NamedNode(PREFIXES["xsd"] + kind))
    return ox.Literal(raw)  # string: whatever it contains, it is a literal


def _ensure_projected(text: str, names: list[str]) -> None:
    """Oxigraph substitutes only projected variables; named queries must project their parameters."""
    head = re.split(r"\bWHERE\b", text, maxsplit=1, flags=re.IGNORECASE)[0]
    for n in names:
        if "*" not in head and f"?{n}" not in head and f"${n}" not in head:
            raise QueryError(
                f"parameter ?{n} must appear in the SELECT clause to be bound "
                f"(add it to the projection, or use SELECT *)"
            )


def run(store: ox.Store, text: str, terms: dict | None = None):
    """Run a query on an Oxigraph store with kg's prefixes and bound parameters."""
    terms = terms or {}
    if terms:
        _ensure_projected(text, list(terms))
    try:
        return store.query(
            text, prefixes=dict(PREFIXES), substitutions={ox.Variable(k): v for k, v in terms.items()} or None
        )
    except SyntaxError as exc:
        raise QueryError(syntax_message(exc, text)) from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None


def syntax_message(exc: SyntaxError, text: str) -> str:
    """Where the query is wrong, as line and column with the line shown.

    Oxigraph reports where it gave up (often the end of the query); rdflib's parser
    reports the first token it could not take, which is what a person needs.
    """
    line = col = None
    reason = str(exc)
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(text)
    except Exception as pe:  # pyparsing's ParseException and friends
        lineno, column = getattr(pe, "lineno", None), getattr(pe, "col", None)
        if lineno and column is not None:
            line, col = int(lineno), int(column)
            found = re.search(r"found (.+?)\s+\(at char", str(pe))
            reason = f"unexpected {found.group(1)}" if found else str(pe).split("(at char")[0].strip()
    if line is None or col is None:
        m = _POSITION.search(reason)
        if not m:
            return f"SPARQL syntax error: {reason}"
        line, col = int(m.group(1)), int(m.group(2))
        reason = reason[m.end() :].lstrip(": ")
    lines = text.splitlines()
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    return f"SPARQL syntax error at line {line}, column {col}: {reason}\n  {shown}\n  {' ' * (col - 1)}^"


def as_rows(result) -> tuple[list[str], list[list[str]]]:
    """A SELECT / ASK result as (header, rows of display strings) for a table."""
    if isinstance(result, ox.QueryBoolean):
        return ["result"], [["true" if bool(result) else "false"]]
    names = [v.value for v in result.variables]
    rows = []
    for sol in result:
        rows.append([display_term(sol[n]) for n in names])
    return names, rows


def display_term(term) -> str:
    """A result term as kg's tables show it: IRIs with kg's prefixes, literals as their text, nothing as ''."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns):
                return f"{p}:{term.value[len(ns) :]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
