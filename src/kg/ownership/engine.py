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

Look-through stakes are the integrated ownership of Vitali, Glattfelder &
Battiston (2011): with ``W[i, k]`` the fraction of k that i holds directly and
``N = (I - W)^-1``, the stake of i in j is ``N[i, j] / N[i, i]`` — the sum over
every chain from i down to j, cross-holding cycles included, with walks that
come back to i counted once. On acyclic graphs that is the plain sum of path
products. It is computed per query on the subgraph that matters (the owners
above j, or the holdings below i), component by component in topological
order, iterating only inside cross-holding cycles, for the lower and the upper
end of every range. Stakes are monotone in every edge weight, so the bounds are
sound: any exact choice of shares inside the ranges gives a stake inside them.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date
from itertools import islice, pairwise

import networkx as nx

from kg.errors import NotFound, UsageError
from kg.graph.dating import ASSERTED, PRESENT, UNSTATED_START, Dating, first_day
from kg.ownership.loops import Condensation, condense, controllers_on_top
from kg.schema.ontology import Ontology
from kg.schema.vocab import CONFIDENCE

MAX_CYCLE_ITERATIONS = 10_000
DIRECT_SOLVE_LIMIT = 400  # cross-holding components up to this size are solved exactly with numpy
TOLERANCE = 1e-13


@dataclass(frozen=True, slots=True)
class Stake:
    """A fraction of a company (0..1) known exactly (lo == hi) or as a range."""

    lo: float
    hi: float

    @property
    def exact(self) -> bool:
        return abs(self.hi - self.lo) <= 1e-12

    def __add__(self, other: Stake) -> Stake:
        return Stake(self.lo + other.lo, self.hi + other.hi)

    def __mul__(self, other: Stake) -> Stake:
        return Stake(self.lo * other.lo, self.hi * other.hi)

    def capped(self) -> Stake:
        return Stake(min(self.lo, 1.0), min(self.hi, 1.0))

    def pct(self, digits: int = 4) -> str:
        lo, hi = round(self.lo * 100, digits), round(self.hi * 100, digits)
        return f"{lo:g}%" if self.exact else f"{lo:g}–{hi:g}%"

    def as_dict(self) -> dict:
        return {"low": round(self.lo * 100, 6), "high": round(self.hi * 100, 6), "exact": self.exact}


_RANK = {grade: len(CONFIDENCE) - i for i, grade in enumerate(CONFIDENCE)}
ZERO = Stake(0.0, 0.0)
ONE = Stake(1.0, 1.0)


@dataclass(slots=True)
class Claim:
    """One statement as the analytics read it."""

    statement: str
    predicate: str
    holder: str
    held: str
    stake: Stake | None  # economic share stated by the source (None: not stated)
    votes: Stake | None  # voting_share, else share
    data: dict  # the edge's attributes (source, dates, evidence ...)
    status: str = ASSERTED  # on the day asked: asserted, or unstated_start (held as of a later date, start not stated)
    stated: str | None = None  # for unstated_start: the date a source states it (None: no date at all)

    @property
    def rank(self) -> int:
        return _RANK[self.data.get("confidence") or "medium"]

    def as_dict(self, sources: dict | None = None) -> dict:
        d = self.data
        out = {"statement": self.statement, "predicate": self.predicate, "source": d.get("source", "")}
        if sources is not None:
            out["source_title"] = sources.get(d.get("source", ""), {}).get("title", "")
        for key in (
            "share",
            "share_min",
            "share_max",
            "shares",
            "share_class",
            "voting_share",
            "start",
            "end",
            "as_of",
            "basis",
            "confidence",
            "evidence",
        ):
            if d.get(key) is not None:
                out[key] = d[key]
        out["status"] = self.status
        if self.status == UNSTATED_START:
            out["stated_as_of"] = self.stated
        return out


@dataclass(slots=True)
class Link:
    """One holder→held pair on one track: the claims about it, combined into one stake."""

    holder: str
    held: str
    stake: Stake
    claims: list[Claim]
    assumed: str = ""  # why the stake is a range nobody stated ("" when stated)
    conflict: bool = False  # the best sources disagree (the stake is their hull)
    unstated: bool = False  # held only as of a later date, for a link with no claims of its own (acting in concert)

    @property
    def status(self) -> str:
        """unstated_start when no claim behind the link is asserted on the day (only held as of a later date)."""
        if self.unstated or (self.claims and all(c.status == UNSTATED_START for c in self.claims)):
            return UNSTATED_START
        return ASSERTED

    def as_dict(self, sources: dict | None = None) -> dict:
        out: dict = {
            "holder": self.holder,
            "held": self.held,
            "stake": self.stake.as_dict(),
            "status": self.status,
            "claims": [c.as_dict(sources) for c in self.claims],
        }
        if self.assumed:
            out["assumed"] = self.assumed
        if self.conflict:
            out["conflict"] = True
        return out


def _interval(d: dict, exact_key: str = "share") -> Stake | None:
    if d.get(exact_key) is not None:
        v = float(d[exact_key]) / 100
        return Stake(v, v)
    if exact_key == "share" and (d.get("share_min") is not None or d.get("share_max") is not None):
        return Stake(
            float(d.get("share_min") or 0) / 100, float(d["share_max"] if d.get("share_max") is not None else 100) / 100
        )
    return None


def parse_range(text: str) -> Stake:
    """'100' → exactly 100%; '20-60' or '20..60' → 20–60%."""
    t = text.strip().rstrip("%").replace("..", "-").replace("–", "-")
    try:
        if "-" in t.lstrip("-"):
            lo, hi = (float(x) for x in t.split("-", 1))
        else:
            lo = hi = float(t)
    except ValueError:
        raise UsageError(f"'{text}' is not a percentage or a range like 20-60") from None
    if not (0 <= lo <= hi <= 100):
        raise UsageError(f"'{text}' must be percentages with 0 <= low <= high <= 100")
    return Stake(lo / 100, hi / 100)


