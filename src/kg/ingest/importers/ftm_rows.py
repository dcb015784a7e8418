"""FtM entities (checked proxies) as kg rows: parties as entities, links as relations, publishers as sources.

- Parties (Person, Company, Organization, PublicBody, LegalEntity) → entities of the class
  :data:`kg.schema.ftm_codes.PARTY_CLASS` gives (or the kg class a kg export named in ``summary``). Names are
  copied verbatim: the first name in CJK script is ``name_zh``, the first other one ``name_en``, the rest,
  aliases, previous and weak aliases are ``aliases``. ``country`` (else ``jurisdiction``, ``mainCountry``) is
  upper-cased; identifiers: ``leiCode`` → ``XI-LEI:``, ``uscCode`` → ``CN-USCC:``, ``registrationNumber`` →
  ``registration-<jurisdiction>:``, ``wikidataId`` → ``wikidata:``, and the FtM id itself → ``ftm:``.
- Links → relations from the edge's source to its target (the model's own edge properties): one row per
  (source end, target end, percentage, role), so two stated values are two rows. ``percentage`` "25", "25%",
  "25-50", ">25 <=50" → share or share range (with its exclusive bounds); anything else stays in ``note``
  with a warning. ``startDate``/``endDate`` → start/end, ``date`` → as_of, ``sharesCount`` → shares,
  ``sharesType`` → share_class, ``description`` → note. ``source_ref`` is the FtM id, ``evidence`` the link's
  compact FtM properties. Family links: kg has no kinship relation, so each is a warning.
- Sources: one per (file, publisher, sourceUrl), kind dataset.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.ingest.importers.common import ImportSink, Located, mint_id
from kg.ingest.importers.ftm_ids import MINTED, is_escaped, unescape
from kg.schema import ftm_codes as codes
from kg.schema.specs import Ontology

EVIDENCE = 1000
MAX_ROWS = 100  # rows one link may give (ends x percentages x roles)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
NUMBER = r"(\d+(?:\.\d+)?)\s*%?"
EXACT = re.compile(rf"^\s*{NUMBER}\s*$")
SPAN = re.compile(rf"^\s*{NUMBER}\s*[-–]\s*{NUMBER}\s*$")
BOUND = re.compile(rf"^\s*([<>]=?)\s*{NUMBER}\s*$")
TOKEN = re.compile(r"^(voting_share)=(\d+(?:\.\d+)?)$")  # what kg's export adds to summary after the mark
REASON = re.compile(r";\s*unspecified_reason=([A-Za-z]+)")
IDENTIFIERS = (("leiCode", "XI-LEI"), ("uscCode", "CN-USCC"), ("wikidataId", "wikidata"))


def kg_id(ftm_id: str) -> str:
    """The kg id of an FtM id: the kg id kg's export escaped, else one minted from it (injective)."""
    return unescape(ftm_id) if is_escaped(ftm_id) else mint_id(MINTED, ftm_id)


