"""Neo4j export: ``graph.neo4j.zip`` with ``nodes.csv`` and ``relationships.csv`` in ``neo4j-admin database
import full`` header format, an ``import.sh``, a ``load.cypher`` for LOAD CSV and a README.txt.

The columns come from the ontology by rule, not from a hand list: each entities.csv / relations.csv column is a
property, typed by its value kind (percent and decimal → ``double``, integer → ``long``, boolean → ``boolean``,
text-list → ``string[]``, everything else a string: kg dates may be partial, so they stay text). A relation's
Neo4j type is its ontology name in UPPER_SNAKE case (``holdsSharesIn`` → ``HOLDS_SHARES_IN``); the derived
look-through stakes and ultimate controllers go out as their own types with their method and as-of date.

Cells are untrusted: text a spreadsheet would run (= + - @ tab CR first) gets a leading apostrophe
(:func:`kg.untrusted.spreadsheet_cell`, as every CSV kg writes); numbers stay numbers. kg's own cells never
start so (``kg validate`` refuses them), so a graph built from CSV files reaches Neo4j unchanged; from other
input ``load.cypher`` strips the apostrophe again (README.txt says how after neo4j-admin).
Array elements are joined with U+001F (INFORMATION SEPARATOR ONE), which kg's cells can never hold, so an
alias with ``;`` or ``|`` survives; ``import.sh`` passes it as ``--array-delimiter``. The zip is deterministic:
entries sorted, timestamps 1980-01-01, permissions 0644.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, BinaryIO

from kg.compiled.rows import derived_rows
from kg.exports.neo4j_scripts import header, import_script, load_cypher, readme
from kg.graph.knowledge import KnowledgeGraph
from kg.schema.specs import Ontology
from kg.schema.vocab import LOOK_THROUGH_STAKE_IN, ULTIMATE_CONTROLLER_OF
from kg.untrusted import FORMULA_START, spreadsheet_cell

ARRAY_DELIMITER = "\x1f"  # kg's cells never hold a C0 control character (kg.ingest.cells), so no element holds it
_KIND_TYPE = {
    "percent": "double",
    "decimal": "double",
    "integer": "long",
    "boolean": "boolean",
    "text-list": "string[]",
}
_ENDPOINTS = ("subject", "predicate", "object")  # relations.csv's columns that become :START_ID, :TYPE, :END_ID
DERIVED_COLUMNS: tuple[tuple[str, str], ...] = (("method", "string"), ("threshold", "double"))
DERIVED_COLUMNS += (("derived_from", "string[]"), ("start_not_stated", "boolean"))
_DERIVED_EXTRA = {"method": "method", "threshold": "threshold", "wasDerivedFrom": "derived_from"}
_DERIVED_EXTRA["startNotStated"] = "start_not_stated"
_STAMP = (1980, 1, 1, 0, 0, 0)


@functools.lru_cache(maxsize=1024)  # a few dozen relation names, asked for once per statement
def rel_type(name: str) -> str:
    """A kg relation name as a Neo4j relationship type: camelCase → UPPER_SNAKE (``ipoOf`` → ``IPO_OF``)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).upper()


def guard(text: str) -> str:
    """A text cell a spreadsheet will not run (:func:`kg.untrusted.spreadsheet_cell`)."""
    return spreadsheet_cell(text)


def unguard(cell: str) -> str:
    """The value of a guarded text cell, as ``load.cypher`` reads it: an apostrophe before = + - @ tab CR dropped."""
    return cell[1:] if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_START else cell


def root_label(onto: Ontology) -> str:
    """The ontology's root class (every entity's label in Neo4j): the parentless class most classes descend from."""
    roots = [c for c, spec in onto.classes.items() if not spec.parents]
    return max(sorted(roots), key=lambda r: sum(1 for c in onto.classes if onto.is_subclass(c, r)))


def node_columns(onto: Ontology) -> list[tuple[str, str, str]]:
    """(property, neo4j type, source key) of nodes.csv after ``id:ID`` and ``:LABEL``."""
    cols = [("name", "string", "label"), ("kg_class", "string", "type")]
    for c in onto.columns["entities"]:
        if c.name not in ("id", "type"):
            cols.append((c.name, _KIND_TYPE.get(c.kind, "string"), c.name))
    return cols


def relationship_columns(onto: Ontology) -> list[tuple[str, str]]:
    """(property, neo4j type) of relationships.csv after ``:START_ID``, ``:END_ID`` and ``:TYPE``."""
    cols = [("statement", "string"), ("predicate", "string"), ("family", "string")]
    for c in onto.columns["relations"]:
        if c.name not in _ENDPOINTS:
            cols.append((c.name, _KIND_TYPE.get(c.kind, "string")))
    cols.append(("source_title", "string"))
    return cols + list(DERIVED_COLUMNS)


