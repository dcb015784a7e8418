"""Check an RDF graph against kg's data contract, as strictly as the CSV validator checks a dataset.

The rules are not restated here: the ontology's ``kg:CsvColumn`` declarations say which property
carries which column and value kind, :func:`kg.ingest.cells.check_value` parses each literal by the CSV
rules of its kind, and :func:`kg.ingest.rows.check_row_values` runs the CSV row checks on the typed
values. What is RDF-specific is checked here: a value must be an IRI or a literal as its kind
needs, a literal's datatype must fit, a statement must have its required parts, a single-valued
column must not have two values, no literal may be huge, and the graph must use kg's vocabulary.

One pass over the subject index the projection builds anyway: linear in the triples.
"""

from __future__ import annotations

from collections import Counter

from kg.errors import Problem
from kg.graph.build import local_id
from kg.graph.rdfterms import LANG_STRING, RDF_TYPE, XSD, Compactor, Term
from kg.ingest.cells import check_value
from kg.ingest.hints import clip
from kg.ingest.rows import check_row_values
from kg.schema.ontology import KG, OBSERVATION_NS, PREFIXES, STATEMENT_NS, ColumnSpec, Ontology
from kg.schema.vocab import HOLDS_SHARES_IN

MAX_LITERAL_CHARS = 1024 * 1024
MAX_PROBLEMS = 1000
RDFS_LABEL = PREFIXES["rdfs"] + "label"
NUMBER_TYPES = frozenset(
    XSD + t for t in ("decimal", "integer", "int", "long", "nonNegativeInteger", "double", "float")
)
INTEGER_TYPES = frozenset(XSD + t for t in ("integer", "int", "long", "nonNegativeInteger"))
STRING_TYPES = frozenset({XSD + "string", LANG_STRING})
IRI_KINDS = frozenset({"entity", "source", "metric", "predicate", "class"})
TEXT_KINDS = frozenset({"text", "text-list"})
# The node classes that carry each CSV file's columns (entities: any class of the ontology).
FILE_CLASSES = (("relations", str(KG.Statement)), ("facts", str(KG.Observation)), ("sources", str(KG.Source)))
IN_THE_IRI = {"sources": ("id",), "entities": ("id", "type")}  # columns the RDF form keeps in the node's IRI / rdf:type
_SHORT = {**PREFIXES, "kgst": str(STATEMENT_NS), "kgobs": str(OBSERVATION_NS)}


def check_graph(subjects: dict[Term, dict[str, list[Term]]], onto: Ontology, shown: str) -> list[Problem]:
    """Every problem of a graph read from RDF (``subjects``: subject → predicate → objects), sorted."""
    checker = _Checker(onto, shown)
    _check_vocabulary(checker, subjects)
    if not checker.problems:
        for node, preds in subjects.items():
            checker.node(node, preds)
    return checker.result()


