"""GLEIF records (any form) turned into kg rows through the import sink, and the checks over the whole import.

Entities: one per LEI record (``mint_id("lei", LEI, casefold=True)``), names verbatim, the legal
jurisdiction as ``country`` when it is (or starts with) an ISO alpha-2 code, GLEIF's codes verbatim in
``note``. Relations: RR-CDF types through ``kg.schema.gleif_codes`` (the parent is the subject of
``consolidates``, ``ultimatelyConsolidates`` and ``managesFund``); the RELATIONSHIP_PERIOD gives
``start``/``end`` (one row per period when a record gives several), the end of the single
ACCOUNTING_PERIOD gives ``as_of``; every period, qualifier and quantifier is kept verbatim in
``evidence``; a PERCENTAGE quantifier is the ``share`` where the relation is stake-bearing. Reporting
exceptions: one ``UnspecifiedParty`` per (child, category, reason), never dropped.

At the end (:meth:`GleifRows.finish`): every LEI a relation or exception names without an LEI record
in the input becomes a flagged entity and a warning (the chain is cut off there), and for every
reported ultimate parent the chain of direct consolidation is followed to its top and compared.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.ingest.cells import check_value
from kg.ingest.importers.common import Located, mint_id
from kg.ingest.importers.gleif_records import ExceptionRecord, Header, LeiRecord, RelRecord, Where, lei_problem
from kg.schema.gleif_codes import (
    DEFAULT_CLASS,
    DIRECT,
    ENTITY_CLASS,
    EXCEPTION_CATEGORIES,
    NO_PARENT_REASONS,
    RELATIONSHIP_TYPES,
    ULTIMATE,
    UNSPECIFIED_CLASS,
    VALIDATION_CONFIDENCE,
)
from kg.schema.specs import Ontology
from kg.schema.vocab import DEFAULT_BASIS

PUBLISHER = "GLEIF (Global Legal Entity Identifier Foundation)"
GOLDEN_COPY_URL = "https://www.gleif.org/en/lei-data/gleif-golden-copy"
KIND_TITLES = {
    "lei": "LEI-CDF Level 1 records",
    "rr": "RR-CDF Level 2 relationship records",
    "repex": "Level 2 reporting exceptions",
}
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
JURISDICTION = re.compile(r"^([A-Z]{2})(?:-[A-Z0-9]{1,3})?$")
MAX_EVIDENCE = 1000
LEI_FIX = "an LEI is 20 characters, A-Z and 0-9, ending in two ISO 17442 check digits: copy it from GLEIF's record"


def located(where: Where) -> Located:
    """The sink's location of a record (a JSON pointer goes in place of the column when there is one)."""
    return Located(where.file, where.line, where.column, record=where.pointer or "")


def lei_id(lei: str) -> str:
    return mint_id("lei", lei, casefold=True)


def _evidence(parts: list[tuple[str, str]]) -> str:
    text = "; ".join(f"{k}={v}" for k, v in parts if v)
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - 1] + "…"


