"""The interactive HTML explorer: a self-contained pyvis / vis-network page.

Python prepares the data once — nodes, statements, the ontology's visual
encoding, each name's search keys, a traditional → simplified character map,
the economic links and look-through stakes from :class:`kg.ownership.engine.Ownership`
on every date the ownership structure changes — and ``explorer.js`` builds the
vis-network view from it in the browser.

* Node and edge lists are built directly (pyvis's ``add_node``/``add_edge`` loop
  is quadratic) and embedded as JSON with ``<``, ``>``, ``&``, U+2028 and U+2029
  escaped, so names and quotes from data can never leave the script. The page's
  script inserts data with ``textContent`` / ``createElement`` only, and
  vis-network shows string tooltips as text.
* vis-network is inlined from the pyvis package: the page makes no network
  requests (its Content-Security-Policy forbids them too).
* Up to :data:`PHYSICS_LIMIT` nodes on screen the layout is vis-network's physics
  with a fixed seed; a larger whole-graph view gets positions computed here in
  O(n log n) (type clusters, each a sunflower spiral with hubs at its centre) and
  no physics, so it is usable at once.
* Deterministic: the same graph and options give a byte-identical page (no
  clock: the default date is the latest date in the data).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import math
from collections import Counter, defaultdict
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from kg.errors import UsageError
from kg.graph.dating import UNSTATED_START, Dating, first_day
from kg.graph.names import _DROP, normalize
from kg.schema.ontology import Ontology

PHYSICS_LIMIT = 1000  # nodes on screen; above, positions are computed here and physics is off
LOOKTHROUGH_LIMIT = 5000  # nodes; above, the page sums the paths it finds instead of precomputed stakes
MAX_SNAPSHOTS = 24  # ownership dates with their own precomputed look-through
FOCUS_FAMILIES = ("ownership", "control")
DEFAULT_DEPTH = 2
VIS = "lib/vis-9.1.2"
NODE_INFO = frozenset(("legal_name", "country", "founded", "description", "note", "source"))
SOURCE_FIELDS = ("title", "url", "publisher", "published")


# -- assets -------------------------------------------------------------------------


def _pyvis_templates() -> Path:
    import pyvis

    return Path(pyvis.__file__).parent / "templates"


@functools.lru_cache(maxsize=1)
def _assets() -> dict[str, Markup]:
    own = resources.files("kg.explorer") / "templates"
    vis = _pyvis_templates() / VIS
    return {
        "vis_js": Markup((vis / "vis-network.min.js").read_text(encoding="utf-8")),
        "vis_css": Markup((vis / "vis-network.css").read_text(encoding="utf-8")),
        "app_js": Markup((own / "explorer.js").read_text(encoding="utf-8")),
        "app_css": Markup((own / "explorer.css").read_text(encoding="utf-8")),
    }


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    own = str(resources.files("kg.explorer") / "templates")
    return Environment(loader=FileSystemLoader(own), autoescape=True, keep_trailing_newline=True)


def _script_json(value) -> str:
    """JSON safe to embed inside <script>: no '<', '>' or '&' can close the tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False, default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# -- names ----------------------------------------------------------------------------

_ASCII_DROP = bytes(c for c in range(128) if _DROP.fullmatch(chr(c)))


def _key(text: str) -> str:
    """kg.graph.names.normalize, its ASCII case as one bytes.translate (NFKC and casefold are lower() there)."""
    if text.isascii():
        return text.lower().encode("ascii").translate(None, _ASCII_DROP).decode("ascii")
    return normalize(text)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@functools.lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


def t2s_map(chars) -> dict[str, str]:
    """traditional → simplified for the (simplified) characters ``chars``: s2t per character, mapped back."""
    conv = _s2t()
    out = {}
    for ch in sorted(set(chars)):
        for trad in dict.fromkeys(conv.convert(ch)):
            if trad != ch and _is_cjk(trad) and normalize(trad) == ch:
                out[trad] = ch
    return out


# -- the page's data ----------------------------------------------------------------


def _share_text(d: dict) -> str:
    if d.get("share") is not None:
        return f"{d['share']}%"
    lo, hi = d.get("share_min"), d.get("share_max")
    if lo is not None or hi is not None:
        return f"{lo if lo is not None else '?'}–{hi if hi is not None else '?'}%"
    return ""


def _iso(value) -> str | None:
    """The first day a (partial) date means, ISO; None for no date or one that is not a date."""
    try:
        day = first_day(value)
    except (TypeError, ValueError):  # a graph read from RDF is not validated like the CSV files
        return None
    return day.isoformat() if day else None


