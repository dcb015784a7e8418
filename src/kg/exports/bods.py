"""The built graph written as BODS 0.4 statements (``graph.bods.json``): for Open Ownership's tools.

What goes out: every kg relation BODS has an interest type for (:func:`kg.schema.bods.export_interest`:
the importer's table read backwards, plus kg's own ownership and control relations written as the
nearest BODS type with ``details`` "kg:<relation>; <evidence>"), and the parties of those relations — the
Beneficial Ownership Data Standard describes ownership and control, so products, rounds and people's
education are not its subject. A relation with no BODS type (``investedIn``, ``founderOf`` …) is left out.

- Entities: one entity or person statement per party (recordId = the original BODS recordId when the
  entity came from a BODS import, else the kg id, also given as identifier with schemeName ``kg``); an
  ``UnspecifiedParty`` is written in place as an Unspecified Record ``{reason, description}``.
- Relationships: one statement per (interested party, subject, source, as-of date) with the kg
  statements between them as ``interests`` (exact share or band with the exclusive bounds; dates only
  when they are full dates — a partial one is named in ``details``, never padded).
- kg's look-through stakes (the derived ``lookThroughStakeIn``) as ``directOrIndirect: indirect``
  shareholding interests whose ``componentRecords`` name the direct relationships the computation used
  and whose ``details`` say kg computed them (method and date): kg's computation, not a source's claim.
- ``statementId`` = sha256 of the statement's canonical JSON; ``publicationDate`` = the build's analysis
  date (fixed by the data); order: entities and persons, then direct relationships, then indirect ones;
  the same data gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from datetime import date
from typing import BinaryIO

from rdflib import RDF

from kg.graph.build import local_id
from kg.graph.knowledge import KnowledgeGraph
from kg.ownership.derived import analysis_date
from kg.schema import bods as codes
from kg.schema.ontology import KG, PREFIXES, STATEMENT_NS

DETAILS_CHARS = 1000
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KG_SCHEME = "kg"
ORG_ID = re.compile(r"^[A-Z]{2}-[A-Z0-9]+$")  # the shape of an org-id.guide list code
PUBLISHER = {"name": "kg"}


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(value: object) -> str:
    """The canonical JSON kg hashes and writes: sorted keys, no spaces, UTF-8 text as is."""
    return _CANONICAL.encode(value)


class Statement(dict):
    """A statement and its canonical text, made once: the text is hashed for the id, then written."""

    __slots__ = ("text",)
    text: str


def _number(value: object) -> int | float:
    x = float(str(value))
    return int(x) if x.is_integer() else x


def _clip(text: str) -> str:
    return text if len(text) <= DETAILS_CHARS else text[: DETAILS_CHARS - 1] + "…"


def _full(day: object) -> str | None:
    return str(day) if day and FULL_DATE.match(str(day)) else None


class BodsWriter:
    """One export: record ids, the analysis date and the statements in order."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg, self.onto = kg, kg.ontology
        stated = (kg.report.get("derived") or {}).get("as_of")  # the build's own analysis date, when it made one
        day = date.fromisoformat(stated) if stated else analysis_date(kg.nx, kg.ontology, kg.sources)
        self.day = day.isoformat() if day else "1970-01-01"
        self.pub = {"publicationDate": self.day, "bodsVersion": "0.4", "publisher": PUBLISHER}
        self.edges = [
            (s, o, d, code)
            for s, o, d in sorted(kg.nx.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("statement", "")))
            if (code := codes.export_interest(d.get("predicate", ""), d.get("role"))) is not None
        ]
        self.parties = sorted({n for s, o, _d, _c in self.edges for n in (s, o)})
        self.record = {n: self._record_id(n) for n in self.parties}

    # -- parties -------------------------------------------------------------------------------------
    def _node(self, n: str) -> dict:
        return self.kg.nx.nodes[n]

    def _unspecified(self, n: str) -> bool:
        return self._node(n).get("type") == codes.UNSPECIFIED_CLASS

    def _record_id(self, n: str) -> str:
        for ident in self._node(n).get("identifiers") or ():
            scheme, _, rid = str(ident).partition(":")
            if scheme == "bods-record" and rid:
                return rid
        return n

    def _end(self, n: str) -> str | dict:
        if not self._unspecified(n):
            return self.record[n]
        d = self._node(n)
        reason = d.get("unspecified_reason")
        out: dict = {"reason": reason if reason in codes.UNSPECIFIED_REASONS else "unknown"}
        if d.get("description"):
            out["description"] = str(d["description"])
        return out

    def _identifiers(self, n: str) -> list[dict]:
        """kg's id and the entity's identifiers: ``scheme`` for an org-id.guide code (XI-LEI, GB-COH …), else
        ``schemeName``, as the standard asks of schemes outside its list."""
        out = [{"id": n, "schemeName": KG_SCHEME}]
        for ident in self._node(n).get("identifiers") or ():
            scheme, _, value = str(ident).partition(":")
            if scheme != "bods-record" and value:
                out.append({"id": value, "scheme" if ORG_ID.match(scheme) else "schemeName": scheme})
        return out

    def party(self, n: str) -> dict | None:
        d = self._node(n)
        cls = d.get("type") or ""
        if cls == codes.UNSPECIFIED_CLASS:
            return None
        alternates = [a for a in (d.get("name_zh"), *(d.get("aliases") or ())) if a]
        name = d.get("name_en") or d.get("label") or n
        details: dict
        if cls == codes.PERSON_CLASS_EXPORT:
            names = [{"type": "legal", "fullName": name}, *({"type": "alternative", "fullName": a} for a in alternates)]
            rtype, details = "person", {"isComponent": False, "personType": "knownPerson", "names": names}
        else:
            etype = codes.CLASS_ENTITY_TYPE.get(cls, codes.DEFAULT_ENTITY_TYPE)
            details = {"isComponent": False, "entityType": {"type": etype, "details": codes.KG_MARK + cls}}
            details["name"] = name
            if alternates:
                details["alternateNames"] = alternates
            if d.get("country"):
                details["jurisdiction"] = {"name": str(d["country"]), "code": str(d["country"])}
            if _full(d.get("founded")):
                details["foundingDate"] = str(d["founded"])
            rtype = "entity"
        details["identifiers"] = self._identifiers(n)
        return self._statement(self.record[n], rtype, self.record[n], self.day, None, details)

    # -- relationships -------------------------------------------------------------------------------
    def _source(self, sid: str | None) -> dict | None:
        src = self.kg.sources.get(sid or "")
        if not src:
            return None
        out = {"description": str(src.get("title") or sid)}
        if src.get("url"):
            out["url"] = str(src["url"])
        if _full(src.get("published")):
            out["retrievedAt"] = str(src["published"])
        return out

    def _interest(self, d: dict, code: str) -> dict:
        pred = d["predicate"]
        stated = d.get("as_of") or (self.kg.sources.get(d.get("source") or "") or {}).get("published")
        notes = [codes.KG_MARK + pred]
        doi = (
            "indirect"
            if pred == codes.INDIRECT_TOTAL
            else "unknown"
            if pred == codes.UNSPECIFIED_INTEREST
            else "direct"
        )
        it: dict = {"type": code, "directOrIndirect": doi} if code else {"directOrIndirect": doi}
        share = {}
        if d.get("share") is not None:
            share["exact"] = _number(d["share"])
        else:
            for col, inc, exc in (
                ("share_min", "minimum", "exclusiveMinimum"),
                ("share_max", "maximum", "exclusiveMaximum"),
            ):
                if d.get(col) is not None:
                    share[exc if d.get(col + "_exclusive") else inc] = _number(d[col])
        if share:
            it["share"] = share
        for col, key in (("start", "startDate"), ("end", "endDate")):
            if _full(d.get(col)):
                it[key] = str(d[col])
            elif d.get(col):
                notes.append(f"{col} {d[col]}")  # a partial date: BODS dates are full dates
        if not _full(stated):  # the statementDate stands in for it; the importer reads this back
            notes.append(f"{codes.AS_OF_NOTE} {stated}" if stated else codes.AS_OF_UNSTATED)
        if d.get("evidence"):
            notes.append(str(d["evidence"]))
        it["details"] = _clip("; ".join(notes))
        return it

    def relationships(self) -> tuple[list[dict], dict[str, str]]:
        """The direct relationship statements, and each kg statement id's relationship recordId."""
        groups: dict[tuple, list] = defaultdict(list)
        for s, o, d, code in self.edges:
            if s == o or (self._unspecified(s) and self._unspecified(o)):
                continue
            key = (s, o, d.get("source") or "", str(d.get("as_of") or ""), str(d.get("source_ref") or ""))
            groups[key].append((d, code))
        out, of_statement, used = [], {}, set()
        for key in sorted(groups):
            s, o, sid, as_of, ref = key
            rid = ref or f"{self.record[s]}>{self.record[o]}"
            base, i = rid, 1
            while rid in used:
                i += 1
                rid = f"{base}#{i}"
            used.add(rid)
            src = self.kg.sources.get(sid) or {}
            when = _full(as_of) or _full(src.get("published")) or self.day
            details = {
                "isComponent": False,
                "subject": self._end(o),
                "interestedParty": self._end(s),
                "interests": [self._interest(d, code) for d, code in groups[key]],
            }
            subject = self._end(o)
            declared = subject if isinstance(subject, str) else str(self._end(s))
            out.append(self._statement(rid, "relationship", declared, when, self._source(sid), details))
            for d, _code in groups[key]:
                if d.get("statement"):
                    of_statement[str(d["statement"])] = rid
        return out, of_statement

    def _ref(self, n: str) -> str:
        return self.record.get(n) or self._record_id(n)

    # -- statements ----------------------------------------------------------------------------------
    def _statement(self, rid: str, rtype: str, declared: str, when: str, source: dict | None, details: dict) -> dict:
        st: dict = {
            "declarationSubject": declared,
            "publicationDetails": self.pub,
            "recordDetails": details,
            "recordId": rid,
            "recordStatus": "new",
            "recordType": rtype,
            "statementDate": when,
        }
        if source:
            st["source"] = source
        body = canonical(st)
        sid = hashlib.sha256(body.encode("utf-8")).hexdigest()
        out = Statement(st, statementId=sid)
        out.text = f'{body[:-1]},"statementId":"{sid}"}}'  # the last key in sorted order: canonical(out)
        return out

    def statements(self):
        for n in self.parties:
            if (st := self.party(n)) is not None:
                yield st
        direct, of_statement = self.relationships()
        yield from direct
        yield from look_through(self, of_statement)


