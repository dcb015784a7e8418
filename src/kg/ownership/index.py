"""The graph read once per graph and date into the links the analytics use: :func:`read_index`.

Every edge whose relation has a ``kg:ownershipRole`` and that holds on the day becomes a
:class:`~kg.ownership.stake.Claim`; the claims about one pair on one track are combined into one
:class:`~kg.ownership.stake.Link` (the user's assumption, else the best-graded stated numbers, else
the unknown range), and unstated stakes are capped by what the other holders leave.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from kg.errors import NotFound
from kg.graph.dating import ASSERTED, PRESENT, UNSTATED_START, Dating
from kg.ownership.stake import Assumption, Claim, Link, Stake, interval
from kg.schema.specs import Ontology
from kg.schema.vocab import AGGREGATE, CONCERT, CONTROL_ROLE, ECONOMIC, LINK, VOTING


@dataclass
class Index:
    """The links of one graph on one day, by track, and what the analytics need about its entities."""

    G: nx.MultiDiGraph
    day: date
    dating: Dating
    sources: dict
    unknown: Stake
    assume: dict[tuple[str, str], Stake]
    econ_out: dict[str, dict[str, Link]] = field(default_factory=lambda: defaultdict(dict))
    econ_in: dict[str, dict[str, Link]] = field(default_factory=lambda: defaultdict(dict))
    vote_in: dict[str, dict[str, Link]] = field(default_factory=lambda: defaultdict(dict))
    control_out: dict[str, dict[str, list[Claim]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    member_claims: dict[tuple[str, str], list[Claim]] = field(default_factory=lambda: defaultdict(list))
    aggregates: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    links_out: dict[str, dict[str, list[Claim]]] = field(  # interests of unknown kind: paths on track any
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    unstated_pairs: set[tuple[str, str]] = field(default_factory=set)  # economic links no source asserts on the day
    _into: dict[str, set[str]] | None = None
    _vote_out: dict[str, list[tuple[str, Link]]] | None = None
    coo: tuple | None = None  # the economic links as index arrays (kg.ownership.lookthrough), built once

    def check(self, node: str) -> str:
        if node not in self.G:
            raise NotFound(f"no entity has id '{node}'")
        return node

    def label(self, node: str) -> str:
        return self.G.nodes[node].get("label", node) if node in self.G else node

    def type(self, node: str) -> str:
        return self.G.nodes[node].get("type", "")

    def control_into(self) -> dict[str, set[str]]:
        """entity → who reaches it by control, votes or concert membership; built once per date."""
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

    def votes_by_holder(self) -> dict[str, list[tuple[str, Link]]]:
        """holder → (held, voting link), sorted; built once per date."""
        if self._vote_out is None:
            out: dict[str, list[tuple[str, Link]]] = defaultdict(list)
            for o in sorted(self.vote_in):
                for h, link in sorted(self.vote_in[o].items()):
                    out[h].append((o, link))
            self._vote_out = dict(out)
        return self._vote_out

    def unstated_member(self, member: str, party: str) -> bool:
        """The membership of ``member`` in ``party`` is only held as of a later date (start not stated)."""
        return all(c.status == UNSTATED_START for c in self.member_claims.get((member, party), ()))


def read_index(
    G: nx.MultiDiGraph,
    onto: Ontology,
    day: date,
    *,
    unknown: Stake,
    assume: dict[tuple[str, str], Stake],
    sources: dict,
) -> Index:
    """Read ``G`` on ``day`` into an :class:`Index`: one pass over the edges, then one per pair."""
    for holder, held in assume:
        for n in (holder, held):
            if n not in G:
                raise NotFound(f"--assume names '{n}', which is not an entity id")
    ix = Index(G, day, Dating(G, sources), sources, unknown, dict(assume))
    roles = {name: spec.ownership_roles for name, spec in onto.relations.items() if spec.ownership_roles}
    econ: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    vote: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for s, o, k, d in G.edges(keys=True, data=True):
        r = roles.get(d.get("predicate"))
        if not r:
            continue
        status = ix.dating.status(s, o, d, day)
        if status not in PRESENT:
            continue
        share = interval(d)
        votes = interval(d, "voting_share") or share
        stated = ix.dating.stated_as_of(d) if status == UNSTATED_START else None
        claim = Claim(k, d["predicate"], s, o, share, votes, d, status, stated)
        if ECONOMIC in r:
            econ[(s, o)].append(claim)
        if VOTING in r:
            vote[(s, o)].append(claim)
        if CONTROL_ROLE in r:
            ix.control_out[s][o].append(claim)
        if CONCERT in r:
            ix.members[o].add(s)
            ix.member_claims[(s, o)].append(claim)
        if AGGREGATE in r:
            ix.aggregates[o].append(claim)
        if LINK in r:
            ix.links_out[s][o].append(claim)
    for (s, o), claims in econ.items():  # G is built in a stable order, so this is too
        link = _combine(ix, s, o, claims, "stake")
        ix.econ_out[s][o] = link
        ix.econ_in[o][s] = link
        if link.status == UNSTATED_START:
            ix.unstated_pairs.add((s, o))
    for holders in ix.econ_in.values():
        _cap_by_residual(holders)
    for (s, o), claims in vote.items():
        ix.vote_in[o][s] = _combine(ix, s, o, claims, "votes")
    return ix


def _combine(ix: Index, s: str, o: str, claims: list[Claim], attr: str) -> Link:
    """One stake per pair: the user's assumption, else the best-graded stated numbers (their hull), else unknown.

    Claims a source asserts on the day come first: claims held only as of a later date (start
    not stated) count when nothing else is said about the pair.
    """
    if any(c.status == UNSTATED_START for c in claims) and any(c.status == ASSERTED for c in claims):
        claims = [c for c in claims if c.status == ASSERTED]
    if len(claims) == 1 and (s, o) not in ix.assume:  # the common case, kept cheap
        value = getattr(claims[0], attr)
        if value is not None:
            return Link(s, o, value, claims)
    claims = sorted(claims, key=lambda c: (-c.rank, c.statement))
    if (s, o) in ix.assume:
        return Link(s, o, ix.assume[(s, o)], claims, Assumption.USER)
    numeric = [c for c in claims if getattr(c, attr) is not None]
    if not numeric:
        return Link(s, o, ix.unknown, claims, Assumption.UNSTATED)
    best = max(c.rank for c in numeric)
    chosen = [getattr(c, attr) for c in numeric if c.rank == best]
    hull = Stake(min(x.lo for x in chosen), max(x.hi for x in chosen))
    distinct = {(round(x.lo, 9), round(x.hi, 9)) for x in (getattr(c, attr) for c in numeric)}
    return Link(s, o, hull, claims, conflict=len(distinct) > 1)


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
            if link.assumption in (Assumption.UNSTATED, Assumption.UNSTATED_CAPPED):
                link.assumption = Assumption.UNSTATED_CAPPED
                link.others = total_lo - link.stake.lo
            link.stake = Stake(link.stake.lo, new_hi)
