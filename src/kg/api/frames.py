"""The typed ownership results (:mod:`kg.ownership.results`, :mod:`kg.ownership.control_result`) as pandas
DataFrames: one row per owner, holding, voting bloc or chain, with typed columns.

Stakes are percentages, floats from 0 to 100, as kg's JSON and tables print them (``low``/``high``; equal
when the stake is exact); a stake nobody states is NaN. ``as_of`` is a ``datetime64`` day; ids and labels
are strings; statuses and verdicts are categoricals. The proof behind a row stays an object: the ``proof``
column (``explain=True``; of :class:`~kg.ownership.results.PathProof`), the ``reasons`` of a control row,
and :meth:`kg.api.Graph.proof` for any owners or holdings row. Nothing here is parsed from JSON text.

``COLUMNS`` names each frame's columns in order: the batch CSV writer's header comes from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.graph.dating import ASSERTED, UNSTATED_START
from kg.ownership.beneficial_result import BeneficialResult
from kg.ownership.control_result import ControlResult, Verdict
from kg.ownership.results import HoldingsResult, OwnersResult, PathsResult, StakeRow
from kg.ownership.stake import Stake

if TYPE_CHECKING:
    import pandas as pd

STATUSES = (ASSERTED, UNSTATED_START)
VERDICTS = tuple(v.value for v in Verdict)
_STAKE = tuple(Stake(0.0, 0.0).as_dict())  # low, high, exact: the names of a stake in kg's JSON
_ROW = ("holder", "holder_label", "held", "held_label", "type", "direct_low", "direct_high", *_STAKE, "paths")
COLUMNS: dict[str, tuple[str, ...]] = {
    "owners": (*_ROW, "ultimate", "status", "as_of"),
    "holdings": (*_ROW, "via", "status", "as_of"),
    "control": (
        "controller",
        "label",
        "type",
        "entity",
        "votes_low",
        "votes_high",
        "control_stated",
        "verdict",
        "controlling_shareholder",
        "ultimate",
        "through",
        "members",
        "economic_low",
        "economic_high",
        "gap",
        "status",
        "threshold",
        "as_of",
    ),
    "beneficial": (
        "person",
        "label",
        "type",
        "entity",
        "basis",
        *_STAKE[:2],  # low, high
        "certainty",
        "concert_party",
        "through",
        "unknown_owner",
        "reason",
        "status",
        "threshold",
        "as_of",
    ),
    "paths": ("path", "holder", "held", "hops", "nodes", *_STAKE, "status", "track", "as_of"),
}
OBJECT_COLUMNS = ("proof", "reasons")  # the proof objects: in a frame, never in a CSV cell
STRINGS = {
    "person",
    "basis",
    "certainty",
    "concert_party",
    "reason",
    "holder",
    "holder_label",
    "held",
    "held_label",
    "type",
    "controller",
    "label",
    "entity",
    "track",
}
CATEGORIES = {"status": STATUSES, "verdict": VERDICTS}


def pct(stake: Stake | None, end: str) -> float:
    """One end of a stake in percent, rounded as kg's JSON rounds it; NaN for no stake."""
    if stake is None:
        return float("nan")
    return round((stake.lo if end == "lo" else stake.hi) * 100, 6)