class GleifRows:
    """Writes one import's rows and remembers what the whole-import checks need (LEIs and parents)."""

    def __init__(self, sink, onto: Ontology):
        self.sink = sink
        self.onto = onto
        self.known: set[str] = set()  # LEIs with a record in the input
        self.named: dict[str, tuple[Where, str]] = {}  # LEIs a relation or exception names: first place, its source
        self.excepted: dict[str, list[str]] = {}  # LEI -> reasons of its direct-parent reporting exception
        self.direct: dict[str, str] = {}  # child -> active direct parent
        self.ultimate: dict[str, tuple[str, Where]] = {}  # child -> reported active ultimate parent
        self.stats = {"agree": 0, "disagree": 0, "withheld": 0, "cut_off": 0, "placeholders": 0}

    # -- sources ------------------------------------------------------------------------------
    def source(self, header: Header, path: str) -> str:
        name = Path(path).name
        return self.sink.source(
            id=mint_id("gleif", f"{name}|{header.published}|{header.kind}"),
            title=f"GLEIF {KIND_TITLES[header.kind]} ({name})",
            publisher=PUBLISHER,
            published=header.published or None,
            url=GOLDEN_COPY_URL,
            kind="dataset",
            note=f"read from GLEIF {header.form} by kg import gleif",
        )

    def _lei_ok(self, lei: str, where: Where, what: str) -> bool:
        why = lei_problem(lei)
        if why:
            self.sink.problem(located(where), f"{what}: {why}", LEI_FIX)
        return not why

    # -- Level 1 --------------------------------------------------------------------------------
    def lei(self, rec: LeiRecord, sid: str) -> None:
        if not self._lei_ok(rec.lei, rec.where, "LEIRecord"):
            return
        if rec.legal_name is None:
            self.sink.problem(
                located(rec.where), f"LEIRecord {rec.lei} has no LegalName", "give the record as GLEIF publishes it"
            )
            return
        self.known.add(rec.lei)
        legal = rec.legal_name
        zh = legal.lang.lower().startswith("zh") or (not legal.lang and bool(HAN.search(legal.text)))
        aliases = tuple(dict.fromkeys(n.text for n in rec.other_names if n.text != legal.text))
        identifiers = [f"XI-LEI:{rec.lei}"]
        if rec.ra_id and rec.ra_entity_id:
            identifiers.append(f"{rec.ra_id}:{rec.ra_entity_id}")
        country = None
        m = JURISDICTION.match(rec.jurisdiction)
        if m and check_value(self.onto, "country", m.group(1), "country")[1] is None:
            country = m.group(1)
        codes = [
            ("LegalJurisdiction", rec.jurisdiction),
            ("EntityCategory", rec.category),
            ("EntitySubCategory", rec.sub_category),
            ("LegalForm", rec.legal_form),
            ("EntityStatus", rec.entity_status),
            ("RegistrationStatus", rec.registration_status),
            ("ValidationSources", rec.validation_sources),
            ("LastUpdateDate", rec.last_update),
        ]
        names = [
            f"{n.type or 'name'}({n.lang})={n.text}" if n.lang else f"{n.type or 'name'}={n.text}"
            for n in rec.other_names
        ]
        self.sink.entity(
            id=lei_id(rec.lei),
            type=ENTITY_CLASS.get(rec.category, DEFAULT_CLASS),
            name_en=None if zh else legal.text,
            name_zh=legal.text if zh else None,
            legal_name=legal.text,
            aliases=aliases,
            country=country,
            founded=rec.creation_date or None,
            identifiers=tuple(identifiers),
            source=sid,
            note=_evidence([("GLEIF LEI-CDF", rec.lei), *codes, ("OtherNames", " | ".join(names))]),
        )

    # -- Level 2 relationships ----------------------------------------------------------------------
    def rel(self, rec: RelRecord, sid: str) -> None:
        mapped = RELATIONSHIP_TYPES.get(rec.type)
        if mapped is None:
            self.sink.warn(
                located(rec.where),
                f"RelationshipType {rec.type[:60]!r} is not one kg knows "
                f"({', '.join(sorted(RELATIONSHIP_TYPES))}): the record is left out",
            )
            return
        for node, kind in ((rec.child_type, "StartNode"), (rec.parent_type, "EndNode")):
            if node and node != "LEI":
                self.sink.warn(
                    located(rec.where), f"{kind} NodeIDType is {node[:40]!r}, not LEI: the record is left out"
                )
                return
        if not (self._lei_ok(rec.child, rec.where, "StartNode") & self._lei_ok(rec.parent, rec.where, "EndNode")):
            return
        predicate, parent_first = mapped
        self.named.setdefault(rec.child, (rec.where, sid))
        self.named.setdefault(rec.parent, (rec.where, sid))
        active = rec.status != "INACTIVE"
        if active and rec.type == DIRECT:
            self.direct[rec.child] = rec.parent
        elif active and rec.type == ULTIMATE:
            self.ultimate[rec.child] = (rec.parent, rec.where)
        subject, obj = (rec.parent, rec.child) if parent_first else (rec.child, rec.parent)
        spans = [(p.start, p.end) for p in rec.periods if p.type == "RELATIONSHIP_PERIOD"] or [("", "")]
        accounting = [p for p in rec.periods if p.type == "ACCOUNTING_PERIOD"]
        spec = self.onto.relations[predicate]
        shares = [a for _, a, u in rec.quantifiers if u == "PERCENTAGE" and a] if spec.stake_bearing else []
        evidence = _evidence(
            [
                ("RelationshipType", rec.type),
                ("StartNode", rec.child),
                ("EndNode", rec.parent),
                ("RelationshipStatus", rec.status),
                *[(f"Period.{p.type}", f"{p.start}/{p.end}") for p in rec.periods],
                *[(f"Qualifier.{d}", c) for d, c in rec.qualifiers],
                *[(f"Quantifier.{m}", f"{a} {u}".strip()) for m, a, u in rec.quantifiers],
                ("RegistrationStatus", rec.registration_status),
                ("ValidationSources", rec.validation_sources),
                ("ValidationDocuments", rec.validation_documents),
                ("LastUpdateDate", rec.last_update),
            ]
        )
        rows = []
        for start, end in spans:
            for share in shares or [None]:  # type: ignore[list-item]
                rows.append(
                    {
                        "subject": lei_id(subject),
                        "predicate": predicate,
                        "object": lei_id(obj),
                        "source": sid,
                        "share": share,
                        "start": start or None,
                        "end": end or None,
                        "as_of": (accounting[0].end or None) if len(accounting) == 1 else None,
                        "basis": DEFAULT_BASIS,
                        "confidence": VALIDATION_CONFIDENCE.get(rec.validation_sources),
                        "evidence": evidence,
                        "source_ref": rec.ref,
                        "note": None if active else f"RelationshipStatus={rec.status}: GLEIF marks it inactive",
                    }
                )
        self.sink.relations(group=rec.ref, rows=rows)

    # -- reporting exceptions ---------------------------------------------------------------------------
    def exception(self, rec: ExceptionRecord, sid: str) -> None:
        kind = EXCEPTION_CATEGORIES.get(rec.category)
        if kind is None:
            self.sink.warn(
                located(rec.where),
                f"ExceptionCategory {rec.category[:60]!r} is not one kg knows "
                f"({', '.join(sorted(EXCEPTION_CATEGORIES))}): the exception is left out",
            )
            return
        if not self._lei_ok(rec.lei, rec.where, "Exception"):
            return
        self.named.setdefault(rec.lei, (rec.where, sid))
        if kind == DIRECT:
            self.excepted.setdefault(rec.lei, []).extend(rec.reasons)
        predicate = RELATIONSHIP_TYPES[kind][0]
        level = "direct" if kind == DIRECT else "ultimate"
        rows = []
        for reason in rec.reasons or [""]:
            ref = f"{rec.lei}|{rec.category}|{reason}"
            party = mint_id("gleif-repex", ref)
            self.sink.entity(
                id=party,
                type=UNSPECIFIED_CLASS,
                name_en=f"Unreported {level} accounting consolidation parent of LEI {rec.lei}"
                + (f" ({reason})" if reason else ""),
                unspecified_reason=reason or None,
                source=sid,
                note=_evidence([("ExceptionReference", " | ".join(rec.references))]) or None,
            )
            evidence = [("LEI", rec.lei), ("ExceptionCategory", rec.category), ("ExceptionReason", reason)]
            evidence += [("ExceptionReference", r) for r in rec.references]
            rows.append(
                {
                    "subject": party,
                    "predicate": predicate,
                    "object": lei_id(rec.lei),
                    "source": sid,
                    "basis": DEFAULT_BASIS,
                    "evidence": _evidence(evidence),
                    "source_ref": ref,
                }
            )
        self.sink.relations(group=f"{rec.lei}|{rec.category}", rows=rows)

    def finish(self) -> dict:
        """Flag the LEIs named without a record, then compare each reported ultimate parent with the chain."""
        return finish_import(self)


