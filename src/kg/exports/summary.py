"""``outputs/summary.md``: what the graph holds, the largest holders of its focus company, and where things were written."""

from __future__ import annotations

import re
from collections import Counter

from kg.graph.dating import ASSERTED, Dating, first_day
from kg.graph.knowledge import KnowledgeGraph
from kg.graph.rdfread import triple_count
from kg.schema.specs import Ontology
from kg.schema.vocab import ECONOMIC
from kg.untrusted import markdown as _md

# The ownership role (kg:ownershipRole in the ontology) of the relations that state an economic stake:
# the summary's holders are what the look-through analytics (kg.ownership) count as direct holdings.


def holding_relations(onto: Ontology) -> frozenset[str]:
    """The relations that state a holding (economic stake): holdsSharesIn and its relatives, from the ontology."""
    return frozenset(name for name, r in onto.relations.items() if ECONOMIC in r.ownership_roles)


def focus_entity(kg: KnowledgeGraph) -> str | None:
    """The entity with the most incoming holding statements (Zhipu for the bundled data)."""
    holding = holding_relations(kg.ontology)
    counts = Counter(o for _s, o, d in kg.nx.edges(data=True) if d["predicate"] in holding)
    return min(counts, key=lambda n: (-counts[n], n)) if counts else None


def holders_on(kg: KnowledgeGraph, company: str, day) -> list[dict]:
    """Direct holding statements into ``company`` with a stated share that a source asserts on ``day``, largest first."""
    rows = []
    dating = Dating(kg.nx, kg.sources)
    holding = holding_relations(kg.ontology)
    for s, o, d in kg.nx.in_edges(company, data=True):
        if d["predicate"] in holding and dating.status(s, o, d, day) == ASSERTED and d.get("share") is not None:
            rows.append({"holder": s, "label": kg.nx.nodes[s].get("label", s), **d})
    rows.sort(key=lambda r: (-float(r["share"]), r["holder"], r.get("source", "")))
    return rows


def latest_start(kg: KnowledgeGraph, company: str):
    """The latest day a holding statement into ``company`` starts (None when none states a start)."""
    holding = holding_relations(kg.ontology)
    days = [
        day
        for _s, _o, d in kg.nx.in_edges(company, data=True)
        if d["predicate"] in holding and (day := first_day(d.get("start"))) is not None
    ]
    return max(days) if days else None


def summary_markdown(kg: KnowledgeGraph, written: list[tuple[str, str]], top: int = 15) -> str:
    G, onto = kg.nx, kg.ontology
    lines = ["# kg build summary", ""]
    lines.append(
        f"{G.number_of_nodes()} entities, {G.number_of_edges()} statements, "
        f"{len(kg.sources)} sources, {triple_count(kg.rdf)} RDF triples."
    )
    left = kg.report.get("left_out", [])
    if left:
        lines.append(
            f"{len(left)} row(s) below confidence '{kg.report.get('min_confidence')}' were left out: "
            + ", ".join(map(_md, left))
            + "."
        )
    lines += ["", "## Entities by type", "", "| type | 类型 | count |", "| --- | --- | ---: |"]
    types = Counter(a.get("type", "") for _n, a in G.nodes(data=True))
    for t, c in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])):
        cls = onto.classes.get(t)
        lines.append(f"| {_md(cls.label_en if cls else t)} | {_md(cls.label_zh) if cls else ''} | {c} |")
    lines += ["", "## Statements by relation", "", "| family | relation | count |", "| --- | --- | ---: |"]
    rels = Counter((d.get("family", ""), d["predicate"]) for _s, _o, d in G.edges(data=True))
    for (fam, rel), c in sorted(rels.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        lines.append(f"| {_md(fam)} | {_md(rel)} | {c} |")
    focus = focus_entity(kg)
    if focus:
        day = latest_start(kg, focus)
        label = G.nodes[focus].get("label", focus)
        lines += ["", f"## Largest direct holders of {_md(label)}" + (f" on {day.isoformat()}" if day else ""), ""]
        if day:
            rows = holders_on(kg, focus, day)
            lines += ["| holder | share % | shares | source | confidence |", "| --- | ---: | ---: | --- | --- |"]
            for r in rows[:top]:
                src = kg.sources.get(r.get("source", ""), {}).get("title", r.get("source", ""))
                shares = f"{r['shares']:,}" if r.get("shares") else ""
                lines.append(
                    f"| {_md(r['label'])} ({_code(r['holder'])}) | {_md(r['share'])} | {shares} | {_md(src)} "
                    f"| {_md(r.get('confidence', ''))} |"
                )
            lines.append("")
            lines.append("Direct holdings as filed; the look-through stakes below follow them through vehicles.")
            lines += _look_through(kg, focus, day, top)
    lines += ["", "## Files written", "", "| file | what |", "| --- | --- |"]
    for path, what in written:
        lines.append(f"| `{path}` | {what} |")
    return "\n".join(lines) + "\n"


def _look_through(kg: KnowledgeGraph, focus: str, day, top: int) -> list[str]:
    from kg.ownership.engine import Ownership
    from kg.ownership.wording import rule

    own = Ownership(kg.nx, kg.ontology, as_of=day, sources=kg.sources)
    res = own.owners(focus)
    label = kg.nx.nodes[focus].get("label", focus)
    ultimate = [r for r in res.owners if r.ultimate][:top]
    out = [
        "",
        f"## Largest ultimate owners of {_md(label)} on {day.isoformat()} (look-through)",
        "",
        f"Unstated stakes (e.g. a parent's share of its vehicle) are ranges, so stakes are `low–high`. "
        f"Direct holders account for {_range(res.direct_coverage.as_dict())}; {_code(f'kg owners {focus} --explain')} shows every chain.",
        "",
        "| ultimate owner | look-through % | chains |",
        "| --- | ---: | ---: |",
    ]
    for r in ultimate:
        out.append(f"| {_md(r.label)} ({_code(r.id)}) | {_range(r.integrated.as_dict())} | {r.paths} |")
    for threshold in (50.0, 30.0):
        ctl = own.control(focus, threshold=threshold)
        names = ", ".join(_code(c) for c in ctl.ultimate_controllers) or "none"
        loops = "".join(
            f"; controlled by the loop {{{', '.join(_code(m) for m in loop)}}}, whose members control "
            "each other with nobody above them"
            for loop in ctl.control_loops
        )
        out.append("")
        out.append(
            f"Ultimate controller(s) (control = {rule(ctl.strict)} {threshold:g}% of the votes): {names}{loops}."
        )
    return out


def _range(d: dict) -> str:
    return f"{d['low']:g}" if d["exact"] else f"{d['low']:g}–{d['high']:g}"


_CODE_SAFE = re.compile(r"[^`|\\<>&\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]*")


def _code(text: str) -> str:
    """An id as `code`, or as escaped text when it holds what a code span cannot (ids from RDF can)."""
    return f"`{text}`" if _CODE_SAFE.fullmatch(text) else _md(text)