def frame(kind: str, rows: Iterable[dict[str, Any]], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """A DataFrame of ``kind``'s columns (and ``extra`` object columns) with their dtypes set."""
    import pandas as pd

    columns = [*COLUMNS[kind], *extra]
    df = pd.DataFrame.from_records(list(rows), columns=columns)
    return typed(df)


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """Strings as ``string``, statuses and verdicts as categoricals, ``as_of`` as ``datetime64`` (in place)."""
    import pandas as pd

    for col in df.columns:
        if col in STRINGS:
            df[col] = df[col].astype("string")
        elif col in CATEGORIES:
            df[col] = pd.Categorical(df[col], categories=list(CATEGORIES[col]))
        elif col == "as_of":
            df[col] = pd.to_datetime(df[col])
    return df


def _stake_row(r: StakeRow, holder: str, held: str, labels: tuple[str, str], as_of: str) -> dict[str, Any]:
    return {
        "holder": holder,
        "holder_label": labels[0],
        "held": held,
        "held_label": labels[1],
        "type": r.type,
        "direct_low": pct(r.direct, "lo"),
        "direct_high": pct(r.direct, "hi"),
        "low": pct(r.integrated, "lo"),
        "high": pct(r.integrated, "hi"),
        "exact": r.integrated.exact,
        "paths": r.paths,
        "status": r.status,
        "as_of": as_of,
        "proof": r.proof,
    }


def owners_frame(res: OwnersResult, explain: bool = False) -> pd.DataFrame:
    """One row per owner of ``res.entity``: ``holder`` is the owner, ``held`` the entity asked about."""
    e = res.entity
    rows = ({**_stake_row(r, r.id, e.id, (r.label, e.label), res.as_of), "ultimate": r.ultimate} for r in res.owners)
    return frame("owners", rows, ("proof",) if explain else ())


def holdings_frame(res: HoldingsResult, explain: bool = False) -> pd.DataFrame:
    """One row per holding of ``res.entity``: ``holder`` is the entity asked about, ``held`` the holding."""
    e = res.entity
    rows = ({**_stake_row(r, e.id, r.id, (e.label, r.label), res.as_of), "via": r.via} for r in res.holdings)
    return frame("holdings", rows, ("proof",) if explain else ())


def control_frame(res: ControlResult) -> pd.DataFrame:
    """One row per voting bloc (controller) of ``res.entity``, with its verdict and the ``reasons`` behind it."""
    controlling, ultimate = set(res.controlling_shareholders), set(res.ultimate_controllers)
    rows = (
        {
            "controller": b.id,
            "label": b.label,
            "type": b.type,
            "entity": res.entity.id,
            "votes_low": pct(b.votes, "lo"),
            "votes_high": pct(b.votes, "hi"),
            "control_stated": b.control_stated,
            "verdict": b.verdict.value,
            "controlling_shareholder": b.id in controlling,
            "ultimate": b.id in ultimate,
            "through": b.through,
            "members": b.members,
            "economic_low": pct(b.economic, "lo"),
            "economic_high": pct(b.economic, "hi"),
            "gap": b.gap,
            "status": b.status,
            "threshold": res.threshold,
            "as_of": res.as_of,
            "reasons": b.reasons,
        }
        for b in res.blocs
    )
    return frame("control", rows, ("reasons",))


def paths_frame(res: PathsResult) -> pd.DataFrame:
    """One row per chain from ``res.source`` down to ``res.target``, shortest first; ``proof`` is the chain."""
    rows = (
        {
            "path": n,
            "holder": res.source.id,
            "held": res.target.id,
            "hops": len(p.links),
            "nodes": p.nodes,
            "low": pct(p.stake, "lo"),
            "high": pct(p.stake, "hi"),
            "exact": p.stake.exact,
            "status": p.status,
            "track": res.track,
            "as_of": res.as_of,
            "proof": p,
        }
        for n, p in enumerate(res.paths)
    )
    return frame("paths", rows, ("proof",))


def beneficial_frame(res: BeneficialResult) -> pd.DataFrame:
    """One row per beneficial owner and basis (then the unknown owners, ``unknown_owner`` true); ``paths`` the proof."""
    rows = (
        {
            "person": r.id,
            "label": r.label,
            "type": r.type,
            "entity": res.entity.id,
            "basis": r.basis.value,
            "low": pct(r.stake, "lo"),
            "high": pct(r.stake, "hi"),
            "certainty": r.certainty.value,
            "concert_party": r.concert_party or None,
            "through": r.through,
            "unknown_owner": unknown,
            "reason": r.reason or None,
            "status": r.status,
            "threshold": res.threshold,
            "as_of": res.as_of,
            "paths": r.paths,
        }
        for unknown, group in ((False, res.owners), (True, res.unknown_owners))
        for r in group
    )
    return frame("beneficial", rows, ("paths",))