def finish_import(self: GleifRows) -> dict:
    """Flag the LEIs named without a record, then compare each reported ultimate parent with the chain."""
    for lei in sorted(set(self.named) - self.known):
        where, sid = self.named[lei]
        self.stats["placeholders"] += 1
        self.sink.warn(
            located(where),
            f"LEI {lei} is named by a relationship or exception but has no LEI record in the input: "
            "the chain is cut off there (kept as an entity named by its LEI)",
        )
        self.sink.entity(
            id=lei_id(lei),
            type=DEFAULT_CLASS,
            name_en=lei,
            identifiers=(f"XI-LEI:{lei}",),
            source=sid,
            note="no LEI record in the imported files: chain cut off here (import the LEI record to complete it)",
        )
    for child, (reported, where) in sorted(self.ultimate.items()):
        top, stop = _top(self.direct, child)
        if top == reported:
            self.stats["agree"] += 1
            continue
        if stop == "cycle":
            why = f"the direct consolidation records from {child} run in a loop"
        elif top not in self.known:
            why = f"the chain of direct consolidation from {child} is cut off at {top}, which has no LEI record"
        elif top in self.excepted and set(self.excepted[top]) <= NO_PARENT_REASONS:
            why = (
                f"following the direct consolidation records from {child} reaches {top}, which reports no direct parent"
            )
        elif top in self.excepted:
            reasons = ", ".join(self.excepted[top]) or "no reason given"
            why = f"the direct parent of {top} is withheld ({reasons}), so kg cannot follow the chain above it"
        else:
            why = (
                f"following the direct consolidation records from {child} reaches {top}, for which the input has "
                "neither a direct parent relationship nor a reporting exception: the chain is cut off there"
            )
        if stop == "cycle" or top not in self.known or top not in self.excepted:
            self.stats["cut_off"] += 1
        else:
            self.stats["disagree" if set(self.excepted[top]) <= NO_PARENT_REASONS else "withheld"] += 1
        self.sink.warn(located(where), f"GLEIF reports {reported} as the ultimate parent of {child}, but {why}")
    return dict(self.stats)


def _top(direct: dict[str, str], child: str) -> tuple[str, str]:
    """The top of the chain of direct parents above ``child``, and why it stops ('top' or 'cycle')."""
    seen = {child}
    node = child
    while node in direct:
        node = direct[node]
        if node in seen:
            return node, "cycle"
        seen.add(node)
    return node, "top"
