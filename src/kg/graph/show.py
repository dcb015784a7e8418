"""``kg show``: every statement about one entity, both directions, with sources."""

from __future__ import annotations

import sys
import unicodedata
from typing import TYPE_CHECKING

from kg.graph.dating import Dating
from kg.graph.dating_text import as_of_start_not_stated
from kg.schema.specs import Ontology
from kg.schema.vocab import DEFAULT_BASIS, SHARE, SHARE_MAX, SHARE_MIN, SHARES
from kg.untrusted import for_terminal, one_line

if TYPE_CHECKING:
    from kg.graph.knowledge import KnowledgeGraph

# Columns of a statement that are not its ends or its source: shown with each statement, in the CSV's order.
PARTS_KINDS = ("entity", "predicate", "source")


def qualifiers(onto: Ontology) -> tuple[str, ...]:
    """The relation columns shown with a statement (share, dates, basis, …), in the ontology's column order."""
    return tuple(c.name for c in onto.columns["relations"] if c.kind not in PARTS_KINDS)


def entity_report(kg: KnowledgeGraph, ref: str) -> dict:
    """A JSON-ready description of one entity: attributes, statements (out and in), facts."""
    ent = kg.entity(ref)
    dating = Dating(kg.graph_around(ent["id"]), kg.sources)  # the foundings of the entities it names
    statements = []
    shown_columns = qualifiers(kg.ontology)
    for st in kg.statements(ent["id"]):
        row = {k: st[k] for k in ("direction", "subject", "predicate", "object") if k in st}
        row["other"] = {"id": st["other"], "label": st["other_label"]}
        row.update({k: st[k] for k in shown_columns if st.get(k) not in (None, "")})
        if "start" not in row:  # not asserted before a source states it: say as of when, and that the start is unknown
            row["start_not_stated"] = {"stated_as_of": dating.stated_as_of(st)}
        row["source"] = {
            "id": st.get("source", ""),
            "title": st.get("source_title", ""),
            "url": st.get("source_url", ""),
        }
        row["statement"] = st.get("statement")
        row["source_row"] = st.get("source_row", "")
        statements.append(row)
    statements.sort(
        key=lambda r: (
            r["direction"] != "out",
            r["predicate"],
            r["other"]["id"],
            str(r.get("start", "")),
            r["source"]["id"],
            r["statement"] or "",
        )
    )
    attrs = {k: (list(v) if isinstance(v, tuple) else v) for k, v in ent.items() if v not in (None, "", ())}
    return {"entity": attrs, "statements": statements, "facts": kg.facts(ent["id"])}


def width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, n: int) -> str:
    return text + " " * max(0, n - width(text))


def table(header: list[str], rows: list[list], max_width: int = 60) -> str:
    """Aligned columns; each cell on one line, its control characters shown as escapes (so widths are right)."""
    cells = [
        [_clip(for_terminal(one_line(str(c if c is not None else ""))), max_width) for c in r] for r in [header, *rows]
    ]
    widths = [max(width(r[i]) for r in cells) for i in range(len(header))]
    out = []
    for n, r in enumerate(cells):
        out.append("  ".join(_pad(c, widths[i]) for i, c in enumerate(r)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out) + "\n"


def _clip(text: str, n: int) -> str:
    if width(text) <= n:
        return text
    out, w = "", 0
    for ch in text:
        cw = width(ch)
        if w + cw > n - 1:
            break
        out, w = out + ch, w + cw
    return out + "…"


def _stake(r: dict) -> str:
    parts = []
    if SHARE in r:
        parts.append(f"{r[SHARE]}%")
    elif SHARE_MIN in r or SHARE_MAX in r:
        parts.append(f"{r.get(SHARE_MIN, '?')}–{r.get(SHARE_MAX, '?')}%")
    if SHARES in r:
        parts.append(f"{r[SHARES]:,} sh")
    if "share_class" in r:
        parts.append(f"class {r['share_class']}")
    if "amount" in r:
        parts.append(f"{r['currency']} {r['amount']:,}")
    return " ".join(parts)


def _when(r: dict) -> str:
    parts = []
    if "start" in r:
        parts.append(f"from {r['start']}")
    if "end" in r:
        parts.append(f"until {r['end']}")
    if "start_not_stated" in r:
        return "; ".join([as_of_start_not_stated(r["start_not_stated"]["stated_as_of"]), *parts])
    if "as_of" in r and not parts:
        parts.append(f"as of {r['as_of']}")
    return " ".join(parts)


def print_report(report: dict, kg: KnowledgeGraph, out=None) -> None:
    out = out or sys.stdout
    e = report["entity"]
    cls = kg.ontology.classes.get(e.get("type", ""))
    names = " / ".join(x for x in (e.get("name_en"), e.get("name_zh")) if x)
    out.write(f"{names}  [{e['id']}]  {cls.label_en if cls else e.get('type', '')}\n")
    for key in ("aliases", "legal_name", "founded", "country", "description"):
        if key in e:
            value = ", ".join(e[key]) if isinstance(e[key], list) else e[key]
            out.write(f"  {key.replace('_', ' ')}: {one_line(str(value))}\n")
    rows = []
    for r in report["statements"]:
        rel = kg.ontology.relations.get(r["predicate"])
        label = rel.label_en if rel else r["predicate"]
        arrow = f"→ {label}" if r["direction"] == "out" else f"← {label}"
        other = f"{r['other']['label']} [{r['other']['id']}]"
        extra = " ".join(
            x
            for x in (r.get("role", ""), f"({r['basis']})" if r.get("basis") not in (None, DEFAULT_BASIS) else "")
            if x
        )
        rows.append(
            [
                arrow,
                other,
                _stake(r),
                _when(r),
                extra,
                r["source"]["title"] or r["source"]["id"],
                r.get("confidence", ""),
            ]
        )
    out.write(f"\nStatements ({len(rows)}):\n")
    out.write(table(["relation", "entity", "stake", "when", "note", "source", "conf."], rows, max_width=44))
    if report["facts"]:
        frows = []
        for f in report["facts"]:
            period = "–".join(str(x) for x in (f.get("period_start"), f.get("period_end")) if x) or str(
                f.get("as_of", "")
            )
            value = f"{f['value']:,}" if isinstance(f.get("value"), (int, float)) else str(f.get("value"))
            frows.append(
                [
                    f.get("metric", ""),
                    f"{value} {f.get('unit', '')}".strip(),
                    period,
                    f.get("source_title") or f.get("source", ""),
                    f.get("confidence", ""),
                ]
            )
        out.write(f"\nFacts ({len(frows)}):\n")
        out.write(table(["metric", "value", "period", "source", "conf."], frows, max_width=44))
