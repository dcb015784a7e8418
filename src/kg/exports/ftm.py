"""The built graph as FollowTheMoney entities, JSON Lines (``graph.ftm.json``): for OpenSanctions' and Aleph's tools.

Opt-in (``kg build --outputs ftm``): it needs the optional ``followthemoney`` package (``kg[ftm]``), whose
model builds and checks every entity written. What goes out:

- Parties: every agent (person, company, organisation, fund, government body, unspecified party …) as the
  FtM schema :data:`kg.schema.ftm_codes.CLASS_SCHEMA` gives (other agents as Organization), with names (English
  and Chinese), aliases, country, founding date, description, LEI / USCC / Wikidata / registration identifiers,
  and ``summary`` "kg:<Class>" so that ``kg import ftm`` restores the class. Products and events are not
  parties and are left out, with the relations that name them.
- Links: every ownership and control relation (and the rest kg's analytics read) as Ownership (when it may
  carry a share: ``percentage`` is the exact share or the range, e.g. ">25 <=50") or Control, people's roles
  as Directorship, Employment, Membership; ``summary`` "kg:<relation>"; dates, role, shares, evidence
  (``description``), the source's publisher and URL, and the date the claim is stated as of (``date``).
  Relations FtM has no schema for (investment rounds, products, identity) are left out.
- kg's look-through stakes and ultimate controllers are left out: FtM has no notion of a computed stake, and an
  Ownership says a source stated it, so a tool (or ``kg import ftm``) would add it to the direct stakes it
  was computed from and count the chain twice. ``graph.bods.json`` carries them, marked as kg's computation.

Ids: kg ids escaped reversibly (:func:`kg.ingest.importers.ftm_ids.escape`), so FtM keeps every reference;
a link's id is "S" + kg's statement id (no escaped kg id starts with an upper-case letter). Same graph,
same bytes: parties sorted by id, links by (subject, object, statement).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, BinaryIO

from kg.graph.knowledge import KnowledgeGraph
from kg.ingest.importers.ftm_ids import escape, load_model
from kg.schema import ftm_codes as codes

IDENT_PROPS = {"XI-LEI": "leiCode", "CN-USCC": "uscCode", "wikidata": "wikidataId"}
REGISTRATION = "registration-"


def _number(value: object) -> str:
    text = format(float(str(value)), "f").rstrip("0").rstrip(".")
    return text or "0"


def percentage(d: dict) -> str | None:
    """kg's share columns as FtM's ``percentage`` text (what ``kg import ftm`` reads back).

    >>> percentage({"share": 0.48}), percentage({"share_min": 25, "share_max": 50, "share_min_exclusive": True})
    ('0.48', '>25 <=50')
    """
    if d.get("share") is not None:
        return _number(d["share"])
    parts = []
    for col, sign in (("share_min", ">"), ("share_max", "<")):
        if d.get(col) is not None:
            parts.append(sign + ("" if d.get(col + "_exclusive") else "=") + _number(d[col]))
    return " ".join(parts) or None


class FtmWriter:
    def __init__(self, kg: KnowledgeGraph):
        self.kg, self.onto, self.model = kg, kg.ontology, load_model()
        self.schema_of = {n: s for n, d in kg.nx.nodes(data=True) if (s := self._party_schema(d.get("type") or ""))}

    def _party_schema(self, cls: str) -> str | None:
        if cls in codes.CLASS_SCHEMA:
            return codes.CLASS_SCHEMA[cls]
        return codes.AGENT_SCHEMA if cls in self.onto.classes and self.onto.is_subclass(cls, codes.AGENT) else None

    def _add(self, proxy: Any, prop: str, value: object) -> None:
        """Add a value the model accepts (a value FtM's type refuses, such as a bad LEI check digit, is left out)."""
        if value is None or value == "":
            return
        clean = proxy.schema.properties[prop].type.clean(str(value), proxy=proxy)
        if clean is not None:
            proxy.add(prop, clean, cleaned=True)

    def party(self, n: str) -> Any:
        d = self.kg.nx.nodes[n]
        proxy = self.model.make_entity(self.schema_of[n])
        proxy.id = escape(n)
        for name in (d.get("name_en"), d.get("name_zh")):
            self._add(proxy, "name", name)
        if not proxy.get("name"):
            self._add(proxy, "name", d.get("label") or n)
        for alias in (*(d.get("aliases") or ()), d.get("legal_name")):
            self._add(proxy, "alias", alias)
        self._add(proxy, "country", str(d.get("country") or "").lower())
        self._add(proxy, "incorporationDate", d.get("founded"))
        self._add(proxy, "description", d.get("description"))
        summary = codes.KG_MARK + str(d.get("type"))
        if d.get("unspecified_reason"):
            summary += f"; unspecified_reason={d['unspecified_reason']}"
        self._add(proxy, "summary", summary)
        for ident in d.get("identifiers") or ():
            scheme, _, value = str(ident).partition(":")
            if scheme in IDENT_PROPS:
                self._add(proxy, IDENT_PROPS[scheme], value)
            elif scheme.startswith(REGISTRATION):
                self._add(proxy, "registrationNumber", value)
        self._source(proxy, d.get("source"))
        return proxy

    def _source(self, proxy: Any, sid: object) -> dict:
        src = self.kg.sources.get(str(sid or "")) or {}
        self._add(proxy, "publisher", src.get("publisher"))
        self._add(proxy, "sourceUrl", src.get("url"))
        return src

    def link(self, s: str, o: str, d: dict, schema: str) -> Any:
        proxy = self.model.make_entity(schema)
        sch = proxy.schema
        ref = str(
            d.get("statement")
            or hashlib.sha1(json.dumps([s, o, sorted(map(str, d.items()))]).encode()).hexdigest()[:16]
        )
        proxy.id = "S" + escape(ref)
        proxy.add(sch.source_prop.name, escape(s), cleaned=True)
        proxy.add(sch.target_prop.name, escape(o), cleaned=True)
        summary = codes.KG_MARK + d["predicate"]
        if d.get("voting_share") is not None:
            summary += f"; voting_share={_number(d['voting_share'])}"
        self._add(proxy, "summary", summary)
        if "percentage" in sch.properties:
            self._add(proxy, "percentage", percentage(d))
            self._add(proxy, "sharesCount", d.get("shares"))
            self._add(proxy, "sharesType", d.get("share_class"))
        self._add(proxy, "role", d.get("role"))
        self._add(proxy, "startDate", d.get("start"))
        self._add(proxy, "endDate", d.get("end"))
        self._add(proxy, "description", d.get("evidence"))
        src = self._source(proxy, d.get("source"))
        self._add(proxy, "date", d.get("as_of") or src.get("published"))
        return proxy

    def entities(self):
        for n in sorted(self.schema_of):
            yield self.party(n)
        edges = sorted(self.kg.nx.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("statement", ""))))
        for s, o, d in edges:
            schema = codes.export_schema(d.get("predicate", ""), self.onto)
            if schema and s in self.schema_of and o in self.schema_of and s != o:
                yield self.link(s, o, d, schema)


def write_ftm(kg: KnowledgeGraph, fh: BinaryIO) -> None:
    """The graph as FtM entities, one JSON object a line (sorted keys, no spaces)."""
    for proxy in FtmWriter(kg).entities():
        line = json.dumps(proxy.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        fh.write(line.encode("utf-8") + b"\n")
