"""Typed results of the ownership analytics: frozen dataclasses of numbers, enums and ids — no sentences.

Each result's :meth:`~Result.as_dict` is the JSON the CLI prints (the report layer,
:mod:`kg.ownership.wording`, writes the few strings it holds: reasons, notes, assumptions,
arithmetic). A result also reads as that JSON mapping (``res["owners"]``), computed once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from kg.graph.dating import UNSTATED_START
from kg.ownership.stake import Claim, Link, Stake


class Solve(Enum):
    """Which iterative solve stopped at its cap."""

    CYCLE = "cycle"  # fixpoint iteration inside one strongly connected component
    WALKS = "walks"  # integrated_matrix: walks summed up to max_length links


@dataclass(frozen=True, slots=True)
class NotConverged:
    """An iterative solve stopped at ``iterations`` without converging; ``end`` is the end of the ranges."""

    solve: Solve
    end: str
    members: tuple[str, ...]
    iterations: int

    def as_dict(self) -> dict:
        return {
            "solve": self.solve.value,
            "end": self.end,
            "members": list(self.members),
            "iterations": self.iterations,
        }


@dataclass(frozen=True, slots=True)
class IntegratedMatrix:
    """Every integrated stake at once: ``matrix[i, j]`` is ``nodes[i]``'s stake in ``nodes[j]``.

    Unpacks as ``nodes, matrix``; ``not_converged`` is set when the walk series was cut at its cap.
    """

    nodes: list[str]
    matrix: Any  # scipy.sparse.csr_matrix
    not_converged: NotConverged | None = None

    @property
    def converged(self) -> bool:
        return self.not_converged is None

    def __iter__(self) -> Iterator[Any]:
        return iter((self.nodes, self.matrix))


@dataclass(frozen=True, slots=True)
class UnstatedDates:
    """The dates sources state the unstated-start claims behind a result as of, and whether some have none."""

    stated_as_of: tuple[str, ...] = ()
    undated: bool = False

    @classmethod
    def of(cls, links: list[Link]) -> UnstatedDates:
        claims = [c for link in links for c in link.claims if c.status == UNSTATED_START]
        return cls(tuple(sorted({str(c.stated) for c in claims if c.stated})), any(c.stated is None for c in claims))

    def as_dict(self) -> dict:
        return {"stated_as_of": list(self.stated_as_of), "undated": self.undated}


@dataclass(frozen=True, slots=True)
class EntityRef:
    id: str
    label: str
    founded: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "label": self.label, **({"founded": self.founded} if self.founded else {})}


class Result(Mapping):
    """A typed result that also reads as its JSON (``as_dict()``), built once on first use."""

    def as_dict(self) -> dict:
        raise NotImplementedError

    @cached_property
    def _json(self) -> dict:
        return self.as_dict()

    def __getitem__(self, key: str) -> Any:
        return self._json[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._json)

    def __len__(self) -> int:
        return len(self._json)

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class PathProof:
    """One chain ``nodes[0] → … → nodes[-1]``: its links and the product of their stakes."""

    nodes: tuple[str, ...]
    links: tuple[Link, ...]
    stake: Stake
    status: str
    labels: Mapping[str, str] = field(repr=False)
    sources: Mapping = field(repr=False)

    def as_dict(self) -> dict:
        from kg.ownership.wording import arithmetic

        hops = [
            {
                "from": link.holder,
                "from_label": self.labels[link.holder],
                "to": link.held,
                "to_label": self.labels[link.held],
                **link.as_dict(dict(self.sources)),
            }
            for link in self.links
        ]
        return {
            "nodes": list(self.nodes),
            "stake": self.stake.as_dict(),
            "status": self.status,
            "arithmetic": arithmetic(self),
            "hops": hops,
        }


@dataclass(frozen=True)
class StakeRow:
    """One owner (of ``owners``) or holding (of ``holdings``)."""

    id: str
    label: str
    type: str
    direct: Stake | None
    integrated: Stake
    paths: int
    status: str
    ultimate: bool = False  # owners: nobody owns it
    via: tuple[str, ...] = ()  # holdings: the vehicles it is held through
    proof: tuple[PathProof, ...] | None = None  # with explain

    def as_dict(self, holdings: bool) -> dict:
        out: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "direct": self.direct.as_dict() if self.direct else None,
            "integrated": self.integrated.as_dict(),
            "paths": self.paths,
        }
        if holdings:
            out["via"] = list(self.via)
        else:
            out["ultimate"] = self.ultimate
        out["status"] = self.status
        if self.proof is not None:
            out["proof"] = [p.as_dict() for p in self.proof]
        return out


def _aggregate(c: Claim, key: str, label: str) -> dict:
    d = c.data
    out = {key: c.holder if key == "holder" else c.held, "label": label, "share": d.get("share")}
    if key == "holder":
        out["shares"] = d.get("shares")
    basis = d.get("basis", "stated")
    return {**out, "source": d.get("source"), "confidence": d.get("confidence"), "basis": basis, "status": c.status}


@dataclass(frozen=True, eq=False)
class OwnersResult(Result):
    """Every owner of ``entity`` with its direct and integrated stake (``kg owners``)."""

    entity: EntityRef
    as_of: str
    unknown: Stake
    filtered: int
    assumptions: tuple[tuple[str, str, Stake], ...]
    direct_coverage: Stake
    ultimate_coverage: Stake
    owned_by_loop: tuple[str, ...]
    owners: tuple[StakeRow, ...]
    aggregates: tuple[tuple[Claim, str], ...]  # stated totals and their holder's label
    conflicts: tuple[Link, ...]
    unstated_direct: bool
    unstated_ultimate: bool
    dates: UnstatedDates
    not_converged: tuple[NotConverged, ...] = ()

    def as_dict(self) -> dict:
        out = {
            "entity": self.entity.as_dict(),
            "as_of": self.as_of,
            "unknown_stake": self.unknown.as_dict(),
            "filtered": self.filtered,
            "assumptions": [{"holder": h, "held": o, "stake": s.as_dict()} for h, o, s in self.assumptions],
            "direct_coverage": self.direct_coverage.as_dict(),
            "ultimate_coverage": self.ultimate_coverage.as_dict(),
            "owned_by_loop": list(self.owned_by_loop),
            "owners": [r.as_dict(holdings=False) for r in self.owners],
            "stated_aggregates": [_aggregate(c, "holder", label) for c, label in self.aggregates],
            "conflicts": [link.as_dict() for link in self.conflicts],
            "start_not_stated": {
                "rows": sum(r.status == UNSTATED_START for r in self.owners),
                "direct_coverage": self.unstated_direct,
                "ultimate_coverage": self.unstated_ultimate,
                **self.dates.as_dict(),
            },
        }
        if self.not_converged:
            out["not_converged"] = [m.as_dict() for m in self.not_converged]
        return out


@dataclass(frozen=True, eq=False)
class HoldingsResult(Result):
    """What ``entity`` holds directly and through its vehicles (``kg holdings``)."""

    entity: EntityRef
    as_of: str
    unknown: Stake
    holdings: tuple[StakeRow, ...]
    filtered: int
    dates: UnstatedDates
    aggregates: tuple[tuple[Claim, str], ...]  # stated totals and their held entity's label
    not_converged: tuple[NotConverged, ...] = ()

    def as_dict(self) -> dict:
        out = {
            "entity": self.entity.as_dict(),
            "as_of": self.as_of,
            "unknown_stake": self.unknown.as_dict(),
            "holdings": [r.as_dict(holdings=True) for r in self.holdings],
            "filtered": self.filtered,
            "start_not_stated": {
                "rows": sum(r.status == UNSTATED_START for r in self.holdings),
                **self.dates.as_dict(),
            },
            "stated_aggregates": [_aggregate(c, "held", label) for c, label in self.aggregates],
        }
        if self.not_converged:
            out["not_converged"] = [m.as_dict() for m in self.not_converged]
        return out


@dataclass(frozen=True, eq=False)
class PathsResult(Result):
    """The chains from ``source`` down to ``target`` on one track, shortest first (``kg path``)."""

    source: EntityRef
    target: EntityRef
    as_of: str
    track: str
    max_hops: int
    paths: tuple[PathProof, ...]
    total: Stake
    truncated: bool
    dates: UnstatedDates

    def as_dict(self) -> dict:
        return {
            "from": {"id": self.source.id, "label": self.source.label},
            "to": {"id": self.target.id, "label": self.target.label},
            "as_of": self.as_of,
            "track": self.track,
            "max_hops": self.max_hops,
            "paths": [p.as_dict() for p in self.paths],
            "sum_of_paths": self.total.capped().as_dict(),
            "truncated": self.truncated,
            "start_not_stated": {
                "paths": sum(p.status == UNSTATED_START for p in self.paths),
                **self.dates.as_dict(),
            },
        }