def _edges_sorted(G: nx.MultiDiGraph, nodes: list[str]) -> list[list]:
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


def _layout(ids: list[str], kinds: list[str], degree: dict) -> list[tuple[int, int]]:
    """Positions for a large graph, O(n log n): one cluster per type on a ring, each a sunflower spiral.

    Within a cluster the best-connected nodes sit at the centre (spiral order by degree, then id);
    clusters are discs whose area grows with their node count. Deterministic.
    """
    spacing = 28.0
    golden = math.pi * (3 - math.sqrt(5))
    groups: dict[str, list[int]] = defaultdict(list)
    for i, kind in enumerate(kinds):
        groups[kind].append(i)
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    radius = {k: spacing * math.sqrt(len(groups[k])) + spacing for k in order}
    gap = spacing * 6
    total = sum(2 * radius[k] + gap for k in order)
    ring = total / (2 * math.pi) if len(order) > 1 else 0.0
    pos: list[tuple[int, int]] = [(0, 0)] * len(ids)
    along = 0.0
    for k in order:
        along += radius[k] + gap / 2
        angle = 2 * math.pi * along / total
        cx, cy = ring * math.cos(angle), ring * math.sin(angle)
        along += radius[k] + gap / 2
        members = sorted(groups[k], key=lambda i: (-degree[ids[i]], ids[i]))
        for rank, i in enumerate(members):
            r = spacing * math.sqrt(rank + 0.5)
            t = rank * golden
            pos[i] = (round(cx + r * math.cos(t)), round(cy + r * math.sin(t)))
    return pos


def _pct(x: float) -> float:
    return round(x * 100, 6) + 0.0


def _snapshot(own) -> dict:
    """The economic links (with the statements behind them) and every look-through stake, for one date.

    A link is ``[holder, held, low, high, flag, statement ids]`` and a stake ``[holder, held, low, high]``;
    ``ul`` and ``ult`` index the links and stakes that rest on a holding whose start no source states
    (held only as of a later date: see kg.graph.dating).
    """
    links, ul = [], []
    for holder in sorted(own.econ_out):
        for held, link in sorted(own.econ_out[holder].items()):
            flag = 1 if link.assumed else (2 if link.conflict else 0)
            links.append(
                [holder, held, _pct(link.stake.lo), _pct(link.stake.hi), flag, sorted(c.statement for c in link.claims)]
            )
            if link.status == UNSTATED_START:
                ul.append(len(links) - 1)
    stakes: dict[tuple[str, str], list[float]] = {}
    resting: set[tuple[str, str]] = set()
    if links:
        for end, col in (("hi", 1), ("lo", 0)):
            nodes, U = own.integrated_matrix(end)
            if end == "hi":
                resting = _resting_on_unstated(own, nodes, U)
            U = U.tocoo()
            for i, j, v in zip(U.row.tolist(), U.col.tolist(), U.data.tolist(), strict=True):
                stakes.setdefault((nodes[i], nodes[j]), [0.0, 0.0])[col] = _pct(v)
    lt = [[a, b, lo, hi] for (a, b), (lo, hi) in sorted(stakes.items())]
    return {"links": links, "lt": lt, "ul": ul, "ult": [i for i, r in enumerate(lt) if (r[0], r[1]) in resting]}


def _resting_on_unstated(own, nodes: list[str], U) -> set[tuple[str, str]]:
    """The pairs (i, j) whose look-through stake uses a link no source asserts on the day: i reaches the link's
    holder and its held entity reaches j. Reachability is the pattern of the upper-end stakes ``U``, so this is
    one sparse product R·F·R, not a walk per pair."""
    import numpy as np
    import scipy.sparse as sp

    ix = {n: i for i, n in enumerate(nodes)}
    flagged = [
        (ix[link.holder], ix[link.held])
        for held in own.econ_out.values()
        for link in held.values()
        if link.status == UNSTATED_START
    ]
    if not flagged:
        return set()
    n = len(nodes)
    R = ((U != 0) + sp.identity(n, dtype=bool, format="csr")).astype(np.int64)
    F = sp.csr_matrix((np.ones(len(flagged), dtype=np.int64), tuple(np.array(flagged).T)), shape=(n, n))
    T = ((R @ F).astype(bool).astype(np.int64) @ R).tocoo()  # counts of at most n: no overflow
    return {(nodes[i], nodes[j]) for i, j in zip(T.row.tolist(), T.col.tolist(), strict=True) if i != j}


