"""Typed result of the beneficial-owner view (``kg owners --beneficial``): persons, bases, stakes and proofs.

Numbers, enums and ids only; the few sentences (the note on what remains unattributed) are written by
:mod:`kg.ownership.wording` when the result is turned into its JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kg.ownership.results import EntityRef, NotConverged, PathProof, Result
from kg.ownership.stake import Stake


class Basis(Enum):
    """How a beneficial owner holds: look-through shares, votes (through what it controls), or control."""

    SHARES = "shares"
    VOTES = "votes"
    CONTROL = "control"  # control by other means: stated control (a general partner, a manager) or a majority


class Certainty(Enum):
    """Whether the stake's range is certainly at or above the threshold (its low end) or only possibly (its high end)."""

    CERTAINLY = "certainly"
    POSSIBLY = "possibly"


@dataclass(frozen=True)
class BeneficialRow:
    """One person (or unspecified owner) holding ``entity`` on one basis."""

    id: str
    label: str
    type: str
    basis: Basis
    stake: Stake | None  # the look-through stake (shares) or the bloc's votes; None: control with no votes held
    certainty: Certainty
    status: str
    concert_party: str = ""  # votes or control pooled in this acting-in-concert group
    through: tuple[str, ...] = ()  # the vehicles (or group members) the votes are held through
    reason: str = ""  # unknown owners: the source's reason (unknown, anonymous, withheld, exempt …)
    paths: tuple[PathProof, ...] = ()

    def as_dict(self) -> dict:
        out = {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "basis": self.basis.value,
            "stake": self.stake.capped().as_dict() if self.stake is not None else None,
            "certainty": self.certainty.value,
            "status": self.status,
            "concert_party": self.concert_party or None,
            "through": list(self.through),
            "paths": [p.as_dict() for p in self.paths],
        }
        return out


@dataclass(frozen=True, eq=False)
class BeneficialResult(Result):
    """The natural persons holding ``entity`` at or above ``threshold`` percent, and the unknown owners above it."""

    entity: EntityRef
    as_of: str
    threshold: float
    unknown_stake: Stake
    owners: tuple[BeneficialRow, ...]
    unknown_owners: tuple[BeneficialRow, ...]
    unattributed: Stake  # the economic interest not held by a listed person nor an unknown owner
    not_converged: tuple[NotConverged, ...] = ()

    def as_dict(self) -> dict:
        from kg.ownership.wording import unattributed_note

        out = {
            "entity": self.entity.as_dict(),
            "as_of": self.as_of,
            "threshold": self.threshold,
            "unknown_stake": self.unknown_stake.as_dict(),
            "beneficial_owners": [r.as_dict() for r in self.owners],
            "unknown_owners": [{**r.as_dict(), "reason": r.reason or None} for r in self.unknown_owners],
            "unattributed": self.unattributed.as_dict(),
            "note": unattributed_note(self),
        }
        if self.not_converged:
            out["not_converged"] = [m.as_dict() for m in self.not_converged]
        return out
