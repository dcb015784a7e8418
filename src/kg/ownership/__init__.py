"""Ownership and control analytics, as pure functions returning typed results, and their report.

stake (Stake, Claim, Link, Assumption) → index (the graph read once per date) → lookthrough (integrated
stakes, the solvers) → paths (lazy chains, counts) → holders (owners, holdings) → control (blocs) →
results / control_result (typed results) → wording / report (the only sentences: JSON strings, CLI text).
engine.Ownership is the facade; loops is used by control. For ``kg build``, whole (every look-through stake)
and whole_control (every ultimate controller) answer for all entities in one pass each, and derived writes them.
"""

from kg.ownership.control_result import ControlResult, Verdict
from kg.ownership.engine import Ownership
from kg.ownership.lookthrough import Solver
from kg.ownership.results import HoldingsResult, NotConverged, OwnersResult, PathsResult, StakeRow
from kg.ownership.stake import Assumption, Stake, parse_range

__all__ = [
    "Assumption",
    "ControlResult",
    "HoldingsResult",
    "NotConverged",
    "OwnersResult",
    "Ownership",
    "PathsResult",
    "Solver",
    "Stake",
    "StakeRow",
    "Verdict",
    "parse_range",
]