def _ownership(G: nx.MultiDiGraph, onto: Ontology, sources: dict, as_of: str | None, own_dates: list[str]) -> dict:
    """Look-through snapshots: one per interval between the dates where ownership statements start or end."""
    from kg.ownership.engine import Ownership

    if not own_dates or len(own_dates) > MAX_SNAPSHOTS:
        key = as_of or "any"
        return {
            "bps": [],
            "before": key,
            "only": bool(own_dates),
            "asOf": as_of,
            "snaps": {key: _snapshot(Ownership(G, onto, as_of=as_of, sources=sources))},
        }
    before = (date.fromisoformat(own_dates[0]) - timedelta(days=1)).isoformat()
    snaps = {day: _snapshot(Ownership(G, onto, as_of=day, sources=sources)) for day in [before, *own_dates]}
    return {"bps": own_dates, "before": before, "only": False, "asOf": as_of, "snaps": snaps}


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
) -> dict:
    """Everything the page embeds (JSON-ready): ``meta``; ``nodes``, one dict per entity; ``edges``, one
    ``[subject, object, key, attributes]`` per statement; ``own``, the look-through snapshots (or None)."""
    if lang not in ("en", "zh"):
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

    ids = sorted(G.nodes)
    rels = onto.relations
    econ = {n for n, r in rels.items() if "economic" in r.ownership_roles}
    roles = {n for n, r in rels.items() if r.ownership_roles}

    # each statement as [subject, object, key, its attributes] — the projection's own dict, not a copy
    edges = _edges_sorted(G, ids)
    preds: Counter[str] = Counter()
    used_sources: set[str] = set()
    dates: set[str] = set()
    own_dates: set[str] = set()
    dating = Dating(G, sources)
    for s, o, _k, d in edges:
        p = d.get("predicate", "")
        preds[p] += 1
        # the days a statement's status can change (temporal.status_on): start or the day a source states it,
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

    zh_mode = lang == "zh"
    nodes: list[dict] = []
    cjk: set[str] = set()
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
        keys = []
        for name in dict.fromkeys((n, en, a.get("name_en") or n, zh or n, *aliases)):
            key = _key(name)
            if key and key not in keys:
                keys.append(key)
                if not key.isascii():
                    cjk.update(ch for ch in key if _is_cjk(ch))
        item["keys"] = keys
        present = NODE_INFO.intersection(a)
        info = {f: a[f] for f in sorted(present) if a[f] is not None and a[f] != ""} if present else None
        if info:
            item["info"] = info
            if "source" in info:
                used_sources.add(info["source"])
        nodes.append(item)

    big = focus is None and len(nodes) > PHYSICS_LIMIT
    if big:
        succ, pred = G._succ, G._pred
        degree = {n: len(succ[n]) + len(pred[n]) for n in ids}  # distinct neighbours: enough to order a spiral
        for item, (x, y) in zip(nodes, _layout(ids, [n["kind"] for n in nodes], degree), strict=True):
            item["x"], item["y"] = x, y

    kinds = Counter(n["kind"] for n in nodes)
    fam_count: Counter[str] = Counter()
    for p, c in preds.items():
        fam_count[rels[p].family if p in rels else ""] += c
    present_fams = sorted(f for f in fam_count if f)
    if families is None:
        families = list(FOCUS_FAMILIES) if focus else present_fams
    latest = max(dates) if dates else None
    day = _iso(as_of) if as_of is not None else latest
    all_dates = sorted(dates | ({day} if day else set()))

    if lookthrough is None:
        lookthrough = len(nodes) <= LOOKTHROUGH_LIMIT
    own = None
    if lookthrough:
        try:
            own = _ownership(G, onto, sources, day, sorted(own_dates))
        except (TypeError, ValueError):  # e.g. a malformed date in a graph read from RDF: the page sums its paths
            own = None

    def cls_spec(c):
        spec = onto.classes.get(c)
        return (
            {"en": spec.label_en, "zh": spec.label_zh, "color": spec.color, "shape": spec.shape}
            if spec
            else {"en": c or "entity", "zh": c or "实体", "color": "#cccccc", "shape": "dot"}
        )

    meta = {
        "title": title,
        "lang": lang,
        "focus": focus,
        "depth": depth,
        "familiesOn": families,
        "asOf": day,
        "latest": latest,
        "dates": all_dates,
        "physics": not big,
        "big": big,
        "physicsLimit": PHYSICS_LIMIT,
        "classes": {c: {**cls_spec(c), "count": kinds[c]} for c in sorted(kinds)},
        "families": {
            f: {
                "en": onto.families[f].label_en,
                "zh": onto.families[f].label_zh,
                "style": onto.families[f].edge_style,
                "color": onto.families[f].color,
                "count": fam_count[f],
            }
            for f in sorted(onto.families)
            if f in fam_count
        },
        "relations": {
            p: (
                {
                    "en": rels[p].label_en,
                    "zh": rels[p].label_zh,
                    "family": rels[p].family,
                    "econ": p in econ,
                    "stake": bool(rels[p].stake_bearing),
                }
                if p in rels
                else {"en": p, "zh": p, "family": "", "econ": False, "stake": False}
            )
            for p in sorted(preds)
        },
        "sources": {
            sid: {f: sources[sid][f] for f in SOURCE_FIELDS if sources[sid].get(f) not in (None, "")}
            for sid in sorted(used_sources)
            if sid in sources
        },
        "t2s": t2s_map(cjk),
        "drop": _DROP.pattern,
    }
    return {"meta": meta, "nodes": nodes, "edges": edges, "own": own}


