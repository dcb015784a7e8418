"""Rows of the compiled graph's tables, taken from a built :class:`~kg.graph.knowledge.KnowledgeGraph`.

One pass over each view: nodes and edges of the NetworkX projection, the sources, the observations, the names
(with the search key :func:`kg.graph.names.normalize` computes) and the derived statement nodes.
"""

from __future__ import annotations

import weakref

from kg.graph.build import local_id, value_of
from kg.graph.knowledge import KnowledgeGraph
from kg.graph.names import identifier_names, normalize
from kg.schema.ontology import KG

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NAME_KINDS = ("id", "name_en", "name_zh")


def entity_rows(kg: KnowledgeGraph) -> list[dict]:
    return [{"id": node_id, **attrs} for node_id, attrs in kg.nx.nodes(data=True)]


def name_rows(kg: KnowledgeGraph) -> list[dict]:
    """One row per (entity, name): the name, its kind (id, name_en, name_zh, alias) and its search key."""
    rows = []
    for node_id, attrs in kg.nx.nodes(data=True):
        seen = set()
        named = [(kind, node_id if kind == "id" else attrs.get(kind, "")) for kind in NAME_KINDS]
        named += [("alias", a) for a in attrs.get("aliases", ())]
        named += [("same_as", m) for m in attrs.get("same_as", ())]  # merged records' ids find this entity
        named += [("identifier", i) for i in identifier_names(attrs.get("identifiers", ()))]  # an LEI finds it
        for kind, name in named:
            if name and name not in seen:
                seen.add(name)
                rows.append({"id": node_id, "name": name, "kind": kind, "key": normalize(name)})
    return rows


def identifier_rows(kg: KnowledgeGraph) -> list[dict]:
    """One row per (entity, identifier): the scheme (``XI-LEI``, ``GB-COH``, ``wikidata`` …) and the value, so
    that pandas, DuckDB or Spark join on an LEI or a register number without parsing ``SCHEME:ID`` text."""
    rows = []
    for node_id, attrs in kg.nx.nodes(data=True):
        for ident in attrs.get("identifiers", ()) or ():
            scheme, _, value = str(ident).partition(":")
            if value:
                rows.append({"id": node_id, "scheme": scheme, "value": value})
    return rows


def statement_rows(kg: KnowledgeGraph) -> list[dict]:
    """One row per edge of the projection, in its order (subject, predicate, object, statement)."""
    return [{"subject": s, "object": o, "key": k, **d} for s, o, k, d in kg.nx.edges(keys=True, data=True)]


def source_rows(kg: KnowledgeGraph) -> list[dict]:
    return [dict(rec) for rec in kg.sources.values()]


def fact_rows(kg: KnowledgeGraph) -> list[dict]:
    return [dict(rec) for recs in kg._observations.values() for rec in recs]


_DERIVED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph → (its subject index, the rows)


def derived_rows(kg: KnowledgeGraph) -> list[dict]:
    """One row per ``kg:DerivedStatement`` node: its id and each property by local name.

    Made once per graph and subject index (the compiled tables and the Neo4j export both read them); the rows
    are shared, so callers must not change them."""
    subjects = kg.subjects
    kept = _DERIVED.get(kg)
    if kept is not None and kept[0] is subjects:
        return kept[1]
    rows = _derived_rows(kg)
    _DERIVED[kg] = (subjects, rows)
    return rows


def _derived_rows(kg: KnowledgeGraph) -> list[dict]:
    derived_class = str(KG.DerivedStatement)
    names: dict[str, str] = {}  # property IRI → local name: a dozen properties, each split once
    rows = []
    for subject, preds in kg.subjects.items():
        if not any(t[1] == derived_class for t in preds.get(RDF_TYPE, ())):
            continue
        row: dict = {"id": local_id(subject[1])}
        for prop, objs in sorted(preds.items()):
            if prop == RDF_TYPE:
                continue
            name = names.get(prop)
            if name is None:
                name = names[prop] = prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            if len(objs) == 1:
                row[name] = value_of(objs[0])
                continue
            values = sorted((value_of(o) for o in objs), key=lambda v: (str(type(v)), v))
            row[name] = [str(v) for v in values]
        rows.append(row)
    rows.sort(key=lambda r: r["id"])
    return rows