class Ownership:
    """The ownership and control structure of a graph on one date.

    >>> import kg
    >>> g = kg.load("data")
    >>> own = Ownership(g.nx, g.ontology, as_of="2026-01-09")
    >>> top = own.owners("zhipu")["owners"][0]          # the largest look-through owner
    >>> top["id"], top["integrated"]
    ('huihui', {'low': 8.97, 'high': 8.97, 'exact': True})
    """

    def __init__(
        self,
        G: nx.MultiDiGraph,
        onto: Ontology,
        *,
        as_of: str | date | None = None,
        unknown: Stake = Stake(0.0, 1.0),
        assume: dict[tuple[str, str], Stake] | None = None,
        sources: dict | None = None,
    ):
        self.G = G
        self.sources = sources or {}
        self.onto = onto
        self.day: date = first_day(as_of) or date.today()
        self.dating = Dating(G, self.sources)
        self.unknown = unknown
        self.assume = dict(assume or {})
        for holder, held in self.assume:
            for n in (holder, held):
                if n not in G:
                    raise NotFound(f"--assume names '{n}', which is not an entity id")
        self.econ_out: dict[str, dict[str, Link]] = defaultdict(dict)
        self.econ_in: dict[str, dict[str, Link]] = defaultdict(dict)
        self.vote_in: dict[str, dict[str, Link]] = defaultdict(dict)
        self.control_out: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
        self.members: dict[str, set[str]] = defaultdict(set)
        self.member_claims: dict[tuple[str, str], list[Claim]] = defaultdict(list)  # (member, party) → its claims
        self.aggregates: dict[str, list[Claim]] = defaultdict(list)
        self.unstated_pairs: set[tuple[str, str]] = set()  # economic links no source asserts on the day
        self._into: dict[str, set[str]] | None = None  # see _control_into
        self._read()

    # -- reading the graph --------------------------------------------------
    def _read(self) -> None:
        roles = {name: spec.ownership_roles for name, spec in self.onto.relations.items() if spec.ownership_roles}
        econ: dict[tuple[str, str], list[Claim]] = defaultdict(list)
        vote: dict[tuple[str, str], list[Claim]] = defaultdict(list)
        for s, o, k, d in self.G.edges(keys=True, data=True):
            r = roles.get(d.get("predicate"))
            if not r:
                continue
            status = self.dating.status(s, o, d, self.day)
            if status not in PRESENT:
                continue
            share = _interval(d)
            votes = _interval(d, "voting_share") or share
            stated = self.dating.stated_as_of(d) if status == UNSTATED_START else None
            claim = Claim(k, d["predicate"], s, o, share, votes, d, status, stated)
            if "economic" in r:
                econ[(s, o)].append(claim)
            if "voting" in r:
                vote[(s, o)].append(claim)
            if "control" in r:
                self.control_out[s][o].append(claim)
            if "concert" in r:
                self.members[o].add(s)
                self.member_claims[(s, o)].append(claim)
            if "aggregate" in r:
                self.aggregates[o].append(claim)
        for (s, o), claims in econ.items():  # G is built in a stable order, so this is too
            link = self._combine(s, o, claims, "stake")
            self.econ_out[s][o] = link
            self.econ_in[o][s] = link
            if link.status == UNSTATED_START:
                self.unstated_pairs.add((s, o))
        for holders in self.econ_in.values():
            _cap_by_residual(holders)
        for (s, o), claims in vote.items():
            self.vote_in[o][s] = self._combine(s, o, claims, "votes")

    def _combine(self, s: str, o: str, claims: list[Claim], attr: str) -> Link:
        """One stake per pair: the user's assumption, else the best-graded stated numbers (their hull), else unknown.

        Claims a source asserts on the day come first: claims held only as of a later date (start
        not stated) count when nothing else is said about the pair.
        """
        if any(c.status == UNSTATED_START for c in claims) and any(c.status == ASSERTED for c in claims):
            claims = [c for c in claims if c.status == ASSERTED]
        if len(claims) == 1 and (s, o) not in self.assume:  # the common case, kept cheap
            value = getattr(claims[0], attr)
            if value is not None:
                return Link(s, o, value, claims)
        claims = sorted(claims, key=lambda c: (-c.rank, c.statement))
        if (s, o) in self.assume:
            return Link(s, o, self.assume[(s, o)], claims, assumed="assumed by the user (--assume)")
        numeric = [c for c in claims if getattr(c, attr) is not None]
        if not numeric:
            return Link(
                s,
                o,
                self.unknown,
                claims,
                assumed=f"not stated: taken as {self.unknown.pct()} (tighten with --assume {s}:{o}=PCT)",
            )
        best = max(c.rank for c in numeric)
        chosen = [getattr(c, attr) for c in numeric if c.rank == best]
        hull = Stake(min(x.lo for x in chosen), max(x.hi for x in chosen))
        distinct = {(round(x.lo, 9), round(x.hi, 9)) for x in (getattr(c, attr) for c in numeric)}
        return Link(s, o, hull, claims, conflict=len(distinct) > 1)

    def check(self, node: str) -> str:
        if node not in self.G:
            raise NotFound(f"no entity has id '{node}'")
        return node

    def label(self, node: str) -> str:
        return self.G.nodes[node].get("label", node) if node in self.G else node

    def _entity(self, node: str) -> dict:
        """id, label and, where known, the founding date (before it, nothing holds or is held)."""
        founded = self.dating.founded(node)
        return {"id": node, "label": self.label(node), **({"founded": str(founded)} if founded else {})}

    # -- look-through: owners of one entity ----------------------------------
    def ancestors(self, target: str) -> set[str]:
        """Every entity with an economic chain down to ``target`` (target excluded)."""
        return _reach(target, self.econ_in)

    def descendants(self, source: str) -> set[str]:
        """Every entity ``source`` holds through an economic chain (source excluded)."""
        return _reach(source, self.econ_out)

    def integrated_owners(self, target: str) -> dict[str, Stake]:
        """holder → its integrated stake in ``target``, for every entity above it."""
        self.check(target)
        nodes = self.ancestors(target) | {target}
        sub = self._subgraph(nodes)
        lo = self._column(sub, target, "lo")
        hi = self._column(sub, target, "hi")
        out = {i: Stake(lo[i], hi[i]).capped() for i in nodes if i != target}
        return out

    def _w(self, holder: str, held: str, end: str) -> float:
        link = self.econ_out[holder][held]
        return link.stake.lo if end == "lo" else link.stake.hi

    def _column(self, sub: nx.DiGraph, target: str, end: str) -> dict[str, float]:
        """First-passage walk sums from every node of ``sub`` down to ``target`` (one end of the ranges).

        ``walks[i]`` is N[i, target]; an owner inside a cross-holding cycle gets
        N[i, target] / N[i, i], computed as the walks that do not come back to i.
        """
        walks: dict[str, float] = {}
        first: dict[str, float] = {}
        cond = nx.condensation(sub)
        for c in reversed(list(nx.topological_sort(cond))):  # the held side before its holders
            members = set(cond.nodes[c]["members"])
            if len(members) == 1:
                i = next(iter(members))
                if not sub.has_edge(i, i):
                    walks[i] = 1.0 if i == target else _dot((self._w(i, k, end), walks[k]) for k in sub.successors(i))
                    continue
            walks.update(self._cycle_solve(sub, members, walks, target, end, exclude=None))
            for i in members - {target}:
                without = (
                    self._cycle_solve(sub, members - {i}, walks, target, end, exclude=i) if len(members) > 1 else {}
                )
                first[i] = _dot(
                    (self._w(i, k, end), without.get(k, walks.get(k, 0.0))) for k in sub.successors(i) if k != i
                )
        return {i: first.get(i, v) for i, v in walks.items()}

    def _cycle_solve(
        self, sub: nx.DiGraph, members: set[str], known: dict, target: str, end: str, exclude: str | None
    ) -> dict[str, float]:
        """Walk sums inside one cross-holding component, the values below it fixed; iterate to convergence.

        The lower end starts at 0 and only grows, so any truncation is still a lower bound; an upper
        end that does not converge (cycles of 100%) is infinite and ends up capped at 1.
        """
        base, inner = {}, {}
        for i in members:
            b = 1.0 if i == target else 0.0
            b += _dot(
                (self._w(i, k, end), known.get(k, 0.0)) for k in sub.successors(i) if k not in members and k != exclude
            )
            base[i] = b
            inner[i] = [(k, self._w(i, k, end)) for k in sub.successors(i) if k in members]
        return _fixpoint(base, inner, end)

    def owners(
        self,
        target: str,
        *,
        direct_only: bool = False,
        min_share: float = 0.0,
        explain: bool = False,
        max_paths: int = 20,
    ) -> dict:
        """Every owner of ``target`` with its direct and integrated stake, paths and proof."""
        self.check(target)
        stakes = self.integrated_owners(target)
        direct = self.econ_in.get(target, {})
        sub = self._subgraph(set(stakes) | {target})
        top = controllers_on_top(condense(nx.to_dict_of_lists(sub)), target)  # owners nobody owns; closed loops
        ultimate_top = set(top.ultimate)
        counts = _path_counts(sub, target, downward=False)
        flagged = self._unstated_links(sub)
        resting = _closure({link.holder for link in flagged}, sub.predecessors)  # owners whose chains use one
        rows = []
        for i, st in stakes.items():
            if direct_only and i not in direct:
                continue
            if st.hi * 100 < min_share:
                continue
            row = {
                "id": i,
                "label": self.label(i),
                "type": self.G.nodes[i].get("type", ""),
                "direct": direct[i].stake.as_dict() if i in direct else None,
                "integrated": st.as_dict(),
                "paths": counts.get(i, 0),
                "ultimate": i in ultimate_top,
                "status": UNSTATED_START if i in resting else ASSERTED,
            }
            if explain:
                row["proof"] = self.path_proofs(i, target, sub=sub, limit=max_paths)
            rows.append(row)
        rows.sort(key=lambda r: (-r["integrated"]["low"], -r["integrated"]["high"], r["id"]))
        direct_cov = sum((link.stake for link in direct.values()), ZERO)
        ult_cov = sum((stakes[i] for i in ultimate_top), ZERO)
        return {
            "entity": self._entity(target),
            "as_of": self.day.isoformat(),
            "unknown_stake": self.unknown.as_dict(),
            "filtered": len(stakes) - len(rows),
            "assumptions": [
                {"holder": h, "held": o, "stake": s.as_dict()} for (h, o), s in sorted(self.assume.items())
            ],
            "direct_coverage": direct_cov.capped().as_dict(),
            "ultimate_coverage": ult_cov.capped().as_dict(),
            "owned_by_loop": sorted({m for loop in top.loops for m in loop}),
            "owners": rows,
            "stated_aggregates": [
                {
                    "holder": c.holder,
                    "label": self.label(c.holder),
                    "share": c.data.get("share"),
                    "shares": c.data.get("shares"),
                    "source": c.data.get("source"),
                    "confidence": c.data.get("confidence"),
                    "basis": c.data.get("basis", "stated"),
                    "status": c.status,
                }
                for c in sorted(self.aggregates.get(target, []), key=lambda c: (c.holder, c.statement))
            ],
            "conflicts": [link.as_dict() for link in direct.values() if link.conflict],
            "start_not_stated": {
                "rows": sum(r["status"] == UNSTATED_START for r in rows),
                "direct_coverage": any(link.status == UNSTATED_START for link in direct.values()),
                "ultimate_coverage": bool(ultimate_top & resting),
                **_stated_dates(flagged),
            },
        }

    def _unstated_links(self, sub: nx.DiGraph) -> list[Link]:
        """The economic links of ``sub`` that no source asserts on the day (held as of a later date, start not stated)."""
        pairs = self.unstated_pairs
        return [self.econ_out[h][o] for h, o in sub.edges if (h, o) in pairs] if pairs else []

    def _subgraph(self, nodes: set[str]) -> nx.DiGraph:
        sub = nx.DiGraph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from((h, o) for o in nodes for h in self.econ_in.get(o, {}) if h in nodes)
        return sub

    # -- holdings of one investor ---------------------------------------------
    def holdings(self, source: str, *, min_share: float = 0.0, explain: bool = False, max_paths: int = 20) -> dict:
        """What ``source`` holds directly and through its vehicles, with look-through stakes."""
        self.check(source)
        nodes = self.descendants(source) | {source}
        sub = self._subgraph(nodes)
        sub.remove_edges_from([(h, source) for h in list(sub.predecessors(source))])  # first passage from source
        lo, hi = self._row(sub, source, "lo"), self._row(sub, source, "hi")
        rows = [(j, lo[j], hi[j]) for j in sorted(lo) if j != source]
        direct = self.econ_out.get(source, {})
        counts = _path_counts(sub, source, downward=True)
        flagged = self._unstated_links(sub)
        resting = _closure({link.held for link in flagged}, sub.successors)  # holdings reached through one
        out = []
        for j, j_lo, j_hi in rows:
            st = Stake(j_lo, j_hi).capped()
            if st.hi * 100 < min_share:
                continue
            row = {
                "id": j,
                "label": self.label(j),
                "type": self.G.nodes[j].get("type", ""),
                "direct": direct[j].stake.as_dict() if j in direct else None,
                "integrated": st.as_dict(),
                "paths": counts.get(j, 0),
                "via": sorted(k for k in sub.predecessors(j) if k != source),
                "status": UNSTATED_START if j in resting else ASSERTED,
            }
            if explain:
                row["proof"] = self.path_proofs(source, j, sub=sub, limit=max_paths)
            out.append(row)
        out.sort(key=lambda r: (-r["integrated"]["low"], -r["integrated"]["high"], r["id"]))
        return {
            "entity": self._entity(source),
            "as_of": self.day.isoformat(),
            "unknown_stake": self.unknown.as_dict(),
            "holdings": out,
            "filtered": len(rows) - len(out),
            "start_not_stated": {"rows": sum(r["status"] == UNSTATED_START for r in out), **_stated_dates(flagged)},
            "stated_aggregates": [
                {
                    "held": c.held,
                    "label": self.label(c.held),
                    "share": c.data.get("share"),
                    "source": c.data.get("source"),
                    "confidence": c.data.get("confidence"),
                    "basis": c.data.get("basis", "stated"),
                    "status": c.status,
                }
                for cl in self.aggregates.values()
                for c in cl
                if c.holder == source
            ],
        }

    def _row(self, sub: nx.DiGraph, source: str, end: str) -> dict[str, float]:
        """Walk sums from ``source`` down to every node of ``sub`` (source's in-edges already removed)."""
        y: dict[str, float] = {}
        cond = nx.condensation(sub)
        for c in nx.topological_sort(cond):  # holders before held
            members = cond.nodes[c]["members"]
            if len(members) == 1 and not sub.has_edge(next(iter(members)), next(iter(members))):
                j = next(iter(members))
                y[j] = 1.0 if j == source else _dot((self._w(k, j, end), y[k]) for k in sub.predecessors(j))
                continue
            base = {
                j: _dot((self._w(k, j, end), y[k]) for k in sub.predecessors(j) if k not in members) for j in members
            }
            inner = {j: [(k, self._w(k, j, end)) for k in sub.predecessors(j) if k in members] for j in members}
            y.update(_fixpoint(base, inner, end))
        return y

    # -- paths ------------------------------------------------------------------
    def path_proofs(
        self, source: str, target: str, *, sub: nx.DiGraph | None = None, limit: int = 20, max_hops: int = 8
    ) -> list[dict]:
        """The chains from ``source`` down to ``target``, shortest first, each with hops, sources and product."""
        sub = sub if sub is not None else self._subgraph(self.descendants(source) | {source})
        out = []
        try:
            gen = nx.shortest_simple_paths(sub, source, target)
            for path in islice(gen, limit):
                if len(path) - 1 > max_hops:
                    break
                out.append(self._path_record(path, self.econ_out))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            pass
        return out

    def _path_record(self, path: list[str], links: dict) -> dict:
        hops, product, factors, status = [], ONE, [], ASSERTED
        for a, b in pairwise(path):
            link = links[a][b]
            if link.status == UNSTATED_START:
                status = UNSTATED_START
            product = product * link.stake
            factors.append(link.stake.pct())
            hops.append(
                {
                    "from": a,
                    "from_label": self.label(a),
                    "to": b,
                    "to_label": self.label(b),
                    **link.as_dict(self.sources),
                }
            )
        return {
            "nodes": path,
            "stake": product.as_dict(),
            "status": status,
            "arithmetic": " × ".join(factors) + f" = {product.pct()}",
            "hops": hops,
        }

    def paths(
        self, source: str, target: str, *, track: str = "economic", max_hops: int = 6, max_paths: int = 50
    ) -> dict:
        """Every ownership / control chain from ``source`` down to ``target``, shortest first, bounded."""
        self.check(source)
        self.check(target)
        if source == target:
            raise UsageError("FROM and TO are the same entity; a path needs two")
        links = self._track_links(track)
        sub = nx.DiGraph()
        sub.add_edges_from((a, b) for a, bs in links.items() for b in bs)
        found: list[dict] = []
        truncated = False
        if source in sub and target in sub:
            gen = nx.shortest_simple_paths(sub, source, target)
            try:
                for path in gen:
                    if len(path) - 1 > max_hops:
                        truncated = True
                        break
                    if len(found) == max_paths:
                        truncated = True
                        break
                    found.append(self._path_record(path, links))
            except nx.NetworkXNoPath:
                pass
        total = sum((Stake(p["stake"]["low"] / 100, p["stake"]["high"] / 100) for p in found), ZERO)
        return {
            "from": {"id": source, "label": self.label(source)},
            "to": {"id": target, "label": self.label(target)},
            "as_of": self.day.isoformat(),
            "track": track,
            "max_hops": max_hops,
            "paths": found,
            "sum_of_paths": total.capped().as_dict(),
            "truncated": truncated,
            "start_not_stated": {
                "paths": sum(p["status"] == UNSTATED_START for p in found),
                **_stated_dates(
                    [
                        links[a][b]
                        for p in found
                        for a, b in pairwise(p["nodes"])
                        if links[a][b].status == UNSTATED_START
                    ]
                ),
            },
        }

    def _track_links(self, track: str) -> dict[str, dict[str, Link]]:
        if track == "economic":
            return self.econ_out
        links: dict[str, dict[str, Link]] = defaultdict(dict)
        for h, controlled in self.control_out.items():
            for o, claims in controlled.items():
                links[h][o] = Link(h, o, ONE, claims, assumed="control passes whole")
        for party, members in self.members.items():
            for m in members:
                links[m][party] = Link(
                    m,
                    party,
                    ONE,
                    [],
                    assumed="acting in concert: votes pooled",
                    unstated=self._unstated_member(m, party),
                )
        for o, holders in self.vote_in.items():
            for h, link in holders.items():
                if o not in links[h]:
                    links[h][o] = link
        if track == "any":
            for h, held in self.econ_out.items():
                for o, link in held.items():
                    links[h].setdefault(o, link)
        elif track != "control":
            raise UsageError(f"unknown track '{track}'; use economic, control or any")
        return links

    # -- control ----------------------------------------------------------------
    def control(self, target: str, *, threshold: float = 50.0) -> dict:
        """Controlling shareholders and ultimate controllers of ``target``, with the reasoning."""
        self.check(target)
        if not 0 < threshold <= 100:
            raise UsageError("--threshold must be a percentage between 0 and 100")
        t = threshold / 100
        strict = abs(threshold - 50) < 1e-9  # majority means more than half; other levels are "at least"

        def passes(x: float) -> bool:
            return x > t + 1e-12 if strict else x >= t - 1e-12

        up = self._control_ancestors(target)
        universe = up | {target}
        reasons: dict[tuple[str, str], str] = {}
        # each bloc: what c controls (explicit control first, then votes, to a fixpoint); the target's own too
        blocs = {c: self._grow(c, universe, passes, reasons) for c in sorted(universe)}
        holders = self.vote_in.get(target, {})
        rows = []
        for c, bloc in blocs.items():
            if c == target:
                continue
            votes = self._bloc_votes(bloc, target)
            explicit = target in bloc and not passes(votes.lo)
            if votes.hi <= 0 and not explicit:
                continue
            verdict = (
                "controls"
                if (passes(votes.lo) or explicit)
                else ("may control" if passes(votes.hi) else "below threshold")
            )
            vehicles = sorted(h for h in holders if h in bloc and h != c)
            stated = any(h in bloc for h in holders)  # the bloc holds votes in the target (else control is only stated)
            rows.append(
                {
                    "id": c,
                    "label": self.label(c),
                    "type": self.G.nodes[c].get("type", ""),
                    "votes": votes.capped().as_dict() if stated else None,
                    "votes_stated": stated,
                    "control_stated": explicit,
                    "verdict": verdict,
                    "through": vehicles,
                    "members": sorted(self.members.get(c, ())),
                    "status": self._bloc_status(bloc, target),
                    "reasons": [reasons[(c, v)] for v in [*vehicles, target] if (c, v) in reasons],
                }
            )
        rows.sort(key=lambda r: (-_votes_key(r, "low"), -_votes_key(r, "high"), r["id"]))
        # who controls whom at this threshold, reasoned on its strongly connected components (loops)
        cond = condense({c: (bloc & blocs.keys()) - {c} for c, bloc in blocs.items()})
        top = controllers_on_top(cond, target)
        controllers = [r for r in rows if r["verdict"] == "controls"]
        direct = self._controlling_shareholders(target, [r["id"] for r in controllers], blocs, passes, cond)
        econ = self.integrated_owners(target)
        direct_econ = self.econ_in.get(target, {})
        for r in rows:
            if r["members"]:  # a group's economic interest: the shares registered to its members
                e = sum((direct_econ[m].stake for m in r["members"] if m in direct_econ), ZERO)
            else:
                e = econ.get(r["id"], ZERO)
            r["economic"] = e.capped().as_dict()
            low = _votes_key(r, "low")
            r["gap"] = round(low - r["economic"]["high"], 6) if low > r["economic"]["high"] else 0.0
        return {
            "entity": self._entity(target),
            "as_of": self.day.isoformat(),
            "threshold": threshold,
            "rule": "more than" if strict else "at least",
            "holders": [
                self._holder_row(h, link)
                for h, link in sorted(holders.items(), key=lambda kv: (-kv[1].stake.hi, kv[0]))
            ],
            "blocs": rows,
            "controlling_shareholders": direct,
            "ultimate_controllers": [r["id"] for r in controllers if r["id"] in top.ultimate],
            "controlled_by_loop": sorted({m for loop in top.loops for m in loop}),
            "control_loops": top.loops,
            "start_not_stated": self._control_dates(universe),
            "notes": self._control_notes(target, holders),
        }

    def _holder_row(self, h: str, link: Link) -> dict:
        row = {
            "id": h,
            "label": self.label(h),
            "votes": link.stake.as_dict(),
            "dual_class": sorted({cls for c in link.claims if (cls := c.data.get("share_class"))}),
        }
        if link.assumed:
            row["assumed"] = link.assumed
        row["status"] = link.status
        return row

    def _grow(
        self, c: str, universe: set[str], passes, reasons: dict | None = None, exclude: frozenset[str] = frozenset()
    ) -> set[str]:
        """Everything ``c`` controls (itself included): through stated control, acting-in-concert groups and
        the pooled votes of what it already controls, to a fixpoint; ``exclude`` are never counted.

        Each entity joins once and adds its votes to running tallies, so one call is linear in the
        links below ``c``. Stated control and concert links are followed first, then the entities of
        ``universe`` whose pooled votes pass join, in rounds.
        """
        reasons = {} if reasons is None else reasons
        vote_out = self._votes_by_holder()
        lo: dict[str, float] = defaultdict(float)
        hi: dict[str, float] = defaultdict(float)
        grown, joined = {c}, [c]
        while joined:
            todo, counted = joined, set()
            while todo:  # stated control and acting in concert, to closure
                x = todo.pop()
                for y, why in self._stated_links(x):
                    if y not in grown and y not in exclude:
                        grown.add(y)
                        todo.append(y)
                        reasons.setdefault((c, y), why)
                for y, link in vote_out.get(x, ()):
                    lo[y] += link.stake.lo
                    hi[y] += link.stake.hi
                    counted.add(y)
            joined = sorted(
                y for y in counted if y in universe and y not in grown and y not in exclude and passes(lo[y])
            )
            for y in joined:  # then votes
                grown.add(y)
                reasons.setdefault((c, y), f"holds {Stake(lo[y], hi[y]).pct()} of the votes of {self.label(y)}")
        return grown

    def _stated_links(self, x: str):
        """(entity, reason) for what ``x`` controls by statement, and the members of its concert group."""
        for y, claims in sorted(self.control_out.get(x, {}).items()):
            yield y, f"{self.label(x)} {claims[0].predicate} {self.label(y)}"
        for m in sorted(self.members.get(x, ())):
            yield m, f"{self.label(m)} acts in concert within {self.label(x)}"

    def _votes_by_holder(self) -> dict[str, list[tuple[str, Link]]]:
        if getattr(self, "_vote_out", None) is None:
            out: dict[str, list[tuple[str, Link]]] = defaultdict(list)
            for o in sorted(self.vote_in):
                for h, link in sorted(self.vote_in[o].items()):
                    out[h].append((o, link))
            self._vote_out = dict(out)
        return self._vote_out

    def _controlling_shareholders(
        self, target: str, ids: list[str], blocs: dict[str, set[str]], passes, cond: Condensation
    ) -> list[str]:
        """The controllers that control ``target`` not through another controller: the bottom of its chain.

        ``c`` holds through another controller ``d`` when it controls ``d`` — unless ``d`` is in c's own
        loop or in the target's (those control c or are controlled by the target back) — or when it no
        longer controls ``target`` with the other controllers outside its loop taken away from it. Of
        the members of one loop that remain, those holding votes in, or stated control of, the target
        directly are chosen.
        """
        comp, home = cond.component, cond.component.get(target)
        universe = set(blocs)

        def through_another(c: str) -> bool:
            others = [d for d in ids if comp.get(d) != comp.get(c)]
            if any(comp.get(d) != home and d in blocs[c] for d in others):
                return True
            return target not in self._grow(c, universe, passes, exclude=frozenset(others))

        lowest = [c for c in ids if not through_another(c)]
        holders = self.vote_in.get(target, {})

        def holds_directly(c: str) -> bool:
            return (
                c in holders
                or target in self.control_out.get(c, {})
                or bool(self.members.get(c, set()) & holders.keys())
            )

        out = []
        for c in lowest:
            loop = [d for d in lowest if comp.get(d) == comp.get(c)]
            if holds_directly(c) or not any(holds_directly(d) for d in loop):
                out.append(c)
        return out

    def _control_ancestors(self, target: str) -> set[str]:
        """Every entity with a chain of control, votes or concert membership down to ``target`` (target excluded)."""
        into = self._control_into()
        seen, todo = set(), deque([target])
        while todo:
            for h in into.get(todo.popleft(), ()):
                if h not in seen and h != target:
                    seen.add(h)
                    todo.append(h)
        return seen

    def _control_into(self) -> dict[str, set[str]]:
        """entity → who reaches it by control, votes or concert membership; built once per date (the graph is fixed)."""
        if self._into is None:
            into: dict[str, set[str]] = defaultdict(set)
            for h, held in self.control_out.items():
                for o in held:
                    into[o].add(h)
            for o, hs in self.vote_in.items():
                into[o].update(hs)
            for party, members in self.members.items():
                for m in members:
                    into[m].add(party)  # a party "reaches" what its members hold
            self._into = dict(into)
        return self._into

    def _bloc_status(self, bloc: set[str], target: str) -> str:
        """unstated_start when the bloc's votes or its grip on its vehicles rest on a statement no source asserts
        on the day (held as of a later date, start not stated)."""
        votes = (link for h, link in self.vote_in.get(target, {}).items() if h in bloc)
        grip = (
            Link(x, y, ONE, claims)
            for x in bloc
            for y, claims in self.control_out.get(x, {}).items()
            if y in bloc or y == target
        )
        if any(link.status == UNSTATED_START for link in (*votes, *grip)) or any(
            self._unstated_member(m, p) for p in bloc for m in self.members.get(p, ()) if m in bloc
        ):
            return UNSTATED_START
        return ASSERTED

    def _unstated_member(self, member: str, party: str) -> bool:
        """The membership of ``member`` in ``party`` is only held as of a later date (start not stated)."""
        return all(c.status == UNSTATED_START for c in self.member_claims.get((member, party), ()))

    def _control_dates(self, up: set[str]) -> dict:
        """The dates the unstated-start votes, control and concert statements among ``up`` (a target and
        everything above it) are stated as of."""
        links = [link for o in up for link in self.vote_in.get(o, {}).values() if link.status == UNSTATED_START]
        links += [Link(x, y, ONE, claims) for x in up for y, claims in self.control_out.get(x, {}).items()]
        links += [Link(m, p, ONE, claims) for (m, p), claims in self.member_claims.items() if p in up]
        return _stated_dates([link for link in links if link.status == UNSTATED_START])

    def _bloc_votes(self, bloc: set[str], target: str) -> Stake:
        return sum((link.stake for h, link in self.vote_in.get(target, {}).items() if h in bloc), ZERO)

    def _control_notes(self, target: str, holders: dict[str, Link]) -> list[str]:
        notes = []
        classes = {cls for link in holders.values() for c in link.claims if (cls := c.data.get("share_class"))}
        if len(classes) > 1 and not any(
            c.data.get("voting_share") is not None for link in holders.values() for c in link.claims
        ):
            notes.append(
                f"{self.label(target)} has share classes {', '.join(sorted(classes))} but no voting shares are "
                "stated: votes are taken as economic shares, which understates weighted-vote classes"
            )
        unknown = [h for h, link in holders.items() if link.assumed and "user" not in link.assumed]
        if unknown:
            notes.append(
                f"{len(unknown)} holder(s) have no stated share; their votes are taken as {self.unknown.pct()}"
            )
        return notes

    # -- everything at once ------------------------------------------------------
    def _arrays(self):
        """The economic links as index arrays (built once; both ends of the ranges share them)."""
        if getattr(self, "_coo", None) is None:
            import numpy as np

            nodes = sorted(set(self.econ_out) | set(self.econ_in))
            ix = {n: i for i, n in enumerate(nodes)}
            links = [link for held in self.econ_out.values() for link in held.values()]
            rows = np.fromiter((ix[link.holder] for link in links), dtype=np.int64, count=len(links))
            cols = np.fromiter((ix[link.held] for link in links), dtype=np.int64, count=len(links))
            lo = np.fromiter((link.stake.lo for link in links), dtype=np.float64, count=len(links))
            hi = np.fromiter((link.stake.hi for link in links), dtype=np.float64, count=len(links))
            self._coo = (nodes, rows, cols, lo, hi)
        return self._coo

    def integrated_matrix(self, end: str = "lo", *, prune: float = 1e-12, max_length: int = 500):
        """Every integrated stake at once, as a sparse matrix: ``(nodes, U)`` with ``U[i, j]`` i's stake in j.

        ``S = W + W^2 + ...`` by sparse products of walk lengths (dropping walks worth less
        than ``prune``), then each row of an owner inside a cycle is divided by ``N[i, i] = 1 + S[i, i]``.
        Walks are summed up to ``max_length`` links; at the upper end a series still running then
        is reported as 1, the most a stake can be.
        """
        import numpy as np
        import scipy.sparse as sp

        nodes, rows, cols, lo, hi = self._arrays()
        vals = lo if end == "lo" else hi
        n = len(nodes)
        W = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
        W.eliminate_zeros()
        S = W.copy()
        P = W
        running = False
        for _ in range(max_length):
            P = P @ W
            if prune:
                P.data[P.data < prune] = 0
                P.eliminate_zeros()
            if P.nnz == 0:
                break
            S = S + P
        else:
            running = True
        U = sp.diags(1.0 / (1.0 + S.diagonal())) @ S
        if running and end == "hi":  # series not finished (cycles near 100%): those stakes are bounded by 1 only
            U = U.maximum(sp.csr_matrix((np.ones(P.nnz), P.nonzero()), shape=(n, n)))
        U.setdiag(0)
        U.eliminate_zeros()
        U.data = np.minimum(U.data, 1.0)
        return nodes, U.tocsr()


