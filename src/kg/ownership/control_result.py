"""Typed results of ``kg control``: voting blocs, their verdicts and the reasons, as enums, ids and numbers.

The sentences (reasons, notes, assumptions) are written by the report layer, :mod:`kg.ownership.wording`,
when a result is turned into its JSON (:meth:`ControlResult.as_dict`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from kg.ownership.results import EntityRef, NotConverged, Result, UnstatedDates
from kg.ownership.stake import Link, Stake


class Verdict(Enum):
    """A voting bloc's standing against the threshold."""

    CONTROLS = "controls"
    MAY_CONTROL = "may control"
    BELOW = "below threshold"


class ReasonKind(Enum):
    """How a controller came to control an entity."""

    STATED = "stated"  # ``by`` is stated (``predicate``) to control ``entity``
    CONCERT = "concert"  # ``entity`` acts in concert within the group ``by``
    VOTES = "votes"  # the bloc holds ``votes`` of ``entity``'s votes


class ControlReason(NamedTuple):
    """Why a bloc's controller controls ``entity`` (a tuple: blocs make many of them)."""

    kind: ReasonKind
    entity: str
    by: str = ""
    predicate: str = ""
    votes: Stake | None = None


class NoteKind(Enum):
    SHARE_CLASSES = "share_classes"  # several share classes, no voting shares stated
    UNSTATED_VOTES = "unstated_votes"  # holders with no stated share: votes taken as the unknown range


@dataclass(frozen=True, slots=True)
class ControlNote:
    kind: NoteKind
    classes: tuple[str, ...] = ()
    holders: int = 0


@dataclass(frozen=True, slots=True)
class HolderRow:
    """A direct voting holder of the target."""

    link: Link
    label: str
    dual_class: tuple[str, ...]


@dataclass(frozen=True)
class Bloc:
    """What one controller controls, pooled: its votes in the target and its verdict."""

    id: str
    label: str
    type: str
    votes: Stake | None  # None: control stated with no votes held
    control_stated: bool
    verdict: Verdict
    through: tuple[str, ...]
    members: tuple[str, ...]
    status: str
    reasons: tuple[ControlReason, ...]
    economic: Stake
    gap: float


@dataclass(frozen=True, eq=False)
class ControlResult(Result):
    """Controlling shareholders and ultimate controllers of ``entity`` at one threshold."""

    entity: EntityRef
    as_of: str
    threshold: float
    strict: bool  # control = more than the threshold (a majority), else at least
    unknown: Stake
    holders: tuple[HolderRow, ...]
    blocs: tuple[Bloc, ...]
    controlling_shareholders: tuple[str, ...]
    ultimate_controllers: tuple[str, ...]
    control_loops: tuple[tuple[str, ...], ...]
    dates: UnstatedDates
    notes: tuple[ControlNote, ...]
    labels: Mapping[str, str] = field(repr=False)
    not_converged: tuple[NotConverged, ...] = ()

    def as_dict(self) -> dict:
        from kg.ownership import wording

        out = {
            "entity": self.entity.as_dict(),
            "as_of": self.as_of,
            "threshold": self.threshold,
            "rule": wording.rule(self.strict),
            "holders": [wording.holder_dict(h) for h in self.holders],
            "blocs": [wording.bloc_dict(b, self.labels) for b in self.blocs],
            "controlling_shareholders": list(self.controlling_shareholders),
            "ultimate_controllers": list(self.ultimate_controllers),
            "controlled_by_loop": sorted({m for loop in self.control_loops for m in loop}),
            "control_loops": [list(loop) for loop in self.control_loops],
            "start_not_stated": self.dates.as_dict(),
            "notes": [wording.note(n, self) for n in self.notes],
        }
        if self.not_converged:
            out["not_converged"] = [m.as_dict() for m in self.not_converged]
        return out
