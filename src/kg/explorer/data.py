"""The explorer page's data, prepared once in Python: nodes, statements, the ontology's visual encoding
(classes, families in the ontology's order, relations), sources, each name's search keys and the
look-through snapshots. Everything here is JSON-ready; :mod:`kg.explorer.page` embeds it.

Nodes and statements are built directly (pyvis's ``add_node``/``add_edge`` loop is quadratic); a
statement is ``[subject, object, key, attributes]`` with the projection's own attribute dict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import networkx as nx

from kg.errors import UsageError
from kg.explorer.keys import DROP_PATTERN, name_keys, t2s_map
from kg.explorer.layout import PHYSICS_LIMIT, place
from kg.explorer.lookthrough import LOOKTHROUGH_LIMIT, snapshots
from kg.graph.dating import Dating, first_day
from kg.schema.specs import Ontology
from kg.schema.vocab import ECONOMIC, FOCUS_FAMILIES, LINK

DEFAULT_DEPTH = 2
LANGS = ("en", "zh")
NODE_INFO = frozenset(("legal_name", "country", "founded", "description", "note", "source"))
SOURCE_FIELDS = ("title", "url", "publisher", "published")


def _iso(value) -> str | None:
    """The first day a (partial) date means, ISO; None for no date or one that is not a date."""
    try:
        day = first_day(value)
    except (TypeError, ValueError):  # a graph read from RDF is not validated like the CSV files
        return None
    return day.isoformat() if day else None


def edges_sorted(G: nx.MultiDiGraph, nodes: list[str]) -> list[list]:
    """Every statement as [subject, object, key, data], in (subject, object, key) order, without
    sorting every edge as a tuple."""
    succ = G._succ  # the raw adjacency: networkx's views cost more than the rest of a page
    out: list[list] = []
    add = out.append
    for s in nodes:
        nbrs = succ[s]
        if not nbrs:
            continue
        for o in sorted(nbrs) if len(nbrs) > 1 else nbrs:
            keys = nbrs[o]
            if len(keys) == 1:
                for k, d in keys.items():
                    add([s, o, k, d])
            else:
                for k in sorted(keys):
                    add([s, o, k, keys[k]])
    return out


def _checked_families(G, onto: Ontology, focus, depth: int, families, as_of, lang: str):
    """The options, checked (UsageError for a bad one); the families without blanks or repeats."""
    if lang not in LANGS:
        raise UsageError(f"--lang must be en or zh, not '{lang}'")
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    if focus is not None and focus not in G:
        raise UsageError(f"no entity has id '{focus}'")
    if families is not None:
        families = [f for f in dict.fromkeys(families) if f]
        unknown = [f for f in families if f not in onto.families]
        if unknown:
            raise UsageError(
                f"unknown relation famil{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}; "
                f"use {', '.join(sorted(onto.families))}"
            )
    if as_of is not None:
        try:
            ok = first_day(as_of) is not None
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise UsageError(f"--as-of '{as_of}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return families


def _scan_statements(G, edges: list[list], roles: set[str], sources: dict):
    """One pass over the statements: predicate counts, the sources they cite, every day a statement's
    status can change, and those of ownership statements."""
    preds: Counter[str] = Counter()
    used_sources: set[str] = set()
    dates: set[str] = set()
    own_dates: set[str] = set()
    dating = Dating(G, sources)
    for s, o, _k, d in edges:
        p = d.get("predicate", "")
        preds[p] += 1
        # the days a statement's status can change (dating.status_on): start or the day a source states it,
        # end, and the founding of its entities
        for v in (d.get("start") or dating.stated_as_of(d), d.get("end"), dating.founded(s), dating.founded(o)):
            if v:
                day = _iso(v)
                if day:
                    dates.add(day)
                    if p in roles:
                        own_dates.add(day)
        src = d.get("source")
        if src:
            used_sources.add(src)
    return preds, used_sources, dates, own_dates


def _node_items(
    G, ids: list[str], zh_mode: bool, used_sources: set[str], cjk: set[str], known: Mapping[str, str]
) -> list[dict]:
    """One dict per entity: id, label, kind, names, search keys and the facts the side panel shows."""
    nodes: list[dict] = []
    attrs = G._node
    for n in ids:
        a = attrs[n]
        en = a.get("label") or a.get("name_en") or n
        zh = a.get("name_zh") or ""
        item = {"id": n, "label": (zh or en) if zh_mode else en, "kind": a.get("type", "")}
        if zh:
            item["zh"] = zh
            if zh_mode:
                item["en"] = en  # else label is the English name
        aliases = a.get("aliases") or ()
        aliases = [aliases] if isinstance(aliases, str) else [str(x) for x in aliases if x]
        if aliases:
            item["aliases"] = aliases
        item["keys"] = name_keys(dict.fromkeys((n, en, a.get("name_en") or n, zh or n, *aliases)), cjk, known)
        present = NODE_INFO.intersection(a)
        info = {f: a[f] for f in sorted(present) if a[f] is not None and a[f] != ""} if present else None
        if info:
            item["info"] = info
            if "source" in info:
                used_sources.add(info["source"])
        nodes.append(item)
    return nodes


def _class_spec(onto: Ontology, c: str) -> dict:
    spec = onto.classes.get(c)
    if spec:
        return {"en": spec.label_en, "zh": spec.label_zh, "color": spec.color, "shape": spec.shape}
    return {"en": c or "entity", "zh": c or "实体", "color": "#cccccc", "shape": "dot"}


def _relation_spec(onto: Ontology, p: str) -> dict:
    r = onto.relations.get(p)
    if r is None:
        return {"en": p, "zh": p, "family": "", "econ": False, "stake": False}
    econ = ECONOMIC in r.ownership_roles
    return {"en": r.label_en, "zh": r.label_zh, "family": r.family, "econ": econ, "stake": bool(r.stake_bearing)}


def _encoding(onto: Ontology, nodes: list[dict], preds: Counter, sources: dict, used_sources: set[str]) -> dict:
    """The legend's classes and families (with counts), the relations and the cited sources."""
    kinds = Counter(n["kind"] for n in nodes)
    rels = onto.relations
    fam_count: Counter[str] = Counter()
    for p, c in preds.items():
        fam_count[rels[p].family if p in rels else ""] += c
    fams = onto.families
    return {
        "classes": {c: {**_class_spec(onto, c), "count": kinds[c]} for c in sorted(kinds)},
        "families": {
            f: {"en": s.label_en, "zh": s.label_zh, "style": s.edge_style, "color": s.color, "count": fam_count[f]}
            for f, s in sorted(fams.items())
            if f in fam_count
        },
        "familyOrder": onto.family_order(),
        "relations": {p: _relation_spec(onto, p) for p in sorted(preds)},
        "sources": {
            sid: {f: sources[sid][f] for f in SOURCE_FIELDS if sources[sid].get(f) not in (None, "")}
            for sid in sorted(used_sources)
            if sid in sources
        },
    }


