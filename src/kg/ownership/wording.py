"""The report layer's words: every sentence the ownership results' JSON carries, made from typed fields.

The analytics return numbers, enums and ids (:mod:`kg.ownership.results`,
:mod:`kg.ownership.control_result`); only this module and :mod:`kg.ownership.report` (the CLI text)
turn them into English, and nothing reads the sentences back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from kg.ownership.control_result import Bloc, ControlNote, ControlReason, HolderRow, NoteKind, ReasonKind
from kg.ownership.results import NotConverged, PathProof, Solve
from kg.ownership.stake import Assumption, Link

if TYPE_CHECKING:
    from kg.ownership.control_result import ControlResult


def assumed_text(link: Link) -> str:
    """Why ``link``'s stake is an assumption ("" when it is stated)."""
    a = link.assumption
    if a is Assumption.USER:
        return "assumed by the user (--assume)"
    if a is Assumption.UNSTATED:
        return f"not stated: taken as {link.stake.pct()} (tighten with --assume {link.holder}:{link.held}=PCT)"
    if a is Assumption.UNSTATED_CAPPED:
        return (
            f"not stated: taken as {link.stake.pct()} — the range allowed, capped by "
            f"the {link.others * 100:.4g}% stated for the other holders"
        )
    if a is Assumption.CONTROL:
        return "control passes whole"
    if a is Assumption.CONCERT:
        return "acting in concert: votes pooled"
    if a is Assumption.LINK:
        return f"an interest of unknown kind or size: taken as {link.stake.pct()}"
    return ""


def arithmetic(proof: PathProof) -> str:
    """``a% × b% = c%``: a chain's product, hop by hop."""
    return " × ".join(link.stake.pct() for link in proof.links) + f" = {proof.stake.pct()}"


def rule(strict: bool) -> str:
    return "more than" if strict else "at least"


def reason(r: ControlReason, labels: Mapping[str, str]) -> str:
    """Why a controller controls ``r.entity``."""
    if r.kind is ReasonKind.STATED:
        return f"{labels[r.by]} {r.predicate} {labels[r.entity]}"
    if r.kind is ReasonKind.CONCERT:
        return f"{labels[r.entity]} acts in concert within {labels[r.by]}"
    assert r.votes is not None
    return f"holds {r.votes.pct()} of the votes of {labels[r.entity]}"


def note(n: ControlNote, res: ControlResult) -> str:
    if n.kind is NoteKind.SHARE_CLASSES:
        return (
            f"{res.entity.label} has share classes {', '.join(n.classes)} but no voting shares are "
            "stated: votes are taken as economic shares, which understates weighted-vote classes"
        )
    return f"{n.holders} holder(s) have no stated share; their votes are taken as {res.unknown.pct()}"


def holder_dict(h: HolderRow) -> dict:
    link = h.link
    row = {"id": link.holder, "label": h.label, "votes": link.stake.as_dict(), "dual_class": list(h.dual_class)}
    if link.assumed:
        row["assumed"] = assumed_text(link)
    row["status"] = link.status
    return row


def bloc_dict(b: Bloc, labels: Mapping[str, str]) -> dict:
    return {
        "id": b.id,
        "label": b.label,
        "type": b.type,
        "votes": b.votes.capped().as_dict() if b.votes is not None else None,
        "votes_stated": b.votes is not None,
        "control_stated": b.control_stated,
        "verdict": b.verdict.value,
        "through": list(b.through),
        "members": list(b.members),
        "status": b.status,
        "reasons": [reason(r, labels) for r in b.reasons],
        "economic": b.economic.capped().as_dict(),
        "gap": b.gap,
    }


def not_converged(m: dict | NotConverged) -> str:
    """One sentence for a solve that stopped at its cap (from the typed record or its JSON)."""
    d = m.as_dict() if isinstance(m, NotConverged) else m
    where = f" in the cross-holding cycle {{{', '.join(d['members'])}}}" if d["members"] else ""
    what = "lower bounds" if d["end"] == "lo" else "bounded by 100% only"
    return (
        f"the look-through did not converge within {d['iterations']:,} "
        f"{'iterations' if d['solve'] == Solve.CYCLE.value else 'links'}{where} (the {'lower' if d['end'] == 'lo' else 'upper'} ends of the ranges): "
        f"those stakes are {what}"
    )


def unattributed_note(res) -> str:
    """What the beneficial-owner list leaves unaccounted for, in one sentence."""
    u = res.unattributed.capped().as_dict()
    span = f"{u['low']:g}%" if u["exact"] else f"{u['low']:g}–{u['high']:g}%"
    return (
        f"{span} of the economic interest is held by no person at or above {res.threshold:g}% "
        "nor by an unknown owner listed here"
    )
