"""The texts beside the CSV files in ``graph.neo4j.zip``: ``import.sh`` (neo4j-admin), ``load.cypher`` (LOAD CSV)
and ``README.txt`` (which is which, and how the cells are written). See :mod:`kg.exports.neo4j`."""

from __future__ import annotations

BATCH = 1000  # rows per transaction in load.cypher

_DELIM = "\\u001f"  # the array delimiter as a Cypher string escape
_FORMULA = "['=', '+', '-', '@', '\\t', '\\r']"  # kg.untrusted.FORMULA_START, as a Cypher list


def import_script() -> str:
    return """#!/bin/sh
# Import kg's graph into a NEW Neo4j database with neo4j-admin (Neo4j 5; the database must not exist yet,
# and must be stopped). Run it in the folder that holds nodes.csv and relationships.csv:
#     sh import.sh [DATABASE]            (default: neo4j; NEO4J_ADMIN=/path/to/neo4j-admin to choose the binary)
# Arrays (labels, aliases, identifiers, derived_from) are split on U+001F, not on ';', so an alias that holds
# ';' stays one alias. Text cells may hold line breaks (--multiline-fields). The file is RFC 4180 CSV: a quote
# inside a quoted cell is written twice (--legacy-style-quoting=false, the default since Neo4j 5).
set -eu
db="${1:-neo4j}"
"${NEO4J_ADMIN:-neo4j-admin}" database import full "$db" \\
    --nodes=nodes.csv \\
    --relationships=relationships.csv \\
    --id-type=string \\
    --array-delimiter=U+001F \\
    --multiline-fields=true \\
    --legacy-style-quoting=false
"""


def _text(col: str) -> str:
    v = f"row.`{col}`"
    return f'CASE WHEN {v} STARTS WITH "\'" AND substring({v}, 1, 1) IN {_FORMULA} THEN substring({v}, 1) ELSE {v} END'


def _value(header: str, kind: str) -> str:
    """The Cypher expression of one CSV column's value (null where the cell is empty)."""
    if kind == "double":
        return f"toFloat(row.`{header}`)"
    if kind == "long":
        return f"toInteger(row.`{header}`)"
    if kind == "boolean":
        return f"toBoolean(row.`{header}`)"
    if kind == "string[]":
        item = f'CASE WHEN v STARTS WITH "\'" AND substring(v, 1, 1) IN {_FORMULA} THEN substring(v, 1) ELSE v END'
        return f"[v IN split(row.`{header}`, '{_DELIM}') | {item}]"
    return _text(header)


def header(name: str, kind: str) -> str:
    """A CSV header cell: the property name, with its neo4j-admin type unless it is a string."""
    return name if kind == "string" else f"{name}:{kind}"


def _props(cols: list[tuple[str, str]]) -> str:
    """A Cypher map of the properties of one CSV row (a null value sets no property)."""
    return "{\n    " + ",\n    ".join(f"`{name}`: {_value(header(name, kind), kind)}" for name, kind in cols) + "\n  }"


def _when(test: str, then: str) -> str:
    return f"  FOREACH (_ IN CASE WHEN {test} THEN [1] ELSE [] END | {then})"


def load_cypher(
    root: str,
    labels: list[str],
    types: list[str],
    node_cols: list[tuple[str, str, str]],
    rel_cols: list[tuple[str, str]],
    group: str,
) -> str:
    """LOAD CSV statements: the constraint, then one pass over each file, with a line per label and per type."""
    node_id, start, end = f"id:ID({group})", f":START_ID({group})", f":END_ID({group})"
    ncols = [(name, kind) for name, kind, _key in node_cols]
    parts = [
        "// kg's graph into Neo4j 5 with LOAD CSV. Put nodes.csv and relationships.csv in the database's import",
        "// folder and run: cypher-shell -f load.cypher  (in Neo4j Browser, prefix each statement with :auto).",
        "// Plain Cypher cannot take a label or a relationship type from data, so each label and each",
        "// relationship type present has its own line. Empty cells are null: no property is set (a missing",
        "// share stays missing, never 0). Dates are text (kg's dates may be a year or a month). See README.txt.",
        "",
        f"CREATE CONSTRAINT kg_entity_id IF NOT EXISTS FOR (n:{root}) REQUIRE n.id IS UNIQUE;",
        "",
        "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
        "CALL { WITH row",
        f"  WITH row, split(row.`:LABEL`, '{_DELIM}') AS labels",
        f"  MERGE (n:{root} {{id: {_text(node_id)}}})",
        f"  SET n += {_props(ncols)}",
        *(_when(f"'{label}' IN labels", f"SET n:`{label}`") for label in labels),
        f"}} IN TRANSACTIONS OF {BATCH} ROWS;",
        "",
        "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row",
        "CALL { WITH row",
        f"  MATCH (a:{root} {{id: {_text(start)}}}), (b:{root} {{id: {_text(end)}}})",
        f"  WITH a, b, row.`:TYPE` AS type, {_props(rel_cols)} AS props",
        *(_when(f"type = '{t}'", f"CREATE (a)-[r:`{t}`]->(b) SET r = props") for t in types),
        f"}} IN TRANSACTIONS OF {BATCH} ROWS;",
    ]
    return "\n".join(parts) + "\n"


def readme(root: str, derived: tuple[str, str]) -> str:
    return f"""kg's knowledge graph for Neo4j
==============================

nodes.csv          one row per entity: id:ID({root}), :LABEL (its kg class, the classes above it and {root}),
                   name (kg's label: the English name, else the Chinese, else the id), kg_class, and every
                   column of kg's entities.csv (aliases and identifiers are string arrays).
relationships.csv  one row per statement: :START_ID, :END_ID, :TYPE (the kg relation in UPPER_SNAKE case,
                   holdsSharesIn -> HOLDS_SHARES_IN), statement (kg's statement id), predicate (kg's name),
                   family, every column of kg's relations.csv (share, share_min, share_max and voting_share
                   are doubles in percent, shares a long, share_min_exclusive/share_max_exclusive booleans),
                   source_title. kg's derived statements follow as their own types, {derived[0]}
                   and {derived[1]}, with method, as_of, threshold (control at 50 or 30% of the
                   votes) and derived_from (the statements they were computed from).
import.sh          the neo4j-admin database import full command for a new database (the fast way).
load.cypher        the same with LOAD CSV into a running database (cypher-shell -f load.cypher).

Dates (start, end, as_of, founded) are text: kg's dates may be a year ("2023") or a month ("2023-10").
end is exclusive: the statement no longer holds on that day. An empty cell is no property: a share a
source does not state is missing, never 0.

Arrays are joined with the character U+001F, not ';': an alias may hold ';'. import.sh passes
--array-delimiter=U+001F; in a spreadsheet the character is invisible.

Cells are untrusted text. A text cell that starts with = + - @, a tab or a carriage return is written with
a leading apostrophe (=SUM(A1) is written '=SUM(A1)) so that a spreadsheet shows it instead of running it;
numbers are written as numbers. kg's own CSV files never hold such text, so a graph built from them
reaches Neo4j unchanged. load.cypher drops that apostrophe again; after neo4j-admin, a value that starts
with an apostrophe followed by one of those characters carries it, and a text that truly began with
such an apostrophe cannot be told apart from a guarded one.

LOAD CSV: Neo4j reads \\" inside a quoted cell as a quote unless dbms.import.csv.legacy_quote_escaping is
false; set it so before loading text that holds a backslash before a quote.
"""
