"""``kg import wikidata``: the saved JSON results of kg's Wikidata query into kg's dataset contract.

Each result row is one statement × qualifier value × reference and becomes one relations.csv row (its group
in the sink is the whole row, so repeated rows fold into one and a statement with two references keeps
both: one row per source). Properties map through :mod:`kg.schema.wikidata_codes`; ``P1107`` proportion
(a fraction 0–1) × 100 is the ``share``; ``P580``/``P582`` give ``start``/``end`` at the precision Wikidata
states (9 year, 10 month, 11 day; coarser is left blank with a warning). Every distinct reference (its
``P854`` URL and ``P248`` stated in) is a source; a statement without one is sourced to the statement
itself on Wikidata (kind encyclopedia). An "unknown value" is an ``UnspecifiedParty`` (reason unknown), one
per statement; "no value" gives nothing (a warning). Items are ``wd-q…`` with identifier ``wikidata:Q…``,
a Person when the results say human (Q5), else an Organization, never narrower.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.ingest.importers.common import ImportSink, Located, mint_id, ontology_for
from kg.ingest.importers.wikidata_read import ENTITY, GENID, REFERENCE, STATEMENT, Refused, Term, bindings, scan
from kg.ingest.safe_io import FileRefused
from kg.schema.specs import Ontology
from kg.schema.vocab import DEFAULT_BASIS, SHARE
from kg.schema.wikidata_codes import (
    DEFAULT_CLASS,
    FILE_KIND,
    HUMAN_CLASS,
    LABELS,
    PROPERTIES,
    SOURCE_KIND,
    UNKNOWN_CLASS,
    UNKNOWN_REASON,
    check_wikidata_codes,
)

PUBLISHER = "Wikidata"
PAGE = "https://www.wikidata.org/wiki/"
PRECISION = {9: 4, 10: 7, 11: 10}  # wikibase:timePrecision -> characters of YYYY-MM-DD kept
RANKS = {"http://wikiba.se/ontology#PreferredRank": "preferred", "http://wikiba.se/ontology#NormalRank": "normal"}
DEPRECATED = "http://wikiba.se/ontology#DeprecatedRank"
MAX_EVIDENCE = 1000
FIX_TERM = "give the results of kg's query unchanged (kg import wikidata --print-query)"


def import_wikidata(paths: Iterable[str | Path], out: str | Path, **options: object) -> dict:
    """Import Wikidata SPARQL JSON results into a kg dataset folder ``out``; returns the sink's report.

    Raises :class:`kg.errors.DataError` listing every problem when any file or row is bad (then nothing
    is written).
    """
    onto = ontology_for(check_wikidata_codes, "Wikidata statements")
    names = [str(p) for p in paths]
    with ImportSink(out, importer="wikidata", inputs=names) as sink:
        for path in names:
            _import_file(sink, onto, path)
    return sink.report


def _import_file(sink: ImportSink, onto: Ontology, path: str) -> None:
    try:
        scan(path)
    except FileRefused as exc:
        sink.problem(Located(path), exc.message, exc.hint)
        return
    except Refused as exc:
        sink.problem(Located(path, record=exc.pointer), exc.message, exc.fix)
        return
    rows = _Rows(sink, onto, path)
    try:
        for pointer, terms in bindings(path):
            if isinstance(terms, str):
                sink.problem(Located(path, record=pointer), terms, FIX_TERM)
            else:
                rows.binding(Located(path, record=pointer), terms)
    except Refused as exc:  # pragma: no cover - scan() has read the whole file already
        sink.problem(Located(path, record=exc.pointer), exc.message, exc.fix)
    except FileRefused as exc:  # the file was swapped for something else between two reads
        sink.problem(Located(path), exc.message, exc.hint)


def _qid(term: Term | None) -> str:
    if term is not None and term.type == "uri" and term.value.startswith(ENTITY + "Q"):
        qid = term.value[len(ENTITY) :]
        if qid[1:].isdigit():
            return qid
    return ""


def _text(term: Term | None) -> str:
    return term.value.strip() if term is not None and term.type == "literal" else ""


class _Rows:
    """Writes the rows of one results file through the sink."""

    def __init__(self, sink: ImportSink, onto: Ontology, path: str):
        self.sink, self.onto, self.path = sink, onto, path
        self._classes: dict[str, str] = {}  # kg id -> class, for the domain and range checks
        self.file_source = sink.source(
            id=mint_id("wikidata-results", Path(path).name),
            title=f"Wikidata query results ({Path(path).name})",
            publisher=PUBLISHER,
            url="https://query.wikidata.org/",
            kind=FILE_KIND,
            note="labels and classes of the items, as the saved results of kg's query give them",
        )

    def _wrong(self, at: Located, name: str, term: Term | None, wanted: str) -> None:
        got = f"a {term.type} '{term.value[:60]}'" if term is not None else "missing"
        self.sink.problem(at, f"?{name} is {got}, not {wanted}", FIX_TERM)

    def binding(self, at: Located, t: dict[str, Term]) -> None:
        item, prop, stmt = _qid(t.get("item")), t.get("prop"), t.get("stmt")
        if not item:
            return self._wrong(at, "item", t.get("item"), f"a Wikidata item ({ENTITY}Q…)")
        pid = (
            prop.value[len(ENTITY) :]
            if prop is not None and prop.type == "uri" and prop.value.startswith(ENTITY)
            else ""
        )
        if not pid.startswith("P"):
            return self._wrong(at, "prop", prop, f"a Wikidata property ({ENTITY}P…)")
        if stmt is None or stmt.type != "uri" or not stmt.value.startswith(STATEMENT):
            return self._wrong(at, "stmt", stmt, f"a Wikidata statement ({STATEMENT}…)")
        sid = stmt.value[len(STATEMENT) :]
        if pid not in PROPERTIES:
            self.sink.warn(at, f"property {pid} is not one kg imports ({', '.join(PROPERTIES)}): the row is left out")
            return None
        rank = t.get("rank")
        if rank is not None and rank.value == DEPRECATED:
            self.sink.warn(at, f"statement {sid} is deprecated on Wikidata: left out")
            return None
        value = t.get("value")
        if value is None:
            self.sink.warn(at, f"statement {sid} says {item} {LABELS[pid]} no value: nothing to import")
            return None
        unknown = value.type == "bnode" or (value.type == "uri" and value.value.startswith(GENID))
        vqid = _qid(value)
        if not unknown and not vqid:
            return self._wrong(at, "value", value, f"a Wikidata item ({ENTITY}Q…) or unknown value")
        relation, value_first = PROPERTIES[pid]
        spec = self.onto.relations[relation]
        item_id = self._entity(at, item, t, "item")
        value_id = self._unknown(at, sid, item_id) if unknown else self._entity(at, vqid, t, "value")
        subject, obj = (value_id, item_id) if value_first else (item_id, value_id)
        for role, ident, needed in (("subject", subject, spec.domain), ("object", obj, spec.range)):
            cls = self._classes[ident]
            if not self.onto.is_subclass(cls, needed):
                self.sink.warn(
                    at, f"statement {sid}: {relation} needs {needed} as its {role}, but {ident} is {cls}: left out"
                )
                return None
        claim = [item, pid, vqid or "unknown"]
        row: dict[str, object] = {"subject": subject, "predicate": relation, "object": obj, "basis": DEFAULT_BASIS}
        share = self._proportion(at, t.get("proportion"), claim)
        if share is not None and spec.stake_bearing:
            row[SHARE] = share
        for name, precision in (("start", "startPrecision"), ("end", "endPrecision")):
            row[name] = self._date(at, name, t.get(name), t.get(precision), claim)
        row["source"] = self._source(at, sid, item, t)
        row["source_ref"] = sid
        evidence = "|".join(claim)
        row["evidence"] = evidence if len(evidence) <= MAX_EVIDENCE else evidence[: MAX_EVIDENCE - 1] + "…"
        row["note"] = f"Wikidata {pid} {LABELS[pid]}, rank {RANKS.get(rank.value if rank else '', 'not given')}"
        self.sink.relations(group=f"{sid} {evidence} {row['source']}", rows=[row], where=at)
        return None

    def _entity(self, at: Located, qid: str, t: dict[str, Term], var: str) -> str:
        ident = mint_id("wd", qid, casefold=True)
        human = _text(t.get(f"{var}IsHuman")).lower() in ("true", "1")
        cls = HUMAN_CLASS if human else DEFAULT_CLASS
        if self._classes.get(ident) == HUMAN_CLASS:
            cls = HUMAN_CLASS  # once said human, an item stays one (a row without the flag does not say otherwise)
        self._classes[ident] = cls
        en, zh = _text(t.get(f"{var}Label")), _text(t.get(f"{var}LabelZh"))
        if en == qid:  # WDQS's label service gives the Q-id when there is no label
            en = ""
        if not en and not zh:
            self.sink.warn(at, f"{qid} has no English or Chinese label in the results: named by its Q-id")
            en = qid
        self.sink.entity(
            at,
            id=ident,
            type=cls,
            name_en=en,
            name_zh=zh,
            identifiers=(f"wikidata:{qid}",),
            source=self.file_source,
            note=f"{PAGE}{qid}",
        )
        return ident

    def _unknown(self, at: Located, sid: str, item_id: str) -> str:
        ident = mint_id("wd-unknown", sid)
        self._classes[ident] = UNKNOWN_CLASS
        self.sink.entity(
            at,
            id=ident,
            type=UNKNOWN_CLASS,
            name_en=f"Unknown party of Wikidata statement {sid}",
            unspecified_reason=UNKNOWN_REASON,
            description="Wikidata gives this statement's value as 'unknown value'",
            source=self.file_source,
        )
        return ident

    def _proportion(self, at: Located, term: Term | None, claim: list[str]) -> Decimal | None:
        if term is None:
            return None
        try:
            value = Decimal(term.value.strip()) if term.type == "literal" else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= 1:
            self.sink.problem(
                at,
                f"?proportion '{term.value[:40]}' is not a fraction from 0 to 1 (P1107 proportion)",
                "correct the statement's proportion on Wikidata (0.3 for 30%) and run the query again",
            )
            return None
        claim.append(f"proportion={term.value.strip()}")
        return (value * 100).normalize()

    def _date(self, at: Located, name: str, term: Term | None, precision: Term | None, claim: list[str]) -> str:
        if term is None:
            return ""
        text = term.value.strip()
        claim.append(f"{name}={text}" + (f"/{precision.value.strip()}" if precision is not None else ""))
        digits = _text(precision)
        level = int(digits) if digits.isdigit() and len(digits) < 3 else -1
        if level < 9:
            said = f"precision {digits}" if level >= 0 else "no precision"
            self.sink.warn(at, f"?{name} '{text[:40]}' has {said} (kg keeps year 9, month 10, day 11): left blank")
            return ""
        date = text.lstrip("+")[: PRECISION.get(level, 10)]
        if len(date) < 4 or not date[:4].isdigit() or text.startswith("-"):
            self.sink.warn(
                at, f"?{name} '{text[:40]}' is not a date kg can write (YYYY, YYYY-MM, YYYY-MM-DD): left blank"
            )
            return ""
        return date

    def _source(self, at: Located, sid: str, item: str, t: dict[str, Term]) -> str:
        ref = t.get("ref")
        if ref is None:
            return self.sink.source(
                at,
                id=mint_id("wd-statement", sid),
                title=f"Wikidata statement {sid}",
                publisher=PUBLISHER,
                url=f"{PAGE}{item}",
                kind=SOURCE_KIND,
                note="a statement without a reference on Wikidata",
            )
        refhash = ref.value[len(REFERENCE) :] if ref.value.startswith(REFERENCE) else ref.value
        url_term, stated = t.get("refURL"), _qid(t.get("statedIn"))
        url = url_term.value.strip() if url_term is not None and url_term.type in ("uri", "literal") else ""
        stated_label = _text(t.get("statedInLabel"))
        title = stated_label or url or (f"Wikidata item {stated}" if stated else f"Wikidata reference {refhash}")
        parts = [f"Wikidata reference {refhash[:60]}"] + ([f"stated in {stated}"] if stated else [])
        return self.sink.source(
            at,
            id="wd-ref-" + hashlib.sha1(f"{refhash} {url} {stated}".encode()).hexdigest()[:20],
            title=title,
            url=url or (f"{PAGE}{stated}" if stated else ""),
            note="; ".join(parts),
        )