def cell(value: Any, kind: str) -> str:
    """One CSV cell: numbers as numbers, booleans as true/false, arrays joined, text guarded; None/empty → ''."""
    if value is None or value == "" or value == ():
        return ""
    if kind == "string[]":
        items = value if isinstance(value, list | tuple) else (value,)
        return ARRAY_DELIMITER.join(guard(str(v)) for v in items)
    if kind == "boolean":
        return "true" if value is True or str(value).lower() == "true" else "false"
    if kind in ("double", "long") and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    return guard(str(value))


def _node_rows(kg: KnowledgeGraph, cols: list[tuple[str, str, str]], root: str) -> Iterator[list[str]]:
    onto = kg.ontology
    for n in sorted(kg.nx.nodes, key=str):
        attrs = kg.nx.nodes[n]
        cls = attrs.get("type") or ""
        above = sorted(onto.ancestors(cls) - {cls, root}) if cls in onto.classes else []
        labels = [cls] if cls in onto.classes and cls != root else []
        yield [guard(str(n)), ARRAY_DELIMITER.join([*labels, *above, root])] + [
            cell(attrs.get(key), kind) for _name, kind, key in cols
        ]


def _relationship_rows(kg: KnowledgeGraph, cols: list[tuple[str, str]], derived: list[dict]) -> Iterator[list[str]]:
    titles = {sid: rec.get("title", "") for sid, rec in kg.sources.items()}
    for s, o, _k, attrs in kg.nx.edges(keys=True, data=True):
        values = {**attrs, "source_title": titles.get(attrs.get("source", ""), "")}
        yield [guard(str(s)), guard(str(o)), rel_type(attrs["predicate"])] + [cell(values.get(c), t) for c, t in cols]
    names = _derived_names(kg.ontology)
    for row in derived:
        values = {names.get(k, k): v for k, v in row.items()}
        values["statement"] = row["id"]
        yield [guard(str(row["subject"])), guard(str(row["object"])), rel_type(str(row["predicate"]))] + [
            cell(values.get(c), t) for c, t in cols
        ]


def _derived_names(onto: Ontology) -> dict[str, str]:
    """A derived statement's property local names → relationships.csv's columns (shareMin → share_min)."""
    names = dict(_DERIVED_EXTRA)
    for c in onto.columns["relations"]:
        if c.property is not None and c.name not in _ENDPOINTS:
            names[str(c.property).rsplit("#", 1)[-1].rsplit("/", 1)[-1]] = c.name
    return names


def types_present(kg: KnowledgeGraph, derived: Iterable[dict]) -> list[str]:
    """The relationship types relationships.csv holds, sorted."""
    found = {rel_type(d["predicate"]) for _s, _o, d in kg.nx.edges(data=True)}
    found |= {rel_type(str(r["predicate"])) for r in derived}
    return sorted(found)


def labels_present(kg: KnowledgeGraph, root: str) -> list[str]:
    """The labels of the nodes but the root (each node's kg class and the classes above it), sorted."""
    onto = kg.ontology
    classes = {c for _n, c in kg.nx.nodes(data="type") if c in onto.classes}
    return sorted({a for c in classes for a in onto.ancestors(c)} - {root})


def write_neo4j(kg: KnowledgeGraph, fh: BinaryIO) -> None:
    """``graph.neo4j.zip`` of the built graph (derived statements included) into ``fh``; deterministic bytes."""
    onto = kg.ontology
    root = group = root_label(onto)  # the label of every node, and neo4j-admin's id space (its ids are kg's ids)
    ncols, rcols = node_columns(onto), relationship_columns(onto)
    derived = derived_rows(kg)
    nodes_header = [f"id:ID({group})", ":LABEL"] + [header(n, t) for n, t, _k in ncols]
    rel_header = [f":START_ID({group})", f":END_ID({group})", ":TYPE"] + [header(n, t) for n, t in rcols]
    scripts = {
        "README.txt": readme(root, (rel_type(LOOK_THROUGH_STAKE_IN), rel_type(ULTIMATE_CONTROLLER_OF))),
        "import.sh": import_script(),
        "load.cypher": load_cypher(root, labels_present(kg, root), types_present(kg, derived), ncols, rcols, group),
    }
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in sorted(scripts.items()):
            _entry(zf, name, [text])
        _entry(zf, "nodes.csv", _csv(nodes_header, _node_rows(kg, ncols, root)))
        _entry(zf, "relationships.csv", _csv(rel_header, _relationship_rows(kg, rcols, derived)))


def _csv(head: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text in chunks (RFC 4180 quoting: "" inside quoted fields, as neo4j-admin reads by default)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(head)
    for i, row in enumerate(rows):
        writer.writerow(row)
        if i % 4096 == 4095:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _entry(zf: zipfile.ZipFile, name: str, chunks: Iterable[str]) -> None:
    info = zipfile.ZipInfo(name, date_time=_STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100755 if name.endswith(".sh") else 0o100644) << 16
    info.create_system = 3  # unix: the permissions above are read as such everywhere
    with zf.open(info, "w", force_zip64=True) as out:
        for chunk in chunks:
            out.write(chunk.encode("utf-8"))