def _closure(starts: set[str], step) -> set[str]:
    """``starts`` and every node reached from them by ``step`` (a successors or predecessors function), in O(edges)."""
    seen, todo = set(starts), deque(starts)
    while todo:
        for n in step(todo.popleft()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def _stated_dates(links: list[Link]) -> dict:
    """The dates sources state the unstated-start claims behind ``links`` as of, and whether some have no date at all."""
    claims = [c for link in links for c in link.claims if c.status == UNSTATED_START]
    return {
        "stated_as_of": sorted({str(c.stated) for c in claims if c.stated}),
        "undated": any(c.stated is None for c in claims),
    }


def _votes_key(row: dict, end: str) -> float:
    """A control row's votes for sorting and the gap: 0 when none are stated (control stated alone)."""
    return row["votes"][end] if row["votes"] else 0.0


def _reach(start: str, links: dict[str, dict[str, Link]]) -> set[str]:
    """Breadth-first closure of ``start`` over ``links`` (``start`` itself excluded)."""
    seen, todo = set(), deque([start])
    while todo:
        for n in links.get(todo.popleft(), {}):
            if n not in seen and n != start:
                seen.add(n)
                todo.append(n)
    return seen


def _cap_by_residual(holders: dict[str, Link]) -> None:
    """No holder can own more than what the others leave: hi <= 100% - (sum of the others' lows).

    Sound because direct holdings of different holders are different shares; it turns an
    unstated stake in a company whose other holders are stated for 97.39% into 0–2.61%.
    """
    total_lo = sum(link.stake.lo for link in holders.values())
    for link in holders.values():
        room = 1.0 - (total_lo - link.stake.lo)
        if link.stake.hi > room + 1e-12:
            new_hi = max(link.stake.lo, room)
            if link.assumed and "user" not in link.assumed:
                link.assumed = (
                    f"not stated: taken as {Stake(link.stake.lo, new_hi).pct()} — the range allowed, capped by "
                    f"the {(total_lo - link.stake.lo) * 100:.4g}% stated for the other holders"
                )
            link.stake = Stake(link.stake.lo, new_hi)


def _dot(pairs) -> float:
    """Σ weight × value, where a zero weight contributes nothing (even against an infinite value)."""
    return sum(w * v for w, v in pairs if w)


def _fixpoint(base: dict[str, float], inner: dict[str, list[tuple[str, float]]], end: str) -> dict[str, float]:
    """Solve v = base + W v inside one strongly connected component (a cross-holding cycle).

    Small components (the usual case) are solved directly, v = (I - W)^-1 base, which is exact
    however close the cycle is to 100%; a singular or non-positive system means the walk series
    diverges (cycles of 100%), which at the upper end is infinite (capped at 1 later). Large
    components iterate from 0: any truncation is still a lower bound.
    """
    order = list(base)
    if len(order) <= DIRECT_SOLVE_LIMIT:
        import numpy as np

        ix = {n: i for i, n in enumerate(order)}
        A = np.eye(len(order))
        for i in order:
            for k, w in inner[i]:
                A[ix[i], ix[k]] -= w
        b = np.array([base[i] for i in order])
        try:
            x = np.linalg.solve(A, b)
            ok = bool(np.all(np.isfinite(x)) and np.all(x >= -1e-12) and np.linalg.cond(A) < 1e12)
        except np.linalg.LinAlgError:
            ok = False
        if ok:
            return {i: max(0.0, float(x[ix[i]])) for i in order}
        if end == "hi":
            return {i: float("inf") for i in order}
    v = dict.fromkeys(base, 0.0)
    converged = False
    for _ in range(MAX_CYCLE_ITERATIONS):
        new = {i: base[i] + _dot((w, v[k]) for k, w in inner[i]) for i in base}
        delta = max(abs(new[i] - v[i]) for i in base)
        v = new
        if delta < TOLERANCE:
            converged = True
            break
        if max(v.values()) > 1e9:
            break
    if end == "hi" and not converged:
        return {i: float("inf") for i in base}
    return v


def _path_counts(sub: nx.DiGraph, anchor: str, *, downward: bool, cap: int = 10**9) -> dict[str, int]:
    """Number of ownership chains between ``anchor`` and every node of ``sub``, all at once, in O(edges).

    ``downward``: chains from ``anchor`` to each node; else from each node to ``anchor``.
    A chain never passes through ``anchor`` on its way, so the links back into it (downward) or
    out of it (upward) are left out first. Counting simple paths through the cross-holding cycles
    that remain is #P-hard, so it is bounded from below, on the DAG of their components: from any
    member of a cycle each of the cycle's exits is reached by at least one chain inside it, so
    every member counts the chains through every exit. That is exact for a pair holding each other
    and never 0 for a node that has a chain. The stakes themselves include every walk around the cycles.
    """
    if anchor not in sub:
        return {}
    # Downward, count from each node up to the anchor: one direction to reason about.
    view = sub.reverse(copy=False) if downward else sub
    try:  # the common case, no cross-holding: one pass in topological order, nothing copied
        order = list(nx.topological_sort(view))
    except nx.NetworkXUnfeasible:
        return _path_counts_cyclic(view, anchor, cap)
    count: dict[str, int] = {}
    for n in reversed(order):  # successors (nearer the anchor) first
        count[n] = 1 if n == anchor else min(cap, sum(count[k] for k in view.successors(n)))
    return count


def _path_counts_cyclic(view: nx.DiGraph, anchor: str, cap: int) -> dict[str, int]:
    """:func:`_path_counts` on a graph with cycles, counting toward ``anchor`` along ``view``'s edges.

    Nothing is copied but the anchor's own cycle: a chain ends at the anchor, so its edges out
    of it are dropped there before that cycle is split into components again.
    """
    comps = list(nx.strongly_connected_components(view))
    mine = next(i for i, c in enumerate(comps) if anchor in c)
    if len(comps[mine]) > 1:
        inner = view.subgraph(comps[mine]).copy()
        inner.remove_edges_from(list(inner.out_edges(anchor)))
        comps[mine : mine + 1] = list(nx.strongly_connected_components(inner))
    where = {n: i for i, c in enumerate(comps) for n in c}
    dag = nx.DiGraph()  # the components, only to order them
    dag.add_nodes_from(range(len(comps)))
    dag.add_edges_from((where[a], where[b]) for a, b in view.edges if a != anchor and where[a] != where[b])
    count: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(dag))):  # components nearer the anchor first
        if anchor in comps[c]:
            count[c] = 1
            continue
        exits = (k for n in comps[c] for k in view.successors(n) if where[k] != c)
        count[c] = min(cap, sum(count[where[k]] for k in exits))
    return {n: count[where[n]] for n in view}
