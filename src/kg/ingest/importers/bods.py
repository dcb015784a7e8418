"""The BODS 0.4 importer: Beneficial Ownership Data Standard statements into kg's dataset contract.

``import_bods(paths, out)`` reads each file (a JSON array of statements or JSON Lines, streamed one
statement at a time: :mod:`.bods_read`) and writes sources, entities and relations through
:class:`~kg.ingest.importers.common.ImportSink`. How BODS becomes kg:

- **Entities and persons**: one kg entity per ``recordId`` (id ``mint_id("bods", recordId)``, the record
  id kept as identifier ``bods-record:<recordId>``); the class from the entity or person type
  (:mod:`kg.schema.bods`); names, alternate names, identifiers (``SCHEME:ID``), public-listing tickers,
  the jurisdiction as ``country`` when it is an ISO 3166-1 alpha-2 code, the founding date. Unknown and
  anonymous persons and entities, and an ``UnspecifiedRecord`` given in place of a relationship's party,
  are ``UnspecifiedParty`` entities with their ``unspecified_reason``: one per record, and one per
  (other party, reason, description) for an UnspecifiedRecord, so two unknowns are never merged.
  Addresses, birth dates and tax residencies are not imported.
- **Relationships**: one row per interest, from the interested party (kg subject) to the BODS subject
  (kg object), the relation from the interest type, the BODS code kept in ``role``; a
  ``directOrIndirect: indirect`` shareholding or voting interest is a stated total
  (``aggregateInterestIn``) so its component hops are not counted twice; ``beneficialOwnershipOrControl``
  and ``details`` go to ``note``; shares as exact and/or bands with exclusive flags (stake columns only on
  stake-bearing relations, else in ``note``); ``start``/``end`` from the interest's dates; ``as_of`` is the
  statement's date; ``evidence`` is the interest as published (compact JSON); ``source_ref`` the record
  id. A relationship with no interests, or an interest with no type, is ``hasUnspecifiedInterestIn``.
  Component relationships (``isComponent``) are ordinary rows, so a path follows the published chain.
- **Updates and closures**: the latest statement of a record wins: a later statement replaces the
  entity or the record's rows (files are read in order; a statement dated before the one already read
  for its record is skipped with a warning). A **closed** relationship keeps its rows: ``end`` is the
  interest's ``endDate`` where published; where none is, ``end`` stays blank (kg never invents the date)
  and ``note`` says the record was closed by that statement on its date (also the row's ``as_of``).
  A closed entity or person record keeps its entity, with the closure in ``note``.
- **Sources**: one row per (file name, publisher, publication date, source types), kind ``dataset``; rows
  kg's own export marks "as_of not stated" (their kg source had no date) go on that source without its
  publication date, so the export's date never becomes the day a source stated them.
- **Refused**: BODS 0.1-0.3 (``statementID``/``statementType`` statements), naming the version found;
  a relationship naming a record no statement in the input describes (unless ``allow_dangling``: then an
  ``UnspecifiedParty`` with reason ``informationUnknownToPublisher`` and a warning); bad shapes, shares,
  dates. Every problem is collected with its place and fix; nothing is written when there is one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.ingest.importers import bods_values as bv
from kg.ingest.importers.bods_read import Where, statements
from kg.ingest.importers.bods_records import PREFIX, RECORD_SCHEME, Context, party, relationship
from kg.ingest.importers.common import ImportSink, Located, mint_id
from kg.ingest.records import display_path
from kg.schema import bods as codes
from kg.schema.ontology import Ontology, load_ontology

OLD_FIX = "convert it to BODS 0.4 (statements with recordId, recordType and recordDetails), which kg reads"
DANGLING_FIX = "add the statement describing that record to the input, or import with --allow-dangling"


class _Stop(Exception):
    """The file cannot be read further (an older BODS version): the rest of it is skipped."""


class BodsImport:
    """One import: the state kept across statements (latest statement date per record, references)."""

    def __init__(self, sink: ImportSink, onto: Ontology, allow_dangling: bool = False):
        self.sink, self.onto, self.allow_dangling = sink, onto, allow_dangling
        self.records: dict[str, tuple[str, str, str]] = {}  # recordId -> (recordType, statement date, kg class)
        self.wanted: dict[str, tuple[Located, str, bool]] = {}  # referenced id -> (first place, source, party?)
        self.sources: dict[tuple, str] = {}
        self.file = ""

    # -- one statement ----------------------------------------------------------------------------
    def statement(self, where: Where, st: object) -> None:
        bad = self._bad(where)
        if not isinstance(st, dict):
            self.sink.problem(
                where.at(),
                f"a statement is a JSON {type(st).__name__}, not an object",
                "each statement is an object {...}",
            )
            return
        if "statementType" in st or "statementID" in st:
            details = st.get("publicationDetails")
            version = details.get("bodsVersion") if isinstance(details, dict) else None
            found = f"BODS {version}" if isinstance(version, str) else "BODS 0.1-0.3 (no bodsVersion: 0.1)"
            self.sink.problem(
                where.at(), f"this file is {found} (statementID/statementType statements); kg reads BODS 0.4", OLD_FIX
            )
            raise _Stop
        rid, rtype, details = st.get("recordId"), st.get("recordType"), st.get("recordDetails")
        sdate = bv.date_of(st.get("statementDate"), "/statementDate", bad)
        ok = sdate is not None
        if "statementDate" not in st:
            bad("/statementDate", "the statement has no statementDate", bv.DATE_FIX)
        if not isinstance(rid, str) or not rid.strip():
            bad("/recordId", "the statement has no recordId (a non-empty string)", "give every statement its recordId")
            ok = False
        if rtype not in codes.RECORD_TYPES:
            bad(
                "/recordType",
                f"recordType {bv.clip(bv.compact(rtype), 40)} is not entity, person or relationship",
                "use one of entity, person, relationship",
            )
            ok = False
        if not isinstance(details, dict):
            bad(
                "/recordDetails",
                "recordDetails is missing or not an object",
                "recordDetails is an object whose fields follow recordType",
            )
            ok = False
        status = st.get("recordStatus")
        if status is not None and status not in codes.RECORD_STATUSES:
            bad(
                "/recordStatus",
                f"recordStatus {bv.clip(bv.compact(status), 40)} is not new, updated or closed",
                "use new, updated or closed",
            )
        if not ok:
            return
        assert isinstance(rid, str) and isinstance(details, dict) and sdate is not None
        prev = self.records.get(rid)
        if prev and prev[0] != rtype:
            bad(
                "/recordType",
                f"record {rid} was a {prev[0]} record and is now a {rtype} record",
                "a record keeps its recordType",
            )
            return
        if prev and sdate < prev[1]:
            self.sink.warn(
                where.at(),
                f"statement of {sdate} for record {rid} is older than one of {prev[1]} already read: skipped",
            )
            return
        self.records[rid] = (str(rtype), sdate, "")
        sid = self._source(st, where)
        context = Context(where, bad, rid, sid, sdate, status == "closed", str(st.get("statementId", "")), st)
        if rtype == "relationship":
            relationship(self, context, details)
        else:
            party(self, context, details, rtype == "person")

    def _bad(self, where: Where):
        def bad(path: str, message: str, fix: str) -> None:
            self.sink.problem(where.at(path), message, fix)

        return bad

    def _source(self, st: dict, where: Where, undated: bool = False) -> str:
        """The source row of a statement's file, publisher, publication date and source types.

        ``undated``: for rows kg's export marks "as_of not stated" (their kg source had no publication
        date): the same source without its publication date, so the row's date stays unstated."""
        pub = bv.obj(st.get("publicationDetails"))
        src = bv.obj(st.get("source"))
        publisher = bv.obj(pub.get("publisher"))
        name = publisher.get("name") or publisher.get("url") or ""
        published = bv.date_of(pub.get("publicationDate"), "/publicationDetails/publicationDate", self._bad(where))
        types = (
            "+".join(t for t in src.get("type", []) if isinstance(t, str)) if isinstance(src.get("type"), list) else ""
        )
        key: tuple = (self.file, str(name), published or "", types)
        if undated:
            key, published = (self.file, str(name), "", types, codes.AS_OF_UNSTATED), None
        if key in self.sources:
            return self.sources[key]
        sid = mint_id(f"{PREFIX}-source", "|".join(key))
        asserted = (
            [a.get("name") for a in src.get("assertedBy", []) if isinstance(a, dict)]
            if isinstance(src.get("assertedBy"), list)
            else []
        )
        parts = [
            f"source type: {types}" if types else "",
            str(src.get("description") or ""),
            f"retrieved {src['retrievedAt']}" if isinstance(src.get("retrievedAt"), str) else "",
            f"asserted by {', '.join(str(a) for a in asserted if a)}" if any(asserted) else "",
            f"licence {pub['license']}" if isinstance(pub.get("license"), str) else "",
            f"BODS {pub['bodsVersion']}" if isinstance(pub.get("bodsVersion"), str) else "",
            f"{codes.AS_OF_UNSTATED} (the statements' kg source gives no publication date)" if undated else "",
        ]
        title = f"{name or 'unnamed publisher'}: BODS statements in {self.file}"
        url = src.get("url") or publisher.get("url")
        self.sink.source(
            where.at(),
            id=sid,
            title=title,
            publisher=str(name) or None,
            published=published,
            url=url if isinstance(url, str) else None,
            kind="dataset",
            note=bv.note(parts),
        )
        self.sources[key] = sid
        return sid

    def _want(self, rid: str, where: Located, sid: str, party: bool) -> None:
        if rid not in self.wanted:
            self.wanted[rid] = (where, sid, party)

    # -- the end of the import -------------------------------------------------------------------------
    def finish(self) -> None:
        """Check every referenced record is described (or make it an UnspecifiedParty when allowed)."""
        for rid, (where, sid, is_party) in self.wanted.items():
            known = self.records.get(rid)
            if known is not None and (not is_party or known[0] != codes.RELATIONSHIP):
                continue
            if known is not None:
                self.sink.problem(
                    where,
                    f"names record {rid}, which is a relationship, not an entity or person",
                    "a relationship's subject and interestedParty are entity or person records",
                )
                continue
            if not is_party:
                self.sink.problem(
                    where, f"component record {rid} is described by no statement in the input", DANGLING_FIX
                )
                continue
            if self.allow_dangling:
                self.sink.warn(
                    where, f"record {rid} is described by no statement in the input: kept as an unspecified party"
                )
            else:
                self.sink.problem(where, f"names record {rid}, which no statement in the input describes", DANGLING_FIX)
            self.sink.entity(  # with a problem nothing is written; this only keeps the sink from repeating it
                where,
                id=mint_id(PREFIX, rid),
                type=codes.UNSPECIFIED_CLASS,
                name_en=f"Unknown party (BODS record {rid})",
                unspecified_reason=codes.DANGLING_REASON,
                identifiers=(f"{RECORD_SCHEME}:{rid}",),
                source=sid,
                note="named by a relationship, described by no statement of the import",
            )


def import_bods(
    paths: Iterable[str | Path], out: str | Path, *, allow_dangling: bool = False, onto: Ontology | None = None
) -> dict:
    """Import BODS 0.4 files (JSON arrays or JSON Lines) into the dataset folder ``out``; returns the report.

    Raises :class:`~kg.errors.DataError` with every problem found (and writes nothing) when any input is bad.
    """
    onto = onto or load_ontology()
    codes.check(onto)
    files = [Path(p) for p in paths]
    with ImportSink(out, importer=PREFIX, inputs=files, onto=onto) as sink:
        run = BodsImport(sink, onto, allow_dangling=allow_dangling)
        for path in files:
            run.file = path.name
            try:
                for where, st in statements(str(path), display_path(path), sink.problem):
                    run.statement(where, st)
            except _Stop:
                continue
        run.finish()
    return sink.report
