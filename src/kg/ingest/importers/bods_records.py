"""The BODS 0.4 records turned into kg rows: entities and persons, and relationships with their interests.

Called by :class:`~kg.ingest.importers.bods.BodsImport` once per statement that is the latest of its
record; the rules (which relation, which class, what goes to ``note``) are in that module's docstring.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from kg.ingest.importers import bods_values as bv
from kg.ingest.importers.bods_read import Where
from kg.ingest.importers.common import mint_id
from kg.schema import bods as codes
from kg.schema.vocab import DEFAULT_BASIS

if TYPE_CHECKING:
    from kg.ingest.importers.bods import BodsImport

PREFIX = "bods"
RECORD_SCHEME = "bods-record"


class Context:
    """One statement being read: where it is, its record id, source, date and closure."""

    __slots__ = ("bad", "closed", "rid", "sdate", "sid", "st", "statement_id", "where")

    def __init__(self, where: Where, bad, rid: str, sid: str, sdate: str, closed: bool, statement_id: str, st: dict):
        self.where, self.bad, self.rid, self.sid, self.sdate = where, bad, rid, sid, sdate
        self.closed, self.statement_id, self.st = closed, statement_id, st

    def closed_note(self) -> str:
        return (
            f"record closed by statement of {self.sdate} (end date not published unless given)" if self.closed else ""
        )


# -- entities and persons ------------------------------------------------------------------------
def party(run: BodsImport, c: Context, d: dict, person: bool) -> None:
    if person:
        kind = d.get("personType")
        cls = codes.PERSON_CLASS.get(kind) if isinstance(kind, str) else None
        name, aliases = bv.person_names(d.get("names"))
        unspec = d.get("unspecifiedPersonDetails")
        what = f"BODS personType {kind}"
    else:
        etype = bv.obj(d.get("entityType"))
        kind = etype.get("type")
        cls = codes.ENTITY_CLASS.get(kind) if isinstance(kind, str) else None
        cls = (codes.refined_class(kind, etype.get("details"), run.onto) or cls) if cls else None
        name = d.get("name") if isinstance(d.get("name"), str) and d["name"].strip() else None
        aliases = bv.unique(d.get("alternateNames") or [])
        unspec = d.get("unspecifiedEntityDetails")
        sub = "/".join(str(etype[k]) for k in ("subtype", "details") if isinstance(etype.get(k), str))
        what = f"BODS entityType {kind}" + (f" ({sub})" if sub else "")
    field = "/recordDetails/personType" if person else "/recordDetails/entityType/type"
    if cls is None:
        c.bad(
            field,
            f"{field.rsplit('/', 1)[-1]} {bv.clip(bv.compact(kind), 40)} is not a BODS 0.4 code",
            "use a code of the BODS 0.4 codelist",
        )
        return
    reason = description = None
    if cls == codes.UNSPECIFIED_CLASS and isinstance(unspec, dict):
        reason = reason_code(run, c, unspec.get("reason"), "/recordDetails/unspecified")
        description = unspec.get("description") if isinstance(unspec.get("description"), str) else None
    if name is None:
        name = f"{'Unnamed' if cls != codes.UNSPECIFIED_CLASS else 'Unspecified'} {kind} (BODS record {c.rid})"
    idents = bv.identifiers(d.get("identifiers"), "/recordDetails/identifiers", c.bad)
    idents += bv.listing_identifiers(d.get("publicListing"))
    nationalities = [n.get("code") or n.get("name") for n in d.get("nationalities") or [] if isinstance(n, dict)]
    parts = [
        what,
        f"jurisdiction {d['jurisdiction'].get('name')}"
        if isinstance(d.get("jurisdiction"), dict)
        and not bv.country_of(d["jurisdiction"])
        and d["jurisdiction"].get("name")
        else "",
        f"nationalities {', '.join(str(n) for n in nationalities if n)}" if nationalities else "",
        f"dissolved {d['dissolutionDate']}" if isinstance(d.get("dissolutionDate"), str) else "",
        c.closed_note(),
        *bv.annotation_notes(c.st.get("annotations")),
    ]
    run.records[c.rid] = (*run.records[c.rid][:2], cls)
    founded = None if person else bv.date_of(d.get("foundingDate"), "/recordDetails/foundingDate", c.bad)
    run.sink.entity(
        c.where.at(),
        id=mint_id(PREFIX, c.rid),
        type=cls,
        name_en=name,
        aliases=tuple(a for a in aliases if a != name),
        country=bv.country_of(d.get("jurisdiction")),
        founded=founded,
        identifiers=tuple(bv.unique([*idents, f"{RECORD_SCHEME}:{c.rid}"])),
        unspecified_reason=reason,
        description=description,
        source=c.sid,
        note=bv.note(parts),
    )


def reason_code(run: BodsImport, c: Context, reason: object, path: str) -> str | None:
    if reason is None:
        return None
    if reason not in codes.UNSPECIFIED_REASONS:
        c.bad(
            f"{path}/reason",
            f"reason {bv.clip(bv.compact(reason), 40)} is not a BODS unspecifiedReason code",
            "use a code of the unspecifiedReason codelist",
        )
        return None
    return str(reason)


# -- relationships -------------------------------------------------------------------------------
def relationship(run: BodsImport, c: Context, d: dict) -> None:
    subject, party = d.get("subject"), d.get("interestedParty")
    obj, obj_cls = end_of(run, c, subject, "subject", party)
    subj, subj_cls = end_of(run, c, party, "interestedParty", subject)
    for i, comp in enumerate(d.get("componentRecords") or []):
        if isinstance(comp, str):
            run._want(comp, c.where.at(f"/recordDetails/componentRecords/{i}"), c.sid, party=False)
    if obj is None or subj is None:
        return
    if obj == subj:
        run.sink.warn(
            c.where.at(),
            f"relationship {c.rid} has the same subject and interested party: kg keeps no relation from a party to itself",
        )
        return
    interests = d.get("interests") if d.get("interests") is not None else []
    if not isinstance(interests, list):
        c.bad("/recordDetails/interests", "interests is not a list", "a list of interest objects")
        return
    comps = [x for x in d.get("componentRecords") or [] if isinstance(x, str)]
    common = [
        "component of an indirect relationship" if d.get("isComponent") is True else "",
        f"component records {' '.join(comps)}" if comps else "",
        c.closed_note(),
        f"statement {c.statement_id}" if c.statement_id else "",
        *bv.annotation_notes(c.st.get("annotations")),
    ]
    ends = (subj, subj_cls, obj, obj_cls)
    rows = [interest_row(run, c, ends, it, f"/recordDetails/interests/{i}", common) for i, it in enumerate(interests)]
    if not interests:
        rows = [interest_row(run, c, ends, None, "/recordDetails", ["no interests published", *common])]
    run.sink.relations(group=c.rid, rows=[r for r in rows if r is not None], where=c.where.at())


def end_of(run: BodsImport, c: Context, end: object, role: str, other: object) -> tuple[str | None, str]:
    """The kg id and class (blank while the record is not read yet) of one end of a relationship."""
    path = f"/recordDetails/{role}"
    if isinstance(end, str) and end:
        run._want(end, c.where.at(path), c.sid, party=True)
        return mint_id(PREFIX, end), run.records.get(end, ("", "", ""))[2]
    if isinstance(end, dict):
        reason = reason_code(run, c, end.get("reason"), path)
        if reason is None:
            c.bad(
                f"{path}/reason",
                f"the unspecified {role} gives no reason",
                "give reason from the unspecifiedReason codelist",
            )
            return None, ""
        description = end.get("description") if isinstance(end.get("description"), str) else ""
        anchor = other if isinstance(other, str) else c.rid
        key = f"{anchor}|{reason}|{description}".encode()
        ident = mint_id(f"{PREFIX}-unspecified", hashlib.sha256(key).hexdigest()[:24])
        run.sink.entity(
            c.where.at(path),
            id=ident,
            type=codes.UNSPECIFIED_CLASS,
            name_en=f"Unspecified {role} ({reason})",
            unspecified_reason=reason,
            description=description or None,
            source=c.sid,
            note=f"the {role} of BODS relationship {c.rid}, not named by the publisher",
        )
        return ident, codes.UNSPECIFIED_CLASS
    c.bad(
        path,
        f"{role} is missing or neither a recordId nor an unspecified-record object",
        f"give the {role}'s recordId",
    )
    return None, ""


def interest_row(
    run: BodsImport, c: Context, ends: tuple, interest: object, path: str, common: list[str]
) -> dict | None:
    subj, subj_cls, obj, obj_cls = ends
    if interest is not None and not isinstance(interest, dict):
        c.bad(path, "an interest is not an object", 'each interest is an object {"type": ..., "share": ...}')
        return None
    it = interest or {}
    code, doi = it.get("type"), it.get("directOrIndirect")
    if code is not None and code not in codes.INTEREST_RELATION:
        c.bad(
            f"{path}/type",
            f"interest type {bv.clip(bv.compact(code), 40)} is not a BODS 0.4 interestType",
            "use a code of the interestType codelist",
        )
        return None
    if doi is not None and doi not in codes.DIRECT_OR_INDIRECT:
        c.bad(
            f"{path}/directOrIndirect",
            f"directOrIndirect {bv.clip(bv.compact(doi), 40)} is not direct, indirect or unknown",
            "use direct, indirect or unknown",
        )
    pred = codes.INTEREST_RELATION[code] if isinstance(code, str) else codes.UNSPECIFIED_INTEREST
    refined = codes.refined_relation(code if isinstance(code, str) else "", it.get("details"))
    if refined == codes.LOOK_THROUGH:
        return None  # kg's own computed stake (kg's BODS export): kg computes it again, it is no source's claim
    if doi == "indirect" and code in codes.INDIRECT_TOTAL_CODES:
        pred = codes.INDIRECT_TOTAL
    elif refined:
        pred = refined  # the kg relation kg's export wrote as this interest type
    spec = run.onto.relations[pred]
    if subj_cls and not run.onto.is_subclass(subj_cls, spec.domain):  # e.g. a company on the board
        common = [f"{code} by a {subj_cls}: kg's {pred} takes a {spec.domain}", *common]
        pred = codes.UNSPECIFIED_INTEREST
    if obj_cls and not run.onto.is_subclass(obj_cls, run.onto.relations[pred].range):
        run.sink.warn(
            c.where.at(path),
            f"the subject of relationship {c.rid} is a {obj_cls}: kg's {pred} needs a {run.onto.relations[pred].range}; the interest is not imported",
        )
        return None
    stake = bv.share_columns(it.get("share"), f"{path}/share", c.bad)
    start = bv.date_of(it.get("startDate"), f"{path}/startDate", c.bad)
    end = bv.date_of(it.get("endDate"), f"{path}/endDate", c.bad)
    if start and end and end < start:
        c.bad(f"{path}/endDate", f"endDate {end} is before startDate {start}", "the interest must end after it starts")
        return None
    as_of: str | None = c.sdate
    sid = c.sid
    if refined:  # kg's export names the partial dates BODS cannot hold
        dates = codes.partial_dates(str(it.get("details")))
        start, end = dates.get("start", start), dates.get("end", end)
        as_of = dates.get(codes.AS_OF_NOTE, as_of) if codes.AS_OF_NOTE in dates else as_of
        if codes.AS_OF_NOTE in dates and as_of is None:  # no date at all: nor the file's publication date
            sid = run._source(c.st, c.where, undated=True)
    boc = it.get("beneficialOwnershipOrControl")
    parts = [
        f"{doi} interest" if isinstance(doi, str) else "",
        {True: "beneficial ownership or control", False: "not beneficial ownership or control"}.get(boc, "")
        if isinstance(boc, bool)
        else "",
        f"details: {it['details']}" if isinstance(it.get("details"), str) else "",
        "" if code else "interest type not published" if interest is not None else "",
        f"endDate {end} is its startDate" if end and end == start else "",
    ]
    if stake and not run.onto.relations[pred].stake_bearing:
        parts.append(f"share published: {bv.compact(it.get('share'))}")
        stake = {}
    row = {
        "subject": subj,
        "predicate": pred,
        "object": obj,
        "source": sid,
        "role": code,
        "start": start,
        "end": None if end == start else end,
        "as_of": as_of,
        "basis": DEFAULT_BASIS,
        "evidence": bv.evidence(interest) if interest is not None else None,
        "source_ref": c.rid,
        "note": bv.note([*parts, *common]),
        **stake,
    }
    return row