def look_through(self: BodsWriter, of_statement: dict[str, str]) -> list[dict]:
    """kg's derived look-through stakes as indirect shareholding relationships.

    Read from the graph grouped by subject (one pass, shared with the other writers), not node by node through
    the store: one lookup per property of every derived statement would cost a query each."""
    out = []
    rdf_type, derived = str(RDF.type), str(KG.DerivedStatement)
    pred, subj, obj = str(RDF.predicate), str(RDF.subject), str(RDF.object)
    look = str(KG[codes.LOOK_THROUGH])
    share_p, lo_p, hi_p, as_of_p, method_p = (str(KG[n]) for n in ("share", "shareMin", "shareMax", "asOf", "method"))
    derived_from = PREFIXES["prov"] + "wasDerivedFrom"

    def one(preds: dict, prop: str) -> str | None:
        found = preds.get(prop)
        return found[0][1] if found else None

    nodes = [
        (node, preds)
        for node, preds in self.kg.subjects.items()
        if one(preds, pred) == look and any(t[1] == derived for t in preds.get(rdf_type, ()))
    ]
    for _node, preds in sorted(nodes, key=lambda n: n[0][1]):
        holder, target = local_id(one(preds, subj)), local_id(one(preds, obj))
        if holder not in self.kg.nx or target not in self.kg.nx or holder == target:
            continue
        lo, hi = one(preds, lo_p), one(preds, hi_p)
        share = (
            {"exact": _number(lo)}
            if one(preds, share_p) is not None
            else {k: _number(v) for k, v in (("minimum", lo), ("maximum", hi)) if v is not None}
        )
        day, method = str(one(preds, as_of_p) or self.day), str(one(preds, method_p) or "")
        comps = sorted(
            {
                of_statement[st]
                for u in preds.get(derived_from, ())
                if (st := u[1].removeprefix(str(STATEMENT_NS))) in of_statement
            }
        )
        it: dict = {"type": codes.INDIRECT_CODE, "directOrIndirect": "indirect"}
        if share:
            it["share"] = share
        it["details"] = _clip(
            f"{codes.KG_MARK}{codes.LOOK_THROUGH}; computed by kg as of {day}, not stated by any source: {method}"
        )
        details: dict = {
            "isComponent": False,
            "subject": self._end(target),
            "interestedParty": self._end(holder),
            "interests": [it],
        }
        if comps:
            details["componentRecords"] = comps
        rid = f"{self._ref(holder)}>{self._ref(target)}>look-through>{day}"
        declared = self._ref(target)
        out.append(self._statement(rid, "relationship", declared, day, None, details))
    return out


def write_bods(kg: KnowledgeGraph, fh: BinaryIO) -> None:
    """The graph as a JSON array of BODS 0.4 statements, one statement a line."""
    fh.write(b"[")
    for i, st in enumerate(BodsWriter(kg).statements()):
        fh.write(((",\n" if i else "\n") + (st.text if isinstance(st, Statement) else canonical(st))).encode("utf-8"))
    fh.write(b"\n]\n")
