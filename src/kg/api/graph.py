"""The Python API's :class:`Graph`: a loaded graph whose questions answer as pandas DataFrames.

It wraps anything with the attributes of :class:`kg.graph.knowledge.KnowledgeGraph` that it reads — ``nx``,
``ontology``, ``sources``, ``search``, ``entity``, ``statements``, ``facts``, ``resolve`` and ``rdf`` — so a graph
built in memory (:func:`kg.api.build`) and a compiled graph opened from disk answer the same way. The ownership
view of a date is read once and kept (a few dates at a time), so many questions on one date cost one read.

Each question has two forms: ``owners(...)`` gives the DataFrame (:mod:`kg.api.frames`), ``owners_result(...)``
the typed result it is built from (:mod:`kg.ownership.results`), which is what the CLI prints.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from kg.api import frames, tables
from kg.ownership.beneficial_result import BeneficialResult
from kg.ownership.control_result import ControlResult
from kg.ownership.engine import Ownership
from kg.ownership.results import HoldingsResult, OwnersResult, PathProof, PathsResult
from kg.ownership.stake import parse_range
from kg.schema.vocab import ECONOMIC

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_UNKNOWN = "0-100"  # as the CLI's --unknown
KEPT_VIEWS = 4  # ownership views (one per date and assumptions) kept at once
Assume = Mapping[tuple[str, str], str] | None  # (holder, held) → a stake range such as "100" or "20-60"


class Graph:
    """A knowledge graph to ask questions of; every answer is a pandas DataFrame.

    >>> import kg
    >>> g = kg.build("data")
    >>> df = g.owners("zhipu", as_of="2026-01-09")
    >>> row = df.iloc[0]                     # the largest look-through owner; stakes in percent
    >>> row.holder, float(row.low), float(row.high)
    ('huihui', 8.97, 8.97)
    >>> g.proof(df.loc[0])[0].nodes          # the chains behind the row, with their hops and sources
    ('huihui', 'zhipu')
    """

    def __init__(self, kg: Any):
        self.kg = kg
        self._views: OrderedDict[tuple, Ownership] = OrderedDict()
        self._read = 0  # entities and statements read for single questions so far

    def __repr__(self) -> str:
        return f"<kg.Graph of {self.kg!r}>"

    @property
    def nx(self):
        """The NetworkX projection (entities → nodes, statements → edges)."""
        return self.kg.nx

    def id(self, ref: str) -> str:
        """The id of the entity ``ref`` names: an id as it is (no name index needed), else any unambiguous name."""
        return ref if self.kg.has_entity(ref) else self.kg.resolve(ref)

    # -- the ownership view of a date --------------------------------------------------------------
    def ownership(
        self,
        as_of: str | date | None = None,
        *,
        unknown: str = DEFAULT_UNKNOWN,
        assume: Assume = None,
        up: tuple[str, ...] = (),
        down: tuple[str, ...] = (),
        check: bool = False,
    ) -> Ownership:
        """The :class:`~kg.ownership.engine.Ownership` view on ``as_of`` (default today).

        With ``up`` or ``down`` (entity ids), a compiled graph reads only what the answers about them need — what
        lies above ``up`` and below ``down`` (:mod:`kg.compiled.around`) — and the view is made for that question;
        otherwise the view is of the whole graph, read once and kept. ``check``: only check the options (a view of
        the entities the assumptions name, where the graph allows). Once the parts read for single questions add up
        to the size of the whole graph, the whole graph is read and every later question answered from it (so many
        questions, as in a batch, never cost more than about twice reading the graph once).
        """
        pairs = tuple(sorted((self.id(h), self.id(o), r) for (h, o), r in (assume or {}).items()))
        if (up or down or check) and self._read < self.kg.size():
            G = self.kg.ownership_graph(up=up, down=down, nodes=[n for h, o, _r in pairs for n in (h, o)])
            if G is not None:  # a part: a view for this question only
                self._read += G.number_of_nodes() + G.number_of_edges()
                return self._view(G, as_of, unknown, pairs)
        key = (str(as_of or date.today()), unknown, pairs)
        own = self._views.get(key)
        if own is None:
            own = self._view(self.kg.nx, as_of, unknown, pairs)
            self._views[key] = own
            while len(self._views) > KEPT_VIEWS:
                self._views.popitem(last=False)
        self._views.move_to_end(key)
        return own

    def _view(self, G, as_of, unknown: str, pairs: tuple) -> Ownership:
        return Ownership(
            G,
            self.kg.ontology,
            as_of=as_of,
            unknown=parse_range(unknown),
            assume={(h, o): parse_range(r) for h, o, r in pairs},
            sources=self.kg.sources,
        )

    # -- typed results -------------------------------------------------------------------------------
    def owners_result(self, entity: str, as_of=None, *, direct=False, min_share=0.0, explain=False, **view):
        """Every owner of ``entity`` (id or any name) with its direct and look-through stake."""
        target = self.id(entity)
        own = self.ownership(as_of, up=(target,), **view)
        return own.owners(target, direct_only=direct, min_share=min_share, explain=explain)

    def holdings_result(self, entity: str, as_of=None, *, min_share=0.0, explain=False, **view) -> HoldingsResult:
        """What ``entity`` holds, directly and through its vehicles."""
        source = self.id(entity)
        own = self.ownership(as_of, down=(source,), **view)
        return own.holdings(source, min_share=min_share, explain=explain)

    def control_result(self, entity: str, threshold: float = 50.0, as_of=None, **view) -> ControlResult:
        """Controlling shareholders and ultimate controllers of ``entity`` at ``threshold`` percent of the votes."""
        target = self.id(entity)
        return self.ownership(as_of, up=(target,), **view).control(target, threshold=threshold)

    def beneficial_result(self, entity: str, threshold: float = 25.0, as_of=None, **view) -> BeneficialResult:
        """The natural persons holding ``entity`` at or above ``threshold`` percent (shares, votes or control)."""
        target = self.id(entity)
        return self.ownership(as_of, up=(target,), **view).beneficial(target, threshold=threshold)

    def paths_result(self, a: str, b: str, as_of=None, *, track=ECONOMIC, max_hops=6, max_paths=50, **view):
        """The chains from ``a`` down to ``b`` on one track (economic, control or any), shortest first."""
        source, target = self.id(a), self.id(b)
        own = self.ownership(as_of, down=(source,), up=(target,), **view)
        res: PathsResult = own.paths(source, target, track=track, max_hops=max_hops, max_paths=max_paths)
        return res

    # -- DataFrames ----------------------------------------------------------------------------------
    def owners(self, entity: str, as_of=None, *, explain: bool = False, **opts) -> pd.DataFrame:
        """Owners of ``entity``: one row each (``holder`` owns ``held``), stakes in percent; see :mod:`kg.api.frames`.

        ``opts``: ``direct`` (only direct holders), ``min_share`` (percent), ``unknown`` ("0-100"), ``assume``.
        """
        res: OwnersResult = self.owners_result(entity, as_of, explain=explain, **opts)
        return frames.owners_frame(res, explain)

    def holdings(self, entity: str, as_of=None, *, explain: bool = False, **opts) -> pd.DataFrame:
        """Holdings of ``entity``: one row each (``holder`` is ``entity``), with the vehicles ``via``."""
        return frames.holdings_frame(self.holdings_result(entity, as_of, explain=explain, **opts), explain)

    def control(self, entity: str, threshold: float = 50.0, as_of=None, **view) -> pd.DataFrame:
        """Voting blocs of ``entity`` with their verdict; ``ultimate`` marks the ultimate controllers."""
        return frames.control_frame(self.control_result(entity, threshold, as_of, **view))

    def beneficial(self, entity: str, threshold: float = 25.0, as_of=None, **view) -> pd.DataFrame:
        """Beneficial owners of ``entity``: one row per person and basis (shares, votes, control), ``paths`` the proof."""
        return frames.beneficial_frame(self.beneficial_result(entity, threshold, as_of, **view))

    def paths(self, a: str, b: str, as_of=None, **opts) -> pd.DataFrame:
        """Chains from ``a`` down to ``b``: one row each, ``proof`` the chain with its hops."""
        return frames.paths_frame(self.paths_result(a, b, as_of, **opts))

    def search(self, text: str, limit: int = 20) -> pd.DataFrame:
        """Entities matching ``text`` in any name or alias, in either Chinese script, best first."""
        return tables.search_frame(self.kg.search(text, limit=limit))

    def statements(self, entity: str) -> pd.DataFrame:
        """Every statement about ``entity``, outgoing then incoming, typed by the dataset's columns."""
        return tables.statements_frame(self.kg, entity)

    def facts(self, entity: str) -> pd.DataFrame:
        """The measured values about ``entity``."""
        return tables.facts_frame(self.kg, entity)

    def query(self, sparql: str, **bindings: str) -> pd.DataFrame:
        """A SPARQL SELECT or ASK query (text or a named query), ``bindings`` bound as terms, never pasted."""
        from kg.sparql.query import bind, load_query, run
        from kg.sparql.stores import query_dataset

        q = load_query(sparql)
        terms = bind(q, bindings, self.kg.resolve) if (q.params or bindings) else {}
        return tables.solutions_frame(run(query_dataset(self.kg), q.text, terms))

    # -- proof -----------------------------------------------------------------------------------------
    def proof(self, row: Mapping, limit: int = 20, **view) -> tuple[PathProof, ...]:
        """The chains behind an owners, holdings or paths row: each with its hops, arithmetic and sources.

        Reads the row's ``holder``, ``held`` and ``as_of``; pass the same ``unknown``/``assume`` as the question.
        """
        if "person" in row and "paths" in row:  # a beneficial row carries its proof
            return tuple(row["paths"])
        as_of = row["as_of"]
        day = as_of.date() if hasattr(as_of, "date") else as_of
        holder, held = str(row["holder"]), str(row["held"])
        own = self.ownership(day, down=(holder,), up=(held,), **view)
        return tuple(own.path_proofs(holder, held, limit=limit))