def render_html(
    G: nx.MultiDiGraph,
    onto: Ontology,
    sources: dict,
    title: str = "kg graph",
    *,
    focus: str | None = None,
    depth: int = DEFAULT_DEPTH,
    families=None,
    as_of=None,
    lang: str = "en",
    lookthrough: bool | None = None,
) -> str:
    """The explorer page as a string (deterministic for the same graph and options).

    ``focus``: an entity id — start from its ownership neighbourhood (``depth`` links up and
    down over ``families``, default ownership and control) and grow on demand; ``None`` shows
    the whole graph. ``as_of``: the date shown first (default: the latest date in the data).
    """
    with _no_gc():
        data = view_data(
            G,
            onto,
            sources,
            title=title,
            focus=focus,
            depth=depth,
            families=families,
            as_of=as_of,
            lang=lang,
            lookthrough=lookthrough,
        )
        return _page(title, lang, data)


@contextlib.contextmanager
def _no_gc():
    """Pause the cyclic garbage collector: a page allocates ~10 objects per statement, none in cycles,
    and collection passes triggered by them cost a third of the time of a large page."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _page(title: str, lang: str, data: dict) -> str:
    return (
        _env()
        .get_template("graph.html")
        .render(
            title=title,
            lang="zh" if lang == "zh" else "en",
            meta_json=Markup(_script_json(data["meta"])),
            nodes_json=Markup(_script_json(data["nodes"])),
            edges_json=Markup(_script_json(data["edges"])),
            own_json=Markup(_script_json(data["own"])),
            n_nodes=len(data["nodes"]),
            n_edges=len(data["edges"]),
            **_assets(),
        )
    )


# -- the old dict-per-item form (kept for the pyvis baselines in bench/) ---------------


def network_data(G: nx.MultiDiGraph, onto: Ontology, sources: dict) -> tuple[list[dict], list[dict]]:
    """vis-network node and edge dicts with tooltips, in a stable order (what a pyvis loop would be fed)."""
    nodes = []
    for n in sorted(G.nodes):
        a = G.nodes[n]
        cls = onto.classes.get(a.get("type", ""))
        nodes.append(
            {
                "id": n,
                "label": a.get("label", n),
                "title": f"{a.get('label', n)}\n{a.get('type', '')} · id {n}",
                "kind": a.get("type", ""),
                "color": cls.color if cls else "#cccccc",
                "shape": cls.shape if cls else "dot",
                "value": 1 + G.degree(n),
            }
        )
    edges = []
    for s, o, k, d in _edges_sorted(G, [n["id"] for n in nodes]):
        rel = onto.relations.get(d.get("predicate", ""))
        fam = onto.families.get(rel.family if rel else "")
        src = sources.get(d.get("source", ""), {})
        edges.append(
            {
                "id": k,
                "from": s,
                "to": o,
                "label": _share_text(d),
                "title": f"{s} — {rel.label_en if rel else d.get('predicate')} — {o}\nsource: {src.get('title', d.get('source', ''))}",
                "arrows": "to",
                "dashes": bool(fam and fam.edge_style != "solid"),
                "color": fam.color if fam else "#999999",
                "family": rel.family if rel else "",
            }
        )
    return nodes, edges
