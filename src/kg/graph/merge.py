"""Identity in the projection: entities joined by ``sameAs`` statements become one node of the NetworkX graph.

A ``sameAs`` statement says two records denote the same party (``kg combine`` writes one wherever two records
carry the same strong identifier). The projection (:func:`kg.graph.build.project_networkx`) hands its nodes and
edges here; groups are found by union-find over the sameAs statements (dates ignored: identity is timeless), and
each group is folded into one **canonical** node:

- the canonical node is the member with the most statements (sameAs ones not counted), ties going to the id that
  sorts first: a rule of the data, not of the order files were given in, so a rebuild picks the same one;
- every other statement's ends are rewritten to the canonical node (a statement between two members becomes a
  loop on it: kept, never dropped);
- the canonical node gets ``same_as`` (the merged ids, sorted), its ``aliases`` gain the merged records' names and
  aliases, its ``identifiers`` theirs; the merged nodes leave the projection (RDF keeps them, so SPARQL sees both
  records and the ``kg:sameAs`` statement between them);
- the sameAs statements are not edges (they would be loops on the canonical node): each is kept on the canonical
  node as compact JSON in ``same_as_statements``, which :meth:`kg.graph.lookups.Lookups.statements` lists, so
  ``kg show`` shows each merge with its evidence and source. The compiled graph stores node attributes as they are,
  so it keeps them too.

With no sameAs statement nothing here runs: the projection is exactly what it was.
"""

from __future__ import annotations

import json

from kg.schema.vocab import SAME_AS

SAME_AS_IDS = "same_as"  # node attribute: the ids merged into this node
SAME_AS_STATEMENTS = "same_as_statements"  # node attribute: the sameAs statements, compact JSON each
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str).encode


def split_same_as(edges: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """(the sameAs edges, the others), each edge ``(subject, object, key, attrs)``."""
    same = [e for e in edges if e[3]["predicate"] == SAME_AS]
    if not same:
        return [], edges
    return same, [e for e in edges if e[3]["predicate"] != SAME_AS]


def _groups(same: list[tuple]) -> dict[str, list[str]]:
    """Union-find over the sameAs edges: root → the sorted members of its group (one pass, path halving)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s, o, _k, _a in same:
        a, b = find(s), find(o)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for x in sorted(parent):
        groups.setdefault(find(x), []).append(x)
    return groups


def canonical_of(same: list[tuple], others: list[tuple]) -> dict[str, str]:
    """Each member of a sameAs group → its group's canonical id (most statements, then the first id)."""
    groups = _groups(same)
    members = {m for g in groups.values() for m in g}
    degree = dict.fromkeys(members, 0)
    for s, o, _k, _a in others:
        if s in degree:
            degree[s] += 1
        if o in degree:
            degree[o] += 1
    out = {}
    for group in groups.values():
        canon = min(group, key=lambda m: (-degree[m], m))
        out.update(dict.fromkeys(group, canon))
    return out


def merge_nodes(G, same: list[tuple], others: list[tuple]) -> list[tuple]:
    """Fold each sameAs group of ``G``'s nodes into its canonical node; returns ``others`` with ends rewritten."""
    canon = canonical_of(same, others)
    merged: dict[str, list[str]] = {}
    for member, c in sorted(canon.items()):
        if member != c:
            merged.setdefault(c, []).append(member)
    for c, members in merged.items():
        node = G.nodes[c]
        own = {node.get("name_en"), node.get("name_zh"), c}
        aliases = list(node.get("aliases", ()))
        idents = list(node.get("identifiers", ()))
        for m in members:
            attrs = G.nodes[m]
            for name in (attrs.get("name_en"), attrs.get("name_zh"), *attrs.get("aliases", ())):
                if name and name not in own and name not in aliases:
                    aliases.append(name)
            idents += [i for i in attrs.get("identifiers", ()) if i not in idents]
        node["aliases"] = tuple(aliases)
        if idents:
            node["identifiers"] = tuple(idents)
        node[SAME_AS_IDS] = tuple(members)
    labels = {n: G.nodes[n].get("label", n) for n in canon}
    kept: dict[str, list[str]] = {}
    for s, o, _key, attrs in sorted(same, key=lambda e: (e[0], e[1], e[2])):
        row = {"subject": s, "object": o, "subject_label": labels[s], "object_label": labels[o], **attrs}
        kept.setdefault(canon[s], []).append(_ENCODE(row))
    for c, rows in kept.items():
        G.nodes[c][SAME_AS_STATEMENTS] = tuple(rows)
    G.remove_nodes_from([m for m, c in canon.items() if m != c])
    return [(canon.get(s, s), canon.get(o, o), k, a) for s, o, k, a in others]


def same_as_rows(node_id: str, attrs: dict) -> list[dict]:
    """The sameAs statements kept on a canonical node, as :meth:`Lookups.statements` rows."""
    rows = []
    for text in attrs.get(SAME_AS_STATEMENTS, ()):
        row = json.loads(text)
        incoming = row["object"] == node_id  # else out: from this node, or between two of its merged records
        row["direction"] = "in" if incoming else "out"
        row["other"] = row["subject"] if incoming else row["object"]
        row["other_label"] = row["subject_label"] if incoming else row["object_label"]
        rows.append(row)
    return rows
