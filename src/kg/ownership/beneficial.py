"""The beneficial-owner view (``kg owners --beneficial``), built from kg's existing whole answers.

A beneficial owner (as BODS and the UK PSC rules use the word) is a natural person who, directly or
indirectly, holds at or above a threshold (25% by default) of the shares, or of the votes, or controls the
entity by other means. Nothing new is traversed:

* **shares**: the look-through (integrated) economic stake of ``kg owners``; "certainly" when its low end
  reaches the threshold, "possibly" when only its high end does; the proof is the economic chains;
* **votes**: the votes of the person's voting bloc in ``kg control`` at the majority threshold — what a person
  controls by majority passes its votes whole, as the registers' rules look through — and, for an
  acting-in-concert group, the group's pooled votes are each member person's;
* **control**: a bloc that controls the entity (stated control such as a general partner's or manager's, or a
  majority) without votes at the threshold.

Owners the sources do not name (class UnspecifiedParty) at or above the threshold are listed apart, with
their reason; the economic interest no listed owner accounts for is reported as unattributed.
"""

from __future__ import annotations

from kg.errors import UsageError
from kg.graph.dating import ASSERTED, UNSTATED_START
from kg.ownership.beneficial_result import Basis, BeneficialResult, BeneficialRow, Certainty
from kg.ownership.control import control
from kg.ownership.control_result import Bloc, Verdict
from kg.ownership.holders import entity
from kg.ownership.index import Index
from kg.ownership.lookthrough import Solver, integrated_owners
from kg.ownership.paths import path_proofs, paths
from kg.ownership.results import NotConverged
from kg.ownership.stake import ZERO, Stake
from kg.schema.specs import Ontology
from kg.schema.vocab import CONTROL_ROLE, PERSON, UNSPECIFIED_PARTY

MAJORITY = 50.0  # blocs are grown as control grows them: through what is controlled by a majority
EPS = 1e-12


def beneficial(
    ix: Index, onto: Ontology, target: str, solver: Solver, *, threshold: float = 25.0, max_paths: int = 20
) -> BeneficialResult:
    """The persons holding ``target`` at or above ``threshold`` percent (shares, votes or control), with proofs."""
    ix.check(target)
    if not 0 < threshold <= 100:
        raise UsageError("--threshold must be a percentage between 0 and 100")
    t = threshold / 100

    def kind(n: str) -> str:
        cls = ix.type(n)
        if cls and onto.is_subclass(cls, PERSON):
            return PERSON
        return UNSPECIFIED_PARTY if cls and onto.is_subclass(cls, UNSPECIFIED_PARTY) else ""

    misses: list[NotConverged] = []
    econ = integrated_owners(ix, target, solver, misses)
    rows: list[BeneficialRow] = []
    for i, st in sorted(econ.items()):
        if kind(i) and st.hi >= t - EPS:
            proofs = tuple(path_proofs(ix, i, target, limit=max_paths))
            status = UNSTATED_START if any(p.status == UNSTATED_START for p in proofs) else ASSERTED
            rows.append(_row(ix, i, Basis.SHARES, st, t, status, paths=proofs))
    ctl = control(ix, target, solver, threshold=MAJORITY)
    for b in ctl.blocs:
        basis = _bloc_basis(b, t)
        if basis is None:
            continue
        if kind(b.id):
            proofs = _control_paths(ix, b.id, target, max_paths)
            rows.append(_row(ix, b.id, basis, b.votes, t, b.status, through=b.through, paths=proofs))
        for m in b.members:  # an acting-in-concert group: each member person holds the group's votes
            if kind(m):
                proofs = _control_paths(ix, m, target, max_paths)
                rows.append(
                    _row(ix, m, basis, b.votes, t, b.status, concert_party=b.id, through=b.through, paths=proofs)
                )
    rows.sort(key=_order)
    persons = tuple(r for r in rows if kind(r.id) == PERSON)
    unknown = tuple(r for r in rows if kind(r.id) == UNSPECIFIED_PARTY)
    held = sum((r.stake for r in rows if r.basis is Basis.SHARES and r.stake is not None), ZERO)
    unattributed = Stake(max(0.0, 1.0 - held.hi), max(0.0, 1.0 - held.lo))
    return BeneficialResult(
        entity(ix, target),
        ix.day.isoformat(),
        threshold,
        ix.unknown,
        persons,
        unknown,
        unattributed,
        tuple(misses) + ctl.not_converged,
    )


def _bloc_basis(b: Bloc, t: float) -> Basis | None:
    """votes when the bloc's votes can reach ``t``; control when it controls without them; else None."""
    if b.votes is not None and b.votes.hi >= t - EPS:
        return Basis.VOTES
    if b.verdict is Verdict.CONTROLS:
        return Basis.CONTROL
    return None


def _row(ix: Index, n: str, basis: Basis, stake: Stake | None, t: float, status: str, **more) -> BeneficialRow:
    sure = stake is None or stake.lo >= t - EPS  # control with no votes is certain: it is stated
    certainty = Certainty.CERTAINLY if sure else Certainty.POSSIBLY
    reason = str(ix.G.nodes[n].get("unspecified_reason") or "") if n in ix.G else ""
    return BeneficialRow(n, ix.label(n), ix.type(n), basis, stake, certainty, status, reason=reason, **more)


def _control_paths(ix: Index, source: str, target: str, limit: int) -> tuple:
    """The chains of control, votes and concert membership from ``source`` down to ``target``."""
    if source == target:
        return ()
    return paths(ix, source, target, track=CONTROL_ROLE, max_paths=limit).paths


def _order(r: BeneficialRow) -> tuple:
    lo, hi = (r.stake.lo, r.stake.hi) if r.stake is not None else (0.0, 0.0)
    return (-lo, -hi, r.id, r.basis.value, r.concert_party)
