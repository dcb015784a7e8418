"""Tables and proofs for ``kg path``, ``kg owners``, ``kg holdings`` and ``kg control``."""

from __future__ import annotations

import sys
from collections.abc import Mapping

from kg.graph.dating import first_day
from kg.graph.dating_text import MARK, footnote, held_as_of
from kg.graph.show import table
from kg.ownership.wording import not_converged
from kg.untrusted import one_line


def _pct(d: dict | None) -> str:
    if not d:
        return ""
    return f"{d['low']:g}%" if d["exact"] else f"{d['low']:g}–{d['high']:g}%"


def _hop_lines(hop: dict, out) -> None:
    stake = _pct(hop["stake"])
    why = f" ({hop['assumed']})" if hop.get("assumed") else ""
    conflict = " [sources disagree: range covers them]" if hop.get("conflict") else ""
    out.write(f"      {hop['from_label']} → {hop['to_label']}: {stake}{why}{conflict}\n")
    for c in hop["claims"]:
        bits = [c["predicate"]]
        if c.get("share") is not None:
            bits.append(f"{c['share']}%")
        if c.get("shares"):
            bits.append(f"{c['shares']:,} shares")
        for k in ("start", "end", "as_of"):
            if c.get(k):
                bits.append(f"{k.replace('_', ' ')} {c[k]}")
        if c.get("basis") and c["basis"] != "stated":
            bits.append(c["basis"])
        if c.get("status") == "unstated_start":
            bits.append(f"[{held_as_of(c.get('stated_as_of'))}]")
        out.write(
            f"        · {' '.join(map(str, bits))} — {c.get('source_title') or c['source']} ({c.get('confidence', '')})\n"
        )
        if c.get("evidence"):
            out.write(f"          “{one_line(str(c['evidence']))}”\n")


def print_paths(res: dict, out=None) -> None:
    out = out or sys.stdout
    out.write(
        f"{res['track'].capitalize()} paths from {res['from']['label']} [{res['from']['id']}] to "
        f"{res['to']['label']} [{res['to']['id']}] as of {res['as_of']}:\n"
    )
    for n, p in enumerate(res["paths"], start=1):
        names = " → ".join(h["from_label"] for h in p["hops"]) + f" → {p['hops'][-1]['to_label']}"
        out.write(f"\n  {n}. {names}\n     {p['arithmetic']}{_mark(p)}\n")
        for hop in p["hops"]:
            _hop_lines(hop, out)
    out.write(f"\nSum of the {len(res['paths'])} path(s): {_pct(res['sum_of_paths'])}")
    out.write(
        " (paths through a shared vehicle overlap; `kg owners` gives the exact look-through)\n"
        if res["track"] == "economic"
        else "\n"
    )
    _footnote(res, res["start_not_stated"]["paths"], "path(s)", out)
    if res["truncated"]:
        out.write(
            f"kg: more paths exist beyond {res['max_hops']} hops or the path limit; raise --max-hops to see them.\n"
        )


def print_owners(res: dict, out=None, explain: bool = False) -> None:
    out = out or sys.stdout
    e = res["entity"]
    out.write(
        f"Owners of {e['label']} [{e['id']}] as of {res['as_of']} — economic look-through; "
        f"unstated stakes taken as {_pct(res['unknown_stake'])}\n"
    )
    if _none_recorded(res, "owners", "holder", out):
        return
    flags = res["start_not_stated"]
    out.write(
        f"Direct holders account for {_pct(res['direct_coverage'])}{MARK if flags['direct_coverage'] else ''} of it; "
        f"ultimate owners found for {_pct(res['ultimate_coverage'])}{MARK if flags['ultimate_coverage'] else ''}.\n"
    )
    if res["owned_by_loop"]:
        names = {r["id"]: r["label"] for r in res["owners"]} | {e["id"]: e["label"]}
        loop = ", ".join(f"{names.get(i, i)} [{i}]" for i in res["owned_by_loop"])
        out.write(
            f"Held through the cross-holding loop {{{loop}}}, which no owner outside it holds: "
            "none of its members is an ultimate owner.\n"
        )
    out.write("\n")
    rows = [[*_stake_cells(r), "yes" if r["ultimate"] else ""] for r in res["owners"]]
    out.write(table(["owner", "type", "direct", "look-through", "paths", "ultimate"], rows, max_width=52))
    totals = " and the totals" if flags["direct_coverage"] or flags["ultimate_coverage"] else ""
    _footnote(res, flags["rows"], f"owner(s){totals}", out)
    _print_aggregates(res["stated_aggregates"], "holder", out)
    _print_not_converged(res, out)
    if res.get("conflicts"):
        out.write("\nSources disagree on these direct stakes (the ranges above cover every best-graded claim):\n")
        for c in res["conflicts"]:
            out.write(f"  {c['holder']} → {c['held']}: {_pct(c['stake'])}\n")
    if explain:
        for r in res["owners"]:
            _print_proof(r, out)