class _Checker:
    def __init__(self, onto: Ontology, shown: str):
        self.onto = onto
        self.shown = shown
        self.problems: list[Problem] = []
        self.dropped = 0
        self.compact = Compactor(_SHORT)
        self.columns = {f: {str(c.property): c for c in cols} for f, cols in onto.columns.items()}
        self.labels = {c.language or "": c for c in onto.columns["entities"] if str(c.property) == RDFS_LABEL}
        self.classes = {str(c.iri) for c in onto.classes.values()}
        self.relations = {str(r.iri): r.name for r in onto.relations.values()}

    # -- reporting -----------------------------------------------------------
    def add(self, where: str, message: str, hint: str = "") -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.shown, 0, 0, f"{where}: {message}" if where else message, hint))
        else:
            self.dropped += 1

    def result(self) -> list[Problem]:
        out = sorted(set(self.problems), key=lambda p: p.message)
        if self.dropped:
            out.append(
                Problem(
                    self.shown,
                    0,
                    0,
                    f"{self.dropped} more problem(s) not listed",
                    "fix the ones above and validate again",
                )
            )
        return out

    def term(self, t: Term) -> str:
        if t[0] == "I":
            return self.compact(t[1]) or f"<{clip(t[1], 80)}>"
        if t[0] == "B":
            return f"_:{t[1]}"
        text = '"' + clip(t[1], 40).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if t[3]:
            return f"{text}@{t[3]}"
        return text if t[2] == XSD + "string" else f"{text}^^{self.compact(t[2]) or '<' + t[2] + '>'}"

    def triple(self, s: Term, p: str, o: Term) -> str:
        return f"{self.term(s)} {self.term(('I', p))} {self.term(o)}"

    # -- one node ----------------------------------------------------------------
    def node(self, node: Term, preds: dict[str, list[Term]]) -> None:
        types = {t[1] for t in preds.get(RDF_TYPE, ()) if t[0] == "I"}
        files = [f for f, cls in FILE_CLASSES if cls in types] + (["entities"] if types & self.classes else [])
        for file in files:  # a node of two kinds is read as both, so it is checked as both
            self.node_as(node, preds, file)

    def node_as(self, node: Term, preds: dict[str, list[Term]], file: str) -> None:
        columns = self.columns[file]
        values: dict[str, object] = {}
        for p, objs in preds.items():
            if p == RDF_TYPE:
                continue
            if p == RDFS_LABEL and file == "entities":
                for o in objs:
                    spec = self.labels.get("zh" if o[0] == "L" and o[3].lower().startswith("zh") else "en")
                    if spec is not None:
                        self.value(node, p, o, spec)
                continue
            spec = columns.get(p)
            if spec is None:
                continue
            if len(objs) > 1 and spec.kind not in TEXT_KINDS:
                shown = ", ".join(sorted(self.term(o) for o in objs)[:3]) + (" …" if len(objs) > 3 else "")
                self.add(
                    f"{self.term(node)} {self.term(('I', p))}",
                    f"{spec.name} has {len(objs)} values ({shown}); a {_what(file)} has one",
                    "keep one value, or make one statement per value",
                )
                continue
            for o in objs:
                value = self.value(node, p, o, spec)
                if value is not None and spec.kind != "text-list":
                    values[spec.name] = value
        self.required(node, preds, file, values)
        if file in ("relations", "facts"):

            def err(column: str, message: str, hint: str = "") -> None:
                prop = next((p for p, c in columns.items() if c.name == column), "")
                objs = preds.get(prop, ())
                where = self.triple(node, prop, objs[0]) if objs else self.term(node)
                self.add(where, message, hint)

            check_row_values(self.onto, file, values, err)

    def required(self, node: Term, preds: dict, file: str, values: dict) -> None:
        groups: dict[str, list[ColumnSpec]] = {}
        for spec in self.onto.columns[file]:
            if spec.name in IN_THE_IRI.get(file, ()) or spec.required == "false":
                continue
            if spec.required != "true":
                groups.setdefault(spec.required, []).append(spec)
            elif str(spec.property) not in preds:
                self.add(
                    f"{self.term(node)} a {self.term(('I', _CLASS[file]))}" if file in _CLASS else self.term(node),
                    f"{self.term(('I', str(spec.property)))} ({spec.name}) is missing",
                    f"every {_what(file)} needs its {spec.name}, as every row of {file}.csv does",
                )
        for specs in groups.values():
            if not any(str(s.property) in preds for s in specs):
                names = " or ".join(s.name for s in specs)
                self.add(
                    self.term(node),
                    f"has no {self.term(('I', str(specs[0].property)))} ({names})",
                    f"give the {_what(file)} a name",
                )

    def value(self, node: Term, p: str, o: Term, spec: ColumnSpec):
        """The typed value of one object by its column's kind, or None after reporting what is wrong."""
        where = self.triple(node, p, o)
        kind = spec.kind
        if kind in IRI_KINDS:
            if o[0] != "I":
                self.add(
                    where,
                    f"{spec.name} must be an IRI, not {'a literal' if o[0] == 'L' else 'a blank node'}",
                    f"write it as <{_example_iri(kind)}>",
                )
                return None
            if kind == "predicate" and o[1] not in self.relations:
                self.add(
                    where,
                    f"predicate {self.term(o)} is not a relation of kg's ontology",
                    "use one of the relations in ontology/kg.ttl",
                )
                return None
            if kind == "metric" and (not o[1].startswith(str(KG)) or o[1][len(str(KG)) :] not in self.onto.metrics):
                self.add(where, f"metric {self.term(o)} is not a kg:Metric", "declare it in ontology/metrics.ttl")
                return None
            return self.relations.get(o[1], o[1]) if kind == "predicate" else local_id(o[1])
        if o[0] != "L":
            self.add(where, f"{spec.name} must be a literal, not an IRI", f"write it as {_example_literal(kind)}")
            return None
        lexical, dtype = o[1], o[2]
        if not _datatype_fits(kind, dtype):
            self.add(
                where,
                f"{spec.name} has datatype {self.term(('I', dtype))}, which is not {_datatype_wanted(kind)}",
                f"write it as {_example_literal(kind)}",
            )
            return None
        value, problem = check_value(self.onto, kind, lexical, spec.name)
        if problem is not None:
            self.add(where, problem.message, problem.hint)
            return None
        if kind == "date" and dtype not in STRING_TYPES and dtype != XSD + _date_type(value):
            self.add(
                where,
                f"{spec.name} '{lexical}' is not a valid {self.term(('I', dtype))}",
                f'write it as "{lexical}"^^xsd:{_date_type(value)}',
            )
            return None
        return value