def compact(proxy: Any) -> str:
    """The link's FtM schema and property values as compact JSON, at most :data:`EVIDENCE` characters."""
    text = json.dumps(
        {"schema": proxy.schema.name, "properties": dict(proxy.properties)},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return text if len(text) <= EVIDENCE else text[: EVIDENCE - 1] + "…"


def percentage(text: str) -> dict | None:
    """A percentage text as share columns (None when kg cannot read it).

    >>> percentage("25%"), percentage("25-50")
    ({'share': Decimal('25')}, {'share_min': Decimal('25'), 'share_max': Decimal('50')})
    >>> percentage(">25 <=50")
    {'share_min': Decimal('25'), 'share_min_exclusive': True, 'share_max': Decimal('50')}
    """
    try:
        if m := EXACT.match(text):
            return {"share": Decimal(m[1])}
        if m := SPAN.match(text):
            return {"share_min": Decimal(m[1]), "share_max": Decimal(m[2])}
        out: dict = {}
        for part in text.split():
            m = BOUND.match(part)
            if m is None:
                return None
            side = "share_min" if m[1].startswith(">") else "share_max"
            if side in out:
                return None
            out[side] = Decimal(m[2])
            if "=" not in m[1]:
                out[side + "_exclusive"] = True
        return out or None
    except InvalidOperation:
        return None


class FtmRows:
    """Writes checked FtM proxies through the sink."""

    def __init__(self, sink: ImportSink, onto: Ontology, model: Any):
        self.sink, self.onto, self.model = sink, onto, model

    def entity(self, proxy: Any, path: str, where: Located) -> None:
        schema = proxy.schema
        if schema.name in codes.NO_RELATION:
            self.sink.warn(where, f"{schema.name} link {proxy.id} skipped: kg has no relation for it")
        elif schema.name in codes.LINK_RELATION:
            self.link(proxy, path, where)
        elif any(schema.is_a(name) for name, _ in codes.PARTY_CLASS):
            self.party(proxy, path, where)
        else:
            self.sink.warn(where, f"{schema.name} entity {proxy.id} skipped: kg imports parties and their links")

    def source(self, proxy: Any, path: str) -> str:
        publisher, url = proxy.first("publisher") or "", proxy.first("sourceUrl") or ""
        sid = mint_id("ftm-source", f"{Path(path).name}|{publisher}|{url}")
        title = publisher or url or f"FollowTheMoney entities ({Path(path).name})"
        return self.sink.source(id=sid, title=title, publisher=publisher or None, url=url or None, kind="dataset")

    def _class(self, proxy: Any) -> str:
        name = codes.marked(proxy.first("summary") or "", self.onto)
        if name in self.onto.classes:
            return name
        return next(kg for ftm, kg in codes.PARTY_CLASS if proxy.schema.is_a(ftm))

    def party(self, proxy: Any, path: str, where: Located) -> None:
        names = proxy.get("name")
        zh = next((n for n in names if CJK.search(n)), None)
        en = next((n for n in names if n != zh), None)
        aliases = [n for n in names if n not in (zh, en)]
        for prop in ("alias", "previousName", "weakAlias"):
            aliases += [a for a in proxy.get(prop) if a not in aliases and a not in (zh, en)]
        if not (zh or en):
            en = proxy.id
            self.sink.warn(where, f"{proxy.schema.name} {proxy.id} has no name: its FtM id is written as the name")
        country = next((c for p in ("country", "jurisdiction", "mainCountry") for c in proxy.get(p)), None)
        if country and len(country) != 2:
            self.sink.warn(where, f"country {country!r} is no ISO 3166 two-letter code: left out")
            country = None
        idents = [f"{scheme}:{v}" for prop, scheme in IDENTIFIERS for v in proxy.get(prop)]
        jur = (proxy.first("jurisdiction") or country or "xx").lower()
        idents += [f"registration-{jur}:{v}" for v in proxy.get("registrationNumber")]
        if not is_escaped(proxy.id):
            idents.append(f"ftm:{proxy.id}")
        summary = proxy.first("summary") or ""
        reason = REASON.search(summary) if summary.startswith(codes.KG_MARK) else None
        self.sink.entity(
            where,
            id=kg_id(proxy.id),
            type=self._class(proxy),
            name_en=en,
            name_zh=zh,
            aliases=tuple(aliases),
            country=country.upper() if country else None,
            founded=proxy.first("incorporationDate"),
            identifiers=tuple(idents),
            description=proxy.first("description"),
            unspecified_reason=reason[1] if reason else None,
            source=self.source(proxy, path),
            note=None if summary.startswith(codes.KG_MARK) else summary or None,
        )

    def _relation(self, proxy: Any) -> tuple[str, dict]:
        summary = proxy.first("summary") or ""
        name = codes.marked(summary, self.onto)
        extra: dict = {}
        if name in self.onto.relations:
            for token in summary.split(";")[1:]:
                if m := TOKEN.match(token.strip()):
                    extra[m[1]] = Decimal(m[2])
            return name, extra
        return codes.LINK_RELATION[proxy.schema.name], extra

    def link(self, proxy: Any, path: str, where: Located) -> None:
        schema = proxy.schema
        subjects, objects = proxy.get(schema.source_prop), proxy.get(schema.target_prop)
        if not subjects or not objects:
            self.sink.warn(
                where,
                f"{schema.name} {proxy.id} names no {schema.source_prop.name} or no {schema.target_prop.name}: skipped",
            )
            return
        predicate, extra = self._relation(proxy)
        shares: list[dict] = []
        for text in proxy.get("percentage") if "percentage" in schema.properties else ():
            parsed = percentage(text)
            if parsed is None:
                self.sink.warn(where, f"percentage {text[:40]!r} is not a number or range kg reads: kept in note")
            shares.append(parsed or {"note": f"percentage: {text}"})
        roles = [r for p in ("role", "controlType", "relationship") if p in schema.properties for r in proxy.get(p)]
        base = {
            "predicate": predicate,
            "source": self.source(proxy, path),
            "start": proxy.first("startDate"),
            "end": proxy.first("endDate"),
            "as_of": proxy.first("date"),
            "shares": proxy.first("sharesCount") if "sharesCount" in schema.properties else None,
            "share_class": proxy.first("sharesType") if "sharesType" in schema.properties else None,
            "basis": "stated",
            "evidence": compact(proxy),
            "source_ref": proxy.id,
            **extra,
        }
        description = proxy.first("description")
        rows = []
        for s in subjects:
            for o in objects:
                for share in shares or [{}]:
                    for role in roles or [None]:
                        notes = [n for n in (share.get("note"), description) if n]
                        row = {**base, **share, "subject": kg_id(s), "object": kg_id(o), "role": role}
                        row["note"] = "; ".join(notes) or None
                        rows.append(row)
        for prop in ("startDate", "endDate", "date"):
            if len(proxy.get(prop)) > 1:
                self.sink.warn(where, f"{prop} has {len(proxy.get(prop))} values: the first is kept")
        if len(rows) > MAX_ROWS:
            self.sink.problem(where, f"{schema.name} {proxy.id} gives {len(rows)} rows", f"at most {MAX_ROWS} per link")
            return
        self.sink.relations(proxy.id, rows, where)
