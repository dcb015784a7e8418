"""Ownership analytics: paths, look-through (integrated) stakes with ranges, holdings, control.

Everything is read from the NetworkX projection of the graph, on a date, and
the ontology says how each relation counts (``kg:ownershipRole``):

* **economic** edges (holdsSharesIn, investsThrough, limitedPartnerOf, controls,
  acquired) carry a stake: exact, a range, or unknown. Unknown stakes — e.g.
  "美团旗下天津三快", control with no stated share — are the range ``unknown``
  (0–100% unless the caller tightens it), never silently 100%.
* **voting** edges carry votes: ``voting_share`` where stated, else the share.
* **control** edges (controls, generalPartnerOf, managesFund) pass control whole.
* **concert** edges pool a member's votes with its acting-in-concert group's.
* **aggregate** edges (aggregateInterestIn) are stated totals, shown beside the
  computed stakes and never added to them.

:class:`Ownership` is a small facade: it reads the graph once into an index
(:mod:`kg.ownership.index`) and delegates to pure functions — look-through
(:mod:`~kg.ownership.lookthrough`, :mod:`~kg.ownership.holders`), paths (:mod:`~kg.ownership.paths`)
and control (:mod:`~kg.ownership.control`) — that return typed results
(:mod:`~kg.ownership.results`); :mod:`~kg.ownership.wording` and :mod:`~kg.ownership.report` turn
them into JSON and text.
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from kg.graph.dating import first_day
from kg.ownership import beneficial, control, holders, lookthrough, paths
from kg.ownership.beneficial_result import BeneficialResult
from kg.ownership.control_result import ControlResult
from kg.ownership.index import Index, read_index
from kg.ownership.lookthrough import Solver
from kg.ownership.results import HoldingsResult, IntegratedMatrix, OwnersResult, PathProof, PathsResult
from kg.ownership.stake import Stake
from kg.schema.specs import Ontology

UNKNOWN = Stake(0.0, 1.0)  # a stake nobody states: anything from 0 to 100%
DEFAULT_SOLVER = Solver()


class Ownership:
    """The ownership and control structure of a graph on one date.

    >>> import kg
    >>> g = kg.load("data")
    >>> own = Ownership(g.nx, g.ontology, as_of="2026-01-09")
    >>> res = own.owners("zhipu")
    >>> top = res.owners[0]          # the largest look-through owner: a typed row
    >>> top.id, top.integrated.pct()
    ('huihui', '8.97%')
    >>> res["owners"][0]["integrated"]          # the same row as the JSON prints it
    {'low': 8.97, 'high': 8.97, 'exact': True}
    """

    def __init__(
        self,
        G: nx.MultiDiGraph,
        onto: Ontology,
        *,
        as_of: str | date | None = None,
        unknown: Stake = UNKNOWN,
        assume: dict[tuple[str, str], Stake] | None = None,
        sources: dict | None = None,
        solver: Solver = DEFAULT_SOLVER,
    ):
        self.G = G
        self.onto = onto
        self.sources = sources or {}
        self.day: date = first_day(as_of) or date.today()
        self.unknown = unknown
        self.solver = solver
        self.index: Index = read_index(
            G, onto, self.day, unknown=unknown, assume=dict(assume or {}), sources=self.sources
        )
        self.assume = self.index.assume
        self.dating = self.index.dating
        # the links by track, for the callers that read them (derived statements, the explorer, benchmarks)
        self.econ_out, self.econ_in = self.index.econ_out, self.index.econ_in
        self.vote_in, self.control_out = self.index.vote_in, self.index.control_out
        self.members, self.aggregates = self.index.members, self.index.aggregates

    def check(self, node: str) -> str:
        return self.index.check(node)

    def label(self, node: str) -> str:
        return self.index.label(node)

    def ancestors(self, target: str) -> set[str]:
        """Every entity with an economic chain down to ``target`` (target excluded)."""
        return lookthrough.reach(target, self.econ_in)

    def descendants(self, source: str) -> set[str]:
        """Every entity ``source`` holds through an economic chain (source excluded)."""
        return lookthrough.reach(source, self.econ_out)

    def integrated_owners(self, target: str) -> dict[str, Stake]:
        """holder → its integrated stake in ``target``, for every entity above it."""
        self.check(target)
        return lookthrough.integrated_owners(self.index, target, self.solver)

    def integrated_matrix(self, end: str = "lo", *, prune: float = 1e-12) -> IntegratedMatrix:
        """Every integrated stake at once (unpacks as ``nodes, U``; says whether the walk series converged)."""
        return lookthrough.integrated_matrix(self.index, end, self.solver, prune=prune)

    def owners(
        self,
        target: str,
        *,
        direct_only: bool = False,
        min_share: float = 0.0,
        explain: bool = False,
        max_paths: int = 20,
    ) -> OwnersResult:
        """Every owner of ``target`` with its direct and integrated stake, paths and proof."""
        return holders.owners(
            self.index,
            target,
            self.solver,
            direct_only=direct_only,
            min_share=min_share,
            explain=explain,
            max_paths=max_paths,
        )

    def holdings(
        self, source: str, *, min_share: float = 0.0, explain: bool = False, max_paths: int = 20
    ) -> HoldingsResult:
        """What ``source`` holds directly and through its vehicles, with look-through stakes."""
        return holders.holdings(
            self.index, source, self.solver, min_share=min_share, explain=explain, max_paths=max_paths
        )

    def path_proofs(self, source: str, target: str, *, limit: int = 20, max_hops: int = 8) -> list[PathProof]:
        """The economic chains from ``source`` down to ``target``, shortest first, each with its hops and product."""
        return list(paths.path_proofs(self.index, source, target, limit=limit, max_hops=max_hops))

    def paths(
        self, source: str, target: str, *, track: str = "economic", max_hops: int = 6, max_paths: int = 50
    ) -> PathsResult:
        """Every ownership / control chain from ``source`` down to ``target``, shortest first, bounded."""
        return paths.paths(self.index, source, target, track=track, max_hops=max_hops, max_paths=max_paths)

    def control(self, target: str, *, threshold: float = 50.0) -> ControlResult:
        """Controlling shareholders and ultimate controllers of ``target``, with the reasoning."""
        return control.control(self.index, target, self.solver, threshold=threshold)

    def beneficial(self, target: str, *, threshold: float = 25.0, max_paths: int = 20) -> BeneficialResult:
        """The natural persons holding ``target`` at or above ``threshold`` percent: shares, votes or control."""
        return beneficial.beneficial(
            self.index, self.onto, target, self.solver, threshold=threshold, max_paths=max_paths
        )