def _check_vocabulary(checker: _Checker, subjects: dict) -> None:
    """Refuse huge literals, and a graph with none of kg's vocabulary, saying which vocabularies it uses."""
    kg_ns = str(KG)
    triples = 0
    uses_kg = False
    namespaces: Counter[str] = Counter()
    for s, preds in subjects.items():
        for p, objs in preds.items():
            triples += len(objs)
            namespaces[_namespace(p)] += len(objs)
            if p.startswith(kg_ns) or (p == RDF_TYPE and any(o[1].startswith(kg_ns) for o in objs)):
                uses_kg = True
            for o in objs:
                if o[0] == "L" and len(o[1]) > MAX_LITERAL_CHARS:
                    checker.add(
                        checker.triple(s, p, o),
                        f"the literal is {len(o[1])} characters long (at most {MAX_LITERAL_CHARS})",
                        "keep long texts in the source document; quote only the key sentence as evidence",
                    )
    if uses_kg:
        return
    if not triples:
        checker.add("", "holds no triples", "give it kg's entities and statements (see ontology/kg.ttl)")
        return
    foreign = _known_foreign(namespaces)
    if foreign:
        name, importer = foreign
        checker.add(
            "",
            f"has {triples} triple{'s' if triples != 1 else ''} in {name}, not in kg's vocabulary <{kg_ns}>",
            importer,
        )
        return
    used = ", ".join(
        f"{_ns_name(ns)} ({n} triple{'s' if n != 1 else ''})"
        for ns, n in sorted(namespaces.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    )
    more = f" and {len(namespaces) - 5} more" if len(namespaces) > 5 else ""
    checker.add(
        "",
        f"has {triples} triple{'s' if triples != 1 else ''}, none in kg's vocabulary <{kg_ns}>; "
        f"its predicates come from {used}{more}",
        "describe the entities with kg's classes and relations (ontology/kg.ttl), "
        "or build the graph from CSV with --data",
    )


# Foreign vocabularies kg recognises: (namespace prefix, what it is, what to do instead).
FOREIGN_VOCABULARIES = (
    (
        "https://www.gleif.org/ontology/",
        "GLEIF's lei-rdf vocabulary (https://www.gleif.org/ontology/)",
        "kg import gleif reads GLEIF's records: import the golden-copy XML or API JSON of the same LEIs "
        "(kg import gleif FILE… --out DIR), then build with --data DIR",
    ),
)


def _known_foreign(namespaces: Counter[str]) -> tuple[str, str] | None:
    """The name of a foreign vocabulary the graph is written in, and the importer to use, if kg knows it."""
    for prefix, name, importer in FOREIGN_VOCABULARIES:
        if any(ns.startswith(prefix) for ns in namespaces):
            return name, importer
    return None


def _ns_name(ns: str) -> str:
    prefix = next((p for p, v in sorted(PREFIXES.items()) if v == ns), None)
    return f"{prefix}: <{ns}>" if prefix else f"<{ns}>"


_CLASS = {"relations": str(KG.Statement), "facts": str(KG.Observation), "sources": str(KG.Source)}


def _what(file: str) -> str:
    return {"relations": "statement", "facts": "observation", "sources": "source", "entities": "entity"}[file]


def _datatype_fits(kind: str, dtype: str) -> bool:
    if kind in ("percent", "decimal"):
        return dtype in NUMBER_TYPES
    if kind == "integer":
        return dtype in INTEGER_TYPES
    if kind == "boolean":
        return dtype in STRING_TYPES or dtype == XSD + "boolean"
    if kind == "date":
        return dtype in STRING_TYPES or dtype in (XSD + "date", XSD + "gYearMonth", XSD + "gYear")
    if kind == "url":
        return dtype in STRING_TYPES or dtype == XSD + "anyURI"
    return dtype in STRING_TYPES


def _datatype_wanted(kind: str) -> str:
    return {
        "percent": "a number",
        "decimal": "a number",
        "integer": "an integer",
        "boolean": "xsd:boolean",
        "date": "a date",
        "url": "xsd:anyURI or a string",
    }.get(kind, "a string")


def _example_literal(kind: str) -> str:
    return {
        "percent": '"3.91"^^xsd:decimal',
        "decimal": '"57000000"^^xsd:decimal',
        "integer": '"17217310"^^xsd:integer',
        "boolean": '"true"^^xsd:boolean',
        "date": '"2026-01-08"^^xsd:date',
        "url": '"https://example.org/"^^xsd:anyURI',
    }.get(kind, 'a plain string "…"')


def _example_iri(kind: str) -> str:
    return {
        "entity": "https://w3id.org/ai-capital-kg/id/zhipu",
        "source": "https://w3id.org/ai-capital-kg/source/…",
        "metric": str(KG) + "…",
        "predicate": str(KG) + HOLDS_SHARES_IN,
    }.get(kind, str(KG) + "…")


def _date_type(value) -> str:
    return "date" if value.day else "gYearMonth" if value.month else "gYear"


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 0 else iri