def view_data(
    G: nx.MultiDiGraph,
    onto: Ontology,
    sources: dict,
    *,
    title: str = "kg graph",
    focus: str | None = None,
    depth: int = DEFAULT_DEPTH,
    families=None,
    as_of=None,
    lang: str = "en",
    lookthrough: bool | None = None,
    keys: Mapping[str, str] | None = None,
) -> dict:
    """Everything the page embeds (JSON-ready): ``meta``; ``nodes``, one dict per entity; ``edges``, one
    ``[subject, object, key, attributes]`` per statement; ``own``, the look-through snapshots (or None)."""
    families = _checked_families(G, onto, focus, depth, families, as_of, lang)
    ids = sorted(G.nodes)
    roles = {n for n, r in onto.relations.items() if r.ownership_roles - {LINK}}  # links carry no stake
    edges = edges_sorted(G, ids)  # each statement's attributes are the projection's own dict, not a copy
    preds, used_sources, dates, own_dates = _scan_statements(G, edges, roles, sources)
    cjk: set[str] = set()
    nodes = _node_items(G, ids, lang == "zh", used_sources, cjk, keys or {})
    big = focus is None and len(nodes) > PHYSICS_LIMIT
    if big:
        place(G, ids, nodes)
    encoding = _encoding(onto, nodes, preds, sources, used_sources)
    if families is None:
        present = (onto.relations[p].family for p in preds if p in onto.relations)
        families = list(FOCUS_FAMILIES) if focus else sorted({f for f in present if f})
    latest = max(dates) if dates else None
    day = _iso(as_of) if as_of is not None else latest
    own = None
    if lookthrough if lookthrough is not None else len(nodes) <= LOOKTHROUGH_LIMIT:
        try:
            own = snapshots(G, onto, sources, day, sorted(own_dates))
        except (TypeError, ValueError):  # e.g. a malformed date in a graph read from RDF: the page sums its paths
            own = None
    meta = {
        "title": title,
        "lang": lang,
        "focus": focus,
        "depth": depth,
        "familiesOn": families,
        "asOf": day,
        "latest": latest,
        "dates": sorted(dates | ({day} if day else set())),
        "physics": not big,
        "big": big,
        "physicsLimit": PHYSICS_LIMIT,
        **encoding,
        "t2s": t2s_map(cjk),
        "drop": DROP_PATTERN,
    }
    return {"meta": meta, "nodes": nodes, "edges": edges, "own": own}