def _none_recorded(res: dict, key: str, noun: str, out) -> bool:
    """Say so, and return True, when the result has no rows."""
    if res[key]:
        return False
    out.write(none_note(res, key, noun) + "\n")
    return True


def none_note(res: Mapping, key: str, noun: str) -> str:
    """The sentence for an owners or holdings result with no rows: a filter hid them, or nothing is known that day."""
    e, day = res["entity"], res["as_of"]
    head = f"No {noun} of {e['label']} is recorded as of {day}"
    if res.get("filtered"):
        return f"{head}: {res['filtered']} left out by --min or --direct (try --min 0)."
    pronoun = "its holders" if key == "owners" else "its holdings"
    founded, on = first_day(e.get("founded")), first_day(day)
    if founded and on and founded > on:
        return f"{head}: nothing is known about {pronoun} on that date, before it was founded ({e['founded']})."
    return f"{head}: nothing is known about {pronoun} on that date (try another --as-of)."


def with_note(res: Mapping, key: str, noun: str) -> dict:
    """``res`` with a ``note`` when it has no rows (for JSON output)."""
    return dict(res) if res[key] else {**res, "note": none_note(res, key, noun)}


def _mark(r: dict) -> str:
    return MARK if r.get("status") == "unstated_start" else ""


def _footnote(res: dict, n: int, what: str, out) -> None:
    if n or res["start_not_stated"].get("direct_coverage") or res["start_not_stated"].get("ultimate_coverage"):
        out.write("\n" + footnote(res["start_not_stated"], res["as_of"], f"{n} {what}" if n else what) + "\n")


def _stake_cells(r: dict) -> list:
    """The cells owners and holdings tables share: entity, type, direct, look-through (marked when it rests on a
    statement whose start is not stated), paths."""
    return [f"{r['label']} [{r['id']}]", r["type"], _pct(r["direct"]), _pct(r["integrated"]) + _mark(r), r["paths"]]


def _print_aggregates(rows: list[dict], key: str, out) -> None:
    if rows:
        out.write("\nStated totals (reported by sources; not added to the stakes above):\n")
        for a in rows:
            out.write(
                f"  {a['label']} [{a[key]}]: {_stated_total(a)} ({a['basis']}, {a['source']}, {a['confidence']})\n"
            )


def _print_not_converged(res: Mapping, out) -> None:
    """Say so when a solve stopped at its iteration cap (the JSON has ``not_converged`` then, and only then)."""
    for m in res.get("not_converged", ()):
        out.write(f"\nnote: {not_converged(m)}\n")


def _stated_total(a: dict) -> str:
    """A stated total's share, or what is stated instead ("None%" is not a number)."""
    if a.get("share") is not None:
        return f"{a['share']}%"
    if a.get("shares"):
        return f"{a['shares']:,} shares, share not stated"
    return "share not stated"


def _print_proof(r: dict, out) -> None:
    out.write(f"\n{r['label']} [{r['id']}]: look-through {_pct(r['integrated'])} over {r['paths']} path(s)\n")
    for n, p in enumerate(r.get("proof", []), start=1):
        out.write(f"  path {n}: {p['arithmetic']}\n")
        for hop in p["hops"]:
            _hop_lines(hop, out)
    if len(r.get("proof", [])) < r["paths"]:
        out.write(f"  … {r['paths'] - len(r.get('proof', []))} more path(s) not shown\n")


def print_holdings(res: dict, out=None, explain: bool = False) -> None:
    out = out or sys.stdout
    e = res["entity"]
    out.write(
        f"Holdings of {e['label']} [{e['id']}] as of {res['as_of']} — direct and through vehicles; "
        f"unstated stakes taken as {_pct(res['unknown_stake'])}\n\n"
    )
    if _none_recorded(res, "holdings", "holding", out):
        return
    rows = [[*_stake_cells(r), ", ".join(r["via"][:3]) + ("…" if len(r["via"]) > 3 else "")] for r in res["holdings"]]
    out.write(table(["held", "type", "direct", "look-through", "paths", "via"], rows, max_width=48))
    _footnote(res, res["start_not_stated"]["rows"], "holding(s)", out)
    _print_aggregates(res["stated_aggregates"], "held", out)
    _print_not_converged(res, out)
    if explain:
        for r in res["holdings"]:
            _print_proof(r, out)


def _votes(bloc: dict) -> str:
    """A bloc's votes; a parent stated to control without a stated share has none to show."""
    return _pct(bloc["votes"]) if bloc["votes"] else "control stated, share not stated"


def _loop_sentence(res: dict, loop: list[str], names: dict) -> str:
    """One sentence for a cross-holding loop on top of the chain of control."""
    e = res["entity"]
    members = ", ".join(f"{names.get(i, e['label'] if i == e['id'] else i)} [{i}]" for i in loop)
    return (
        f"controlled by the loop {{{members}}}: its members control each other, nobody outside it controls it, "
        f"so none of them is an ultimate controller of {e['label']}"
    )


def print_control(res: dict, out=None, explain: bool = False) -> None:
    out = out or sys.stdout
    e = res["entity"]
    out.write(
        f"Control of {e['label']} [{e['id']}] as of {res['as_of']}: control = {res['rule']} "
        f"{res['threshold']:g}% of the votes\n"
    )
    names = {b["id"]: b["label"] for b in res["blocs"]}
    cs = ", ".join(f"{names[i]} [{i}]" for i in res["controlling_shareholders"]) or "none at this threshold"
    uc = ", ".join(f"{names[i]} [{i}]" for i in res["ultimate_controllers"]) or "none at this threshold"
    out.write(f"  controlling shareholder(s): {cs}\n  ultimate controller(s):     {uc}\n")
    for loop in res["control_loops"]:
        out.write(f"  {_loop_sentence(res, loop, names)}\n")
    out.write("\n")
    rows = [
        [
            f"{b['label']} [{b['id']}]",
            b["type"],
            _votes(b) + _mark(b),
            _pct(b["economic"]),
            b["verdict"],
            ", ".join(b["through"][:4]) + ("…" if len(b["through"]) > 4 else ""),
        ]
        for b in res["blocs"]
    ]
    out.write(table(["voting bloc", "type", "votes", "economic", "verdict", "through"], rows, max_width=44))
    flagged = [b for b in res["blocs"] if b.get("status") == "unstated_start"]
    if flagged:
        out.write("\n" + footnote(res["start_not_stated"], res["as_of"], f"{len(flagged)} voting bloc(s)") + "\n")
    for note in res["notes"]:
        out.write(f"\nnote: {note}\n")
    _print_not_converged(res, out)
    if explain:
        out.write("\nReasoning:\n")
        for b in res["blocs"]:
            if b["verdict"] == "below threshold":
                continue
            held = f"with {_pct(b['votes'])} of the votes" if b["votes"] else "(control stated, share not stated)"
            out.write(f"  {b['label']}: {b['verdict']} {held} (economic {_pct(b['economic'])})\n")
            if b["members"]:
                out.write(f"    acting in concert: {', '.join(b['members'])}\n")
            for reason in b["reasons"]:
                out.write(f"    - {reason}\n")
        out.write("\nDirect voting holders:\n" if res["holders"] else "\nDirect voting holders: none stated\n")
        for h in res["holders"]:
            extra = f" ({h['assumed']})" if h.get("assumed") else ""
            extra += " [start not stated]" if h.get("status") == "unstated_start" else ""
            cls = f" class {'/'.join(h['dual_class'])}" if h["dual_class"] else ""
            out.write(f"  {h['label']} [{h['id']}]: {_pct(h['votes'])}{cls}{extra}\n")


def print_beneficial(res: Mapping, out=None, explain: bool = False) -> None:
    """``kg owners --beneficial``: the persons at or above the threshold, how they hold, then the unknown owners."""
    out = out or sys.stdout
    e = res["entity"]
    out.write(
        f"Beneficial owners of {e['label']} [{e['id']}] as of {res['as_of']} — natural persons holding at least "
        f"{res['threshold']:g}% by shares, votes or control; unstated stakes taken as {_pct(res['unknown_stake'])}\n\n"
    )
    groups = (("beneficial_owners", "person"), ("unknown_owners", "unknown owner"))
    for key, noun in groups:
        rows = [
            [
                f"{r['label']} [{r['id']}]" + (f" ({r['reason']})" if r.get("reason") else ""),
                r["basis"],
                _pct(r["stake"]) or "stated",
                r["certainty"],
                r["concert_party"] or ", ".join(r["through"][:3]) + ("…" if len(r["through"]) > 3 else ""),
            ]
            for r in res[key]
        ]
        if rows:
            out.write(table([noun, "basis", "stake", "certainty", "in concert / through"], rows, max_width=48))
        elif key == "beneficial_owners":
            out.write(f"No natural person holds {res['threshold']:g}% or more as of {res['as_of']}.\n")
    out.write(f"\n{res['note']}.\n")
    _print_not_converged(res, out)
    if explain:
        for r in [*res["beneficial_owners"], *res["unknown_owners"]]:
            out.write(f"\n{r['label']} [{r['id']}] ({r['basis']}): {len(r['paths'])} path(s)\n")
            for n, p in enumerate(r["paths"], start=1):
                out.write(f"  path {n}: {p['arithmetic']}\n")
                for hop in p["hops"]:
                    _hop_lines(hop, out)
